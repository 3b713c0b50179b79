//! The in-process runtime against the live kernel, call for call.
//!
//! Every case is a sequence of `bpf()` calls driven into
//! `syscall(SYS_bpf, …)` and into `extensible_abi_runtime::Runtime::bpf`
//! (through `ProcessMemory`, and again through `CheckedMemory`), over the
//! very same attr buffer and real
//! buffers; fds and ids are each backend's own. After every call the
//! errno (or result; for fd-returning commands, that both are fds), every
//! byte written to the attr (info_len, next_id, log_true_size, count, …)
//! and every byte of every buffer must be identical, except the fields
//! listed in `cases::INFO_EXCEPTIONS` (ids, times, JIT and verifier
//! output) and per-step exceptions.
//!
//! Cases for something the runtime does not do (yet) are listed in
//! [`PENDING`] with the reason; they run, and are printed as pending, not
//! passed. A pending case that starts to agree is printed too, so the list
//! shrinks. Where `bpf()` is refused (EPERM, ENOSYS) the suite is skipped
//! with the reason printed.

mod differential;

use std::panic::{catch_unwind, AssertUnwindSafe};

use differential::cases;
use differential::harness::{run_case, Arena, Case};
use extensible_abi::bytes_of;
use extensible_abi_bpf::attr::{bpf_attr_get_id, BPF_MAP_GET_NEXT_ID};

/// Cases that still differ, by exact name, with the reason (reason first).
/// Each is run and printed; none counts as passed; one that starts to
/// agree is printed so it can be removed.
const PENDING: &[(&str, &str)] = &[
    // Map types.
    (
        "only array and hash maps are modelled (documented): others are EINVAL",
        "map/create/type=PERCPU_ARRAY",
    ),
];

fn pending_reason(name: &str) -> Option<&'static str> {
    PENDING
        .iter()
        .find(|(_, n)| *n == name || (n.ends_with('/') && name.starts_with(n)))
        .map(|(r, _)| *r)
}

/// The runtime models this release; another kernel answers differently
/// by design (attr sizes, new checks).
const MODELLED_RELEASE: &str = "6.18";

/// Why the suite cannot compare here, if it cannot: `bpf()` refused, not
/// privileged enough (the id commands need CAP_SYS_ADMIN, BTF_LOAD
/// CAP_BPF), or a kernel release other than the one the runtime models
/// (set `DIFF_ANY_KERNEL=1` to compare anyway).
fn cannot_compare() -> Option<String> {
    if let Some(r) = support::bpf_refused() {
        return Some(r);
    }
    let id = bpf_attr_get_id { start_id: 0x7fff_fffe, ..Default::default() };
    let mut bytes = bytes_of(&id).to_vec();
    // SAFETY: GET_NEXT_ID's attr holds no addresses.
    if let Err(1) = unsafe { support::sys_bpf(BPF_MAP_GET_NEXT_ID, &mut bytes) } {
        return Some("bpf(BPF_MAP_GET_NEXT_ID) is EPERM: the suite needs CAP_SYS_ADMIN".into());
    }
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let major_minor: String = release.trim().split('.').take(2).collect::<Vec<_>>().join(".");
    if major_minor != MODELLED_RELEASE && std::env::var_os("DIFF_ANY_KERNEL").is_none() {
        return Some(format!(
            "the runtime models Linux {MODELLED_RELEASE}; this kernel is {} (set DIFF_ANY_KERNEL=1 to compare anyway)",
            release.trim()
        ));
    }
    None
}

fn all_cases() -> Vec<Case> {
    let mut v = cases::uniform();
    v.extend(cases::ids());
    v.extend(cases::info_errors());
    v.extend(cases::info_objects());
    v.extend(cases::wrong_kind());
    v.extend(cases::ids_of_objects());
    v.extend(cases::map_create());
    v.extend(cases::map_elems());
    v.extend(cases::map_batches());
    v.extend(cases::prog_load());
    v.extend(cases::prog_info_arrays());
    v.extend(cases::prog_test_run());
    v.extend(cases::btf_load());
    v.extend(cases::btf_info_buffers());
    v.extend(cases::links());
    v.extend(cases::prog_misc());
    v.extend(cases::prog_logs());
    v.extend(cases::unmodelled());
    v.extend(cases::map_elem_sizes());
    v.extend(cases::old_levels());
    v.extend(cases::btf_users());
    v.extend(cases::xdp_test_run());
    v.extend(cases::fd_flags_and_closed());
    v.extend(cases::map_batch_resume());
    v.extend(differential::holes::all());
    v
}

#[test]
fn runtime_matches_the_live_kernel() {
    if let Some(reason) = cannot_compare() {
        println!("SKIPPED: {reason}");
        return;
    }
    // A network namespace of this thread's own: the XDP link cases attach
    // to its `lo` (ifindex 1, as in the runtime), which no other process
    // touches. Where that is refused, the host's `lo` is used.
    extern "C" {
        fn unshare(flags: i32) -> i32;
    }
    const CLONE_NEWNET: i32 = 0x4000_0000;
    // SAFETY: unshare(CLONE_NEWNET) only moves this thread into a new
    // network namespace; it touches no memory of ours.
    if unsafe { unshare(CLONE_NEWNET) } == 0 {
        println!("kernel side: this test thread runs in a network namespace of its own");
    } else {
        println!(
            "kernel side: no private network namespace ({}); links attach to the host's lo",
            support::last_errno()
        );
    }
    let cases = all_cases();
    let mut names = std::collections::HashSet::new();
    for c in &cases {
        assert!(names.insert(c.name.clone()), "duplicate case name {}", c.name);
    }
    let open_fds = || std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0);
    let fds_before = open_fds();
    let mut arena = Arena::new();
    let (mut passed, mut failed, mut pending, mut now_passing) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for case in &cases {
        let verdict = catch_unwind(AssertUnwindSafe(|| run_case(case, &mut arena)));
        let (problems, unimplemented) = match verdict {
            Ok(v) => (v.problems, v.unimplemented),
            Err(p) => {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                (vec![format!("    panicked: {msg}")], false)
            }
        };
        match (problems.is_empty(), pending_reason(&case.name)) {
            (true, None) => passed.push(case.name.clone()),
            (true, Some(_)) => now_passing.push(case.name.clone()),
            (false, Some(reason)) => pending.push((case.name.clone(), reason, problems)),
            (false, None) => {
                let note = if unimplemented {
                    " (the runtime answered EOPNOTSUPP: not implemented)"
                } else {
                    ""
                };
                failed.push(format!("MISMATCH {}{note}\n{}", case.name, problems.join("")));
            }
        }
    }
    println!(
        "differential suite: {} cases: {} agree, {} pending, {} mismatch",
        cases.len(),
        passed.len() + now_passing.len(),
        pending.len(),
        failed.len()
    );
    let mut per_cmd = std::collections::BTreeMap::new();
    for c in &cases {
        for &cmd in &c.needs {
            let name = extensible_abi_bpf::attr::command(cmd)
                .map(|c| c.name)
                .unwrap_or("(unknown command)");
            *per_cmd.entry(name).or_insert(0usize) += 1;
        }
    }
    println!("cases per command (a case counts for every command it calls):");
    for (name, n) in &per_cmd {
        println!("  {name}: {n}");
    }
    println!("exceptions per info struct (fields not compared):");
    for (s, fields, why) in cases::INFO_EXCEPTIONS {
        println!("  {s}: {} ({why})", fields.join(", "));
    }
    if !pending.is_empty() {
        println!("PENDING ({}): cases the runtime does not match yet, by reason:", pending.len());
        for (name, reason, problems) in &pending {
            println!("  pending {name}: {reason}");
            if std::env::var_os("DIFF_VERBOSE").is_some() {
                print!("{}", problems.join(""));
            }
        }
    }
    for name in &now_passing {
        println!("  pending case now agrees (remove it from PENDING): {name}");
    }
    for f in &failed {
        println!("{f}");
    }
    let fds_after = open_fds();
    println!("open fds of this process: {fds_before} before the suite, {fds_after} after");
    assert_eq!(fds_before, fds_after, "the suite leaked kernel fds");
    assert!(
        failed.is_empty(),
        "{} of {} cases differ from the live kernel (see above)",
        failed.len(),
        cases.len()
    );
}
