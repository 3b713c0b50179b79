//! The map commands against expectations taken from the live Linux 6.18
//! kernel (each "kernel:" comment is what the kernel answered for the same
//! call), with canaries around every buffer a failing call must not touch.

use std::sync::Arc;

use super::*;
use crate::testing::{Fixture, BAD_ADDR};
use crate::Runtime;
use extensible_abi::bytes_of;
use extensible_abi::errno::*;
use extensible_abi_bpf::attr::*;

impl Fixture {
    /// A BTF object (`BPF_BTF_LOAD`) with the types: 1 `int`, 2 `typedef
    /// int u32`, 3 `struct s { int a; int b; }`, 4 `const struct s`, 5 `char`
    /// (1 byte).
    fn types_btf(&mut self) -> u32 {
        let mut types: Vec<u32> = vec![1, 1 << 24, 4, 32];
        types.extend([5, 8 << 24, 1]);
        types.extend([9, 4 << 24 | 2, 8, 11, 1, 0, 13, 1, 32]);
        types.extend([0, 10 << 24, 3]);
        types.extend([15, 1 << 24, 1, 8]);
        let strs = b"\0int\0u32\0s\0a\0b\0char\0";
        let type_len = types.len() as u32 * 4;
        let mut blob = Vec::new();
        blob.extend_from_slice(&0xeb9fu16.to_ne_bytes());
        blob.extend_from_slice(&[1, 0]);
        for w in [24u32, 0, type_len, type_len, strs.len() as u32] {
            blob.extend_from_slice(&w.to_ne_bytes());
        }
        blob.extend(types.iter().flat_map(|w| w.to_ne_bytes()));
        blob.extend_from_slice(strs);
        self.btf_from(&blob)
    }

    fn create_attr(&mut self, a: &bpf_attr_map_create) -> Result<u32, i32> {
        self.call_attr(BPF_MAP_CREATE, a).map(|fd| fd as u32)
    }

    fn create(
        &mut self,
        map_type: u32,
        key_size: u32,
        value_size: u32,
        max_entries: u32,
        map_flags: u32,
    ) -> Result<u32, i32> {
        self.create_attr(&bpf_attr_map_create {
            map_type,
            key_size,
            value_size,
            max_entries,
            map_flags,
            ..Default::default()
        })
    }

    fn elem(
        &mut self,
        cmd: u32,
        map_fd: u32,
        key: u64,
        value: u64,
        flags: u64,
    ) -> Result<i64, i32> {
        self.call_attr(cmd, &bpf_attr_map_elem { map_fd, key, value, flags, ..Default::default() })
    }

    fn update(&mut self, fd: u32, key: &[u8], value: &[u8], flags: u64) -> Result<i64, i32> {
        let (k, v) = (self.bytes(key), self.bytes(value));
        self.elem(BPF_MAP_UPDATE_ELEM, fd, k, v, flags)
    }

    fn lookup(&mut self, fd: u32, key: &[u8], value_size: usize) -> Result<Vec<u8>, i32> {
        let (k, v) = (self.bytes(key), self.canary(value_size));
        self.elem(BPF_MAP_LOOKUP_ELEM, fd, k, v, 0)?;
        Ok(self.read(v, value_size))
    }

    fn next_key(&mut self, fd: u32, key: Option<&[u8]>, key_size: usize) -> Result<Vec<u8>, i32> {
        let k = match key {
            Some(k) => self.bytes(k),
            None => 0,
        };
        let n = self.canary(key_size);
        self.elem(BPF_MAP_GET_NEXT_KEY, fd, k, n, 0)?;
        Ok(self.read(n, key_size))
    }

    /// Every key in iteration order.
    fn keys(&mut self, fd: u32, key_size: usize) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut key = None;
        while let Ok(next) = self.next_key(fd, key.as_deref(), key_size) {
            out.push(next.clone());
            key = Some(next);
            assert!(out.len() < 10_000);
        }
        out
    }

    fn batch(&mut self, cmd: u32, a: &bpf_attr_batch) -> (Result<i64, i32>, u32) {
        let r = self.call_attr(cmd, a);
        (r, self.attr_u32(offset_of!(bpf_attr_batch, count)))
    }

    fn freeze(&mut self, fd: u32) -> Result<i64, i32> {
        self.elem(BPF_MAP_FREEZE, fd, 0, 0, 0)
    }
}

fn zeroed_info() -> bpf_map_info {
    extensible_abi::zeroed()
}

fn u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_ne_bytes()).collect()
}

fn name(s: &[u8]) -> [u8; 16] {
    let mut n = [0u8; 16];
    n[..s.len()].copy_from_slice(s);
    n
}

fn arr() -> bpf_attr_map_create {
    bpf_attr_map_create {
        map_type: BPF_MAP_TYPE_ARRAY,
        key_size: 4,
        value_size: 4,
        max_entries: 1,
        ..Default::default()
    }
}

fn hash() -> bpf_attr_map_create {
    bpf_attr_map_create { map_type: BPF_MAP_TYPE_HASH, ..arr() }
}

#[test]
fn create_refuses_what_the_kernel_refuses() {
    let mut t = Fixture::new();
    let cases: &[(&str, bpf_attr_map_create, i32)] = &[
        ("unknown type", bpf_attr_map_create { map_type: 999, ..arr() }, EINVAL),
        (
            "unsupported type (percpu array)",
            bpf_attr_map_create { map_type: BPF_MAP_TYPE_PERCPU_ARRAY, ..arr() },
            EINVAL,
        ),
        ("array max_entries 0", bpf_attr_map_create { max_entries: 0, ..arr() }, EINVAL),
        ("array key_size 8", bpf_attr_map_create { key_size: 8, ..arr() }, EINVAL),
        ("array value_size 0", bpf_attr_map_create { value_size: 0, ..arr() }, EINVAL),
        (
            "array BPF_F_NO_PREALLOC",
            bpf_attr_map_create { map_flags: BPF_F_NO_PREALLOC, ..arr() },
            EINVAL,
        ),
        (
            "array BPF_F_ZERO_SEED",
            bpf_attr_map_create { map_flags: BPF_F_ZERO_SEED, ..arr() },
            EINVAL,
        ),
        (
            "array BPF_F_PRESERVE_ELEMS",
            bpf_attr_map_create { map_flags: BPF_F_PRESERVE_ELEMS, ..arr() },
            EINVAL,
        ),
        ("array value_size > INT_MAX", bpf_attr_map_create { value_size: 1 << 31, ..arr() }, E2BIG),
        // kernel: ENOMEM for 32 GiB; the runtime's cap is lower.
        (
            "array too large",
            bpf_attr_map_create { value_size: 8, max_entries: u32::MAX, ..arr() },
            ENOMEM,
        ),
        ("hash key_size 0", bpf_attr_map_create { key_size: 0, ..hash() }, EINVAL),
        (
            "hash BPF_F_NO_COMMON_LRU",
            bpf_attr_map_create { map_flags: BPF_F_NO_COMMON_LRU, ..hash() },
            EINVAL,
        ),
        (
            "hash BPF_F_MMAPABLE",
            bpf_attr_map_create { map_flags: BPF_F_MMAPABLE, ..hash() },
            EINVAL,
        ),
        // kernel: key + value >= KMALLOC_MAX_SIZE - 48 is E2BIG.
        ("hash elem too big", bpf_attr_map_create { value_size: 4194252, ..hash() }, E2BIG),
        (
            "hash too many buckets",
            bpf_attr_map_create {
                max_entries: (1 << 27) + 1,
                map_flags: BPF_F_NO_PREALLOC,
                ..hash()
            },
            E2BIG,
        ),
        (
            "hash n_buckets overflow",
            bpf_attr_map_create {
                max_entries: 0x8000_0001,
                map_flags: BPF_F_NO_PREALLOC,
                ..hash()
            },
            E2BIG,
        ),
        (
            "RDONLY|WRONLY",
            bpf_attr_map_create { map_flags: BPF_F_RDONLY | BPF_F_WRONLY, ..arr() },
            EINVAL,
        ),
        (
            "RDONLY_PROG|WRONLY_PROG",
            bpf_attr_map_create { map_flags: BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG, ..arr() },
            EINVAL,
        ),
        (
            "numa node 1",
            bpf_attr_map_create { map_flags: BPF_F_NUMA_NODE, numa_node: 1, ..arr() },
            EINVAL,
        ),
        ("map_extra", bpf_attr_map_create { map_extra: 1, ..arr() }, EINVAL),
        (
            "btf key id without value id",
            bpf_attr_map_create { btf_key_type_id: 1, ..arr() },
            EINVAL,
        ),
        (
            "btf value id, no such btf fd",
            bpf_attr_map_create { btf_fd: 9999, btf_value_type_id: 1, ..arr() },
            EBADF,
        ),
        (
            "btf_vmlinux_value_type_id",
            bpf_attr_map_create { btf_vmlinux_value_type_id: 1, ..arr() },
            EINVAL,
        ),
        // kernel: EINVAL for an ifindex with no device.
        ("map_ifindex", bpf_attr_map_create { map_ifindex: 9999, ..arr() }, EINVAL),
        // kernel: lo exists but has no ndo_bpf.
        ("map_ifindex lo", bpf_attr_map_create { map_ifindex: 1, ..hash() }, EOPNOTSUPP),
        (
            "token flag, no such fd",
            bpf_attr_map_create { map_flags: BPF_F_TOKEN_FD, map_token_fd: 999, ..arr() },
            EBADF,
        ),
        ("bad name", bpf_attr_map_create { map_name: name(b"a-b"), ..arr() }, EINVAL),
        (
            "name without NUL",
            bpf_attr_map_create { map_name: *b"abcdefghijklmnop", ..arr() },
            EINVAL,
        ),
        // map_alloc comes before bpf_obj_name_cpy: its E2BIG wins.
        (
            "bad name and E2BIG",
            bpf_attr_map_create { map_name: name(b"a-b"), value_size: 4194252, ..hash() },
            E2BIG,
        ),
        (
            "excl_prog_hash_size without hash",
            bpf_attr_map_create { excl_prog_hash_size: 32, ..arr() },
            EINVAL,
        ),
        (
            "excl_prog_hash size 31",
            bpf_attr_map_create { excl_prog_hash: BAD_ADDR, excl_prog_hash_size: 31, ..arr() },
            EINVAL,
        ),
        (
            "excl_prog_hash unmapped",
            bpf_attr_map_create { excl_prog_hash: BAD_ADDR, excl_prog_hash_size: 32, ..arr() },
            EFAULT,
        ),
    ];
    for (what, a, errno) in cases {
        assert_eq!(t.create_attr(a), Err(*errno), "{what}");
    }
    // Nothing was created: the first map still gets fd 3 and id 1.
    assert_eq!(t.create_attr(&arr()), Ok(3));
    assert_eq!(t.rt.lock().next_id(ObjectKind::Map, 0), Ok(1));
    // The token flag with one of the runtime's fds (not a token): EINVAL.
    let a = bpf_attr_map_create { map_flags: BPF_F_TOKEN_FD, map_token_fd: 3, ..arr() };
    assert_eq!(t.create_attr(&a), Err(EINVAL));
    // Token fd 0 (stdin, kernel: not a token): EINVAL.
    let a = bpf_attr_map_create { map_flags: BPF_F_TOKEN_FD, map_token_fd: 0, ..arr() };
    assert_eq!(t.create_attr(&a), Err(EINVAL));
    // A map fd as btf_fd: EINVAL (not a BTF object).
    let a = bpf_attr_map_create { btf_fd: 3, btf_value_type_id: 1, ..arr() };
    assert_eq!(t.create_attr(&a), Err(EINVAL));
}

#[test]
fn create_accepts_what_the_kernel_accepts() {
    let mut t = Fixture::new();
    let sha = t.bytes(&[7; 32]);
    let ok = [
        bpf_attr_map_create { map_name: name(b"ok_name.1"), ..arr() },
        bpf_attr_map_create {
            map_flags: BPF_F_MMAPABLE | BPF_F_INNER_MAP | BPF_F_RDONLY_PROG,
            ..arr()
        },
        bpf_attr_map_create { map_flags: BPF_F_NUMA_NODE, numa_node: 0, ..arr() },
        bpf_attr_map_create { map_flags: BPF_F_NO_PREALLOC | BPF_F_ZERO_SEED, ..hash() },
        bpf_attr_map_create { value_size: 4194251, ..hash() },
        bpf_attr_map_create { max_entries: 1 << 27, map_flags: BPF_F_NO_PREALLOC, ..hash() },
        // Ignored without their flags (kernel: created).
        bpf_attr_map_create { map_token_fd: 5, value_type_btf_obj_fd: 5, btf_fd: 77, ..arr() },
        bpf_attr_map_create { excl_prog_hash: sha, excl_prog_hash_size: 32, ..arr() },
    ];
    for (i, a) in ok.iter().enumerate() {
        assert_eq!(t.create_attr(a), Ok(3 + i as u32), "{a:?}");
    }
    let state = t.rt.lock();
    let Object::Map(m) = state.get_fd(10).unwrap() else { unreachable!() };
    assert_eq!(m.excl_prog_sha, Some([7; 32]));
}

#[test]
fn create_at_an_older_level() {
    // A 4.13 runtime: 16-byte attr, no name.
    let mut t = Fixture::at(release(4, 13));
    let a = arr();
    assert_eq!(t.call(BPF_MAP_CREATE, &bytes_of(&a)[..16]), Ok(3));
    let (r, info, len) = t.obj_info(3, &zeroed_info(), 104);
    assert_eq!((r, len), (Ok(0), 24));
    assert_eq!((info.r#type, info.id, info.max_entries), (BPF_MAP_TYPE_ARRAY, 1, 1));
    // A 4.13 kernel does not know map_name: its bytes are past the
    // command's last field (CHECK_ATTR: EINVAL).
    let a = bpf_attr_map_create { map_name: name(b"x"), ..arr() };
    assert_eq!(t.call_attr(BPF_MAP_CREATE, &a), Err(EINVAL));
}

#[test]
fn info_fields_and_the_6_18_echo() {
    let mut t = Fixture::new();
    let a = bpf_attr_map_create {
        map_name: name(b"counts"),
        map_flags: BPF_F_RDONLY_PROG | BPF_F_WRONLY,
        max_entries: 3,
        ..arr()
    };
    assert_eq!(t.create_attr(&a), Ok(3));
    // kernel: the caller's ifindex, netns_*, btf ids of a map without BTF
    // and btf_vmlinux_id come back as passed; btf_vmlinux_value_type_id is
    // zeroed.
    let mut input: bpf_map_info = extensible_abi::zeroed();
    input.ifindex = 0x1111_1111;
    input.btf_vmlinux_value_type_id = 0x2222_2222;
    input.netns_dev = 0x3333_3333_3333_3333;
    input.netns_ino = 0x4444_4444_4444_4444;
    (input.btf_id, input.btf_key_type_id, input.btf_value_type_id) = (5, 6, 7);
    input.btf_vmlinux_id = 8;
    let (r, info, len) = t.obj_info(3, &input, 104);
    assert_eq!((r, len), (Ok(0), 104));
    let mut want = input;
    (want.r#type, want.id, want.key_size, want.value_size, want.max_entries) =
        (BPF_MAP_TYPE_ARRAY, 1, 4, 4, 3);
    want.map_flags = BPF_F_RDONLY_PROG; // the fd's WRONLY is not the map's
    want.name = name(b"counts");
    want.btf_vmlinux_value_type_id = 0;
    assert_eq!(info, want);
    // Before 6.18 the kernel started from zero.
    let mut old = Fixture::at(release(6, 9));
    old.create_attr(&bpf_attr_map_create { map_name: name(b"counts"), ..arr() }).unwrap();
    let mut input88: bpf_map_info = extensible_abi::zeroed();
    input88.ifindex = 0x1111_1111;
    let (r, info, len) = old.obj_info(3, &input88, 88);
    assert_eq!((r, len, info.ifindex, info.r#type), (Ok(0), 88, 0, BPF_MAP_TYPE_ARRAY));
    // kernel: a non-zero byte from 100 on (the tail padding) is E2BIG,
    // wherever info_len ends; nothing is written.
    let mut pad: bpf_map_info = extensible_abi::zeroed();
    pad._pad_tail = 0x0100_0000;
    let (r, out, len) = t.obj_info(3, &pad, 104);
    assert_eq!((r, len, out), (Err(E2BIG), 104, pad));
    pad._pad_tail = 1;
    assert_eq!(t.obj_info(3, &pad, 101).0, Err(E2BIG));
    assert_eq!(t.obj_info(3, &pad, 100).0, Ok(0));
    // Short and zero lengths.
    let (r, _, len) = t.obj_info(3, &zeroed_info(), 40);
    assert_eq!((r, len), (Ok(0), 40));
    let (r, _, len) = t.obj_info(3, &zeroed_info(), 0);
    assert_eq!((r, len), (Ok(0), 0));
}

#[test]
fn info_hash_of_an_array() {
    let mut t = Fixture::new();
    let fd = t.create_attr(&bpf_attr_map_create { max_entries: 3, ..arr() }).unwrap();
    let hfd = t.create_attr(&hash()).unwrap();
    let out = t.canary(32);
    let ask = |hash: u64, hash_size: u32| {
        let mut i: bpf_map_info = extensible_abi::zeroed();
        (i.hash, i.hash_size) = (hash, hash_size);
        i
    };
    // hash_size without hash.
    assert_eq!(t.obj_info(fd, &ask(0, 32), 104).0, Err(EINVAL));
    // Not frozen: EPERM (6.18 stable).
    assert_eq!(t.obj_info(fd, &ask(out, 32), 104).0, Err(EPERM));
    for i in 0..3u32 {
        t.update(fd, &i.to_ne_bytes(), &(0x0102_0300 + i).to_ne_bytes(), 0).unwrap();
    }
    assert_eq!(t.freeze(fd), Ok(0));
    assert_eq!(t.obj_info(fd, &ask(out, 31), 104).0, Err(EINVAL));
    assert!(t.untouched(out, 32));
    // A hash map has no map_get_hash.
    assert_eq!(t.obj_info(hfd, &ask(out, 32), 104).0, Err(EINVAL));
    assert_eq!(t.obj_info(fd, &ask(BAD_ADDR, 32), 104).0, Err(EFAULT));
    let (r, info, len) = t.obj_info(fd, &ask(out, 32), 104);
    assert_eq!((r, len, info.hash, info.hash_size), (Ok(0), 104, out, 32));
    // kernel: sha256 over the three 8-byte slots.
    let want = "70e0ab5d8ba127b618c7c81e291dc3f5888af76d2a25553de4b4db17eee2df11";
    let got: String = t.read(out, 32).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(got, want);
}

#[test]
fn commands_on_bad_fds() {
    let mut t = Fixture::new();
    let v = t.canary(8);
    let k = t.bytes(&[0; 4]);
    // kernel: flags are checked before the fd.
    assert_eq!(t.elem(BPF_MAP_LOOKUP_ELEM, 9999, k, v, 1), Err(EINVAL));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_ELEM, 9999, k, v, BPF_F_LOCK), Err(EBADF));
    for cmd in [BPF_MAP_UPDATE_ELEM, BPF_MAP_GET_NEXT_KEY, BPF_MAP_LOOKUP_AND_DELETE_ELEM] {
        assert_eq!(t.elem(cmd, 9999, k, v, 0), Err(EBADF), "{cmd}");
    }
    assert_eq!(t.elem(BPF_MAP_DELETE_ELEM, 9999, k, 0, 0), Err(EBADF));
    assert_eq!(t.freeze(9999), Err(EBADF));
    let b = bpf_attr_batch { map_fd: 9999, count: 1, ..Default::default() };
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &b), (Err(EBADF), 1));
    // bpf_obj_get_info_by_fd says EBADFD (77) for a bad fd.
    assert_eq!(t.obj_info(9999, &zeroed_info(), 104).0, Err(EBADFD));
    assert!(t.untouched(v, 8));
    // Fds 0-2 are the process's stdio: open, but not maps (kernel: EINVAL).
    assert_eq!(t.elem(BPF_MAP_UPDATE_ELEM, 0, k, v, 0), Err(EINVAL));
    let b = bpf_attr_batch { map_fd: 2, count: 1, ..Default::default() };
    assert_eq!(t.batch(BPF_MAP_DELETE_BATCH, &b), (Err(EINVAL), 1));
    let a = bpf_attr_map_create { btf_fd: 0, btf_value_type_id: 1, ..arr() };
    assert_eq!(t.create_attr(&a), Err(EINVAL));

    // An fd that is not a map: EINVAL (__bpf_map_get).
    let not_map = t.types_btf();
    for cmd in [
        BPF_MAP_LOOKUP_ELEM,
        BPF_MAP_UPDATE_ELEM,
        BPF_MAP_GET_NEXT_KEY,
        BPF_MAP_LOOKUP_AND_DELETE_ELEM,
    ] {
        assert_eq!(t.elem(cmd, not_map, k, v, 0), Err(EINVAL), "{cmd}");
    }
    assert_eq!(t.elem(BPF_MAP_DELETE_ELEM, not_map, k, 0, 0), Err(EINVAL));
    assert_eq!(t.freeze(not_map), Err(EINVAL));
    let b = bpf_attr_batch { map_fd: not_map, count: 1, ..Default::default() };
    for cmd in [
        BPF_MAP_LOOKUP_BATCH,
        BPF_MAP_LOOKUP_AND_DELETE_BATCH,
        BPF_MAP_UPDATE_BATCH,
        BPF_MAP_DELETE_BATCH,
    ] {
        assert_eq!(t.batch(cmd, &b), (Err(EINVAL), 1), "{cmd}");
    }
    assert!(t.untouched(v, 8));
}

#[test]
fn btf_key_and_value_types() {
    let mut t = Fixture::new();
    let btf = t.types_btf();
    let with = |a: bpf_attr_map_create, k: u32, v: u32| bpf_attr_map_create {
        btf_fd: btf,
        btf_key_type_id: k,
        btf_value_type_id: v,
        ..a
    };
    let s8 = bpf_attr_map_create { value_size: 8, ..arr() };
    // What the live kernel answered for the same BTF.
    let cases = [
        ("array int/int", with(arr(), 1, 1), Ok(())),
        ("array typedef/int", with(arr(), 2, 1), Ok(())),
        ("array int/struct", with(s8, 1, 3), Ok(())),
        ("array int/const struct", with(s8, 1, 4), Ok(())),
        ("array value size mismatch", with(arr(), 1, 3), Err(EINVAL)),
        ("array keyless, not a DATASEC", with(arr(), 0, 1), Err(EINVAL)),
        ("array char key", with(arr(), 5, 1), Err(EINVAL)),
        ("array struct key", with(arr(), 3, 1), Err(EINVAL)),
        ("hash keyless", with(hash(), 0, 1), Err(EINVAL)),
        ("hash int/int", with(hash(), 1, 1), Ok(())),
        ("hash struct key", with(bpf_attr_map_create { key_size: 8, ..hash() }, 3, 1), Ok(())),
        ("no such key type", with(hash(), 99, 1), Err(EINVAL)),
        ("no such value type", with(hash(), 1, 99), Err(EINVAL)),
        ("btf_fd without type ids", with(hash(), 0, 0), Ok(())),
    ];
    for (what, a, want) in cases {
        assert_eq!(t.create_attr(&a).map(drop), want, "{what}");
    }
    // The map reports its BTF; the BTF object lives while the map does.
    let fd = t.create_attr(&with(hash(), 1, 1)).unwrap();
    let btf_id = t.rt.lock().next_id(ObjectKind::Btf, 0).unwrap();
    t.rt.close(btf as i32).unwrap();
    let (r, info, _) = t.obj_info(fd, &zeroed_info(), 104);
    assert_eq!(
        (r, info.btf_id, info.btf_key_type_id, info.btf_value_type_id),
        (Ok(0), btf_id, 1, 1)
    );
    assert_eq!(
        t.rt.lock().by_id(ObjectKind::Btf, btf_id).map(|o| o.kind()),
        Ok(Some(ObjectKind::Btf))
    );
}

#[test]
fn array_elements() {
    let mut t = Fixture::new();
    let fd =
        t.create_attr(&bpf_attr_map_create { max_entries: 3, value_size: 6, ..arr() }).unwrap();
    assert_eq!(t.lookup(fd, &u32s(&[1]), 6), Ok(vec![0; 6]));
    assert_eq!(t.update(fd, &u32s(&[1]), b"abcdef", BPF_ANY), Ok(0));
    assert_eq!(t.update(fd, &u32s(&[2]), b"ghijkl", BPF_EXIST), Ok(0));
    assert_eq!(t.lookup(fd, &u32s(&[1]), 6), Ok(b"abcdef".to_vec()));
    // kernel: every element exists (EEXIST); an index past the end is
    // E2BIG for update, ENOENT for lookup; bad flags EINVAL, even past
    // the end (flags are checked first).
    assert_eq!(t.update(fd, &u32s(&[1]), b"xxxxxx", BPF_NOEXIST), Err(EEXIST));
    assert_eq!(t.update(fd, &u32s(&[3]), b"xxxxxx", BPF_ANY), Err(E2BIG));
    assert_eq!(t.update(fd, &u32s(&[9]), b"xxxxxx", 3), Err(EINVAL));
    assert_eq!(t.update(fd, &u32s(&[1]), b"xxxxxx", 1 << 40), Err(EINVAL));
    assert_eq!(t.update(fd, &u32s(&[1]), b"xxxxxx", BPF_F_LOCK), Err(EINVAL));
    assert_eq!(t.lookup(fd, &u32s(&[1]), 6), Ok(b"abcdef".to_vec()));
    assert_eq!(t.lookup(fd, &u32s(&[99]), 6), Err(ENOENT));
    // The key is copied before the map's own flag check: EFAULT wins over
    // flags 3, but BPF_F_LOCK is refused before the copy.
    let v = t.bytes(b"xxxxxx");
    assert_eq!(t.elem(BPF_MAP_UPDATE_ELEM, fd, BAD_ADDR, v, 3), Err(EFAULT));
    assert_eq!(t.elem(BPF_MAP_UPDATE_ELEM, fd, BAD_ADDR, v, BPF_F_LOCK), Err(EINVAL));
    let k = t.bytes(&u32s(&[0]));
    assert_eq!(t.elem(BPF_MAP_UPDATE_ELEM, fd, k, BAD_ADDR, 0), Err(EFAULT));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_ELEM, fd, 0, v, 0), Err(EFAULT));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_ELEM, fd, k, BAD_ADDR, 0), Err(EFAULT));
    // Delete: the key is copied (EFAULT), then EINVAL.
    assert_eq!(t.elem(BPF_MAP_DELETE_ELEM, fd, BAD_ADDR, 0, 0), Err(EFAULT));
    assert_eq!(t.elem(BPF_MAP_DELETE_ELEM, fd, k, 0, 0), Err(EINVAL));
    // Lookup-and-delete: ENOTSUPP; BPF_F_LOCK EINVAL.
    let out = t.canary(6);
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, k, out, 0), Err(ENOTSUPP));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, k, out, BPF_F_LOCK), Err(EINVAL));
    assert!(t.untouched(out, 6));
    // Next key: NULL or past the end is 0; the last ENOENT.
    assert_eq!(t.next_key(fd, None, 4), Ok(u32s(&[0])));
    assert_eq!(t.next_key(fd, Some(&u32s(&[99])), 4), Ok(u32s(&[0])));
    assert_eq!(t.next_key(fd, Some(&u32s(&[1])), 4), Ok(u32s(&[2])));
    assert_eq!(t.next_key(fd, Some(&u32s(&[2])), 4), Err(ENOENT));
    assert_eq!(t.keys(fd, 4), vec![u32s(&[0]), u32s(&[1]), u32s(&[2])]);
    let n = t.canary(4);
    assert_eq!(t.elem(BPF_MAP_GET_NEXT_KEY, fd, BAD_ADDR, n, 0), Err(EFAULT));
    assert_eq!(t.elem(BPF_MAP_GET_NEXT_KEY, fd, k, BAD_ADDR, 0), Err(EFAULT));
    assert!(t.untouched(n, 4));
}

#[test]
fn hash_elements() {
    let mut t = Fixture::new();
    let fd = t.create(BPF_MAP_TYPE_HASH, 4, 4, 2, 0).unwrap();
    // kernel: a full table refuses new keys with E2BIG, replaces fine.
    assert_eq!(t.update(fd, &u32s(&[0]), &u32s(&[10]), 0), Ok(0));
    assert_eq!(t.update(fd, &u32s(&[1]), &u32s(&[11]), 0), Ok(0));
    assert_eq!(t.update(fd, &u32s(&[2]), &u32s(&[12]), 0), Err(E2BIG));
    assert_eq!(t.update(fd, &u32s(&[0]), &u32s(&[20]), BPF_ANY), Ok(0));
    assert_eq!(t.update(fd, &u32s(&[0]), &u32s(&[21]), BPF_NOEXIST), Err(EEXIST));
    assert_eq!(t.update(fd, &u32s(&[0]), &u32s(&[22]), BPF_EXIST), Ok(0));
    assert_eq!(t.update(fd, &u32s(&[0]), &u32s(&[23]), 3), Err(EINVAL));
    assert_eq!(t.update(fd, &u32s(&[7]), &u32s(&[0]), BPF_EXIST), Err(ENOENT));
    assert_eq!(t.update(fd, &u32s(&[7]), &u32s(&[0]), BPF_NOEXIST), Err(E2BIG));
    assert_eq!(t.lookup(fd, &u32s(&[0]), 4), Ok(u32s(&[22])));
    assert_eq!(t.lookup(fd, &u32s(&[7]), 4), Err(ENOENT));
    // Delete.
    let k7 = t.bytes(&u32s(&[7]));
    assert_eq!(t.elem(BPF_MAP_DELETE_ELEM, fd, k7, 0, 0), Err(ENOENT));
    let k1 = t.bytes(&u32s(&[1]));
    assert_eq!(t.elem(BPF_MAP_DELETE_ELEM, fd, k1, 0, 0), Ok(0));
    assert_eq!(t.lookup(fd, &u32s(&[1]), 4), Err(ENOENT));
    // Lookup-and-delete.
    let out = t.canary(4);
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, k7, out, 0), Err(ENOENT));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, k7, out, 1), Err(EINVAL));
    assert!(t.untouched(out, 4));
    let k0 = t.bytes(&u32s(&[0]));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, k0, out, 0), Ok(0));
    assert_eq!(t.read(out, 4), u32s(&[22]));
    assert_eq!(t.lookup(fd, &u32s(&[0]), 4), Err(ENOENT));
    // kernel: the element is deleted before its value is copied out, so a
    // bad value pointer loses it.
    t.update(fd, &u32s(&[5]), &u32s(&[55]), 0).unwrap();
    let k5 = t.bytes(&u32s(&[5]));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, k5, BAD_ADDR, 0), Err(EFAULT));
    assert_eq!(t.lookup(fd, &u32s(&[5]), 4), Err(ENOENT));
    assert_eq!(t.next_key(fd, None, 4), Err(ENOENT));
}

/// Keys in the order the live kernel iterated them (maps created with
/// `BPF_F_ZERO_SEED`).
#[test]
fn hash_order_is_the_kernels_with_zero_seed() {
    let mut t = Fixture::new();
    // (key size, max_entries, keys in insertion order, kernel's order)
    type Case = (u32, u32, Vec<Vec<u8>>, Vec<usize>);
    let cases: Vec<Case> = vec![
        (4, 8, (0..8u32).map(|i| i.to_ne_bytes().to_vec()).collect(), vec![0, 4, 7, 2, 1, 6, 5, 3]),
        (3, 5, (0..5u8).map(|i| vec![i, 1, 2]).collect(), vec![3, 2, 4, 1, 0]),
        (
            4,
            4,
            [7u32, 3, 100, 12345].iter().map(|i| i.to_ne_bytes().to_vec()).collect(),
            vec![2, 0, 3, 1],
        ),
        (13, 16, (0..10u8).map(|i| vec![i; 13]).collect(), vec![4, 1, 7, 6, 8, 9, 2, 5, 3, 0]),
    ];
    for (ks, me, keys, order) in cases {
        let fd = t.create(BPF_MAP_TYPE_HASH, ks, 4, me, BPF_F_ZERO_SEED).unwrap();
        for k in &keys {
            t.update(fd, k, &[0; 4], 0).unwrap();
        }
        let want: Vec<Vec<u8>> = order.iter().map(|&i| keys[i].clone()).collect();
        assert_eq!(t.keys(fd, ks as usize), want, "key size {ks}");
    }
    // kernel: a replaced element moves to the front of its bucket.
    let fd = 6;
    t.update(fd, &[0; 13], &[1; 4], 0).unwrap();
    let order = [4, 1, 7, 6, 8, 9, 2, 0, 5, 3];
    let want: Vec<Vec<u8>> = order.iter().map(|&i| vec![i as u8; 13]).collect();
    assert_eq!(t.keys(fd, 13), want);
    // kernel: a key that is not there restarts from the first.
    let fd = t.create(BPF_MAP_TYPE_HASH, 4, 4, 4, BPF_F_ZERO_SEED).unwrap();
    t.update(fd, &u32s(&[1]), &[0; 4], 0).unwrap();
    t.update(fd, &u32s(&[2]), &[0; 4], 0).unwrap();
    assert_eq!(t.next_key(fd, Some(&u32s(&[99])), 4), Ok(u32s(&[2])));
}

fn batch_attr(
    map_fd: u32,
    in_batch: u64,
    out_batch: u64,
    keys: u64,
    values: u64,
    count: u32,
) -> bpf_attr_batch {
    bpf_attr_batch { in_batch, out_batch, keys, values, count, map_fd, ..Default::default() }
}

#[test]
fn array_batches() {
    let mut t = Fixture::new();
    let fd = t.create_attr(&bpf_attr_map_create { max_entries: 5, ..arr() }).unwrap();
    for i in 0..5u32 {
        t.update(fd, &u32s(&[i]), &u32s(&[100 + i]), 0).unwrap();
    }
    let (kb, vb, ob) = (t.canary(64), t.canary(64), t.canary(4));
    // kernel: batch.flags is not looked at by the generic batches.
    let a = bpf_attr_batch { flags: 1, ..batch_attr(fd, 0, ob, kb, vb, 3) };
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &a), (Ok(0), 3));
    assert_eq!(t.read(ob, 4), u32s(&[2]));
    assert_eq!(t.read(kb, 12), u32s(&[0, 1, 2]));
    assert_eq!(t.read(vb, 12), u32s(&[100, 101, 102]));
    assert!(t.untouched(kb + 12, 52) && t.untouched(vb + 12, 52));
    // From key 2: two more, then ENOENT with the count.
    let ib = t.bytes(&u32s(&[2]));
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, ib, ob, kb, vb, 5)), (Err(ENOENT), 2));
    assert_eq!(t.read(ob, 4), u32s(&[4]));
    assert_eq!(t.read(kb, 8), u32s(&[3, 4]));
    // From the last key: ENOENT, count 0, out_batch untouched.
    let (ib, ob2) = (t.bytes(&u32s(&[4])), t.canary(4));
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, ib, ob2, kb, vb, 5)),
        (Err(ENOENT), 0)
    );
    assert!(t.untouched(ob2, 4));
    // From past the end: starts over (array_map_get_next_key).
    let ib = t.bytes(&u32s(&[77]));
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, ib, ob, kb, vb, 2)), (Ok(0), 2));
    assert_eq!(t.read(ob, 4), u32s(&[1]));
    // count 0: nothing read, nothing written.
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, BAD_ADDR, BAD_ADDR, BAD_ADDR, BAD_ADDR, 0)),
        (Ok(0), 0)
    );
    // A fault on the values: EFAULT, count left at 0.
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, 0, ob, kb, BAD_ADDR, 3)),
        (Err(EFAULT), 0)
    );
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, BAD_ADDR, ob, kb, vb, 3)),
        (Err(EFAULT), 0)
    );
    // elem_flags: only BPF_F_LOCK, which needs a lock: EINVAL, count as passed.
    let a = bpf_attr_batch { elem_flags: 1, ..batch_attr(fd, 0, ob, kb, vb, 3) };
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &a), (Err(EINVAL), 3));
    let a = bpf_attr_batch { elem_flags: BPF_F_LOCK, ..batch_attr(fd, 0, 0, kb, vb, 1) };
    assert_eq!(t.batch(BPF_MAP_UPDATE_BATCH, &a), (Err(EINVAL), 1));
    // No deleting batches for arrays.
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_AND_DELETE_BATCH, &batch_attr(fd, 0, ob, kb, vb, 3)),
        (Err(ENOTSUPP), 3)
    );
    assert_eq!(t.batch(BPF_MAP_DELETE_BATCH, &batch_attr(fd, 0, 0, kb, 0, 3)), (Err(ENOTSUPP), 3));
    // Update: stops at the first failure with the count done.
    let (keys, vals) = (t.bytes(&u32s(&[0, 1, 9])), t.bytes(&u32s(&[7, 8, 9])));
    let a = bpf_attr_batch { flags: 1, ..batch_attr(fd, 0, 0, keys, vals, 3) };
    assert_eq!(t.batch(BPF_MAP_UPDATE_BATCH, &a), (Err(E2BIG), 2));
    assert_eq!(t.lookup(fd, &u32s(&[1]), 4), Ok(u32s(&[8])));
    assert_eq!(
        t.batch(BPF_MAP_UPDATE_BATCH, &batch_attr(fd, 0, 0, keys, BAD_ADDR, 3)),
        (Err(EFAULT), 0)
    );
    // Frozen: lookups fine, updates EPERM before anything is written.
    t.freeze(fd).unwrap();
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, 0, ob, kb, vb, 1)), (Ok(0), 1));
    assert_eq!(
        t.batch(BPF_MAP_UPDATE_BATCH, &batch_attr(fd, 0, 0, keys, vals, 1)),
        (Err(EPERM), 1)
    );
}

/// `count` is zeroed by `put_user` before a batch starts: where it runs
/// into read-only memory (an attr whose end the caller mapped read-only),
/// the kernel's single store faults and no byte of it changes, so the
/// caller's count is what it passed. (Real memory ends at pages, so the
/// split is put where a page boundary would be: at a word boundary, here
/// 34 bytes into an attr at an address 6 past a word.)
#[test]
fn batch_count_is_put_whole_or_not_at_all() {
    let mut t = Fixture::new();
    let fd = t.create_attr(&bpf_attr_map_create { max_entries: 5, ..arr() }).unwrap();
    let (kb, vb, ob) = (t.canary(64), t.canary(64), t.canary(4));
    let a = batch_attr(fd, 0, ob, kb, vb, 3);
    let bytes = bytes_of(&a);
    let base = 0x7000_0006;
    t.mem.map(base, &bytes[..34], true);
    t.mem.map(base + 34, &bytes[34..], false);
    assert_eq!(t.bpf(BPF_MAP_LOOKUP_BATCH, base, bytes.len() as u32), Err(EFAULT));
    assert_eq!(t.read(base, 34), &bytes[..34]);
    assert!(t.untouched(kb, 64) && t.untouched(vb, 64) && t.untouched(ob, 4));
}

#[test]
fn hash_batches() {
    let mut t = Fixture::new();
    // Eight buckets; the kernel iterates keys 0..8 as 0 4 7 2 1 6 5 3.
    let fd = t.create(BPF_MAP_TYPE_HASH, 4, 4, 8, BPF_F_ZERO_SEED).unwrap();
    for i in 0..8u32 {
        t.update(fd, &u32s(&[i]), &u32s(&[100 + i]), 0).unwrap();
    }
    let (kb, vb, ob) = (t.canary(64), t.canary(64), t.canary(4));
    // kernel: count 3 takes the first bucket (2 keys); the next does not fit.
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, 0, ob, kb, vb, 3)), (Ok(0), 2));
    assert_eq!(t.read(ob, 4), u32s(&[2]));
    assert_eq!(t.read(kb, 8), u32s(&[0, 4]));
    assert_eq!(t.read(vb, 8), u32s(&[100, 104]));
    assert!(t.untouched(kb + 8, 56));
    let ib = t.bytes(&u32s(&[2]));
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, ib, ob, kb, vb, 16)),
        (Err(ENOENT), 6)
    );
    assert_eq!(t.read(ob, 4), u32s(&[8]));
    assert_eq!(t.read(kb, 24), u32s(&[7, 2, 1, 6, 5, 3]));
    // kernel: count 1 takes bucket 0 (key 0) and stops before bucket 1.
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, 0, ob, kb, vb, 1)), (Ok(0), 1));
    assert_eq!((t.read(ob, 4), t.read(kb, 4)), (u32s(&[1]), u32s(&[0])));
    // kernel: from bucket 2 (two keys) with count 1: ENOSPC, out_batch =
    // that bucket.
    let (ib, ob2) = (t.bytes(&u32s(&[2])), t.canary(4));
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, ib, ob2, kb, vb, 1)),
        (Err(ENOSPC), 0)
    );
    assert_eq!(t.read(ob2, 4), u32s(&[2]));
    // in_batch past the last bucket: ENOENT, out_batch untouched.
    let (ib, ob3) = (t.bytes(&u32s(&[8])), t.canary(4));
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(fd, ib, ob3, kb, vb, 1)),
        (Err(ENOENT), 0)
    );
    assert!(t.untouched(ob3, 4));
    // The hash's own batches check batch.flags, before count.
    let a = bpf_attr_batch { flags: 1, ..batch_attr(fd, 0, ob, kb, vb, 3) };
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &a), (Err(EINVAL), 3));
    // The generic delete does not.
    let a = bpf_attr_batch { flags: 1, ..batch_attr(fd, 0, 0, BAD_ADDR, 0, 0) };
    assert_eq!(t.batch(BPF_MAP_DELETE_BATCH, &a), (Ok(0), 0));
    // Delete [0, 1, 99]: ENOENT after two.
    let dk = t.bytes(&u32s(&[0, 1, 99]));
    assert_eq!(t.batch(BPF_MAP_DELETE_BATCH, &batch_attr(fd, 0, 0, dk, 0, 3)), (Err(ENOENT), 2));
    assert_eq!(
        t.keys(fd, 4),
        vec![u32s(&[4]), u32s(&[7]), u32s(&[2]), u32s(&[6]), u32s(&[5]), u32s(&[3])]
    );
    // Lookup-and-delete with a bad values pointer: the first bucket is
    // deleted, then EFAULT with neither count nor out_batch written.
    let ob4 = t.canary(4);
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_AND_DELETE_BATCH, &batch_attr(fd, 0, ob4, kb, BAD_ADDR, 8)),
        (Err(EFAULT), 0)
    );
    assert!(t.untouched(ob4, 4));
    assert_eq!(t.keys(fd, 4), vec![u32s(&[7]), u32s(&[2]), u32s(&[6]), u32s(&[5]), u32s(&[3])]);
    // Lookup-and-delete everything.
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_AND_DELETE_BATCH, &batch_attr(fd, 0, ob, kb, vb, 8)),
        (Err(ENOENT), 5)
    );
    assert_eq!(t.read(kb, 20), u32s(&[7, 2, 6, 5, 3]));
    assert_eq!(t.read(vb, 20), u32s(&[107, 102, 106, 105, 103]));
    assert_eq!(t.next_key(fd, None, 4), Err(ENOENT));
    // Update batch into a full table: E2BIG with the count done.
    let fd = t.create(BPF_MAP_TYPE_HASH, 4, 4, 2, 0).unwrap();
    let (keys, vals) = (t.bytes(&u32s(&[1, 2, 3])), t.bytes(&u32s(&[1, 2, 3])));
    assert_eq!(
        t.batch(BPF_MAP_UPDATE_BATCH, &batch_attr(fd, 0, 0, keys, vals, 3)),
        (Err(E2BIG), 2)
    );
    // elem_flags BPF_NOEXIST is not allowed in a batch.
    let a = bpf_attr_batch { elem_flags: BPF_NOEXIST, ..batch_attr(fd, 0, 0, keys, vals, 1) };
    assert_eq!(t.batch(BPF_MAP_UPDATE_BATCH, &a), (Err(EINVAL), 1));
}

#[test]
fn freeze_and_fd_modes() {
    let mut t = Fixture::new();
    let fd = t.create(BPF_MAP_TYPE_HASH, 4, 4, 4, 0).unwrap();
    t.update(fd, &u32s(&[1]), &u32s(&[1]), 0).unwrap();
    assert_eq!(t.freeze(fd), Ok(0));
    // kernel: a frozen map's fds cannot write, so a second freeze is EPERM.
    assert_eq!(t.freeze(fd), Err(EPERM));
    assert_eq!(t.update(fd, &u32s(&[1]), &u32s(&[2]), 0), Err(EPERM));
    let k = t.bytes(&u32s(&[1]));
    let out = t.canary(4);
    assert_eq!(t.elem(BPF_MAP_DELETE_ELEM, fd, k, 0, 0), Err(EPERM));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, fd, k, out, 0), Err(EPERM));
    assert!(t.untouched(out, 4));
    assert_eq!(t.lookup(fd, &u32s(&[1]), 4), Ok(u32s(&[1])));
    // An fd created read-only.
    let ro = t.create(BPF_MAP_TYPE_ARRAY, 4, 4, 1, BPF_F_RDONLY).unwrap();
    assert_eq!(t.update(ro, &u32s(&[0]), &u32s(&[1]), 0), Err(EPERM));
    assert_eq!(t.freeze(ro), Err(EPERM));
    assert_eq!(t.lookup(ro, &u32s(&[0]), 4), Ok(u32s(&[0])));
    // Write-only: no reads.
    let wo = t.create(BPF_MAP_TYPE_HASH, 4, 4, 1, BPF_F_WRONLY).unwrap();
    assert_eq!(t.update(wo, &u32s(&[0]), &u32s(&[1]), 0), Ok(0));
    assert_eq!(t.lookup(wo, &u32s(&[0]), 4), Err(EPERM));
    assert_eq!(t.next_key(wo, None, 4), Err(EPERM));
    let k0 = t.bytes(&u32s(&[0]));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, wo, k0, out, 0), Err(EPERM));
    assert_eq!(
        t.batch(BPF_MAP_LOOKUP_BATCH, &batch_attr(wo, 0, out, out, out, 1)),
        (Err(EPERM), 1)
    );
    // The mode is the fd's: a read-only fd by id on the write-only map.
    let id = t.obj_info(wo, &zeroed_info(), 104).1.id;
    let by_id = t.call_attr(
        BPF_MAP_GET_FD_BY_ID,
        &bpf_attr_get_id { start_id: id, open_flags: BPF_F_RDONLY, ..Default::default() },
    );
    let rd = by_id.unwrap() as u32;
    assert_eq!(t.lookup(rd, &u32s(&[0]), 4), Ok(u32s(&[1])));
    assert_eq!(t.update(rd, &u32s(&[0]), &u32s(&[2]), 0), Err(EPERM));
    // The map's flags do not include the fd's mode.
    assert_eq!(t.obj_info(wo, &zeroed_info(), 104).1.map_flags, 0);
    // Closing and reusing an fd number forgets its mode.
    t.rt.close(rd as i32).unwrap();
    let fresh = t.create(BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0).unwrap();
    assert_eq!(fresh, rd);
    assert_eq!(t.update(fresh, &u32s(&[0]), &u32s(&[3]), 0), Ok(0));
}

#[test]
fn permissions_come_before_flags() {
    // kernel: EPERM for the fd's mode before EINVAL for BPF_F_LOCK / elem_flags.
    let mut t = Fixture::new();
    let ro = t.create(BPF_MAP_TYPE_HASH, 4, 4, 4, BPF_F_RDONLY).unwrap();
    let wo = t.create(BPF_MAP_TYPE_HASH, 4, 4, 4, BPF_F_WRONLY).unwrap();
    let (k, v) = (t.bytes(&[0; 4]), t.canary(4));
    assert_eq!(t.elem(BPF_MAP_UPDATE_ELEM, ro, k, v, BPF_F_LOCK), Err(EPERM));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, ro, k, v, BPF_F_LOCK), Err(EPERM));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_ELEM, wo, k, v, BPF_F_LOCK), Err(EPERM));
    // ... but unknown lookup flags come before the fd.
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, 9999, k, v, 1), Err(EINVAL));
    assert_eq!(t.elem(BPF_MAP_LOOKUP_AND_DELETE_ELEM, 9999, k, v, BPF_F_LOCK), Err(EBADF));
    assert_eq!(t.elem(BPF_MAP_UPDATE_ELEM, 9999, k, v, 8), Err(EBADF));
    let b =
        |map_fd, elem_flags| bpf_attr_batch { map_fd, count: 1, elem_flags, ..Default::default() };
    assert_eq!(t.batch(BPF_MAP_UPDATE_BATCH, &b(ro, 1)), (Err(EPERM), 1));
    assert_eq!(t.batch(BPF_MAP_LOOKUP_BATCH, &b(wo, 1)), (Err(EPERM), 1));
    assert_eq!(t.batch(BPF_MAP_LOOKUP_AND_DELETE_BATCH, &b(wo, 0)), (Err(EPERM), 1));
    assert_eq!(t.batch(BPF_MAP_LOOKUP_AND_DELETE_BATCH, &b(ro, 0)), (Err(EPERM), 1));
    // An array has no deleting batch, whatever the count.
    let a = t.create(BPF_MAP_TYPE_ARRAY, 4, 4, 4, 0).unwrap();
    assert_eq!(
        t.batch(BPF_MAP_DELETE_BATCH, &bpf_attr_batch { map_fd: a, ..Default::default() }),
        (Err(ENOTSUPP), 0)
    );
    assert!(t.untouched(v, 4));
}

#[test]
fn hash_memory_is_bounded() {
    let mut h = storage::Hash::new(4, 10, 16, 20);
    assert_eq!(h.update(&[1; 4], &[0; 6], 0), Ok(()));
    assert_eq!(h.update(&[2; 4], &[0; 6], 0), Ok(()));
    // 20 bytes used: a third key would be over; replacing is fine.
    assert_eq!(h.update(&[3; 4], &[0; 6], 0).unwrap_err().errno(), ENOMEM);
    assert_eq!(h.update(&[2; 4], &[9; 6], 0), Ok(()));
    h.remove(&[1; 4]).unwrap();
    assert_eq!(h.update(&[3; 4], &[0; 6], 0), Ok(()));
}

#[test]
fn a_write_in_flight_makes_freeze_ebusy() {
    let mut t = Fixture::new();
    let fd = t.create(BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0).unwrap();
    let map = match t.rt.lock().get_fd(fd as i32).unwrap() {
        Object::Map(m) => m,
        _ => unreachable!(),
    };
    let guard = map.begin_write(0, false).unwrap();
    assert_eq!(t.freeze(fd), Err(EBUSY));
    drop(guard);
    assert_eq!(t.freeze(fd), Ok(0));
    assert!(map.lock().frozen);
}

#[test]
fn maps_do_not_share_a_lock() {
    // Threads on one runtime, each on its own map, while one thread holds
    // another map's lock: none of them waits for it.
    let rt = Arc::new(Runtime::new());
    let mut t = Fixture::sharing(&rt);
    let fd = t.create(BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0).unwrap();
    let held = match rt.lock().get_fd(fd as i32).unwrap() {
        Object::Map(m) => m,
        _ => unreachable!(),
    };
    let guard = held.lock();
    // Under Miri (whose scheduler interleaves the threads) fewer keys.
    let keys = if cfg!(miri) { 8 } else { 64u32 };
    let handles: Vec<_> = (0..4u32)
        .map(|th| {
            let rt = Arc::clone(&rt);
            std::thread::spawn(move || {
                let mut t = Fixture::sharing(&rt);
                let fd = t.create(BPF_MAP_TYPE_HASH, 4, 4, 64, 0).unwrap();
                for i in 0..keys {
                    t.update(fd, &u32s(&[i]), &u32s(&[i * th]), 0).unwrap();
                }
                for i in 0..keys {
                    assert_eq!(t.lookup(fd, &u32s(&[i]), 4), Ok(u32s(&[i * th])));
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    drop(guard);
}

#[test]
fn jhash_known_answers() {
    // Length 0: the initial value, untouched.
    assert_eq!(storage::jhash(&[], 0), 0xdead_beef);
    // jhash2 over words and jhash over bytes agree on whole words (the
    // kernel picks by length; the order tests above pin both to the
    // kernel's buckets).
    assert_ne!(storage::jhash(&[1, 0, 0, 0], 0), storage::jhash(&[0, 0, 0, 1], 0));
}
