//! The three get-info rules a `Runtime` can apply, and what each makes of
//! an extension header.

use extensible_abi::user::HeaderRule;

/// The bound the Linux rule puts on an extension header's `total_size`:
/// `PAGE_SIZE`, as `bpf_check_uarg_tail_zero` bounds a struct it is given.
pub const LINUX_MAX_TOTAL_SIZE: usize = 4096;

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
/// # Extension headers (`Runtime::validate_program_data`, `Runtime::validate_helper_prototype_array`)
///
/// A provider's `ebpf_program_data_t` and its helper prototypes start with
/// `ebpf_extension_header_t` `{version, size, total_size}`. Every rule
/// reads them through `extensible_abi::user::read_with_header` or
/// `read_header_array`, with [`Rule::header_rule`] and the bound
/// [`Rule::max_total_size`]:
///
/// | case | [`Pre4286`](Rule::Pre4286) | [`V1_5`](Rule::V1_5) | [`Linux`](Rule::Linux) |
/// |---|---|---|---|
/// | `version` not 1 | `EINVAL` | `EINVAL` | `EINVAL` |
/// | `size` in the hand-kept list (the version table) | read, the fields past it zero | same | same |
/// | `size` in no list, between the first version's and ours (program data's 66 … 71) | `EINVAL` | `EINVAL` | read, the fields past it zero |
/// | `size` of a newer provider, the bytes past ours zero | `EINVAL` | `EINVAL` | read |
/// | `size` of a newer provider, a byte past ours not zero | `EINVAL` | `EINVAL` | `E2BIG` |
/// | `size` below the first version's | `EINVAL` | `EINVAL` | `EINVAL` |
/// | `total_size < size` (#5552) | `EINVAL`, nothing past the header read | same | same |
/// | `total_size` over `sizeof` (#5552) | `EINVAL`, nothing past the header read | same | read, up to 4096 |
/// | `total_size` over 4096 | `EINVAL`, nothing past the header read | same | same |
/// | array elements with different `total_size` | `EINVAL` | `EINVAL` | `EINVAL` |
///
/// The two shipped rules are one here: the lists of v0.18.0 … v1.5.0 are
/// the same, and #4286 changed only get-info. The shipped code checks
/// `total_size` nowhere and uses element 0's as the array stride (v1.5.0
/// `libs/shared/shared_common.c:305-313`); this profile applies #5552's
/// bound (`total_size <= sizeof`) under both, so that the shipped rule's
/// answer to a well-formed provider is shown without its out-of-bounds
/// walk. What that walk would do is computed, not performed, by
/// [`ShippedWalk`](crate::ext::ShippedWalk).
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

    /// How this rule judges an extension header's `size`: the shipped
    /// runtime's hand-kept lists ([`HeaderRule::KnownSizes`], which takes
    /// them from the version table) or Linux's rule
    /// ([`HeaderRule::Extensible`]).
    ///
    /// ```
    /// use extensible_abi::user::HeaderRule;
    /// use extensible_abi_win::Rule;
    ///
    /// assert_eq!(Rule::V1_5.header_rule(), HeaderRule::KnownSizes);
    /// assert_eq!(Rule::Linux.header_rule(), HeaderRule::Extensible);
    /// ```
    pub const fn header_rule(self) -> HeaderRule {
        match self {
            Rule::Pre4286 | Rule::V1_5 => HeaderRule::KnownSizes,
            Rule::Linux => HeaderRule::Extensible,
        }
    }

    /// The largest `total_size` this rule accepts in the header of a struct
    /// whose `sizeof` is `sizeof`: #5552's bound, `sizeof`, under the
    /// shipped rules (which, as shipped, have none); under Linux's, a newer
    /// provider's larger struct up to [`LINUX_MAX_TOTAL_SIZE`].
    ///
    /// ```
    /// use extensible_abi_win::Rule;
    ///
    /// assert_eq!(Rule::V1_5.max_total_size(72), 72);
    /// assert_eq!(Rule::Linux.max_total_size(72), 4096);
    /// ```
    pub const fn max_total_size(self, sizeof: usize) -> usize {
        match self {
            Rule::Pre4286 | Rule::V1_5 => sizeof,
            Rule::Linux => LINUX_MAX_TOTAL_SIZE,
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
