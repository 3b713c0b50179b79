//! The checked routines against plain memory operations and against
//! `process_vm_readv` (what `ProcessMemory` pays per access today).
//!
//! ```sh
//! cargo run --release -p extensible-abi-uaccess --example bench
//! cargo run --release -p extensible-abi-uaccess --example bench -- 300 600 2048  # other sizes
//! ```
//!
//! For each size: nanoseconds per call, the median of 11 runs of a batch
//! sized to take about 10 ms, and the ratio to the plain operation. All
//! memory is valid and warm: this is the good path, which is the only path
//! the exception table is meant to make cheap.

use std::hint::black_box;
use std::ptr;
use std::time::Instant;

use extensible_abi_uaccess as uaccess;

const SIZES: [usize; 4] = [8, 104, 232, 4096];
const RUNS: usize = 11;

/// Median nanoseconds per call of `f`.
fn measure(mut f: impl FnMut()) -> f64 {
    // Calibrate a batch of about 10 ms.
    let mut batch = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        if t.elapsed().as_micros() >= 10_000 || batch >= 1 << 30 {
            break;
        }
        batch *= 2;
    }
    let mut runs: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..batch {
                f();
            }
            t.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    runs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    runs[RUNS / 2]
}

fn process_vm_readv(dst: *mut u8, src: u64, len: usize) -> isize {
    let local = libc::iovec { iov_base: dst.cast(), iov_len: len };
    let remote = libc::iovec { iov_base: src as *mut libc::c_void, iov_len: len };
    // SAFETY: both iovecs describe buffers of this process that are valid
    // for `len` bytes; the kernel checks the remote one itself.
    unsafe { libc::process_vm_readv(libc::getpid(), &local, 1, &remote, 1, 0) }
}

fn row(what: &str, len: usize, ours: f64, base: f64, base_name: &str) {
    println!(
        "{what:<18} {len:>5} B {ours:>8.2} ns | {base_name:<22} {base:>8.2} ns | ours/theirs {:>6.3}",
        ours / base
    );
}

fn main() {
    assert!(uaccess::install(), "unsupported target");
    let args: Vec<usize> =
        std::env::args().skip(1).map(|a| a.parse().expect("sizes in bytes")).collect();
    let sizes = if args.is_empty() { SIZES.to_vec() } else { args };
    let max = sizes.iter().copied().max().unwrap_or(0).max(8192);
    let src: Vec<u8> = (0..max).map(|i| (i * 7 + 3) as u8 | 1).collect();
    let zeros = vec![0u8; max];
    let mut dst = vec![0u8; max];
    let mut user = vec![0u8; max];
    println!("median of {RUNS} runs, ns per call (lower is better)");
    for len in sizes {
        let d = dst.as_mut_ptr();
        let s = src.as_ptr();
        let memcpy = measure(|| {
            // SAFETY: both buffers hold `max` >= `len` bytes.
            unsafe { ptr::copy_nonoverlapping(black_box(s), black_box(d), black_box(len)) };
            black_box(d);
        });
        let from = measure(|| {
            // SAFETY: `d` holds `max` >= `len` bytes.
            let left = unsafe {
                uaccess::copy_from_user(black_box(d), black_box(s as u64), black_box(len))
            };
            black_box(left);
        });
        let u = user.as_mut_ptr();
        let to = measure(|| {
            // SAFETY: `user` is ours, with no reference live during the call.
            let left =
                unsafe { uaccess::copy_to_user(black_box(u as u64), black_box(s), black_box(len)) };
            black_box(left);
        });
        let z = &zeros[..];
        let scan_plain = measure(|| {
            black_box(black_box(&z[..black_box(len)]).iter().position(|&b| b != 0));
        });
        let zp = zeros.as_ptr() as u64;
        let scan = measure(|| {
            // SAFETY: reads `zeros` only.
            black_box(unsafe { uaccess::check_zeroed_user(black_box(zp), black_box(len)) }).ok();
        });
        let vm = measure(|| {
            black_box(process_vm_readv(black_box(d), black_box(s as u64), black_box(len)));
        });
        assert_eq!(process_vm_readv(d, s as u64, len), len as isize, "process_vm_readv refused");
        row("copy_from_user", len, from, memcpy, "copy_nonoverlapping");
        row("copy_to_user", len, to, memcpy, "copy_nonoverlapping");
        row("check_zeroed_user", len, scan, scan_plain, "slice position(!= 0)");
        row("copy_from_user", len, from, vm, "process_vm_readv");
    }
    fault_path();
}

/// The bad path, for scale: a read of an unmapped page costs a signal
/// delivery and return (two below REP_THRESHOLD's `rep movsb`: the byte
/// loop re-faults to find the exact byte), against process_vm_readv's
/// EFAULT.
fn fault_path() {
    // SAFETY: a fresh anonymous PROT_NONE page.
    let page = unsafe {
        libc::mmap(
            ptr::null_mut(),
            4096,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    assert_ne!(page, libc::MAP_FAILED);
    let mut dst = [0u8; 8];
    let d = dst.as_mut_ptr();
    let bad = page as u64;
    let ours = measure(|| {
        // SAFETY: `d` holds 8 bytes; the source faults at once.
        black_box(unsafe { uaccess::copy_from_user(black_box(d), black_box(bad), 8) });
    });
    let vm = measure(|| {
        black_box(process_vm_readv(black_box(d), black_box(bad), 8));
    });
    row("fault (EFAULT)", 8, ours, vm, "process_vm_readv");
}
