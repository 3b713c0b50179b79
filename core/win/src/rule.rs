//! The three get-info rules a `Runtime` can apply.

/// How a runtime answers `bpf_obj_get_info_by_fd` and
/// `bpf(BPF_OBJ_GET_INFO_BY_FD)`. Everything else about the runtime (its
/// structs, types, errno mapping) is the same under all three; every rule
/// moves bytes through the same framework calls (`InfoBuf::open_at`,
/// `InfoBuf::read`, `InfoBuf::write` or `write_struct`, `write_pod`,
/// `read_partial`, `check_zeroed`) and differs only in the checks before
/// them and the length it hands them.
///
/// # The direct API, `bpf_obj_get_info_by_fd(fd, info, &info_len)`
///
/// | case | [`Pre4286`](Rule::Pre4286) | [`V1_5`](Rule::V1_5) | [`Linux`](Rule::Linux) |
/// |---|---|---|---|
/// | `info_len < sizeof` | `ENOBUFS` | copies `info_len` bytes | copies `info_len` bytes |
/// | `info_len == 0` | `ENOBUFS` | `EINVAL` (#4208) | success, nothing copied, `info_len` 0 |
/// | prog, `info_len < offsetof(name)` (24) | `ENOBUFS` | `EINVAL` | copies `info_len` bytes |
/// | `info_len > sizeof`, tail zero | success, `info_len = sizeof` | same | same |
/// | `info_len > sizeof`, tail not zero | success (never looked at) | success (never looked at) | `E2BIG` |
/// | `info_len` ≥ 65520 | wraps mod 65536 (`u16` request length; 65520–65535: `EINVAL`) | `EOTHER` (`EBPF_ARITHMETIC_OVERFLOW`, #5200, v1.3.0) | over 4096: `E2BIG` |
/// | `info == NULL` | `EINVAL` | success, nothing written | `EFAULT` (unless `info_len` is 0) |
/// | `&info_len == NULL` | `EINVAL` | `EINVAL` | `EFAULT` |
/// | prog, `0 < nr_map_ids <` map count | first `nr_map_ids` ids written, then `EFAULT`, info not copied | same | ids clamped to `nr_map_ids`, success, `nr_map_ids` = map count |
/// | prog, `map_ids == 0`, `nr_map_ids > 0` | no ids, success | no ids, success | `EFAULT` (as Linux writes to it) |
///
/// A length written back is always `min(info_len, sizeof)`.
///
/// # The `bpf()` path, `bpf(BPF_OBJ_GET_INFO_BY_FD, attr, size)`
///
/// | case | [`Pre4286`](Rule::Pre4286) (Release-v0.20.0) | [`V1_5`](Rule::V1_5) | [`Linux`](Rule::Linux) |
/// |---|---|---|---|
/// | the info buffer is | the native struct, passed to the direct API under [`Pre4286`](Rule::Pre4286) | a `sys_bpf_*_info_t` (Linux's prefix), converted | a `sys_bpf_*_info_t` |
/// | shorter than it | `ENOBUFS` | zero-extended, `info_len` bytes copied back (#4360) | zero-extended, `info_len` bytes copied back |
/// | longer, tail zero | success | success | success |
/// | longer, tail not zero | success (never looked at) | `-EINVAL` | `-E2BIG` |
/// | `attr.info_len` written back | yes (`min`) | **never** | yes (`min`) |
/// | attr shorter than 16 bytes | the missing bytes are uninitialized (modelled as `0xA5` bytes) | zero-extended | zero-extended |
/// | attr longer, tail not zero | `-EINVAL` | `-EINVAL` | `-EINVAL` within `union bpf_attr` (144), `-E2BIG` past it |
/// | map ids | as the direct API | as the direct API | clamped |
///
/// Under every rule `bpf()` returns a negative errno as its value, as
/// eBPF-for-Windows' does (not `-1` with `errno`).
///
/// # What the facts say that this profile does not model
///
/// - Release-v0.21.0 … v1.2.1 narrowed `info_len` to `u16` silently (no
///   `EOTHER`), and their `bpf()` left a short struct's missing bytes
///   uninitialized: [`V1_5`](Rule::V1_5) is v1.5.0's code exactly.
/// - The kernel probes the whole `map_ids` array for writability before
///   it writes any id; here a fault comes at the first id that does not map.
/// - Where Windows' user library itself dereferences a bad `info` or
///   `info_len` pointer (and would crash), this profile answers `EFAULT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Rule {
    /// v0.2.0 … Release-v0.20.0: `info_len` below the runtime's `sizeof`
    /// is `EBPF_INSUFFICIENT_BUFFER` (`ENOBUFS`), the bug of issue #4160.
    Pre4286 = 0,
    /// v1.5.0: #4286 (Release-v0.21.0) accepts shorter buffers; #4208,
    /// #5200 and #3980's `bpf()` path as listed above.
    V1_5 = 1,
    /// Linux's rule, the fix this project proposes: any length, a non-zero
    /// tail past `sizeof` is `E2BIG`, `info_len` written back on both
    /// paths, map ids clamped.
    Linux = 2,
}

impl Rule {
    /// All three, oldest first.
    pub const ALL: [Rule; 3] = [Rule::Pre4286, Rule::V1_5, Rule::Linux];

    /// The rule numbered `v` (`EXTABI_WIN_RULE_*`), if any.
    ///
    /// ```
    /// use extensible_abi_win::Rule;
    ///
    /// assert_eq!(Rule::from_raw(1), Some(Rule::V1_5));
    /// assert_eq!(Rule::from_raw(3), None);
    /// ```
    pub const fn from_raw(v: u32) -> Option<Rule> {
        match v {
            0 => Some(Rule::Pre4286),
            1 => Some(Rule::V1_5),
            2 => Some(Rule::Linux),
            _ => None,
        }
    }

    /// A short name: `pre-#4286`, `v1.5.0`, `linux`.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::Pre4286 => "pre-#4286",
            Rule::V1_5 => "v1.5.0",
            Rule::Linux => "linux",
        }
    }
}
