//! Helpers shared by the workspace's examples and integration tests: raw
//! system calls without a libc crate, and the errno they leave.

#![deny(missing_docs)]

/// The README's Rust examples, run as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

pub mod header_sets;

use std::ffi::c_long;
use std::path::{Path, PathBuf};
use std::process::Command;

extern "C" {
    fn syscall(number: c_long, ...) -> c_long;
}

/// `openat2(2)`'s system call number: the same on every architecture, since
/// it was added (Linux 5.6) after the numbers were unified.
pub const SYS_OPENAT2: c_long = 437;
/// `AT_FDCWD`.
pub const AT_FDCWD: i32 = -100;

/// `openat2(dirfd, path, how, size)`: the new fd, or the errno.
///
/// `how` may point at any number of bytes: `size` is passed as given, so
/// callers can hand the kernel shorter and longer structs than its own.
pub fn openat2(dirfd: i32, path: &std::ffi::CStr, how: &[u8]) -> Result<i32, i32> {
    // SAFETY: `path` is NUL-terminated and `how` is valid for `how.len()`
    // bytes, which is the size passed; the kernel only reads both.
    let r =
        unsafe { syscall(SYS_OPENAT2, dirfd as c_long, path.as_ptr(), how.as_ptr(), how.len()) };
    if r < 0 {
        Err(last_errno())
    } else {
        Ok(r as i32)
    }
}

/// Closes a file descriptor returned by a raw system call.
pub fn close(fd: i32) {
    extern "C" {
        fn close(fd: i32) -> i32;
    }
    // SAFETY: closing an fd this process owns; the result does not matter.
    unsafe { close(fd) };
}

/// The calling thread's errno.
pub fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// The name of a Linux errno value, for readable output.
pub fn errno_name(e: i32) -> &'static str {
    match e {
        1 => "EPERM",
        2 => "ENOENT",
        7 => "E2BIG",
        9 => "EBADF",
        14 => "EFAULT",
        22 => "EINVAL",
        28 => "ENOSPC",
        38 => "ENOSYS",
        _ => "E?",
    }
}

/// `bpf(2)`'s system call number on this architecture.
#[cfg(target_arch = "x86_64")]
pub const SYS_BPF: c_long = 321;
/// `bpf(2)`'s system call number on this architecture.
#[cfg(target_arch = "x86")]
pub const SYS_BPF: c_long = 357;
/// `bpf(2)`'s system call number on this architecture.
#[cfg(target_arch = "arm")]
pub const SYS_BPF: c_long = 386;
/// `bpf(2)`'s system call number on this architecture (the generic table:
/// aarch64, riscv64, loongarch64).
#[cfg(not(any(target_arch = "x86_64", target_arch = "x86", target_arch = "arm")))]
pub const SYS_BPF: c_long = 280;

/// `bpf(cmd, attr, attr.len())` on the live kernel: the non-negative
/// result (often a new fd), or the errno.
///
/// `attr` is mutable because some commands write into it (e.g.
/// `BPF_OBJ_GET_INFO_BY_FD` stores the written length in `info.info_len`).
///
/// # Safety
///
/// Every address inside `attr` that the command writes through (`info`,
/// `log_buf`, `value`, …) must point at memory valid for the length given
/// beside it, with no Rust reference to it live during the call; addresses
/// the command reads must point at initialized memory.
pub unsafe fn sys_bpf(cmd: u32, attr: &mut [u8]) -> Result<i64, i32> {
    // SAFETY: `attr` is valid for reads and writes of `attr.len()` bytes,
    // the size passed; the kernel touches no more. Pointers inside `attr`
    // are covered by this function's contract.
    let r = unsafe { syscall(SYS_BPF, cmd as c_long, attr.as_mut_ptr(), attr.len() as c_long) };
    if r < 0 {
        Err(last_errno())
    } else {
        Ok(r as i64)
    }
}

/// Why the live kernel refuses `bpf()` to this process (`EPERM`: not
/// privileged; `ENOSYS`: no bpf), or `None` where it serves it. Tests that
/// need the live kernel skip, printing this, only in those two cases; any
/// other failure of a tiny `BPF_MAP_CREATE` panics, so a broken machine
/// fails the test instead of skipping it.
pub fn bpf_refused() -> Option<String> {
    use extensible_abi_bpf::attr::{bpf_attr_map_create, BPF_MAP_CREATE};
    let a = bpf_attr_map_create {
        map_type: 2, // BPF_MAP_TYPE_ARRAY
        key_size: 4,
        value_size: 4,
        max_entries: 1,
        ..Default::default()
    };
    let mut bytes = extensible_abi::bytes_of(&a).to_vec();
    // SAFETY: MAP_CREATE's attr holds no addresses.
    match unsafe { sys_bpf(BPF_MAP_CREATE, &mut bytes) } {
        Ok(fd) => {
            close(fd as i32);
            None
        }
        Err(e @ (1 | 38)) => Some(format!("bpf() is refused here: {}", errno_name(e))),
        Err(e) => panic!("bpf(BPF_MAP_CREATE) of a one-entry array failed: errno {e}"),
    }
}

/// The workspace's target directory: a test binary is
/// `<target>/<profile>/deps/<name>-<hash>`.
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("deps dir");
    let profile = deps.parent().expect("profile dir");
    profile.parent().expect("target dir").to_path_buf()
}

/// One of the workspace's C libraries, as a C program links it.
#[derive(Clone, Copy, Debug)]
pub struct CLibrary {
    /// Its package: `extensible-abi-capi`.
    pub package: &'static str,
    /// The static library cargo makes: `libextabi.a`.
    pub file: &'static str,
    /// Its header's directory, relative to the workspace root.
    pub include: &'static str,
    /// The directory under the target directory it is built in (a target
    /// directory of its own: the outer `cargo test` may still hold its
    /// own, and the package's rlib fingerprint stays untouched).
    pub out: &'static str,
}

/// `libextabi`: `extabi_bpf` and `extabi_close`, `extabi.h`.
pub const EXTABI: CLibrary = CLibrary {
    package: "extensible-abi-capi",
    file: "libextabi.a",
    include: "core/capi/include",
    out: "capi",
};

/// `libextabi_win`: eBPF-for-Windows' API, `extabi_win.h`.
pub const EXTABI_WIN: CLibrary = CLibrary {
    package: "extensible-abi-win-capi",
    file: "libextabi_win.a",
    include: "core/win-capi/include",
    out: "win-capi",
};

/// Builds `lib` as a static library under `<target>/<lib.out>`; its path
/// and the native libraries a static link of it needs.
pub fn build_staticlib(
    root: &Path,
    target: &Path,
    lib: &CLibrary,
) -> Result<(PathBuf, Vec<String>), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out_dir = target.join(lib.out);
    let out = Command::new(&cargo)
        .current_dir(root)
        .args(["rustc", "-p", lib.package, "--lib", "--crate-type", "staticlib", "--offline"])
        .arg("--target-dir")
        .arg(&out_dir)
        .args(["--", "--print", "native-static-libs"])
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("running {cargo}: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!("cargo rustc --crate-type staticlib failed:\n{stderr}"));
    }
    let file = out_dir.join("debug").join(lib.file);
    if !file.exists() {
        return Err(format!("{} was not built", file.display()));
    }
    // `note: native-static-libs: -lgcc_s -lutil …` (printed when rustc
    // ran; a cached build prints nothing, so keep glibc's usual set).
    let libs = stderr
        .lines()
        .find_map(|l| l.split("native-static-libs:").nth(1))
        .map(|s| s.split_whitespace().map(String::from).collect())
        .unwrap_or_else(|| {
            ["-lgcc_s", "-lutil", "-lrt", "-lpthread", "-lm", "-ldl", "-lc"]
                .map(String::from)
                .to_vec()
        });
    Ok((file, libs))
}

/// Builds `lib` and compiles `source` (a C file of the workspace, relative
/// to its root) against it, `<linux/bpf.h>` and the library's header, with
/// `extra_libs` before the library's native libraries; returns the
/// executable's path. Panics with cc's output when the build fails.
pub fn compile_c(lib: &CLibrary, source: &str, exe_name: &str, extra_libs: &[&str]) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = target_dir();
    let (file, native) = build_staticlib(&root, &target, lib).unwrap_or_else(|e| panic!("{e}"));
    let exe = target.join(lib.out).join(exe_name);
    let out = Command::new("cc")
        .args(["-std=gnu11", "-pthread", "-Wall", "-Wextra", "-Werror", "-O1", "-I"])
        .arg(root.join(lib.include))
        .arg(root.join(source))
        .arg(&file)
        .args(extra_libs)
        .args(&native)
        .arg("-o")
        .arg(&exe)
        .output()
        .expect("running cc");
    assert!(
        out.status.success(),
        "cc failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    exe
}

/// [`compile_c`] against `libextabi` ([`EXTABI`]).
pub fn compile_c_against_runtime(source: &str, exe_name: &str, extra_libs: &[&str]) -> PathBuf {
    compile_c(&EXTABI, source, exe_name, extra_libs)
}

include!("btf_blobs.rs");
