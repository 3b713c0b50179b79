//! The commands whose objects the runtime does not have: `BPF_OBJ_PIN`,
//! `BPF_OBJ_GET`, `BPF_PROG_ATTACH`, `BPF_PROG_DETACH`,
//! `BPF_RAW_TRACEPOINT_OPEN`, `BPF_TASK_FD_QUERY`, `BPF_ITER_CREATE` and
//! `BPF_TOKEN_CREATE`.
//!
//! Each one checks its arguments as Linux 6.18 does, in the kernel's order
//! and with the kernel's errno, and then gives the answer the kernel gives
//! when the object the command needs does not exist. The runtime's world
//! is its fd table (maps, programs, BTF objects, XDP links, stats fds), the
//! caller's memory, and its one network device, `lo` (ifindex 1, see
//! `link.rs`). It has no file system of its own and in particular no
//! bpffs, no cgroups, no sockmaps, no tracepoints, no perf events, no
//! iterator links and no tokens. Paths are modelled as naming a world in
//! which every directory exists and is not on a bpffs and nothing else
//! exists (see [`Walk`]). Capabilities are not modelled (the caller is
//! privileged). Every errno here was measured on Linux 6.18.
//!
//! What the kernel does that is not modelled, for arguments that pass
//! every check: a path's real resolution (`ENOENT` for a missing parent
//! directory, `EEXIST` for an existing name, `ENAMETOOLONG` for a component
//! over `NAME_MAX`, `ELOOP`), a path or pid of another process, and a tcx
//! attachment to `lo` (`EOPNOTSUPP`, as `link.rs` answers for attach
//! points it does not model). Nothing is written back by any of them.

use super::Call;
use crate::link::{attach_type_to_prog_type, LO_IFINDEX};
use crate::object::Object;
use crate::{err, release};
use extensible_abi::{errno, AbiError};
use extensible_abi_bpf::attr::{
    bpf_attr_iter_create, bpf_attr_obj_pin, bpf_attr_prog_attach, bpf_attr_raw_tracepoint,
    bpf_attr_task_fd_query, bpf_attr_token_create,
};
use extensible_abi_bpf::consts::*;

use extensible_abi::errno::{ENAMETOOLONG, ENOTDIR};

/// `AT_FDCWD` (`<linux/fcntl.h>`): a path relative to the working
/// directory.
const AT_FDCWD: i32 = -100;
/// `PATH_MAX` (`<linux/limits.h>`): `getname` (fs/namei.c) fails with
/// `ENAMETOOLONG` when no NUL is in the first `PATH_MAX` bytes.
const PATH_MAX: usize = 4096;
/// `bpf_raw_tp_link_attach` (kernel/bpf/syscall.c) copies a tracepoint
/// name into `char buf[128]`: at most 127 bytes are read.
const TP_NAME_MAX: usize = 127;

/// `BPF_F_ATTACH_MASK_BASE` (kernel/bpf/syscall.c).
const ATTACH_MASK_BASE: u32 =
    BPF_F_ALLOW_OVERRIDE | BPF_F_ALLOW_MULTI | BPF_F_REPLACE | BPF_F_PREORDER;
/// `BPF_F_ATTACH_MASK_MPROG` (kernel/bpf/syscall.c).
const ATTACH_MASK_MPROG: u32 = BPF_F_REPLACE | BPF_F_BEFORE | BPF_F_AFTER | BPF_F_ID | BPF_F_LINK;

fn inval(what: &'static str) -> AbiError {
    AbiError::Invalid { what }
}

/// `BPF_OBJ_PIN`: `bpf_obj_pin` (kernel/bpf/syscall.c), then
/// `bpf_obj_pin_user` and `bpf_obj_do_pin` (kernel/bpf/inode.c):
///
/// 1. `file_flags` other than `BPF_F_PATH_FD` (6.5; none before): `EINVAL`;
///    a `path_fd` without `BPF_F_PATH_FD`: `EINVAL`;
/// 2. `bpf_fd_probe_obj`: anything but a map, a program or a link (a bad
///    fd too, a BTF object, a stats fd): `EINVAL`;
/// 3. `user_path_create`: the pathname ([`read_path`]: `EFAULT`,
///    `ENAMETOOLONG`, `ENOENT` for ""), then `path_fd` for a relative path
///    ([`path_fd`]: `EBADF`, `ENOTDIR`), then the last component
///    ([`Walk`]): `/`, `.` or `..` is `EEXIST`, a new name with a trailing
///    slash `ENOENT`;
/// 4. the parent directory is not on a bpffs (the runtime has none):
///    `EPERM`.
pub(crate) fn obj_pin(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_obj_pin = c.attr()?;
    let path_fd_flag = if c.level() >= release(6, 5) { BPF_F_PATH_FD } else { 0 };
    if a.file_flags & !path_fd_flag != 0 {
        return Err(inval("unknown file_flags"));
    }
    if a.file_flags & BPF_F_PATH_FD == 0 && a.path_fd != 0 {
        return Err(inval("path_fd without BPF_F_PATH_FD"));
    }
    match c.object(a.bpf_fd) {
        Ok(Object::Map(_) | Object::Prog(_) | Object::Link(_)) => {}
        _ => return Err(inval("bpf_fd is not a map, program or link")),
    }
    let path = read_path(c, a.pathname)?;
    path_fd(c, &path, a.file_flags, a.path_fd)?;
    match Walk::of(&path) {
        Walk::Dir => Err(err(errno::EEXIST, "the path names a directory")),
        Walk::TrailingSlash => Err(err(errno::ENOENT, "a new name with a trailing slash")),
        Walk::Name => {
            Err(err(errno::EPERM, "the directory is not on a bpffs (the runtime has none)"))
        }
    }
}

/// `BPF_OBJ_GET`: `bpf_obj_get` (kernel/bpf/syscall.c), then
/// `bpf_obj_get_user` and `bpf_obj_do_get` (kernel/bpf/inode.c):
///
/// 1. a non-zero `bpf_fd`, `file_flags` other than `BPF_F_RDONLY`,
///    `BPF_F_WRONLY` and (6.5) `BPF_F_PATH_FD`, or a `path_fd` without
///    `BPF_F_PATH_FD`: `EINVAL`;
/// 2. `bpf_get_file_flag`: `BPF_F_RDONLY | BPF_F_WRONLY`: `EINVAL`;
/// 3. `user_path_at`: the pathname ([`read_path`]), `path_fd` for a
///    relative path ([`path_fd`]);
/// 4. a directory (`/`, `.`, `..` last) is no BPF object: `EACCES`
///    (`bpf_inode_type`); any other name does not exist: `ENOENT`.
pub(crate) fn obj_get(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_obj_pin = c.attr()?;
    let path_fd_flag = if c.level() >= release(6, 5) { BPF_F_PATH_FD } else { 0 };
    if a.bpf_fd != 0 || a.file_flags & !(BPF_F_RDONLY | BPF_F_WRONLY | path_fd_flag) != 0 {
        return Err(inval("bpf_fd or unknown file_flags"));
    }
    if a.file_flags & BPF_F_PATH_FD == 0 && a.path_fd != 0 {
        return Err(inval("path_fd without BPF_F_PATH_FD"));
    }
    if a.file_flags & BPF_F_RDONLY != 0 && a.file_flags & BPF_F_WRONLY != 0 {
        return Err(inval("BPF_F_RDONLY and BPF_F_WRONLY"));
    }
    let path = read_path(c, a.pathname)?;
    path_fd(c, &path, a.file_flags, a.path_fd)?;
    match Walk::of(&path) {
        Walk::Dir => Err(err(errno::EACCES, "a directory is not a pinned object")),
        Walk::TrailingSlash | Walk::Name => {
            Err(err(errno::ENOENT, "no pinned object (the runtime has no bpffs)"))
        }
    }
}

/// `getname` (fs/namei.c) through `strncpy_from_user`: the bytes before
/// the NUL, `EFAULT` when one before it does not map (a NULL pointer
/// too), `ENAMETOOLONG` without a NUL in the first `PATH_MAX` bytes,
/// `ENOENT` for "".
fn read_path(c: &Call, addr: u64) -> Result<Vec<u8>, AbiError> {
    match read_string(c, addr, PATH_MAX)? {
        None => Err(err(ENAMETOOLONG, "pathname of PATH_MAX bytes or more")),
        Some(p) if p.is_empty() => Err(err(errno::ENOENT, "empty pathname")),
        Some(p) => Ok(p),
    }
}

/// [`Call::read_string`] as `Some` string when a NUL ended it, `None`
/// when the first `max` bytes hold none.
fn read_string(c: &Call, addr: u64, max: usize) -> Result<Option<Vec<u8>>, AbiError> {
    c.read_string(addr, max).map(|(s, nul)| nul.then_some(s))
}

/// `path_init` (fs/namei.c) for `path_fd`: used only for a relative path
/// with `BPF_F_PATH_FD` and a `path_fd` other than `AT_FDCWD`. Not an open
/// fd (any negative one too): `EBADF`; an open one is never a directory
/// in the runtime's world (its fds are BPF objects): `ENOTDIR`.
fn path_fd(c: &Call, path: &[u8], flags: u32, fd: i32) -> Result<(), AbiError> {
    if flags & BPF_F_PATH_FD == 0 || fd == AT_FDCWD || path.first() == Some(&b'/') {
        return Ok(());
    }
    match c.object(fd as u32) {
        Err(e) if e.errno() == errno::EBADF => Err(e),
        _ => Err(err(ENOTDIR, "path_fd is not a directory")),
    }
}

/// What a path's last component is, in the runtime's world of directories
/// (`filename_create`, `bpf_obj_do_get`).
#[derive(Debug, PartialEq, Eq)]
enum Walk {
    /// `/`, or `.` or `..` last: an existing directory (`LAST_ROOT`,
    /// `LAST_DOT`, `LAST_DOTDOT`).
    Dir,
    /// A name followed by `/`: a directory that does not exist.
    TrailingSlash,
    /// A name that does not exist, in a directory that is not on a bpffs.
    Name,
}

impl Walk {
    fn of(path: &[u8]) -> Walk {
        match path.split(|&b| b == b'/').rfind(|c| !c.is_empty()) {
            None | Some(b".") | Some(b"..") => Walk::Dir,
            Some(_) if path.last() == Some(&b'/') => Walk::TrailingSlash,
            Some(_) => Walk::Name,
        }
    }
}

/// What a program type attaches through: `bpf_mprog_supported` (tcx and
/// netkit), `is_cgroup_prog_type(ptype, 0, false)`, or the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Mprog,
    Cgroup,
    Other,
}

fn class(ptype: u32) -> Class {
    match ptype {
        BPF_PROG_TYPE_SCHED_CLS => Class::Mprog,
        BPF_PROG_TYPE_CGROUP_SKB
        | BPF_PROG_TYPE_CGROUP_SOCK
        | BPF_PROG_TYPE_CGROUP_SOCK_ADDR
        | BPF_PROG_TYPE_SOCK_OPS
        | BPF_PROG_TYPE_CGROUP_DEVICE
        | BPF_PROG_TYPE_CGROUP_SYSCTL
        | BPF_PROG_TYPE_CGROUP_SOCKOPT
        | BPF_PROG_TYPE_LSM => Class::Cgroup,
        _ => Class::Other,
    }
}

/// `bpf_prog_get_type(fd, ptype)`: `EBADF` for an fd that is not open,
/// `EINVAL` for one that is no program or a program of another type.
fn prog_of_type(c: &Call, fd: u32, ptype: u32) -> Result<(), AbiError> {
    match c.object(fd)? {
        Object::Prog(p) if p.prog_type == ptype => Ok(()),
        _ => Err(inval("not a program of the attach type's program type")),
    }
}

/// `__bpf_map_get`: `EBADF`, `EINVAL` for an fd that is no map.
fn map_target(c: &Call, fd: u32) -> Result<(), AbiError> {
    match c.object(fd)? {
        Object::Map(_) => Ok(()),
        _ => Err(inval("target_fd is not a map")),
    }
}

/// The runtime's maps are arrays and hashes, never sockmaps:
/// `sock_map_prog_link_lookup` finds no program slots.
fn no_sockmap() -> AbiError {
    err(errno::EOPNOTSUPP, "the map is not a sockmap or sockhash")
}

/// `BPF_PROG_ATTACH`: `bpf_prog_attach` (kernel/bpf/syscall.c):
///
/// 1. `attach_type_to_prog_type`: unknown: `EINVAL`;
/// 2. the flags: tcx/netkit take `BPF_F_ATTACH_MASK_MPROG`, cgroup types
///    (LSM too) that and `BPF_F_ATTACH_MASK_BASE`, the rest
///    `BPF_F_ATTACH_MASK_BASE` with no `relative_fd` and no
///    `expected_revision`: else `EINVAL`;
/// 3. `bpf_prog_get_type(attach_bpf_fd, ptype)`: `EBADF`, `EINVAL`
///    (`bpf_prog_attach_check_attach_type` passes for every program type
///    the runtime loads that gets here);
/// 4. the target: SK_SKB/SK_MSG (`sock_map_get_from_fd`): flags or
///    `replace_bpf_fd`: `EINVAL`; `target_fd` not a map: `EBADF`/`EINVAL`;
///    a map of the runtime: `EOPNOTSUPP`. tcx (`tcx_prog_attach`): an
///    ifindex other than `lo`'s: `ENODEV`; `BPF_F_REPLACE`'s
///    `replace_bpf_fd` (`EBADF`, `EINVAL`); then `EOPNOTSUPP` (tcx is not
///    modelled). netkit: `EINVAL` (Linux 6.18 as measured has no netkit).
///    A cgroup target would be `EBADF` (`cgroup_get_from_fd`); XDP and the
///    other program types: `EINVAL`.
pub(crate) fn prog_attach(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_prog_attach = c.attr()?;
    let ptype =
        attach_type_to_prog_type(a.attach_type, c.level()).ok_or(inval("unknown attach_type"))?;
    let bad_flags = match class(ptype) {
        Class::Mprog => a.attach_flags & !ATTACH_MASK_MPROG != 0,
        Class::Cgroup => a.attach_flags & !(ATTACH_MASK_BASE | ATTACH_MASK_MPROG) != 0,
        Class::Other => {
            a.attach_flags & !ATTACH_MASK_BASE != 0
                || a.relative_fd != 0
                || a.expected_revision != 0
        }
    };
    if bad_flags {
        return Err(inval("attach_flags, relative_fd or expected_revision"));
    }
    prog_of_type(c, a.attach_bpf_fd, ptype)?;
    match ptype {
        BPF_PROG_TYPE_SK_SKB | BPF_PROG_TYPE_SK_MSG => {
            if a.attach_flags != 0 || a.replace_bpf_fd != 0 {
                return Err(inval("sockmap attach takes no flags"));
            }
            map_target(c, a.target_fd)?;
            Err(no_sockmap())
        }
        BPF_PROG_TYPE_SCHED_CLS if matches!(a.attach_type, BPF_TCX_INGRESS | BPF_TCX_EGRESS) => {
            if a.target_ifindex() != LO_IFINDEX {
                return Err(err(errno::ENODEV, "no device with that ifindex"));
            }
            if a.attach_flags & BPF_F_REPLACE != 0 {
                prog_of_type(c, a.replace_bpf_fd, BPF_PROG_TYPE_SCHED_CLS)?;
            }
            Err(err(errno::EOPNOTSUPP, "tcx attachment is not modelled by the runtime"))
        }
        _ if class(ptype) == Class::Cgroup => Err(err(errno::EBADF, "target_fd is not a cgroup")),
        _ => Err(inval("no attach point for the program type")),
    }
}

/// `BPF_PROG_DETACH`: `bpf_prog_detach` (kernel/bpf/syscall.c):
///
/// 1. the flags: tcx/netkit: `BPF_F_ATTACH_MASK_MPROG`, then a non-zero
///    `attach_bpf_fd` must be a SCHED_CLS program (`EBADF`, `EINVAL`);
///    cgroup types: no flags, no `relative_fd`; the rest (an unknown
///    attach type too): no flags, `relative_fd` or `expected_revision`:
///    else `EINVAL`;
/// 2. the target: SK_SKB/SK_MSG (`sock_map_prog_detach`): a
///    `replace_bpf_fd`: `EINVAL`; `target_fd` not a map (`EBADF`,
///    `EINVAL`); `attach_bpf_fd` not a program (`EBADF`, `EINVAL`) or of
///    another type (`EINVAL`); a map of the runtime: `EOPNOTSUPP`. Cgroup
///    types: `EBADF` (`cgroup_get_from_fd`: no cgroup). Flow dissector
///    (`netns_bpf_prog_detach`): a `target_fd`: `EINVAL`, then the program
///    (`EBADF`, `EINVAL`: the runtime loads no flow dissector). tcx
///    (`tcx_prog_detach`): an ifindex other than `lo`'s: `ENODEV`; `lo`
///    has no tcx entry: `ENOENT`. netkit, lirc, and every other type:
///    `EINVAL`.
pub(crate) fn prog_detach(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_prog_attach = c.attr()?;
    let ptype = attach_type_to_prog_type(a.attach_type, c.level());
    match ptype.map(class) {
        Some(Class::Mprog) => {
            if a.attach_flags & !ATTACH_MASK_MPROG != 0 {
                return Err(inval("attach_flags"));
            }
            if a.attach_bpf_fd != 0 {
                prog_of_type(c, a.attach_bpf_fd, BPF_PROG_TYPE_SCHED_CLS)?;
            }
        }
        Some(Class::Cgroup) => {
            if a.attach_flags != 0 || a.relative_fd != 0 {
                return Err(inval("attach_flags or relative_fd"));
            }
        }
        _ => {
            if a.attach_flags != 0 || a.relative_fd != 0 || a.expected_revision != 0 {
                return Err(inval("attach_flags, relative_fd or expected_revision"));
            }
        }
    }
    let Some(ptype) = ptype else {
        return Err(inval("unknown attach_type"));
    };
    match ptype {
        BPF_PROG_TYPE_SK_SKB | BPF_PROG_TYPE_SK_MSG => {
            if a.replace_bpf_fd != 0 {
                return Err(inval("sockmap detach takes no replace_bpf_fd"));
            }
            map_target(c, a.target_fd)?;
            match c.object(a.attach_bpf_fd)? {
                Object::Prog(p) if p.prog_type == ptype => Err(no_sockmap()),
                _ => Err(inval("attach_bpf_fd is not a program of the type")),
            }
        }
        BPF_PROG_TYPE_FLOW_DISSECTOR => {
            if a.target_fd != 0 {
                return Err(inval("flow dissector detach takes no target_fd"));
            }
            prog_of_type(c, a.attach_bpf_fd, BPF_PROG_TYPE_FLOW_DISSECTOR)?;
            Err(err(errno::ENOENT, "no flow dissector attached"))
        }
        BPF_PROG_TYPE_SCHED_CLS if matches!(a.attach_type, BPF_TCX_INGRESS | BPF_TCX_EGRESS) => {
            if a.target_ifindex() != LO_IFINDEX {
                return Err(err(errno::ENODEV, "no device with that ifindex"));
            }
            Err(err(errno::ENOENT, "no tcx program on the device"))
        }
        _ if class(ptype) == Class::Cgroup => Err(err(errno::EBADF, "target_fd is not a cgroup")),
        _ => Err(inval("no attach point for the program type")),
    }
}

/// `BPF_RAW_TRACEPOINT_OPEN`: `bpf_raw_tracepoint_open`
/// (kernel/bpf/syscall.c), then `bpf_raw_tp_link_attach`: `prog_fd` must
/// be a program (`EBADF`, `EINVAL`); RAW_TRACEPOINT and
/// RAW_TRACEPOINT_WRITABLE programs read the name (at most 127 bytes,
/// `EFAULT`), which names no tracepoint: the runtime has none (`ENOENT`,
/// `bpf_get_raw_tracepoint`); other program types: `EINVAL` (tracing, EXT
/// and LSM programs, which the runtime does not load, would first refuse a
/// name).
pub(crate) fn raw_tracepoint_open(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_raw_tracepoint = c.attr()?;
    match c.object(a.prog_fd)? {
        Object::Prog(p)
            if matches!(
                p.prog_type,
                BPF_PROG_TYPE_RAW_TRACEPOINT | BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE
            ) =>
        {
            read_string(c, a.name, TP_NAME_MAX)?;
            Err(err(errno::ENOENT, "no such tracepoint (the runtime has none)"))
        }
        Object::Prog(_) => Err(inval("program type does not attach to a raw tracepoint")),
        _ => Err(inval("prog_fd is not a program")),
    }
}

/// `BPF_TASK_FD_QUERY`: `bpf_task_fd_query` (kernel/bpf/syscall.c), after
/// its `CAP_SYS_ADMIN` check (the caller is privileged): flags: `EINVAL`;
/// the runtime's world has one task, the calling process
/// (`std::process::id()`), any other pid: `ENOENT` (the kernel finds other
/// processes; measured on 6.18 as root, pid 1 with a bad fd is `EPERM`,
/// which is not modelled); an fd not open:
/// `EBADF`; an open one is never a raw tracepoint link or a perf event
/// (the runtime's links are XDP links): the kernel-internal `ENOTSUPP`.
pub(crate) fn task_fd_query(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_task_fd_query = c.attr()?;
    if a.flags != 0 {
        return Err(inval("flags"));
    }
    if a.pid != std::process::id() {
        return Err(err(errno::ENOENT, "no such task"));
    }
    match c.object(a.fd) {
        Err(e) if e.errno() == errno::EBADF => Err(e),
        _ => Err(err(errno::ENOTSUPP, "not a raw tracepoint link or perf event")),
    }
}

/// `BPF_ITER_CREATE`: `bpf_iter_create` (kernel/bpf/syscall.c): flags:
/// `EINVAL`; `bpf_link_get_from_fd` (`EBADF`, `EINVAL` for no link);
/// `bpf_iter_new_fd`: the runtime's links are never iterator links:
/// `EINVAL`.
pub(crate) fn iter_create(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_iter_create = c.attr()?;
    if a.flags != 0 {
        return Err(inval("flags"));
    }
    c.object(a.link_fd)?;
    Err(inval("link_fd is not an iterator link"))
}

/// `BPF_TOKEN_CREATE`: `token_create` (kernel/bpf/syscall.c) and
/// `bpf_token_create` (kernel/bpf/token.c): flags: `EINVAL`; `bpffs_fd`
/// not open: `EBADF`; an open fd that is not a bpffs root (the runtime's
/// never are): `EINVAL`.
pub(crate) fn token_create(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_token_create = c.attr()?;
    if a.flags != 0 {
        return Err(inval("flags"));
    }
    c.object(a.bpffs_fd)?;
    Err(inval("bpffs_fd is not the root of a bpffs"))
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::testing::{Fixture, BAD_ADDR};
    use crate::Runtime;
    use extensible_abi::bytes_of;
    use extensible_abi_bpf::attr::*;

    const BAD_FD: u32 = 0x7f7f_7f7f;
    const EBADF: i32 = errno::EBADF;
    const EINVAL: i32 = errno::EINVAL;
    const ENOENT: i32 = errno::ENOENT;

    /// One object of each kind the checks tell apart.
    struct Objects {
        map: u32,
        skskb: u32,
        skmsg: u32,
        cls: u32,
        xdp: u32,
        sf: u32,
        rtw: u32,
        link: u32,
        btf: u32,
    }

    /// A fixture with [`Objects`] in its runtime.
    fn setup(rt: Runtime) -> (Fixture, Objects) {
        let mut t = Fixture::with(rt);
        let map = t.map(BPF_MAP_TYPE_ARRAY, 4, 1);
        let skskb = t.prog(BPF_PROG_TYPE_SK_SKB, 0, 0);
        let skmsg = t.prog(BPF_PROG_TYPE_SK_MSG, 0, 0);
        let cls = t.prog(BPF_PROG_TYPE_SCHED_CLS, 0, 0);
        let xdp = t.prog(BPF_PROG_TYPE_XDP, 0, 0);
        let sf = t.prog(BPF_PROG_TYPE_SOCKET_FILTER, 0, 0);
        let rtw = t.prog(BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, 0);
        let mut l =
            bpf_attr_link_create { prog_fd: xdp, attach_type: BPF_XDP, ..Default::default() };
        l.set_target_ifindex(LO_IFINDEX);
        let link = t.unwritten(BPF_LINK_CREATE, bytes_of(&l)).expect("LINK_CREATE") as u32;
        let btf = t.btf();
        (t, Objects { map, skskb, skmsg, cls, xdp, sf, rtw, link, btf })
    }

    impl Fixture {
        /// `bpf(cmd)` with `bytes` as the attr; checks the attr is not
        /// written (nor the canaries after it).
        fn unwritten(&mut self, cmd: u32, bytes: &[u8]) -> Result<i64, i32> {
            let (r, after) = self.call_back(cmd, bytes);
            assert_eq!(after, bytes, "cmd {cmd} wrote its attr");
            r
        }

        fn pin(&mut self, a: bpf_attr_obj_pin) -> Result<i64, i32> {
            self.unwritten(BPF_OBJ_PIN, bytes_of(&a))
        }

        fn get(&mut self, a: bpf_attr_obj_pin) -> Result<i64, i32> {
            self.unwritten(BPF_OBJ_GET, bytes_of(&a))
        }

        fn attach(&mut self, a: bpf_attr_prog_attach) -> Result<i64, i32> {
            self.unwritten(BPF_PROG_ATTACH, bytes_of(&a))
        }

        fn detach(&mut self, a: bpf_attr_prog_attach) -> Result<i64, i32> {
            self.unwritten(BPF_PROG_DETACH, bytes_of(&a))
        }
    }

    fn pa(target_fd: u32, attach_bpf_fd: u32, attach_type: u32) -> bpf_attr_prog_attach {
        bpf_attr_prog_attach { target_fd, attach_bpf_fd, attach_type, ..Default::default() }
    }

    #[test]
    fn obj_pin_checks_in_the_kernels_order() {
        let (mut t, o) = setup(Runtime::new());
        let tmp = t.bytes(b"/tmp/x\0");
        let pin = |fd, pathname| bpf_attr_obj_pin { bpf_fd: fd, pathname, ..Default::default() };
        // Flags, then path_fd without the flag, before the fd.
        assert_eq!(t.pin(bpf_attr_obj_pin { file_flags: 1, ..pin(BAD_FD, BAD_ADDR) }), Err(EINVAL));
        assert_eq!(
            t.pin(bpf_attr_obj_pin { file_flags: BPF_F_RDONLY, ..pin(o.map, tmp) }),
            Err(EINVAL)
        );
        assert_eq!(t.pin(bpf_attr_obj_pin { path_fd: 5, ..pin(o.map, tmp) }), Err(EINVAL));
        // bpf_fd_probe_obj: a bad fd is EINVAL, before the pathname.
        assert_eq!(t.pin(pin(BAD_FD, BAD_ADDR)), Err(EINVAL));
        assert_eq!(t.pin(pin(0, tmp)), Err(EINVAL));
        assert_eq!(t.pin(pin(o.btf, tmp)), Err(EINVAL));
        // The pathname.
        assert_eq!(t.pin(pin(o.map, BAD_ADDR)), Err(errno::EFAULT));
        assert_eq!(t.pin(pin(o.map, 0)), Err(errno::EFAULT));
        let empty = t.bytes(b"\0");
        assert_eq!(t.pin(pin(o.map, empty)), Err(ENOENT));
        let long = t.bytes(&[b'a'; PATH_MAX]);
        assert_eq!(t.pin(pin(o.map, long)), Err(ENAMETOOLONG));
        // A string running into unmapped memory before its NUL.
        let unterminated = t.bytes(b"/tmp/abc");
        assert_eq!(t.pin(pin(o.map, unterminated)), Err(errno::EFAULT));
        // No bpffs: EPERM, for a map, a program and a link.
        assert_eq!(t.pin(pin(o.map, tmp)), Err(errno::EPERM));
        assert_eq!(t.pin(pin(o.sf, tmp)), Err(errno::EPERM));
        assert_eq!(t.pin(pin(o.link, tmp)), Err(errno::EPERM));
        // The last component.
        for (p, e) in [
            (&b"/\0"[..], errno::EEXIST),
            (b"/tmp/.\0", errno::EEXIST),
            (b"..\0", errno::EEXIST),
            (b"/tmp/new/\0", ENOENT),
            (b"rel\0", errno::EPERM),
        ] {
            let addr = t.bytes(p);
            assert_eq!(t.pin(pin(o.map, addr)), Err(e), "{p:?}");
        }
        // path_fd: only for a relative path.
        let rel = t.bytes(b"rel\0");
        let with = |fd, path, path_fd| bpf_attr_obj_pin {
            file_flags: BPF_F_PATH_FD,
            path_fd,
            ..pin(fd, path)
        };
        assert_eq!(t.pin(with(o.map, rel, BAD_FD as i32)), Err(EBADF));
        assert_eq!(t.pin(with(o.map, rel, -5)), Err(EBADF));
        assert_eq!(t.pin(with(o.map, rel, o.map as i32)), Err(ENOTDIR));
        assert_eq!(t.pin(with(o.map, rel, AT_FDCWD)), Err(errno::EPERM));
        assert_eq!(t.pin(with(o.map, tmp, BAD_FD as i32)), Err(errno::EPERM));
        // Before 6.5, BPF_F_PATH_FD is an unknown flag.
        let (mut old, old_o) = setup(Runtime::with_abi_level(release(6, 1)));
        let rel = old.bytes(b"rel\0");
        let a = bpf_attr_obj_pin { file_flags: BPF_F_PATH_FD, ..pin(old_o.map, rel) };
        assert_eq!(old.unwritten(BPF_OBJ_PIN, &bytes_of(&a)[..16]), Err(EINVAL));
    }

    #[test]
    fn obj_get_checks_in_the_kernels_order() {
        let (mut t, o) = setup(Runtime::new());
        let get = |pathname| bpf_attr_obj_pin { pathname, ..Default::default() };
        assert_eq!(t.get(bpf_attr_obj_pin { bpf_fd: 1, ..get(BAD_ADDR) }), Err(EINVAL));
        assert_eq!(t.get(bpf_attr_obj_pin { file_flags: 1 << 31, ..get(BAD_ADDR) }), Err(EINVAL));
        assert_eq!(t.get(bpf_attr_obj_pin { path_fd: 3, ..get(BAD_ADDR) }), Err(EINVAL));
        let both = BPF_F_RDONLY | BPF_F_WRONLY;
        assert_eq!(t.get(bpf_attr_obj_pin { file_flags: both, ..get(BAD_ADDR) }), Err(EINVAL));
        assert_eq!(t.get(get(BAD_ADDR)), Err(errno::EFAULT));
        assert_eq!(t.get(get(0)), Err(errno::EFAULT));
        let long = t.bytes(&[b'/'; PATH_MAX + 1]);
        assert_eq!(t.get(get(long)), Err(ENAMETOOLONG));
        for (p, e) in [
            (&b"\0"[..], ENOENT),
            (b"/nonexistent/x\0", ENOENT),
            (b"/tmp/x/\0", ENOENT),
            (b"/\0", errno::EACCES),
            (b"/tmp/..\0", errno::EACCES),
        ] {
            let addr = t.bytes(p);
            assert_eq!(t.get(get(addr)), Err(e), "{p:?}");
            let a = bpf_attr_obj_pin { file_flags: BPF_F_RDONLY, ..get(addr) };
            assert_eq!(t.get(a), Err(e), "{p:?} read-only");
        }
        let rel = t.bytes(b"rel\0");
        let with = |path_fd| bpf_attr_obj_pin { file_flags: BPF_F_PATH_FD, path_fd, ..get(rel) };
        assert_eq!(t.get(with(BAD_FD as i32)), Err(EBADF));
        assert_eq!(t.get(with(o.map as i32)), Err(ENOTDIR));
        assert_eq!(t.get(with(AT_FDCWD)), Err(ENOENT));
        let a = bpf_attr_obj_pin { file_flags: BPF_F_PATH_FD | both, ..with(o.map as i32) };
        assert_eq!(t.get(a), Err(EINVAL));
    }

    #[test]
    fn prog_attach_checks_in_the_kernels_order() {
        let (mut t, o) = setup(Runtime::new());
        // Unknown attach types, and the flag masks (bad prog fd after).
        for at in [33, 35, 39, 40, 41, 42, 44, 45, 48, 56, 63, 999] {
            assert_eq!(t.attach(pa(BAD_FD, BAD_FD, at)), Err(EINVAL), "attach type {at}");
        }
        for at in (0..=32).chain([34, 36, 37, 38, 43, 46, 47]).chain(49..=55) {
            assert_eq!(t.attach(pa(BAD_FD, BAD_FD, at)), Err(EBADF), "attach type {at}");
        }
        let flags = |at, f| bpf_attr_prog_attach { attach_flags: f, ..pa(BAD_FD, BAD_FD, at) };
        for bit in 0..32 {
            let f = 1u32 << bit;
            let cgroup_ok = f & (ATTACH_MASK_BASE | ATTACH_MASK_MPROG) != 0;
            let want = |ok: bool| if ok { Err(EBADF) } else { Err(EINVAL) };
            assert_eq!(
                t.attach(flags(BPF_CGROUP_INET_INGRESS, f)),
                want(cgroup_ok),
                "cgroup bit {bit}"
            );
            assert_eq!(t.attach(flags(BPF_LSM_MAC, f)), want(cgroup_ok), "lsm bit {bit}");
            assert_eq!(
                t.attach(flags(BPF_SK_SKB_STREAM_VERDICT, f)),
                want(f & ATTACH_MASK_BASE != 0),
                "sk_skb bit {bit}"
            );
            assert_eq!(
                t.attach(flags(BPF_TCX_INGRESS, f)),
                want(f & ATTACH_MASK_MPROG != 0),
                "tcx bit {bit}"
            );
        }
        let rel = |at| bpf_attr_prog_attach { relative_fd: 1, ..pa(BAD_FD, BAD_FD, at) };
        let rev = |at| bpf_attr_prog_attach { expected_revision: 1, ..pa(BAD_FD, BAD_FD, at) };
        for at in [BPF_CGROUP_INET_INGRESS, BPF_TCX_INGRESS] {
            assert_eq!(t.attach(rel(at)), Err(EBADF));
            assert_eq!(t.attach(rev(at)), Err(EBADF));
        }
        assert_eq!(t.attach(rel(BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.attach(rev(BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        // The program: fd 0, a map, a program of another type.
        assert_eq!(t.attach(pa(BAD_FD, 0, BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.attach(pa(BAD_FD, o.map, BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        for at in 0..64 {
            assert_eq!(
                t.attach(pa(BAD_FD, o.sf, at)),
                Err(EINVAL),
                "socket filter, attach type {at}"
            );
        }
        assert_eq!(t.attach(pa(BAD_FD, o.cls, BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.attach(pa(LO_IFINDEX, o.xdp, BPF_XDP)), Err(EINVAL));
        // Sockmap targets.
        assert_eq!(t.attach(pa(o.map, o.skskb, BPF_SK_SKB_STREAM_VERDICT)), Err(errno::EOPNOTSUPP));
        assert_eq!(t.attach(pa(o.map, o.skskb, BPF_SK_SKB_VERDICT)), Err(errno::EOPNOTSUPP));
        assert_eq!(t.attach(pa(o.map, o.skmsg, BPF_SK_MSG_VERDICT)), Err(errno::EOPNOTSUPP));
        assert_eq!(t.attach(pa(BAD_FD, o.skskb, BPF_SK_SKB_STREAM_VERDICT)), Err(EBADF));
        assert_eq!(t.attach(pa(o.sf, o.skskb, BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.attach(pa(0, o.skskb, BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        let a = bpf_attr_prog_attach {
            replace_bpf_fd: 1,
            ..pa(o.map, o.skskb, BPF_SK_SKB_STREAM_VERDICT)
        };
        assert_eq!(t.attach(a), Err(EINVAL));
        let a = bpf_attr_prog_attach {
            attach_flags: BPF_F_ALLOW_MULTI,
            ..pa(BAD_FD, o.skskb, BPF_SK_SKB_STREAM_VERDICT)
        };
        assert_eq!(t.attach(a), Err(EINVAL));
        // tcx: no such device; lo; the replaced program; netkit.
        assert_eq!(t.attach(pa(BAD_FD, o.cls, BPF_TCX_INGRESS)), Err(errno::ENODEV));
        assert_eq!(t.attach(pa(0, o.cls, BPF_TCX_EGRESS)), Err(errno::ENODEV));
        assert_eq!(t.attach(pa(LO_IFINDEX, o.cls, BPF_TCX_INGRESS)), Err(errno::EOPNOTSUPP));
        let cls = o.cls;
        let replace = |fd| bpf_attr_prog_attach {
            attach_flags: BPF_F_REPLACE,
            replace_bpf_fd: fd,
            ..pa(LO_IFINDEX, cls, BPF_TCX_INGRESS)
        };
        assert_eq!(t.attach(replace(BAD_FD)), Err(EBADF));
        assert_eq!(t.attach(replace(o.sf)), Err(EINVAL));
        assert_eq!(t.attach(replace(o.cls)), Err(errno::EOPNOTSUPP));
        assert_eq!(t.attach(pa(BAD_FD, o.cls, BPF_NETKIT_PRIMARY)), Err(EINVAL));
        assert_eq!(t.attach(pa(LO_IFINDEX, o.cls, BPF_NETKIT_PEER)), Err(EINVAL));
        // Before 6.6, tcx is an unknown attach type.
        let (mut old, _) = setup(Runtime::with_abi_level(release(6, 1)));
        assert_eq!(
            old.unwritten(BPF_PROG_ATTACH, &bytes_of(&pa(BAD_FD, BAD_FD, BPF_TCX_INGRESS))[..20]),
            Err(EINVAL)
        );
    }

    #[test]
    fn prog_detach_checks_in_the_kernels_order() {
        let (mut t, o) = setup(Runtime::new());
        // With a bad fd everywhere: what each attach type answers.
        for at in 0..64 {
            let want = match at {
                0..=15 | 18..=22 | 27 | 29..=32 | 34 | 38 | 43 | 46 | 47 | 49..=55 => EBADF,
                _ => EINVAL,
            };
            assert_eq!(t.detach(pa(BAD_FD, BAD_FD, at)), Err(want), "attach type {at}");
        }
        let flags = |at, f| bpf_attr_prog_attach { attach_flags: f, ..pa(BAD_FD, BAD_FD, at) };
        for bit in 0..32 {
            let f = 1u32 << bit;
            assert_eq!(
                t.detach(flags(BPF_CGROUP_INET_INGRESS, f)),
                Err(EINVAL),
                "cgroup bit {bit}"
            );
            assert_eq!(
                t.detach(flags(BPF_SK_SKB_STREAM_VERDICT, f)),
                Err(EINVAL),
                "sk_skb bit {bit}"
            );
            let tcx = if f & ATTACH_MASK_MPROG != 0 { EBADF } else { EINVAL };
            assert_eq!(t.detach(flags(BPF_TCX_INGRESS, f)), Err(tcx), "tcx bit {bit}");
        }
        let rel = |at| bpf_attr_prog_attach { relative_fd: 1, ..pa(BAD_FD, BAD_FD, at) };
        let rev = |at| bpf_attr_prog_attach { expected_revision: 1, ..pa(BAD_FD, BAD_FD, at) };
        let repl = |at| bpf_attr_prog_attach { replace_bpf_fd: 1, ..pa(BAD_FD, BAD_FD, at) };
        assert_eq!(t.detach(rel(BPF_CGROUP_INET_INGRESS)), Err(EINVAL));
        assert_eq!(t.detach(rev(BPF_CGROUP_INET_INGRESS)), Err(EBADF));
        assert_eq!(t.detach(repl(BPF_CGROUP_INET_INGRESS)), Err(EBADF));
        assert_eq!(t.detach(rel(BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.detach(rev(BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.detach(repl(BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.detach(rel(BPF_TCX_INGRESS)), Err(EBADF));
        assert_eq!(t.detach(rev(BPF_TCX_INGRESS)), Err(EBADF));
        assert_eq!(t.detach(repl(BPF_TCX_INGRESS)), Err(EBADF));
        // Cgroup targets never exist.
        assert_eq!(t.detach(pa(o.map, 0, BPF_CGROUP_INET_INGRESS)), Err(EBADF));
        assert_eq!(t.detach(pa(o.map, 0, BPF_LSM_CGROUP)), Err(EBADF));
        // Sockmap: target, then program, then its type.
        assert_eq!(t.detach(pa(o.map, o.skskb, BPF_SK_SKB_STREAM_VERDICT)), Err(errno::EOPNOTSUPP));
        assert_eq!(t.detach(pa(o.map, o.skmsg, BPF_SK_MSG_VERDICT)), Err(errno::EOPNOTSUPP));
        assert_eq!(t.detach(pa(o.map, 0, BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.detach(pa(o.map, o.sf, BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.detach(pa(o.map, o.skmsg, BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        assert_eq!(t.detach(pa(o.map, BAD_FD, BPF_SK_SKB_STREAM_VERDICT)), Err(EBADF));
        assert_eq!(t.detach(pa(BAD_FD, o.skskb, BPF_SK_SKB_STREAM_VERDICT)), Err(EBADF));
        assert_eq!(t.detach(pa(o.sf, o.skskb, BPF_SK_SKB_STREAM_VERDICT)), Err(EINVAL));
        // Flow dissector: target_fd, then the program.
        assert_eq!(t.detach(pa(0, BAD_FD, BPF_FLOW_DISSECTOR)), Err(EBADF));
        assert_eq!(t.detach(pa(0, o.sf, BPF_FLOW_DISSECTOR)), Err(EINVAL));
        assert_eq!(t.detach(pa(5, BAD_FD, BPF_FLOW_DISSECTOR)), Err(EINVAL));
        // tcx: the program (when given), the device, the entry.
        assert_eq!(t.detach(pa(BAD_FD, 0, BPF_TCX_INGRESS)), Err(errno::ENODEV));
        assert_eq!(t.detach(pa(BAD_FD, o.sf, BPF_TCX_INGRESS)), Err(EINVAL));
        assert_eq!(t.detach(pa(BAD_FD, o.cls, BPF_TCX_EGRESS)), Err(errno::ENODEV));
        assert_eq!(t.detach(pa(LO_IFINDEX, 0, BPF_TCX_INGRESS)), Err(ENOENT));
        assert_eq!(t.detach(pa(LO_IFINDEX, o.cls, BPF_TCX_INGRESS)), Err(ENOENT));
        assert_eq!(t.detach(pa(LO_IFINDEX, BAD_FD, BPF_TCX_INGRESS)), Err(EBADF));
        // netkit: the program, then EINVAL.
        assert_eq!(t.detach(pa(LO_IFINDEX, BAD_FD, BPF_NETKIT_PEER)), Err(EBADF));
        assert_eq!(t.detach(pa(LO_IFINDEX, o.cls, BPF_NETKIT_PEER)), Err(EINVAL));
        // XDP, tracing, lirc, sk_lookup: EINVAL.
        for at in [BPF_LIRC_MODE2, BPF_TRACE_RAW_TP, BPF_SK_LOOKUP, BPF_XDP] {
            assert_eq!(t.detach(pa(LO_IFINDEX, o.xdp, at)), Err(EINVAL), "attach type {at}");
        }
    }

    #[test]
    fn raw_tracepoint_open_checks_in_the_kernels_order() {
        let (mut t, o) = setup(Runtime::new());
        let rtp = |prog_fd, name| bpf_attr_raw_tracepoint { prog_fd, name, ..Default::default() };
        let call = |t: &mut Fixture, a: bpf_attr_raw_tracepoint| {
            t.unwritten(BPF_RAW_TRACEPOINT_OPEN, bytes_of(&a))
        };
        let (map, sf, link, rtw) = (o.map, o.sf, o.link, o.rtw);
        assert_eq!(call(&mut t, rtp(BAD_FD, BAD_ADDR)), Err(EBADF));
        assert_eq!(call(&mut t, rtp(map, BAD_ADDR)), Err(EINVAL));
        assert_eq!(call(&mut t, rtp(0, BAD_ADDR)), Err(EINVAL));
        assert_eq!(call(&mut t, rtp(sf, BAD_ADDR)), Err(EINVAL));
        assert_eq!(call(&mut t, rtp(link, BAD_ADDR)), Err(EINVAL));
        assert_eq!(call(&mut t, rtp(rtw, BAD_ADDR)), Err(errno::EFAULT));
        assert_eq!(call(&mut t, rtp(rtw, 0)), Err(errno::EFAULT));
        for name in [&b"no_such_tp_xyz\0"[..], b"\0", &[b'a'; 200]] {
            let addr = t.bytes(name);
            assert_eq!(call(&mut t, rtp(rtw, addr)), Err(ENOENT));
        }
        // 127 bytes are read: a name of 127 bytes before unmapped memory
        // needs no NUL; one of 126 does.
        let full = t.bytes(&[b'a'; TP_NAME_MAX]);
        assert_eq!(call(&mut t, rtp(rtw, full)), Err(ENOENT));
        let short = t.bytes(&[b'a'; TP_NAME_MAX - 1]);
        assert_eq!(call(&mut t, rtp(rtw, short)), Err(errno::EFAULT));
    }

    #[test]
    fn task_fd_query_checks_in_the_kernels_order() {
        let (mut t, o) = setup(Runtime::new());
        let me = std::process::id();
        let q = |pid, fd, flags| bpf_attr_task_fd_query { pid, fd, flags, ..Default::default() };
        let call = |t: &mut Fixture, a: bpf_attr_task_fd_query| {
            t.unwritten(BPF_TASK_FD_QUERY, bytes_of(&a))
        };
        assert_eq!(call(&mut t, q(me, BAD_FD, 1)), Err(EINVAL));
        assert_eq!(call(&mut t, q(0, BAD_FD, 1)), Err(EINVAL));
        assert_eq!(call(&mut t, q(0, BAD_FD, 0)), Err(ENOENT));
        let map = o.map;
        assert_eq!(call(&mut t, q(0x7fff_fff0, map, 0)), Err(ENOENT));
        assert_eq!(call(&mut t, q(me, BAD_FD, 0)), Err(EBADF));
        assert_eq!(call(&mut t, q(me, u32::MAX, 0)), Err(EBADF));
        for fd in [0, o.map, o.sf, o.link, o.btf] {
            assert_eq!(call(&mut t, q(me, fd, 0)), Err(errno::ENOTSUPP), "fd {fd}");
        }
    }

    #[test]
    fn iter_create_checks_in_the_kernels_order() {
        let (mut t, o) = setup(Runtime::new());
        let call = |t: &mut Fixture, link_fd, flags| {
            t.unwritten(BPF_ITER_CREATE, bytes_of(&bpf_attr_iter_create { link_fd, flags }))
        };
        assert_eq!(call(&mut t, BAD_FD, 1), Err(EINVAL));
        assert_eq!(call(&mut t, BAD_FD, 0), Err(EBADF));
        assert_eq!(call(&mut t, u32::MAX, 0), Err(EBADF));
        for fd in [0, o.map, o.sf, o.link, o.btf] {
            assert_eq!(call(&mut t, fd, 0), Err(EINVAL), "fd {fd}");
        }
    }

    #[test]
    fn token_create_checks_in_the_kernels_order() {
        let (mut t, o) = setup(Runtime::new());
        let call = |t: &mut Fixture, flags, bpffs_fd| {
            t.unwritten(BPF_TOKEN_CREATE, bytes_of(&bpf_attr_token_create { flags, bpffs_fd }))
        };
        assert_eq!(call(&mut t, 1, BAD_FD), Err(EINVAL));
        assert_eq!(call(&mut t, 0, BAD_FD), Err(EBADF));
        assert_eq!(call(&mut t, 0, u32::MAX), Err(EBADF));
        for fd in [0, o.map, o.sf, o.link, o.btf] {
            assert_eq!(call(&mut t, 0, fd), Err(EINVAL), "fd {fd}");
        }
    }

    #[test]
    fn path_walk() {
        assert_eq!(Walk::of(b"/"), Walk::Dir);
        assert_eq!(Walk::of(b"///"), Walk::Dir);
        assert_eq!(Walk::of(b"a/./"), Walk::Dir);
        assert_eq!(Walk::of(b"a/.."), Walk::Dir);
        assert_eq!(Walk::of(b"a//"), Walk::TrailingSlash);
        assert_eq!(Walk::of(b"a/b"), Walk::Name);
        assert_eq!(Walk::of(b"..."), Walk::Name);
    }
}
