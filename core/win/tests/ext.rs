//! Extension headers through the framework: a provider's program data and
//! helper prototypes, written as each release's provider writes them,
//! validated by the runtime profile under each [`Rule`], in simulated
//! memory and in real pages beside a `PROT_NONE` one.
//!
//! The accepted-size lists are typed in from the facts (`win-facts.md`
//! §5.2-5.4); every other expectation is derived from the rule as
//! documented on `Rule` (its "Extension headers" table) and the layouts.

use extensible_abi::user::{self, HeaderRule, SimMemory, UserMemory};
use extensible_abi::{bytes_of, bytes_of_mut, zeroed, ExtensibleAbi, Layout};
use extensible_abi_win::consts::errno;
use extensible_abi_win::ext::{
    ebpf_extension_header_t, ebpf_helper_function_prototype_t, ebpf_program_data_t, header_size,
    ShippedWalk,
};
use extensible_abi_win::next::{ebpf_helper_function_prototype_next, ebpf_program_data_next};
use extensible_abi_win::{release, Rule, Runtime, LINUX_MAX_TOTAL_SIZE};

const V1_5: u32 = release(1, 5);
/// A `const char*` the runtime keeps but never follows here.
const NAME: u64 = 0x7ff0_0000_1000;
/// What an older provider leaves in its tail padding: not zero.
const GARBAGE: u8 = 0xaa;

/// Which struct a provider hands over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Proto,
    Data,
}

impl Kind {
    /// The runtime's struct.
    fn ours(self) -> &'static Layout {
        match self {
            Kind::Proto => ebpf_helper_function_prototype_t::LAYOUT,
            Kind::Data => ebpf_program_data_t::LAYOUT,
        }
    }

    /// A newer provider's struct: every release's fields and next's.
    fn newest(self) -> &'static Layout {
        match self {
            Kind::Proto => ebpf_helper_function_prototype_next::LAYOUT,
            Kind::Data => ebpf_program_data_next::LAYOUT,
        }
    }

    /// Every field of the newest struct set to a non-zero value, header
    /// excluded.
    fn full(self) -> Vec<u8> {
        match self {
            Kind::Proto => bytes_of(&ebpf_helper_function_prototype_next {
                helper_id: 7,
                name: NAME,
                return_type: 3,
                arguments: [1, 2, 3, 4, 5],
                flags: 1,
                implicit_context: 1,
                next_field: 0x4286,
                ..Default::default()
            })
            .to_vec(),
            Kind::Data => bytes_of(&ebpf_program_data_next {
                program_info: 0x1000,
                program_type_specific_helper_function_addresses: 0x2000,
                global_helper_function_addresses: 0x3000,
                context_create: 0x4000,
                context_destroy: 0x5000,
                required_irql: 2,
                capabilities: 0xff,
                next_field: 0x4286,
                ..Default::default()
            })
            .to_vec(),
        }
    }
}

/// A provider built against one version: the header it sends and its
/// struct's bytes.
#[derive(Clone, Debug)]
struct Writer {
    label: &'static str,
    size: u64,
    total: u64,
    bytes: Vec<u8>,
}

fn header(version: u16, size: u64, total: u64) -> ebpf_extension_header_t {
    ebpf_extension_header_t { version, size, total_size: total, ..Default::default() }
}

fn set_header(bytes: &mut [u8], h: ebpf_extension_header_t) {
    bytes[..24].copy_from_slice(bytes_of(&h));
}

/// Every provider of `kind`, one per version of the newest struct: `size`
/// the end of its last field, `total_size` its `sizeof`, the fields it
/// knows set, its tail padding [`GARBAGE`]. The newest (next) provider
/// leaves the field the runtime does not know zero.
fn writers(kind: Kind) -> Vec<Writer> {
    let l = kind.newest();
    l.versions
        .iter()
        .map(|v| {
            let (size, total) = (header_size(l, v.number), v.size);
            let mut bytes = kind.full();
            bytes.truncate(total);
            bytes[size..].fill(GARBAGE);
            if v.number == l.newest().number {
                let known = header_size(kind.ours(), V1_5);
                bytes[known..].fill(0);
            }
            set_header(&mut bytes, header(1, size as u64, total as u64));
            Writer { label: v.label, size: size as u64, total: total as u64, bytes }
        })
        .collect()
}

/// The runtime's answer for the struct at `at`, as bytes.
fn validate(rt: &Runtime, mem: &dyn UserMemory, kind: Kind, at: u64) -> Result<Vec<u8>, i32> {
    let r = match kind {
        Kind::Proto => {
            rt.validate_helper_prototype_array(mem, at, 1).map(|v| bytes_of(&v[0]).to_vec())
        }
        Kind::Data => rt.validate_program_data(mem, at).map(|d| bytes_of(&d).to_vec()),
    };
    r.map_err(|e| e.errno())
}

/// What the runtime keeps of a writer's struct it accepts: the bytes it
/// knows, up to the writer's size, then zeros.
fn kept(kind: Kind, w: &Writer) -> Vec<u8> {
    let ours = kind.ours();
    let n = (w.size as usize).min(header_size(ours, V1_5));
    let mut v = w.bytes[..n].to_vec();
    v.resize(ours.size, 0);
    v
}

/// The sizes the hand-kept lists name (v1.5.0
/// `libs/shared/shared_common.c:77-84, 97-99`; `win-facts.md` §5.2).
fn hand_kept(kind: Kind) -> &'static [u64] {
    match kind {
        Kind::Proto => &[64, 65, 66],
        Kind::Data => &[65, 72],
    }
}

/// The sizes `rule` accepts for `kind`, by asking: every size up to 200,
/// the struct mapped in full and zero past the header.
fn accepted(kind: Kind, rule: HeaderRule, limit: usize) -> Vec<u64> {
    let mut mem = SimMemory::new();
    (0..=200u64)
        .filter(|&size| {
            let mut b = vec![0u8; 256];
            set_header(&mut b, header(1, size, size.max(kind.ours().size as u64)));
            let at = mem.alloc_bytes(&b);
            match kind {
                Kind::Proto => user::read_with_header::<ebpf_helper_function_prototype_t, _>(
                    &mem, at, limit, rule,
                )
                .is_ok(),
                Kind::Data => {
                    user::read_with_header::<ebpf_program_data_t, _>(&mem, at, limit, rule).is_ok()
                }
            }
        })
        .collect()
}

#[test]
fn known_sizes_are_the_hand_kept_lists() {
    for kind in [Kind::Proto, Kind::Data] {
        let l = kind.ours();
        assert_eq!(l.header_version, Some(1), "{}: EBPF_*_CURRENT_VERSION", l.name);
        // The version table names the list...
        let table: Vec<u64> = l.versions.iter().map(|v| header_size(l, v.number) as u64).collect();
        assert_eq!(table, hand_kept(kind), "{}", l.name);
        // ...and KnownSizes accepts exactly it, whatever the bound.
        assert_eq!(accepted(kind, HeaderRule::KnownSizes, 4096), hand_kept(kind), "{}", l.name);
        // Extensible accepts every size from the first version's on.
        let first = hand_kept(kind)[0];
        assert_eq!(accepted(kind, HeaderRule::Extensible, 4096), (first..=200).collect::<Vec<_>>());
        // The newer provider's struct keeps every field where v1.5.0 has it.
        for f in l.fields {
            let g = kind.newest().field(f.name).unwrap();
            assert_eq!((g.offset, g.size, g.since), (f.offset, f.size, f.since), "{}", f.name);
        }
    }
}

#[test]
fn each_provider_under_each_rule() {
    for kind in [Kind::Proto, Kind::Data] {
        let ws = writers(kind);
        assert_eq!(ws.len(), hand_kept(kind).len() + 1, "every listed size, and next");
        for rule in Rule::ALL {
            let rt = Runtime::new(V1_5, rule);
            for w in &ws {
                let mut mem = SimMemory::new();
                // Exactly the writer's struct is mapped: a read past it faults.
                let at = mem.alloc_bytes(&w.bytes);
                let listed = hand_kept(kind).contains(&w.size);
                let fits = w.total as usize <= bound(rule, kind.ours().size);
                let expect = match rule {
                    Rule::Linux => Ok(kept(kind, w)),
                    _ if listed && fits => Ok(kept(kind, w)),
                    _ => Err(errno::EINVAL),
                };
                let got = validate(&rt, &mem, kind, at);
                assert_eq!(got, expect, "{kind:?} {} under {rule:?}", w.label);
            }
        }
    }
}

#[test]
fn older_providers_are_zero_filled_not_read_past_their_size() {
    // v0.16's prototype: size 65, its padding from 65 on not zero; the
    // runtime's implicit_context (65) is 0, under every rule.
    let w = writers(Kind::Proto).into_iter().find(|w| w.size == 65).unwrap();
    assert_eq!(w.bytes[65], GARBAGE);
    for rule in Rule::ALL {
        let rt = Runtime::new(V1_5, rule);
        let mut mem = SimMemory::new();
        let at = mem.alloc_bytes(&w.bytes);
        let p = &rt.validate_helper_prototype_array(&mem, at, 1).unwrap()[0];
        assert_eq!((p.helper_id, p.name, p.flags, p.implicit_context), (7, NAME, 1, 0), "{rule:?}");
    }
}

#[test]
fn a_non_zero_byte_the_runtime_does_not_know() {
    for kind in [Kind::Proto, Kind::Data] {
        let next = writers(kind).pop().unwrap();
        let known = header_size(kind.ours(), V1_5);
        // Each byte from the end of our last field to the writer's size:
        // next_field, and for the prototype the 6 bytes that are our tail
        // padding (a newer provider must zero its padding there).
        for at in known..next.size as usize {
            let mut b = next.bytes.clone();
            b[at] = 1;
            for rule in Rule::ALL {
                let rt = Runtime::new(V1_5, rule);
                let mut mem = SimMemory::new();
                let a = mem.alloc_bytes(&b);
                let expect = if rule == Rule::Linux { errno::E2BIG } else { errno::EINVAL };
                assert_eq!(
                    validate(&rt, &mem, kind, a),
                    Err(expect),
                    "{kind:?} byte {at} {rule:?}"
                );
            }
        }
    }
}

/// The largest `total_size` each rule accepts (`Rule`'s table): #5552's
/// `sizeof` under the shipped rules, a page under Linux's.
fn bound(rule: Rule, sizeof: usize) -> usize {
    match rule {
        Rule::Pre4286 | Rule::V1_5 => sizeof,
        Rule::Linux => 4096,
    }
}

/// A header alone, with nothing mapped after it: any read past the header
/// faults, so `EINVAL` proves the runtime refused without reading on.
fn header_only(h: ebpf_extension_header_t) -> (SimMemory, u64) {
    let mut mem = SimMemory::new();
    let at = mem.alloc_bytes(bytes_of(&h));
    (mem, at)
}

#[test]
fn wrong_versions_and_bad_total_sizes_are_refused_before_the_body() {
    for kind in [Kind::Proto, Kind::Data] {
        let sizeof = kind.ours().size as u64;
        let size = *hand_kept(kind).last().unwrap();
        for rule in Rule::ALL {
            let rt = Runtime::new(V1_5, rule);
            let max = bound(rule, sizeof as usize) as u64;
            let refused = [
                header(0, size, sizeof),
                header(2, size, sizeof),
                // #5552: total_size below size (0 included)...
                header(1, size, size - 1),
                header(1, size, 0),
                // ...and over the bound: sizeof under the shipped rules,
                // a page under Linux's.
                header(1, size, max + 1),
                header(1, size, u64::MAX),
            ];
            for h in refused {
                let (mem, at) = header_only(h);
                assert_eq!(
                    validate(&rt, &mem, kind, at),
                    Err(errno::EINVAL),
                    "{kind:?} {h:?} {rule:?}"
                );
            }
            // A header that passes: the body is read, and faults.
            let (mem, at) = header_only(header(1, size, max));
            assert_eq!(validate(&rt, &mem, kind, at), Err(errno::EFAULT), "{kind:?} {rule:?}");
        }
    }
}

/// `n` copies of `w`'s struct, each with `helper_id` `i`.
fn array_of(w: &Writer, n: usize) -> Vec<u8> {
    (0..n)
        .flat_map(|i| {
            let mut b = w.bytes.clone();
            b[24] = i as u8;
            b
        })
        .collect()
}

fn proto_array(rule: Rule, bytes: &[u8], count: u32) -> Result<Vec<u32>, i32> {
    let rt = Runtime::new(V1_5, rule);
    let mut mem = SimMemory::new();
    let at = mem.alloc_bytes(bytes);
    let got = rt.validate_helper_prototype_array(&mem, at, count).map_err(|e| e.errno())?;
    Ok(got.iter().map(|p| p.helper_id).collect())
}

#[test]
fn arrays_are_walked_with_a_checked_stride() {
    for w in writers(Kind::Proto) {
        for rule in Rule::ALL {
            let listed = hand_kept(Kind::Proto).contains(&w.size);
            let fits = w.total as usize <= bound(rule, 72);
            let ok = rule == Rule::Linux || (listed && fits);
            // A consistent stride: element 0's total_size, each element read.
            let got = proto_array(rule, &array_of(&w, 3), 3);
            let expect = if ok { Ok(vec![0, 1, 2]) } else { Err(errno::EINVAL) };
            assert_eq!(got, expect, "{} under {rule:?}", w.label);
            // An inconsistent one: element 1 says another total_size.
            let mut odd = array_of(&w, 3);
            let at = w.total as usize + 16;
            odd[at..at + 8].copy_from_slice(&(w.total + 8).to_ne_bytes());
            assert_eq!(proto_array(rule, &odd, 3), Err(errno::EINVAL), "{} {rule:?}", w.label);
            // More elements than the provider has: the first missing one
            // faults (when the header passes).
            let more = proto_array(rule, &array_of(&w, 3), 4);
            let expect = if ok { errno::EFAULT } else { errno::EINVAL };
            assert_eq!(more, Err(expect), "{} {rule:?}", w.label);
        }
    }
}

#[test]
fn arrays_as_shipped_otherwise() {
    let w = writers(Kind::Proto).into_iter().find(|w| w.size == 66).unwrap();
    for rule in Rule::ALL {
        let rt = Runtime::new(V1_5, rule);
        let mem = SimMemory::new();
        // No elements: nothing read, whatever the pointer.
        assert_eq!(rt.validate_helper_prototype_array(&mem, 0xdead, 0).map(|v| v.len()), Ok(0));
        // A null array with a count.
        let e = rt.validate_helper_prototype_array(&mem, 0, 1).unwrap_err();
        assert_eq!(e.errno(), errno::EINVAL);
        // A count whose copy cannot be allocated, before anything is read.
        let e = rt.validate_helper_prototype_array(&mem, 0xdead, u32::MAX).unwrap_err();
        assert_eq!(e.errno(), errno::ENOMEM);
        // A prototype without a name.
        let mut b = array_of(&w, 2);
        b[72 + 32..72 + 40].fill(0);
        assert_eq!(proto_array(rule, &b, 2), Err(errno::EINVAL));
    }
}

#[test]
fn what_the_shipped_walk_would_do_for_5552() {
    let w = writers(Kind::Proto).into_iter().find(|w| w.size == 66).unwrap();
    let count = 3u32;
    let provided = w.total * u64::from(count);
    let name_end = ebpf_helper_function_prototype_t::LAYOUT.field("name").unwrap().end() as u64;
    for total in [0, 8, 65, w.total + 8, 4096, 1 << 20, 1 << 40] {
        let first = header(1, w.size, total);
        // Computed: v1.5.0's walk, had it run.
        let walk = ShippedWalk::helper_prototype_array(&first, count, provided);
        let read_end = u64::from(count - 1) * total + name_end;
        assert_eq!((walk.stride, walk.read_end), (total, read_end));
        assert_eq!(walk.read_past, read_end.saturating_sub(provided));
        assert_eq!((walk.copy_stride, walk.copy_past), (72, 0), "EBPF_PAD_8(66)");
        assert_eq!(walk.native_copy_past, total.saturating_sub(72));
        // Performed: this runtime, under every rule, with only the first
        // header mapped.
        let (mem, at) = header_only(first);
        for rule in Rule::ALL {
            let rt = Runtime::new(V1_5, rule);
            let got = rt.validate_helper_prototype_array(&mem, at, count).map(|v| v.len());
            // Linux's rule takes a newer provider's stride up to a page,
            // and then reads on (and faults here).
            let expect = if total >= w.size && total as usize <= bound(rule, 72) {
                errno::EFAULT
            } else {
                errno::EINVAL
            };
            assert_eq!(got.map_err(|e| e.errno()), Err(expect), "total {total} {rule:?}");
        }
    }
    // Strides that differ: the copy (stride 72) takes elements the
    // validation walk (stride total_size) skipped.
    let unvalidated =
        |total| ShippedWalk::helper_prototype_array(&header(1, 66, total), 3, 216).unvalidated;
    assert_eq!([0, 8, 72, 144].map(unvalidated), [2, 2, 0, 1]);
}

#[cfg(target_os = "linux")]
mod real {
    //! The same refusals on real pages: the header ends where a
    //! `PROT_NONE` page begins.

    use super::*;
    use extensible_abi::user::ProcessMemory;
    use std::ffi::c_void;

    extern "C" {
        fn mmap(
            addr: *mut c_void,
            len: usize,
            prot: i32,
            flags: i32,
            fd: i32,
            off: i64,
        ) -> *mut c_void;
        fn munmap(addr: *mut c_void, len: usize) -> i32;
        fn mprotect(addr: *mut c_void, len: usize, prot: i32) -> i32;
    }
    const PAGE: usize = 4096;
    const PROT_READ: i32 = 1;
    const PROT_WRITE: i32 = 2;
    const PROT_NONE: i32 = 0;
    const MAP_PRIVATE: i32 = 2;
    const MAP_ANONYMOUS: i32 = 0x20;

    /// A readable, writable page followed by a `PROT_NONE` one.
    struct Pages(*mut u8);

    impl Pages {
        fn new() -> Self {
            // SAFETY: a fresh anonymous mapping of two pages, ours alone;
            // the second is made inaccessible within that mapping.
            unsafe {
                let at = mmap(
                    std::ptr::null_mut(),
                    2 * PAGE,
                    PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS,
                    -1,
                    0,
                );
                assert_ne!(at as isize, -1, "mmap");
                let at = at.cast::<u8>();
                assert_eq!(mprotect(at.add(PAGE).cast(), PAGE, PROT_NONE), 0, "mprotect");
                Pages(at)
            }
        }

        /// Copies `bytes` to end exactly at the hole; returns their address.
        fn at_the_hole(&mut self, bytes: &[u8]) -> u64 {
            assert!(bytes.len() <= PAGE);
            // SAFETY: the range is inside the first, writable page, and no
            // reference to it is live.
            unsafe {
                let dst = self.0.add(PAGE - bytes.len());
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, bytes.len());
                dst as u64
            }
        }
    }

    impl Drop for Pages {
        fn drop(&mut self) {
            // SAFETY: the two pages `new` mapped, no longer used.
            unsafe { munmap(self.0.cast(), 2 * PAGE) };
        }
    }

    fn memory() -> ProcessMemory {
        // SAFETY: the runtime only reads through it, from our pages.
        unsafe { ProcessMemory::new() }
    }

    #[test]
    fn headers_at_the_hole() {
        let mem = memory();
        let mut pages = Pages::new();
        for kind in [Kind::Proto, Kind::Data] {
            for rule in Rule::ALL {
                let rt = Runtime::new(V1_5, rule);
                let sizeof = kind.ours().size as u64;
                let max = bound(rule, sizeof as usize) as u64;
                let size = *hand_kept(kind).last().unwrap();
                for h in
                    [header(1, size, size - 1), header(1, size, max + 1), header(3, size, sizeof)]
                {
                    let at = pages.at_the_hole(bytes_of(&h));
                    let got = validate(&rt, &mem, kind, at);
                    assert_eq!(got, Err(errno::EINVAL), "{kind:?} {h:?} {rule:?}");
                }
                // A header that passes runs into the hole.
                let at = pages.at_the_hole(bytes_of(&header(1, size, sizeof)));
                assert_eq!(validate(&rt, &mem, kind, at), Err(errno::EFAULT), "{kind:?} {rule:?}");
                // Each provider's whole struct ending at the hole: read up to
                // its size and not a byte further.
                for w in writers(kind) {
                    let at = pages.at_the_hole(&w.bytes);
                    let listed = hand_kept(kind).contains(&w.size);
                    let fits = w.total <= max;
                    let expect = if rule == Rule::Linux || (listed && fits) {
                        Ok(kept(kind, &w))
                    } else {
                        Err(errno::EINVAL)
                    };
                    assert_eq!(validate(&rt, &mem, kind, at), expect, "{} {rule:?}", w.label);
                }
            }
        }
    }

    #[test]
    fn arrays_at_the_hole() {
        let mem = memory();
        let mut pages = Pages::new();
        let w = writers(Kind::Proto).into_iter().find(|w| w.size == 66).unwrap();
        for rule in Rule::ALL {
            let rt = Runtime::new(V1_5, rule);
            // Three elements ending at the hole: read; a fourth: EFAULT.
            let at = pages.at_the_hole(&array_of(&w, 3));
            let ids: Vec<u32> = rt
                .validate_helper_prototype_array(&mem, at, 3)
                .unwrap()
                .iter()
                .map(|p| p.helper_id)
                .collect();
            assert_eq!(ids, [0, 1, 2]);
            let e = rt.validate_helper_prototype_array(&mem, at, 4).unwrap_err();
            assert_eq!(e.errno(), errno::EFAULT);
            // #5552: element 0's total_size a page, the rest of it unmapped.
            let mut b = array_of(&w, 1);
            set_header(&mut b, header(1, 66, (LINUX_MAX_TOTAL_SIZE + 1) as u64));
            let at = pages.at_the_hole(&b[..24]);
            let e = rt.validate_helper_prototype_array(&mem, at, 3).unwrap_err();
            assert_eq!(e.errno(), errno::EINVAL, "{rule:?}");
        }
    }

    #[test]
    fn the_zero_fill_is_the_runtimes_not_the_providers() {
        // An older provider's 64-byte struct (through `arguments`) ends at
        // the hole: `flags` and `implicit_context` are not in memory at all.
        let mem = memory();
        let mut pages = Pages::new();
        let w = writers(Kind::Proto).into_iter().find(|w| w.size == 64).unwrap();
        assert_eq!(w.bytes.len(), 64);
        let at = pages.at_the_hole(&w.bytes);
        for rule in Rule::ALL {
            let rt = Runtime::new(V1_5, rule);
            let p = rt.validate_helper_prototype_array(&mem, at, 1).unwrap()[0];
            let mut want: ebpf_helper_function_prototype_t = zeroed();
            bytes_of_mut(&mut want)[..64].copy_from_slice(&w.bytes);
            assert_eq!(p, want, "{rule:?}");
            assert_eq!((p.flags, p.implicit_context), (0, 0));
        }
    }
}
