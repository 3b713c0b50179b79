//! Links: `BPF_LINK_CREATE`, `BPF_LINK_UPDATE`, `BPF_LINK_DETACH` and
//! `struct bpf_link_info`.
//!
//! The one attach point the runtime models is XDP on `lo`: the runtime
//! acts as a network namespace holding one device, `lo`, at ifindex 1 (the
//! index `lo` always has in a namespace: it is registered first), with no
//! native XDP driver support (`lo` has no `ndo_bpf`), so programs run in
//! generic (skb) mode. That attach point needs no object beyond the
//! program: SK_LOOKUP links would need a network namespace fd, which the
//! runtime's fd table cannot hold (its fd numbers are its own, so a
//! caller's `/proc/self/ns/net` fd number means nothing to it), and
//! iterator, tracing, cgroup, tc and netfilter links need kernel objects
//! it does not have. The rules are those of Linux 6.18's `link_create`,
//! `bpf_prog_attach_check_attach_type`, `bpf_xdp_link_attach` and
//! `dev_xdp_attach` (`net/core/dev.c`), in their order:
//!
//! - `attach_type == BPF_STRUCT_OPS`: `map_fd` must be a map (`EBADF`,
//!   `EINVAL`) of type struct_ops, which the runtime has none of: `EINVAL`;
//! - `prog_fd` must be a program (`EBADF`, else `EINVAL`), and the program's
//!   type must go with `attach_type` (`EINVAL`);
//! - a program type other than XDP that passes: `EOPNOTSUPP` (its attach
//!   point is not modelled);
//! - XDP: `target_ifindex` must be 1 (`EINVAL`); then, as the kernel, the
//!   link gets its id *before* the device checks, so a link that fails them
//!   still uses an id up (ids of later links skip it); `flags` may hold one
//!   XDP mode flag and nothing else (`EINVAL`); a link already in the mode:
//!   `EBUSY`; driver mode while generic mode has a program: `EEXIST`;
//!   driver or hardware mode: `EOPNOTSUPP`; a program loaded for devmap or
//!   cpumap: `EINVAL`. Where the refusal of driver and hardware mode comes
//!   depends on the kernel build ([`XdpNativeCheck`]).
//!
//! The device holds the link only weakly, as the kernel's does: closing the
//! link's last fd detaches it. `BPF_LINK_DETACH` detaches it while fds stay
//! open (again: 0 each time): its info then reports ifindex 0 (the program
//! stays). `BPF_LINK_UPDATE` checks, in order: flags other than
//! `BPF_F_REPLACE` (`EINVAL`, before the link fd is looked at), the link
//! fd, the new program fd, `old_prog_fd` (looked up with `BPF_F_REPLACE`,
//! else it must be 0: `EINVAL`), a detached link (`ENOLINK`), an
//! `old_prog_fd` that is not the link's program (`EPERM`), a new program of
//! another type or expected attach type (`EINVAL`). The link info echoes
//! every byte of the caller's struct the kernel does not set (its padding,
//! the union past `xdp.ifindex`), as the kernel copies the struct in
//! first. XDP links came in Linux 5.9: a runtime acting as an older
//! release refuses them (`EINVAL`).

use std::sync::{Arc, Mutex, MutexGuard, Weak};

use super::call::Call;
use super::object::{Object, ObjectKind};
use super::prog::Prog;
use super::{err, release};
use extensible_abi::{errno, AbiError, ExtensibleAbi};
use extensible_abi_bpf::attr::{bpf_attr_link_create, bpf_attr_link_detach, bpf_attr_link_update};
use extensible_abi_bpf::consts::*;
use extensible_abi_bpf::info::{bpf_link_info, bpf_link_info_xdp};

use extensible_abi::errno::ENOLINK;
/// The ifindex of `lo`, the runtime's one network device.
pub(crate) const LO_IFINDEX: u32 = 1;
// The XDP attach flags of `<linux/if_link.h>` (not `<linux/bpf.h>`).
/// `XDP_FLAGS_SKB_MODE`: generic XDP.
pub(crate) const XDP_FLAGS_SKB_MODE: u32 = 1 << 1;
/// `XDP_FLAGS_DRV_MODE`: native XDP, in the driver.
pub(crate) const XDP_FLAGS_DRV_MODE: u32 = 1 << 2;
/// `XDP_FLAGS_HW_MODE`: offloaded XDP.
pub(crate) const XDP_FLAGS_HW_MODE: u32 = 1 << 3;
/// `XDP_FLAGS_MODES`.
const XDP_FLAGS_MODES: u32 = XDP_FLAGS_SKB_MODE | XDP_FLAGS_DRV_MODE | XDP_FLAGS_HW_MODE;

/// A link: an XDP program attached to `lo` (the one kind the runtime
/// makes).
#[derive(Debug)]
pub(crate) struct Link {
    pub(crate) id: u32,
    /// `BPF_LINK_TYPE_*`.
    link_type: u32,
    state: Mutex<LinkState>,
}

/// What `LINK_UPDATE` and `LINK_DETACH` change.
#[derive(Debug)]
struct LinkState {
    /// The linked program: the link holds it.
    prog: Arc<Prog>,
    /// The device, 0 once detached (`xdp_link->dev = NULL`).
    ifindex: u32,
}

impl Link {
    fn state(&self) -> MutexGuard<'_, LinkState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Where `dev_xdp_attach` refuses driver or hardware mode on a device with
/// no driver hook (`ndo_bpf`), such as `lo`: the one place two builds of
/// Linux 6.18 answer the runtime's link sequence differently.
///
/// Linux 6.18.19's source (`net/core/dev.c`) looks for the driver hook
/// last, after the mode conflicts and the program checks. The 6.18.44
/// kernel measured on the project's machines looks for it first: its
/// `bpf_xdp_link_attach_failed` tracepoint reports "Underlying driver does
/// not support XDP in native mode" for driver mode while generic mode holds
/// a link, and for a devmap program in driver mode, where the source gives
/// `EEXIST` and `EINVAL`. Two calls tell them apart, and nothing else in
/// the link rules does; `tests/runtime_btf_link.rs` asks the live kernel
/// with one of them and runs the runtime the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum XdpNativeCheck {
    /// Driver and hardware mode are `EOPNOTSUPP` right after the flag
    /// checks, before any conflict or program check (6.18.44 as measured;
    /// the default).
    #[default]
    First,
    /// Driver and hardware mode are `EOPNOTSUPP` after every other check:
    /// driver mode while generic mode holds a program is `EEXIST`, and a
    /// devmap or cpumap program is `EINVAL` (6.18.19's source).
    Last,
}

/// The runtime's network device `lo`, as far as XDP is concerned: the link
/// attached in generic mode, held weakly (`dev->xdp_state[XDP_MODE_SKB]`).
/// Driver and hardware mode never hold anything: `lo` has no driver hook.
#[derive(Debug, Default)]
pub(crate) struct Netdev {
    xdp_generic: Weak<Link>,
    /// Where driver and hardware mode are refused.
    pub(crate) native_check: XdpNativeCheck,
}

impl Netdev {
    /// The link attached in generic mode, if any.
    fn generic_link(&self) -> Option<Arc<Link>> {
        self.xdp_generic.upgrade().filter(|l| l.state().ifindex != 0)
    }
}

/// `bpf_prog_get`: the program behind `fd` (`EBADF`, or `EINVAL` for
/// another kind of object).
fn prog_get(c: &Call, fd: u32) -> Result<Arc<Prog>, AbiError> {
    match c.object(fd)? {
        Object::Prog(p) => Ok(p),
        _ => Err(AbiError::Invalid { what: "fd is not a program" }),
    }
}

/// `bpf_link_get_from_fd`: the link behind `fd` (`EBADF`, `EINVAL`).
fn link_get(c: &Call, fd: u32) -> Result<Arc<Link>, AbiError> {
    match c.object(fd)? {
        Object::Link(l) => Ok(l),
        _ => Err(AbiError::Invalid { what: "fd is not a link" }),
    }
}

/// `attach_type_to_prog_type` (kernel/bpf/syscall.c): the program type an
/// attach type takes; `None` for `BPF_PROG_TYPE_UNSPEC`. Measured on Linux
/// 6.18: every attach type from 0 to 63 with a bad program fd. The tcx and
/// netkit types are unknown before the releases that added them (6.6,
/// 6.7).
pub(crate) fn attach_type_to_prog_type(attach_type: u32, level: u32) -> Option<u32> {
    Some(match attach_type {
        BPF_CGROUP_INET_INGRESS | BPF_CGROUP_INET_EGRESS => BPF_PROG_TYPE_CGROUP_SKB,
        BPF_CGROUP_INET_SOCK_CREATE
        | BPF_CGROUP_INET4_POST_BIND
        | BPF_CGROUP_INET6_POST_BIND
        | BPF_CGROUP_INET_SOCK_RELEASE => BPF_PROG_TYPE_CGROUP_SOCK,
        BPF_CGROUP_INET4_BIND
        | BPF_CGROUP_INET6_BIND
        | BPF_CGROUP_INET4_CONNECT
        | BPF_CGROUP_INET6_CONNECT
        | BPF_CGROUP_UDP4_SENDMSG
        | BPF_CGROUP_UDP6_SENDMSG
        | BPF_CGROUP_UDP4_RECVMSG
        | BPF_CGROUP_UDP6_RECVMSG
        | BPF_CGROUP_INET4_GETPEERNAME
        | BPF_CGROUP_INET6_GETPEERNAME
        | BPF_CGROUP_INET4_GETSOCKNAME
        | BPF_CGROUP_INET6_GETSOCKNAME
        | BPF_CGROUP_UNIX_CONNECT
        | BPF_CGROUP_UNIX_SENDMSG
        | BPF_CGROUP_UNIX_RECVMSG
        | BPF_CGROUP_UNIX_GETPEERNAME
        | BPF_CGROUP_UNIX_GETSOCKNAME => BPF_PROG_TYPE_CGROUP_SOCK_ADDR,
        BPF_CGROUP_SOCK_OPS => BPF_PROG_TYPE_SOCK_OPS,
        BPF_CGROUP_DEVICE => BPF_PROG_TYPE_CGROUP_DEVICE,
        BPF_SK_MSG_VERDICT => BPF_PROG_TYPE_SK_MSG,
        BPF_SK_SKB_STREAM_PARSER | BPF_SK_SKB_STREAM_VERDICT | BPF_SK_SKB_VERDICT => {
            BPF_PROG_TYPE_SK_SKB
        }
        BPF_LIRC_MODE2 => BPF_PROG_TYPE_LIRC_MODE2,
        BPF_FLOW_DISSECTOR => BPF_PROG_TYPE_FLOW_DISSECTOR,
        BPF_CGROUP_SYSCTL => BPF_PROG_TYPE_CGROUP_SYSCTL,
        BPF_CGROUP_GETSOCKOPT | BPF_CGROUP_SETSOCKOPT => BPF_PROG_TYPE_CGROUP_SOCKOPT,
        BPF_TRACE_RAW_TP | BPF_TRACE_FENTRY | BPF_TRACE_FEXIT | BPF_MODIFY_RETURN
        | BPF_TRACE_ITER => BPF_PROG_TYPE_TRACING,
        BPF_LSM_MAC | BPF_LSM_CGROUP => BPF_PROG_TYPE_LSM,
        BPF_SK_LOOKUP => BPF_PROG_TYPE_SK_LOOKUP,
        BPF_XDP => BPF_PROG_TYPE_XDP,
        BPF_TCX_INGRESS | BPF_TCX_EGRESS if level >= release(6, 6) => BPF_PROG_TYPE_SCHED_CLS,
        BPF_NETKIT_PRIMARY | BPF_NETKIT_PEER if level >= release(6, 7) => BPF_PROG_TYPE_SCHED_CLS,
        _ => return None,
    })
}

/// `bpf_prog_attach_check_attach_type` (Linux 6.18).
fn check_attach_type(prog: &Prog, attach_type: u32, level: u32) -> Result<(), AbiError> {
    let bad = AbiError::Invalid { what: "program type does not go with attach_type" };
    let ok = match prog.prog_type {
        BPF_PROG_TYPE_CGROUP_SOCK
        | BPF_PROG_TYPE_CGROUP_SOCK_ADDR
        | BPF_PROG_TYPE_CGROUP_SOCKOPT
        | BPF_PROG_TYPE_SK_LOOKUP => attach_type == prog.expected_attach_type,
        // Its own attach types, and the expected one if set (not 0).
        BPF_PROG_TYPE_CGROUP_SKB => {
            attach_type_to_prog_type(attach_type, level) == Some(BPF_PROG_TYPE_CGROUP_SKB)
                && (prog.expected_attach_type == 0 || prog.expected_attach_type == attach_type)
        }
        BPF_PROG_TYPE_EXT => true,
        BPF_PROG_TYPE_NETFILTER => attach_type == BPF_NETFILTER,
        BPF_PROG_TYPE_PERF_EVENT | BPF_PROG_TYPE_TRACEPOINT => attach_type == BPF_PERF_EVENT,
        // Perf events, kprobe/uprobe multi and sessions; a program loaded
        // for a multi or session attach type only goes there.
        BPF_PROG_TYPE_KPROBE => {
            let multi = |t| {
                matches!(
                    t,
                    BPF_TRACE_KPROBE_MULTI
                        | BPF_TRACE_UPROBE_MULTI
                        | BPF_TRACE_KPROBE_SESSION
                        | BPF_TRACE_UPROBE_SESSION
                )
            };
            let eat = prog.expected_attach_type;
            (attach_type == BPF_PERF_EVENT || multi(attach_type))
                && (!multi(eat) || eat == attach_type)
        }
        // tcx and netkit.
        BPF_PROG_TYPE_SCHED_CLS => matches!(
            attach_type,
            BPF_TCX_INGRESS | BPF_TCX_EGRESS | BPF_NETKIT_PRIMARY | BPF_NETKIT_PEER
        ),
        t => attach_type_to_prog_type(attach_type, level) == Some(t),
    };
    if ok {
        Ok(())
    } else {
        Err(bad)
    }
}

/// `BPF_LINK_CREATE`.
pub(crate) fn create(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_link_create = c.attr()?;
    if a.attach_type == BPF_STRUCT_OPS {
        // bpf_struct_ops_link_create: bpf_map_get, then the map type.
        return match c.object(a.map_fd())? {
            Object::Map(_) => Err(AbiError::Invalid { what: "not a struct_ops map" }),
            _ => Err(AbiError::Invalid { what: "map_fd is not a map" }),
        };
    }
    let prog = prog_get(c, a.prog_fd)?;
    check_attach_type(&prog, a.attach_type, c.level())?;
    if prog.prog_type != BPF_PROG_TYPE_XDP {
        return Err(err(errno::EOPNOTSUPP, "the runtime models XDP links only"));
    }
    // XDP links came in 5.9: before, link_create's switch had no case for
    // XDP programs.
    if c.level() < release(5, 9) {
        return Err(AbiError::Invalid { what: "no XDP links before Linux 5.9" });
    }
    xdp_link_attach(c, &a, prog)
}

/// `bpf_xdp_link_attach` and `dev_xdp_attach` for `lo`.
fn xdp_link_attach(
    c: &mut Call,
    a: &bpf_attr_link_create,
    prog: Arc<Prog>,
) -> Result<i64, AbiError> {
    if a.target_ifindex() != LO_IFINDEX {
        return Err(AbiError::Invalid { what: "no such network device" });
    }
    let mut st = c.state();
    // bpf_link_prime: the id is taken now, and lost if the attach fails.
    let id = st.alloc_id(ObjectKind::Link)?;
    let flags = a.flags;
    if flags & !XDP_FLAGS_MODES != 0 {
        return Err(AbiError::Invalid { what: "invalid XDP flags for a BPF link" });
    }
    if (flags & XDP_FLAGS_MODES).count_ones() > 1 {
        return Err(AbiError::Invalid { what: "only one XDP mode flag can be set" });
    }
    // dev_xdp_mode: lo has no ndo_bpf, so no flag means generic mode.
    let native = flags & (XDP_FLAGS_HW_MODE | XDP_FLAGS_DRV_MODE) != 0;
    let no_driver_hook = || err(errno::EOPNOTSUPP, "lo has no native XDP support");
    if native && st.netdev.native_check == XdpNativeCheck::First {
        return Err(no_driver_hook());
    }
    let generic = st.netdev.generic_link();
    if !native && generic.is_some() {
        return Err(err(errno::EBUSY, "can't replace an active BPF XDP link"));
    }
    // (Driver and hardware mode never hold a program on lo.)
    if flags & XDP_FLAGS_DRV_MODE != 0 && generic.is_some() {
        return Err(err(errno::EEXIST, "native and generic XDP can't be active at the same time"));
    }
    let eat = prog.expected_attach_type;
    if eat == BPF_XDP_DEVMAP || eat == BPF_XDP_CPUMAP {
        return Err(AbiError::Invalid {
            what: "devmap/cpumap programs can not be attached to a device",
        });
    }
    if native {
        return Err(no_driver_hook());
    }
    let link = Arc::new(Link {
        id,
        link_type: BPF_LINK_TYPE_XDP,
        state: Mutex::new(LinkState { prog, ifindex: LO_IFINDEX }),
    });
    st.netdev.xdp_generic = Arc::downgrade(&link);
    let obj = Object::Link(link);
    st.register_id(id, &obj);
    st.install_fd(obj).map(i64::from)
}

/// `BPF_LINK_UPDATE`: `link_update` and `bpf_xdp_link_update`.
pub(crate) fn update(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_link_update = c.attr()?;
    if a.flags & !BPF_F_REPLACE != 0 {
        return Err(AbiError::Invalid { what: "unknown link_update flags" });
    }
    let link = link_get(c, a.link_fd)?;
    let new_prog = prog_get(c, a.new_prog_fd)?;
    let old_prog = if a.flags & BPF_F_REPLACE != 0 {
        Some(prog_get(c, a.old_prog_fd)?)
    } else if a.old_prog_fd != 0 {
        return Err(AbiError::Invalid { what: "old_prog_fd without BPF_F_REPLACE" });
    } else {
        None
    };
    let mut s = link.state();
    if s.ifindex == 0 {
        return Err(err(ENOLINK, "the link is detached"));
    }
    if old_prog.is_some_and(|old| !Arc::ptr_eq(&old, &s.prog)) {
        return Err(err(errno::EPERM, "the link's program is not old_prog_fd's"));
    }
    if s.prog.prog_type != new_prog.prog_type
        || s.prog.expected_attach_type != new_prog.expected_attach_type
    {
        return Err(AbiError::Invalid { what: "new program of another type or attach type" });
    }
    // The same program is a no-op; another replaces it (generic mode
    // installs cannot fail).
    s.prog = new_prog;
    Ok(0)
}

/// `BPF_LINK_DETACH`: `link_detach` and `bpf_xdp_link_detach`.
pub(crate) fn detach(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_link_detach = c.attr()?;
    let link = link_get(c, a.link_fd)?;
    let mut st = c.state();
    // bpf_xdp_link_release: off the device, once.
    let mut s = link.state();
    if s.ifindex != 0 {
        s.ifindex = 0;
        st.netdev.xdp_generic = Weak::new();
    }
    Ok(0)
}

impl Link {
    /// `bpf_link_get_info_by_fd`: the caller's struct as read (the kernel
    /// copies it in and writes back every byte it does not set), with
    /// `type`, `id`, `prog_id` and the link type's union member
    /// (`fill_link_info`) filled in.
    pub(crate) fn info(
        &self,
        _c: &mut Call,
        input: bpf_link_info,
    ) -> Result<bpf_link_info, AbiError> {
        let mut info = input;
        info.r#type = self.link_type;
        info.id = self.id;
        let s = self.state();
        info.prog_id = s.prog.id;
        // bpf_xdp_link_fill_link_info: xdp.ifindex only; the union's other
        // bytes stay as the caller passed them (so not `set_xdp`, which
        // clears them).
        let xdp = bpf_link_info_xdp { ifindex: s.ifindex };
        let union = &mut extensible_abi::bytes_of_mut(&mut info)[bpf_link_info::UNION_OFFSET..];
        xdp.copy_truncated(union);
        debug_assert_eq!(info.xdp(), xdp);
        Ok(info)
    }
}

#[cfg(test)]
mod tests;
