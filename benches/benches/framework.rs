//! `from_partial`, `copy_truncated` and the tail scan against hand-written
//! baselines, in the same run. Run: `cargo bench --bench framework`.
//!
//! Three measurements of every `from_partial` / `copy_truncated` cell, all
//! printed at the end as ours / baseline (1.00 = the same):
//!
//! - wall clock (criterion): one iteration runs the operation on
//!   [`BATCH`] buffers laid back to back, so a sample is hundreds of
//!   nanoseconds rather than a few;
//! - wall clock, paired: ours and the baseline alternate in short rounds
//!   (in ABBA order), and the ratio is the median of the rounds' ratios, so
//!   load that comes and goes during the run hits both sides alike;
//! - instructions (deterministic): where `valgrind` is on the `PATH` the
//!   binary re-runs itself under cachegrind, once per cell, side and
//!   repeat count, and takes instructions per call as the difference of two
//!   counts over the difference of the calls, so start-up and set-up cancel.
//!
//! All three measure the same `#[inline(never)]` wrappers (`ours_*`,
//! `base_*`), of equal shape and called through `black_box` in the same
//! loop. `cargo bench --bench framework -- --no-criterion` prints only the
//! paired ratios and the instruction counts (about 30 s).

use std::hint::black_box;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use extensible_abi::{first_nonzero, AbiError, ExtensibleAbi};
use extensible_abi_benches::*;

/// Buffers one criterion iteration (and one instruction-count pass) runs
/// the operation on.
const BATCH: usize = 64;

/// Passes over the [`BATCH`] buffers of the two instruction-count runs of a
/// cell; the same number of digits, so the two command lines are the same
/// length.
const REPS: [usize; 2] = [100, 300];

// The measured functions, ours and the baseline's of one operation with the
// same signature, so that one loop (`from_pass`, `copy_pass`) calls either
// through a function pointer: the loop's code, and so its alignment, is the
// same for both sides, and only the callee differs.

/// `from_partial`'s shape: a caller's struct in, the struct (or not) out.
/// The result types differ (ours is `Result<T, AbiError>`, the baseline's
/// `Option<[u8; N]>`), so this loop has one copy per side.
type FromFn<R> = fn(&[u8]) -> R;

/// `copy_truncated`'s shape.
type CopyFn<T, const N: usize> = fn(&Source<T, N>, &mut [u8]) -> usize;

#[inline(never)]
fn ours_from_partial<T: ExtensibleAbi>(src: &[u8]) -> Result<T, AbiError> {
    T::from_partial(src)
}

#[inline(never)]
fn base_from_partial<const N: usize>(src: &[u8]) -> Option<[u8; N]> {
    baseline_from_partial::<N>(src)
}

#[inline(never)]
fn ours_copy<T: ExtensibleAbi, const N: usize>(src: &Source<T, N>, dst: &mut [u8]) -> usize {
    src.value.0.copy_truncated(dst)
}

#[inline(never)]
fn base_copy<T, const N: usize>(src: &Source<T, N>, dst: &mut [u8]) -> usize {
    baseline_copy_truncated(&src.bytes.0, dst)
}

/// The calibrations: calls of each shape that do no work.
#[inline(never)]
fn empty_from(src: &[u8]) -> Option<[u8; 8]> {
    src.first().map(|&b| [b; 8])
}

#[inline(never)]
fn empty_copy<T, const N: usize>(_: &Source<T, N>, dst: &mut [u8]) -> usize {
    dst.len()
}

/// One pass of `from_partial`'s shape over [`BATCH`] buffers.
#[inline(never)]
fn from_pass<R>(f: FromFn<R>, bufs: &[u8], len: usize) {
    for src in bufs.chunks_exact(len) {
        // By reference: the result stays where the callee built it.
        black_box(&f(black_box(src)));
    }
}

/// One pass of `copy_truncated`'s shape over [`BATCH`] buffers.
#[inline(never)]
fn copy_pass<T, const N: usize>(f: CopyFn<T, N>, src: &Source<T, N>, bufs: &mut [u8], len: usize) {
    for dst in bufs.chunks_exact_mut(len) {
        black_box(f(black_box(src), black_box(dst)));
    }
}

/// 64-byte aligned, so that neither side's source is misaligned.
#[repr(C, align(64))]
struct Aligned<A>(A);

/// What `copy_truncated` writes out: the struct (ours) and its bytes (the
/// baseline's `&info`), both 64-byte aligned.
struct Source<T, const N: usize> {
    value: Aligned<T>,
    bytes: Aligned<[u8; N]>,
}

impl<T: ExtensibleAbi, const N: usize> Source<T, N> {
    fn new() -> Self {
        let value: T = T::from_partial(&[7u8; N]).expect("N is the size");
        let bytes = extensible_abi::bytes_of(&value).try_into().expect("N is the size");
        Source { value: Aligned(value), bytes: Aligned(bytes) }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    FromPartial,
    CopyTruncated,
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Ours,
    Baseline,
    /// [`empty_from`] or [`empty_copy`]: the calibration.
    Empty,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Baseline => "baseline",
            Side::Empty => "empty",
        }
    }

    fn parse(s: &str) -> Option<Side> {
        [Side::Ours, Side::Baseline, Side::Empty].into_iter().find(|side| side.name() == s)
    }
}

/// One measured cell: an operation on a struct, at a caller's length.
#[derive(Clone, Copy)]
struct Cell {
    op: Op,
    /// `"big"` (232 bytes) or `"small"` (24 bytes).
    size_name: &'static str,
    what: &'static str,
    len: usize,
}

impl Cell {
    fn group(&self) -> String {
        let op = match self.op {
            Op::FromPartial => "from_partial",
            Op::CopyTruncated => "copy_truncated",
        };
        format!("{op}/{}/{}", self.size_name, self.what)
    }
}

fn cells() -> Vec<Cell> {
    let mut v = Vec::new();
    for op in [Op::FromPartial, Op::CopyTruncated] {
        for (size_name, size) in [("big", 232), ("small", 24)] {
            for (what, len) in [("short", size / 2), ("exact", size), ("long", size + 64)] {
                v.push(Cell { op, size_name, what, len });
            }
        }
    }
    v
}

/// [`BATCH`] buffers of `len` bytes, back to back from a 64-byte boundary
/// (so every run sees the same alignments): for `from_partial` each is a
/// caller's struct (ones, then a zero tail past `size`); for
/// `copy_truncated`, zeroed room for the output.
struct Buffers {
    storage: Vec<u8>,
    start: usize,
    len: usize,
}

impl Buffers {
    fn new(op: Op, size: usize, len: usize) -> Buffers {
        let mut storage = vec![0u8; len * BATCH + 64];
        let start = storage.as_ptr().align_offset(64);
        if op == Op::FromPartial {
            for buf in storage[start..start + len * BATCH].chunks_exact_mut(len) {
                buf[..len.min(size)].fill(1);
            }
        }
        Buffers { storage, start, len }
    }

    fn all(&mut self) -> &mut [u8] {
        &mut self.storage[self.start..self.start + self.len * BATCH]
    }
}

/// One pass: `side` of `op` once on each of the [`BATCH`] buffers.
fn pass<T: ExtensibleAbi, const N: usize>(
    op: Op,
    side: Side,
    src: &Source<T, N>,
    bufs: &mut Buffers,
) {
    let len = bufs.len;
    let all = bufs.all();
    // `black_box` on the pointer: the loop cannot be specialised to a callee.
    match op {
        Op::FromPartial => match side {
            Side::Ours => from_pass(black_box(ours_from_partial::<T> as FromFn<_>), all, len),
            Side::Baseline => from_pass(black_box(base_from_partial::<N> as FromFn<_>), all, len),
            Side::Empty => from_pass(black_box(empty_from as FromFn<_>), all, len),
        },
        Op::CopyTruncated => {
            let f: CopyFn<T, N> = match side {
                Side::Ours => ours_copy::<T, N>,
                Side::Baseline => base_copy::<T, N>,
                Side::Empty => empty_copy::<T, N>,
            };
            copy_pass(black_box(f), src, all, len);
        }
    }
}

fn bench_cell<T: ExtensibleAbi, const N: usize>(c: &mut Criterion, cell: Cell) {
    let src = Source::<T, N>::new();
    let mut bufs = Buffers::new(cell.op, N, cell.len);
    let mut g = c.benchmark_group(cell.group());
    for side in [Side::Ours, Side::Baseline] {
        g.bench_function(side.name(), |b| b.iter(|| pass(cell.op, side, &src, &mut bufs)));
    }
    g.finish();
}

/// The instruction-count child: `reps` passes of `side` over `cell`.
fn icount_child<T: ExtensibleAbi, const N: usize>(cell: Cell, side: Side, reps: usize) {
    let src = Source::<T, N>::new();
    let mut bufs = Buffers::new(cell.op, N, cell.len);
    for _ in 0..reps {
        pass(cell.op, side, &src, &mut bufs);
    }
}

fn benches(c: &mut Criterion) {
    for cell in cells() {
        if cell.size_name == "big" {
            bench_cell::<Big, 232>(c, cell);
        } else {
            bench_cell::<Small, 24>(c, cell);
        }
    }
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
    let args: Vec<String> = std::env::args().collect();
    // The child of an instruction count: `--icount <cell> <side> <reps>`.
    if let Some(at) = args.iter().position(|a| a == "--icount") {
        let arg = |i: usize| args.get(at + i).map(String::as_str).unwrap_or("");
        let cell = cells()[arg(1).parse::<usize>().expect("cell index")];
        let side = Side::parse(arg(2)).expect("side");
        let reps = arg(3).parse().expect("repeat count");
        if cell.size_name == "big" {
            icount_child::<Big, 232>(cell, side, reps);
        } else {
            icount_child::<Small, 24>(cell, side, reps);
        }
        return;
    }
    if args.iter().any(|a| a == "--no-criterion") {
        print_paired();
        print_icounts();
        return;
    }
    group();
    Criterion::default().configure_from_args().final_summary();
    // Only in `cargo bench`, not when `cargo test` runs benches once.
    if args.iter().any(|a| a == "--bench") {
        print_ratios();
        print_paired();
        print_icounts();
    }
}

/// Prints ours / baseline per group from criterion's estimates.
fn print_ratios() {
    let mean = |group: &str, f: &str| criterion_mean(&format!("{group}/{f}"));
    println!("\nratios (ours / baseline, mean time per operation; <= 1.05 is the target):");
    for cell in cells() {
        let g = cell.group();
        if let (Some(o), Some(b)) = (mean(&g, "ours"), mean(&g, "baseline")) {
            let (o, b) = (o / BATCH as f64, b / BATCH as f64);
            println!("  {g:32} {o:8.2} ns / {b:8.2} ns = {:.2}x", o / b);
        }
    }
    let g = "tail_scan/4096";
    if let (Some(o), Some(b), Some(w)) = (mean(g, "ours"), mean(g, "bytes"), mean(g, "words")) {
        println!(
            "  {g:32} ours {o:.1} ns, bytes {b:.1} ns ({:.2}x), words {w:.1} ns ({:.2}x)",
            o / b,
            o / w
        );
    }
}

/// Rounds of the paired wall-clock measurement, and the time one side of a
/// round takes (about).
const ROUNDS: usize = 1000;
const ROUND: Duration = Duration::from_micros(20);

/// The paired wall-clock ratio of one cell: the median and quartiles of
/// ours / baseline over [`ROUNDS`] rounds, each timing both sides back to
/// back, in alternating order.
fn paired<T: ExtensibleAbi, const N: usize>(cell: Cell) -> [f64; 3] {
    let src = Source::<T, N>::new();
    let mut bufs = Buffers::new(cell.op, N, cell.len);
    let mut time = |side: Side, passes: usize| {
        let start = Instant::now();
        for _ in 0..passes {
            pass(cell.op, side, &src, &mut bufs);
        }
        start.elapsed()
    };
    // Warm up, and size a round from the slower side.
    let one = time(Side::Ours, 200).max(time(Side::Baseline, 200)) / 200;
    let passes = (ROUND.as_nanos() / one.as_nanos().max(1)).max(1) as usize;
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|round| {
            let (ours, base) = if round % 2 == 0 {
                let o = time(Side::Ours, passes);
                (o, time(Side::Baseline, passes))
            } else {
                let b = time(Side::Baseline, passes);
                (time(Side::Ours, passes), b)
            };
            ours.as_secs_f64() / base.as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    [ratios[ROUNDS / 4], ratios[ROUNDS / 2], ratios[ROUNDS * 3 / 4]]
}

/// Prints the paired wall-clock ratios.
fn print_paired() {
    println!(
        "\npaired wall clock (ours / baseline: median of {ROUNDS} rounds of about {} µs a side, \
         alternating; [quartiles]):",
        ROUND.as_micros()
    );
    for cell in cells() {
        let [q1, m, q3] = if cell.size_name == "big" {
            paired::<Big, 232>(cell)
        } else {
            paired::<Small, 24>(cell)
        };
        println!("  {:32} {m:.3}x  [{q1:.3}, {q3:.3}]", cell.group());
    }
}

/// Instructions of one run of this binary under cachegrind as the
/// instruction-count child, or why not.
fn icount_run(cell: usize, side: Side, reps: usize) -> Result<u64, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let out = Command::new("valgrind")
        .args(["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"])
        .arg(exe)
        .args(["--icount", &cell.to_string(), side.name(), &reps.to_string()])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("valgrind: {e}"))?;
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("valgrind failed: {}", err.lines().last().unwrap_or("")));
    }
    // `==123== I   refs:      1,234,567`
    let line = err
        .lines()
        .find(|l| l.contains("I   refs:"))
        .ok_or("no \"I refs\" in cachegrind's output")?;
    let digits: String =
        line.rsplit(':').next().unwrap_or("").chars().filter(char::is_ascii_digit).collect();
    digits.parse().map_err(|_| format!("unreadable count: {line}"))
}

/// Instructions per call of `side` on cell `cell`: the difference of two
/// runs over the difference of their calls.
fn per_call(cell: usize, side: Side) -> Result<f64, String> {
    // The two runs at once: this machine has two CPUs.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| icount_run(cell, side, REPS[0]));
        let b = icount_run(cell, side, REPS[1]);
        (a.join().expect("icount thread"), b)
    });
    let (a, b) = (a?, b?);
    Ok((b as f64 - a as f64) / ((REPS[1] - REPS[0]) * BATCH) as f64)
}

/// Prints instructions per call, ours and baseline, per cell.
fn print_icounts() {
    let have = Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !matches!(have, Ok(s) if s.success()) {
        println!("\ninstruction counts: skipped (valgrind is not on the PATH)");
        return;
    }
    // The loop and call alone, per operation: the first cell of each.
    let mut empty = [0.0; 2];
    for (k, op) in [Op::FromPartial, Op::CopyTruncated].into_iter().enumerate() {
        match per_call(cells().iter().position(|c| c.op == op).unwrap_or(0), Side::Empty) {
            Ok(n) => empty[k] = n,
            Err(e) => {
                println!("\ninstruction counts: skipped ({e})");
                return;
            }
        }
    }
    println!(
        "\ninstructions per call (cachegrind; ours / baseline; both include the loop and the \
         call: {:.1} and {:.1} instructions for an empty call of from_partial's and \
         copy_truncated's shape; net = without them):",
        empty[0], empty[1]
    );
    for (i, cell) in cells().into_iter().enumerate() {
        let empty = empty[usize::from(cell.op == Op::CopyTruncated)];
        match (per_call(i, Side::Ours), per_call(i, Side::Baseline)) {
            (Ok(o), Ok(b)) => println!(
                "  {:32} {o:7.1} / {b:7.1} = {:.3}x   net {:6.1} / {:6.1} = {:.3}x",
                cell.group(),
                o / b,
                o - empty,
                b - empty,
                (o - empty) / (b - empty)
            ),
            (Err(e), _) | (_, Err(e)) => println!("  {:32} {e}", cell.group()),
        }
    }
}
