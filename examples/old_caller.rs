//! The seed's scenario: a program built against 4.x-era headers, its info
//! structs as they were then, against the newest runtime and the live
//! kernel. The eBPF-for-Windows runtime refused every such `info_len`;
//! Linux's rule, and this runtime's, answer with what the caller can hold.
//!
//! Run: `cargo run --example old_caller`

use extensible_abi::ExtensibleAbi;
use extensible_abi_bpf::client::{Backend, Client, LiveKernel};
use extensible_abi_bpf::info::{bpf_btf_info, bpf_link_info, bpf_map_info, bpf_prog_info};
use extensible_abi_runtime::client::InProcess;
use extensible_abi_runtime::Runtime;

/// `r0 = 2 (XDP_PASS); exit`.
const INSNS: [u64; 2] = [0x0000_0002_0000_00b7, 0x95];

/// Queries `fd` as an old caller whose `T` was `old` bytes long.
fn ask<T: ExtensibleAbi, B: Backend>(c: &Client<B>, fd: i32, what: &str) {
    let old = T::LAYOUT.oldest();
    match c.info_sized::<T>(fd, old.size) {
        Ok(info) => println!(
            "  {what:<14} caller built at Linux {:<5} passes info_len {:>3}: {} wrote {:>3} bytes, {} fields",
            old.label,
            old.size,
            c.backend().name(),
            info.len(),
            T::LAYOUT.present_fields(info.len()).len()
        ),
        Err(e) => println!("  {what:<14} {}: {e}", c.backend().name()),
    }
}

fn run<B: Backend>(c: &Client<B>) {
    let license = c"GPL";
    match c.map_create(2, 4, 8, 1, "") {
        Ok(m) => ask::<bpf_map_info, _>(c, m.raw(), "map"),
        Err(e) => println!("  map: {e}"),
    }
    match c.prog_load(6, &INSNS, license, "", None) {
        Ok(p) => {
            ask::<bpf_prog_info, _>(c, p.raw(), "program");
            match c.link_create(&p, 1, 37) {
                Ok(l) => ask::<bpf_link_info, _>(c, l.raw(), "XDP link on lo"),
                Err(e) => println!("  link: {e}"),
            }
        }
        Err(e) => println!("  program: {e}"),
    }
    match c.btf_load(&support::int_btf()) {
        Ok(b) => ask::<bpf_btf_info, _>(c, b.raw(), "BTF"),
        Err(e) => println!("  BTF: {e}"),
    }
}

fn main() {
    let rt = Runtime::new();
    println!("the newest in-process runtime (Linux 6.18 structs):");
    run(&Client::new(InProcess(&rt)));
    println!("the live kernel:");
    run(&Client::new(LiveKernel));
}
