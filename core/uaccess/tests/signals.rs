//! The handler among others: chaining to a host handler installed before
//! ours, default dispositions, std's stack-overflow report, threads with and
//! without an alternate signal stack.
//!
//! Tests that depend on the order in which handlers are installed run in a
//! child process: the test binary runs itself with a filter for the one test
//! and `UACCESS_CHILD` naming the scenario.
#![cfg(all(not(miri), target_os = "linux", any(target_arch = "x86_64", target_arch = "aarch64")))]

mod common;

use std::hint::black_box;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use std::time::{Duration, Instant};

use common::Pages;
use extensible_abi_uaccess as uaccess;

const ROLE: &str = "UACCESS_CHILD";

/// This test's scenario when running as the child, else None.
fn role() -> Option<String> {
    std::env::var(ROLE).ok()
}

/// The runner cargo used for this binary (`qemu-aarch64 -L ...` when
/// cross-testing), from `CARGO_TARGET_<ARCH>_UNKNOWN_LINUX_<ENV>_RUNNER`,
/// which cargo passes on to the tests: a child must run through it too.
fn runner() -> Vec<String> {
    let prefix = format!("CARGO_TARGET_{}_UNKNOWN_LINUX_", std::env::consts::ARCH.to_uppercase());
    std::env::vars()
        .find(|(k, _)| k.starts_with(&prefix) && k.ends_with("_RUNNER"))
        .map(|(_, v)| v.split_whitespace().map(String::from).collect())
        .unwrap_or_default()
}

/// Runs `test` alone in a child process with `UACCESS_CHILD=scenario`.
fn run_child(test: &str, scenario: &str) -> Output {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = match runner().split_first() {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg(exe);
            c
        }
        None => Command::new(exe),
    };
    cmd.args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(ROLE, scenario)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}

fn describe(out: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// No core files from the children that are meant to die.
fn no_core_dumps() {
    let zero = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: plain system call.
    unsafe { libc::setrlimit(libc::RLIMIT_CORE, &zero) };
}

fn set_disposition(sig: libc::c_int, handler: libc::sighandler_t, flags: libc::c_int) {
    // SAFETY: a zeroed sigaction is valid; installs `handler`, which the
    // callers pass as SIG_DFL, SIG_IGN or a handler of the right arity.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = handler;
        act.sa_flags = flags;
        libc::sigemptyset(&mut act.sa_mask);
        assert_eq!(libc::sigaction(sig, &act, ptr::null_mut()), 0);
    }
}

/// A fault inside a routine: `len` bytes from a PROT_NONE page.
fn routine_fault(pages: &Pages, index: usize) {
    let mut buf = [0u8; 64];
    // SAFETY: `buf` holds 64 bytes; the user side is a PROT_NONE page.
    let left = unsafe { uaccess::copy_from_user(buf.as_mut_ptr(), pages.page_addr(index) - 5, 64) };
    assert_eq!(left, 59);
    // SAFETY: reads only.
    let scan = unsafe { uaccess::check_zeroed_user(pages.page_addr(index) - 8, 64) };
    assert_eq!(scan, Err(uaccess::Fault));
}

// --- a host handler installed before ours ---------------------------------

static HOST_RUNS: AtomicUsize = AtomicUsize::new(0);
static HOST_PAGE: AtomicU64 = AtomicU64::new(0);
static PAGE_SIZE: AtomicUsize = AtomicUsize::new(0);

/// A host's handler: makes its page writable, so the access succeeds when
/// the instruction runs again.
fn host_fix() {
    HOST_RUNS.fetch_add(1, Ordering::SeqCst);
    let page = HOST_PAGE.load(Ordering::SeqCst) as *mut libc::c_void;
    // SAFETY: mprotect is async-signal-safe; the page is the test's own.
    unsafe {
        libc::mprotect(page, PAGE_SIZE.load(Ordering::SeqCst), libc::PROT_READ | libc::PROT_WRITE)
    };
}

extern "C" fn host_siginfo(_sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel's siginfo, forwarded by our handler untouched.
    let addr = unsafe { (*info).si_addr() } as u64;
    let page = HOST_PAGE.load(Ordering::SeqCst);
    assert!(addr >= page && addr < page + PAGE_SIZE.load(Ordering::SeqCst) as u64);
    host_fix();
}

extern "C" fn host_plain(sig: libc::c_int) {
    assert_eq!(sig, libc::SIGSEGV);
    host_fix();
}

fn host_first_child(siginfo: bool) {
    let pages = Pages::with_hole(libc::PROT_NONE);
    let host = Pages::new(1);
    host.protect(0, libc::PROT_NONE);
    HOST_PAGE.store(host.page_addr(0), Ordering::SeqCst);
    PAGE_SIZE.store(host.page, Ordering::SeqCst);
    if siginfo {
        let h: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) = host_siginfo;
        set_disposition(libc::SIGSEGV, h as libc::sighandler_t, libc::SA_SIGINFO);
    } else {
        let h: extern "C" fn(libc::c_int) = host_plain;
        set_disposition(libc::SIGSEGV, h as libc::sighandler_t, 0);
    }
    // Installed from many threads at once: exactly one installation, which
    // chains to the host's handler (never to itself).
    let barrier = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let b = barrier.clone();
            std::thread::spawn(move || {
                b.wait();
                assert!(uaccess::install());
            })
        })
        .collect();
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert!(uaccess::handler_is_current());

    // A fault inside a routine is ours: the host's handler does not run.
    routine_fault(&pages, 1);
    assert_eq!(HOST_RUNS.load(Ordering::SeqCst), 0);

    // A fault outside: the host's handler runs and fixes it.
    let p = host.page_addr(0) as *mut u64;
    // SAFETY: faults once; the host handler then makes the page writable.
    unsafe { ptr::write_volatile(p, 0x5eed) };
    // SAFETY: now readable.
    assert_eq!(unsafe { ptr::read_volatile(p) }, 0x5eed);
    assert_eq!(HOST_RUNS.load(Ordering::SeqCst), 1);

    // And ours still works afterwards.
    routine_fault(&pages, 1);
    assert_eq!(HOST_RUNS.load(Ordering::SeqCst), 1);

    // A handler installed later replaces ours: detectable.
    set_disposition(libc::SIGSEGV, libc::SIG_DFL, 0);
    assert!(!uaccess::handler_is_current());
    println!("child ok");
}

#[test]
fn host_handler_installed_first_gets_the_faults_outside_the_routines() {
    match role().as_deref() {
        Some("siginfo") => return host_first_child(true),
        Some("plain") => return host_first_child(false),
        _ => {}
    }
    for scenario in ["siginfo", "plain"] {
        let out = run_child(
            "host_handler_installed_first_gets_the_faults_outside_the_routines",
            scenario,
        );
        assert!(out.status.success(), "{scenario}: {}", describe(&out));
        assert!(String::from_utf8_lossy(&out.stdout).contains("child ok"), "{}", describe(&out));
    }
}

// --- access_ok refusals touch nothing -----------------------------------------

fn refusals_child() {
    let limit = uaccess::USER_ADDR_LIMIT;
    let mut buf = [0u8; 64];
    let refused: [(u64, usize); 9] = [
        (0, 1),
        (8, 64),
        (4095, 2),
        (limit - 8, 9),
        (limit, 1),
        (limit + 4096, 64),
        (1 << 63, 8),
        (u64::MAX - 7, 8),
        (4096, usize::MAX),
    ];
    for (addr, len) in refused {
        // SAFETY: `buf` holds 64 bytes, and each range is refused before
        // anything is read or written (lengths past 64 never get that far).
        unsafe {
            assert_eq!(uaccess::copy_from_user(buf.as_mut_ptr(), addr, len), len);
            assert_eq!(uaccess::copy_to_user(addr, buf.as_ptr(), len), len);
            assert_eq!(uaccess::clear_user(addr, len), len);
            assert_eq!(uaccess::check_zeroed_user(addr, len), Err(uaccess::Fault));
        }
    }
    // Nothing installed our handler (the routines check access_ok before
    // installing it), so had any of them touched those addresses, std's
    // handler would have killed this process.
    assert!(!uaccess::handler_is_current());
    println!("child ok");
}

#[test]
fn access_ok_refusals_touch_nothing_and_raise_no_signal() {
    if role().is_some() {
        return refusals_child();
    }
    let out = run_child("access_ok_refusals_touch_nothing_and_raise_no_signal", "refusals");
    assert!(out.status.success(), "{}", describe(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("child ok"), "{}", describe(&out));
}

// --- default and ignored dispositions ---------------------------------------

fn default_child(scenario: &str) {
    no_core_dumps();
    let pages = Pages::with_hole(libc::PROT_NONE);
    let (sig, disposition) = match scenario {
        "segv-dfl" | "kill-dfl" => (libc::SIGSEGV, libc::SIG_DFL),
        "segv-ign" | "kill-ign" => (libc::SIGSEGV, libc::SIG_IGN),
        "bus-dfl" => (libc::SIGBUS, libc::SIG_DFL),
        _ => unreachable!(),
    };
    // Replace std's stack-overflow handler by the plain disposition.
    set_disposition(sig, disposition, 0);
    assert!(uaccess::install());
    routine_fault(&pages, 1);
    match scenario {
        "kill-ign" => {
            // A SIGSEGV sent by kill while ignored is ignored, and ours stays.
            // SAFETY: plain system call.
            unsafe { libc::raise(libc::SIGSEGV) };
            routine_fault(&pages, 1);
            assert!(uaccess::handler_is_current());
            println!("child ok");
            return;
        }
        "kill-dfl" => {
            // SAFETY: plain system call; kills us with SIGSEGV.
            unsafe { libc::raise(libc::SIGSEGV) };
        }
        "bus-dfl" => {
            // A truncated memfd: touching its second page is SIGBUS.
            // SAFETY: plain system calls, then a read that must kill us.
            unsafe {
                let fd = libc::memfd_create(c"uaccess-bus".as_ptr(), 0);
                libc::ftruncate(fd, pages.page as libc::off_t);
                let m = libc::mmap(
                    ptr::null_mut(),
                    2 * pages.page,
                    libc::PROT_READ,
                    libc::MAP_SHARED,
                    fd,
                    0,
                );
                assert_ne!(m, libc::MAP_FAILED);
                black_box(ptr::read_volatile((m as *const u8).add(pages.page)));
            }
        }
        _ => {
            // SAFETY: a read of a PROT_NONE page, which must kill us.
            black_box(unsafe { ptr::read_volatile(pages.page_addr(1) as *const u8) });
        }
    }
    println!("child survived");
}

#[test]
fn default_and_ignored_dispositions_still_kill_with_the_same_signal() {
    if let Some(scenario) = role() {
        return default_child(&scenario);
    }
    let name = "default_and_ignored_dispositions_still_kill_with_the_same_signal";
    for (scenario, signal) in [
        ("segv-dfl", libc::SIGSEGV),
        ("segv-ign", libc::SIGSEGV),
        ("bus-dfl", libc::SIGBUS),
        ("kill-dfl", libc::SIGSEGV),
    ] {
        let out = run_child(name, scenario);
        assert_eq!(out.status.signal(), Some(signal), "{scenario}: {}", describe(&out));
        assert!(!String::from_utf8_lossy(&out.stdout).contains("survived"));
    }
    let out = run_child(name, "kill-ign");
    assert!(out.status.success(), "kill-ign: {}", describe(&out));
}

// --- std's stack overflow report --------------------------------------------

#[inline(never)]
fn recurse(n: u64) -> u64 {
    if n == u64::MAX {
        return 0;
    }
    let frame = [n; 32];
    black_box(&frame);
    recurse(black_box(n + 1)).wrapping_add(frame[7])
}

fn overflow_child(scenario: &str) {
    no_core_dumps();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    if scenario == "installed-before" {
        assert!(uaccess::install());
    }
    let t = std::thread::Builder::new()
        .name("deep".into())
        .stack_size(256 << 10)
        .spawn(move || {
            go_rx.recv().unwrap();
            black_box(recurse(0));
        })
        .unwrap();
    if scenario == "installed-after" {
        // The thread (and its alternate stack) exist before our handler.
        std::thread::sleep(Duration::from_millis(20));
        assert!(uaccess::install());
    }
    go_tx.send(()).unwrap();
    let _ = t.join();
    println!("child survived");
}

#[test]
fn stack_overflow_is_still_reported_by_std() {
    if let Some(scenario) = role() {
        return overflow_child(&scenario);
    }
    for scenario in ["installed-before", "installed-after"] {
        let out = run_child("stack_overflow_is_still_reported_by_std", scenario);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("thread 'deep'") && stderr.contains("has overflowed its stack"),
            "{scenario}: {}",
            describe(&out)
        );
        assert_eq!(out.status.signal(), Some(libc::SIGABRT), "{scenario}: {}", describe(&out));
    }
}

// --- threads, alternate signal stacks -----------------------------------------

fn altstack_flags() -> libc::c_int {
    // SAFETY: a zeroed stack_t is valid; only queries.
    unsafe {
        let mut cur: libc::stack_t = std::mem::zeroed();
        assert_eq!(libc::sigaltstack(ptr::null(), &mut cur), 0);
        cur.ss_flags
    }
}

fn disable_altstack() {
    let off = libc::stack_t { ss_sp: ptr::null_mut(), ss_flags: libc::SS_DISABLE, ss_size: 0 };
    // SAFETY: disables this thread's alternate stack (std unmaps its own at
    // thread exit whatever the state).
    assert_eq!(unsafe { libc::sigaltstack(&off, ptr::null_mut()) }, 0);
    assert_ne!(altstack_flags() & libc::SS_DISABLE, 0);
}

/// Runs `f` with an alternate stack of our own, then restores the previous.
fn with_own_altstack(f: impl FnOnce()) {
    let mut stack = vec![0u8; 64 << 10];
    let new = libc::stack_t { ss_sp: stack.as_mut_ptr().cast(), ss_flags: 0, ss_size: stack.len() };
    // SAFETY: a zeroed stack_t is valid; `stack` outlives its use.
    unsafe {
        let mut old: libc::stack_t = std::mem::zeroed();
        assert_eq!(libc::sigaltstack(&new, &mut old), 0);
        assert_eq!(altstack_flags() & libc::SS_DISABLE, 0);
        f();
        assert_eq!(libc::sigaltstack(&old, ptr::null_mut()), 0);
    }
}

#[test]
fn faults_are_recovered_with_and_without_an_alternate_stack() {
    let pages = Arc::new(Pages::with_hole(libc::PROT_NONE));
    let p = pages.clone();
    std::thread::spawn(move || {
        disable_altstack();
        routine_fault(&p, 1);
        routine_fault(&p, 3);
    })
    .join()
    .unwrap();
    let p = pages.clone();
    std::thread::spawn(move || with_own_altstack(|| routine_fault(&p, 1))).join().unwrap();
    // A raw pthread: no alternate stack at all.
    extern "C" fn raw(arg: *mut libc::c_void) -> *mut libc::c_void {
        // SAFETY: `arg` is the Pages the spawner keeps alive until join.
        let p = unsafe { &*(arg as *const Pages) };
        assert_ne!(altstack_flags() & libc::SS_DISABLE, 0);
        routine_fault(p, 1);
        ptr::null_mut()
    }
    // SAFETY: `pages` outlives the thread, which is joined at once.
    unsafe {
        let mut t: libc::pthread_t = std::mem::zeroed();
        let arg = Arc::as_ptr(&pages) as *mut libc::c_void;
        assert_eq!(libc::pthread_create(&mut t, ptr::null(), raw, arg), 0);
        assert_eq!(libc::pthread_join(t, ptr::null_mut()), 0);
    }
}

#[test]
fn a_faulting_thread_does_not_disturb_a_copying_thread() {
    let pages = Arc::new(Pages::with_hole(libc::PROT_NONE));
    let stop = Arc::new(AtomicBool::new(false));
    let run = Duration::from_millis(400);
    let faulter = |no_altstack: bool| {
        let (p, stop) = (pages.clone(), stop.clone());
        std::thread::spawn(move || {
            if no_altstack {
                disable_altstack();
            }
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                routine_fault(&p, 1);
                n += 1;
            }
            n
        })
    };
    let faulters = [faulter(false), faulter(true)];
    let copier = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let src: Vec<u8> = (0..4096).map(common::pattern).collect();
            let zeros = vec![0u8; 4096];
            let mut dst = vec![0u8; 4096];
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let len = 1 + (n as usize * 37) % 4096;
                dst.fill(0);
                // SAFETY: both buffers hold 4096 bytes.
                let left =
                    unsafe { uaccess::copy_from_user(dst.as_mut_ptr(), src.as_ptr() as u64, len) };
                assert_eq!((left, &dst[..len]), (0, &src[..len]));
                // SAFETY: reads only.
                let scan =
                    unsafe { uaccess::check_zeroed_user(zeros.as_ptr() as u64 + 1, len - 1) };
                assert_eq!(scan, Ok(None));
                n += 1;
            }
            n
        })
    };
    let t = Instant::now();
    while t.elapsed() < run {
        std::thread::sleep(Duration::from_millis(10));
    }
    stop.store(true, Ordering::Relaxed);
    let copies = copier.join().unwrap();
    let faults: Vec<u64> = faulters.into_iter().map(|f| f.join().unwrap()).collect();
    assert!(copies > 100 && faults.iter().all(|&n| n > 100), "copies {copies}, faults {faults:?}");
}
