//! The one fixture of the runtime's unit tests: a [`Runtime`], the
//! caller's memory, and the moves every suite makes with them. An attr is
//! placed at [`Fixture::attr`] with canaries after it, which every call
//! checks the runtime left alone (the kernel writes nothing past the size
//! it was given); errors come back as their errno. Each suite adds its own
//! helpers in an `impl Fixture` block of its own test module (their names
//! say their domain: inherent methods share one namespace).

use std::sync::Arc;

use crate::{Runtime, NEWEST_LEVEL};
use extensible_abi::user::{SimMemory, UserMemory};
use extensible_abi::{bytes_of, ExtensibleAbi};
use extensible_abi_bpf::attr::{
    bpf_attr_btf_load, bpf_attr_info, bpf_attr_map_create, bpf_attr_prog_load, BPF_BTF_LOAD,
    BPF_MAP_CREATE, BPF_OBJ_GET_INFO_BY_FD, BPF_PROG_LOAD,
};

// `int_btf()` and `every_kind_btf()`, as every test that loads BTF has them.
include!("../../../tests/support/btf_blobs.rs");

/// What every buffer the runtime must not write is filled with.
pub(crate) const CANARY: u8 = 0xaa;
/// Nothing is mapped here.
pub(crate) const BAD_ADDR: u64 = 0x18;
/// The bytes at [`Fixture::attr`]: the largest attr a test passes, and
/// canaries after it.
const ATTR_ROOM: usize = 256;
/// The bytes at [`Fixture::info`], likewise for info structs.
const INFO_ROOM: usize = 256;

/// A runtime, a caller's memory, and an attr and an info buffer in it.
pub(crate) struct Fixture {
    /// The runtime (shared with other callers by [`Fixture::sharing`]).
    pub(crate) rt: Arc<Runtime>,
    /// The caller's memory.
    pub(crate) mem: SimMemory,
    /// Where every call's attr goes ([`ATTR_ROOM`] bytes).
    pub(crate) attr: u64,
    /// Where [`Fixture::obj_info`] puts the caller's info struct
    /// ([`INFO_ROOM`] bytes).
    pub(crate) info: u64,
}

impl Fixture {
    /// A runtime acting as the newest release.
    pub(crate) fn new() -> Self {
        Self::at(NEWEST_LEVEL)
    }

    /// A runtime acting as release `level`.
    pub(crate) fn at(level: u32) -> Self {
        Self::with(Runtime::with_abi_level(level))
    }

    /// `rt`, as it was built.
    pub(crate) fn with(rt: Runtime) -> Self {
        Self::sharing(&Arc::new(rt))
    }

    /// Another caller of the same runtime, with its own memory.
    pub(crate) fn sharing(rt: &Arc<Runtime>) -> Self {
        let mut mem = SimMemory::new();
        let attr = mem.alloc(ATTR_ROOM);
        let info = mem.alloc(INFO_ROOM);
        Fixture { rt: Arc::clone(rt), mem, attr, info }
    }

    /// `bpf(cmd, addr, size)` as it stands; the errno on failure.
    pub(crate) fn bpf(&mut self, cmd: u32, addr: u64, size: u32) -> Result<i64, i32> {
        self.rt.bpf(&mut self.mem, cmd, addr, size).map_err(|e| e.errno())
    }

    /// `bpf(cmd, bytes, bytes.len())` with the attr at [`Fixture::attr`];
    /// the canaries after it must come back untouched.
    pub(crate) fn call(&mut self, cmd: u32, bytes: &[u8]) -> Result<i64, i32> {
        self.call_back(cmd, bytes).0
    }

    /// `bpf(cmd, a, sizeof(a))`.
    pub(crate) fn call_attr<A: ExtensibleAbi>(&mut self, cmd: u32, a: &A) -> Result<i64, i32> {
        self.call(cmd, bytes_of(a))
    }

    /// [`Fixture::call`], and the attr as the call left it.
    pub(crate) fn call_back(&mut self, cmd: u32, bytes: &[u8]) -> (Result<i64, i32>, Vec<u8>) {
        assert!(bytes.len() <= ATTR_ROOM, "an attr of {} bytes", bytes.len());
        let mut buf = [CANARY; ATTR_ROOM];
        buf[..bytes.len()].copy_from_slice(bytes);
        self.mem.write(self.attr, &buf).unwrap();
        let r = self.bpf(cmd, self.attr, bytes.len() as u32);
        let after = self.read(self.attr, ATTR_ROOM);
        assert_eq!(&after[bytes.len()..], &buf[bytes.len()..], "cmd {cmd} wrote past its attr");
        (r, after[..bytes.len()].to_vec())
    }

    /// A `u32` of the attr as the last call left it.
    pub(crate) fn attr_u32(&self, offset: usize) -> u32 {
        u32::from_ne_bytes(self.read(self.attr + offset as u64, 4).try_into().unwrap())
    }

    /// `b`, placed in memory of its own (unmapped after it).
    pub(crate) fn bytes(&mut self, b: &[u8]) -> u64 {
        self.mem.alloc_bytes(b)
    }

    /// `len` canaries, placed in memory of their own.
    pub(crate) fn canary(&mut self, len: usize) -> u64 {
        self.bytes(&vec![CANARY; len])
    }

    /// `len` bytes of memory at `addr`.
    pub(crate) fn read(&self, addr: u64, len: usize) -> Vec<u8> {
        self.mem.bytes(addr, len).unwrap().to_vec()
    }

    /// Whether the `len` bytes at `addr` are all canaries still.
    pub(crate) fn untouched(&self, addr: u64, len: usize) -> bool {
        self.read(addr, len).iter().all(|&b| b == CANARY)
    }

    /// A map of `map_type` with 4-byte keys, made through `BPF_MAP_CREATE`.
    pub(crate) fn map(&mut self, map_type: u32, value_size: u32, max_entries: u32) -> u32 {
        let a = bpf_attr_map_create {
            map_type,
            key_size: 4,
            value_size,
            max_entries,
            ..Default::default()
        };
        self.loaded(BPF_MAP_CREATE, bytes_of(&a))
    }

    /// A program loaded through `BPF_PROG_LOAD`: `r0 = r0; exit`, GPL.
    pub(crate) fn prog(&mut self, prog_type: u32, expected_attach_type: u32, r0: i32) -> u32 {
        let [a, b, c, d] = r0.to_le_bytes();
        let insns: [u8; 16] = [0xb7, 0, 0, 0, a, b, c, d, 0x95, 0, 0, 0, 0, 0, 0, 0];
        let insns = self.bytes(&insns);
        let license = self.bytes(b"GPL\0");
        let a = bpf_attr_prog_load {
            prog_type,
            insn_cnt: 2,
            insns,
            license,
            expected_attach_type,
            ..Default::default()
        };
        self.loaded(BPF_PROG_LOAD, bytes_of(&a))
    }

    /// A BTF object loaded from `blob` through `BPF_BTF_LOAD`.
    pub(crate) fn btf_from(&mut self, blob: &[u8]) -> u32 {
        let btf = self.bytes(blob);
        let a = bpf_attr_btf_load { btf, btf_size: blob.len() as u32, ..Default::default() };
        self.loaded(BPF_BTF_LOAD, bytes_of(&a))
    }

    /// A BTF object with one `int` ([`int_btf`]).
    pub(crate) fn btf(&mut self) -> u32 {
        self.btf_from(&int_btf())
    }

    /// The fd of a create or load that must succeed and, without a log,
    /// leaves its attr as it was.
    fn loaded(&mut self, cmd: u32, bytes: &[u8]) -> u32 {
        let (r, after) = self.call_back(cmd, bytes);
        assert_eq!(after, bytes, "cmd {cmd} wrote its attr");
        r.unwrap_or_else(|e| panic!("cmd {cmd}: errno {e}")) as u32
    }

    /// `BPF_OBJ_GET_INFO_BY_FD` of `fd` with the caller's struct at
    /// [`Fixture::info`]: `input`'s first `len` bytes (zero past its end),
    /// then canaries, which must come back untouched. The result, the
    /// struct as the call left it (its first `len` bytes, zero-filled) and
    /// the `info_len` written back.
    pub(crate) fn obj_info<I: ExtensibleAbi>(
        &mut self,
        fd: u32,
        input: &I,
        len: u32,
    ) -> (Result<i64, i32>, I, u32) {
        let len = len as usize;
        assert!(len <= INFO_ROOM, "an info struct of {len} bytes");
        let mut buf = [CANARY; INFO_ROOM];
        buf[..len].fill(0);
        input.copy_truncated(&mut buf[..len]);
        self.mem.write(self.info, &buf).unwrap();
        let a = bpf_attr_info { bpf_fd: fd, info_len: len as u32, info: self.info };
        let r = self.call_attr(BPF_OBJ_GET_INFO_BY_FD, &a);
        let after = self.read(self.info, INFO_ROOM);
        assert_eq!(&after[len..], &buf[len..], "bytes past info_len");
        let out = I::from_partial(&after[..len.min(size_of::<I>())]).unwrap();
        (r, out, self.attr_u32(core::mem::offset_of!(bpf_attr_info, info_len)))
    }
}
