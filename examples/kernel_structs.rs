//! Proofs on the live kernel: Linux's own extensible structs, defined here
//! with `#[extensible_abi]` through the framework's public API only, read
//! and written by the framework exactly as the kernel reads and writes them.
//!
//! For each system call an emulator (the struct's attribute, the
//! framework's `user::` readers and writers over real memory checked by
//! `CheckedMemory`, then the system call's own checks after the copy) and
//! the live kernel get the same bytes at the same address of a four-page
//! arena whose third page is a hole, and must give the same errno (or
//! success) and leave every mapped byte of the arena the same (sizes
//! written back, bytes zeroed, partial writes at the hole):
//!
//! - `openat2` (`open_how`: its first version is its only one);
//! - `clone3` (`clone_args`; refused after the copy, so no process is made);
//! - `sched_setattr` / `sched_getattr` (`sched_attr`, on the calling
//!   thread: its size field written back on `E2BIG`; the output zeroed past
//!   the kernel's struct);
//! - `perf_event_open` (`perf_event_attr`, a software dummy event: size 0,
//!   every released size, the size written back on `E2BIG`);
//! - `statmount` (`mnt_id_req`: a size field read strictly);
//! - `file_setattr` / `file_getattr` (`file_attr`), where the kernel has
//!   them.
//!
//! Every size from 0 past the page size, every tail position, zero and
//! non-zero tails, bytes past the caller's struct, unaligned structs, and a
//! page hole at every position that matters. A system call is skipped, with
//! the reason, only where the kernel refuses it (`ENOSYS`, `EPERM`) or is
//! older than the rules emulated (Linux 6.18's).
//!
//! Run: `cargo run --example kernel_structs`

use std::ffi::CString;

use extensible_abi::user::{self, UserMemory};
use extensible_abi::{errno, ExtensibleAbi};

#[path = "kernel_structs/calls.rs"]
pub mod calls;
#[path = "kernel_structs/diff.rs"]
pub mod diff;
#[path = "kernel_structs/structs.rs"]
pub mod structs;
#[path = "kernel_structs/sys.rs"]
pub mod sys;

use calls::*;

/// `ENOSYS`: a system call this kernel lacks.
const ENOSYS: i32 = 38;
use diff::{Input, Verdict};
use structs::{FileAttr, MntIdReq, SchedAttr};
use sys::Arena;

/// The system calls, in the order of the summary line.
pub const SYSCALLS: [&str; 8] = [
    "openat2",
    "clone3",
    "sched_setattr",
    "sched_getattr",
    "perf_event_open",
    "statmount",
    "file_setattr",
    "file_getattr",
];

/// One system call's cases.
#[derive(Debug)]
pub struct Run {
    /// The system call.
    pub name: &'static str,
    /// Why it did not run, where it did not.
    pub skipped: Option<String>,
    /// Every case's verdict.
    pub verdicts: Vec<Verdict>,
}

impl Run {
    /// How many cases agree.
    pub fn agree(&self) -> usize {
        self.verdicts.iter().filter(|v| v.agree).count()
    }
}

/// Every system call's run.
#[derive(Debug)]
pub struct Summary {
    /// In the order of [`SYSCALLS`].
    pub runs: Vec<Run>,
}

impl Summary {
    /// The cases run.
    pub fn cases(&self) -> usize {
        self.runs.iter().map(|r| r.verdicts.len()).sum()
    }

    /// The cases that agree.
    pub fn agree(&self) -> usize {
        self.runs.iter().map(Run::agree).sum()
    }

    /// The run of `name`.
    pub fn run(&self, name: &str) -> &Run {
        self.runs.iter().find(|r| r.name == name).expect("a system call of SYSCALLS")
    }

    /// The summary line.
    pub fn line(&self) -> String {
        let per: Vec<String> = self
            .runs
            .iter()
            .map(|r| match r.skipped {
                Some(_) => format!("{} skipped", r.name),
                None => format!("{} {}", r.name, r.verdicts.len()),
            })
            .collect();
        format!(
            "kernel structs: {} of {} live cases agree ({})",
            self.agree(),
            self.cases(),
            per.join(", ")
        )
    }
}

/// The running kernel's release as `KERNEL_VERSION(x, y, z)`.
pub fn kernel_release() -> Option<u32> {
    let s = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok()?;
    let mut parts = s.trim().split(|c: char| !c.is_ascii_digit()).map(|p| p.parse::<u32>().ok());
    let (x, y) = (parts.next()??, parts.next()??);
    let z = parts.next().flatten().unwrap_or(0).min(255);
    Some(x << 16 | y << 8 | z)
}

fn release_name(v: u32) -> String {
    format!("{}.{}", v >> 16, (v >> 8) & 0xff)
}

/// The release whose rules a system call's emulator follows, where it is
/// newer than the struct's newest version, and why.
fn rules_since(name: &str) -> Option<(u32, &'static str)> {
    match name {
        "sched_getattr" => Some((0x06_0d_00, "copy_struct_to_user, which zeroes past the struct")),
        "statmount" => Some((0x06_12_00, "mnt_ns_fd honoured (6.8's spare had to be 0)")),
        _ => None,
    }
}

/// Why `name` does not run here, if it does not: a kernel older than the
/// rules emulated, or a kernel that refuses it (`first` is the answer to a
/// first, valid call).
fn refusal(name: &str, newest: u32, first: Result<(), i32>) -> Option<String> {
    let (since, why) = rules_since(name).unwrap_or((newest, "the struct's newest version"));
    match kernel_release() {
        Some(r) if r < since => {
            return Some(format!(
                "the kernel ({}) is older than {} ({why})",
                release_name(r),
                release_name(since)
            ))
        }
        _ => {}
    }
    match first {
        Err(e @ (errno::EPERM | errno::EACCES)) => {
            Some(format!("refused here ({}): not privileged", support::errno_name(e)))
        }
        Err(ENOSYS) => Some("this kernel lacks it (ENOSYS)".to_owned()),
        _ => None,
    }
}

/// The newest version of `S` as a release.
fn newest<S: ExtensibleAbi>() -> u32 {
    S::LAYOUT.newest().number
}

/// A run of an input system call, or its skip.
fn input<C: Input>(
    name: &'static str,
    variants: &[C],
    first: Result<(), i32>,
    arena: &mut Arena,
    mem: &mut dyn UserMemory,
) -> Run {
    let skipped = refusal(name, newest::<C::S>(), first);
    let mut verdicts = Vec::new();
    if skipped.is_none() {
        for v in variants {
            verdicts.extend(diff::run_input(name, v, arena, mem));
        }
    }
    Run { name, skipped, verdicts }
}

/// The answer of a first, valid call: only the refusals matter.
fn first_call(r: sys::Ret) -> Result<(), i32> {
    match r {
        Ok(fd) if fd > 0 => {
            sys::close_fd(fd);
            Ok(())
        }
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    }
}

/// An fd number this process does not have open.
fn closed_fd() -> u32 {
    (9999..).find(|&fd| !sys::fd_is_open(fd)).expect("a closed fd") as u32
}

/// The address of a value of ours, for a first call's struct.
fn addr_of<T: ExtensibleAbi>(v: &T) -> u64 {
    extensible_abi::bytes_of(v).as_ptr() as u64
}

/// Runs every case of every system call.
pub fn run() -> Summary {
    let mut arena = Arena::new();
    // SAFETY: every address handed to `mem` is in the arena (mapped by us
    // and never covered by a Rust reference while `mem` reads or writes
    // it), in its hole, or NULL.
    let mut checked = unsafe { user::CheckedMemory::new() };
    // SAFETY: as above, for the fallback where CheckedMemory does not exist.
    let mut process = unsafe { user::ProcessMemory::new() };
    let mem: &mut dyn UserMemory = match checked.as_mut() {
        Some(c) => c,
        None => &mut process,
    };
    let mut runs = vec![openat2(&mut arena, mem), clone3(&mut arena, mem)];
    runs.extend(sched(&mut arena, mem));
    runs.push(perf_event_open(&mut arena, mem));
    runs.push(statmount(&mut arena, mem));
    runs.extend(file_attr(&mut arena, mem));
    Summary { runs }
}

fn openat2(arena: &mut Arena, mem: &mut dyn UserMemory) -> Run {
    let first = first_call(sys::openat2(c"/dev/null", addr_of(&Openat2.template()), 24));
    input("openat2", &[Openat2], first, arena, mem)
}

fn clone3(arena: &mut Arena, mem: &mut dyn UserMemory) -> Run {
    let hole = arena.hole();
    let variants = [Clone3::BadExitSignal, Clone3::SetTidInHole { hole }];
    // Refused after the copy: the call exists.
    let first = match sys::clone3(addr_of(&variants[0].template()), 88) {
        Err(errno::EINVAL) => Ok(()),
        r => first_call(r),
    };
    input("clone3", &variants, first, arena, mem)
}

/// sched_setattr and sched_getattr, with the thread's attributes as the
/// kernel reports them at its own size; sched_setattr must leave them as
/// they were.
fn sched(arena: &mut Arena, mem: &mut dyn UserMemory) -> [Run; 2] {
    let (first_get, current) = match read_back::<SchedAttr>(|a| sys::sched_getattr(a, 56)) {
        Ok(c) => (Ok(()), c),
        Err(e) => (Err(e), SchedAttr::default()),
    };
    let first_set = first_get.and_then(|()| first_call(sys::sched_setattr(addr_of(&current))));
    let variants = [
        SchedSetattr { current, negative_policy: false },
        SchedSetattr { current, negative_policy: true },
    ];
    let set = input("sched_setattr", &variants, first_set, arena, mem);
    if first_get.is_ok() {
        let after = read_back::<SchedAttr>(|a| sys::sched_getattr(a, 56));
        assert_eq!(after, Ok(current), "sched_setattr changed the thread's attributes");
    }
    let skipped = refusal("sched_getattr", newest::<SchedAttr>(), first_get);
    let verdicts = match skipped {
        None => {
            let call = SchedGetattr { current };
            diff::run_output("sched_getattr", &call, u32::MAX.into(), arena, mem)
        }
        Some(_) => vec![],
    };
    [set, Run { name: "sched_getattr", skipped, verdicts }]
}

fn perf_event_open(arena: &mut Arena, mem: &mut dyn UserMemory) -> Run {
    let variants = [PerfEventOpen::Dummy, PerfEventOpen::Reserved2];
    let first = first_call(sys::perf_event_open(addr_of(&variants[0].template())));
    input("perf_event_open", &variants, first, arena, mem)
}

fn statmount(arena: &mut Arena, mem: &mut dyn UserMemory) -> Run {
    let fd = closed_fd();
    let variants = [Statmount::BadNsFd { fd }, Statmount::NsFdAndNsId { fd }];
    let req = MntIdReq { size: 32, ..variants[0].template() };
    // Refused after the copy: the call exists.
    let first = match sys::statmount(addr_of(&req), &mut [0; 512]) {
        Err(errno::EBADF) => Ok(()),
        r => first_call(r),
    };
    input("statmount", &variants, first, arena, mem)
}

/// file_setattr on a path that does not exist, and file_getattr of a file
/// of our own, marked NODUMP so that what the kernel reports is not all
/// zero (removed after).
fn file_attr(arena: &mut Arena, mem: &mut dyn UserMemory) -> [Run; 2] {
    let path = std::env::temp_dir().join(format!("extabi-kstructs-{}", std::process::id()));
    let created = std::fs::File::create(&path).map_err(|e| e.to_string());
    let cpath = CString::new(path.to_string_lossy().into_owned()).expect("no NUL");
    let nodump = FileAttr { fa_xflags: FS_XFLAG_NODUMP, ..Default::default() };
    let first_set = match sys::file_setattr(&cpath, addr_of(&nodump), 24) {
        // A file system without the attribute does not refuse the call.
        Err(e @ (errno::EPERM | errno::EACCES | ENOSYS)) => Err(e),
        _ => Ok(()),
    };
    let set = FileSetattr { missing: missing_path() };
    let set = input("file_setattr", &[set], first_set, arena, mem);

    let (first_get, current) = match read_back::<FileAttr>(|a| sys::file_getattr(&cpath, a, 24)) {
        Ok(c) => (Ok(()), c),
        Err(e) => (Err(e), FileAttr::default()),
    };
    let skipped = refusal("file_getattr", newest::<FileAttr>(), first_get).or_else(|| {
        let p = show(&cpath);
        match (&created, first_get) {
            (Err(e), _) => Some(format!("could not create {p}: {e}")),
            (_, Err(e)) => Some(format!("file_getattr of {p}: {}", support::errno_name(e))),
            _ => None,
        }
    });
    let verdicts = match skipped {
        None => {
            let call = FileGetattr { path: cpath, current };
            diff::run_output("file_getattr", &call, u64::MAX, arena, mem)
        }
        Some(_) => vec![],
    };
    let _ = std::fs::remove_file(&path);
    [set, Run { name: "file_getattr", skipped, verdicts }]
}

#[allow(dead_code)]
fn main() {
    let summary = run();
    for r in &summary.runs {
        match &r.skipped {
            Some(why) => println!("{:<16} skipped: {why}", r.name),
            None => println!("{:<16} {} of {} cases agree", r.name, r.agree(), r.verdicts.len()),
        }
        for v in r.verdicts.iter().filter(|v| !v.agree) {
            print!("{}", v.report.as_deref().unwrap_or(&v.what));
        }
    }
    println!("{}", summary.line());
    if summary.agree() != summary.cases() {
        std::process::exit(1);
    }
}
