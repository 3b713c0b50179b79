//! The in-process backends of the `bpf()` client
//! ([`extensible_abi_bpf::client::Client`]): the runtime, handed this
//! process's own pointers, read through checked ([`InProcess`]) or direct
//! ([`InProcessDirect`]) user memory.

use extensible_abi::user::{CheckedMemory, DirectMemory};
use extensible_abi_bpf::client::Backend;
#[cfg(doc)]
use extensible_abi_bpf::client::Client;

use crate::Runtime;

/// The in-process runtime, handed this process's own pointers, checked as
/// the kernel checks user pointers ([`with_own_memory`](crate::with_own_memory):
/// copies with fix-ups where the platform has them, else
/// `process_vm_readv`).
#[derive(Debug)]
pub struct InProcess<'a>(pub &'a Runtime);

impl Backend for InProcess<'_> {
    unsafe fn bpf(&self, cmd: u32, attr: &mut [u8], size: u32) -> Result<i64, i32> {
        let addr = attr.as_mut_ptr() as u64;
        // What `with_own_memory` picks, but with the checked memory's type
        // known, so that the runtime's copies call its routines directly.
        // SAFETY: the addresses the runtime touches are `attr` itself and
        // those inside it, which this function's contract makes valid and
        // unaliased for the call.
        let r = match unsafe { CheckedMemory::new() } {
            Some(mut mem) => self.0.bpf(&mut mem, cmd, addr, size),
            // SAFETY: as above.
            None => unsafe { crate::with_own_memory(|mem| self.0.bpf(mem, cmd, addr, size)) },
        };
        r.map_err(|e| e.errno())
    }

    fn close(&self, fd: i32) {
        let _ = self.0.close(fd);
    }

    fn name(&self) -> &'static str {
        "in-process"
    }
}

/// The in-process runtime, handed this process's own pointers and reading
/// them with plain copies ([`DirectMemory`]) instead of [`InProcess`]'s
/// checked copies (see `BENCHMARKS.md` for what that saves).
///
/// Sound because [`Backend::bpf`]'s contract already makes every address
/// in an attr valid for what the command does with it, and [`Client`]
/// builds each from a slice it holds with the length beside it (keys and
/// values checked against the map's sizes first). What is lost is only
/// the safety net: a backend call that broke the contract would be
/// undefined behaviour here, where [`InProcess`] answers `EFAULT`.
#[derive(Debug)]
pub struct InProcessDirect<'a>(pub &'a Runtime);

impl Backend for InProcessDirect<'_> {
    unsafe fn bpf(&self, cmd: u32, attr: &mut [u8], size: u32) -> Result<i64, i32> {
        // SAFETY: the addresses the runtime touches are `attr` itself and
        // those inside it, which this function's contract makes valid and
        // unaliased for the call.
        let mut mem = unsafe { DirectMemory::new() };
        self.0.bpf(&mut mem, cmd, attr.as_mut_ptr() as u64, size).map_err(|e| e.errno())
    }

    fn close(&self, fd: i32) {
        let _ = self.0.close(fd);
    }

    fn name(&self) -> &'static str {
        "in-process (direct)"
    }
}
