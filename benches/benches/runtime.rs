//! The runtime against the live kernel, the user-memory path against the
//! direct slice path, and 1 against 2 threads, each pair in the same run.
//! Run: `cargo bench --bench runtime`. Ratios are
//! printed at the end; kernel rows are skipped, saying why, where bpf() is
//! refused.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use extensible_abi::bpf::info::{bpf_map_info, bpf_prog_info};
use extensible_abi::client::{Backend, Client, InProcess, InProcessDirect, LiveKernel};
use extensible_abi::runtime::Runtime;
use extensible_abi::user::{self, DirectMemory, ProcessMemory, SimMemory};
use extensible_abi::ExtensibleAbi;
use extensible_abi_benches::Big;

/// `r0 = 0; exit`.
const INSNS: [u64; 2] = [0xb7, 0x95];

fn info_pair<B: Backend>(c: &mut Criterion, client: &Client<B>, who: &str) {
    let Ok(map) = client.map_create(2, 4, 8, 4, "bench") else {
        println!("{who}: bpf() refused here: no {who} rows");
        return;
    };
    let prog = client.prog_load(1, &INSNS, c"GPL", "bench", None).expect("load");
    c.bench_function(&format!("info_map/{who}"), |b| {
        b.iter(|| client.info::<bpf_map_info>(black_box(map.raw())).unwrap().len())
    });
    c.bench_function(&format!("info_prog/{who}"), |b| {
        b.iter(|| client.info::<bpf_prog_info>(black_box(prog.raw())).unwrap().len())
    });
}

fn user_memory(c: &mut Criterion) {
    let value: Big = Big::from_partial(&[3u8; 232]).unwrap();
    let bytes = extensible_abi::bytes_of(&value).to_vec();
    let mut sim = SimMemory::new();
    let addr = sim.alloc_bytes(&bytes);
    let out = sim.alloc(232);
    c.bench_function("read_struct/slice", |b| b.iter(|| Big::from_partial(black_box(&bytes)).unwrap()));
    c.bench_function("read_struct/sim", |b| {
        b.iter(|| user::read_struct::<Big, _>(&sim, black_box(addr), 232).unwrap())
    });
    // SAFETY: only `bytes` (read) and `dst` (written, not otherwise
    // borrowed while the closure runs) are accessed through it.
    let mut process = unsafe { ProcessMemory::new() };
    let paddr = bytes.as_ptr() as u64;
    c.bench_function("read_struct/process", |b| {
        b.iter(|| user::read_struct::<Big, _>(&process, black_box(paddr), 232).unwrap())
    });
    // SAFETY: as for `process`: only `bytes` and `dst` are addressed.
    let mut direct = unsafe { DirectMemory::new() };
    c.bench_function("read_struct/direct", |b| {
        b.iter(|| user::read_struct::<Big, _>(&direct, black_box(paddr), 232).unwrap())
    });
    let mut dst = vec![0u8; 232];
    c.bench_function("write_struct/slice", |b| b.iter(|| value.copy_truncated(black_box(&mut dst))));
    c.bench_function("write_struct/sim", |b| {
        b.iter(|| user::write_struct(&mut sim, black_box(out), 232, &value).unwrap())
    });
    let daddr = dst.as_mut_ptr() as u64;
    c.bench_function("write_struct/process", |b| {
        b.iter(|| user::write_struct(&mut process, black_box(daddr), 232, &value).unwrap())
    });
    c.bench_function("write_struct/direct", |b| {
        b.iter(|| user::write_struct(&mut direct, black_box(daddr), 232, &value).unwrap())
    });
}

/// `threads` threads each doing `n` (info query + own-map update) pairs,
/// each with its own client from `client`; the time for all of them.
fn run_threads<B: Backend>(
    client: &(dyn Fn() -> Client<B> + Sync),
    threads: u32,
    n: u64,
) -> Duration {
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            s.spawn(move || {
                let c = client();
                let map = c.map_create(1, 4, 8, 64, "t").unwrap();
                for i in 0..n {
                    let k = (i as u32 % 64).to_ne_bytes();
                    c.map_update(&map, &k, &(i + u64::from(t)).to_ne_bytes(), 0).unwrap();
                    black_box(c.info::<bpf_map_info>(map.raw()).unwrap().len());
                }
            });
        }
    });
    start.elapsed()
}

/// The machine's own ceiling: `threads` threads each doing `n` rounds of
/// arithmetic on registers (no memory shared, no system call), about as
/// long as a runtime pair. What 2 threads gain here is the most any
/// workload can gain on this machine.
fn run_cpu(threads: u32, n: u64) -> Duration {
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            s.spawn(move || {
                let mut x = 0x9e37_79b9_7f4a_7c15_u64 ^ u64::from(t);
                for _ in 0..n {
                    for _ in 0..256 {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                    }
                    x = black_box(x);
                }
            });
        }
    });
    start.elapsed()
}

fn scaling<B: Backend>(c: &mut Criterion, who: &str, client: &(dyn Fn() -> Client<B> + Sync)) {
    if client().map_create(1, 4, 8, 1, "probe").is_err() {
        println!("{who}: bpf() refused here: no threads/{who} rows");
        return;
    }
    for threads in [1u32, 2] {
        c.bench_function(&format!("threads/{who}/{threads}"), |b| {
            // Time per (query + update) pair done by each thread: with
            // perfect scaling, 2 threads take as long per pair as 1.
            b.iter_custom(|iters| run_threads(client, threads, iters))
        });
    }
}

fn benches(c: &mut Criterion) {
    let rt = Runtime::new();
    info_pair(c, &Client::new(InProcess(&rt)), "runtime");
    info_pair(c, &Client::new(InProcessDirect(&rt)), "direct");
    info_pair(c, &Client::new(LiveKernel), "kernel");
    user_memory(c);
    let rt = Runtime::new();
    scaling(c, "runtime", &|| Client::new(InProcess(&rt)));
    scaling(c, "direct", &|| Client::new(InProcessDirect(&rt)));
    scaling(c, "kernel", &|| Client::new(LiveKernel));
    for threads in [1u32, 2] {
        c.bench_function(&format!("threads/cpu/{threads}"), |b| b.iter_custom(|iters| run_cpu(threads, iters)));
    }
}

criterion_group! {
    name = group;
    config = Criterion::default().warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1));
    targets = benches
}

fn main() {
    group();
    Criterion::default().configure_from_args().final_summary();
    let mean = |id: &str| extensible_abi_benches::criterion_mean(id);
    println!("\nratios (mean time):");
    for what in ["info_map", "info_prog"] {
        let k = mean(&format!("{what}/kernel"));
        for (who, label) in [
            ("runtime", "checked (ProcessMemory)"),
            ("direct", "direct (DirectMemory)"),
        ] {
            match (mean(&format!("{what}/{who}")), k) {
                (Some(r), Some(k)) => println!(
                    "  {what:10} runtime {label:24} {r:8.1} ns / kernel {k:7.1} ns = {:.2}x",
                    r / k
                ),
                (Some(r), None) => {
                    println!("  {what:10} runtime {label:24} {r:8.1} ns (no kernel row)")
                }
                _ => {}
            }
        }
    }
    for op in ["read_struct", "write_struct"] {
        if let (Some(s), Some(m), Some(p)) = (
            mean(&format!("{op}/slice")),
            mean(&format!("{op}/sim")),
            mean(&format!("{op}/process")),
        ) {
            let d = mean(&format!("{op}/direct")).unwrap_or(f64::NAN);
            println!(
                "  {op:24} slice {s:7.1} ns, direct {d:7.1} ns ({:.2}x), simulated {m:7.1} ns ({:.2}x), process {p:7.1} ns ({:.2}x)",
                d / s, m / s, p / s
            );
        }
    }
    for who in ["runtime", "direct", "kernel", "cpu"] {
        if let (Some(one), Some(two)) = (
            mean(&format!("threads/{who}/1")),
            mean(&format!("threads/{who}/2")),
        ) {
            println!(
                "  threads/{who:8} 1 thread {one:8.1} ns per pair, 2 threads {two:8.1} ns per pair each: \
                 throughput x{:.2} (2.00 = perfect scaling)",
                2.0 * one / two
            );
        }
    }
}
