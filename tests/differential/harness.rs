//! The differential harness: one case is a sequence of `bpf()` calls run
//! twice, once into the live kernel (`syscall(SYS_bpf, …)`) and once into
//! an in-process [`Runtime`] through [`ProcessMemory`] (and again through
//! [`CheckedMemory`], the copies with fix-ups), over the very same
//! attr buffer and the very same real buffers (same addresses, same initial
//! bytes; the buffers are reset between the two runs). Only fds and ids
//! differ per backend, so every attr and buffer is built per backend from
//! that backend's [`Env`].
//!
//! After each call the harness compares: the result (errno, or the value;
//! for commands that return a new fd only that both are fds), every byte
//! of the attr area and of every buffer (bytes that were different before
//! the call, i.e. fds and ids the step put there, are not compared, nor
//! the byte ranges a step lists as exceptions: ids, times, addresses).

use std::collections::HashMap;
use std::ffi::{c_long, c_void};
use std::fmt::Write as _;
use std::ops::Range;
use std::rc::Rc;

use extensible_abi::user::{CheckedMemory, ProcessMemory};
use extensible_abi::{bytes_of, ExtensibleAbi, Layout};
use extensible_abi_bpf::attr::{self, bpf_attr_info};
use extensible_abi_runtime::Runtime;

extern "C" {
    fn syscall(number: c_long, ...) -> c_long;
    fn mmap(addr: *mut c_void, len: usize, prot: i32, flags: i32, fd: i32, off: i64)
        -> *mut c_void;
    fn mprotect(addr: *mut c_void, len: usize, prot: i32) -> i32;
}

/// The attr area: room for the largest size a case passes (4097) and more.
pub const ATTR_AREA: usize = 8192;
/// What every buffer is filled with before a run: writes of zero show.
pub const CANARY: u8 = 0xa5;
/// An address nothing is mapped at (in the NULL page): `EFAULT`.
pub const BAD_ADDR: u64 = 0x18;
const PAGE: usize = 4096;
/// How many bytes before the guard page are compared after every call.
pub const GUARD_EDGE: usize = 512;
/// The buffer index that names those bytes in [`Call::skip_buf`].
pub const EDGE: usize = usize::MAX;
/// The buffer index that names the [`GUARD_EDGE`] bytes before the
/// read-only page ([`Env::rodata`]) in [`Call::skip_buf`].
pub const RO_EDGE: usize = usize::MAX - 1;
/// What [`Env::fd`] gives for an object this backend did not create.
pub const MISSING_FD: u32 = 0x7f7f_7f7e;
/// What [`Env::id`] gives for an object whose id is unknown.
pub const MISSING_ID: u32 = 0x7fff_ff00;

/// The commands whose success value is a new fd.
pub const FD_CMDS: &[u32] = &[
    attr::BPF_MAP_CREATE,
    attr::BPF_PROG_LOAD,
    attr::BPF_BTF_LOAD,
    attr::BPF_LINK_CREATE,
    attr::BPF_MAP_GET_FD_BY_ID,
    attr::BPF_PROG_GET_FD_BY_ID,
    attr::BPF_BTF_GET_FD_BY_ID,
    attr::BPF_LINK_GET_FD_BY_ID,
    attr::BPF_ENABLE_STATS,
    attr::BPF_OBJ_GET,
    attr::BPF_RAW_TRACEPOINT_OPEN,
    attr::BPF_ITER_CREATE,
    attr::BPF_TOKEN_CREATE,
];

/// Object kinds, for fetching an object's id after creating it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A map: `bpf_map_info.id` at offset 4.
    Map,
    /// A program: `bpf_prog_info.id` at offset 4.
    Prog,
    /// A BTF object: `bpf_btf_info.id` at offset 12.
    Btf,
    /// A link: `bpf_link_info.id` at offset 4.
    Link,
}

impl Kind {
    fn id_offset(self) -> usize {
        match self {
            Kind::Btf => 12,
            _ => 4,
        }
    }
}

/// One backend's view while a case runs: its fds and ids by name, and the
/// shared buffers' addresses.
#[derive(Debug, Default)]
pub struct Env {
    fds: HashMap<String, i32>,
    closed: HashMap<String, i32>,
    ids: HashMap<String, u32>,
    addrs: Vec<u64>,
    /// The first byte of a PROT_NONE page, with a read-write page before.
    pub guard: u64,
    /// A read-only page of zeros, with a read-write page before (where a
    /// write runs from writable into read-only memory).
    pub rodata: u64,
}

impl Env {
    /// The fd of the object created under `name` (or closed as `name`).
    ///
    /// When this backend failed to create it: [`MISSING_FD`], so the
    /// steps after run (and differ) instead of panicking.
    pub fn fd(&self, name: &str) -> u32 {
        match self.fds.get(name).or_else(|| self.closed.get(name)) {
            Some(&fd) => fd as u32,
            None => MISSING_FD,
        }
    }
    /// The id of the object created under `name` ([`MISSING_ID`] when
    /// this backend could not create it or tell its id).
    pub fn id(&self, name: &str) -> u32 {
        self.ids.get(name).copied().unwrap_or(MISSING_ID)
    }
    /// Whether an id is known for `name` (creation succeeded on this backend).
    pub fn has(&self, name: &str) -> bool {
        self.fds.contains_key(name)
    }
    /// The address of case buffer `i`.
    pub fn buf(&self, i: usize) -> u64 {
        self.addrs[i]
    }
}

/// Builds bytes from a backend's [`Env`].
pub type Build = Rc<dyn Fn(&Env) -> Vec<u8>>;
/// A per-backend check of an outcome (e.g. "next_id is the id of map m").
pub type Check = Rc<dyn Fn(&Env, &Outcome) -> Result<(), String>>;

/// Where the attr is.
#[derive(Clone, Copy, Debug)]
pub enum AttrAt {
    /// The attr area (the usual case).
    Area,
    /// A raw address (a bad pointer).
    Raw(u64),
    /// `n` bytes before the guard page, the attr bytes copied there: an
    /// attr that runs into unmapped memory.
    BeforeGuard(usize),
    /// `n` bytes before the read-only page, the attr bytes copied there:
    /// an attr whose fields written back run into read-only memory.
    BeforeRodata(usize),
}

/// The two page edges of the arena, each compared after every call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// The end of the read-write page before the guard (PROT_NONE) page.
    Guard,
    /// The end of the read-write page before the read-only page.
    Rodata,
}

/// One `bpf()` call of a case.
#[derive(Clone)]
pub struct Call {
    /// What the step does, for messages.
    pub label: String,
    /// The command.
    pub cmd: u32,
    /// The size argument.
    pub size: u32,
    /// The attr bytes (placed at the start of the zeroed attr area).
    pub attr: Build,
    /// Where the attr is passed.
    pub at: AttrAt,
    /// Buffer contents set before the call: (buffer, offset, bytes).
    pub fill: Vec<(usize, usize, Build)>,
    /// The name to register the new fd (and object) under, with its kind
    /// when its id should be fetched.
    pub save: Option<(String, Option<Kind>)>,
    /// Attr byte ranges not compared.
    pub skip_attr: Vec<Range<usize>>,
    /// Buffer byte ranges not compared: (buffer, range).
    pub skip_buf: Vec<(usize, Range<usize>)>,
    /// Whether only the sign of a successful result is compared.
    pub any_value: bool,
    /// Per-backend checks of the outcome.
    pub checks: Vec<Check>,
    /// Bytes placed at the very end of the read-write page before an
    /// edge (that page zeroed first), before the call.
    pub at_edge: Vec<(Edge, Build)>,
}

impl Call {
    /// A call of `cmd` with `size` and an attr built per backend.
    pub fn new(
        label: impl Into<String>,
        cmd: u32,
        size: u32,
        attr: impl Fn(&Env) -> Vec<u8> + 'static,
    ) -> Self {
        Call {
            label: label.into(),
            cmd,
            size,
            attr: Rc::new(attr),
            at: AttrAt::Area,
            fill: Vec::new(),
            save: None,
            skip_attr: Vec::new(),
            skip_buf: Vec::new(),
            any_value: FD_CMDS.contains(&cmd),
            checks: Vec::new(),
            at_edge: Vec::new(),
        }
    }
    /// A call whose attr is the bytes of `T` as built per backend.
    pub fn with<T: ExtensibleAbi>(
        label: impl Into<String>,
        cmd: u32,
        size: u32,
        attr: impl Fn(&Env) -> T + 'static,
    ) -> Self {
        Call::new(label, cmd, size, move |e| bytes_of(&attr(e)).to_vec())
    }
    /// Registers the new fd as `name`.
    pub fn save(mut self, name: &str, kind: Option<Kind>) -> Self {
        self.save = Some((name.to_string(), kind));
        self
    }
    /// Passes the attr at `at`.
    pub fn at(mut self, at: AttrAt) -> Self {
        self.at = at;
        self
    }
    /// Fills buffer `buf` at `off` with bytes built per backend.
    pub fn fill(
        mut self,
        buf: usize,
        off: usize,
        bytes: impl Fn(&Env) -> Vec<u8> + 'static,
    ) -> Self {
        self.fill.push((buf, off, Rc::new(bytes)));
        self
    }
    /// Does not compare attr bytes `r`.
    pub fn skip_attr(mut self, r: Range<usize>) -> Self {
        self.skip_attr.push(r);
        self
    }
    /// Does not compare bytes `r` of buffer `buf`.
    pub fn skip_buf(mut self, buf: usize, r: Range<usize>) -> Self {
        self.skip_buf.push((buf, r));
        self
    }
    /// Does not compare the named fields of info struct `T` in buffer `buf`.
    pub fn skip_fields<T: ExtensibleAbi>(mut self, buf: usize, fields: &[&str]) -> Self {
        for f in fields {
            let fi =
                T::LAYOUT.field(f).unwrap_or_else(|| panic!("{} has no field {f}", T::LAYOUT.name));
            self.skip_buf.push((buf, fi.offset..fi.end()));
        }
        self
    }
    /// Zeroes the read-write page before `edge` and places `bytes` at its
    /// very end (they end where the edge begins), before the call.
    pub fn at_edge(mut self, edge: Edge, bytes: impl Fn(&Env) -> Vec<u8> + 'static) -> Self {
        self.at_edge.push((edge, Rc::new(bytes)));
        self
    }
    /// Adds a per-backend check.
    pub fn check(mut self, c: impl Fn(&Env, &Outcome) -> Result<(), String> + 'static) -> Self {
        self.checks.push(Rc::new(c));
        self
    }
}

/// One step of a case.
#[derive(Clone)]
pub enum Step {
    /// A `bpf()` call, compared.
    Bpf(Call),
    /// Closes the fd named so (it stays known by number, for "closed fd").
    Close(String),
}

/// A case: named buffers and steps.
#[derive(Clone)]
pub struct Case {
    /// Readable, unique: `area/what/variant`.
    pub name: String,
    /// Sizes of the case's buffers, with the layout of the struct each
    /// holds (for naming differing bytes), if any.
    pub bufs: Vec<(usize, Option<&'static Layout>)>,
    /// The steps, run in order.
    pub steps: Vec<Step>,
    /// The `bpf` commands this case needs from the runtime (for the report).
    pub needs: Vec<u32>,
    /// The ABI level of the runtime (`Runtime::with_abi_level`); `None`:
    /// the newest.
    pub level: Option<u32>,
}

impl Case {
    /// A case with no buffers yet.
    pub fn new(name: impl Into<String>) -> Self {
        Case {
            name: name.into(),
            bufs: Vec::new(),
            steps: Vec::new(),
            needs: Vec::new(),
            level: None,
        }
    }
    /// Adds a buffer of `len` bytes; returns its index.
    pub fn buf(&mut self, len: usize, layout: Option<&'static Layout>) -> usize {
        self.bufs.push((len, layout));
        self.bufs.len() - 1
    }
    /// Adds a call.
    pub fn call(mut self, c: Call) -> Self {
        if !self.needs.contains(&c.cmd) {
            self.needs.push(c.cmd);
        }
        self.steps.push(Step::Bpf(c));
        self
    }
    /// Adds a call (by reference).
    pub fn push(&mut self, c: Call) {
        if !self.needs.contains(&c.cmd) {
            self.needs.push(c.cmd);
        }
        self.steps.push(Step::Bpf(c));
    }
    /// Adds a close.
    pub fn close(mut self, name: &str) -> Self {
        self.steps.push(Step::Close(name.to_string()));
        self
    }
}

/// What one call did on one backend.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The result or errno.
    pub result: Result<i64, i32>,
    /// The attr area before and after.
    pub attr_before: Vec<u8>,
    /// After.
    pub attr_after: Vec<u8>,
    /// Every buffer before.
    pub bufs_before: Vec<Vec<u8>>,
    /// After.
    pub bufs_after: Vec<Vec<u8>>,
}

impl Outcome {
    /// The `u32` at `off` of the attr after the call.
    pub fn attr_u32(&self, off: usize) -> u32 {
        u32::from_ne_bytes(self.attr_after[off..off + 4].try_into().unwrap())
    }
    /// The `u32` at `off` of buffer `b` after the call.
    pub fn buf_u32(&self, b: usize, off: usize) -> u32 {
        u32::from_ne_bytes(self.bufs_after[b][off..off + 4].try_into().unwrap())
    }
    /// The [`GUARD_EDGE`] bytes before `edge` after the call.
    pub fn edge_after(&self, edge: Edge) -> &[u8] {
        let n = self.bufs_after.len();
        &self.bufs_after[n - if edge == Edge::Guard { 2 } else { 1 }]
    }
}

/// Where the calls go.
pub enum Backend<'a> {
    /// `syscall(SYS_bpf, …)`.
    Kernel,
    /// `Runtime::bpf` with this process's memory, checked one way or the
    /// other.
    Runtime(&'a Runtime, Mem),
    /// The C entry point `extabi_bpf` (its process-wide runtime, with real
    /// fds), called through its C ABI exactly as a C program calls it.
    CEntry,
}

/// How [`Backend::Runtime`] reaches the arena's buffers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mem {
    /// `ProcessMemory`: `process_vm_readv`/`writev`.
    Process,
    /// `CheckedMemory`: copies with fix-ups.
    Checked,
}

impl Backend<'_> {
    /// `bpf(cmd, addr, size)`.
    pub fn bpf(&self, cmd: u32, addr: u64, size: u32) -> Result<i64, i32> {
        match self {
            Backend::Kernel => {
                // SAFETY: every address a case puts in an attr is one of
                // the arena's live buffers (sized as the case says), the
                // guard or read-only page, or an unmapped address the
                // kernel refuses with EFAULT; no Rust reference to those
                // buffers is live during the call.
                let r = unsafe {
                    syscall(
                        support::SYS_BPF,
                        cmd as c_long,
                        addr as usize as *mut c_void,
                        size as c_long,
                    )
                };
                if r < 0 {
                    Err(support::last_errno())
                } else {
                    Ok(r as i64)
                }
            }
            Backend::Runtime(rt, how) => {
                // The addresses are the arena's raw buffers, with no Rust
                // reference live while the runtime reads and writes them;
                // either memory checks each access (process_vm_readv/writev,
                // or a fixed-up copy), so bad ones are EFAULT.
                let r = match how {
                    Mem::Process => {
                        // SAFETY: as said above.
                        let mut mem = unsafe { ProcessMemory::new() };
                        rt.bpf(&mut mem, cmd, addr, size)
                    }
                    Mem::Checked => {
                        // SAFETY: as said above.
                        let mut mem = unsafe { CheckedMemory::new() }.expect("fixed-up copies");
                        rt.bpf(&mut mem, cmd, addr, size)
                    }
                };
                r.map_err(|e| e.errno())
            }
            Backend::CEntry => {
                // SAFETY: as for the kernel: the addresses are the arena's
                // raw buffers with no Rust reference live during the call.
                let r =
                    unsafe { extabi::extabi_bpf(cmd as i32, addr as usize as *mut c_void, size) };
                if r < 0 {
                    Err(support::last_errno())
                } else {
                    Ok(r as i64)
                }
            }
        }
    }
    fn close(&self, fd: i32) {
        match self {
            Backend::Kernel => support::close(fd),
            Backend::Runtime(rt, _) => {
                let _ = rt.close(fd);
            }
            Backend::CEntry => {
                extabi::extabi_close(fd);
            }
        }
    }
    fn name(&self) -> &'static str {
        match self {
            Backend::Kernel => "kernel",
            Backend::Runtime(_, Mem::Process) => "runtime",
            Backend::Runtime(_, Mem::Checked) => "runtime (checked copies)",
            Backend::CEntry => "extabi_bpf",
        }
    }
}

/// Raw memory the cases use: the attr area, the buffers, a guard page and
/// a read-only page. Buffers are raw allocations (never Rust references
/// while a call runs).
pub struct Arena {
    attr: *mut u8,
    bufs: Vec<(*mut u8, usize)>,
    guard: u64,
    rodata: u64,
}

impl Arena {
    /// Maps the attr area, the guard and the read-only pages.
    pub fn new() -> Self {
        const PROT_NONE: i32 = 0;
        const PROT_READ: i32 = 1;
        const PROT_WRITE: i32 = 2;
        const MAP_PRIVATE: i32 = 2;
        const MAP_ANONYMOUS: i32 = 0x20;
        // SAFETY: fresh anonymous mappings, owned by the arena for the
        // life of the process (never unmapped: the test process ends).
        unsafe {
            let attr = mmap(
                core::ptr::null_mut(),
                ATTR_AREA,
                PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS,
                -1,
                0,
            );
            let pages = mmap(
                core::ptr::null_mut(),
                4 * PAGE,
                PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS,
                -1,
                0,
            );
            assert!(attr as isize != -1 && pages as isize != -1, "mmap failed");
            // page 0: read-write; page 1: none (the guard); page 2:
            // read-write; page 3: read-only.
            assert_eq!(mprotect((pages as *mut u8).add(PAGE).cast(), PAGE, PROT_NONE), 0);
            assert_eq!(mprotect((pages as *mut u8).add(3 * PAGE).cast(), PAGE, PROT_READ), 0);
            Arena {
                attr: attr.cast(),
                bufs: Vec::new(),
                guard: pages as u64 + PAGE as u64,
                rodata: pages as u64 + 3 * PAGE as u64,
            }
        }
    }

    fn prepare(&mut self, sizes: &[(usize, Option<&'static Layout>)]) {
        // Reuse allocations; grow as needed. Each buffer is its own heap
        // block so that a write past its end lands in the allocator's
        // memory at worst (the canaries in the case's own bytes show it).
        while self.bufs.len() < sizes.len() {
            self.bufs.push((core::ptr::null_mut(), 0));
        }
        for (i, &(len, _)) in sizes.iter().enumerate() {
            let (p, cap) = self.bufs[i];
            if cap < len.max(1) {
                free_buf(p, cap);
                let v: Box<[u8]> = vec![0u8; len.max(1)].into_boxed_slice();
                self.bufs[i] = (Box::into_raw(v).cast(), len.max(1));
            }
        }
    }

    fn reset(&mut self, sizes: &[(usize, Option<&'static Layout>)]) {
        // SAFETY: the attr area and the buffers are this arena's own
        // allocations of at least these sizes.
        unsafe {
            core::ptr::write_bytes(self.attr, 0, ATTR_AREA);
            for (i, &(len, _)) in sizes.iter().enumerate() {
                core::ptr::write_bytes(self.bufs[i].0, CANARY, len);
            }
            // The pages before the guard and the read-only page are
            // buffers too.
            core::ptr::write_bytes((self.guard - PAGE as u64) as usize as *mut u8, 0, PAGE);
            core::ptr::write_bytes((self.rodata - PAGE as u64) as usize as *mut u8, 0, PAGE);
        }
    }

    /// The first byte of `edge`'s page (the read-write page ends there).
    fn edge(&self, edge: Edge) -> u64 {
        match edge {
            Edge::Guard => self.guard,
            Edge::Rodata => self.rodata,
        }
    }

    /// Zeroes the read-write page before `edge` and places `bytes` so they
    /// end at the edge; returns their address.
    fn place_at_edge(&mut self, edge: Edge, bytes: &[u8]) -> u64 {
        let end = self.edge(edge);
        self.write(end - PAGE as u64, &[0u8; PAGE]);
        let a = end - bytes.len() as u64;
        self.write(a, bytes);
        a
    }

    /// The attr area and every buffer, plus, last, the [`GUARD_EDGE`]
    /// bytes before the guard page and those before the read-only page
    /// (where partial writes land).
    fn snapshot(&self, sizes: &[(usize, Option<&'static Layout>)]) -> (Vec<u8>, Vec<Vec<u8>>) {
        // SAFETY: reads of the arena's own initialized allocations, with
        // no call running.
        unsafe {
            let attr = std::slice::from_raw_parts(self.attr, ATTR_AREA).to_vec();
            let mut bufs: Vec<Vec<u8>> = sizes
                .iter()
                .enumerate()
                .map(|(i, &(len, _))| std::slice::from_raw_parts(self.bufs[i].0, len).to_vec())
                .collect();
            for end in [self.guard, self.rodata] {
                let edge = (end - GUARD_EDGE as u64) as usize as *const u8;
                bufs.push(std::slice::from_raw_parts(edge, GUARD_EDGE).to_vec());
            }
            (attr, bufs)
        }
    }

    fn write(&mut self, addr: u64, bytes: &[u8]) {
        // SAFETY: `addr` is the attr area, a buffer (bounds checked by the
        // caller) or the page before the guard or the read-only page, all
        // writable.
        unsafe {
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), addr as usize as *mut u8, bytes.len())
        }
    }
}

/// Frees a buffer `prepare` made (`Box::into_raw` of `cap` bytes).
fn free_buf(p: *mut u8, cap: usize) {
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` of a `[u8]` of `cap` bytes
        // and is freed once: the caller replaces or forgets it.
        drop(unsafe { Box::from_raw(core::ptr::slice_from_raw_parts_mut(p, cap)) });
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        for &(p, cap) in &self.bufs {
            free_buf(p, cap);
        }
        // The mmap'd pages stay: a few pages for the life of the process.
    }
}

impl Default for Arena {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs `case` on one backend; the outcome of each call in order.
fn run_on(case: &Case, be: &Backend, arena: &mut Arena) -> (Vec<Outcome>, Vec<String>) {
    arena.prepare(&case.bufs);
    arena.reset(&case.bufs);
    let mut live = Live {
        be,
        env: Env {
            addrs: (0..case.bufs.len()).map(|i| arena.bufs[i].0 as u64).collect(),
            guard: arena.guard,
            rodata: arena.rodata,
            ..Env::default()
        },
    };
    let env = &mut live.env;
    let mut out = Vec::new();
    let mut failed_checks = Vec::new();
    let mut anon = 0;
    for step in &case.steps {
        match step {
            Step::Close(name) => {
                if let Some(fd) = env.fds.remove(name) {
                    be.close(fd);
                    env.closed.insert(name.clone(), fd);
                }
            }
            Step::Bpf(c) => {
                for (b, off, bytes) in &c.fill {
                    let bytes = bytes(env);
                    assert!(
                        off + bytes.len() <= case.bufs[*b].0,
                        "{}: fill past buffer {b}",
                        case.name
                    );
                    arena.write(env.addrs[*b] + *off as u64, &bytes);
                }
                for (edge, bytes) in &c.at_edge {
                    arena.place_at_edge(*edge, &bytes(env));
                }
                let attr = (c.attr)(env);
                assert!(attr.len() <= ATTR_AREA, "{}: attr too long", case.name);
                arena.write(arena.attr as u64, &vec![0u8; ATTR_AREA]);
                arena.write(arena.attr as u64, &attr);
                let addr = match c.at {
                    AttrAt::Area => arena.attr as u64,
                    AttrAt::Raw(a) => a,
                    AttrAt::BeforeGuard(n) | AttrAt::BeforeRodata(n) => {
                        let edge = match c.at {
                            AttrAt::BeforeGuard(_) => Edge::Guard,
                            _ => Edge::Rodata,
                        };
                        // The bytes past the edge stay what the page holds
                        // (nothing, or read-only zeros).
                        let mut placed = attr[..attr.len().min(n)].to_vec();
                        placed.resize(n, 0);
                        arena.place_at_edge(edge, &placed)
                    }
                };
                let (attr_before, bufs_before) = arena.snapshot(&case.bufs);
                let result = be.bpf(c.cmd, addr, c.size);
                let (attr_after, bufs_after) = arena.snapshot(&case.bufs);
                if let Ok(v) = result {
                    if FD_CMDS.contains(&c.cmd) {
                        let name = match &c.save {
                            Some((n, _)) => n.clone(),
                            None => {
                                anon += 1;
                                format!("_anon{anon}")
                            }
                        };
                        if let Some(old) = env.fds.insert(name, v as i32) {
                            be.close(old);
                        }
                        if let Some((n, Some(kind))) = &c.save {
                            if let Some(id) = fetch_id(be, v as u32, *kind) {
                                env.ids.insert(n.clone(), id);
                            }
                        }
                    }
                }
                let o = Outcome { result, attr_before, attr_after, bufs_before, bufs_after };
                for chk in &c.checks {
                    if let Err(e) = chk(env, &o) {
                        failed_checks.push(format!(
                            "    step {} `{}`: {} check failed: {e}\n",
                            out.len(),
                            c.label,
                            be.name()
                        ));
                    }
                }
                out.push(o);
            }
        }
    }
    drop(live);
    (out, failed_checks)
}

/// A backend's [`Env`] whose fds are closed when it goes away, also when
/// a case panics half-way: nothing leaks into the kernel.
struct Live<'b, 'r> {
    be: &'b Backend<'r>,
    env: Env,
}

impl Drop for Live<'_, '_> {
    fn drop(&mut self) {
        for (_, fd) in self.env.fds.drain() {
            self.be.close(fd);
        }
    }
}

/// The id of the object behind `fd`, from its info struct (private
/// buffers, not compared).
fn fetch_id(be: &Backend, fd: u32, kind: Kind) -> Option<u32> {
    let mut info = vec![0u8; 512];
    let mut a = bpf_attr_info { bpf_fd: fd, info_len: 64, info: info.as_mut_ptr() as u64 };
    // Raw addresses of our own locals, not otherwise borrowed during the call.
    be.bpf(attr::BPF_OBJ_GET_INFO_BY_FD, core::ptr::addr_of_mut!(a) as u64, 16).ok()?;
    let off = kind.id_offset();
    Some(u32::from_ne_bytes(info[off..off + 4].try_into().unwrap()))
}

/// The name of the field of `layout` that byte `off` belongs to.
fn field_at(layout: Option<&Layout>, off: usize) -> String {
    match layout.and_then(|l| l.fields.iter().find(|f| f.offset <= off && off < f.end())) {
        Some(f) => format!("{}+{}", f.name, off - f.offset),
        None => format!("byte {off}"),
    }
}

fn fmt_result(r: &Result<i64, i32>) -> String {
    match r {
        Ok(v) => format!("Ok({v})"),
        Err(e) => format!("Err({})={}", errno_name(*e), e),
    }
}

/// The name of a Linux errno a bpf() call may give.
pub fn errno_name(e: i32) -> &'static str {
    match e {
        12 => "ENOMEM",
        13 => "EACCES",
        16 => "EBUSY",
        17 => "EEXIST",
        19 => "ENODEV",
        24 => "EMFILE",
        34 => "ERANGE",
        77 => "EBADFD",
        95 => "EOPNOTSUPP",
        131 => "ENOTRECOVERABLE",
        524 => "ENOTSUPP",
        _ => support::errno_name(e),
    }
}

/// Byte ranges where the two backends' buffers differ after the call, as
/// readable text (empty when they agree).
fn diff_bytes(
    what: &str,
    layout: Option<&Layout>,
    kb: &[u8],
    ka: &[u8],
    rb: &[u8],
    ra: &[u8],
    skip: &[Range<usize>],
) -> String {
    let mut s = String::new();
    // Most calls leave the two backends' bytes the same: one comparison.
    if ka == ra {
        return s;
    }
    let mut i = 0;
    let mut shown = 0;
    while i < ka.len() {
        let differs =
            |i: usize| kb[i] == rb[i] && ka[i] != ra[i] && !skip.iter().any(|r| r.contains(&i));
        if differs(i) {
            let start = i;
            while i < ka.len() && differs(i) {
                i += 1;
            }
            if shown < 8 {
                let _ = writeln!(
                    s,
                    "      {what} [{start}..{i}) at {}: kernel {:02x?} runtime {:02x?} (before: {:02x?})",
                    field_at(layout, start),
                    &ka[start..i.min(start + 16)],
                    &ra[start..i.min(start + 16)],
                    &kb[start..i.min(start + 16)],
                );
            }
            shown += 1;
        } else {
            i += 1;
        }
    }
    if shown > 8 {
        let _ = writeln!(s, "      … {} more differing ranges in {what}", shown - 8);
    }
    s
}

/// Compares the two runs of a case; a description of every mismatch.
fn compare(case: &Case, k: &[Outcome], r: &[Outcome], kenv_checks: &[String]) -> Vec<String> {
    let mut problems: Vec<String> = kenv_checks.to_vec();
    let calls: Vec<&Call> = case
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Bpf(c) => Some(c),
            Step::Close(_) => None,
        })
        .collect();
    for (i, c) in calls.iter().enumerate() {
        let (ko, ro) = (&k[i], &r[i]);
        let mut s = String::new();
        let same = match (&ko.result, &ro.result) {
            (Err(a), Err(b)) => a == b,
            (Ok(a), Ok(b)) => c.any_value || a == b,
            _ => false,
        };
        if !same {
            let _ = writeln!(
                s,
                "      result: kernel {} runtime {}",
                fmt_result(&ko.result),
                fmt_result(&ro.result)
            );
        }
        let layout = attr::attr_layout(c.cmd);
        s += &diff_bytes(
            "attr",
            layout,
            &ko.attr_before,
            &ko.attr_after,
            &ro.attr_before,
            &ro.attr_after,
            &c.skip_attr,
        );
        let names = case.bufs.iter().map(|&(_, l)| l).chain([None, None]);
        for (b, bl) in names.enumerate() {
            let n = case.bufs.len();
            let (edge, what) = if b < n {
                (None, format!("buf{b}"))
            } else if b == n {
                (Some(EDGE), "bytes-before-guard".to_string())
            } else {
                (Some(RO_EDGE), "bytes-before-rodata".to_string())
            };
            let skip: Vec<Range<usize>> = c
                .skip_buf
                .iter()
                .filter(|(x, _)| *x == b || Some(*x) == edge)
                .map(|(_, r)| r.clone())
                .collect();
            s += &diff_bytes(
                &what,
                bl,
                &ko.bufs_before[b],
                &ko.bufs_after[b],
                &ro.bufs_before[b],
                &ro.bufs_after[b],
                &skip,
            );
        }
        if !s.is_empty() {
            problems.push(format!(
                "    step {i} `{}` ({} size {}): kernel {} runtime {}\n{s}",
                c.label,
                attr::command(c.cmd).map(|x| x.name).unwrap_or("unknown cmd"),
                c.size,
                fmt_result(&ko.result),
                fmt_result(&ro.result)
            ));
        }
    }
    problems
}

/// The result of running a case on both backends.
pub struct Verdict {
    /// Mismatches, described; empty when the backends agree.
    pub problems: Vec<String>,
    /// Whether the runtime answered EOPNOTSUPP somewhere the kernel did
    /// not (a command not implemented yet).
    pub unimplemented: bool,
}

/// Runs a case on the kernel and on a fresh runtime (through each of the
/// two checked memories) and compares; cases
/// at the newest ABI level also run through the C entry point
/// `extabi_bpf` (one process-wide runtime, real fds, the C ABI), which
/// must give the kernel's answers too.
pub fn run_case(case: &Case, arena: &mut Arena) -> Verdict {
    let (k, mut checks) = run_on(case, &Backend::Kernel, arena);
    let new_runtime = || case.level.map(Runtime::with_abi_level).unwrap_or_default();
    let rt = new_runtime();
    let (r, rchecks) = run_on(case, &Backend::Runtime(&rt, Mem::Process), arena);
    checks.extend(rchecks);
    let unimplemented = k.iter().zip(&r).any(|(k, r)| r.result == Err(95) && k.result != Err(95));
    let mut problems = compare(case, &k, &r, &checks);
    // The same on a fresh runtime through the checked copies.
    let rt = new_runtime();
    let (c, cchecks) = run_on(case, &Backend::Runtime(&rt, Mem::Checked), arena);
    checks.extend(cchecks);
    problems.extend(
        compare(case, &k, &c, &checks).into_iter().map(|p| format!("via CheckedMemory: {p}")),
    );
    if case.level.is_none() {
        let (c, cchecks) = run_on(case, &Backend::CEntry, arena);
        checks.extend(cchecks);
        problems.extend(
            compare(case, &k, &c, &checks).into_iter().map(|p| format!("via extabi_bpf: {p}")),
        );
    }
    Verdict { problems, unimplemented }
}
