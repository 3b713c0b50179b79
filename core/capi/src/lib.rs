//! The C entry point: `extabi_bpf(cmd, attr, size)` with exactly the
//! contract of `syscall(SYS_bpf, cmd, attr, size)`, served by one
//! process-wide in-process [`Runtime`].
//!
//! Declared for C in `core/capi/include/extabi.h`. `cargo build --release
//! -p extensible-abi-capi` builds `target/release/libextabi.a` and
//! `libextabi.so`, so C links with `-lextabi` (a static link also needs
//! `-lpthread -ldl -lm`; `cargo rustc -p extensible-abi-capi --release
//! --crate-type staticlib -- --print native-static-libs` lists them). The
//! crate also builds as an `rlib`, so Rust tests can call the same entry.
//!
//! # The contract
//!
//! - The result of the command (0, a new fd, …) on success; `-1` with
//!   `errno` set to the Linux errno the kernel would give otherwise.
//! - `attr` and every address inside it are this process's own pointers.
//!   They are accessed as the kernel accesses user pointers
//!   ([`with_own_memory`]: copy routines with fix-ups where the platform has
//!   them, else `process_vm_readv`/`process_vm_writev`), so an unmapped or
//!   read-only address gives `EFAULT`, as in the kernel, instead of a
//!   crash.
//! - The fds are real file descriptors of the process
//!   ([`Runtime::with_real_fds`]): each is a placeholder `memfd` (shown as
//!   `/memfd:bpf-map (deleted)` and so on in `/proc/self/fd`) that the
//!   runtime opened and nothing else uses, so their numbers never collide
//!   with the process's files. [`extabi_close`] closes the object and its
//!   placeholder. A plain `close(2)` of one (as libbpf does on its probe
//!   fds) is safe but closes only the placeholder: the object lives on
//!   unreachable until the runtime's close of that number, which then
//!   fails with `EBADF` and leaves whatever file has the number since
//!   alone. So a program that routes `bpf()` to the runtime (say, by
//!   putting its own `syscall()` in front of libc's, as userspace eBPF
//!   runtimes do) should route `close()` too: call `extabi_close(fd)`
//!   first and, when it fails, the real close (`syscall(SYS_close, fd)`);
//!   `tests/libbpf/libbpf_client.c` does this for libbpf. The runtime
//!   never calls `close(2)` while it holds its lock, so such a `close()`
//!   may call back into it.
//! - Thread-safe: the runtime is `Send + Sync`.
//! - A panic inside the runtime (a bug) does not cross into C: the call
//!   returns `-1` with `errno` `ENOTRECOVERABLE`.

#![cfg(target_os = "linux")]
#![deny(missing_docs)]

use core::ffi::{c_int, c_long, c_uint, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use extensible_abi_runtime::{with_own_memory, Runtime};

/// `ENOTRECOVERABLE`: what a panic inside the runtime is reported as.
const ENOTRECOVERABLE: c_int = 131;

extern "C" {
    /// glibc's and musl's per-thread `errno`.
    fn __errno_location() -> *mut c_int;
}

/// The process-wide runtime behind [`extabi_bpf`].
static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// The runtime every C call goes to, created on first use.
fn runtime() -> &'static Runtime {
    RUNTIME.get_or_init(|| Runtime::new().with_real_fds())
}

/// Stores `e` in the calling thread's `errno`.
fn set_errno(e: c_int) {
    // SAFETY: `__errno_location` returns a valid pointer to the calling
    // thread's errno, writable for the life of the thread.
    unsafe { *__errno_location() = e };
}

/// `bpf(cmd, attr, size)` served by the in-process runtime: the command's
/// result, or `-1` with `errno` set.
///
/// # Safety
///
/// `attr` and the addresses inside it are raw pointers from the caller:
/// every byte the command writes (info structs, `info_len`, log buffers,
/// values…) must not be referenced by a live Rust reference during the
/// call, and every byte read must be initialized. Unmapped and read-only
/// addresses are fine: they give `EFAULT`.
#[no_mangle]
pub unsafe extern "C" fn extabi_bpf(cmd: c_int, attr: *mut c_void, size: c_uint) -> c_long {
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller's contract is `with_own_memory`'s: the
        // addresses are its own raw pointers with no Rust reference to them.
        unsafe {
            with_own_memory(|mem| {
                // `cmd` is C's `int`: a negative one is an unknown command,
                // as its `u32` reinterpretation is.
                runtime().bpf(mem, cmd as u32, attr as usize as u64, size)
            })
        }
    }));
    match result {
        Ok(Ok(v)) => v as c_long,
        Ok(Err(e)) => {
            set_errno(e.errno());
            -1
        }
        Err(_) => {
            set_errno(ENOTRECOVERABLE);
            -1
        }
    }
}

/// Closes an fd [`extabi_bpf`] returned, object and placeholder file
/// descriptor: `0`, or `-1` with `errno` `EBADF` when the fd is no live
/// runtime fd (never handed out, already closed, or its placeholder closed
/// by a plain `close(2)`: then the file now at that number is left open,
/// for the caller's real close).
#[no_mangle]
pub extern "C" fn extabi_close(fd: c_int) -> c_int {
    match catch_unwind(|| runtime().close(fd)) {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            set_errno(e.errno());
            -1
        }
        Err(_) => {
            set_errno(ENOTRECOVERABLE);
            -1
        }
    }
}
