//! The kernel's structs, defined here, outside the library, with the
//! attribute and nothing else: each field dated by the release that gave
//! it its bytes, each struct's first version and size field declared as
//! the kernel reads them. Layouts are Linux 6.18's UAPI (the installed
//! 6.1 headers lack `mnt_id_req` and `file_attr`).

use extensible_abi::extensible_abi;

/// `struct open_how` (`<linux/openat2.h>`), read by `openat2(2)`:
/// `OPEN_HOW_SIZE_VER0` (24) is its only version, and less is `EINVAL`.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(min_version = "5.6")]
pub struct OpenHow {
    /// `O_*` flags.
    #[abi(since = "5.6", offset = 0)]
    pub flags: u64,
    /// The mode for `O_CREAT` / `O_TMPFILE`.
    #[abi(since = "5.6", offset = 8)]
    pub mode: u64,
    /// `RESOLVE_*` flags.
    #[abi(since = "5.6", offset = 16)]
    pub resolve: u64,
}

/// `struct clone_args` (`<linux/sched.h>`), read by `clone3(2)`:
/// `CLONE_ARGS_SIZE_VER0` 64 (5.3), `VER1` 80 (5.5), `VER2` 88 (5.7).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(min_version = "5.3")]
pub struct CloneArgs {
    /// `CLONE_*` flags.
    #[abi(since = "5.3", offset = 0)]
    pub flags: u64,
    /// Where to store the pidfd (`CLONE_PIDFD`).
    #[abi(since = "5.3", offset = 8)]
    pub pidfd: u64,
    /// Where to store the child's tid (`CLONE_CHILD_SETTID`).
    #[abi(since = "5.3", offset = 16)]
    pub child_tid: u64,
    /// Where to store the child's tid in the parent (`CLONE_PARENT_SETTID`).
    #[abi(since = "5.3", offset = 24)]
    pub parent_tid: u64,
    /// The signal sent to the parent when the child exits.
    #[abi(since = "5.3", offset = 32)]
    pub exit_signal: u64,
    /// The child's stack (lowest address).
    #[abi(since = "5.3", offset = 40)]
    pub stack: u64,
    /// The child's stack size.
    #[abi(since = "5.3", offset = 48)]
    pub stack_size: u64,
    /// The child's TLS (`CLONE_SETTLS`).
    #[abi(since = "5.3", offset = 56)]
    pub tls: u64,
    /// An array of pids to ask for, one per pid namespace level.
    #[abi(since = "5.5", offset = 64)]
    pub set_tid: u64,
    /// The length of `set_tid`.
    #[abi(since = "5.5", offset = 72)]
    pub set_tid_size: u64,
    /// A cgroup fd (`CLONE_INTO_CGROUP`).
    #[abi(since = "5.7", offset = 80)]
    pub cgroup: u64,
}

/// `struct sched_attr` (`<linux/sched/types.h>`): read by
/// `sched_setattr(2)` through its own `size` (0 is the first version;
/// out of range is `E2BIG`, and the kernel's size is written back), written
/// by `sched_getattr(2)` with `copy_struct_to_user`.
/// `SCHED_ATTR_SIZE_VER0` 48 (3.14), `VER1` 56 (5.3).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SchedAttr {
    /// The size of the caller's struct.
    #[abi(since = "3.14", offset = 0, size_field = "write_back")]
    pub size: u32,
    /// `SCHED_*` policy.
    #[abi(since = "3.14", offset = 4)]
    pub sched_policy: u32,
    /// `SCHED_FLAG_*`.
    #[abi(since = "3.14", offset = 8)]
    pub sched_flags: u64,
    /// Nice value (`SCHED_OTHER`, `SCHED_BATCH`).
    #[abi(since = "3.14", offset = 16)]
    pub sched_nice: i32,
    /// Static priority (`SCHED_FIFO`, `SCHED_RR`).
    #[abi(since = "3.14", offset = 20)]
    pub sched_priority: u32,
    /// `SCHED_DEADLINE` runtime (the slice, for `SCHED_OTHER`, since 6.12).
    #[abi(since = "3.14", offset = 24)]
    pub sched_runtime: u64,
    /// `SCHED_DEADLINE` deadline.
    #[abi(since = "3.14", offset = 32)]
    pub sched_deadline: u64,
    /// `SCHED_DEADLINE` period.
    #[abi(since = "3.14", offset = 40)]
    pub sched_period: u64,
    /// Utilization clamp, minimum.
    #[abi(since = "5.3", offset = 48)]
    pub sched_util_min: u32,
    /// Utilization clamp, maximum.
    #[abi(since = "5.3", offset = 52)]
    pub sched_util_max: u32,
}

/// `struct perf_event_attr` (`<linux/perf_event.h>`), read by
/// `perf_event_open(2)` through its own `size` (0 is the first version;
/// out of range is `E2BIG`, and the kernel's size is written back).
/// `PERF_ATTR_SIZE_VER0` 64 … `VER8` 136 (6.3), the size in 6.18. Fields
/// that took bytes an older release had reserved say so with
/// `padding_since`.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PerfEventAttr {
    /// `PERF_TYPE_*`.
    #[abi(since = "2.6.31", offset = 0)]
    pub r#type: u32,
    /// The size of the caller's struct.
    #[abi(since = "2.6.31", offset = 4, size_field = "write_back")]
    pub size: u32,
    /// Type-specific event.
    #[abi(since = "2.6.31", offset = 8)]
    pub config: u64,
    /// `sample_period` or `sample_freq`.
    #[abi(since = "2.6.31", offset = 16)]
    pub sample_period: u64,
    /// `PERF_SAMPLE_*`.
    #[abi(since = "2.6.31", offset = 24)]
    pub sample_type: u64,
    /// `PERF_FORMAT_*`.
    #[abi(since = "2.6.31", offset = 32)]
    pub read_format: u64,
    /// The bit fields (`disabled` … `sigtrap`, then `__reserved_1`).
    #[abi(since = "2.6.31", offset = 40)]
    pub bits: u64,
    /// `wakeup_events` or `wakeup_watermark`.
    #[abi(since = "2.6.31", offset = 48)]
    pub wakeup_events: u32,
    /// Breakpoint type: bytes of `PERF_ATTR_SIZE_VER0` (2.6.31), named
    /// `__reserved_2` until 2.6.33.
    #[abi(since = "2.6.31", offset = 52)]
    pub bp_type: u32,
    /// `bp_addr` / `config1`: bytes of `VER0`, named `__reserved_3` until
    /// 2.6.33.
    #[abi(since = "2.6.31", offset = 56)]
    pub config1: u64,
    /// `bp_len` / `config2` (`PERF_ATTR_SIZE_VER1`).
    #[abi(since = "2.6.33", offset = 64)]
    pub config2: u64,
    /// `PERF_SAMPLE_BRANCH_*` (`VER2`).
    #[abi(since = "3.4", offset = 72)]
    pub branch_sample_type: u64,
    /// User registers to dump (`VER3`).
    #[abi(since = "3.7", offset = 80)]
    pub sample_regs_user: u64,
    /// User stack bytes to dump.
    #[abi(since = "3.7", offset = 88)]
    pub sample_stack_user: u32,
    /// The clock (3.7's `__reserved_2`).
    #[abi(since = "4.1", offset = 92, padding_since = "3.7")]
    pub clockid: i32,
    /// Registers to dump on interrupt (`VER4`).
    #[abi(since = "3.19", offset = 96)]
    pub sample_regs_intr: u64,
    /// AUX area wakeup watermark (`VER5`).
    #[abi(since = "4.1", offset = 104)]
    pub aux_watermark: u32,
    /// Callchain depth (4.1's reserved bytes).
    #[abi(since = "4.8", offset = 108, padding_since = "4.1")]
    pub sample_max_stack: u16,
    /// Reserved: must be zero.
    #[abi(since = "4.1", offset = 110)]
    pub __reserved_2: u16,
    /// AUX sample size (`VER6`).
    #[abi(since = "5.5", offset = 112)]
    pub aux_sample_size: u32,
    /// `aux_action` bits (5.5's `__reserved_3`), the rest reserved.
    #[abi(since = "5.5", offset = 116)]
    pub aux_action: u32,
    /// Data for `sigtrap` (`VER7`).
    #[abi(since = "5.13", offset = 120)]
    pub sig_data: u64,
    /// Extension of `config2` (`VER8`).
    #[abi(since = "6.3", offset = 128)]
    pub config3: u64,
}

/// `struct mnt_id_req` (`<linux/mount.h>`), read by `statmount(2)` and
/// `listmount(2)` through its own `size`, strictly: below
/// `MNT_ID_REQ_SIZE_VER0` (24, 6.8), 0 included, is `EINVAL`, and nothing is
/// written back. `VER1` 32 (6.11).
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(min_version = "6.8")]
pub struct MntIdReq {
    /// The size of the caller's struct.
    #[abi(since = "6.8", offset = 0, size_field = "strict")]
    pub size: u32,
    /// A mount namespace fd (6.8's `spare`, which had to be zero).
    #[abi(since = "6.8", offset = 4)]
    pub mnt_ns_fd: u32,
    /// The mount's unique id.
    #[abi(since = "6.8", offset = 8)]
    pub mnt_id: u64,
    /// `STATMOUNT_*` mask (statmount), last id (listmount).
    #[abi(since = "6.8", offset = 16)]
    pub param: u64,
    /// A mount namespace id.
    #[abi(since = "6.11", offset = 24)]
    pub mnt_ns_id: u64,
}

/// `struct file_attr` (`<linux/fs.h>`), read by `file_setattr(2)` and
/// written by `file_getattr(2)` (`copy_struct_to_user`), new in 6.17:
/// `FILE_ATTR_SIZE_VER0` (24) is its only version, and less is `EINVAL`.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[abi(min_version = "6.17")]
pub struct FileAttr {
    /// `FS_XFLAG_*`.
    #[abi(since = "6.17", offset = 0)]
    pub fa_xflags: u64,
    /// Extent size hint.
    #[abi(since = "6.17", offset = 8)]
    pub fa_extsize: u32,
    /// Number of extents (read only).
    #[abi(since = "6.17", offset = 12)]
    pub fa_nextents: u32,
    /// Project id.
    #[abi(since = "6.17", offset = 16)]
    pub fa_projid: u32,
    /// CoW extent size hint.
    #[abi(since = "6.17", offset = 20)]
    pub fa_cowextsize: u32,
}
