//! XDP links on the runtime's `lo`, with canaries. Every errno, id and
//! info value here was measured on Linux 6.18 with the same sequence
//! (the kernel's ids are offset by other links on the machine).

use super::super::object::Object;
use super::super::{release, Runtime};
use super::{BPF_XDP, LO_IFINDEX};
use extensible_abi::user::{SimMemory, UserMemory};
use extensible_abi::{bytes_of, errno, zeroed, ExtensibleAbi};
use extensible_abi_bpf::attr::*;
use extensible_abi_bpf::info::bpf_link_info;

const CANARY: u8 = 0xaa;
use extensible_abi::errno::{EBUSY, EEXIST, ENOLINK};

struct T {
    rt: Runtime,
    mem: SimMemory,
    attr: u64,
    info: u64,
}

impl T {
    fn new(rt: Runtime) -> T {
        let mut mem = SimMemory::new();
        let attr = mem.alloc(256);
        let info = mem.alloc(256);
        T { rt, mem, attr, info }
    }

    /// `bpf(cmd)` with `bytes` as the attr (canaries after them).
    fn call(&mut self, cmd: u32, bytes: &[u8]) -> Result<i64, i32> {
        let mut buf = [CANARY; 256];
        buf[..bytes.len()].copy_from_slice(bytes);
        self.mem.write(self.attr, &buf).unwrap();
        let r =
            self.rt.bpf(&mut self.mem, cmd, self.attr, bytes.len() as u32).map_err(|e| e.errno());
        assert_eq!(
            self.mem.bytes(self.attr + bytes.len() as u64, 256 - bytes.len()).unwrap(),
            &buf[bytes.len()..]
        );
        r
    }

    /// A program loaded through `BPF_PROG_LOAD`: `r0 = ret; exit`.
    fn prog(&mut self, prog_type: u32, expected_attach_type: u32) -> u32 {
        let insns: [u8; 16] = [0xb7, 0, 0, 0, 2, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0];
        let code = self.mem.alloc_bytes(&insns);
        let license = self.mem.alloc_bytes(b"GPL\0");
        let a = bpf_attr_prog_load {
            prog_type,
            insn_cnt: 2,
            insns: code,
            license,
            expected_attach_type,
            ..Default::default()
        };
        self.call(BPF_PROG_LOAD, bytes_of(&a)).expect("PROG_LOAD") as u32
    }

    fn prog_id(&self, fd: u32) -> u32 {
        match self.rt.lock().get_fd(fd as i32).unwrap() {
            Object::Prog(p) => p.id,
            _ => 0,
        }
    }

    fn btf(&mut self) -> u32 {
        let blob = super::super::btf_obj::tests::int_btf();
        let addr = self.mem.alloc_bytes(&blob);
        let a = bpf_attr_btf_load { btf: addr, btf_size: blob.len() as u32, ..Default::default() };
        self.call(BPF_BTF_LOAD, bytes_of(&a)).unwrap() as u32
    }

    fn create(
        &mut self,
        prog_fd: u32,
        ifindex: u32,
        attach_type: u32,
        flags: u32,
    ) -> Result<i64, i32> {
        let mut a = bpf_attr_link_create { prog_fd, attach_type, flags, ..Default::default() };
        a.set_target_ifindex(ifindex);
        self.call(BPF_LINK_CREATE, bytes_of(&a))
    }

    fn update(
        &mut self,
        link_fd: u32,
        new_prog_fd: u32,
        flags: u32,
        old_prog_fd: u32,
    ) -> Result<i64, i32> {
        let a = bpf_attr_link_update { link_fd, new_prog_fd, flags, old_prog_fd };
        self.call(BPF_LINK_UPDATE, bytes_of(&a))
    }

    fn detach(&mut self, link_fd: u32) -> Result<i64, i32> {
        self.call(BPF_LINK_DETACH, bytes_of(&bpf_attr_link_detach { link_fd }))
    }

    /// OBJ_GET_INFO_BY_FD with `input` as the caller's first `len` bytes
    /// (canaries after them): the info and the reported length.
    fn info(
        &mut self,
        fd: u32,
        input: &bpf_link_info,
        len: u32,
    ) -> Result<(bpf_link_info, u32), i32> {
        let mut buf = [CANARY; 256];
        buf[..64].copy_from_slice(bytes_of(input));
        buf[len as usize..].fill(CANARY);
        self.mem.write(self.info, &buf).unwrap();
        let a = bpf_attr_info { bpf_fd: fd, info_len: len, info: self.info };
        let mut bytes = [CANARY; 256];
        bytes[..16].copy_from_slice(bytes_of(&a));
        self.mem.write(self.attr, &bytes).unwrap();
        self.rt.bpf(&mut self.mem, BPF_OBJ_GET_INFO_BY_FD, self.attr, 16).map_err(|e| e.errno())?;
        let got = self.mem.bytes(self.info, 256).unwrap();
        assert_eq!(&got[len as usize..], &buf[len as usize..], "bytes past info_len");
        let n = u32::from_ne_bytes(self.mem.bytes(self.attr + 4, 4).unwrap().try_into().unwrap());
        Ok((bpf_link_info::from_partial(&got[..64]).unwrap(), n))
    }

    fn link_info(&mut self, fd: u32) -> bpf_link_info {
        self.info(fd, &zeroed(), 64).unwrap().0
    }
}

#[test]
fn xdp_link_lifecycle_matches_the_kernel() {
    let mut t = T::new(Runtime::new());
    let p = t.prog(6, BPF_XDP);
    let p0 = t.prog(6, 0);
    let p2 = t.prog(6, BPF_XDP);
    let sf = t.prog(1, 0);
    let dm = t.prog(6, 33);
    let cm = t.prog(6, 35);
    let btf = t.btf();

    // Before an id is taken.
    assert_eq!(t.create(999, 1, BPF_XDP, 0), Err(errno::EBADF));
    assert_eq!(t.create(u32::MAX, 1, BPF_XDP, 0), Err(errno::EBADF));
    assert_eq!(t.create(btf, 1, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.create(sf, 1, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.create(p, 1, 999, 0), Err(errno::EINVAL));
    assert_eq!(t.create(p, 1, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.create(p, 0, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.create(p, 999, BPF_XDP, 0), Err(errno::EINVAL));
    // After the id is taken (bpf_link_prime): each failure uses one up.
    assert_eq!(t.create(dm, 1, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.create(cm, 1, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.create(p, 1, BPF_XDP, 1), Err(errno::EINVAL));
    assert_eq!(t.create(p, 1, BPF_XDP, 16), Err(errno::EINVAL));
    assert_eq!(t.create(p, 1, BPF_XDP, 6), Err(errno::EINVAL));
    assert_eq!(t.create(p, 1, BPF_XDP, 4), Err(errno::EOPNOTSUPP));
    assert_eq!(t.create(p, 1, BPF_XDP, 8), Err(errno::EOPNOTSUPP));
    let l = t.create(p, LO_IFINDEX, BPF_XDP, 0).unwrap() as u32;
    assert_eq!(l, 10);
    let info = t.link_info(l);
    assert_eq!((info.r#type, info.id, info.prog_id, info.xdp().ifindex), (6, 8, t.prog_id(p), 1));
    assert_eq!(t.rt.lock().next_id(super::ObjectKind::Link, 0), Ok(8));

    // The attach point is taken, in every way the kernel says so.
    assert_eq!(t.create(p, 1, BPF_XDP, 0), Err(EBUSY));
    assert_eq!(t.create(p, 1, BPF_XDP, 2), Err(EBUSY));
    // Driver mode on lo, which has no driver hook: refused first (6.18.44).
    assert_eq!(t.create(p, 1, BPF_XDP, 4), Err(errno::EOPNOTSUPP));
    assert_eq!(t.create(p, 1, BPF_XDP, 8), Err(errno::EOPNOTSUPP));

    // LINK_UPDATE.
    assert_eq!(t.update(999, p2, 0, 0), Err(errno::EBADF));
    assert_eq!(t.update(p, p2, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.update(l, p2, 2, 0), Err(errno::EINVAL));
    assert_eq!(t.update(999, p2, 2, 0), Err(errno::EINVAL));
    assert_eq!(t.update(l, 999, 0, 0), Err(errno::EBADF));
    assert_eq!(t.update(l, btf, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.update(l, p2, 0, p), Err(errno::EINVAL));
    assert_eq!(t.update(l, p2, 4, 999), Err(errno::EBADF));
    assert_eq!(t.update(l, p2, 4, p2), Err(errno::EPERM));
    assert_eq!(t.update(l, sf, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.update(l, p0, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.update(l, dm, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.link_info(l).prog_id, t.prog_id(p));
    assert_eq!(t.update(l, p, 0, 0), Ok(0));
    assert_eq!(t.update(l, p2, 4, p), Ok(0));
    assert_eq!(t.link_info(l).prog_id, t.prog_id(p2));

    // LINK_DETACH.
    assert_eq!(t.detach(999), Err(errno::EBADF));
    assert_eq!(t.detach(p), Err(errno::EINVAL));
    assert_eq!(t.detach(l), Ok(0));
    let info = t.link_info(l);
    assert_eq!((info.r#type, info.id, info.prog_id, info.xdp().ifindex), (6, 8, t.prog_id(p2), 0));
    assert_eq!(t.detach(l), Ok(0));
    assert_eq!(t.update(l, p, 0, 0), Err(ENOLINK));
    assert_eq!(t.update(l, p, 2, 0), Err(errno::EINVAL));
    assert_eq!(t.update(l, p, 4, p), Err(ENOLINK));
    // lo is free again: the next link's id skips the four failed ones.
    let l3 = t.create(p0, 1, BPF_XDP, 0).unwrap() as u32;
    assert_eq!(t.link_info(l3).id, 13);
    // Closing the last fd detaches too.
    t.rt.close(l3 as i32).unwrap();
    let l4 = t.create(p0, 1, BPF_XDP, 2).unwrap() as u32;
    assert_eq!(t.link_info(l4).id, 14);
    // The detached link is still there by id.
    let mut g = bpf_attr_get_id { start_id: 8, ..Default::default() };
    let fd = t.call(BPF_LINK_GET_FD_BY_ID, &bytes_of(&g)[..4]).unwrap() as u32;
    assert_eq!(t.link_info(fd).xdp().ifindex, 0);
    g.open_flags = 1 << 3;
    assert_eq!(t.call(BPF_LINK_GET_FD_BY_ID, &bytes_of(&g)[..12]), Err(errno::EINVAL));
    g.open_flags = 0;
    g.start_id = 0;
    assert_eq!(t.call(BPF_LINK_GET_FD_BY_ID, &bytes_of(&g)[..4]), Err(errno::ENOENT));
    g.start_id = 13;
    assert_eq!(t.call(BPF_LINK_GET_FD_BY_ID, &bytes_of(&g)[..4]), Err(errno::ENOENT));
}

/// The other order of `dev_xdp_attach`'s checks (6.18.19's source): driver
/// and hardware mode are refused last, after the conflict with generic
/// mode (`EEXIST`) and the devmap/cpumap check (`EINVAL`).
#[test]
fn xdp_native_mode_refused_last() {
    use super::XdpNativeCheck;
    for (check, conflict, devmap) in [
        (XdpNativeCheck::First, errno::EOPNOTSUPP, errno::EOPNOTSUPP),
        (XdpNativeCheck::Last, EEXIST, errno::EINVAL),
    ] {
        let mut t = T::new(Runtime::new().with_xdp_native_check(check));
        let p = t.prog(6, BPF_XDP);
        let dm = t.prog(6, 33);
        let cm = t.prog(6, 35);
        assert_eq!(t.create(p, 1, BPF_XDP, 4), Err(errno::EOPNOTSUPP), "{check:?}");
        assert_eq!(t.create(dm, 1, BPF_XDP, 4), Err(devmap), "{check:?}");
        assert_eq!(t.create(cm, 1, BPF_XDP, 8), Err(devmap), "{check:?}");
        // Flags are checked before either order.
        assert_eq!(t.create(dm, 1, BPF_XDP, 6), Err(errno::EINVAL), "{check:?}");
        let l = t.create(p, 1, BPF_XDP, 2).unwrap();
        assert_eq!(t.create(p, 1, BPF_XDP, 4), Err(conflict), "{check:?}");
        assert_eq!(t.create(dm, 1, BPF_XDP, 4), Err(conflict), "{check:?}");
        assert_eq!(t.create(p, 1, BPF_XDP, 8), Err(errno::EOPNOTSUPP), "{check:?}");
        assert_eq!(t.create(p, 1, BPF_XDP, 0), Err(EBUSY), "{check:?}");
        t.rt.close(l as i32).unwrap();
        // Detached: driver mode is refused only for want of a driver hook.
        assert_eq!(t.create(p, 1, BPF_XDP, 4), Err(errno::EOPNOTSUPP), "{check:?}");
    }
}

#[test]
fn link_info_keeps_the_callers_other_bytes() {
    let mut t = T::new(Runtime::new());
    let p = t.prog(6, BPF_XDP);
    let l = t.create(p, 1, BPF_XDP, 2).unwrap() as u32;
    // The kernel copies the caller's struct in and writes back every byte
    // it does not set: the padding and the union past xdp.ifindex.
    let mut input: bpf_link_info = zeroed();
    let raw = extensible_abi::bytes_of_mut(&mut input);
    for (off, v) in [(0, 99u32), (4, 99), (12, 0x11), (20, 0x22), (40, 0x33), (60, 0x44)] {
        raw[off..off + 4].copy_from_slice(&v.to_ne_bytes());
    }
    let (info, n) = t.info(l, &input, 64).unwrap();
    assert_eq!(n, 64);
    let words: Vec<u32> =
        bytes_of(&info).chunks(4).map(|w| u32::from_ne_bytes(w.try_into().unwrap())).collect();
    assert_eq!(words, [6, 1, t.prog_id(p), 0x11, 1, 0x22, 0, 0, 0, 0, 0x33, 0, 0, 0, 0, 0x44]);
    // A short struct: what fits, and nothing past it.
    assert_eq!(t.info(l, &zeroed(), 8).unwrap().1, 8);
    // A non-zero byte past the struct: E2BIG.
    let mut t2 = [0u8; 200];
    t2[64] = 1;
    t.mem.write(t.info, &t2).unwrap();
    let a = bpf_attr_info { bpf_fd: l, info_len: 200, info: t.info };
    t.mem.write(t.attr, bytes_of(&a)).unwrap();
    assert_eq!(
        t.rt.bpf(&mut t.mem, BPF_OBJ_GET_INFO_BY_FD, t.attr, 16).unwrap_err().errno(),
        errno::E2BIG
    );
}

#[test]
fn struct_ops_and_other_program_types() {
    let mut t = T::new(Runtime::new());
    let btf = t.btf();
    let sf = t.prog(1, 0);
    // BPF_STRUCT_OPS reads map_fd.
    assert_eq!(t.create(999, 0, 44, 0), Err(errno::EBADF));
    assert_eq!(t.create(btf, 0, 44, 0), Err(errno::EINVAL));
    assert_eq!(t.create(sf, 0, 44, 0), Err(errno::EINVAL));
    // A tc program on tcx ingress passes the type check, then needs a tcx
    // attach point the runtime does not model (the kernel makes the link).
    let tc = t.prog(3, 0);
    assert_eq!(t.create(tc, 1, 46, 0), Err(errno::EOPNOTSUPP));
    assert_eq!(t.create(tc, 1, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.create(tc, 1, 0, 0), Err(errno::EINVAL));
}

#[test]
fn an_older_release_reports_its_link_info_size() {
    let mut t = T::new(Runtime::with_abi_level(release(6, 1)));
    let p = t.prog(6, BPF_XDP);
    let l = t.create(p, 1, BPF_XDP, 0).unwrap() as u32;
    let (info, n) = t.info(l, &zeroed(), 64).unwrap();
    assert_eq!((n, info.xdp().ifindex), (48, 1));
}

#[test]
fn before_5_9_there_are_no_xdp_links() {
    let mut t = T::new(Runtime::with_abi_level(release(5, 8)));
    let p = t.prog(6, 0);
    assert_eq!(t.create(p, 1, BPF_XDP, 0), Err(errno::EINVAL));
    // No id was taken.
    let mut t = T::new(Runtime::with_abi_level(release(5, 9)));
    let p = t.prog(6, 0);
    let l = t.create(p, 1, BPF_XDP, 0).unwrap() as u32;
    let (info, n) = t.info(l, &zeroed(), 64).unwrap();
    assert_eq!((n, info.id, info.xdp().ifindex), (32, 1, 1));
}

#[test]
fn the_link_holds_its_program() {
    let mut t = T::new(Runtime::new());
    let p = t.prog(6, BPF_XDP);
    let id = t.prog_id(p);
    let l = t.create(p, 1, BPF_XDP, 0).unwrap() as u32;
    // The program's last fd goes: the link keeps it, and its id.
    t.rt.close(p as i32).unwrap();
    assert_eq!(t.rt.lock().next_id(super::ObjectKind::Prog, 0), Ok(id));
    assert_eq!(t.link_info(l).prog_id, id);
    // The link's last fd goes: both are gone, and lo is free.
    t.rt.close(l as i32).unwrap();
    assert!(t.rt.lock().next_id(super::ObjectKind::Prog, 0).is_err());
    assert!(t.rt.lock().next_id(super::ObjectKind::Link, 0).is_err());
    let p2 = t.prog(6, BPF_XDP);
    assert!(t.create(p2, 1, BPF_XDP, 0).is_ok());
}
