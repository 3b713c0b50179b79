//! The UAPI constants the runtime and its tests use: of `<linux/bpf.h>`
//! (and `<linux/bpf_common.h>`, which it includes) map, program, attach
//! and link types, the flags of the commands' attrs and the instruction
//! encoding, and of `<linux/btf.h>` the `INT` encodings and the linkages.
//! `tests/layout_header.rs` checks every value here against the installed
//! headers and `tests/layout_btf.rs` against the running kernel's BTF
//! ([`ALL`]): a constant newer than the installed headers (its `since`) is
//! checked by the kernel's BTF when C makes it an enumerator, and by the
//! headers when they have it anyway (a backport) and C makes it a
//! `#define`.

macro_rules! consts {
    ($( $(#[$doc:meta])* $name:ident: $ty:ty = $value:expr $(, since ($maj:literal, $min:literal))?; )*) => {
        $( $(#[$doc])* pub const $name: $ty = $value; )*

        /// Every constant of this module: its C name, its value, and the
        /// release that added it when that is after 5.4 (0 otherwise), for
        /// the proofs against the header and the kernel's BTF.
        pub const ALL: &[(&str, u64, u32)] =
            &[ $( (stringify!($name), $name as u64, 0 $(+ ($maj << 16 | $min << 8))?), )* ];
    };
}

consts! {
    // enum bpf_map_type.
    /// `BPF_MAP_TYPE_HASH`.
    BPF_MAP_TYPE_HASH: u32 = 1;
    /// `BPF_MAP_TYPE_ARRAY`.
    BPF_MAP_TYPE_ARRAY: u32 = 2;
    /// `BPF_MAP_TYPE_PERCPU_ARRAY`.
    BPF_MAP_TYPE_PERCPU_ARRAY: u32 = 6;
    /// `BPF_MAP_TYPE_STRUCT_OPS`.
    BPF_MAP_TYPE_STRUCT_OPS: u32 = 26, since (5, 6);

    // enum bpf_prog_type.
    /// `BPF_PROG_TYPE_UNSPEC`: no program type (what an unknown attach type maps to).
    BPF_PROG_TYPE_UNSPEC: u32 = 0;
    /// `BPF_PROG_TYPE_SOCKET_FILTER`.
    BPF_PROG_TYPE_SOCKET_FILTER: u32 = 1;
    /// `BPF_PROG_TYPE_KPROBE`.
    BPF_PROG_TYPE_KPROBE: u32 = 2;
    /// `BPF_PROG_TYPE_SCHED_CLS`.
    BPF_PROG_TYPE_SCHED_CLS: u32 = 3;
    /// `BPF_PROG_TYPE_SCHED_ACT`.
    BPF_PROG_TYPE_SCHED_ACT: u32 = 4;
    /// `BPF_PROG_TYPE_TRACEPOINT`.
    BPF_PROG_TYPE_TRACEPOINT: u32 = 5;
    /// `BPF_PROG_TYPE_XDP`.
    BPF_PROG_TYPE_XDP: u32 = 6;
    /// `BPF_PROG_TYPE_PERF_EVENT`.
    BPF_PROG_TYPE_PERF_EVENT: u32 = 7;
    /// `BPF_PROG_TYPE_CGROUP_SKB`.
    BPF_PROG_TYPE_CGROUP_SKB: u32 = 8;
    /// `BPF_PROG_TYPE_CGROUP_SOCK`.
    BPF_PROG_TYPE_CGROUP_SOCK: u32 = 9;
    /// `BPF_PROG_TYPE_LWT_IN`.
    BPF_PROG_TYPE_LWT_IN: u32 = 10;
    /// `BPF_PROG_TYPE_LWT_OUT`.
    BPF_PROG_TYPE_LWT_OUT: u32 = 11;
    /// `BPF_PROG_TYPE_LWT_XMIT`.
    BPF_PROG_TYPE_LWT_XMIT: u32 = 12;
    /// `BPF_PROG_TYPE_SOCK_OPS`.
    BPF_PROG_TYPE_SOCK_OPS: u32 = 13;
    /// `BPF_PROG_TYPE_SK_SKB`.
    BPF_PROG_TYPE_SK_SKB: u32 = 14;
    /// `BPF_PROG_TYPE_CGROUP_DEVICE`.
    BPF_PROG_TYPE_CGROUP_DEVICE: u32 = 15;
    /// `BPF_PROG_TYPE_SK_MSG`.
    BPF_PROG_TYPE_SK_MSG: u32 = 16;
    /// `BPF_PROG_TYPE_RAW_TRACEPOINT`.
    BPF_PROG_TYPE_RAW_TRACEPOINT: u32 = 17;
    /// `BPF_PROG_TYPE_CGROUP_SOCK_ADDR`.
    BPF_PROG_TYPE_CGROUP_SOCK_ADDR: u32 = 18;
    /// `BPF_PROG_TYPE_LWT_SEG6LOCAL`.
    BPF_PROG_TYPE_LWT_SEG6LOCAL: u32 = 19;
    /// `BPF_PROG_TYPE_LIRC_MODE2`.
    BPF_PROG_TYPE_LIRC_MODE2: u32 = 20;
    /// `BPF_PROG_TYPE_SK_REUSEPORT`.
    BPF_PROG_TYPE_SK_REUSEPORT: u32 = 21;
    /// `BPF_PROG_TYPE_FLOW_DISSECTOR`.
    BPF_PROG_TYPE_FLOW_DISSECTOR: u32 = 22;
    /// `BPF_PROG_TYPE_CGROUP_SYSCTL`.
    BPF_PROG_TYPE_CGROUP_SYSCTL: u32 = 23;
    /// `BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE`.
    BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE: u32 = 24;
    /// `BPF_PROG_TYPE_CGROUP_SOCKOPT`.
    BPF_PROG_TYPE_CGROUP_SOCKOPT: u32 = 25;
    /// `BPF_PROG_TYPE_TRACING`.
    BPF_PROG_TYPE_TRACING: u32 = 26, since (5, 5);
    /// `BPF_PROG_TYPE_STRUCT_OPS`.
    BPF_PROG_TYPE_STRUCT_OPS: u32 = 27, since (5, 6);
    /// `BPF_PROG_TYPE_EXT`.
    BPF_PROG_TYPE_EXT: u32 = 28, since (5, 6);
    /// `BPF_PROG_TYPE_LSM`.
    BPF_PROG_TYPE_LSM: u32 = 29, since (5, 7);
    /// `BPF_PROG_TYPE_SK_LOOKUP`.
    BPF_PROG_TYPE_SK_LOOKUP: u32 = 30, since (5, 9);
    /// `BPF_PROG_TYPE_SYSCALL`.
    BPF_PROG_TYPE_SYSCALL: u32 = 31, since (5, 14);
    /// `BPF_PROG_TYPE_NETFILTER`.
    BPF_PROG_TYPE_NETFILTER: u32 = 32, since (6, 4);

    // enum bpf_attach_type.
    /// `BPF_CGROUP_INET_INGRESS`.
    BPF_CGROUP_INET_INGRESS: u32 = 0;
    /// `BPF_CGROUP_INET_EGRESS`.
    BPF_CGROUP_INET_EGRESS: u32 = 1;
    /// `BPF_CGROUP_INET_SOCK_CREATE`.
    BPF_CGROUP_INET_SOCK_CREATE: u32 = 2;
    /// `BPF_CGROUP_SOCK_OPS`.
    BPF_CGROUP_SOCK_OPS: u32 = 3;
    /// `BPF_SK_SKB_STREAM_PARSER`.
    BPF_SK_SKB_STREAM_PARSER: u32 = 4;
    /// `BPF_SK_SKB_STREAM_VERDICT`.
    BPF_SK_SKB_STREAM_VERDICT: u32 = 5;
    /// `BPF_CGROUP_DEVICE`.
    BPF_CGROUP_DEVICE: u32 = 6;
    /// `BPF_SK_MSG_VERDICT`.
    BPF_SK_MSG_VERDICT: u32 = 7;
    /// `BPF_CGROUP_INET4_BIND`.
    BPF_CGROUP_INET4_BIND: u32 = 8;
    /// `BPF_CGROUP_INET6_BIND`.
    BPF_CGROUP_INET6_BIND: u32 = 9;
    /// `BPF_CGROUP_INET4_CONNECT`.
    BPF_CGROUP_INET4_CONNECT: u32 = 10;
    /// `BPF_CGROUP_INET6_CONNECT`.
    BPF_CGROUP_INET6_CONNECT: u32 = 11;
    /// `BPF_CGROUP_INET4_POST_BIND`.
    BPF_CGROUP_INET4_POST_BIND: u32 = 12;
    /// `BPF_CGROUP_INET6_POST_BIND`.
    BPF_CGROUP_INET6_POST_BIND: u32 = 13;
    /// `BPF_CGROUP_UDP4_SENDMSG`.
    BPF_CGROUP_UDP4_SENDMSG: u32 = 14;
    /// `BPF_CGROUP_UDP6_SENDMSG`.
    BPF_CGROUP_UDP6_SENDMSG: u32 = 15;
    /// `BPF_LIRC_MODE2`.
    BPF_LIRC_MODE2: u32 = 16;
    /// `BPF_FLOW_DISSECTOR`.
    BPF_FLOW_DISSECTOR: u32 = 17;
    /// `BPF_CGROUP_SYSCTL`.
    BPF_CGROUP_SYSCTL: u32 = 18;
    /// `BPF_CGROUP_UDP4_RECVMSG`.
    BPF_CGROUP_UDP4_RECVMSG: u32 = 19;
    /// `BPF_CGROUP_UDP6_RECVMSG`.
    BPF_CGROUP_UDP6_RECVMSG: u32 = 20;
    /// `BPF_CGROUP_GETSOCKOPT`.
    BPF_CGROUP_GETSOCKOPT: u32 = 21;
    /// `BPF_CGROUP_SETSOCKOPT`.
    BPF_CGROUP_SETSOCKOPT: u32 = 22;
    /// `BPF_TRACE_RAW_TP`.
    BPF_TRACE_RAW_TP: u32 = 23, since (5, 5);
    /// `BPF_TRACE_FENTRY`.
    BPF_TRACE_FENTRY: u32 = 24, since (5, 5);
    /// `BPF_TRACE_FEXIT`.
    BPF_TRACE_FEXIT: u32 = 25, since (5, 5);
    /// `BPF_MODIFY_RETURN`.
    BPF_MODIFY_RETURN: u32 = 26, since (5, 7);
    /// `BPF_LSM_MAC`.
    BPF_LSM_MAC: u32 = 27, since (5, 7);
    /// `BPF_TRACE_ITER`.
    BPF_TRACE_ITER: u32 = 28, since (5, 8);
    /// `BPF_CGROUP_INET4_GETPEERNAME`.
    BPF_CGROUP_INET4_GETPEERNAME: u32 = 29, since (5, 8);
    /// `BPF_CGROUP_INET6_GETPEERNAME`.
    BPF_CGROUP_INET6_GETPEERNAME: u32 = 30, since (5, 8);
    /// `BPF_CGROUP_INET4_GETSOCKNAME`.
    BPF_CGROUP_INET4_GETSOCKNAME: u32 = 31, since (5, 8);
    /// `BPF_CGROUP_INET6_GETSOCKNAME`.
    BPF_CGROUP_INET6_GETSOCKNAME: u32 = 32, since (5, 8);
    /// `BPF_XDP_DEVMAP`: XDP programs run on devmap redirects.
    BPF_XDP_DEVMAP: u32 = 33, since (5, 8);
    /// `BPF_CGROUP_INET_SOCK_RELEASE`.
    BPF_CGROUP_INET_SOCK_RELEASE: u32 = 34, since (5, 9);
    /// `BPF_XDP_CPUMAP`: XDP programs run on cpumap redirects.
    BPF_XDP_CPUMAP: u32 = 35, since (5, 9);
    /// `BPF_SK_LOOKUP`.
    BPF_SK_LOOKUP: u32 = 36, since (5, 9);
    /// `BPF_XDP`: the attach type of XDP links.
    BPF_XDP: u32 = 37, since (5, 9);
    /// `BPF_SK_SKB_VERDICT`.
    BPF_SK_SKB_VERDICT: u32 = 38, since (5, 13);
    /// `BPF_SK_REUSEPORT_SELECT`.
    BPF_SK_REUSEPORT_SELECT: u32 = 39, since (5, 14);
    /// `BPF_SK_REUSEPORT_SELECT_OR_MIGRATE`.
    BPF_SK_REUSEPORT_SELECT_OR_MIGRATE: u32 = 40, since (5, 14);
    /// `BPF_PERF_EVENT`.
    BPF_PERF_EVENT: u32 = 41, since (5, 15);
    /// `BPF_TRACE_KPROBE_MULTI`.
    BPF_TRACE_KPROBE_MULTI: u32 = 42, since (5, 18);
    /// `BPF_LSM_CGROUP`.
    BPF_LSM_CGROUP: u32 = 43, since (6, 0);
    /// `BPF_STRUCT_OPS`.
    BPF_STRUCT_OPS: u32 = 44, since (6, 4);
    /// `BPF_NETFILTER`.
    BPF_NETFILTER: u32 = 45, since (6, 4);
    /// `BPF_TCX_INGRESS`.
    BPF_TCX_INGRESS: u32 = 46, since (6, 6);
    /// `BPF_TCX_EGRESS`.
    BPF_TCX_EGRESS: u32 = 47, since (6, 6);
    /// `BPF_TRACE_UPROBE_MULTI`.
    BPF_TRACE_UPROBE_MULTI: u32 = 48, since (6, 6);
    /// `BPF_CGROUP_UNIX_CONNECT`.
    BPF_CGROUP_UNIX_CONNECT: u32 = 49, since (6, 7);
    /// `BPF_CGROUP_UNIX_SENDMSG`.
    BPF_CGROUP_UNIX_SENDMSG: u32 = 50, since (6, 7);
    /// `BPF_CGROUP_UNIX_RECVMSG`.
    BPF_CGROUP_UNIX_RECVMSG: u32 = 51, since (6, 7);
    /// `BPF_CGROUP_UNIX_GETPEERNAME`.
    BPF_CGROUP_UNIX_GETPEERNAME: u32 = 52, since (6, 7);
    /// `BPF_CGROUP_UNIX_GETSOCKNAME`.
    BPF_CGROUP_UNIX_GETSOCKNAME: u32 = 53, since (6, 7);
    /// `BPF_NETKIT_PRIMARY`.
    BPF_NETKIT_PRIMARY: u32 = 54, since (6, 7);
    /// `BPF_NETKIT_PEER`.
    BPF_NETKIT_PEER: u32 = 55, since (6, 7);
    /// `BPF_TRACE_KPROBE_SESSION`.
    BPF_TRACE_KPROBE_SESSION: u32 = 56, since (6, 10);
    /// `BPF_TRACE_UPROBE_SESSION`.
    BPF_TRACE_UPROBE_SESSION: u32 = 57, since (6, 13);

    // enum bpf_link_type.
    /// `BPF_LINK_TYPE_XDP`.
    BPF_LINK_TYPE_XDP: u32 = 6, since (5, 9);

    // Map element flags (BPF_MAP_UPDATE_ELEM, BPF_MAP_LOOKUP_ELEM, batches).
    /// `BPF_ANY`: create or update an element.
    BPF_ANY: u64 = 0;
    /// `BPF_NOEXIST`: create only.
    BPF_NOEXIST: u64 = 1;
    /// `BPF_EXIST`: update only.
    BPF_EXIST: u64 = 2;
    /// `BPF_F_LOCK`: take the value's `bpf_spin_lock`.
    BPF_F_LOCK: u64 = 4;

    // Flags of BPF_MAP_CREATE's `map_flags` (and the fd's access mode).
    /// `BPF_F_NO_PREALLOC`.
    BPF_F_NO_PREALLOC: u32 = 1 << 0;
    /// `BPF_F_NO_COMMON_LRU`.
    BPF_F_NO_COMMON_LRU: u32 = 1 << 1;
    /// `BPF_F_NUMA_NODE`.
    BPF_F_NUMA_NODE: u32 = 1 << 2;
    /// `BPF_F_RDONLY`: the fd cannot write.
    BPF_F_RDONLY: u32 = 1 << 3;
    /// `BPF_F_WRONLY`: the fd cannot read.
    BPF_F_WRONLY: u32 = 1 << 4;
    /// `BPF_F_ZERO_SEED`.
    BPF_F_ZERO_SEED: u32 = 1 << 6;
    /// `BPF_F_RDONLY_PROG`.
    BPF_F_RDONLY_PROG: u32 = 1 << 7;
    /// `BPF_F_WRONLY_PROG`.
    BPF_F_WRONLY_PROG: u32 = 1 << 8;
    /// `BPF_F_MMAPABLE`.
    BPF_F_MMAPABLE: u32 = 1 << 10, since (5, 5);
    /// `BPF_F_PRESERVE_ELEMS`.
    BPF_F_PRESERVE_ELEMS: u32 = 1 << 11, since (5, 10);
    /// `BPF_F_INNER_MAP`.
    BPF_F_INNER_MAP: u32 = 1 << 12, since (5, 10);
    /// `BPF_F_PATH_FD` (Linux 6.5): `path_fd` is the directory of a
    /// relative `pathname`.
    BPF_F_PATH_FD: u32 = 1 << 14, since (6, 5);
    /// `BPF_F_TOKEN_FD`: the attr carries a BPF token fd.
    BPF_F_TOKEN_FD: u32 = 1 << 16, since (6, 9);

    // Flags of BPF_PROG_LOAD's `prog_flags`.
    /// `BPF_F_STRICT_ALIGNMENT`.
    BPF_F_STRICT_ALIGNMENT: u32 = 1 << 0;
    /// `BPF_F_ANY_ALIGNMENT`.
    BPF_F_ANY_ALIGNMENT: u32 = 1 << 1;
    /// `BPF_F_TEST_RND_HI32`.
    BPF_F_TEST_RND_HI32: u32 = 1 << 2;
    /// `BPF_F_TEST_STATE_FREQ`.
    BPF_F_TEST_STATE_FREQ: u32 = 1 << 3;
    /// `BPF_F_SLEEPABLE`.
    BPF_F_SLEEPABLE: u32 = 1 << 4, since (5, 10);
    /// `BPF_F_XDP_HAS_FRAGS`.
    BPF_F_XDP_HAS_FRAGS: u32 = 1 << 5, since (5, 18);
    /// `BPF_F_XDP_DEV_BOUND_ONLY`.
    BPF_F_XDP_DEV_BOUND_ONLY: u32 = 1 << 6, since (6, 3);
    /// `BPF_F_TEST_REG_INVARIANTS`.
    BPF_F_TEST_REG_INVARIANTS: u32 = 1 << 7, since (6, 7);

    // Flags of BPF_PROG_ATTACH, BPF_PROG_DETACH and BPF_LINK_UPDATE.
    /// `BPF_F_ALLOW_OVERRIDE`.
    BPF_F_ALLOW_OVERRIDE: u32 = 1 << 0;
    /// `BPF_F_ALLOW_MULTI`.
    BPF_F_ALLOW_MULTI: u32 = 1 << 1;
    /// `BPF_F_REPLACE`.
    BPF_F_REPLACE: u32 = 1 << 2, since (5, 6);
    /// `BPF_F_BEFORE`.
    BPF_F_BEFORE: u32 = 1 << 3, since (6, 6);
    /// `BPF_F_AFTER`.
    BPF_F_AFTER: u32 = 1 << 4, since (6, 6);
    /// `BPF_F_ID`.
    BPF_F_ID: u32 = 1 << 5, since (6, 6);
    /// `BPF_F_PREORDER`.
    BPF_F_PREORDER: u32 = 1 << 6, since (6, 15);
    /// `BPF_F_LINK`.
    BPF_F_LINK: u32 = 1 << 13, since (6, 6);

    /// `BPF_F_QUERY_EFFECTIVE`: BPF_PROG_QUERY's one `query_flags` bit.
    BPF_F_QUERY_EFFECTIVE: u32 = 1 << 0;

    // Flags of BPF_PROG_TEST_RUN.
    /// `BPF_F_TEST_XDP_LIVE_FRAMES`.
    BPF_F_TEST_XDP_LIVE_FRAMES: u32 = 1 << 1, since (5, 18);
    /// `BPF_F_TEST_SKB_CHECKSUM_COMPLETE` (Linux 6.11; Debian's 6.1
    /// stable headers have it too).
    BPF_F_TEST_SKB_CHECKSUM_COMPLETE: u32 = 1 << 2, since (6, 11);

    /// `BPF_STATS_RUN_TIME` (`enum bpf_stats_type`): BPF_ENABLE_STATS's
    /// one type.
    BPF_STATS_RUN_TIME: u32 = 0, since (5, 8);

    // A program's streams (BPF_PROG_STREAM_READ_BY_FD).
    /// `BPF_STREAM_STDOUT`.
    BPF_STREAM_STDOUT: u32 = 1, since (6, 17);
    /// `BPF_STREAM_STDERR`.
    BPF_STREAM_STDERR: u32 = 2, since (6, 17);

    // `src_reg` of a `ld_imm64` (BPF_LD | BPF_IMM | BPF_DW).
    /// `BPF_PSEUDO_MAP_FD`: `imm` is a map fd.
    BPF_PSEUDO_MAP_FD: u8 = 1;
    /// `BPF_PSEUDO_MAP_VALUE`: `imm` is a map fd, the second `imm` an
    /// offset into its value.
    BPF_PSEUDO_MAP_VALUE: u8 = 2;
    /// `BPF_PSEUDO_BTF_ID`: `imm` is a kernel symbol's BTF id.
    BPF_PSEUDO_BTF_ID: u8 = 3, since (5, 10);
    /// `BPF_PSEUDO_FUNC`: `imm` is the offset of a function.
    BPF_PSEUDO_FUNC: u8 = 4, since (5, 13);
    /// `BPF_PSEUDO_MAP_IDX`: `imm` is an index into `fd_array`.
    BPF_PSEUDO_MAP_IDX: u8 = 5, since (5, 14);
    /// `BPF_PSEUDO_MAP_IDX_VALUE`: the same, with a value offset.
    BPF_PSEUDO_MAP_IDX_VALUE: u8 = 6, since (5, 14);

    // `src_reg` of a call.
    /// `BPF_PSEUDO_CALL`: a bpf-to-bpf call.
    BPF_PSEUDO_CALL: u8 = 1;
    /// `BPF_PSEUDO_KFUNC_CALL`: a kfunc call.
    BPF_PSEUDO_KFUNC_CALL: u8 = 2, since (5, 13);

    /// `BPF_OBJ_NAME_LEN`: the size of a name field, NUL included.
    BPF_OBJ_NAME_LEN: usize = 16;
    /// `BPF_TAG_SIZE`: the bytes of a program's tag.
    BPF_TAG_SIZE: usize = 8;
    /// `BPF_MAXINSNS` (`<linux/bpf_common.h>`): the unprivileged (before
    /// 5.2: the only) program size limit.
    BPF_MAXINSNS: u32 = 4096;

    // The instruction encoding (`<linux/bpf_common.h>`, `<linux/bpf.h>`):
    // the class, in the low three bits of the opcode.
    /// `BPF_LD`.
    BPF_LD: u8 = 0x00;
    /// `BPF_LDX`.
    BPF_LDX: u8 = 0x01;
    /// `BPF_ST`.
    BPF_ST: u8 = 0x02;
    /// `BPF_STX`.
    BPF_STX: u8 = 0x03;
    /// `BPF_ALU`: 32-bit arithmetic.
    BPF_ALU: u8 = 0x04;
    /// `BPF_JMP`.
    BPF_JMP: u8 = 0x05;
    /// `BPF_JMP32`: jumps comparing 32 bits.
    BPF_JMP32: u8 = 0x06;
    /// `BPF_ALU64`: 64-bit arithmetic.
    BPF_ALU64: u8 = 0x07;

    // The size of a load or store (`BPF_SIZE(code)`, bits 3-4).
    /// `BPF_W`: 32 bits.
    BPF_W: u8 = 0x00;
    /// `BPF_H`: 16 bits.
    BPF_H: u8 = 0x08;
    /// `BPF_B`: 8 bits.
    BPF_B: u8 = 0x10;
    /// `BPF_DW`: 64 bits.
    BPF_DW: u8 = 0x18;

    // The mode of a load or store (`BPF_MODE(code)`, bits 5-7).
    /// `BPF_IMM`.
    BPF_IMM: u8 = 0x00;
    /// `BPF_ABS`: a packet load at an absolute offset.
    BPF_ABS: u8 = 0x20;
    /// `BPF_IND`: a packet load at an offset in a register.
    BPF_IND: u8 = 0x40;
    /// `BPF_MEM`.
    BPF_MEM: u8 = 0x60;
    /// `BPF_MEMSX`: a load with sign extension.
    BPF_MEMSX: u8 = 0x80, since (6, 6);
    /// `BPF_ATOMIC`: an atomic operation, named by `imm`.
    BPF_ATOMIC: u8 = 0xc0, since (5, 12);

    // The source operand (`BPF_SRC(code)`, bit 3).
    /// `BPF_K`: the immediate.
    BPF_K: u8 = 0x00;
    /// `BPF_X`: the source register.
    BPF_X: u8 = 0x08;

    // Arithmetic operations (`BPF_OP(code)`, bits 4-7).
    /// `BPF_ADD`.
    BPF_ADD: u8 = 0x00;
    /// `BPF_SUB`.
    BPF_SUB: u8 = 0x10;
    /// `BPF_MUL`.
    BPF_MUL: u8 = 0x20;
    /// `BPF_DIV`.
    BPF_DIV: u8 = 0x30;
    /// `BPF_OR`.
    BPF_OR: u8 = 0x40;
    /// `BPF_AND`.
    BPF_AND: u8 = 0x50;
    /// `BPF_LSH`.
    BPF_LSH: u8 = 0x60;
    /// `BPF_RSH`.
    BPF_RSH: u8 = 0x70;
    /// `BPF_NEG`.
    BPF_NEG: u8 = 0x80;
    /// `BPF_MOD`.
    BPF_MOD: u8 = 0x90;
    /// `BPF_XOR`.
    BPF_XOR: u8 = 0xa0;
    /// `BPF_MOV`.
    BPF_MOV: u8 = 0xb0;
    /// `BPF_ARSH`: arithmetic (sign-extending) shift right.
    BPF_ARSH: u8 = 0xc0;
    /// `BPF_END`: byte swap.
    BPF_END: u8 = 0xd0;
    /// `BPF_TO_LE`: `BPF_END`'s source bit for little-endian.
    BPF_TO_LE: u8 = 0x00;
    /// `BPF_TO_BE`: `BPF_END`'s source bit for big-endian.
    BPF_TO_BE: u8 = 0x08;

    // Jump operations (`BPF_OP(code)`).
    /// `BPF_JA`: jump always.
    BPF_JA: u8 = 0x00;
    /// `BPF_JEQ`.
    BPF_JEQ: u8 = 0x10;
    /// `BPF_JGT`.
    BPF_JGT: u8 = 0x20;
    /// `BPF_JGE`.
    BPF_JGE: u8 = 0x30;
    /// `BPF_JSET`.
    BPF_JSET: u8 = 0x40;
    /// `BPF_JNE`.
    BPF_JNE: u8 = 0x50;
    /// `BPF_JSGT`.
    BPF_JSGT: u8 = 0x60;
    /// `BPF_JSGE`.
    BPF_JSGE: u8 = 0x70;
    /// `BPF_CALL`.
    BPF_CALL: u8 = 0x80;
    /// `BPF_EXIT`.
    BPF_EXIT: u8 = 0x90;
    /// `BPF_JLT`.
    BPF_JLT: u8 = 0xa0;
    /// `BPF_JLE`.
    BPF_JLE: u8 = 0xb0;
    /// `BPF_JSLT`.
    BPF_JSLT: u8 = 0xc0;
    /// `BPF_JSLE`.
    BPF_JSLE: u8 = 0xd0;
    /// `BPF_JCOND`: conditional pseudo jumps (`may_goto`).
    BPF_JCOND: u8 = 0xe0, since (6, 9);

    // Atomic operations (the `imm` of `BPF_STX | BPF_ATOMIC`).
    /// `BPF_FETCH`: the old value comes back in the source register.
    BPF_FETCH: i32 = 0x01, since (5, 12);
    /// `BPF_XCHG`.
    BPF_XCHG: i32 = 0xe1, since (5, 12);
    /// `BPF_CMPXCHG`.
    BPF_CMPXCHG: i32 = 0xf1, since (5, 12);

    /// `BPF_REG_10`: the read-only frame pointer.
    BPF_REG_10: u8 = 10;
    /// `MAX_BPF_REG`: the number of registers, r0 to r10.
    MAX_BPF_REG: u8 = 11;

    /// `XDP_PASS` (`enum xdp_action`): an XDP program's "let it through".
    XDP_PASS: u32 = 2;

    // `<linux/btf.h>`: an `INT`'s encoding bits.
    /// `BTF_INT_SIGNED`.
    BTF_INT_SIGNED: u32 = 1 << 0;
    /// `BTF_INT_CHAR`.
    BTF_INT_CHAR: u32 = 1 << 1;
    /// `BTF_INT_BOOL`.
    BTF_INT_BOOL: u32 = 1 << 2;

    // `<linux/btf.h>`: a `VAR`'s linkage.
    /// `BTF_VAR_STATIC`.
    BTF_VAR_STATIC: u32 = 0;
    /// `BTF_VAR_GLOBAL_ALLOCATED`.
    BTF_VAR_GLOBAL_ALLOCATED: u32 = 1;
    /// `BTF_VAR_GLOBAL_EXTERN`.
    BTF_VAR_GLOBAL_EXTERN: u32 = 2, since (5, 6);

    // `<linux/btf.h>`: a `FUNC`'s linkage (in its `vlen`).
    /// `BTF_FUNC_STATIC`.
    BTF_FUNC_STATIC: u32 = 0, since (5, 6);
    /// `BTF_FUNC_GLOBAL`.
    BTF_FUNC_GLOBAL: u32 = 1, since (5, 6);
    /// `BTF_FUNC_EXTERN`.
    BTF_FUNC_EXTERN: u32 = 2, since (5, 6);
}
