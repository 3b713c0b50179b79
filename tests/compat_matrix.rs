//! Every cell of the compatibility matrix: all info structs, every caller
//! version against every runtime ABI level (and the live kernel where
//! bpf() works) follows Linux's rule, and the strict rule breaks exactly
//! the cells where the caller is older than the runtime.

#[path = "../examples/compat_matrix.rs"]
mod example;

#[test]
fn every_cell_follows_the_rule() {
    let t = example::all();
    // map 8x8 levels, prog 9x9, btf 2x2, link 4x4, less the levels that
    // cannot create the object: a floor that a silently empty run fails.
    assert!(t.run >= 100, "{t:?}");
    assert_eq!(t.ok, t.run, "{t:?}");
    assert_eq!(t.strict_broken, t.older_caller, "{t:?}");
    assert!(t.strict_broken > 0);
}

/// The eBPF-for-Windows section (issue #4160): Linux's rule answers every
/// cell whose layouts agree, and each Windows rule breaks exactly the
/// cells its documented behaviour predicts, derived here from the rule and
/// the layouts, not from the runtime.
#[test]
fn windows_cells_follow_each_rule() {
    use example::windows::{self, Kind, Path, RELEASES};
    use extensible_abi::Layout;
    use extensible_abi_win::{consts::MAX_INFO_LEN_IN_IOCTL, Rule};

    /// Same name, offset and size for every caller field (with bytes) in
    /// the first `len` bytes.
    fn same_place(caller: &Layout, runtime: &Layout, len: usize) -> bool {
        caller.fields.iter().filter(|f| f.size > 0 && f.end() <= len).all(|f| {
            runtime.field(f.name).is_some_and(|r| (r.offset, r.size) == (f.offset, f.size))
        })
    }

    let cells = windows::all();
    let pairs: usize = [Kind::Map, Kind::Prog, Kind::Link]
        .iter()
        .map(|&k| {
            windows::direct_callers(k).len() * RELEASES.len() + windows::linux_callers(k).len()
        })
        .sum();
    assert_eq!(cells.len(), 3 * pairs, "every pair under every rule");

    let (mut n, mut v1_5, mut pre) = (0, 0, 0);
    for c in &cells {
        let len = c.caller.len as usize;
        // What the runtime writes under Linux's rule: the native struct on
        // the direct API, the Linux-prefix one on bpf().
        let native = windows::native_layout(c.kind, c.runtime);
        let native_size = native.size_at(c.runtime);
        let linux = if c.path == Path::Direct { native } else { windows::sys_layout(c.kind) };
        let moved = !same_place(c.caller.layout, linux, len.min(linux.size_at(c.runtime)));
        assert_eq!(c.moved, moved, "{c:?}");
        if moved {
            continue;
        }
        // None: ok; Some(prefix): broken, with a reason starting so.
        let expect: Option<&str> = match (c.path, c.rule) {
            (_, Rule::Linux) => None,
            // #4286: any length the driver takes; #4208: not 0; the
            // program's input must reach map_ids; #5200: the u16 request.
            (Path::Direct, Rule::V1_5) if len == 0 || (c.kind == Kind::Prog && len < 24) => {
                Some("EINVAL")
            }
            (Path::Direct, Rule::V1_5) if len > MAX_INFO_LEN_IN_IOCTL as usize => Some("EOTHER"),
            (Path::Direct, Rule::V1_5) => None,
            // Before #4286: below the runtime's sizeof is ENOBUFS.
            (Path::Direct, Rule::Pre4286) if len < native_size => Some("ENOBUFS"),
            (Path::Direct, Rule::Pre4286) => None,
            // v1.5.0's bpf(): never writes info_len back, so a caller
            // longer than the Linux-prefix struct misreads its length.
            (Path::Bpf, Rule::V1_5) if len > linux.size => Some("len "),
            (Path::Bpf, Rule::V1_5) => None,
            // Release-v0.20.0's bpf(): the native struct, passed through:
            // ENOBUFS below its size, else Linux's fields read elsewhere.
            (Path::Bpf, Rule::Pre4286) if len < native_size => Some("ENOBUFS"),
            (Path::Bpf, Rule::Pre4286) if !same_place(c.caller.layout, native, native_size) => {
                Some("type@")
            }
            (Path::Bpf, Rule::Pre4286) => None,
        };
        match (expect, &c.broken) {
            (None, None) => {}
            (Some(p), Some(why)) => assert!(why.starts_with(p), "{c:?}: expected {p}"),
            _ => panic!("{c:?}: expected {expect:?}"),
        }
        let broken = expect.is_some();
        n += usize::from(c.rule == Rule::Linux);
        v1_5 += usize::from(c.rule == Rule::V1_5 && broken);
        pre += usize::from(c.rule == Rule::Pre4286 && broken);
    }
    let s = windows::summary(&cells);
    assert_eq!((s.n, s.linux_ok), (n, n), "N of N");
    assert_eq!((s.v1_5_broken, s.pre_broken), (v1_5, pre));
    // #4286 repaired something and left something: both rules break
    // cells, and the older one more.
    assert!(0 < s.v1_5_broken && s.v1_5_broken < s.pre_broken, "{s:?}");
    assert!(s.moved > 0);
}

/// The extension-header section: each cell is what `Rule`'s table says,
/// derived here from the rule and the layouts (the sizes v1.5.0's lists
/// accept are its version table's), not from the runtime.
#[test]
fn windows_extension_headers_follow_each_rule() {
    use example::windows::ext::{self, Kind, What};
    use extensible_abi_win::ext::header_size;
    use extensible_abi_win::Rule;

    let cells = ext::all();
    let rows: usize = [Kind::Proto, Kind::Data].iter().map(|&k| ext::cases(k).len()).sum();
    assert_eq!(cells.len(), 3 * rows, "every row under every rule");
    let mut shipped_refused = 0;
    for c in &cells {
        let ours = c.kind.ours();
        let listed =
            ours.versions.iter().any(|v| header_size(ours, v.number) as u64 == c.case.size);
        let expect = match (c.case.what, c.rule) {
            (What::Provider, Rule::Linux) => None,
            (What::Provider, _) if listed && c.case.total <= ours.size as u64 => None,
            (What::Provider, _) => Some("EINVAL"),
            (What::UnknownSet, Rule::Linux) => Some("E2BIG"),
            (What::UnknownSet | What::Malformed | What::Mixed, _) => Some("EINVAL"),
        };
        assert_eq!(c.refused.as_deref(), expect, "{c:?}");
        shipped_refused +=
            usize::from(c.rule == Rule::V1_5 && c.case.what == What::Provider && expect.is_some());
    }
    let s = ext::summary(&cells);
    // A provider per version of each newest struct: every size of the
    // hand-kept lists, and next's.
    let providers: usize =
        [Kind::Proto, Kind::Data].iter().map(|k| k.newest().versions.len()).sum();
    assert_eq!((s.providers, s.linux_ok), (providers, providers));
    // The two shipped rules are one here, and refuse the newer providers.
    assert_eq!((s.v1_5_refused, s.pre_refused), (shipped_refused, shipped_refused));
    assert!(shipped_refused > 0);
    assert_eq!(s.unread, 3 * s.malformed);
    assert!(s.malformed > 0);
}
