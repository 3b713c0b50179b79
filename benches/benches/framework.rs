//! `from_partial`, `copy_truncated` and the tail scan against hand-written
//! baselines, in the same run. Run: `cargo bench --bench framework`.
//! The ratios are printed at the end (ours / baseline; 1.00 = same speed).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use extensible_abi::{first_nonzero, ExtensibleAbi};
use extensible_abi_benches::*;

fn lengths(size: usize) -> [(&'static str, usize); 3] {
    [("short", size / 2), ("exact", size), ("long", size + 64)]
}

fn from_partial<T: ExtensibleAbi, const N: usize>(c: &mut Criterion, name: &str) {
    for (what, len) in lengths(N) {
        // Our bytes, then (for "long") a zero tail.
        let mut src = vec![1u8; len.min(N)];
        src.resize(len, 0);
        let mut g = c.benchmark_group(format!("from_partial/{name}/{what}"));
        g.bench_function("ours", |b| b.iter(|| T::from_partial(black_box(&src)).ok()));
        g.bench_function("baseline", |b| b.iter(|| baseline_from_partial::<N>(black_box(&src))));
        g.finish();
    }
}

fn copy_truncated<T: ExtensibleAbi, const N: usize>(c: &mut Criterion, name: &str) {
    let value: T = T::from_partial(&[7u8; N]).expect("N is the size");
    let bytes = extensible_abi::bytes_of(&value).to_vec();
    for (what, len) in lengths(N) {
        let mut dst = vec![0u8; len];
        let mut g = c.benchmark_group(format!("copy_truncated/{name}/{what}"));
        g.bench_function("ours", |b| b.iter(|| black_box(&value).copy_truncated(black_box(&mut dst))));
        g.bench_function("baseline", |b| {
            b.iter(|| baseline_copy_truncated(black_box(&bytes), black_box(&mut dst)))
        });
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    from_partial::<Big, 232>(c, "big");
    from_partial::<Small, 24>(c, "small");
    copy_truncated::<Big, 232>(c, "big");
    copy_truncated::<Small, 24>(c, "small");
    let zeros = vec![0u8; 4096];
    let mut g = c.benchmark_group("tail_scan/4096");
    g.bench_function("ours", |b| b.iter(|| first_nonzero(black_box(&zeros))));
    g.bench_function("bytes", |b| b.iter(|| scan_bytes(black_box(&zeros))));
    g.bench_function("words", |b| b.iter(|| scan_words(black_box(&zeros))));
    g.finish();
}

criterion_group! {
    name = group;
    config = Criterion::default().warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(1));
    targets = benches
}

fn main() {
    group();
    Criterion::default().configure_from_args().final_summary();
    print_ratios();
}

/// Prints ours / baseline per group from criterion's estimates.
fn print_ratios() {
    let mean = |group: &str, f: &str| criterion_mean(&format!("{group}/{f}"));
    println!("\nratios (ours / baseline, mean time; <= 1.05 is the target):");
    for op in ["from_partial", "copy_truncated"] {
        for s in ["big", "small"] {
            for what in ["short", "exact", "long"] {
                let g = format!("{op}/{s}/{what}");
                if let (Some(o), Some(b)) = (mean(&g, "ours"), mean(&g, "baseline")) {
                    println!("  {g:32} {o:8.2} ns / {b:8.2} ns = {:.2}x", o / b);
                }
            }
        }
    }
    let g = "tail_scan/4096";
    if let (Some(o), Some(b), Some(w)) = (mean(g, "ours"), mean(g, "bytes"), mean(g, "words")) {
        println!("  {g:32} ours {o:.1} ns, bytes {b:.1} ns ({:.2}x), words {w:.1} ns ({:.2}x)", o / b, o / w);
    }
}
