//! The differential harness: one set of cases per direction, each run on
//! the live kernel and on the emulator with identical bytes at identical
//! addresses of one arena, then compared on the result and on every mapped
//! byte of the arena.

use extensible_abi::user::UserMemory;
use extensible_abi::{bytes_of, ExtensibleAbi, Layout};

use super::sys::{Arena, PAGE};

/// What a call answered, made comparable: the kernel's fds are closed
/// (and reaped children waited for) before the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Success {
    /// Returned 0.
    Zero,
    /// Returned a new file descriptor (closed since).
    NewFd,
    /// Returned something else (a pid, a count): never expected.
    Other(i64),
    /// The emulator's inputs reached a path it does not model: always a
    /// disagreement, never silently equal.
    Unmodelled(&'static str),
}

/// A call's outcome: success, or the errno.
pub type Outcome = Result<Success, i32>;

/// Where a case's struct starts in the arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// `offset` bytes into the first page (8 KiB mapped from its start).
    Page(usize),
    /// `n` bytes before the hole: byte `n` of the struct is unmapped.
    BeforeHole(usize),
    /// `n` bytes before the end of the hole: the struct's first `n` bytes
    /// are unmapped, the rest lies on the last page.
    InHole(usize),
    /// The NULL pointer.
    Null,
}

impl At {
    /// The address in `arena`.
    pub fn addr(self, arena: &Arena) -> u64 {
        match self {
            At::Page(o) => arena.page0(o),
            At::BeforeHole(n) => arena.hole() - n as u64,
            At::InHole(n) => arena.after_hole() - n as u64,
            At::Null => 0,
        }
    }

    fn describe(self) -> String {
        match self {
            At::Page(0) => "at a page start".into(),
            At::Page(o) => format!("at page offset {o}"),
            At::BeforeHole(n) => format!("{n} bytes before the hole"),
            At::InHole(n) => format!("starting {n} bytes inside the hole"),
            At::Null => "at NULL".into(),
        }
    }
}

/// One case: the caller's struct claims `size` bytes (in the size argument,
/// or in its own size field), starts at `at`, and holds the template's
/// bytes up to its size, then zeros, with `set` bytes (offsets from the
/// struct's start) stored over them: non-zero tail bytes, or bytes past
/// the caller's struct that must never be read.
#[derive(Clone, Debug)]
pub struct Case {
    /// What the case is, for the report.
    pub what: String,
    /// The size the caller claims.
    pub size: u64,
    /// Where the struct starts.
    pub at: At,
    /// Bytes stored over the struct: (offset, value).
    pub set: Vec<(usize, u8)>,
}

impl Case {
    fn new(what: impl Into<String>, size: u64, at: At, set: Vec<(usize, u8)>) -> Case {
        Case { what: what.into(), size, at, set }
    }
}

/// A system call that reads an extensible struct (`copy_struct_from_user`).
pub trait Input {
    /// The struct, defined with the attribute.
    type S: ExtensibleAbi;
    /// The variant's name, for the report.
    fn variant(&self) -> &'static str;
    /// The caller's struct: every field the cases set (a size field is
    /// filled in by the harness).
    fn template(&self) -> Self::S;
    /// The live kernel, on the struct at `addr` (`size` where the size is
    /// an argument).
    fn kernel(&self, addr: u64, size: u64) -> Outcome;
    /// The emulator: the framework's readers on `mem`, then the system
    /// call's own checks after the copy.
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, size: u64) -> Outcome;
}

/// A system call that writes an extensible struct (`copy_struct_to_user`).
pub trait Output {
    /// The struct, defined with the attribute.
    type S: ExtensibleAbi;
    /// The live kernel, writing to the caller's `size` bytes at `addr`.
    fn kernel(&self, addr: u64, size: u64) -> Outcome;
    /// The emulator: the system call's checks, then the framework's writer.
    fn emulate(&self, mem: &mut dyn UserMemory, addr: u64, size: u64) -> Outcome;
}

/// The versions' distinct sizes, oldest first.
pub fn version_sizes(layout: &Layout) -> Vec<usize> {
    let mut v: Vec<usize> = layout.versions.iter().map(|v| v.size).collect();
    v.dedup();
    v
}

/// Where a struct's size lives: in a field (its offset and width), or in a
/// system call argument.
fn size_field(layout: &Layout) -> Option<(usize, usize)> {
    layout.size_field().map(|(f, _)| (f.offset, f.size))
}

/// The cases of a system call that reads `layout`'s struct: every size from
/// 0 to past the struct, the sizes around each version and the page size,
/// bytes past the caller's struct, a non-zero byte at every tail position
/// and at the last byte, unaligned structs, and the page hole (the struct
/// ending at it, its tail or its known part running into it, the struct
/// starting in it), and NULL.
pub fn input_cases(layout: &Layout) -> Vec<Case> {
    let k = layout.size;
    let first = layout.first_size();
    let vers = version_sizes(layout);
    let in_struct = size_field(layout).is_some();
    let huge = if in_struct { u64::from(u32::MAX) } else { u64::MAX };
    let mut c = Vec::new();
    let p = At::Page(0);

    for size in 0..=k + 16 {
        c.push(Case::new(format!("size {size}, zero tail"), size as u64, p, vec![]));
    }
    for size in [k + 24, k + 64, 2048, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE] {
        c.push(Case::new(format!("size {size}, zero tail"), size as u64, p, vec![]));
    }
    c.push(Case::new(format!("size {huge:#x}"), huge, p, vec![]));
    if !in_struct {
        // A size_t argument is read whole: 2^32 + K is not K.
        let size = (1u64 << 32) + k as u64;
        c.push(Case::new(format!("size {size:#x}"), size, p, vec![]));
    }

    // Bytes after the caller's struct are not the caller's: never read.
    let mut garbage_sizes: Vec<usize> = vers.clone();
    garbage_sizes.extend([first + 1, k - 1, k, k + 1, k + 8, PAGE - 64]);
    garbage_sizes.retain(|&s| s >= first && s <= PAGE - 64);
    garbage_sizes.sort_unstable();
    garbage_sizes.dedup();
    for size in garbage_sizes {
        let set = (size..size + 64).map(|i| (i, 0xa5)).collect();
        c.push(Case::new(
            format!("size {size}, 64 bytes 0xa5 after the struct"),
            size as u64,
            p,
            set,
        ));
    }

    // A non-zero byte at every tail position.
    for pos in k..k + 64 {
        let v = if pos % 2 == 0 { 0x01 } else { 0x80 };
        c.push(Case::new(
            format!("size {}, tail byte {pos} = {v:#04x}", k + 64),
            (k + 64) as u64,
            p,
            vec![(pos, v)],
        ));
    }
    // ...and at the last byte.
    for size in [k + 1, k + 2, k + 7, k + 8, k + 9, k + 13, k + 31, 2048, PAGE - 1, PAGE] {
        c.push(Case::new(
            format!("size {size}, last byte {} = 0x5a", size - 1),
            size as u64,
            p,
            vec![(size - 1, 0x5a)],
        ));
    }
    c.push(Case::new(
        format!("size {PAGE}, byte {} = 0x01", PAGE / 2),
        PAGE as u64,
        p,
        vec![(PAGE / 2, 0x01)],
    ));

    // Unaligned structs: the first tail word holds known bytes too.
    for o in 1..8 {
        let at = At::Page(o);
        c.push(Case::new(format!("size {k}"), k as u64, at, vec![]));
        c.push(Case::new(format!("size {}, zero tail", k + 13), (k + 13) as u64, at, vec![]));
        c.push(Case::new(
            format!("size {}, tail byte {k} = 0x5a", k + 13),
            (k + 13) as u64,
            at,
            vec![(k, 0x5a)],
        ));
    }

    // The page hole.
    for &v in &vers {
        c.push(Case::new(
            format!("size {v}, ending at the hole"),
            v as u64,
            At::BeforeHole(v),
            vec![],
        ));
    }
    for size in [k + 1, k + 8, k + 24, PAGE] {
        c.push(Case::new(
            format!("size {size}, tail all in the hole"),
            size as u64,
            At::BeforeHole(k),
            vec![],
        ));
    }
    for mapped in k..=k + 16 {
        let size = (k + 24) as u64;
        let at = At::BeforeHole(mapped);
        c.push(Case::new(format!("size {size}, zero tail into the hole"), size, at, vec![]));
        for pos in k..mapped {
            c.push(Case::new(
                format!("size {size}, tail into the hole, byte {pos} = 0x5a"),
                size,
                at,
                vec![(pos, 0x5a)],
            ));
        }
    }
    for mapped in 0..k {
        c.push(Case::new(
            format!("size {k}, known part crossing the hole"),
            k as u64,
            At::BeforeHole(mapped),
            vec![],
        ));
    }
    for mapped in [8, k - 8, k - 1] {
        let size = (k + 16) as u64;
        c.push(Case::new(
            format!("size {size}, known part and tail crossing the hole"),
            size,
            At::BeforeHole(mapped),
            vec![],
        ));
    }
    for unmapped in [1, 3, 4, 5, 8, 16] {
        let size = k + 16;
        let at = At::InHole(unmapped);
        c.push(Case::new(format!("size {size}, zero tail"), size as u64, at, vec![]));
        c.push(Case::new(
            format!("size {size}, tail byte {} = 0x5a", size - 1),
            size as u64,
            at,
            vec![(size - 1, 0x5a)],
        ));
    }

    if in_struct {
        c.push(Case::new("size field unreadable", k as u64, At::Null, vec![]));
    } else {
        for size in [0, first - 1, first, k, PAGE, PAGE + 1] {
            c.push(Case::new(format!("size {size}"), size as u64, At::Null, vec![]));
        }
    }
    c
}

/// The cases of a system call that writes `layout`'s struct into a buffer
/// prefilled with 0xaa: every size from 0 to past the struct, the page size
/// and beyond, unaligned buffers, the buffer ending at the hole at every
/// length (with sizes below, at and past the struct), starting in it, and
/// NULL. `huge` is the largest size the argument's type holds.
pub fn output_cases(layout: &Layout, huge: u64) -> Vec<Case> {
    let k = layout.size;
    let first = layout.first_size();
    let mut c = Vec::new();
    for size in 0..=k + 16 {
        c.push(Case::new(format!("size {size}"), size as u64, At::Page(0), vec![]));
    }
    for size in [k + 24, k + 64, 2048, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE] {
        c.push(Case::new(format!("size {size}"), size as u64, At::Page(0), vec![]));
    }
    c.push(Case::new(format!("size {huge:#x}"), huge, At::Page(0), vec![]));
    for o in 1..8 {
        for size in [k, k + 9] {
            c.push(Case::new(format!("size {size}"), size as u64, At::Page(o), vec![]));
        }
    }
    for mapped in 0..=k + 24 {
        let mut sizes = vec![first, k, k + 8, k + 24, mapped];
        sizes.sort_unstable();
        sizes.dedup();
        for size in sizes {
            c.push(Case::new(
                format!("size {size}, buffer running into the hole"),
                size as u64,
                At::BeforeHole(mapped),
                vec![],
            ));
        }
    }
    for unmapped in [1, 4, 8] {
        for size in [k, k + 16] {
            c.push(Case::new(format!("size {size}"), size as u64, At::InHole(unmapped), vec![]));
        }
    }
    c.push(Case::new(format!("size {k}"), k as u64, At::Null, vec![]));
    c
}

/// The bytes a caller built for `case` from `template` (size field set).
fn caller_bytes<S: ExtensibleAbi>(template: &S, case: &Case) -> Vec<u8> {
    let layout = S::LAYOUT;
    let k = layout.size;
    let t = bytes_of(template);
    // A size field of 0 stands for the first version (where it does).
    let len = match size_field(layout) {
        Some(_) if case.size == 0 => layout.first_size(),
        _ => usize::try_from(case.size).unwrap_or(usize::MAX).min(k),
    };
    let end = case.set.iter().map(|&(i, _)| i + 1).max().unwrap_or(0).max(k);
    let mut b = vec![0u8; end];
    b[..len].copy_from_slice(&t[..len]);
    if let Some((off, width)) = size_field(layout) {
        let size = u32::try_from(case.size).unwrap_or(u32::MAX);
        b[off..off + width].copy_from_slice(&size.to_ne_bytes()[..width]);
    }
    for &(i, v) in &case.set {
        b[i] = v;
    }
    b
}

/// One case's result on both sides.
#[derive(Debug)]
pub struct Verdict {
    /// The case's full name.
    pub what: String,
    /// The kernel's outcome.
    pub kernel: Outcome,
    /// Whether both sides agree on the outcome and on every byte.
    pub agree: bool,
    /// A full report when they do not.
    pub report: Option<String>,
}

fn describe(o: &Outcome) -> String {
    match o {
        Ok(s) => format!("{s:?}"),
        Err(e) => format!("{} ({e})", support::errno_name(*e)),
    }
}

/// Compares both sides and writes the report of a disagreement: the
/// outcomes and every byte that differs (arena address, offset from the
/// struct, kernel's byte, emulator's byte).
fn verdict(
    what: String,
    arena: &Arena,
    addr: u64,
    kernel: (Outcome, Vec<u8>),
    emulator: (Outcome, Vec<u8>),
) -> Verdict {
    let agree = kernel.0 == emulator.0 && kernel.1 == emulator.1;
    let report = (!agree).then(|| {
        let mut r = format!(
            "DISAGREE {what}\n  kernel:   {}\n  emulator: {}\n",
            describe(&kernel.0),
            describe(&emulator.0)
        );
        let diffs: Vec<usize> =
            (0..kernel.1.len()).filter(|&i| kernel.1[i] != emulator.1[i]).collect();
        for &i in diffs.iter().take(64) {
            let a = arena.snapshot_addr(i);
            r += &format!(
                "  byte at struct{:+}: kernel {:#04x}, emulator {:#04x}\n",
                a as i64 - addr as i64,
                kernel.1[i],
                emulator.1[i]
            );
        }
        if diffs.len() > 64 {
            r += &format!("  ... {} differing bytes in all\n", diffs.len());
        }
        r
    });
    Verdict { what, kernel: kernel.0, agree, report }
}

/// Runs every input case of `call` on both sides.
pub fn run_input<C: Input>(
    name: &str,
    call: &C,
    arena: &mut Arena,
    mem: &mut dyn UserMemory,
) -> Vec<Verdict> {
    let template = call.template();
    input_cases(C::S::LAYOUT)
        .into_iter()
        .map(|case| {
            let addr = case.at.addr(arena);
            let bytes = caller_bytes(&template, &case);
            arena.fill(0);
            if case.at != At::Null {
                arena.store(addr, &bytes);
            }
            let k = call.kernel(addr, case.size);
            let k_mem = arena.snapshot();
            arena.fill(0);
            if case.at != At::Null {
                arena.store(addr, &bytes);
            }
            let e = call.emulate(mem, addr, case.size);
            let e_mem = arena.snapshot();
            let what = format!("{name} [{}] {}, {}", call.variant(), case.what, case.at.describe());
            verdict(what, arena, addr, (k, k_mem), (e, e_mem))
        })
        .collect()
}

/// Runs every output case of `call` on both sides; `huge` as in
/// [`output_cases`].
pub fn run_output<C: Output>(
    name: &str,
    call: &C,
    huge: u64,
    arena: &mut Arena,
    mem: &mut dyn UserMemory,
) -> Vec<Verdict> {
    output_cases(C::S::LAYOUT, huge)
        .into_iter()
        .map(|case| {
            let addr = case.at.addr(arena);
            arena.fill(0xaa);
            let k = call.kernel(addr, case.size);
            let k_mem = arena.snapshot();
            arena.fill(0xaa);
            let e = call.emulate(mem, addr, case.size);
            let e_mem = arena.snapshot();
            let what = format!("{name} {}, {}", case.what, case.at.describe());
            verdict(what, arena, addr, (k, k_mem), (e, e_mem))
        })
        .collect()
}
