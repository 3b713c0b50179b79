//! A caller built against the newest (6.18) structs, against runtimes that
//! act as older kernels: it works as long as it leaves the newer fields
//! zero (the client passes the smallest attr size that covers the fields
//! set), reads info through the present-field view (what the old runtime
//! does not know is `None`, not 0), and gets a clear error naming the field
//! when it sets one the runtime does not know.
//!
//! Run: `cargo run --example new_caller_old_runtime`

use extensible_abi::ExtensibleAbi;
use extensible_abi_bpf::client::Client;
use extensible_abi_bpf::info::bpf_map_info;
use extensible_abi_runtime::client::InProcess;
use extensible_abi_runtime::{release, Runtime};

const HASH: u32 = 1;

fn main() {
    for (major, minor) in [(4, 18), (5, 4), (5, 16), (6, 18)] {
        let rt = Runtime::with_abi_level(release(major, minor));
        let client = Client::new(InProcess(&rt));
        println!("runtime acting as Linux {major}.{minor}:");

        // Fields every one of these releases knows: works everywhere.
        let map = client.map_create(HASH, 4, 8, 16, "new_caller").expect("a plain hash map");
        let info = client.map_info::<bpf_map_info>(&map).expect("info");
        println!(
            "  map_info: runtime wrote {} of our {} bytes, so it speaks bpf_map_info as of Linux {}",
            info.len(),
            bpf_map_info::LAYOUT.size,
            info.release().unwrap_or("?")
        );
        println!(
            "  max_entries = {:?}, map_extra = {:?}, hash_size = {:?}",
            info.get(bpf_map_info::FIELDS.max_entries),
            info.get(bpf_map_info::FIELDS.map_extra),
            info.get(bpf_map_info::FIELDS.hash_size),
        );

        // A field this release may not know: BPF_F_NO_PREALLOC's hash with
        // `map_extra` (Linux 5.16) set. Only bloom filters use map_extra,
        // so even a runtime that knows the field refuses it for a hash
        // (EINVAL); one that does not know it says E2BIG, and the client
        // names the field.
        let with_extra = client.map_create_with(|a| {
            a.map_type = HASH;
            a.key_size = 4;
            a.value_size = 8;
            a.max_entries = 16;
            a.map_extra = 1;
        });
        match with_extra {
            Ok(_) => println!("  map_extra = 1: accepted"),
            Err(e) => println!("  map_extra = 1: {e}"),
        };
    }
}
