//! Each system call twice: the live kernel, and an emulator built on the
//! framework's public API (the struct's attribute and the `user::` readers
//! and writers) followed by the system call's own checks after the copy, as
//! Linux 6.18 makes them (fs/open.c, kernel/fork.c, kernel/sched/syscalls.c,
//! kernel/events/core.c, fs/namespace.c, fs/file_attr.c).
//!
//! Where the kernel's answer depends on more than the struct's rules, the
//! cases' templates make the answer after the copy known and distinct from
//! the struct rules' own errors: a clone3 refused with `EINVAL` or `EFAULT`
//! before any process exists, a sched_setattr that sets what the thread
//! already has (0) or a negative policy (`EINVAL`), a software dummy perf
//! event (an fd), an `EBADF` statmount for a namespace fd that is not
//! open, an `ENOENT` file_setattr on a path that does not exist. Each
//! template also sets its struct's newest field, so a reader that knew
//! fewer bytes than the kernel would answer `E2BIG` where the kernel goes
//! on. An emulator that meets a struct its template does not explain
//! answers [`Success::Unmodelled`], which never equals the kernel's answer.
//!
//! The writers (sched_getattr, file_getattr) write what the kernel reported
//! in a first call into a buffer of ours at its own size: the content is
//! the kernel's, where and how it lands in the caller's buffer is the
//! framework's.

use std::ffi::{CStr, CString};

use extensible_abi::user::{self, UserMemory};
use extensible_abi::{errno, AbiError, ExtensibleAbi};

use super::diff::{Input, Outcome, Output, Success};
use super::structs::{CloneArgs, FileAttr, MntIdReq, OpenHow, PerfEventAttr, SchedAttr};
use super::sys::{self, PAGE};

/// The errno of a framework error.
fn err(e: AbiError) -> i32 {
    e.errno()
}

/// A size argument as the framework takes it.
fn len(size: u64) -> usize {
    usize::try_from(size).unwrap_or(usize::MAX)
}

/// The kernel's answer with fds closed.
fn fd_or_errno(r: sys::Ret) -> Outcome {
    match r {
        Ok(fd) => {
            sys::close_fd(fd);
            Ok(Success::NewFd)
        }
        Err(e) => Err(e),
    }
}

/// The kernel's answer where success is 0.
fn zero_or_errno(r: sys::Ret) -> Outcome {
    match r {
        Ok(0) => Ok(Success::Zero),
        Ok(v) => Ok(Success::Other(v)),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------- openat2

/// `O_RDONLY | O_CLOEXEC`.
const O_RDONLY_CLOEXEC: u64 = 0o2000000;
/// `RESOLVE_NO_SYMLINKS`: the struct's last field non-zero, so a reader
/// that knew fewer bytes would answer `E2BIG`.
const RESOLVE_NO_SYMLINKS: u64 = 0x04;

/// `openat2(AT_FDCWD, "/dev/null", how, size)` with `O_RDONLY | O_CLOEXEC`
/// and `RESOLVE_NO_SYMLINKS`:
/// an accepted struct opens the file (the fd is closed at once).
#[derive(Debug)]
pub struct Openat2;

impl Input for Openat2 {
    type S = OpenHow;
    fn variant(&self) -> &'static str {
        "O_RDONLY|O_CLOEXEC of /dev/null"
    }
    fn template(&self) -> OpenHow {
        OpenHow { flags: O_RDONLY_CLOEXEC, mode: 0, resolve: RESOLVE_NO_SYMLINKS }
    }
    fn kernel(&self, addr: u64, size: u64) -> Outcome {
        fd_or_errno(sys::openat2(c"/dev/null", addr, size))
    }
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, size: u64) -> Outcome {
        // `usize < OPEN_HOW_SIZE_VER0` (EINVAL) and `usize > PAGE_SIZE`
        // (E2BIG) before the copy, then copy_struct_from_user.
        let how: OpenHow = user::read_struct_limited(&*mem, addr, len(size), PAGE).map_err(err)?;
        // build_open_flags, then the open: for the template's flags, an fd.
        if how == self.template() {
            Ok(Success::NewFd)
        } else {
            Ok(Success::Unmodelled("open_how other than the template's"))
        }
    }
}

// ---------------------------------------------------------------- clone3

/// `CLONE_INTO_CGROUP`.
const CLONE_INTO_CGROUP: u64 = 0x2_0000_0000;
/// `CSIGNAL`.
const CSIGNAL: u64 = 0xff;
/// `_NSIG`.
const NSIG: u64 = 64;
/// The flags `clone3_args_valid` knows: `CLONE_LEGACY_FLAGS |
/// CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP`.
const CLONE3_FLAGS: u64 = 0xffff_ffff | 0x1_0000_0000 | CLONE_INTO_CGROUP;
/// `MAX_PID_NS_LEVEL`.
const MAX_PID_NS_LEVEL: u64 = 32;

/// The two ways clone3 is made to refuse after the copy, with flag bit 63
/// (unknown to `clone3_args_valid`) set in both, so no process is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clone3 {
    /// `exit_signal = 1 << 32`: `EINVAL` in `copy_clone_args_from_user`.
    BadExitSignal,
    /// `set_tid` at the hole, `set_tid_size = 1`: `EFAULT` reading the
    /// array, for a caller of `CLONE_ARGS_SIZE_VER1` (80) or more; for one
    /// of 64, whose struct has no `set_tid`, `EINVAL` (bit 63).
    SetTidInHole {
        /// The hole's address.
        hole: u64,
    },
}

impl Input for Clone3 {
    type S = CloneArgs;
    fn variant(&self) -> &'static str {
        match self {
            Clone3::BadExitSignal => "exit_signal 1<<32",
            Clone3::SetTidInHole { .. } => "set_tid in the hole",
        }
    }
    fn template(&self) -> CloneArgs {
        // `cgroup` (the newest field) is set but unused without
        // CLONE_INTO_CGROUP: a reader that knew fewer bytes would answer
        // E2BIG where the kernel reads it and goes on.
        let base = CloneArgs { flags: 1 << 63, cgroup: 0x5a, ..Default::default() };
        match *self {
            Clone3::BadExitSignal => CloneArgs { exit_signal: 1 << 32, ..base },
            Clone3::SetTidInHole { hole } => CloneArgs { set_tid: hole, set_tid_size: 1, ..base },
        }
    }
    fn kernel(&self, addr: u64, size: u64) -> Outcome {
        zero_or_errno(sys::clone3(addr, size))
    }
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, size: u64) -> Outcome {
        // copy_clone_args_from_user: `usize > PAGE_SIZE` (E2BIG), then
        // `usize < CLONE_ARGS_SIZE_VER0` (EINVAL), then the copy.
        let args: CloneArgs =
            user::read_struct_limited(&*mem, addr, len(size), PAGE).map_err(err)?;
        let einval = Err(errno::EINVAL);
        if args.set_tid_size > MAX_PID_NS_LEVEL
            || (args.set_tid == 0 && args.set_tid_size > 0)
            || (args.set_tid != 0 && args.set_tid_size == 0)
            || args.exit_signal & !CSIGNAL != 0
            || args.exit_signal > NSIG
        {
            return einval;
        }
        let cgroup_ok = args.cgroup <= i32::MAX as u64 && len(size) >= 88;
        if args.flags & CLONE_INTO_CGROUP != 0 && !cgroup_ok {
            return einval;
        }
        if args.set_tid != 0 {
            let mut tids = vec![0u8; args.set_tid_size as usize * 4];
            mem.read(args.set_tid, &mut tids).map_err(err)?;
        }
        // clone3_args_valid: unknown flags.
        if args.flags & !CLONE3_FLAGS != 0 {
            return einval;
        }
        Ok(Success::Unmodelled("clone3 would create a process"))
    }
}

// ---------------------------------------------------------------- sched_setattr

/// `SCHED_FLAG_UTIL_CLAMP_MIN | SCHED_FLAG_UTIL_CLAMP_MAX`.
const SCHED_FLAG_UTIL_CLAMP: u64 = 0x20 | 0x40;
/// `SCHED_ATTR_SIZE_VER1`.
const SCHED_ATTR_SIZE_VER1: u64 = 56;

/// `sched_setattr(0, attr, 0)` on the calling thread, with the attributes
/// `sched_getattr` reports for it.
#[derive(Debug)]
pub struct SchedSetattr {
    /// What the thread has now (`sched_getattr(0, &a, 56, 0)`).
    pub current: SchedAttr,
    /// Whether the policy is made negative (as an `int`): an accepted
    /// struct is then `EINVAL` right after the copy; otherwise an accepted
    /// struct changes nothing and the call returns 0.
    pub negative_policy: bool,
}

impl Input for SchedSetattr {
    type S = SchedAttr;
    fn variant(&self) -> &'static str {
        if self.negative_policy {
            "policy 0x80000000"
        } else {
            "the thread's own attributes"
        }
    }
    fn template(&self) -> SchedAttr {
        if self.negative_policy {
            SchedAttr { sched_policy: 0x8000_0000, ..self.current }
        } else {
            self.current
        }
    }
    fn kernel(&self, addr: u64, _size: u64) -> Outcome {
        zero_or_errno(sys::sched_setattr(addr))
    }
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, _size: u64) -> Outcome {
        if addr == 0 {
            return Err(errno::EINVAL); // `!uattr`, before anything is read
        }
        // sched_copy_attr: the size field by the write-back policy.
        let attr: SchedAttr = user::read_sized(mem, addr, PAGE).map_err(err)?;
        let size = if attr.size == 0 { 48 } else { u64::from(attr.size) };
        if attr.sched_flags & SCHED_FLAG_UTIL_CLAMP != 0 && size < SCHED_ATTR_SIZE_VER1 {
            return Err(errno::EINVAL);
        }
        if (attr.sched_policy as i32) < 0 {
            return Err(errno::EINVAL);
        }
        // __sched_setscheduler with the thread's own policy, nice and
        // slice, and no clamp flags: nothing to change, 0.
        let c = self.current;
        let same = (attr.sched_policy, attr.sched_flags, attr.sched_nice, attr.sched_priority)
            == (c.sched_policy, c.sched_flags, c.sched_nice, c.sched_priority)
            && (attr.sched_runtime, attr.sched_deadline, attr.sched_period)
                == (c.sched_runtime, c.sched_deadline, c.sched_period)
            && c.sched_flags & SCHED_FLAG_UTIL_CLAMP == 0;
        if same {
            Ok(Success::Zero)
        } else {
            Ok(Success::Unmodelled("sched_attr other than the thread's"))
        }
    }
}

// ---------------------------------------------------------------- sched_getattr

/// `sched_getattr(0, attr, size, 0)`: the emulator writes what the kernel
/// reported for the thread at the full size, with `size = min(usize, 56)`.
#[derive(Debug)]
pub struct SchedGetattr {
    /// `sched_getattr(0, &a, 56, 0)` into a buffer of our own.
    pub current: SchedAttr,
}

impl Output for SchedGetattr {
    type S = SchedAttr;
    fn kernel(&self, addr: u64, size: u64) -> Outcome {
        zero_or_errno(sys::sched_getattr(addr, size as u32))
    }
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, size: u64) -> Outcome {
        let size = u64::from(size as u32); // `unsigned int usize`
        let k = SchedAttr::LAYOUT;
        // `!uattr || usize > PAGE_SIZE || usize < SCHED_ATTR_SIZE_VER0`:
        // EINVAL, both limits.
        if addr == 0 || size > PAGE as u64 || size < k.first_size() as u64 {
            return Err(errno::EINVAL);
        }
        let value = SchedAttr { size: size.min(k.size as u64) as u32, ..self.current };
        user::write_struct_zero_extended(mem, addr, len(size), &value).map_err(err)?;
        Ok(Success::Zero)
    }
}

// ---------------------------------------------------------------- perf_event_open

/// `PERF_TYPE_SOFTWARE`.
const PERF_TYPE_SOFTWARE: u32 = 1;
/// `PERF_COUNT_SW_DUMMY`.
const PERF_COUNT_SW_DUMMY: u64 = 9;
/// The bits `disabled`, `exclude_kernel` and `exclude_hv`: an event an
/// unprivileged caller may open under `perf_event_paranoid` 2.
const PERF_BITS: u64 = 1 | 1 << 5 | 1 << 6;
/// `PERF_SAMPLE_MAX` (6.18).
const PERF_SAMPLE_MAX: u64 = 1 << 25;
/// `PERF_FORMAT_MAX` (6.18).
const PERF_FORMAT_MAX: u64 = 1 << 5;

/// `perf_event_open(attr, 0, -1, -1, 0)` of a disabled software dummy
/// event on the calling thread, user space only: an accepted struct opens it (the fd is
/// closed at once).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerfEventOpen {
    /// The dummy event, nothing else set.
    Dummy,
    /// The dummy event with `__reserved_2 = 1` (offset 110, in
    /// `PERF_ATTR_SIZE_VER5`): `EINVAL` from a caller whose struct has
    /// those bytes, the event from one whose struct ends before them.
    Reserved2,
}

impl Input for PerfEventOpen {
    type S = PerfEventAttr;
    fn variant(&self) -> &'static str {
        match self {
            PerfEventOpen::Dummy => "software dummy event",
            PerfEventOpen::Reserved2 => "dummy event, __reserved_2 = 1",
        }
    }
    fn template(&self) -> PerfEventAttr {
        // The dummy event ignores config1-3 and sig_data: set, they make
        // the versions that brought them matter (a reader that knew fewer
        // bytes would answer E2BIG).
        let dummy = PerfEventAttr {
            r#type: PERF_TYPE_SOFTWARE,
            config: PERF_COUNT_SW_DUMMY,
            bits: PERF_BITS,
            config1: 1,
            config2: 2,
            sig_data: 7,
            config3: 3,
            ..Default::default()
        };
        match self {
            PerfEventOpen::Dummy => dummy,
            PerfEventOpen::Reserved2 => PerfEventAttr { __reserved_2: 1, ..dummy },
        }
    }
    fn kernel(&self, addr: u64, _size: u64) -> Outcome {
        fd_or_errno(sys::perf_event_open(addr))
    }
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, _size: u64) -> Outcome {
        // perf_copy_attr: the size field by the write-back policy.
        let attr: PerfEventAttr = user::read_sized(mem, addr, PAGE).map_err(err)?;
        // The reserved bits and fields, unknown sample and read formats.
        if attr.bits >> 38 != 0
            || attr.__reserved_2 != 0
            || attr.aux_action >> 3 != 0
            || attr.sample_type & !(PERF_SAMPLE_MAX - 1) != 0
            || attr.read_format & !(PERF_FORMAT_MAX - 1) != 0
        {
            return Err(errno::EINVAL);
        }
        // A software dummy event, whatever the fields it ignores hold.
        let event =
            PerfEventAttr { size: 0, config1: 0, config2: 0, sig_data: 0, config3: 0, ..attr };
        let dummy = PerfEventAttr {
            config1: 0,
            config2: 0,
            sig_data: 0,
            config3: 0,
            ..PerfEventOpen::Dummy.template()
        };
        if event == dummy {
            Ok(Success::NewFd)
        } else {
            Ok(Success::Unmodelled("perf_event_attr other than the dummy event"))
        }
    }
}

// ---------------------------------------------------------------- statmount

/// `MNT_UNIQUE_ID_OFFSET`: unique mount ids start above it.
const MNT_UNIQUE_ID_OFFSET: u64 = 1 << 31;
/// `STATMOUNT_SB_BASIC`.
const STATMOUNT_SB_BASIC: u64 = 1;

/// `statmount(req, buf, 512, 0)` for a namespace fd that is not open: an
/// accepted request is `EBADF` (fs/namespace.c `grab_requested_mnt_ns`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statmount {
    /// `mnt_ns_fd` = the fd, `mnt_ns_id` = 0: `EBADF`.
    BadNsFd {
        /// An fd number this process does not have open.
        fd: u32,
    },
    /// `mnt_ns_fd` = the fd and `mnt_ns_id = 1` (`MNT_ID_REQ_SIZE_VER1`'s
    /// field): `EINVAL` after the copy from a caller whose struct has the
    /// field's low byte, `EBADF` from one whose struct ends before it.
    NsFdAndNsId {
        /// An fd number this process does not have open.
        fd: u32,
    },
}

impl Input for Statmount {
    type S = MntIdReq;
    fn variant(&self) -> &'static str {
        match self {
            Statmount::BadNsFd { .. } => "mnt_ns_fd not open",
            Statmount::NsFdAndNsId { .. } => "mnt_ns_fd and mnt_ns_id",
        }
    }
    fn template(&self) -> MntIdReq {
        let (fd, ns_id) = match *self {
            Statmount::BadNsFd { fd } => (fd, 0),
            Statmount::NsFdAndNsId { fd } => (fd, 1),
        };
        MntIdReq {
            size: 0,
            mnt_ns_fd: fd,
            mnt_id: MNT_UNIQUE_ID_OFFSET + 1,
            param: STATMOUNT_SB_BASIC,
            mnt_ns_id: ns_id,
        }
    }
    fn kernel(&self, addr: u64, _size: u64) -> Outcome {
        let mut buf = [0u8; 512];
        zero_or_errno(sys::statmount(addr, &mut buf))
    }
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, _size: u64) -> Outcome {
        // copy_mnt_id_req: the size field by the strict policy.
        let req: MntIdReq = user::read_sized(mem, addr, PAGE).map_err(err)?;
        if req.mnt_ns_fd != 0 && req.mnt_ns_id != 0 {
            return Err(errno::EINVAL);
        }
        if req.mnt_id <= MNT_UNIQUE_ID_OFFSET {
            return Err(errno::EINVAL);
        }
        // grab_requested_mnt_ns.
        if req.mnt_ns_id == 0 && req.mnt_ns_fd != 0 && !sys::fd_is_open(req.mnt_ns_fd as i32) {
            return Err(errno::EBADF);
        }
        Ok(Success::Unmodelled("a mount namespace that exists"))
    }
}

// ---------------------------------------------------------------- file_setattr / file_getattr

/// `FS_XFLAGS_MASK` (include/linux/fileattr.h, 6.18).
const FS_XFLAGS_MASK: u64 = 0x8001_fffb;
/// `FS_XFLAG_NODUMP`.
pub const FS_XFLAG_NODUMP: u64 = 0x80;

/// `file_setattr(AT_FDCWD, path, attr, size, 0)` on a path that does not
/// exist: an accepted struct is `ENOENT` (the lookup follows the copy).
#[derive(Debug)]
pub struct FileSetattr {
    /// The missing path.
    pub missing: CString,
}

impl Input for FileSetattr {
    type S = FileAttr;
    fn variant(&self) -> &'static str {
        "path that does not exist"
    }
    fn template(&self) -> FileAttr {
        // The last field set: a reader that knew fewer bytes would answer
        // E2BIG where the kernel reads it (and looks the path up).
        FileAttr { fa_xflags: FS_XFLAG_NODUMP, fa_cowextsize: 1, ..Default::default() }
    }
    fn kernel(&self, addr: u64, size: u64) -> Outcome {
        zero_or_errno(sys::file_setattr(&self.missing, addr, size))
    }
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, size: u64) -> Outcome {
        // `usize > PAGE_SIZE` (E2BIG), `usize < FILE_ATTR_SIZE_VER0`
        // (EINVAL), then copy_struct_from_user.
        let attr: FileAttr =
            user::read_struct_limited(&*mem, addr, len(size), PAGE).map_err(err)?;
        if attr.fa_xflags & !FS_XFLAGS_MASK != 0 {
            return Err(errno::EINVAL); // file_attr_to_fileattr
        }
        if std::path::Path::new(self.missing.to_str().unwrap_or("")).exists() {
            return Ok(Success::Unmodelled("the path exists"));
        }
        Err(errno::ENOENT)
    }
}

/// `file_getattr(AT_FDCWD, path, attr, size, 0)` on a file of our own:
/// the emulator writes what the kernel reported at the full size.
#[derive(Debug)]
pub struct FileGetattr {
    /// The file.
    pub path: CString,
    /// `file_getattr(path, &a, 24)` into a buffer of our own.
    pub current: FileAttr,
}

impl Output for FileGetattr {
    type S = FileAttr;
    fn kernel(&self, addr: u64, size: u64) -> Outcome {
        zero_or_errno(sys::file_getattr(&self.path, addr, size))
    }
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, size: u64) -> Outcome {
        let size = len(size);
        // `usize > PAGE_SIZE` (E2BIG), `usize < FILE_ATTR_SIZE_VER0`
        // (EINVAL), before the lookup.
        user::check_limit(size, PAGE).map_err(err)?;
        if size < FileAttr::LAYOUT.min_len() {
            return Err(errno::EINVAL);
        }
        user::write_struct_zero_extended(mem, addr, size, &self.current).map_err(err)?;
        Ok(Success::Zero)
    }
}

/// A path under `/tmp` that does not exist.
pub fn missing_path() -> CString {
    CString::new(format!("/tmp/extabi-kstructs-missing-{}/none", std::process::id()))
        .expect("no NUL")
}

/// Reads a `T` the kernel wrote into a buffer of ours with `call`.
pub fn read_back<T: ExtensibleAbi>(call: impl FnOnce(u64) -> sys::Ret) -> Result<T, i32> {
    let mut v: T = extensible_abi::zeroed();
    let addr = extensible_abi::bytes_of_mut(&mut v).as_mut_ptr() as u64;
    call(addr)?;
    Ok(v)
}

/// `path` as given, for messages.
pub fn show(path: &CStr) -> String {
    path.to_string_lossy().into_owned()
}
