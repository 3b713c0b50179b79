//! Raw system calls and the page-hole arena, without a libc crate.

use std::ffi::{c_int, c_long, c_void, CStr};

extern "C" {
    fn syscall(number: c_long, ...) -> c_long;
    fn mmap(
        addr: *mut c_void,
        len: usize,
        prot: c_int,
        flags: c_int,
        fd: c_int,
        off: i64,
    ) -> *mut c_void;
    fn mprotect(addr: *mut c_void, len: usize, prot: c_int) -> c_int;
    fn munmap(addr: *mut c_void, len: usize) -> c_int;
    fn close(fd: c_int) -> c_int;
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    fn waitpid(pid: c_int, status: *mut c_int, options: c_int) -> c_int;
    fn _exit(status: c_int) -> !;
    fn geteuid() -> u32;
}

/// System call numbers of this architecture.
#[cfg(target_arch = "x86_64")]
mod nr {
    use std::ffi::c_long;
    pub const PERF_EVENT_OPEN: c_long = 298;
    pub const SCHED_SETATTR: c_long = 314;
    pub const SCHED_GETATTR: c_long = 315;
}
/// System call numbers of the generic table (aarch64, riscv64, loongarch64).
#[cfg(not(target_arch = "x86_64"))]
mod nr {
    use std::ffi::c_long;
    pub const PERF_EVENT_OPEN: c_long = 241;
    pub const SCHED_SETATTR: c_long = 274;
    pub const SCHED_GETATTR: c_long = 275;
}
/// The same on every architecture (added after the numbers were unified).
const NR_CLONE3: c_long = 435;
const NR_OPENAT2: c_long = 437;
const NR_STATMOUNT: c_long = 457;
const NR_FILE_GETATTR: c_long = 468;
const NR_FILE_SETATTR: c_long = 469;

/// `AT_FDCWD`.
const AT_FDCWD: c_long = -100;
/// A zero argument (pid 0: the calling thread; flags 0), as a full register.
const ZERO: c_long = 0;
/// A -1 argument (any CPU, no group), as a full register.
const MINUS_ONE: c_long = -1;

/// The page size the kernel's limits use (`PAGE_SIZE`).
pub const PAGE: usize = 4096;

/// What a system call returned: its non-negative result, or the errno.
pub type Ret = Result<i64, i32>;

fn ret(r: c_long) -> Ret {
    if r < 0 {
        Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0))
    } else {
        Ok(r)
    }
}

// SAFETY (all the calls below): the kernel checks every user pointer it is
// handed (EFAULT for one that does not map); the pointers passed point into
// the arena, whose bytes no Rust reference covers during the call, or at
// NUL-terminated strings and buffers owned by the caller.

/// `openat2(AT_FDCWD, path, how, size)`.
pub fn openat2(path: &CStr, how: u64, size: u64) -> Ret {
    // SAFETY: see above.
    ret(unsafe { syscall(NR_OPENAT2, AT_FDCWD, path.as_ptr(), how as c_long, size as c_long) })
}

/// `clone3(args, size)`, for arguments the kernel refuses. Should it ever
/// create a process, the child exits at once and the parent reaps it and
/// reports the pid as the result, so the comparison fails loudly.
pub fn clone3(args: u64, size: u64) -> Ret {
    // SAFETY: see above.
    let r = ret(unsafe { syscall(NR_CLONE3, args as c_long, size as c_long) });
    match r {
        // SAFETY: in a child created by mistake: leave at once, running
        // nothing of the parent's (no destructors, no atexit handlers).
        Ok(0) => unsafe { _exit(0) },
        Ok(pid) => {
            let mut status = 0;
            // SAFETY: reaps the child just created; `status` is ours.
            unsafe {
                waitpid(pid as c_int, &mut status, 0x4000_0000 /* __WALL */)
            };
        }
        Err(_) => {}
    }
    r
}

/// `sched_setattr(0, attr, 0)`: the calling thread.
pub fn sched_setattr(attr: u64) -> Ret {
    // SAFETY: see above.
    ret(unsafe { syscall(nr::SCHED_SETATTR, ZERO, attr as c_long, ZERO) })
}

/// `sched_getattr(0, attr, size, 0)`: the calling thread.
pub fn sched_getattr(attr: u64, size: u32) -> Ret {
    // SAFETY: see above.
    ret(unsafe { syscall(nr::SCHED_GETATTR, ZERO, attr as c_long, c_long::from(size), ZERO) })
}

/// `perf_event_open(attr, 0, -1, -1, 0)`: this thread, any CPU.
pub fn perf_event_open(attr: u64) -> Ret {
    // SAFETY: see above.
    ret(unsafe { syscall(nr::PERF_EVENT_OPEN, attr as c_long, ZERO, MINUS_ONE, MINUS_ONE, ZERO) })
}

/// `statmount(req, buf, size, 0)`.
pub fn statmount(req: u64, buf: &mut [u8]) -> Ret {
    // SAFETY: see above; `buf` is valid for `buf.len()` bytes.
    ret(unsafe {
        syscall(NR_STATMOUNT, req as c_long, buf.as_mut_ptr(), buf.len() as c_long, ZERO)
    })
}

/// `file_getattr(AT_FDCWD, path, attr, size, 0)`.
pub fn file_getattr(path: &CStr, attr: u64, size: u64) -> Ret {
    // SAFETY: see above.
    ret(unsafe {
        syscall(NR_FILE_GETATTR, AT_FDCWD, path.as_ptr(), attr as c_long, size as c_long, ZERO)
    })
}

/// `file_setattr(AT_FDCWD, path, attr, size, 0)`.
pub fn file_setattr(path: &CStr, attr: u64, size: u64) -> Ret {
    // SAFETY: see above.
    ret(unsafe {
        syscall(NR_FILE_SETATTR, AT_FDCWD, path.as_ptr(), attr as c_long, size as c_long, ZERO)
    })
}

/// Whether this process runs as root (effective uid 0).
pub fn is_root() -> bool {
    // SAFETY: geteuid only reads the process's credentials.
    unsafe { geteuid() == 0 }
}

/// Closes a file descriptor the kernel returned.
pub fn close_fd(fd: i64) {
    // SAFETY: `fd` was returned to this process by the call just made and
    // nothing else owns it.
    unsafe { close(fd as c_int) };
}

/// Whether `fd` is open in this process (`fcntl(fd, F_GETFD)`).
pub fn fd_is_open(fd: i32) -> bool {
    // SAFETY: F_GETFD only reads the fd table.
    unsafe {
        fcntl(fd, 1 /* F_GETFD */) >= 0
    }
}

/// Four pages, `RW | RW | none | RW`: a struct placed before the third
/// page runs into a hole, one placed at its end starts in it.
#[derive(Debug)]
pub struct Arena {
    base: *mut u8,
}

/// The arena's pages that are mapped: (offset, length).
const MAPPED: [(usize, usize); 2] = [(0, 2 * PAGE), (3 * PAGE, PAGE)];

impl Default for Arena {
    fn default() -> Arena {
        Arena::new()
    }
}

impl Arena {
    /// Maps the four pages and makes the third one inaccessible.
    pub fn new() -> Arena {
        // SAFETY: a fresh private anonymous mapping; nothing else uses it.
        let p = unsafe { mmap(std::ptr::null_mut(), 4 * PAGE, 3, 0x22, -1, 0) };
        assert!(p as isize != -1, "mmap of the arena failed");
        // SAFETY: the third page of the mapping just made.
        let r = unsafe { mprotect(p.cast::<u8>().add(2 * PAGE).cast(), PAGE, 0) };
        assert_eq!(r, 0, "mprotect of the hole failed");
        Arena { base: p.cast() }
    }

    /// The address of the start of the hole.
    pub fn hole(&self) -> u64 {
        self.base as u64 + 2 * PAGE as u64
    }

    /// The address `offset` bytes into the first page.
    pub fn page0(&self, offset: usize) -> u64 {
        self.base as u64 + offset as u64
    }

    /// The address of the end of the hole (the start of the last page).
    pub fn after_hole(&self) -> u64 {
        self.base as u64 + 3 * PAGE as u64
    }

    /// Sets every mapped byte to `byte`.
    pub fn fill(&mut self, byte: u8) {
        for (off, len) in MAPPED {
            // SAFETY: a mapped, writable range of the arena; no reference
            // to it exists.
            unsafe { self.base.add(off).write_bytes(byte, len) };
        }
    }

    /// Stores `bytes` at `addr`, skipping those that fall outside the
    /// mapped pages (in the hole, or past the arena).
    pub fn store(&mut self, addr: u64, bytes: &[u8]) {
        let base = self.base as u64;
        for (off, len) in MAPPED {
            let (lo, hi) = (base + off as u64, base + (off + len) as u64);
            let from = addr.max(lo);
            let to = addr.saturating_add(bytes.len() as u64).min(hi);
            if from < to {
                let src = &bytes[(from - addr) as usize..(to - addr) as usize];
                // SAFETY: `from..to` lies inside a mapped, writable page of
                // the arena, and no reference to it exists.
                unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), from as *mut u8, src.len()) };
            }
        }
    }

    /// Every mapped byte, in order (the first two pages, then the last).
    pub fn snapshot(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(3 * PAGE);
        for (off, len) in MAPPED {
            // SAFETY: a mapped, readable range of the arena; no one writes
            // it while this slice lives (the arena is `&self` here).
            out.extend_from_slice(unsafe { std::slice::from_raw_parts(self.base.add(off), len) });
        }
        out
    }

    /// The arena address of byte `i` of a [`Arena::snapshot`].
    pub fn snapshot_addr(&self, i: usize) -> u64 {
        let off = if i < 2 * PAGE { i } else { i + PAGE };
        self.base as u64 + off as u64
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`, no longer used.
        unsafe { munmap(self.base.cast(), 4 * PAGE) };
    }
}
