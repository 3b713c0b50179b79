//! Real file descriptors for the runtime's objects
//! ([`Runtime::with_real_fds`](super::Runtime::with_real_fds)).
//!
//! Each runtime fd is then a real, otherwise unused file descriptor of the
//! process: a placeholder `memfd_create("bpf-map", MFD_CLOEXEC)` (named
//! after the kernel's `anon_inode:bpf-map`, `bpf-prog`, `bpf-btf`,
//! `bpf-link`, `bpf-stats`), whose number the runtime hands out. So the
//! numbers never collide with the process's other files, and code that
//! `close(2)`s a runtime fd (libbpf does, on its own probe fds) closes a
//! harmless placeholder instead of someone else's file.
//!
//! The runtime remembers each placeholder's identity (`statx`: device and
//! inode; every memfd has an inode of its own), and trusts an fd number
//! only while it still names that placeholder: after a raw `close(2)` of
//! the placeholder (and maybe a reuse of the number by another file) the
//! number is no runtime fd any more — lookups give what the kernel gives
//! for a file that is no BPF object (`EINVAL`) or for no file (`EBADF`),
//! and the runtime's close neither closes the new file nor succeeds.
//!
//! The runtime never calls `close(2)` while holding its lock, so a program
//! that puts its own `close()` in front of libc's and routes runtime fds to
//! the runtime (as `extabi.h` advises) may do so from any thread.

use core::ffi::{c_char, c_int, c_uint};

use super::err;
use extensible_abi::AbiError;

extern "C" {
    fn memfd_create(name: *const c_char, flags: c_uint) -> c_int;
    fn close(fd: c_int) -> c_int;
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
    fn statx(
        dirfd: c_int,
        path: *const c_char,
        flags: c_int,
        mask: c_uint,
        buf: *mut Statx,
    ) -> c_int;
}

/// `MFD_CLOEXEC`: the kernel's bpf fds are `O_CLOEXEC` too.
const MFD_CLOEXEC: c_uint = 1;
/// `F_GETFD`.
const F_GETFD: c_int = 1;
/// `AT_EMPTY_PATH`: `statx` of the fd itself.
const AT_EMPTY_PATH: c_int = 0x1000;
/// `STATX_INO`.
const STATX_INO: c_uint = 0x100;

/// `struct statx` (256 bytes, the same on every architecture).
#[repr(C, align(8))]
struct Statx([u8; 256]);

/// What a placeholder is: `(st_dev, st_ino)`.
pub(crate) type Identity = (u64, u64);

/// The memfd name of a placeholder for `kind` (`"bpf-map"`, …): a
/// NUL-terminated C string.
pub(crate) fn name(obj: &super::object::Object) -> &'static [u8] {
    use super::object::Object;
    match obj {
        Object::Map(_) => b"bpf-map\0",
        Object::Prog(_) => b"bpf-prog\0",
        Object::Btf(_) => b"bpf-btf\0",
        Object::Link(_) => b"bpf-link\0",
        Object::Stats => b"bpf-stats\0",
    }
}

/// The calling thread's errno.
fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// A new placeholder fd named `name` (NUL-terminated) and its identity;
/// `EMFILE` and the like as the kernel gives them when the process has no
/// fd left.
pub(crate) fn open(name: &'static [u8]) -> Result<(i32, Identity), AbiError> {
    debug_assert_eq!(name.last(), Some(&0));
    // SAFETY: `name` is a NUL-terminated string that lives forever;
    // memfd_create only reads it.
    let fd = unsafe { memfd_create(name.as_ptr().cast(), MFD_CLOEXEC) };
    if fd < 0 {
        return Err(err(errno(), "no file descriptor for the object"));
    }
    match identity(fd) {
        Some(id) => Ok((fd, id)),
        None => {
            let e = errno();
            release(fd);
            Err(err(e, "statx of the new placeholder fd failed"))
        }
    }
}

/// The identity of the file `fd` names, or `None` when `fd` is not open.
pub(crate) fn identity(fd: i32) -> Option<Identity> {
    let mut buf = Statx([0; 256]);
    // SAFETY: the path is an empty NUL-terminated string and `buf` is a
    // writable `struct statx`; statx writes nothing else.
    let r = unsafe { statx(fd, c"".as_ptr(), AT_EMPTY_PATH, STATX_INO, &mut buf) };
    if r != 0 {
        return None;
    }
    let u32_at = |o: usize| u32::from_ne_bytes(buf.0[o..o + 4].try_into().unwrap());
    let ino = u64::from_ne_bytes(buf.0[32..40].try_into().unwrap());
    // stx_dev_major at 136, stx_dev_minor at 140.
    let dev = u64::from(u32_at(136)) << 32 | u64::from(u32_at(140));
    Some((dev, ino))
}

/// Whether `fd` is an open file descriptor of the process.
pub(crate) fn is_open(fd: i32) -> bool {
    // SAFETY: F_GETFD takes no third argument and only reads the fd table.
    unsafe { fcntl(fd, F_GETFD) >= 0 }
}

/// Closes placeholder `fd`. Never called with the runtime's lock held.
pub(crate) fn release(fd: i32) {
    // SAFETY: `fd` is a placeholder this module opened and whose identity
    // the caller has just checked; nothing else uses it.
    unsafe { close(fd) };
}

// Real system calls (memfd_create, statx, fcntl) Miri cannot run.
#[cfg(all(test, not(miri)))]
mod tests {

    use super::*;
    use crate::testing::Fixture;
    use crate::Runtime;
    use extensible_abi::errno as e;
    use extensible_abi_bpf::consts::BPF_MAP_TYPE_ARRAY;

    /// An array map in `t`'s runtime: its fd.
    fn array(t: &mut Fixture) -> i32 {
        t.map(BPF_MAP_TYPE_ARRAY, 8, 4) as i32
    }

    #[test]
    fn fds_are_real_placeholders() {
        let mut t = Fixture::with(Runtime::new().with_real_fds());
        assert!(t.rt.uses_real_fds());
        let fd = array(&mut t);
        assert!(is_open(fd), "fd {fd} is a real fd");
        let link = std::fs::read_link(format!("/proc/self/fd/{fd}")).unwrap();
        assert!(link.to_string_lossy().contains("bpf-map"), "{link:?}");
        assert!(t.rt.lock().get_fd(fd).is_ok());
        let id = identity(fd);
        t.rt.close(fd).unwrap();
        // Closed in the runtime and in the process (another test's thread
        // may take the number at once, but not this memfd's inode).
        assert_ne!(identity(fd), id);
        assert!(t.rt.lock().get_fd(fd).is_err());
        assert_eq!(t.rt.close(fd).unwrap_err().errno(), e::EBADF);
    }

    #[test]
    fn a_raw_close_of_the_placeholder_is_safe() {
        let mut t = Fixture::with(Runtime::new().with_real_fds());
        let fd = array(&mut t);
        release(fd);
        // The number names no runtime object any more, whatever the
        // process opens there next.
        let other = std::fs::File::open("/dev/null").unwrap();
        use std::os::fd::AsRawFd;
        let errno = t.rt.lock().get_fd(fd).unwrap_err().errno();
        assert!(errno == e::EBADF || errno == e::EINVAL, "{errno}");
        // The runtime's close does not close a file it does not own.
        assert_eq!(t.rt.close(fd).unwrap_err().errno(), e::EBADF);
        assert!(is_open(other.as_raw_fd()));
        // stdin and other open non-BPF files: EINVAL, as in the kernel.
        assert_eq!(t.rt.lock().get_fd(other.as_raw_fd()).unwrap_err().errno(), e::EINVAL);
        assert_eq!(t.rt.lock().get_fd(-1).unwrap_err().errno(), e::EBADF);
    }

    #[test]
    fn dropping_the_runtime_closes_its_placeholders() {
        let mut t = Fixture::with(Runtime::new().with_real_fds());
        let fd = array(&mut t);
        let id = identity(fd);
        drop(t);
        assert_ne!(identity(fd), id);
    }

    #[test]
    fn virtual_fds_stay_the_default() {
        let mut t = Fixture::new();
        assert!(!t.rt.uses_real_fds());
        assert_eq!(array(&mut t), 3);
    }
}
