//! XDP links on the runtime's `lo`, with canaries. Every errno, id and
//! info value here was measured on Linux 6.18 with the same sequence
//! (the kernel's ids are offset by other links on the machine).

use super::super::object::Object;
use super::super::{release, Runtime};
use super::{
    LO_IFINDEX, XDP_FLAGS_DRV_MODE as DRV, XDP_FLAGS_HW_MODE as HW, XDP_FLAGS_SKB_MODE as SKB,
};
use crate::testing::Fixture;
use extensible_abi::user::UserMemory;
use extensible_abi::{bytes_of, errno, zeroed};
use extensible_abi_bpf::attr::*;
use extensible_abi_bpf::consts::*;
use extensible_abi_bpf::info::bpf_link_info;

use extensible_abi::errno::{EBUSY, EEXIST, ENOLINK};

impl Fixture {
    fn prog_id(&self, fd: u32) -> u32 {
        match self.rt.lock().get_fd(fd as i32).unwrap() {
            Object::Prog(p) => p.id,
            _ => 0,
        }
    }

    fn link_create(
        &mut self,
        prog_fd: u32,
        ifindex: u32,
        attach_type: u32,
        flags: u32,
    ) -> Result<i64, i32> {
        let mut a = bpf_attr_link_create { prog_fd, attach_type, flags, ..Default::default() };
        a.set_target_ifindex(ifindex);
        self.call_attr(BPF_LINK_CREATE, &a)
    }

    fn link_update(
        &mut self,
        link_fd: u32,
        new_prog_fd: u32,
        flags: u32,
        old_prog_fd: u32,
    ) -> Result<i64, i32> {
        let a = bpf_attr_link_update { link_fd, new_prog_fd, flags, old_prog_fd };
        self.call_attr(BPF_LINK_UPDATE, &a)
    }

    fn link_detach(&mut self, link_fd: u32) -> Result<i64, i32> {
        self.call_attr(BPF_LINK_DETACH, &bpf_attr_link_detach { link_fd })
    }

    /// OBJ_GET_INFO_BY_FD with `input` as the caller's first `len` bytes
    /// (canaries after them): the info and the reported length.
    fn link_info_len(
        &mut self,
        fd: u32,
        input: &bpf_link_info,
        len: u32,
    ) -> Result<(bpf_link_info, u32), i32> {
        let (r, info, n) = self.obj_info(fd, input, len);
        r.map(|_| (info, n))
    }

    fn link_info(&mut self, fd: u32) -> bpf_link_info {
        self.link_info_len(fd, &zeroed(), 64).unwrap().0
    }
}

/// What every program here returns.
const PASS: i32 = XDP_PASS as i32;

#[test]
fn xdp_link_lifecycle_matches_the_kernel() {
    let mut t = Fixture::new();
    let p = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP, PASS);
    let p0 = t.prog(BPF_PROG_TYPE_XDP, 0, PASS);
    let p2 = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP, PASS);
    let sf = t.prog(BPF_PROG_TYPE_SOCKET_FILTER, 0, PASS);
    let dm = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, PASS);
    let cm = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, PASS);
    let btf = t.btf();

    // Before an id is taken.
    assert_eq!(t.link_create(999, LO_IFINDEX, BPF_XDP, 0), Err(errno::EBADF));
    assert_eq!(t.link_create(u32::MAX, LO_IFINDEX, BPF_XDP, 0), Err(errno::EBADF));
    assert_eq!(t.link_create(btf, LO_IFINDEX, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.link_create(sf, LO_IFINDEX, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.link_create(p, LO_IFINDEX, 999, 0), Err(errno::EINVAL));
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_CGROUP_INET_INGRESS, 0), Err(errno::EINVAL));
    assert_eq!(t.link_create(p, 0, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.link_create(p, 999, BPF_XDP, 0), Err(errno::EINVAL));
    // After the id is taken (bpf_link_prime): each failure uses one up.
    assert_eq!(t.link_create(dm, LO_IFINDEX, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.link_create(cm, LO_IFINDEX, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, 1), Err(errno::EINVAL));
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, 16), Err(errno::EINVAL));
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, SKB | DRV), Err(errno::EINVAL));
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, DRV), Err(errno::EOPNOTSUPP));
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, HW), Err(errno::EOPNOTSUPP));
    let l = t.link_create(p, LO_IFINDEX, BPF_XDP, 0).unwrap() as u32;
    assert_eq!(l, 10);
    let info = t.link_info(l);
    assert_eq!(
        (info.r#type, info.id, info.prog_id, info.xdp().ifindex),
        (BPF_LINK_TYPE_XDP, 8, t.prog_id(p), LO_IFINDEX)
    );
    assert_eq!(t.rt.lock().next_id(super::ObjectKind::Link, 0), Ok(8));

    // The attach point is taken, in every way the kernel says so.
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, 0), Err(EBUSY));
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, SKB), Err(EBUSY));
    // Driver mode on lo, which has no driver hook: refused first (6.18.44).
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, DRV), Err(errno::EOPNOTSUPP));
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, HW), Err(errno::EOPNOTSUPP));

    // LINK_UPDATE.
    assert_eq!(t.link_update(999, p2, 0, 0), Err(errno::EBADF));
    assert_eq!(t.link_update(p, p2, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.link_update(l, p2, 2, 0), Err(errno::EINVAL));
    assert_eq!(t.link_update(999, p2, 2, 0), Err(errno::EINVAL));
    assert_eq!(t.link_update(l, 999, 0, 0), Err(errno::EBADF));
    assert_eq!(t.link_update(l, btf, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.link_update(l, p2, 0, p), Err(errno::EINVAL));
    assert_eq!(t.link_update(l, p2, BPF_F_REPLACE, 999), Err(errno::EBADF));
    assert_eq!(t.link_update(l, p2, BPF_F_REPLACE, p2), Err(errno::EPERM));
    assert_eq!(t.link_update(l, sf, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.link_update(l, p0, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.link_update(l, dm, 0, 0), Err(errno::EINVAL));
    assert_eq!(t.link_info(l).prog_id, t.prog_id(p));
    assert_eq!(t.link_update(l, p, 0, 0), Ok(0));
    assert_eq!(t.link_update(l, p2, BPF_F_REPLACE, p), Ok(0));
    assert_eq!(t.link_info(l).prog_id, t.prog_id(p2));

    // LINK_DETACH.
    assert_eq!(t.link_detach(999), Err(errno::EBADF));
    assert_eq!(t.link_detach(p), Err(errno::EINVAL));
    assert_eq!(t.link_detach(l), Ok(0));
    let info = t.link_info(l);
    assert_eq!(
        (info.r#type, info.id, info.prog_id, info.xdp().ifindex),
        (BPF_LINK_TYPE_XDP, 8, t.prog_id(p2), 0)
    );
    assert_eq!(t.link_detach(l), Ok(0));
    assert_eq!(t.link_update(l, p, 0, 0), Err(ENOLINK));
    assert_eq!(t.link_update(l, p, 2, 0), Err(errno::EINVAL));
    assert_eq!(t.link_update(l, p, BPF_F_REPLACE, p), Err(ENOLINK));
    // lo is free again: the next link's id skips the four failed ones.
    let l3 = t.link_create(p0, LO_IFINDEX, BPF_XDP, 0).unwrap() as u32;
    assert_eq!(t.link_info(l3).id, 13);
    // Closing the last fd detaches too.
    t.rt.close(l3 as i32).unwrap();
    let l4 = t.link_create(p0, LO_IFINDEX, BPF_XDP, SKB).unwrap() as u32;
    assert_eq!(t.link_info(l4).id, 14);
    // The detached link is still there by id.
    let mut g = bpf_attr_get_id { start_id: 8, ..Default::default() };
    let fd = t.call(BPF_LINK_GET_FD_BY_ID, &bytes_of(&g)[..4]).unwrap() as u32;
    assert_eq!(t.link_info(fd).xdp().ifindex, 0);
    g.open_flags = BPF_F_RDONLY;
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
        let mut t = Fixture::with(Runtime::new().with_xdp_native_check(check));
        let p = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP, PASS);
        let dm = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, PASS);
        let cm = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, PASS);
        assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, DRV), Err(errno::EOPNOTSUPP), "{check:?}");
        assert_eq!(t.link_create(dm, LO_IFINDEX, BPF_XDP, DRV), Err(devmap), "{check:?}");
        assert_eq!(t.link_create(cm, LO_IFINDEX, BPF_XDP, HW), Err(devmap), "{check:?}");
        // Flags are checked before either order.
        assert_eq!(
            t.link_create(dm, LO_IFINDEX, BPF_XDP, SKB | DRV),
            Err(errno::EINVAL),
            "{check:?}"
        );
        let l = t.link_create(p, LO_IFINDEX, BPF_XDP, SKB).unwrap();
        assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, DRV), Err(conflict), "{check:?}");
        assert_eq!(t.link_create(dm, LO_IFINDEX, BPF_XDP, DRV), Err(conflict), "{check:?}");
        assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, HW), Err(errno::EOPNOTSUPP), "{check:?}");
        assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, 0), Err(EBUSY), "{check:?}");
        t.rt.close(l as i32).unwrap();
        // Detached: driver mode is refused only for want of a driver hook.
        assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, DRV), Err(errno::EOPNOTSUPP), "{check:?}");
    }
}

#[test]
fn link_info_keeps_the_callers_other_bytes() {
    let mut t = Fixture::new();
    let p = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP, PASS);
    let l = t.link_create(p, LO_IFINDEX, BPF_XDP, SKB).unwrap() as u32;
    // The kernel copies the caller's struct in and writes back every byte
    // it does not set: the padding and the union past xdp.ifindex.
    let mut input: bpf_link_info = zeroed();
    let raw = extensible_abi::bytes_of_mut(&mut input);
    for (off, v) in [(0, 99u32), (4, 99), (12, 0x11), (20, 0x22), (40, 0x33), (60, 0x44)] {
        raw[off..off + 4].copy_from_slice(&v.to_ne_bytes());
    }
    let (info, n) = t.link_info_len(l, &input, 64).unwrap();
    assert_eq!(n, 64);
    let words: Vec<u32> =
        bytes_of(&info).chunks(4).map(|w| u32::from_ne_bytes(w.try_into().unwrap())).collect();
    assert_eq!(words, [6, 1, t.prog_id(p), 0x11, 1, 0x22, 0, 0, 0, 0, 0x33, 0, 0, 0, 0, 0x44]);
    // A short struct: what fits, and nothing past it.
    assert_eq!(t.link_info_len(l, &zeroed(), 8).unwrap().1, 8);
    // A non-zero byte past the struct: E2BIG.
    let mut t2 = [0u8; 200];
    t2[64] = 1;
    t.mem.write(t.info, &t2).unwrap();
    let a = bpf_attr_info { bpf_fd: l, info_len: 200, info: t.info };
    assert_eq!(t.call_attr(BPF_OBJ_GET_INFO_BY_FD, &a), Err(errno::E2BIG));
}

#[test]
fn struct_ops_and_other_program_types() {
    let mut t = Fixture::new();
    let btf = t.btf();
    let sf = t.prog(BPF_PROG_TYPE_SOCKET_FILTER, 0, PASS);
    // BPF_STRUCT_OPS reads map_fd.
    assert_eq!(t.link_create(999, 0, BPF_STRUCT_OPS, 0), Err(errno::EBADF));
    assert_eq!(t.link_create(btf, 0, BPF_STRUCT_OPS, 0), Err(errno::EINVAL));
    assert_eq!(t.link_create(sf, 0, BPF_STRUCT_OPS, 0), Err(errno::EINVAL));
    // A tc program on tcx ingress passes the type check, then needs a tcx
    // attach point the runtime does not model (the kernel makes the link).
    let tc = t.prog(BPF_PROG_TYPE_SCHED_CLS, 0, PASS);
    assert_eq!(t.link_create(tc, LO_IFINDEX, BPF_TCX_INGRESS, 0), Err(errno::EOPNOTSUPP));
    assert_eq!(t.link_create(tc, LO_IFINDEX, BPF_XDP, 0), Err(errno::EINVAL));
    assert_eq!(t.link_create(tc, LO_IFINDEX, BPF_CGROUP_INET_INGRESS, 0), Err(errno::EINVAL));
}

#[test]
fn an_older_release_reports_its_link_info_size() {
    let mut t = Fixture::at(release(6, 1));
    let p = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP, PASS);
    let l = t.link_create(p, LO_IFINDEX, BPF_XDP, 0).unwrap() as u32;
    let (info, n) = t.link_info_len(l, &zeroed(), 64).unwrap();
    assert_eq!((n, info.xdp().ifindex), (48, LO_IFINDEX));
}

#[test]
fn before_5_9_there_are_no_xdp_links() {
    let mut t = Fixture::at(release(5, 8));
    let p = t.prog(BPF_PROG_TYPE_XDP, 0, PASS);
    assert_eq!(t.link_create(p, LO_IFINDEX, BPF_XDP, 0), Err(errno::EINVAL));
    // No id was taken.
    let mut t = Fixture::at(release(5, 9));
    let p = t.prog(BPF_PROG_TYPE_XDP, 0, PASS);
    let l = t.link_create(p, LO_IFINDEX, BPF_XDP, 0).unwrap() as u32;
    let (info, n) = t.link_info_len(l, &zeroed(), 64).unwrap();
    assert_eq!((n, info.id, info.xdp().ifindex), (32, 1, LO_IFINDEX));
}

#[test]
fn the_link_holds_its_program() {
    let mut t = Fixture::new();
    let p = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP, PASS);
    let id = t.prog_id(p);
    let l = t.link_create(p, LO_IFINDEX, BPF_XDP, 0).unwrap() as u32;
    // The program's last fd goes: the link keeps it, and its id.
    t.rt.close(p as i32).unwrap();
    assert_eq!(t.rt.lock().next_id(super::ObjectKind::Prog, 0), Ok(id));
    assert_eq!(t.link_info(l).prog_id, id);
    // The link's last fd goes: both are gone, and lo is free.
    t.rt.close(l as i32).unwrap();
    assert!(t.rt.lock().next_id(super::ObjectKind::Prog, 0).is_err());
    assert!(t.rt.lock().next_id(super::ObjectKind::Link, 0).is_err());
    let p2 = t.prog(BPF_PROG_TYPE_XDP, BPF_XDP, PASS);
    assert!(t.link_create(p2, LO_IFINDEX, BPF_XDP, 0).is_ok());
}
