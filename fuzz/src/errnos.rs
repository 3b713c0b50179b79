//! The errnos Linux's `bpf(2)` can return, per command, as read from the
//! kernel's source (Linux 6.18: `kernel/bpf/syscall.c` and the map, program,
//! BTF, link and test-run code it calls). Each entry names where the kernel
//! returns it. When in doubt an errno the kernel demonstrably returns for
//! the command is included; nothing is included only because the runtime
//! returns it. The commands of the original syscall.c (map element
//! commands, PROG_LOAD, TEST_RUN, GET_NEXT_ID, GET_FD_BY_ID,
//! OBJ_GET_INFO_BY_FD — `EBADFD` for an fd that is not open — BTF_LOAD,
//! TASK_FD_QUERY, FREEZE) were checked against the source text of
//! `kernel/bpf/syscall.c`; the later ones (batches, links, stats, stream
//! read, tokens) follow the 6.x functions named here.
//!
//! Every command shares the uniform path of `__sys_bpf`:
//! `bpf_check_uarg_tail_zero` (`E2BIG` over a page or for a non-zero tail,
//! `EFAULT`), `copy_from_bpfptr` (`EFAULT`), an unknown command and
//! `CHECK_ATTR` (`EINVAL`): [`COMMON`]. An unknown command returns nothing
//! else.
//!
//! Not listed for any command: what an LSM's `security_bpf*` hook may
//! return (no LSM is modelled) and `EINTR`/`EAGAIN` from signals.

pub use extensible_abi::errno::{
    E2BIG, EACCES, EBADF, EBADFD, EBUSY, EEXIST, EFAULT, EINVAL, ELOOP, EMFILE, ENAMETOOLONG,
    ENFILE, ENODEV, ENOENT, ENOLINK, ENOMEM, ENOSPC, ENOTDIR, ENOTSUPP, ENXIO, EOPNOTSUPP, EPERM,
    EPROTO, ERANGE, ESTALE,
};

/// The uniform path, shared by every command.
pub const COMMON: &[i32] = &[E2BIG, EFAULT, EINVAL];

/// The errnos command `cmd` can return beyond [`COMMON`]. `None` for a
/// command the kernel does not know (its only errno is `EINVAL`, and the
/// uniform path's `E2BIG`/`EFAULT` before it).
pub fn specific(cmd: u32) -> Option<&'static [i32]> {
    Some(match cmd {
        // map_create: bpf_token_capable/bpf_capable (EPERM), btf_get_by_fd
        // and inner_map_fd / map_token_fd / value_type_btf_obj_fd (EBADF),
        // map_check_btf (EACCES for a spin lock with BPF_F_RDONLY_PROG,
        // ENOTSUPP from map_check_no_btf, ENOENT for a struct_ops value
        // type that is not found), the map type's alloc_check/alloc
        // (E2BIG, ENOMEM), bpf_map_offload_map_alloc via
        // bpf_dev_offload_check (EOPNOTSUPP), the excl_prog_hash copy,
        // bpf_map_alloc_id (ENOSPC), bpf_map_new_fd (EMFILE, ENFILE).
        0 => &[
            EPERM, ENOENT, EBADF, ENOMEM, EACCES, EBUSY, ENOSPC, EMFILE, ENFILE, EOPNOTSUPP,
            ENOTSUPP,
        ],
        // map_lookup_elem: fdget (EBADF), map_get_sys_perms without
        // FMODE_CAN_READ (EPERM), bpf_map_copy_value (ENOENT, ENOTSUPP,
        // EOPNOTSUPP for offloaded maps), kvmalloc (ENOMEM).
        1 => &[EPERM, ENOENT, EBADF, ENOMEM, ENOTSUPP, EOPNOTSUPP],
        // map_update_elem: EBADF, EPERM (not writable, frozen), the map's
        // update (EEXIST for BPF_NOEXIST, ENOENT for BPF_EXIST, E2BIG for a
        // full hash or an index past max_entries, ENOMEM, EBUSY for a
        // contended bucket), ENOTSUPP/EOPNOTSUPP for maps without update.
        2 => &[EPERM, ENOENT, EBADF, ENOMEM, EBUSY, EEXIST, ENOTSUPP, EOPNOTSUPP],
        // map_delete_elem: as update.
        3 => &[EPERM, ENOENT, EBADF, ENOMEM, EBUSY, ENOTSUPP, EOPNOTSUPP],
        // map_get_next_key: EBADF, EPERM (not readable), ENOENT at the end,
        // ENOMEM, ENOTSUPP (no map_get_next_key).
        4 => &[EPERM, ENOENT, EBADF, ENOMEM, ENOTSUPP, EOPNOTSUPP],
        // bpf_prog_load and bpf_check: EPERM (capabilities, unknown-type
        // rules), EBADF (btf, attach_prog_fd, fd_array, token), EACCES
        // (verifier rejections, excl_prog_hash), ENOSPC (truncated log, id),
        // ENOMEM, E2BIG (insn_cnt), EBUSY, ENOENT, ENOTSUPP (kernel-internal
        // from BTF and map checks), EOPNOTSUPP (offload: bpf_prog_dev_bound_init
        // -> bpf_dev_offload_check), EMFILE/ENFILE, EPROTO (verifier.c's
        // resolve_pseudo_ldimm64: "fd_idx without fd_array is invalid" for a
        // BPF_PSEUDO_MAP_IDX[_VALUE] ld_imm64 with no fd_array — found by
        // this fuzzer, see tests/runtime_regressions.rs).
        5 => &[
            EPERM, ENOENT, EBADF, ENOMEM, EACCES, EBUSY, ENOSPC, EMFILE, ENFILE, EPROTO,
            EOPNOTSUPP, ENOTSUPP,
        ],
        // bpf_obj_pin / bpf_obj_get (kernel/bpf/inode.c): bpf_fd_probe_obj
        // and bpf_get_file_flag (EINVAL), getname (EFAULT, ENAMETOOLONG,
        // ENOENT for ""), path_init for path_fd (EBADF, ENOTDIR), the walk
        // (ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, EACCES), filename_create
        // (EEXIST), bpf_obj_do_pin outside a bpffs (EPERM), bpf_inode_type
        // for a file that is no BPF object (EACCES), the new fd (EMFILE,
        // ENFILE), ENOMEM, ENOSPC.
        6 | 7 => &[
            EPERM,
            ENOENT,
            EBADF,
            ENOMEM,
            EACCES,
            EEXIST,
            ENOSPC,
            EMFILE,
            ENFILE,
            ENOTDIR,
            ENAMETOOLONG,
            ELOOP,
        ],
        // bpf_prog_attach / bpf_prog_detach: bpf_prog_get_type (EBADF),
        // cgroup_get_from_fd (EBADF), EPERM, ENOENT (nothing attached),
        // EEXIST, EBUSY, ENOMEM, ENODEV (tcx/netkit: no such ifindex),
        // ENXIO and EACCES (netkit_dev_fetch), ERANGE and ESTALE
        // (bpf_mprog_attach: too many programs, expected_revision),
        // EOPNOTSUPP (sock_map_prog_link_lookup: a map that is no sockmap).
        8 | 9 => &[
            EPERM, ENOENT, EBADF, ENOMEM, EBUSY, EEXIST, ENODEV, ENXIO, EACCES, ERANGE, ESTALE,
            EOPNOTSUPP, ENOTSUPP,
        ],
        // bpf_prog_test_run: EBADF, ENOTSUPP (no test_run), ENOSPC (output
        // cut), ENOMEM, EPERM, ENODEV (dev_get_by_index for an ifindex in
        // the context), EOPNOTSUPP.
        10 => &[EPERM, EBADF, ENOMEM, ENODEV, ENOSPC, EOPNOTSUPP, ENOTSUPP],
        // bpf_obj_get_next_id: EPERM (CAP_SYS_ADMIN), ENOENT at the end.
        11 | 12 | 23 | 31 => &[EPERM, ENOENT],
        // bpf_{prog,map,btf,link}_get_fd_by_id: EPERM, ENOENT (no such id,
        // or the object is going away), EBADF (token fd), the new fd
        // (EMFILE, ENFILE, ENOMEM).
        13 | 14 | 19 | 30 => &[EPERM, ENOENT, EBADF, ENOMEM, EMFILE, ENFILE],
        // bpf_obj_get_info_by_fd: EBADFD for an fd that is not open, EINVAL
        // for a file of another kind, ENOSPC (btf name, link names),
        // ENOMEM, EPERM (map hash of an unfrozen map, 6.18), EOPNOTSUPP.
        15 => &[EPERM, ENOMEM, EBADFD, ENOSPC, EOPNOTSUPP],
        // bpf_prog_query: EBADF, EPERM, ENOSPC (prog_cnt too small), ENODEV
        // (tcx/netkit: no such device), EOPNOTSUPP (sock_map query), ENOMEM.
        16 => &[EPERM, ENOENT, EBADF, ENOMEM, ENODEV, ENOSPC, EOPNOTSUPP],
        // bpf_raw_tracepoint_open: EPERM, ENOENT (no such tracepoint),
        // EBADF, ENOMEM, EMFILE, ENFILE.
        17 => &[EPERM, ENOENT, EBADF, ENOMEM, EMFILE, ENFILE],
        // bpf_btf_load / btf_parse: EPERM, EBADF (token), E2BIG, ENOMEM,
        // ENOSPC (log, id), ENOTSUPP (btf_parse_hdr: unsupported flags),
        // EMFILE, ENFILE.
        18 => &[EPERM, EBADF, ENOMEM, ENOSPC, EMFILE, ENFILE, ENOTSUPP],
        // bpf_task_fd_query: EPERM, ENOENT (no such task), EBADF, ENOTSUPP
        // (not a tracepoint or perf event fd), ENOSPC (buf_len too small).
        20 => &[EPERM, EBADF, ENOENT, ENOSPC, ENOTSUPP],
        // map_lookup_and_delete_elem: EBADF, EPERM, ENOENT, ENOMEM,
        // ENOTSUPP (types without it), EOPNOTSUPP (offloaded).
        21 => &[EPERM, ENOENT, EBADF, ENOMEM, EBUSY, ENOTSUPP, EOPNOTSUPP],
        // map_freeze: EBADF, EPERM (not writable), EBUSY (already frozen,
        // or writes in flight), ENOTSUPP (struct_ops maps).
        22 => &[EPERM, EBADF, EBUSY, ENOTSUPP],
        // bpf_map_do_batch and the generic/htab batch ops: EBADF, EPERM,
        // ENOENT (end of the map), ENOSPC (a bucket bigger than count),
        // ENOMEM, EEXIST/E2BIG (update), EBUSY, ENOTSUPP (no batch op).
        24..=27 => &[EPERM, ENOENT, EBADF, ENOMEM, EBUSY, EEXIST, ENOSPC, ENOTSUPP, EOPNOTSUPP],
        // link_create and the attach points: EBADF, EPERM, EBUSY and EEXIST
        // (dev_xdp_attach), EOPNOTSUPP (dev_xdp_attach without driver
        // support, attach points not built), ENODEV, ENOMEM, ENOSPC (id),
        // ENOENT, EMFILE/ENFILE.
        28 => &[
            EPERM, ENOENT, EBADF, ENOMEM, EBUSY, EEXIST, ENODEV, ENOSPC, EMFILE, ENFILE,
            EOPNOTSUPP, ENOTSUPP,
        ],
        // link_update: EBADF, EPERM (old_prog_fd mismatch), ENOLINK
        // (bpf_xdp_link_update on a detached link), EOPNOTSUPP (no
        // update_prog), EBUSY, EEXIST.
        29 => &[EPERM, EBADF, ENOMEM, EBUSY, EEXIST, ENOLINK, EOPNOTSUPP],
        // bpf_enable_stats: EPERM, EBUSY, the fd (EMFILE, ENFILE, ENOMEM).
        32 => &[EPERM, EBUSY, ENOMEM, EMFILE, ENFILE],
        // bpf_iter_create: EBADF, EPERM, ENOMEM, EMFILE, ENFILE.
        33 => &[EPERM, EBADF, ENOMEM, EMFILE, ENFILE],
        // link_detach: EBADF, EOPNOTSUPP (no detach op).
        34 => &[EBADF, EOPNOTSUPP],
        // bpf_prog_bind_map: EBADF, ENOMEM, EPERM.
        35 => &[EPERM, EBADF, ENOMEM],
        // token_create: EPERM, EBADF, ENOENT, ENOMEM.
        36 => &[EPERM, ENOENT, EBADF, ENOMEM, EMFILE, ENFILE],
        // prog_stream_read_by_fd: EPERM (CAP_SYS_ADMIN), EBADF, ENOENT (no
        // such stream).
        37 => &[EPERM, EBADF, ENOENT],
        _ => return None,
    })
}

/// Whether `errno` is one the kernel can return for `cmd`.
pub fn allowed(cmd: u32, errno: i32) -> bool {
    if COMMON.contains(&errno) {
        // An unknown command: EINVAL, or E2BIG/EFAULT from the uniform
        // path before it.
        return true;
    }
    specific(cmd).is_some_and(|s| s.contains(&errno))
}
