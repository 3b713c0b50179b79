//! The kernel's own extensible syscall, `openat2(2)`, and the framework
//! agreeing with it byte for byte.
//!
//! `struct open_how` is defined with `#[extensible_abi]` and handed to the
//! live kernel three ways: as the 24 bytes it is today, as a 64-byte struct
//! of a future caller whose extra fields are zero, and as the same with a
//! future field set. Linux accepts, accepts, and answers `E2BIG` — exactly
//! what `OpenHow::from_partial` says of the same bytes.
//!
//! Run: `cargo run --example openat2`

use extensible_abi::{bytes_of, extensible_abi, ExtensibleAbi};

/// `struct open_how` from `<linux/openat2.h>` (Linux 5.6).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenHow {
    /// `O_*` flags.
    #[abi(since = "5.6", offset = 0)]
    pub flags: u64,
    /// Mode for `O_CREAT`/`O_TMPFILE`.
    #[abi(since = "5.6", offset = 8)]
    pub mode: u64,
    /// `RESOLVE_*` flags.
    #[abi(since = "5.6", offset = 16)]
    pub resolve: u64,
}

/// `O_RDONLY | O_CLOEXEC`.
const O_RDONLY_CLOEXEC: u64 = 0o2000000;
/// `RESOLVE_NO_SYMLINKS`.
const RESOLVE_NO_SYMLINKS: u64 = 0x04;

/// One way of passing `open_how`.
#[derive(Debug)]
pub struct Case {
    /// What the case is.
    pub what: &'static str,
    /// The bytes passed, `size` being their length.
    pub bytes: Vec<u8>,
}

/// The three buffers the example passes.
pub fn cases() -> Vec<Case> {
    let how = OpenHow { flags: O_RDONLY_CLOEXEC, mode: 0, resolve: RESOLVE_NO_SYMLINKS };
    let exact = bytes_of(&how).to_vec();
    let mut zero_tail = vec![0u8; 64];
    assert_eq!(how.copy_truncated(&mut zero_tail), 24);
    let mut set_tail = zero_tail.clone();
    set_tail[40] = 1; // a field of some future open_how, set
    vec![
        Case { what: "24 bytes, today's open_how", bytes: exact },
        Case { what: "64 bytes, unknown tail all zero", bytes: zero_tail },
        Case { what: "64 bytes, unknown tail byte 40 set", bytes: set_tail },
    ]
}

/// What one side said: `Ok` or the errno.
pub type Verdict = Result<(), i32>;

/// The live kernel's verdict on `bytes`, or `None` where openat2 is not
/// available (kernel before 5.6, or a seccomp filter).
pub fn kernel(bytes: &[u8]) -> Option<Verdict> {
    match support::openat2(support::AT_FDCWD, c"/dev/null", bytes) {
        Ok(fd) => {
            support::close(fd);
            Some(Ok(()))
        }
        Err(e) if e == 38 || e == 1 => None, // ENOSYS, EPERM
        Err(e) => Some(Err(e)),
    }
}

/// The framework's verdict on the same bytes.
pub fn framework(bytes: &[u8]) -> Verdict {
    OpenHow::from_partial(bytes).map(|_| ()).map_err(|e| e.errno())
}

fn show(v: Verdict) -> String {
    match v {
        Ok(()) => "accepts".to_owned(),
        Err(e) => format!("{} ({e})", support::errno_name(e)),
    }
}

#[allow(dead_code)]
fn main() {
    println!("openat2(AT_FDCWD, \"/dev/null\", &how, size): the kernel and the framework");
    println!("{:<38} {:>4}  {:<14} from_partial", "open_how passed as", "size", "Linux");
    for case in cases() {
        let k = kernel(&case.bytes).map_or_else(|| "unavailable".to_owned(), show);
        println!(
            "{:<38} {:>4}  {:<14} {}",
            case.what,
            case.bytes.len(),
            k,
            show(framework(&case.bytes))
        );
    }
    println!();
    println!("Same rule on both sides: shorter is fine, longer is fine while the unknown tail is");
    println!("zero, and a set byte the receiver does not know is E2BIG, never silently ignored.");
}
