//! eBPF-for-Windows' get-info API for C: the functions an
//! eBPF-for-Windows program calls, with libbpf's signatures, served by one
//! process-wide [`Runtime`] profile whose get-info rule the program
//! chooses with [`extabi_win_set_rule`].
//!
//! Declared for C in `core/win-capi/include/extabi_win.h` (the structs
//! with eBPF-for-Windows' names and layouts). `cargo build --release
//! --workspace` builds `target/release/libextabi_win.a` and
//! `libextabi_win.so`; C links with `-lextabi_win` (a static link also
//! needs the libraries `cargo rustc -p extensible-abi-win-capi --release
//! --crate-type staticlib -- --print native-static-libs` lists).
//!
//! The names are libbpf's (`bpf`, `bpf_obj_get_info_by_fd`,
//! `bpf_map_create`, …), as eBPF-for-Windows' own library exports them: a
//! program links this library *instead of* libbpf, never beside it.
//!
//! # The contract
//!
//! - The runtime acts as eBPF-for-Windows v1.5.0 (its layouts, ids, types,
//!   errors), under the rule [`extabi_win_set_rule`] last chose
//!   (`EXTABI_WIN_RULE_V1_5` until then).
//! - The libbpf-style functions return a negative errno and also set
//!   `errno` (eBPF-for-Windows' `libbpf_result_err`); `bpf()` returns a
//!   negative errno and leaves `errno` alone (its contract promises only
//!   the return value); `ebpf_*` functions return an `ebpf_result_t`.
//! - Errno values are the Linux errno of the same name (`ENOBUFS` is 105,
//!   `ENOTSUP` 95), and `EOTHER`, which Linux lacks, is
//!   `EXTABI_WIN_EOTHER` (4131) (see `extensible_abi_win::consts`).
//! - Every pointer is the caller's own; each access goes through the
//!   framework's checked user memory, so a bad pointer is `EFAULT` (or
//!   `EBPF_INVALID_POINTER`), never a crash, even where eBPF-for-Windows'
//!   own user library would dereference it and crash.
//! - fds are numbers of the runtime's own table (from 3), not the
//!   process's file descriptors: close them with `ebpf_close_fd`.
//! - Thread-safe; a panic inside (a bug) is `ENOTRECOVERABLE` (131).
//!
//! ```
//! use extabi_win::*;
//!
//! // SAFETY: every pointer passed is a live local of the right size, and
//! // no reference to one is held across a call that writes it.
//! unsafe {
//!     let fd = bpf_map_create(2 /* ARRAY */, c"m".as_ptr(), 4, 8, 1, std::ptr::null());
//!     assert!(fd >= 3);
//!     // Issue #4160: info_len = sizeof(struct bpf_map_info) - sizeof(pinned_path_count).
//!     let mut info = [0u8; 96];
//!     let mut len = 92u32;
//!     extabi_win_set_rule(0); // EXTABI_WIN_RULE_PRE_4286
//!     assert_eq!(bpf_obj_get_info_by_fd(fd, info.as_mut_ptr().cast(), &mut len), -105); // -ENOBUFS
//!     extabi_win_set_rule(1); // EXTABI_WIN_RULE_V1_5: #4286
//!     assert_eq!(bpf_obj_get_info_by_fd(fd, info.as_mut_ptr().cast(), &mut len), 0);
//!     assert_eq!(len, 92);
//! }
//! ```

#![cfg(target_os = "linux")]
#![deny(missing_docs)]
#![allow(non_camel_case_types)] // C's struct names

pub mod opts;

use core::ffi::{c_char, c_int, c_uint, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use extensible_abi::user::{self, UserMemory};
use extensible_abi_win::consts::{errno, EbpfResult};
use extensible_abi_win::{release, Error, Guid, MapCreateOpts, Rule, Runtime, BPF_OBJ_NAME_LEN};

use opts::{bpf_map_create_opts, bpf_prog_load_opts, PROG_LOAD_OPTS_READ};

/// `ENOTRECOVERABLE`: what a panic inside the library is reported as.
const ENOTRECOVERABLE: c_int = 131;

extern "C" {
    /// glibc's and musl's per-thread `errno`.
    fn __errno_location() -> *mut c_int;
}

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// The process-wide runtime, created on first use: v1.5.0 under its own
/// rule.
pub fn runtime() -> &'static Runtime {
    RUNTIME.get_or_init(|| Runtime::new(release(1, 5), Rule::V1_5))
}

fn set_errno(e: c_int) {
    // SAFETY: `__errno_location` returns a valid pointer to the calling
    // thread's errno, writable for the life of the thread.
    unsafe { *__errno_location() = e };
}

/// Runs `f` on this process's memory as the runtime's user memory.
/// Returns the value, or the error (`None`: a panic, caught).
///
/// # Safety
///
/// The addresses `f` hands the memory are the C caller's raw pointers: no
/// Rust reference may be live to a byte written through them, and every
/// byte read must be initialized (the C functions' contract).
unsafe fn call<T>(
    f: impl FnOnce(&mut dyn UserMemory) -> Result<T, Error>,
) -> Result<T, Option<Error>> {
    let r = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded to the caller of `call` (the same contract as
        // both constructors').
        match unsafe { user::CheckedMemory::new() } {
            Some(mut mem) => f(&mut mem),
            // SAFETY: as above.
            None => f(&mut unsafe { user::ProcessMemory::new() }),
        }
    }));
    match r {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Some(e)),
        Err(_) => Err(None),
    }
}

/// The errno of a failed [`call`]: a panic is `ENOTRECOVERABLE`.
fn errno_of(e: Option<Error>) -> c_int {
    e.map_or(ENOTRECOVERABLE, |e| e.errno())
}

/// `libbpf_result_err`: the value, or `-errno` with `errno` set.
fn libbpf_ret(r: Result<c_int, Option<Error>>) -> c_int {
    match r {
        Ok(v) => v,
        Err(e) => {
            let e = errno_of(e);
            set_errno(e);
            -e
        }
    }
}

/// A C string argument: its bytes (without the NUL), `None` for NULL;
/// `EBPF_INVALID_ARGUMENT` when it has no NUL in `BPF_OBJ_NAME_LEN` bytes
/// (a name that long does not fit).
fn c_name(mem: &dyn UserMemory, p: *const c_char) -> Result<Vec<u8>, Error> {
    if p.is_null() {
        return Ok(Vec::new());
    }
    extensible_abi_win::read_c_string(mem, p as u64, BPF_OBJ_NAME_LEN)?
        .ok_or(Error::Ebpf(EbpfResult::InvalidArgument))
}

/// `bpf_obj_get_info_by_fd`: fills `info` with the info of the object
/// `bpf_fd` names, `*info_len` bytes at most, under the rule in force;
/// returns 0, or a negative errno with `errno` set. What each rule answers
/// for each `info_len` is in `extabi_win.h`.
///
/// # Safety
///
/// `info` and `info_len` are the caller's pointers: unmapped or read-only
/// ones are answered with `EFAULT`, but memory that is mapped must not be
/// borrowed elsewhere while the call writes it.
#[no_mangle]
pub unsafe extern "C" fn bpf_obj_get_info_by_fd(
    bpf_fd: c_int,
    info: *mut c_void,
    info_len: *mut u32,
) -> c_int {
    // SAFETY: the caller's contract is `call`'s.
    libbpf_ret(unsafe {
        call(|mem| {
            runtime().obj_get_info_by_fd(mem, bpf_fd, info as u64, info_len as u64).map(|()| 0)
        })
    })
}

/// `bpf_map_create`: a new map's fd, or a negative errno with `errno` set.
///
/// # Safety
///
/// `map_name` is NULL or a C string; `opts` is NULL or a `struct
/// bpf_map_create_opts` (48 bytes are read).
#[no_mangle]
pub unsafe extern "C" fn bpf_map_create(
    map_type: c_uint,
    map_name: *const c_char,
    key_size: u32,
    value_size: u32,
    max_entries: u32,
    opts: *const bpf_map_create_opts,
) -> c_int {
    // SAFETY: the caller's contract is `call`'s (only reads).
    libbpf_ret(unsafe {
        call(|mem| {
            let o = if opts.is_null() {
                MapCreateOpts::default()
            } else {
                let o: bpf_map_create_opts =
                    user::read_struct(mem, opts as u64, size_of::<bpf_map_create_opts>())?;
                MapCreateOpts {
                    inner_map_fd: o.inner_map_fd,
                    map_flags: o.map_flags,
                    numa_node: o.numa_node,
                    map_ifindex: o.map_ifindex,
                }
            };
            let name = c_name(mem, map_name)?;
            runtime().map_create(map_type, &name, key_size, value_size, max_entries, o)
        })
    })
}

/// `bpf_prog_load`: a new program's fd, or a negative errno with `errno`
/// set. `insns` are `insn_cnt` `struct bpf_insn`s; a map is referenced as
/// Linux does, an `LDDW` (`BPF_LD | BPF_IMM | BPF_DW`) with `src_reg` 1 and
/// the map's fd in `imm`. `license` is ignored, as eBPF-for-Windows does.
///
/// # Safety
///
/// `prog_name` is NULL or a C string; `insns` points at `insn_cnt`
/// instructions; `opts` is NULL or a `struct bpf_prog_load_opts` (its
/// first 104 bytes are read).
#[no_mangle]
pub unsafe extern "C" fn bpf_prog_load(
    prog_type: c_uint,
    prog_name: *const c_char,
    license: *const c_char,
    insns: *const c_void,
    insn_cnt: usize,
    opts: *const bpf_prog_load_opts,
) -> c_int {
    let _ = license;
    // SAFETY: the caller's contract is `call`'s (only reads).
    libbpf_ret(unsafe {
        call(|mem| {
            let (log_buf, log_size) = if opts.is_null() {
                (0, 0)
            } else {
                let mut o = bpf_prog_load_opts::default();
                let dst = &mut extensible_abi::bytes_of_mut(&mut o)[..PROG_LOAD_OPTS_READ];
                user::read_partial(mem, opts as u64, PROG_LOAD_OPTS_READ, dst, "opts")?;
                (o.log_buf, o.log_size)
            };
            let name = c_name(mem, prog_name)?;
            runtime().prog_load(
                mem,
                prog_type,
                &name,
                insns as u64,
                insn_cnt as u64,
                log_buf,
                log_size.into(),
            )
        })
    })
}

/// `bpf_map_lookup_elem`: 0, or a negative errno with `errno` set.
///
/// # Safety
///
/// `key` and `value` point at the map's key and value sizes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_lookup_elem(
    fd: c_int,
    key: *const c_void,
    value: *mut c_void,
) -> c_int {
    // SAFETY: the caller's contract is `call`'s.
    libbpf_ret(unsafe {
        call(|mem| runtime().map_lookup_elem(mem, fd, key as u64, value as u64).map(|()| 0))
    })
}

/// `bpf_map_update_elem`: 0, or a negative errno with `errno` set.
///
/// # Safety
///
/// `key` and `value` point at the map's key and value sizes.
#[no_mangle]
pub unsafe extern "C" fn bpf_map_update_elem(
    fd: c_int,
    key: *const c_void,
    value: *const c_void,
    flags: u64,
) -> c_int {
    // SAFETY: the caller's contract is `call`'s (only reads).
    libbpf_ret(unsafe {
        call(|mem| runtime().map_update_elem(mem, fd, key as u64, value as u64, flags).map(|()| 0))
    })
}

/// eBPF-for-Windows' `bpf(cmd, attr, size)`: the command's result, or a
/// negative errno (as its return value; `errno` is not set). Models
/// `BPF_MAP_CREATE`, `BPF_MAP_LOOKUP_ELEM`, `BPF_MAP_UPDATE_ELEM`,
/// `BPF_PROG_LOAD` and `BPF_OBJ_GET_INFO_BY_FD` (with the Linux-prefix
/// `sys_bpf_*_info_t` structs); any other command, `BPF_LINK_CREATE`
/// among them, is `-EINVAL`.
///
/// # Safety
///
/// `attr` points at `size` bytes; the addresses inside it are the caller's
/// pointers, as for [`bpf_obj_get_info_by_fd`].
#[no_mangle]
pub unsafe extern "C" fn bpf(cmd: c_int, attr: *mut c_void, size: c_uint) -> c_int {
    // SAFETY: the caller's contract is `call`'s.
    let r = unsafe { call(|mem| runtime().bpf(mem, cmd as u32, attr as u64, size)) };
    match r {
        Ok(v) => v as c_int,
        Err(e) => -errno_of(e),
    }
}

/// `ebpf_program_attach_by_fds`: links the program `program_fd` to an
/// attach point (only XDP is modelled; `attach_type` NULL means the
/// program type's own) with `attach_parameters` (for XDP, the `uint32_t`
/// interface index), and stores the link's fd at `link`. Returns an
/// `ebpf_result_t`. A NULL `link` is `EBPF_INVALID_ARGUMENT` here.
///
/// # Safety
///
/// `attach_type` is NULL or a GUID; `attach_parameters` points at
/// `attach_parameters_size` bytes; `link` at an `fd_t`.
#[no_mangle]
pub unsafe extern "C" fn ebpf_program_attach_by_fds(
    program_fd: c_int,
    attach_type: *const Guid,
    attach_parameters: *const c_void,
    attach_parameters_size: usize,
    link: *mut c_int,
) -> c_uint {
    // SAFETY: the caller's contract is `call`'s.
    let r = unsafe {
        call(|mem| {
            if link.is_null() {
                return Err(Error::Ebpf(EbpfResult::InvalidArgument));
            }
            let guid = if attach_type.is_null() {
                None
            } else {
                Some(user::read_struct::<Guid, _>(mem, attach_type as u64, size_of::<Guid>())?)
            };
            // The parameters become the link's attach data when they fit
            // its 8 bytes; longer ones go to the extension, not modelled.
            let mut params = [0u8; 8];
            let n = if attach_parameters_size <= params.len() { attach_parameters_size } else { 0 };
            if n > 0 {
                let p = attach_parameters as u64;
                user::read_partial(mem, p, n, &mut params[..n], "attach_parameters")?;
            }
            let fd = runtime().link_attach(program_fd, guid, &params[..n])?;
            if let Err(e) = user::write_pod(mem, link as u64, &fd) {
                let _ = runtime().close(fd);
                return Err(e.into());
            }
            Ok(())
        })
    };
    ebpf_result(r)
}

/// `ebpf_close_fd`: closes an fd this library returned; an
/// `ebpf_result_t` (`EBPF_INVALID_FD` for one that is not open).
#[no_mangle]
pub extern "C" fn ebpf_close_fd(fd: c_int) -> c_uint {
    match catch_unwind(|| runtime().close(fd)) {
        Ok(Ok(())) => EbpfResult::Success as c_uint,
        Ok(Err(e)) => e.ebpf_result() as c_uint,
        Err(_) => EbpfResult::Failed as c_uint,
    }
}

/// The `ebpf_result_t` of a [`call`].
fn ebpf_result(r: Result<(), Option<Error>>) -> c_uint {
    let result = match r {
        Ok(()) => EbpfResult::Success,
        Err(Some(e)) => e.ebpf_result(),
        Err(None) => EbpfResult::Failed,
    };
    result as c_uint
}

/// Chooses the get-info rule of every later call:
/// `EXTABI_WIN_RULE_PRE_4286` (0), `EXTABI_WIN_RULE_V1_5` (1) or
/// `EXTABI_WIN_RULE_LINUX` (2). Returns 0, or `-EINVAL` (with `errno`)
/// for another number.
#[no_mangle]
pub extern "C" fn extabi_win_set_rule(rule: c_int) -> c_int {
    match u32::try_from(rule).ok().and_then(Rule::from_raw) {
        Some(r) => {
            runtime().set_rule(r);
            0
        }
        None => libbpf_ret(Err(Some(Error::Errno(errno::EINVAL)))),
    }
}

/// The get-info rule in force (`EXTABI_WIN_RULE_*`).
#[no_mangle]
pub extern "C" fn extabi_win_get_rule() -> c_int {
    runtime().rule() as c_int
}
