//! Issue 14 item 10, proofs on the live kernel: Linux's own extensible
//! structs, defined in the `kernel_structs` example through the framework's
//! public API, read and written by the framework as the kernel reads and
//! writes them, case by case, errno and every byte. As root on a kernel
//! with every system call (Linux 6.18 here) nothing may be skipped.

#[path = "../examples/kernel_structs.rs"]
mod example;

use example::diff::{version_sizes, Outcome, Success};
use example::structs::{CloneArgs, FileAttr, MntIdReq, OpenHow, PerfEventAttr, SchedAttr};
use extensible_abi::ExtensibleAbi;

const E2BIG: i32 = 7;
const EFAULT: i32 = 14;
const EINVAL: i32 = 22;
const EBADF: i32 = 9;
const ENOENT: i32 = 2;

/// The published sizes, from the UAPI headers' `*_SIZE_VER*` macros
/// (Linux 6.18): the example's structs must have exactly these versions.
#[test]
fn the_structs_have_the_kernels_versions() {
    assert_eq!(version_sizes(OpenHow::LAYOUT), [24]);
    assert_eq!(version_sizes(CloneArgs::LAYOUT), [64, 80, 88]);
    assert_eq!(version_sizes(SchedAttr::LAYOUT), [48, 56]);
    assert_eq!(version_sizes(PerfEventAttr::LAYOUT), [64, 72, 80, 96, 104, 112, 120, 128, 136]);
    assert_eq!(version_sizes(MntIdReq::LAYOUT), [24, 32]);
    assert_eq!(version_sizes(FileAttr::LAYOUT), [24]);
    // The first version, below which openat2, clone3, statmount and
    // file_*attr say EINVAL (sched_setattr's and perf's size fields E2BIG).
    let firsts = [
        OpenHow::LAYOUT.min_len(),
        CloneArgs::LAYOUT.min_len(),
        MntIdReq::LAYOUT.min_len(),
        FileAttr::LAYOUT.min_len(),
    ];
    assert_eq!(firsts, [24, 64, 24, 24]);
}

#[test]
fn every_live_case_agrees() {
    let s = example::run();
    let mut failures = String::new();
    for r in &s.runs {
        if let Some(why) = &r.skipped {
            println!("{}: skipped: {why}", r.name);
        }
        for v in r.verdicts.iter().filter(|v| !v.agree) {
            failures += v.report.as_deref().unwrap_or(&v.what);
        }
    }
    println!("{}", s.line());
    let names: Vec<&str> = s.runs.iter().map(|r| r.name).collect();
    assert_eq!(names, example::SYSCALLS);
    assert!(failures.is_empty(), "disagreements:\n{failures}");
    assert_eq!(s.agree(), s.cases());

    // As root on a kernel with every call, every call runs.
    let all_there = example::kernel_release().is_some_and(|r| r >= 0x06_12_00);
    if example::sys::is_root() && all_there {
        for r in &s.runs {
            assert_eq!(r.skipped, None, "{} skipped as root on Linux >= 6.18", r.name);
        }
    }
    // A floor per call that runs, so a silently empty run fails.
    for r in s.runs.iter().filter(|r| r.skipped.is_none()) {
        assert!(r.verdicts.len() >= 250, "{}: only {} cases", r.name, r.verdicts.len());
    }
    if s.runs.iter().all(|r| r.skipped.is_none()) {
        assert!(s.cases() >= 4000, "{}", s.line());
    }

    // The kernel's answers themselves, from the rules (independent of the
    // emulator): each call shows every outcome its rules have, so no run
    // agrees by failing the same way throughout, and the observations of
    // the kernel-rules notes hold.
    let fd = Ok(Success::NewFd);
    let zero = Ok(Success::Zero);
    #[rustfmt::skip]
    let facts: [(&str, &str, Outcome); 22] = [
        ("openat2", "[O_RDONLY|O_CLOEXEC of /dev/null] size 23, zero tail, at a page start", Err(EINVAL)),
        ("openat2", "[O_RDONLY|O_CLOEXEC of /dev/null] size 24, zero tail, at a page start", fd.clone()),
        ("openat2", "[O_RDONLY|O_CLOEXEC of /dev/null] size 4096, zero tail, at a page start", fd.clone()),
        ("openat2", "[O_RDONLY|O_CLOEXEC of /dev/null] size 4097, zero tail, at a page start", Err(E2BIG)),
        ("openat2", "[O_RDONLY|O_CLOEXEC of /dev/null] size 32, last byte 31 = 0x5a, at a page start", Err(E2BIG)),
        ("clone3", "[set_tid in the hole] size 64, zero tail, at a page start", Err(EINVAL)),
        ("clone3", "[set_tid in the hole] size 80, zero tail, at a page start", Err(EFAULT)),
        ("clone3", "[exit_signal 1<<32] size 88, zero tail, at a page start", Err(EINVAL)),
        ("sched_setattr", "[the thread's own attributes] size 0, zero tail, at a page start", zero.clone()),
        ("sched_setattr", "[the thread's own attributes] size 47, zero tail, at a page start", Err(E2BIG)),
        ("sched_getattr", "size 47, at a page start", Err(EINVAL)),
        ("sched_getattr", "size 4097, at a page start", Err(EINVAL)),
        ("sched_getattr", "size 64, at a page start", zero.clone()),
        ("perf_event_open", "[software dummy event] size 0, zero tail, at a page start", fd.clone()),
        ("perf_event_open", "[software dummy event] size 63, zero tail, at a page start", Err(E2BIG)),
        ("perf_event_open", "[dummy event, __reserved_2 = 1] size 104, zero tail, at a page start", fd.clone()),
        ("perf_event_open", "[dummy event, __reserved_2 = 1] size 112, zero tail, at a page start", Err(EINVAL)),
        ("statmount", "[mnt_ns_fd not open] size 0, zero tail, at a page start", Err(EINVAL)),
        ("statmount", "[mnt_ns_fd not open] size 24, zero tail, at a page start", Err(EBADF)),
        ("statmount", "[mnt_ns_fd and mnt_ns_id] size 32, zero tail, at a page start", Err(EINVAL)),
        ("file_setattr", "[path that does not exist] size 24, zero tail, at a page start", Err(ENOENT)),
        ("file_getattr", "size 4097, at a page start", Err(E2BIG)),
    ];
    for (name, case, want) in facts {
        let r = s.run(name);
        if r.skipped.is_some() {
            continue;
        }
        let what = format!("{name} {case}");
        let v =
            r.verdicts.iter().find(|v| v.what == what).unwrap_or_else(|| panic!("no case {what}"));
        assert_eq!(v.kernel, want, "{what}");
    }
    let kinds: [(&str, &[Outcome]); 8] = [
        ("openat2", &[fd.clone(), Err(EINVAL), Err(E2BIG), Err(EFAULT)]),
        ("clone3", &[Err(EINVAL), Err(E2BIG), Err(EFAULT)]),
        ("sched_setattr", &[zero.clone(), Err(EINVAL), Err(E2BIG), Err(EFAULT)]),
        ("sched_getattr", &[zero.clone(), Err(EINVAL), Err(EFAULT)]),
        ("perf_event_open", &[fd.clone(), Err(EINVAL), Err(E2BIG), Err(EFAULT)]),
        ("statmount", &[Err(EBADF), Err(EINVAL), Err(E2BIG), Err(EFAULT)]),
        ("file_setattr", &[Err(ENOENT), Err(EINVAL), Err(E2BIG), Err(EFAULT)]),
        ("file_getattr", &[zero, Err(EINVAL), Err(E2BIG), Err(EFAULT)]),
    ];
    for (name, outcomes) in kinds {
        let r = s.run(name);
        for o in outcomes.iter().filter(|_| r.skipped.is_none()) {
            let n = r.verdicts.iter().filter(|v| &v.kernel == o).count();
            assert!(n >= 3, "{name}: {o:?} only {n} times");
        }
    }
}
