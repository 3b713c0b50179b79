//! The UAPI constants of `<linux/bpf.h>` that the runtime and its tests
//! use: map and program types, attach types, and the flags of the
//! commands' attrs. `tests/layout_header.rs` checks every value here
//! against the installed header ([`ALL`]).

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
    /// `BPF_MAP_TYPE_HASH`.
    BPF_MAP_TYPE_HASH: u32 = 1;
    /// `BPF_MAP_TYPE_ARRAY`.
    BPF_MAP_TYPE_ARRAY: u32 = 2;
    /// `BPF_MAP_TYPE_PERCPU_ARRAY`.
    BPF_MAP_TYPE_PERCPU_ARRAY: u32 = 6;
    /// `BPF_MAP_TYPE_STRUCT_OPS`.
    BPF_MAP_TYPE_STRUCT_OPS: u32 = 26;

    /// `BPF_PROG_TYPE_SOCKET_FILTER`.
    BPF_PROG_TYPE_SOCKET_FILTER: u32 = 1;
    /// `BPF_PROG_TYPE_SCHED_CLS`.
    BPF_PROG_TYPE_SCHED_CLS: u32 = 3;
    /// `BPF_PROG_TYPE_XDP`.
    BPF_PROG_TYPE_XDP: u32 = 6;
    /// `BPF_PROG_TYPE_SK_LOOKUP`.
    BPF_PROG_TYPE_SK_LOOKUP: u32 = 30;

    /// `BPF_XDP_DEVMAP`: XDP programs run on devmap redirects.
    BPF_XDP_DEVMAP: u32 = 33;
    /// `BPF_XDP_CPUMAP`: XDP programs run on cpumap redirects.
    BPF_XDP_CPUMAP: u32 = 35;
    /// `BPF_SK_LOOKUP`.
    BPF_SK_LOOKUP: u32 = 36;
    /// `BPF_XDP`: the attach type of XDP links.
    BPF_XDP: u32 = 37;
    /// `BPF_STRUCT_OPS`.
    BPF_STRUCT_OPS: u32 = 44, since (6, 4);
    /// `BPF_TCX_INGRESS`.
    BPF_TCX_INGRESS: u32 = 46, since (6, 6);
    /// `BPF_TCX_EGRESS`.
    BPF_TCX_EGRESS: u32 = 47, since (6, 6);
    /// `BPF_NETKIT_PRIMARY`.
    BPF_NETKIT_PRIMARY: u32 = 54, since (6, 7);
    /// `BPF_NETKIT_PEER`.
    BPF_NETKIT_PEER: u32 = 55, since (6, 7);

    /// `BPF_LINK_TYPE_XDP`.
    BPF_LINK_TYPE_XDP: u32 = 6;

    /// `BPF_ANY`: create or update an element.
    BPF_ANY: u64 = 0;
    /// `BPF_NOEXIST`: create only.
    BPF_NOEXIST: u64 = 1;
    /// `BPF_EXIST`: update only.
    BPF_EXIST: u64 = 2;
    /// `BPF_F_LOCK`: take the value's `bpf_spin_lock`.
    BPF_F_LOCK: u64 = 4;

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
    BPF_F_MMAPABLE: u32 = 1 << 10;
    /// `BPF_F_PRESERVE_ELEMS`.
    BPF_F_PRESERVE_ELEMS: u32 = 1 << 11;
    /// `BPF_F_INNER_MAP`.
    BPF_F_INNER_MAP: u32 = 1 << 12;
    /// `BPF_F_PATH_FD` (Linux 6.5): `path_fd` is the directory of a
    /// relative `pathname`.
    BPF_F_PATH_FD: u32 = 1 << 14, since (6, 5);
    /// `BPF_F_TOKEN_FD`: the attr carries a BPF token fd.
    BPF_F_TOKEN_FD: u32 = 1 << 16, since (6, 9);

    /// `BPF_F_ALLOW_OVERRIDE`.
    BPF_F_ALLOW_OVERRIDE: u32 = 1 << 0;
    /// `BPF_F_ALLOW_MULTI`.
    BPF_F_ALLOW_MULTI: u32 = 1 << 1;
    /// `BPF_F_REPLACE`.
    BPF_F_REPLACE: u32 = 1 << 2;
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
}
