//! The `runtime_bpf` harness: the runtime's `bpf()` entry over a simulated
//! address space, or ([`Mode::Checked`], the `runtime_bpf_checked` target)
//! over real pages of this process read through `CheckedMemory` with real
//! holes between them (see `real_memory`), driven by a sequence of
//! operations decoded from the fuzzer's bytes.
//!
//! # Input format
//!
//! A sequence of operations, each starting with a tag byte (any byte
//! sequence decodes; a truncated operation ends the input):
//!
//! - tag `0x00..=0xDF` — a `bpf()` call, command `tag % 40` (38 and 39 are
//!   unknown commands): `size_sel: u8`, `n: u8`, then `n % 22` slots of ten
//!   bytes `word: u8, kind: u8, value: u64 (LE)`, each setting the 8-byte
//!   attr word `word % 21` (the attr is 168 bytes, all zero but the slots):
//!   - kind 0 (and anything not below): `value` as it is;
//!   - kind 1: a pointer into buffer `value & 3` at offset
//!     `(value >> 8) % (BUF_LEN + ZONE)`;
//!   - kind 2: a pointer into the read-only page at `(value >> 8) % RO_LEN`;
//!   - kind 3: low half = the `(value & 0xff)`-th fd returned so far in this
//!     input (modulo their count; the raw byte when there is none), high
//!     half = `value >> 32`; kind 4: low half = `value as u32`, high half =
//!     the `(value >> 32 & 0xff)`-th fd; kind 5: both halves fds (selectors
//!     `value & 0xff` and `value >> 32 & 0xff`);
//!   - kind 6: low half = the id of the `(value & 0xff)`-th object created
//!     so far, high half = `value >> 32`;
//!   - kind 7: a pointer into the attr's own page at `(value >> 8) % 4096`.
//!
//!   `size_sel % 8`: 0 the full attr (168), 1 zero, 2 eight, 3 sixteen,
//!   4 a page, 5 a page plus one, 6 the end of the command's last field,
//!   7 `(size_sel >> 3) * 7`.
//! - tag `0xE0..=0xEF` — a memory write: region `tag % 5` (buffers 0..3,
//!   4 the attr page), `offset: u16 (LE)` modulo the region's length,
//!   `len: u8`, then `len` bytes (cut at the region's end).
//! - tag `0xF0..=0xFF` — `close()` of the `sel: u8`-th fd returned so far.
//!
//! At most [`MAX_CALLS`] calls run.
//!
//! An input whose first byte is [`LEVEL_TAG`] runs on a runtime acting as
//! an older kernel: its second byte picks one of [`LEVELS`] (modulo their
//! count), and the operations follow. Anywhere else that byte is a memory
//! write, as above. At an older level the uniform checks follow that
//! release: `sizeof(union bpf_attr)` then, the commands it had, each
//! command's last field then.
//!
//! # Invariants (each a panic)
//!
//! 1. No panic in the runtime.
//! 2. Errnos: every failure's errno is one the kernel can return for that
//!    command ([`crate::errnos`]); an attr over a page is `E2BIG`, a
//!    non-zero byte of the caller's attr past `sizeof(union bpf_attr)` is
//!    `E2BIG`, an unknown command `EINVAL`, a non-zero byte past the
//!    command's last field `EINVAL`, and none of these writes anything.
//! 3. Writes: all memory (the attr page, the four buffers and the writable
//!    zone after each, the read-only page; in the checked mode the whole
//!    page of each) is snapshotted before the call and compared after it; every byte that changed must lie in a range
//!    the command may write according to the attr the kernel would have
//!    read (the caller's bytes up to `size`, zero after): see
//!    [`allowed_writes`]. The read-only page never changes.
//! 4. Results: a command that returns an fd returns the lowest free one
//!    (from 3: the runtime's own fd table); `BPF_PROG_STREAM_READ_BY_FD`
//!    returns at most `stream_buf_len`; every other command returns 0.
//! 5. `close()` succeeds exactly on the fds that are open.

use core::mem::{offset_of, size_of};
use std::collections::BTreeMap;

use std::sync::MutexGuard;

use extensible_abi::user::{SimMemory, UserMemory};
use extensible_abi::AbiError;
use extensible_abi_bpf::attr::{self, *};
use extensible_abi_bpf::info::{bpf_btf_info, bpf_link_info, bpf_map_info, bpf_prog_info};
use extensible_abi_runtime::{release, Runtime, NEWEST_LEVEL};

use crate::errnos;
use crate::real_memory::{self, Confined, Region};

/// The attr's page.
pub const ATTR: u64 = 0x10_0000;
pub const ATTR_PAGE: usize = 4096;
/// `sizeof(union bpf_attr)` in 6.18.
pub const ATTR_SIZE: usize = 168;
pub const ATTR_WORDS: usize = ATTR_SIZE / 8;
/// Four writable buffers, each followed by a writable zone: a pointer near
/// a buffer's end plus a length may reach into it, as a caller's can. The
/// write check, not a canary, decides whether a byte there may change.
/// Each zone ends a page (of `0x20_0000`, `0x30_0000`, …), so that in
/// the checked mode the next byte is a real hole.
pub const BUF: [u64; 4] = [
    0x20_0000 + PAGE_END_OFFSET,
    0x30_0000 + PAGE_END_OFFSET,
    0x40_0000 + PAGE_END_OFFSET,
    0x50_0000 + PAGE_END_OFFSET,
];
pub const BUF_LEN: usize = 512;
pub const ZONE: usize = 64;
const PAGE_END_OFFSET: u64 = (ATTR_PAGE - BUF_LEN - ZONE) as u64;
/// Read-only bytes (ones), ending the page at `0x60_0000`.
pub const RO: u64 = 0x60_0000 + (ATTR_PAGE - RO_LEN) as u64;
pub const RO_LEN: usize = 256;
pub const MAX_CALLS: usize = 32;

/// The most storage one map of an input may take: a create that needs more
/// is `ENOMEM` (`Runtime::with_map_limit`). A map's size is scale, not
/// logic; without the limit one input could ask for a gigabyte-sized
/// array, then copy or hash all of it on every call (tens of ms to
/// seconds under the sanitizer).
pub const MAP_LIMIT: u64 = 64 << 10;

/// As an input's first byte: the next byte picks the ABI level.
pub const LEVEL_TAG: u8 = 0xEF;
/// The kernel releases an input may pick (`KERNEL_VERSION(x, y, 0)`):
/// releases in which attr or info structs or commands changed.
pub const LEVELS: &[u32] = &[
    release(4, 13),
    release(4, 15),
    release(4, 18),
    release(5, 2),
    release(5, 4),
    release(5, 7),
    release(5, 10),
    release(5, 13),
    release(5, 15),
    release(5, 18),
    release(6, 1),
    release(6, 4),
    release(6, 6),
    release(6, 9),
    release(6, 12),
    release(6, 15),
    release(6, 17),
    NEWEST_LEVEL,
];

/// The ABI level an input asks for, and the rest of it.
pub fn split_level(input: &[u8]) -> (u32, &[u8]) {
    match input {
        [LEVEL_TAG, sel, rest @ ..] => (LEVELS[usize::from(*sel) % LEVELS.len()], rest),
        _ => (NEWEST_LEVEL, input),
    }
}

const UNKNOWN_CMD_FIRST: u32 = 38;

/// One slot of a call's attr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub word: u8,
    pub kind: u8,
    pub value: u64,
}

/// One operation of an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Call { cmd: u8, size_sel: u8, slots: Vec<Slot> },
    Write { region: u8, offset: u16, bytes: Vec<u8> },
    Close { sel: u8 },
}

pub mod kind {
    pub const RAW: u8 = 0;
    pub const BUF: u8 = 1;
    pub const RO: u8 = 2;
    pub const FD_LO: u8 = 3;
    pub const FD_HI: u8 = 4;
    pub const FD_BOTH: u8 = 5;
    pub const ID_LO: u8 = 6;
    pub const ATTR_PAGE: u8 = 7;
}

pub mod size {
    pub const FULL: u8 = 0;
    pub const ZERO: u8 = 1;
    pub const PAGE: u8 = 4;
    pub const PAGE_PLUS_ONE: u8 = 5;
    pub const LAST_FIELD: u8 = 6;
}

/// Decodes an input (see the module docs).
pub fn decode(mut input: &[u8]) -> Vec<Op> {
    let mut ops = Vec::new();
    let take = |input: &mut &[u8], n: usize| -> Option<Vec<u8>> {
        if input.len() < n {
            return None;
        }
        let (a, b) = input.split_at(n);
        *input = b;
        Some(a.to_vec())
    };
    while let Some(&tag) = input.first() {
        input = &input[1..];
        let op = match tag {
            0x00..=0xDF => {
                let Some(h) = take(&mut input, 2) else { break };
                let n = usize::from(h[1]) % (ATTR_WORDS + 1);
                let mut slots = Vec::with_capacity(n);
                for _ in 0..n {
                    let Some(s) = take(&mut input, 10) else { break };
                    slots.push(Slot {
                        word: s[0],
                        kind: s[1],
                        value: u64::from_le_bytes(s[2..10].try_into().unwrap()),
                    });
                }
                Op::Call { cmd: tag % 40, size_sel: h[0], slots }
            }
            0xE0..=0xEF => {
                let Some(h) = take(&mut input, 3) else { break };
                let len = usize::from(h[2]).min(input.len());
                let bytes = take(&mut input, len).unwrap();
                Op::Write {
                    region: (tag - 0xE0) % 5,
                    offset: u16::from_le_bytes([h[0], h[1]]),
                    bytes,
                }
            }
            _ => {
                let Some(h) = take(&mut input, 1) else { break };
                Op::Close { sel: h[0] }
            }
        };
        ops.push(op);
    }
    ops
}

/// Encodes operations so that [`decode`] gives them back (for seeds).
pub fn encode(ops: &[Op]) -> Vec<u8> {
    let mut out = Vec::new();
    for op in ops {
        match op {
            Op::Call { cmd, size_sel, slots } => {
                assert!(*cmd < 40 && slots.len() <= ATTR_WORDS);
                out.extend([*cmd, *size_sel, slots.len() as u8]);
                for s in slots {
                    out.extend([s.word, s.kind]);
                    out.extend(s.value.to_le_bytes());
                }
            }
            Op::Write { region, offset, bytes } => {
                assert!(*region < 5 && bytes.len() <= 255);
                out.push(0xE0 + region);
                out.extend(offset.to_le_bytes());
                out.push(bytes.len() as u8);
                out.extend(bytes);
            }
            Op::Close { sel } => out.extend([0xF0, *sel]),
        }
    }
    out
}

/// The kind of object behind an fd.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ObjKind {
    Map,
    Prog,
    Btf,
    Link,
    Stats,
}

/// What the harness knows of a map from the attr that created it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapMeta {
    pub map_type: u32,
    pub key_size: u32,
    pub value_size: u32,
}

#[derive(Clone, Copy, Debug)]
struct Obj {
    kind: ObjKind,
    map: Option<MapMeta>,
}

/// One call's result, for the seed tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub cmd: u32,
    pub result: Result<i64, i32>,
}

/// Which memory the runtime is handed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A simulated address space (`SimMemory`).
    Sim,
    /// Real pages of this process through `CheckedMemory`, with real holes
    /// (`real_memory`; one checked harness at a time per process).
    Checked,
}

/// The memory behind a harness.
enum Space {
    Sim(SimMemory),
    /// The region, held for the harness's lifetime (always `Some`).
    Real(MutexGuard<'static, Option<Region>>),
}

impl Space {
    fn new(mode: Mode) -> Space {
        match mode {
            Mode::Sim => {
                let mut mem = SimMemory::new();
                for &b in &BUF {
                    mem.map(b, &[0u8; BUF_LEN + ZONE], true);
                }
                mem.map(RO, &[1u8; RO_LEN], false);
                mem.map(ATTR, &[0u8; ATTR_PAGE], true);
                Space::Sim(mem)
            }
            Mode::Checked => Space::Real(Region::take((RO, RO_LEN))),
        }
    }

    /// The ranges the write check watches: (start, length, writable). The
    /// simulated space's mapped ranges; the real region's whole pages.
    fn observed(&self) -> Vec<(u64, usize, bool)> {
        match self {
            Space::Sim(_) => {
                let mut v = vec![(ATTR, ATTR_PAGE, true)];
                v.extend(BUF.iter().map(|&b| (b, BUF_LEN + ZONE, true)));
                v.push((RO, RO_LEN, false));
                v
            }
            Space::Real(_) => {
                real_memory::PAGES.iter().map(|p| (p.addr, real_memory::PAGE, p.writable)).collect()
            }
        }
    }

    /// The `len` bytes at `addr` if they are all mapped (in one range).
    fn bytes(&self, addr: u64, len: usize) -> Option<&[u8]> {
        match self {
            Space::Sim(m) => m.bytes(addr, len),
            Space::Real(r) => real_memory::bytes(r.as_ref()?, addr, len),
        }
    }

    /// The harness's own write (the attr, an input's memory write).
    fn write(&mut self, addr: u64, src: &[u8]) {
        match self {
            Space::Sim(m) => m.write(addr, src).expect("the harness's own regions are writable"),
            Space::Real(r) => real_memory::write(r.as_mut().expect("the region"), addr, src),
        }
    }

    /// `bpf()` on this memory, with its concrete type.
    fn bpf(&mut self, rt: &Runtime, cmd: u32, size: u32) -> Result<i64, AbiError> {
        match self {
            Space::Sim(m) => rt.bpf(m, cmd, ATTR, size),
            Space::Real(r) => {
                let mut mem = Confined::new(r.as_mut().expect("the region"));
                rt.bpf(&mut mem, cmd, ATTR, size)
            }
        }
    }
}

/// A runtime, its memory and what the input has created so far.
pub struct Harness {
    rt: Runtime,
    /// The runtime's ABI level.
    level: u32,
    space: Space,
    /// What the write check watches, and its bytes before the call being
    /// checked: kept from call to call, so that a call copies them rather
    /// than allocating.
    observed: Vec<(u64, usize, bool)>,
    before: Vec<Vec<u8>>,
    /// Every fd returned so far, in order (closed ones stay: the selectors
    /// may pick them).
    fds: Vec<i32>,
    /// The ids of the objects created so far.
    ids: Vec<u32>,
    open: BTreeMap<i32, Obj>,
    /// Map metadata by map id, for fds from `BPF_MAP_GET_FD_BY_ID`.
    map_by_id: BTreeMap<u32, MapMeta>,
    pub outcomes: Vec<Outcome>,
    /// Print every call (`RUNTIME_BPF_DEBUG=1`).
    debug: bool,
}

impl Default for Harness {
    fn default() -> Self {
        Self::new()
    }
}

impl Harness {
    pub fn new() -> Self {
        Self::at(NEWEST_LEVEL)
    }

    /// A harness whose runtime acts as kernel release `level`.
    pub fn at(level: u32) -> Self {
        Self::in_mode(Mode::Sim, level)
    }

    /// A harness on memory `mode` whose runtime acts as release `level`.
    pub fn in_mode(mode: Mode, level: u32) -> Self {
        let space = Space::new(mode);
        let observed = space.observed();
        let before = observed.iter().map(|&(_, len, _)| vec![0u8; len]).collect();
        Harness {
            rt: Runtime::with_abi_level(level).with_map_limit(MAP_LIMIT),
            level,
            space,
            observed,
            before,
            fds: Vec::new(),
            ids: Vec::new(),
            open: BTreeMap::new(),
            map_by_id: BTreeMap::new(),
            outcomes: Vec::new(),
            debug: std::env::var_os("RUNTIME_BPF_DEBUG").is_some(),
        }
    }

    /// Runs a whole input.
    pub fn run_input(input: &[u8]) -> Vec<Outcome> {
        Self::run_input_in(Mode::Sim, input)
    }

    /// Runs a whole input on memory `mode`.
    pub fn run_input_in(mode: Mode, input: &[u8]) -> Vec<Outcome> {
        let (level, input) = split_level(input);
        let mut h = Harness::in_mode(mode, level);
        let mut calls = 0;
        for op in decode(input) {
            if matches!(op, Op::Call { .. }) {
                calls += 1;
                if calls > MAX_CALLS {
                    break;
                }
            }
            h.op(&op);
        }
        h.outcomes
    }

    fn fd(&self, sel: u64) -> u32 {
        let sel = (sel & 0xff) as usize;
        if self.fds.is_empty() {
            sel as u32
        } else {
            self.fds[sel % self.fds.len()] as u32
        }
    }

    fn id(&self, sel: u64) -> u32 {
        let sel = (sel & 0xff) as usize;
        if self.ids.is_empty() {
            sel as u32
        } else {
            self.ids[sel % self.ids.len()]
        }
    }

    fn word(&self, s: &Slot) -> u64 {
        let v = s.value;
        let hi = v >> 32;
        match s.kind % 8 {
            kind::BUF => BUF[(v & 3) as usize] + (v >> 8) % (BUF_LEN + ZONE) as u64,
            kind::RO => RO + (v >> 8) % RO_LEN as u64,
            kind::FD_LO => u64::from(self.fd(v)) | hi << 32,
            kind::FD_HI => (v & 0xffff_ffff) | u64::from(self.fd(hi)) << 32,
            kind::FD_BOTH => u64::from(self.fd(v)) | u64::from(self.fd(hi)) << 32,
            kind::ID_LO => u64::from(self.id(v)) | hi << 32,
            kind::ATTR_PAGE => ATTR + (v >> 8) % ATTR_PAGE as u64,
            _ => v,
        }
    }

    /// Runs one operation and checks the invariants.
    pub fn op(&mut self, op: &Op) {
        match op {
            Op::Write { region, offset, bytes } => {
                let (base, len) = match region % 5 {
                    4 => (ATTR, ATTR_PAGE),
                    r => (BUF[usize::from(r)], BUF_LEN + ZONE),
                };
                let off = usize::from(*offset) % len;
                let n = bytes.len().min(len - off);
                self.space.write(base + off as u64, &bytes[..n]);
            }
            Op::Close { sel } => {
                let fd = self.fd(u64::from(*sel)) as i32;
                let r = self.rt.close(fd);
                let was_open = self.open.remove(&fd).is_some();
                match r {
                    Ok(()) => assert!(
                        was_open,
                        "close({fd}) succeeded on an fd the runtime never returned"
                    ),
                    Err(e) => {
                        assert!(!was_open, "close({fd}) of an open fd failed: {e}");
                        assert_eq!(e.errno(), errnos::EBADF, "close({fd}): {e}");
                    }
                }
            }
            Op::Call { cmd, size_sel, slots } => self.call(u32::from(*cmd), *size_sel, slots),
        }
    }

    fn attr(&self, slots: &[Slot]) -> [u8; ATTR_SIZE] {
        let mut attr = [0u8; ATTR_SIZE];
        for s in slots {
            let at = usize::from(s.word) % ATTR_WORDS * 8;
            attr[at..at + 8].copy_from_slice(&self.word(s).to_le_bytes());
        }
        attr
    }

    /// The ranges a full-size call with these slots may write, now (for
    /// the tests of the write check itself).
    pub fn allowed_for(&self, cmd: u32, slots: &[Slot]) -> Vec<(u64, u64)> {
        self.allowed_writes(cmd, &self.attr(slots), ATTR_SIZE as u32)
    }

    fn call(&mut self, cmd: u32, size_sel: u8, slots: &[Slot]) {
        let mut attr = self.attr(slots);
        if cmd == BPF_PROG_TEST_RUN {
            // `repeat` runs the program that many times, as the kernel does:
            // capped so that one input cannot run for minutes.
            let at = offset_of!(bpf_attr_test, repeat);
            let repeat = u32_at(&attr, at) % 4;
            attr[at..at + 4].copy_from_slice(&repeat.to_le_bytes());
        }
        // The command as this release knows it, with its last field then.
        let command = attr::command(cmd).filter(|c| c.since <= self.level);
        let last_field = command.map(|c| c.last_field_end.min(c.attr.size_at(self.level)));
        let size: u32 = match size_sel % 8 {
            0 => ATTR_SIZE as u32,
            1 => 0,
            2 => 8,
            3 => 16,
            4 => 4096,
            5 => 4097,
            6 => last_field.unwrap_or(ATTR_SIZE) as u32,
            _ => u32::from(size_sel >> 3) * 7,
        };
        self.space.write(ATTR, &attr);

        // The attr as the kernel reads it: the caller's bytes up to `size`.
        let mut kattr = [0u8; ATTR_SIZE];
        let n = (size as usize).min(ATTR_SIZE);
        kattr[..n].copy_from_slice(&attr[..n]);

        // What the uniform path must answer, if anything.
        let page = self.space.bytes(ATTR, ATTR_PAGE).unwrap();
        let page = &page[..(size as usize).min(ATTR_PAGE)];
        let over_page = size as usize > ATTR_PAGE;
        let attr_size = self.rt.attr_size();
        let uniform: Option<i32> = if over_page || !is_zero(&page[attr_size.min(page.len())..]) {
            Some(errnos::E2BIG)
        } else {
            match last_field.filter(|_| cmd < UNKNOWN_CMD_FIRST) {
                None => Some(errnos::EINVAL),
                Some(last) if !is_zero(&kattr[last..]) => Some(errnos::EINVAL),
                Some(_) => None,
            }
        };

        let allowed =
            if uniform.is_some() { Vec::new() } else { self.allowed_writes(cmd, &kattr, size) };
        self.snapshot();
        let r = self.space.bpf(&self.rt, cmd, size);
        if self.debug {
            eprintln!("bpf(cmd {cmd}, size {size}) = {r:?}");
        }

        // Writes. Slices are compared whole, then by 64-byte chunk, before
        // byte by byte: the fuzzer's instrumentation hooks every compare,
        // and a byte loop over all memory would dominate the run time.
        for (&(base, len, writable), b) in self.observed.iter().zip(&self.before) {
            let a = self.space.bytes(base, len).expect("an observed range is mapped");
            if b == a {
                continue;
            }
            for (c, (cb, ca)) in b.chunks(64).zip(a.chunks(64)).enumerate() {
                if cb == ca {
                    continue;
                }
                for (i, (x, y)) in cb.iter().zip(ca).enumerate() {
                    if x != y {
                        let addr = base + (c * 64 + i) as u64;
                        assert!(writable, "cmd {cmd}: wrote read-only memory at {addr:#x}");
                        assert!(
                            allowed.iter().any(|&(s, e)| s <= addr && addr < e),
                            "cmd {cmd} (size {size}, result {r:?}): wrote {addr:#x}, outside {allowed:x?}"
                        );
                    }
                }
            }
        }

        // Errnos and results.
        match &r {
            Err(e) => {
                let errno = e.errno();
                if let Some(u) = uniform {
                    assert_eq!(errno, u, "cmd {cmd} size {size}: uniform check: {e}");
                } else {
                    assert!(errnos::allowed(cmd, errno), "cmd {cmd}: errno {errno} ({e})");
                }
            }
            Ok(v) => {
                assert!(uniform.is_none(), "cmd {cmd} size {size}: succeeded past a uniform check");
                self.success(cmd, &kattr, *v);
            }
        }
        self.outcomes.push(Outcome { cmd, result: r.map_err(|e| e.errno()) });
    }

    /// Checks a successful call's result and records the fd it returned.
    fn success(&mut self, cmd: u32, kattr: &[u8; ATTR_SIZE], v: i64) {
        let kind = match cmd {
            BPF_MAP_CREATE | BPF_MAP_GET_FD_BY_ID => ObjKind::Map,
            BPF_PROG_LOAD | BPF_PROG_GET_FD_BY_ID => ObjKind::Prog,
            BPF_BTF_LOAD | BPF_BTF_GET_FD_BY_ID => ObjKind::Btf,
            BPF_LINK_CREATE | BPF_LINK_GET_FD_BY_ID => ObjKind::Link,
            BPF_ENABLE_STATS => ObjKind::Stats,
            BPF_PROG_STREAM_READ_BY_FD => {
                let len = u32_at(kattr, offset_of!(bpf_attr_prog_stream_read, stream_buf_len));
                assert!(
                    (0..=i64::from(len)).contains(&v),
                    "stream read returned {v} for {len} bytes"
                );
                return;
            }
            _ => {
                assert_eq!(v, 0, "cmd {cmd} returned {v}");
                return;
            }
        };
        // The lowest free fd, from 3.
        let lowest = (3..).find(|fd| !self.open.contains_key(fd)).unwrap();
        assert_eq!(v, i64::from(lowest), "cmd {cmd}: not the lowest free fd");
        let fd = v as i32;
        let map = match cmd {
            BPF_MAP_CREATE => Some(MapMeta {
                map_type: u32_at(kattr, offset_of!(bpf_attr_map_create, map_type)),
                key_size: u32_at(kattr, offset_of!(bpf_attr_map_create, key_size)),
                value_size: u32_at(kattr, offset_of!(bpf_attr_map_create, value_size)),
            }),
            BPF_MAP_GET_FD_BY_ID => {
                self.map_by_id.get(&u32_at(kattr, offset_of!(bpf_attr_get_id, start_id))).copied()
            }
            _ => None,
        };
        self.open.insert(fd, Obj { kind, map });
        self.fds.push(fd);
        if kind != ObjKind::Stats {
            let id = self.id_of(fd, kind);
            if let Some(m) = map {
                self.map_by_id.insert(id, m);
            }
            // The ids of created objects (an fd by id names one already
            // listed).
            if !matches!(
                cmd,
                BPF_MAP_GET_FD_BY_ID
                    | BPF_PROG_GET_FD_BY_ID
                    | BPF_BTF_GET_FD_BY_ID
                    | BPF_LINK_GET_FD_BY_ID
            ) {
                self.ids.push(id);
            }
        }
    }

    /// The object's id, asked of the runtime in a memory of its own (the
    /// fuzzer's memory stays as it is).
    fn id_of(&self, fd: i32, kind: ObjKind) -> u32 {
        let mut m = SimMemory::new();
        let info = m.alloc(256);
        let mut a = [0u8; 16];
        a[0..4].copy_from_slice(&(fd as u32).to_le_bytes());
        a[4..8].copy_from_slice(&16u32.to_le_bytes());
        a[8..16].copy_from_slice(&info.to_le_bytes());
        let at = m.alloc_bytes(&a);
        self.rt.bpf(&mut m, BPF_OBJ_GET_INFO_BY_FD, at, 16).expect("info of a new object");
        let off = match kind {
            ObjKind::Map => offset_of!(bpf_map_info, id),
            ObjKind::Prog => offset_of!(bpf_prog_info, id),
            ObjKind::Btf => offset_of!(bpf_btf_info, id),
            ObjKind::Link | ObjKind::Stats => offset_of!(bpf_link_info, id),
        };
        u32_at(m.bytes(info, 16).unwrap(), off)
    }

    /// Copies every observed range into `before` (no allocation).
    fn snapshot(&mut self) {
        for (&(base, len, _), b) in self.observed.iter().zip(&mut self.before) {
            b.copy_from_slice(self.space.bytes(base, len).expect("an observed range is mapped"));
        }
    }

    /// The caller's bytes at `addr` as the kernel's copy_from_user of `len`
    /// bytes into a `size`-byte struct would see them (zero past `len`);
    /// `None` when they are not all mapped (the call then faults before it
    /// writes through the struct's pointers).
    fn read_struct(&self, addr: u64, len: u32, size: usize) -> Option<Vec<u8>> {
        let n = (len as usize).min(size);
        let mut v = vec![0u8; size];
        v[..n].copy_from_slice(self.space.bytes(addr, n)?);
        Some(v)
    }

    /// The address ranges command `cmd` may write, from the attr the
    /// kernel reads (`kattr`: the caller's bytes up to `size`) and the
    /// objects behind its fds (Linux 6.18):
    ///
    /// - `MAP_LOOKUP_ELEM`, `MAP_LOOKUP_AND_DELETE_ELEM`:
    ///   `value..+value_size` (`bpf_map_copy_value` then `copy_to_user`;
    ///   the runtime has no per-CPU maps);
    /// - `MAP_GET_NEXT_KEY`: `next_key..+key_size`;
    /// - `PROG_LOAD`: `log_buf..+log_size` (`bpf_vlog_*`),
    ///   `func_info_rec_size` and `line_info_rec_size` in the attr
    ///   (`check_btf_func_early`, `check_btf_line`: the expected size
    ///   written back on `E2BIG`) and `log_true_size` when `size` covers it
    ///   (`bpf_vlog_finalize`'s caller);
    /// - `PROG_TEST_RUN`: `data_out..+data_size_out` (`bpf_test_finish`;
    ///   with `data_size_out` 0 there is no limit but the packet, which
    ///   this runtime never grows (it has no helpers): `data_size_in`),
    ///   `ctx_out..+ctx_size_out` (`bpf_ctx_finish`), and the attr's
    ///   `retval`, `data_size_out`, `duration`, `ctx_size_out`;
    /// - `*_GET_NEXT_ID`: the attr's `next_id`;
    /// - `OBJ_GET_INFO_BY_FD`: the attr's `info_len`,
    ///   `info..+min(info_len, sizeof(info))`, and by object kind the
    ///   arrays the caller's struct points at with the lengths it gives
    ///   (program: `map_ids` 4 x `nr_map_ids`, `xlated_prog_insns`
    ///   `xlated_prog_len`, `jited_prog_insns` `jited_prog_len`,
    ///   `jited_ksyms` 8 x `nr_jited_ksyms`, `jited_func_lens` 4 x
    ///   `nr_jited_func_lens`, `func_info` 8 x `nr_func_info`, `line_info`
    ///   16 x `nr_line_info`, `jited_line_info` 8 x `nr_jited_line_info`,
    ///   `prog_tags` 8 x `nr_prog_tags` — `bpf_prog_get_info_by_fd`; BTF:
    ///   `btf..+btf_size`, `name..+name_len` — `btf_get_info_by_fd`; map:
    ///   `hash..+hash_size` — `bpf_map_get_info_by_fd`; XDP links, the
    ///   runtime's only kind, point at nothing);
    /// - `PROG_QUERY`: the attr's `attach_flags`, `prog_cnt`, `revision`,
    ///   and 4 x `prog_cnt` bytes at `prog_ids`, `prog_attach_flags`,
    ///   `link_ids`, `link_attach_flags`;
    /// - `BTF_LOAD`: `btf_log_buf..+btf_log_size`, `btf_log_true_size` when
    ///   `size` covers it;
    /// - `MAP_*_BATCH`: the attr's `count`; lookup batches also
    ///   `keys..+count*key_size`, `values..+count*value_size` and
    ///   `out_batch` (`key_size` bytes for arrays, `generic_map_lookup_batch`;
    ///   a `u32` for hash maps, `__htab_map_lookup_and_delete_batch`);
    /// - `PROG_STREAM_READ_BY_FD`: `stream_buf..+stream_buf_len`;
    /// - every other command: nothing.
    ///
    /// Coarse (the whole of every buffer): a lookup, next-key or batch on a
    /// map whose sizes the harness does not know (an fd from
    /// `MAP_GET_FD_BY_ID` of a map it did not see created: cannot happen
    /// within one input, kept for safety).
    fn allowed_writes(&self, cmd: u32, k: &[u8; ATTR_SIZE], size: u32) -> Vec<(u64, u64)> {
        let mut r: Vec<(u64, u64)> = Vec::new();
        let mut range = |addr: u64, len: u64| {
            if len != 0 {
                r.push((addr, addr.saturating_add(len)));
            }
        };
        let attr_field = |off: usize, len: usize| (ATTR + off as u64, len as u64);
        let map_of =
            |fd: u32| self.open.get(&(fd as i32)).filter(|o| o.kind == ObjKind::Map).map(|o| o.map);
        let everything = |range: &mut dyn FnMut(u64, u64)| {
            for &(base, len, writable) in &self.observed {
                if writable {
                    range(base, len as u64);
                }
            }
        };
        match cmd {
            BPF_MAP_LOOKUP_ELEM | BPF_MAP_GET_NEXT_KEY | BPF_MAP_LOOKUP_AND_DELETE_ELEM => {
                let fd = u32_at(k, offset_of!(bpf_attr_map_elem, map_fd));
                let out = u64_at(k, offset_of!(bpf_attr_map_elem, value));
                match map_of(fd) {
                    Some(Some(m)) => {
                        let n = if cmd == BPF_MAP_GET_NEXT_KEY { m.key_size } else { m.value_size };
                        range(out, u64::from(n));
                    }
                    Some(None) => everything(&mut range),
                    None => {}
                }
            }
            BPF_PROG_LOAD => {
                let log = u64_at(k, offset_of!(bpf_attr_prog_load, log_buf));
                range(log, u64::from(u32_at(k, offset_of!(bpf_attr_prog_load, log_size))));
                let (a, n) = attr_field(offset_of!(bpf_attr_prog_load, func_info_rec_size), 4);
                range(a, n);
                let (a, n) = attr_field(offset_of!(bpf_attr_prog_load, line_info_rec_size), 4);
                range(a, n);
                let off = offset_of!(bpf_attr_prog_load, log_true_size);
                if size as usize >= off + 4 {
                    let (a, n) = attr_field(off, 4);
                    range(a, n);
                }
            }
            BPF_PROG_TEST_RUN => {
                let out = u64_at(k, offset_of!(bpf_attr_test, data_out));
                let n = match u32_at(k, offset_of!(bpf_attr_test, data_size_out)) {
                    0 => u32_at(k, offset_of!(bpf_attr_test, data_size_in)),
                    n => n,
                };
                range(out, u64::from(n));
                let ctx = u64_at(k, offset_of!(bpf_attr_test, ctx_out));
                range(ctx, u64::from(u32_at(k, offset_of!(bpf_attr_test, ctx_size_out))));
                for off in [
                    offset_of!(bpf_attr_test, retval),
                    offset_of!(bpf_attr_test, data_size_out),
                    offset_of!(bpf_attr_test, duration),
                    offset_of!(bpf_attr_test, ctx_size_out),
                ] {
                    let (a, n) = attr_field(off, 4);
                    range(a, n);
                }
            }
            BPF_PROG_GET_NEXT_ID | BPF_MAP_GET_NEXT_ID | BPF_BTF_GET_NEXT_ID
            | BPF_LINK_GET_NEXT_ID => {
                let (a, n) = attr_field(offset_of!(bpf_attr_get_id, next_id), 4);
                range(a, n);
            }
            BPF_OBJ_GET_INFO_BY_FD => {
                let (a, n) = attr_field(offset_of!(bpf_attr_info, info_len), 4);
                range(a, n);
                let fd = u32_at(k, offset_of!(bpf_attr_info, bpf_fd));
                let len = u32_at(k, offset_of!(bpf_attr_info, info_len));
                let info = u64_at(k, offset_of!(bpf_attr_info, info));
                let Some(obj) = self.open.get(&(fd as i32)) else { return r };
                let struct_size = match obj.kind {
                    ObjKind::Map => size_of::<bpf_map_info>(),
                    ObjKind::Prog => size_of::<bpf_prog_info>(),
                    ObjKind::Btf => size_of::<bpf_btf_info>(),
                    ObjKind::Link => size_of::<bpf_link_info>(),
                    ObjKind::Stats => return r,
                };
                range(info, u64::from(len).min(struct_size as u64));
                let Some(s) = self.read_struct(info, len, struct_size) else { return r };
                match obj.kind {
                    ObjKind::Prog => {
                        type P = bpf_prog_info;
                        let arrays = [
                            (offset_of!(P, map_ids), offset_of!(P, nr_map_ids), 4),
                            (offset_of!(P, xlated_prog_insns), offset_of!(P, xlated_prog_len), 1),
                            (offset_of!(P, jited_prog_insns), offset_of!(P, jited_prog_len), 1),
                            (offset_of!(P, jited_ksyms), offset_of!(P, nr_jited_ksyms), 8),
                            (offset_of!(P, jited_func_lens), offset_of!(P, nr_jited_func_lens), 4),
                            (offset_of!(P, func_info), offset_of!(P, nr_func_info), 8),
                            (offset_of!(P, line_info), offset_of!(P, nr_line_info), 16),
                            (offset_of!(P, jited_line_info), offset_of!(P, nr_jited_line_info), 8),
                            (offset_of!(P, prog_tags), offset_of!(P, nr_prog_tags), 8),
                        ];
                        for (ptr, cnt, rec) in arrays {
                            range(u64_at(&s, ptr), u64::from(u32_at(&s, cnt)) * rec);
                        }
                    }
                    ObjKind::Btf => {
                        range(
                            u64_at(&s, offset_of!(bpf_btf_info, btf)),
                            u64::from(u32_at(&s, offset_of!(bpf_btf_info, btf_size))),
                        );
                        range(
                            u64_at(&s, offset_of!(bpf_btf_info, name)),
                            u64::from(u32_at(&s, offset_of!(bpf_btf_info, name_len))),
                        );
                    }
                    ObjKind::Map => {
                        range(
                            u64_at(&s, offset_of!(bpf_map_info, hash)),
                            u64::from(u32_at(&s, offset_of!(bpf_map_info, hash_size))),
                        );
                    }
                    ObjKind::Link | ObjKind::Stats => {}
                }
            }
            BPF_PROG_QUERY => {
                for off in
                    [offset_of!(bpf_attr_query, attach_flags), offset_of!(bpf_attr_query, prog_cnt)]
                {
                    let (a, n) = attr_field(off, 4);
                    range(a, n);
                }
                let (a, n) = attr_field(offset_of!(bpf_attr_query, revision), 8);
                range(a, n);
                let cnt = u64::from(u32_at(k, offset_of!(bpf_attr_query, prog_cnt)));
                for off in [
                    offset_of!(bpf_attr_query, prog_ids),
                    offset_of!(bpf_attr_query, prog_attach_flags),
                    offset_of!(bpf_attr_query, link_ids),
                    offset_of!(bpf_attr_query, link_attach_flags),
                ] {
                    range(u64_at(k, off), cnt * 4);
                }
            }
            BPF_BTF_LOAD => {
                let log = u64_at(k, offset_of!(bpf_attr_btf_load, btf_log_buf));
                range(log, u64::from(u32_at(k, offset_of!(bpf_attr_btf_load, btf_log_size))));
                let off = offset_of!(bpf_attr_btf_load, btf_log_true_size);
                if size as usize >= off + 4 {
                    let (a, n) = attr_field(off, 4);
                    range(a, n);
                }
            }
            BPF_MAP_LOOKUP_BATCH
            | BPF_MAP_LOOKUP_AND_DELETE_BATCH
            | BPF_MAP_UPDATE_BATCH
            | BPF_MAP_DELETE_BATCH => {
                let (a, n) = attr_field(offset_of!(bpf_attr_batch, count), 4);
                range(a, n);
                if matches!(cmd, BPF_MAP_LOOKUP_BATCH | BPF_MAP_LOOKUP_AND_DELETE_BATCH) {
                    let fd = u32_at(k, offset_of!(bpf_attr_batch, map_fd));
                    let count = u64::from(u32_at(k, offset_of!(bpf_attr_batch, count)));
                    match map_of(fd) {
                        Some(Some(m)) => {
                            range(
                                u64_at(k, offset_of!(bpf_attr_batch, keys)),
                                count * u64::from(m.key_size),
                            );
                            range(
                                u64_at(k, offset_of!(bpf_attr_batch, values)),
                                count * u64::from(m.value_size),
                            );
                            let token = if m.map_type == 1 { 4 } else { m.key_size };
                            range(
                                u64_at(k, offset_of!(bpf_attr_batch, out_batch)),
                                u64::from(token),
                            );
                        }
                        Some(None) => everything(&mut range),
                        None => {}
                    }
                }
            }
            BPF_PROG_STREAM_READ_BY_FD => {
                range(
                    u64_at(k, offset_of!(bpf_attr_prog_stream_read, stream_buf)),
                    u64::from(u32_at(k, offset_of!(bpf_attr_prog_stream_read, stream_buf_len))),
                );
            }
            _ => {}
        }
        r
    }
}

/// Whether every byte is zero (one memcmp: see the write check).
fn is_zero(b: &[u8]) -> bool {
    static ZERO: [u8; ATTR_PAGE] = [0; ATTR_PAGE];
    b == &ZERO[..b.len()]
}

pub fn u32_at(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

pub fn u64_at(b: &[u8], off: usize) -> u64 {
    u64::from_le_bytes(b[off..off + 8].try_into().unwrap())
}
