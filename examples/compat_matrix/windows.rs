//! The compatibility matrix's eBPF-for-Windows section: issue #4160 end
//! to end, under the three get-info rules of `extensible_abi_win::Rule`.
//!
//! On the direct API (`bpf_obj_get_info_by_fd`), callers built against
//! every shipped size of each info struct, the #4160 reporter's call
//! (`info_len = sizeof(info) - sizeof(info.pinned_path_count)`) and a
//! caller built against a future release that appends a field, meet
//! runtimes of the releases that changed a struct and of the next one,
//! so each caller meets runtimes one release older and newer than itself.
//! On `bpf()`, callers built against every Linux release's struct meet
//! v1.5.0's Linux-prefix structs.
//!
//! A cell is ok when the call succeeds, the reported length is
//! `min(info_len, the runtime's sizeof)`, every field the caller has inside
//! it is the runtime's field of that name at the same place and holds the
//! object's true value, and nothing past it was written. Callers on the
//! other side of a mid-struct insertion from the runtime (#1395: a
//! v0.2.0 … v0.4.0 `bpf_prog_info` against v0.5.0 or later, and the
//! reverse) are shown with `~` and counted apart: their fields are at other
//! offsets, which no length rule can fix.

use extensible_abi::user::{self, SimMemory};
use extensible_abi::{bytes_of, ExtensibleAbi, Layout};
use extensible_abi_bpf::info as linux;
use extensible_abi_win::consts::{cmd, map_type, prog_type};
use extensible_abi_win::guid::{attach_type, program_type};
use extensible_abi_win::history::bpf_prog_info_0_2;
use extensible_abi_win::next::{
    bpf_link_info_next, bpf_map_info_next, bpf_prog_info_next, NEXT, NEXT_FIELD_VALUE,
};
use extensible_abi_win::sys::{
    sys_bpf_link_info_t, sys_bpf_map_info_t, sys_bpf_obj_info_attr_t, sys_bpf_prog_info_t,
};
use extensible_abi_win::{
    bpf_link_info, bpf_map_info, bpf_prog_info, release, Error, MapCreateOpts, Rule, Runtime,
};

/// A map name longer than the `bpf()` path's 16 bytes, so its truncation
/// shows.
const MAP_NAME: &[u8] = b"a_map_for_issue_4160";
const PROG_NAME: &[u8] = b"win_prog";
const IFINDEX: u32 = 1;

/// The runtime releases of the direct-path columns: every release that
/// changed an info struct, the one before #1395, v1.5.0, and next.
pub const RELEASES: [(u32, &str); 6] = [
    (release(0, 2), "v0.2.0"),
    (release(0, 3), "v0.3.0"),
    (release(0, 4), "v0.4.0"),
    (release(0, 5), "v0.5.0"),
    (release(1, 5), "v1.5.0"),
    (NEXT, "next"),
];

/// Which get-info entry a cell goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// `bpf_obj_get_info_by_fd(fd, info, &info_len)`.
    Direct,
    /// `bpf(BPF_OBJ_GET_INFO_BY_FD, attr, 16)`.
    Bpf,
}

/// The kind of object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A map.
    Map,
    /// A program.
    Prog,
    /// A link.
    Link,
}

/// One caller: the struct it was built against and the length it passes.
#[derive(Clone, Copy, Debug)]
pub struct Caller {
    /// What it was built against.
    pub label: &'static str,
    /// Its struct.
    pub layout: &'static Layout,
    /// Its `info_len`.
    pub len: u32,
}

/// One cell: a caller, a runtime, a rule, and what happened.
#[derive(Clone, Debug)]
pub struct WinCell {
    /// The entry point.
    pub path: Path,
    /// The object queried.
    pub kind: Kind,
    /// The caller.
    pub caller: Caller,
    /// The runtime's release.
    pub runtime: u32,
    /// `sizeof` of what the runtime writes, at its release, under the
    /// rule (the Pre-#4286 `bpf()` path writes the native struct).
    pub runtime_size: usize,
    /// The rule.
    pub rule: Rule,
    /// Counted apart: the caller's struct and the runtime's (as the Linux
    /// rule would answer) disagree on where a field is.
    pub moved: bool,
    /// `None`: ok; else what broke.
    pub broken: Option<String>,
}

/// The struct a runtime of `release` fills for `kind` on the direct API.
pub fn native_layout(kind: Kind, release_: u32) -> &'static Layout {
    match kind {
        Kind::Map if release_ >= NEXT => bpf_map_info_next::LAYOUT,
        Kind::Map => bpf_map_info::LAYOUT,
        Kind::Prog if release_ < release(0, 5) => bpf_prog_info_0_2::LAYOUT,
        Kind::Prog if release_ >= NEXT => bpf_prog_info_next::LAYOUT,
        Kind::Prog => bpf_prog_info::LAYOUT,
        Kind::Link if release_ >= NEXT => bpf_link_info_next::LAYOUT,
        Kind::Link => bpf_link_info::LAYOUT,
    }
}

/// The `bpf()` path's Linux-prefix struct for `kind`.
pub fn sys_layout(kind: Kind) -> &'static Layout {
    match kind {
        Kind::Map => sys_bpf_map_info_t::LAYOUT,
        Kind::Prog => sys_bpf_prog_info_t::LAYOUT,
        Kind::Link => sys_bpf_link_info_t::LAYOUT,
    }
}

/// Whether every field of `caller` (with bytes) inside the first `len`
/// bytes is `runtime`'s field of that name, at the same offset and size;
/// else the first such field that is not (a named one before padding).
pub fn agrees(caller: &Layout, runtime: &Layout, len: usize) -> Result<(), String> {
    let mut wrong =
        caller.fields.iter().filter(|f| f.size > 0 && f.end() <= len).filter_map(|f| match runtime
            .field(f.name)
        {
            Some(r) if (r.offset, r.size) == (f.offset, f.size) => None,
            Some(r) => Some((f.name, format!("{}@{}≠{}", f.name, f.offset, r.offset))),
            None => Some((f.name, format!("no {}", f.name))),
        });
    let first = wrong.next();
    match first {
        None => Ok(()),
        Some((name, why)) if name.starts_with('_') => {
            Err(wrong.find(|(n, _)| !n.starts_with('_')).map_or(why, |(_, w)| w))
        }
        Some((_, why)) => Err(why),
    }
}

/// The direct-path callers of each struct.
pub fn direct_callers(kind: Kind) -> Vec<Caller> {
    let c = |label, layout: &'static Layout, len: usize| Caller { label, layout, len: len as u32 };
    match kind {
        Kind::Map => vec![
            c("v0.2.0+", bpf_map_info::LAYOUT, 96),
            // issue #4160: sizeof(info) - sizeof(info.pinned_path_count)
            c("#4160", bpf_map_info::LAYOUT, 96 - 4),
            c("next", bpf_map_info_next::LAYOUT, bpf_map_info_next::LAYOUT.size),
        ],
        Kind::Prog => vec![
            c("v0.2.0-0.4", bpf_prog_info_0_2::LAYOUT, bpf_prog_info_0_2::LAYOUT.size),
            c("v0.5.0+", bpf_prog_info::LAYOUT, bpf_prog_info::LAYOUT.size),
            c("next", bpf_prog_info_next::LAYOUT, bpf_prog_info_next::LAYOUT.size),
        ],
        Kind::Link => vec![
            c("v0.2.0", bpf_link_info::LAYOUT, bpf_link_info::LAYOUT.size_at(release(0, 2))),
            c("v0.3.0+", bpf_link_info::LAYOUT, bpf_link_info::LAYOUT.size),
            c("next", bpf_link_info_next::LAYOUT, bpf_link_info_next::LAYOUT.size),
        ],
    }
}

/// The `bpf()` path's callers: built against every Linux release's
/// struct, which is what a program ported from Linux passes.
pub fn linux_callers(kind: Kind) -> Vec<Caller> {
    let layout = match kind {
        Kind::Map => linux::bpf_map_info::LAYOUT,
        Kind::Prog => linux::bpf_prog_info::LAYOUT,
        Kind::Link => linux::bpf_link_info::LAYOUT,
    };
    layout.versions.iter().map(|v| Caller { label: v.label, layout, len: v.size as u32 }).collect()
}

/// The objects of one runtime, and every field's true value.
struct Objects {
    map: i32,
    prog: i32,
    link: i32,
    map_id: u32,
    prog_id: u32,
    link_id: u32,
}

fn create(rt: &Runtime) -> Objects {
    let map = rt
        .map_create(map_type::ARRAY, MAP_NAME, 4, 8, 2, MapCreateOpts::default())
        .expect("map_create");
    // LDDW r1, map fd (src 1); r0 = 0; exit
    let insns: [u64; 4] = [0x18 | 1 << 8 | 1 << 12 | u64::from(map as u32) << 32, 0, 0xb7, 0x95];
    let mut mem = SimMemory::new();
    let at = mem.alloc_bytes(&insns.iter().flat_map(|i| i.to_ne_bytes()).collect::<Vec<_>>());
    let prog = rt.prog_load(&mem, prog_type::XDP, PROG_NAME, at, 4, 0, 0).expect("prog_load");
    let link = rt.link_attach(prog, None, &IFINDEX.to_ne_bytes()).expect("link_attach");
    let id = |fd| rt.object_id(fd).expect("an object");
    Objects { map, prog, link, map_id: id(map), prog_id: id(prog), link_id: id(link) }
}

fn name(bytes: &[u8], len: usize) -> Vec<u8> {
    let mut v = vec![0; len];
    let n = bytes.len().min(len - 1);
    v[..n].copy_from_slice(&bytes[..n]);
    v
}

/// The true value of field `field` (`size` bytes) of `kind`'s info.
/// `None`: a field this runtime does not have.
fn truth(o: &Objects, kind: Kind, field: &str, size: usize) -> Option<Vec<u8>> {
    let u32b = |v: u32| v.to_ne_bytes().to_vec();
    let guid = |g: extensible_abi_win::Guid| bytes_of(&g).to_vec();
    let v = match (kind, field) {
        (Kind::Map, "id") => u32b(o.map_id),
        (Kind::Map, "type") => u32b(map_type::ARRAY),
        (Kind::Map, "key_size") => u32b(4),
        (Kind::Map, "value_size") => u32b(8),
        (Kind::Map, "max_entries") => u32b(2),
        (Kind::Map, "name") => name(MAP_NAME, size),
        (Kind::Map, "map_flags" | "inner_map_id" | "pinned_path_count") => vec![0; size],
        (Kind::Prog, "id") => u32b(o.prog_id),
        (Kind::Prog, "type") => u32b(prog_type::XDP),
        (Kind::Prog, "nr_map_ids") => u32b(1),
        (Kind::Prog, "name") => name(PROG_NAME, size),
        (Kind::Prog, "type_uuid") => guid(program_type::XDP),
        (Kind::Prog, "attach_type_uuid") => guid(attach_type::UNSPECIFIED),
        (Kind::Prog, "link_count") => u32b(1),
        // The caller's own map_ids pointer (0), no pins, and the bpf()
        // path's fields Windows does not fill.
        (
            Kind::Prog,
            "_pad" | "map_ids" | "pinned_path_count" | "tag" | "jited_prog_len" | "xlated_prog_len"
            | "jited_prog_insns" | "xlated_prog_insns" | "load_time" | "created_by_uid",
        ) => vec![0; size],
        (Kind::Link, "id") => u32b(o.link_id),
        (Kind::Link, "prog_id") => u32b(o.prog_id),
        (Kind::Link, "type") => u32b(3),        // BPF_LINK_TYPE_XDP
        (Kind::Link, "attach_type") => u32b(1), // BPF_XDP
        (Kind::Link, "attach_type_uuid") => guid(attach_type::XDP),
        (Kind::Link, "program_type_uuid") => guid(program_type::XDP),
        (Kind::Link, "_union_0_2") => u32b(IFINDEX),
        (Kind::Link, "_union_0_3") => vec![0; size],
        (_, "next_field") => {
            let mut v = u64::from(NEXT_FIELD_VALUE).to_ne_bytes().to_vec();
            v.truncate(size);
            v
        }
        _ => return None,
    };
    Some(v)
}

/// Judges one answer: see the module's docs.
fn judge(
    o: &Objects,
    kind: Kind,
    caller: &Caller,
    runtime: &Layout,
    runtime_size: usize,
    answer: &Answer,
) -> Option<String> {
    let Answer { result, reported, bytes } = answer;
    let reported = *reported;
    if let Err(e) = result {
        return Some(errno_name(e.errno()));
    }
    let expect = (caller.len as usize).min(runtime_size);
    if reported as usize != expect {
        return Some(format!("len {reported}"));
    }
    let n = expect;
    if let Err(why) = agrees(caller.layout, runtime, n) {
        return Some(why);
    }
    for f in caller.layout.fields.iter().filter(|f| f.size > 0 && f.end() <= n) {
        let got = &bytes[f.offset..f.end()];
        if truth(o, kind, f.name, f.size).as_deref() != Some(got) {
            return Some(format!("{} wrong", f.name));
        }
    }
    if bytes[n..].iter().any(|&b| b != 0) {
        return Some("overrun".to_owned());
    }
    None
}

/// An errno's name, as the profile numbers them.
fn errno_name(e: i32) -> String {
    use extensible_abi_win::consts::errno::*;
    match e {
        E2BIG => "E2BIG".into(),
        EBADF => "EBADF".into(),
        EFAULT => "EFAULT".into(),
        EINVAL => "EINVAL".into(),
        ENOBUFS => "ENOBUFS".into(),
        EOTHER => "EOTHER".into(),
        _ => format!("errno {e}"),
    }
}

fn fd_of(o: &Objects, kind: Kind) -> i32 {
    match kind {
        Kind::Map => o.map,
        Kind::Prog => o.prog,
        Kind::Link => o.link,
    }
}

/// What a call answered.
struct Answer {
    result: Result<(), Error>,
    /// The length the caller got back.
    reported: u32,
    /// The caller's buffer after the call.
    bytes: Vec<u8>,
}

/// A caller's zeroed buffer of `len` bytes, through the direct API.
fn direct(rt: &Runtime, fd: i32, len: u32) -> Answer {
    let mut mem = SimMemory::new();
    let info = mem.alloc(len as usize);
    let len_at = mem.alloc_bytes(&len.to_ne_bytes());
    let r = rt.obj_get_info_by_fd(&mut mem, fd, info, len_at);
    let reported = user::read_pod(&mem, len_at).expect("info_len");
    Answer {
        result: r,
        reported,
        bytes: mem.bytes(info, len as usize).unwrap_or_default().to_vec(),
    }
}

/// The same through `bpf()`, with a 16-byte attr.
fn via_bpf(rt: &Runtime, fd: i32, len: u32) -> Answer {
    let mut mem = SimMemory::new();
    let info = mem.alloc(len as usize);
    let attr = sys_bpf_obj_info_attr_t { bpf_fd: fd as u32, info_len: len, info };
    let at = mem.alloc_bytes(bytes_of(&attr));
    let r = rt.bpf(&mut mem, cmd::BPF_OBJ_GET_INFO_BY_FD, at, 16).map(drop);
    let reported = user::read_pod(&mem, at + 4).expect("attr.info_len");
    Answer {
        result: r,
        reported,
        bytes: mem.bytes(info, len as usize).unwrap_or_default().to_vec(),
    }
}

fn show(cell: &WinCell) -> String {
    let s = match &cell.broken {
        None => format!("ok {}", (cell.caller.len as usize).min(cell.runtime_size)),
        Some(why) => format!("X {why}"),
    };
    let s = if cell.moved { format!("~{}", &s[1..]) } else { s };
    format!("{s:<14}")
}

/// One struct on one path: rows = callers × rules, columns = runtimes.
fn table(path: Path, kind: Kind, runtimes: &[(u32, &str)], callers: &[Caller]) -> Vec<WinCell> {
    let rts: Vec<(Runtime, Objects)> = runtimes
        .iter()
        .map(|&(r, _)| {
            let rt = Runtime::new(r, Rule::Linux);
            let o = create(&rt);
            (rt, o)
        })
        .collect();
    let title = match (path, kind) {
        (Path::Direct, Kind::Map) => "bpf_map_info, direct API",
        (Path::Direct, Kind::Prog) => "bpf_prog_info, direct API",
        (Path::Direct, Kind::Link) => "bpf_link_info, direct API",
        (Path::Bpf, Kind::Map) => "bpf() with Linux's struct bpf_map_info",
        (Path::Bpf, Kind::Prog) => "bpf() with Linux's struct bpf_prog_info",
        (Path::Bpf, Kind::Link) => "bpf() with Linux's struct bpf_link_info",
    };
    println!("\n{title}: rows = caller built against, under each rule; columns = runtime release");
    print!("{:<19}{:<11}", "caller", "rule");
    for &(r, label) in runtimes {
        let size = match path {
            Path::Direct => native_layout(kind, r).size_at(r),
            Path::Bpf => sys_layout(kind).size,
        };
        print!("{:<14}", format!("{label} ({size}B)"));
    }
    println!();
    let mut cells = Vec::new();
    for caller in callers {
        for (i, rule) in [Rule::Linux, Rule::V1_5, Rule::Pre4286].into_iter().enumerate() {
            let head =
                if i == 0 { format!("{} ({}B)", caller.label, caller.len) } else { String::new() };
            print!("{head:<19}{:<11}", rule.name());
            for ((rt, o), &(r, _)) in rts.iter().zip(runtimes) {
                rt.set_rule(rule);
                let fd = fd_of(o, kind);
                // What the runtime writes under this rule, and under Linux's.
                let (linux_layout, layout) = match path {
                    Path::Direct => (native_layout(kind, r), native_layout(kind, r)),
                    Path::Bpf if rule == Rule::Pre4286 => {
                        (sys_layout(kind), native_layout(kind, r))
                    }
                    Path::Bpf => (sys_layout(kind), sys_layout(kind)),
                };
                let size = layout.size_at(r);
                let linux_size = linux_layout.size_at(r);
                let answer = match path {
                    Path::Direct => direct(rt, fd, caller.len),
                    Path::Bpf => via_bpf(rt, fd, caller.len),
                };
                let moved =
                    agrees(caller.layout, linux_layout, (caller.len as usize).min(linux_size))
                        .is_err();
                let broken = judge(o, kind, caller, layout, size, &answer);
                let cell = WinCell {
                    path,
                    kind,
                    caller: *caller,
                    runtime: r,
                    runtime_size: size,
                    rule,
                    moved,
                    broken,
                };
                print!("{}", show(&cell));
                cells.push(cell);
            }
            println!();
        }
    }
    cells
}

/// Every table, printed; returns every cell.
pub fn all() -> Vec<WinCell> {
    println!(
        "\n== eBPF-for-Windows (issue #4160): get-info under the rule it shipped before #4286, \
         the rule of v1.5.0, and Linux's"
    );
    println!(
        "Cells: ok <bytes>; X <what broke>; ~ the caller's fields are elsewhere in the runtime's \
         struct (a mid-struct insertion, #1395: counted apart); X len N: the length the caller got \
         back is not min(info_len, sizeof), so it cannot tell which fields were written. \
         \"next\" is a release after v1.5.0 that appends one field."
    );
    let mut cells = Vec::new();
    for kind in [Kind::Map, Kind::Prog, Kind::Link] {
        cells.extend(table(Path::Direct, kind, &RELEASES, &direct_callers(kind)));
    }
    for kind in [Kind::Map, Kind::Prog, Kind::Link] {
        cells.extend(table(Path::Bpf, kind, &RELEASES[4..5], &linux_callers(kind)));
    }
    cells
}

/// What the cells add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Caller-runtime pairs whose layouts agree (under each rule).
    pub n: usize,
    /// Of those, ok under Linux's rule.
    pub linux_ok: usize,
    /// Of those, broken under v1.5.0's rule.
    pub v1_5_broken: usize,
    /// Of those, broken under the Pre-#4286 rule.
    pub pre_broken: usize,
    /// Pairs counted apart (a moved field), per rule.
    pub moved: usize,
}

/// Adds the cells up.
pub fn summary(cells: &[WinCell]) -> Summary {
    let of = |rule| cells.iter().filter(move |c| c.rule == rule);
    let counted = |rule| of(rule).filter(|c| !c.moved);
    Summary {
        n: counted(Rule::Linux).count(),
        linux_ok: counted(Rule::Linux).filter(|c| c.broken.is_none()).count(),
        v1_5_broken: counted(Rule::V1_5).filter(|c| c.broken.is_some()).count(),
        pre_broken: counted(Rule::Pre4286).filter(|c| c.broken.is_some()).count(),
        moved: of(Rule::Linux).filter(|c| c.moved).count(),
    }
}

/// The section's closing lines.
pub fn report(s: &Summary) {
    println!(
        "\nwindows: {} caller-runtime pairs counted apart: a v0.2.0-v0.4.0 bpf_prog_info and a \
         v0.5.0+ runtime, or the reverse, disagree on where its fields are (#1395); no length \
         rule fixes a moved offset",
        s.moved
    );
    println!(
        "windows: {} of {} cells ok under Linux's rule; the v1.5.0 rule breaks {}; the \
         pre-#4286 rule breaks {}",
        s.linux_ok, s.n, s.v1_5_broken, s.pre_broken
    );
}

/// The extension-header section: a provider's helper prototypes (an array
/// of two) and program data, as each release's provider writes them, and
/// malformed headers, validated by a v1.5.0 runtime under each rule.
pub mod ext {
    use extensible_abi::user::SimMemory;
    use extensible_abi::{bytes_of, ExtensibleAbi, Layout};
    use extensible_abi_win::ext::{
        ebpf_extension_header_t, ebpf_helper_function_prototype_t, ebpf_program_data_t,
        header_size, ShippedWalk,
    };
    use extensible_abi_win::next::{
        ebpf_helper_function_prototype_next, ebpf_program_data_next, NEXT,
    };
    use extensible_abi_win::{release, Rule, Runtime, LINUX_MAX_TOTAL_SIZE};

    use super::errno_name;

    /// The runtime's release.
    pub const RUNTIME: u32 = release(1, 5);
    /// How many prototypes a provider registers.
    pub const COUNT: usize = 2;

    /// Which struct.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        /// `ebpf_helper_function_prototype_t`, an array of [`COUNT`].
        Proto,
        /// `ebpf_program_data_t`.
        Data,
    }

    impl Kind {
        /// The runtime's struct.
        pub fn ours(self) -> &'static Layout {
            match self {
                Kind::Proto => ebpf_helper_function_prototype_t::LAYOUT,
                Kind::Data => ebpf_program_data_t::LAYOUT,
            }
        }

        /// The newest provider's struct (next's).
        pub fn newest(self) -> &'static Layout {
            match self {
                Kind::Proto => ebpf_helper_function_prototype_next::LAYOUT,
                Kind::Data => ebpf_program_data_next::LAYOUT,
            }
        }

        /// Every field of the newest struct set, `next_field` to `next`.
        fn full(self, next: u64) -> Vec<u8> {
            match self {
                Kind::Proto => bytes_of(&ebpf_helper_function_prototype_next {
                    helper_id: 7,
                    name: 0x7ff0_0000_1000,
                    return_type: 3,
                    arguments: [1, 2, 3, 4, 5],
                    flags: 1,
                    implicit_context: 1,
                    next_field: next,
                    ..Default::default()
                })
                .to_vec(),
                Kind::Data => bytes_of(&ebpf_program_data_next {
                    program_info: 0x1000,
                    required_irql: 2,
                    capabilities: 0xff,
                    next_field: next,
                    ..Default::default()
                })
                .to_vec(),
            }
        }
    }

    /// What a row's provider hands over.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum What {
        /// Its struct, every field it knows set, mapped in full; the bytes
        /// past its size that the runtime knows are its padding (not
        /// zero), those the runtime does not know are zero.
        Provider,
        /// The same, with a field the runtime does not know set.
        UnknownSet,
        /// A malformed header, mapped alone: a read past it faults.
        Malformed,
        /// An array whose element 1 says another `total_size`.
        Mixed,
    }

    /// One row: a header, and what comes with it.
    #[derive(Clone, Debug)]
    pub struct Case {
        /// What the row shows.
        pub label: String,
        /// The header's `version`.
        pub version: u16,
        /// The header's `size`.
        pub size: u64,
        /// The header's `total_size`.
        pub total: u64,
        /// What comes with it.
        pub what: What,
    }

    /// One answer.
    #[derive(Clone, Debug)]
    pub struct Cell {
        /// The struct.
        pub kind: Kind,
        /// The row.
        pub case: Case,
        /// The rule.
        pub rule: Rule,
        /// `None`: accepted, with exactly the fields the provider's size
        /// reaches and zeros past them; else the errno's name, or what was
        /// wrong.
        pub refused: Option<String>,
    }

    /// The rows of `kind`: a provider per version of the newest struct
    /// (the last is next's), next setting its field, the malformed
    /// headers.
    pub fn cases(kind: Kind) -> Vec<Case> {
        let l = kind.newest();
        let ours = kind.ours();
        let row = |label: String, version, size: usize, total: usize, what| Case {
            label,
            version,
            size: size as u64,
            total: total as u64,
            what,
        };
        let mut v: Vec<Case> = l
            .versions
            .iter()
            .map(|v| {
                let label = match v.number {
                    NEXT => "built against next".to_owned(),
                    _ => format!("built against v{}", v.label),
                };
                row(label, 1, header_size(l, v.number), v.size, What::Provider)
            })
            .collect();
        let (size, sizeof) = (header_size(ours, RUNTIME), ours.size);
        let next = v[l.versions.len() - 1].clone();
        v.push(Case { label: "next, next_field set".into(), what: What::UnknownSet, ..next });
        let page = LINUX_MAX_TOTAL_SIZE;
        v.push(row("version 2".into(), 2, size, sizeof, What::Malformed));
        v.push(row("total_size < size (#5552)".into(), 1, size, 0, What::Malformed));
        v.push(row("total_size > a page (#5552)".into(), 1, size, page + 1, What::Malformed));
        if kind == Kind::Proto {
            v.push(row("element 1's total_size differs".into(), 1, size, sizeof, What::Mixed));
        }
        v
    }

    /// The bytes of one element of `case`.
    fn element(kind: Kind, case: &Case) -> Vec<u8> {
        let mut b = kind.full(u64::from(case.what == What::UnknownSet));
        b.resize(case.total.max(case.size).clamp(24, 256) as usize, 0);
        let known = header_size(kind.ours(), RUNTIME);
        let size = case.size as usize;
        if size < known {
            b[size..].fill(0xaa);
        } else {
            b[size..].fill(0);
        }
        let h = ebpf_extension_header_t {
            version: case.version,
            size: case.size,
            total_size: case.total,
            ..Default::default()
        };
        b[..24].copy_from_slice(bytes_of(&h));
        b
    }

    /// What the runtime should keep of an element it accepts.
    fn kept(kind: Kind, element: &[u8], size: u64) -> Vec<u8> {
        let n = (size as usize).min(header_size(kind.ours(), RUNTIME));
        let mut v = element[..n].to_vec();
        v.resize(kind.ours().size, 0);
        v
    }

    fn run(kind: Kind, case: &Case, rule: Rule) -> Option<String> {
        let rt = Runtime::new(RUNTIME, rule);
        let mut mem = SimMemory::new();
        let one = element(kind, case);
        let bytes = match (case.what, kind) {
            (What::Malformed, _) => one[..24].to_vec(),
            (_, Kind::Data) => one.clone(),
            (what, Kind::Proto) => {
                let mut all = one.repeat(COUNT);
                if what == What::Mixed {
                    let at = case.total as usize + 16;
                    all[at..at + 8].copy_from_slice(&(case.total + 8).to_ne_bytes());
                }
                all
            }
        };
        let at = mem.alloc_bytes(&bytes);
        let got: Result<Vec<Vec<u8>>, _> = match kind {
            Kind::Proto => rt
                .validate_helper_prototype_array(&mem, at, COUNT as u32)
                .map(|v| v.iter().map(|p| bytes_of(p).to_vec()).collect()),
            Kind::Data => rt.validate_program_data(&mem, at).map(|d| vec![bytes_of(&d).to_vec()]),
        };
        match got {
            Err(e) => Some(errno_name(e.errno())),
            Ok(v) if v.iter().all(|b| *b == kept(kind, &one, case.size)) => None,
            Ok(_) => Some("fields wrong".into()),
        }
    }

    /// How a cell shows: a provider `ok` or `X <errno>`; a bad header or
    /// a field the runtime does not know `<errno>` (refused), or `X read`
    /// when taken.
    fn show(c: &Cell) -> String {
        match (&c.refused, c.case.what) {
            (None, What::Provider) => "ok".into(),
            (Some(e), What::Provider) => format!("X {e}"),
            (None, _) => "X read".into(),
            (Some(e), _) => e.clone(),
        }
    }

    /// Every cell, printed.
    pub fn all() -> Vec<Cell> {
        println!(
            "\n== eBPF-for-Windows extension headers {{version, size, total_size}}: a provider's \
             helper prototypes ({COUNT}) and program data as each release's provider writes \
             them, and bad headers, validated by a v1.5.0 runtime under each rule (the shipped \
             rules with #5552's bound on total_size). Cells: a provider ok (its fields, zeros \
             past them) or X <errno>; a bad header the errno it is refused with (a malformed \
             one is mapped alone: EINVAL means nothing past it was read), or X read."
        );
        let mut cells = Vec::new();
        for kind in [Kind::Proto, Kind::Data] {
            let ours = kind.ours();
            let sizes: Vec<String> =
                ours.versions.iter().map(|v| header_size(ours, v.number).to_string()).collect();
            println!(
                "\n{} ({}B; the sizes v1.5.0's list accepts: {})",
                ours.name,
                ours.size,
                sizes.join(", ")
            );
            print!("{:<34}{:<12}", "provider", "size/total");
            for rule in Rule::ALL {
                print!("{:<12}", rule.name());
            }
            println!();
            for case in cases(kind) {
                print!("{:<34}{:<12}", case.label, format!("{}/{}", case.size, case.total));
                for rule in Rule::ALL {
                    let refused = run(kind, &case, rule);
                    let cell = Cell { kind, case: case.clone(), rule, refused };
                    print!("{:<12}", show(&cell));
                    cells.push(cell);
                }
                println!();
            }
        }
        shipped_walk();
        cells
    }

    /// What v1.5.0's code would have done with #5552's headers: computed.
    fn shipped_walk() {
        let l = ebpf_helper_function_prototype_t::LAYOUT;
        let size = header_size(l, RUNTIME) as u64;
        let count = 3u32;
        let provided = l.size as u64 * u64::from(count);
        let header = |total| ebpf_extension_header_t {
            version: 1,
            size,
            total_size: total,
            ..Default::default()
        };
        println!(
            "\n#5552: what v1.5.0's code, as shipped, would do (computed, not performed) with \
             {count} prototypes ({provided} bytes) whose element 0 says size {size}:"
        );
        let w = ShippedWalk::helper_prototype_array(&header(1 << 20), count, provided);
        println!(
            "  total_size {}: the validation walk strides {} and reads to byte {}, {} bytes past \
             the array; ebpf_native.c's memcpy(total_size) would write {} bytes past a {}-byte \
             local",
            w.stride, w.stride, w.read_end, w.read_past, w.native_copy_past, l.size
        );
        let w = ShippedWalk::helper_prototype_array(&header(0), count, provided);
        println!(
            "  total_size 0: the validation walk checks element 0 {count} times; the copy \
             (stride EBPF_PAD_8(size) = {}) takes {} of the {count} elements unvalidated",
            w.copy_stride, w.unvalidated
        );
    }

    /// What the cells add up to.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct Summary {
        /// Provider rows (a well-formed struct that sets nothing the
        /// runtime does not know).
        pub providers: usize,
        /// Of those, accepted under Linux's rule.
        pub linux_ok: usize,
        /// Of those, refused under v1.5.0's rule.
        pub v1_5_refused: usize,
        /// Of those, refused under the pre-#4286 rule.
        pub pre_refused: usize,
        /// Malformed-header rows.
        pub malformed: usize,
        /// Malformed-header cells refused with `EINVAL` (nothing past the
        /// header read), under all three rules.
        pub unread: usize,
    }

    /// Adds the cells up.
    pub fn summary(cells: &[Cell]) -> Summary {
        let of = |rule, what| cells.iter().filter(move |c| c.rule == rule && c.case.what == what);
        let refused = |rule| of(rule, What::Provider).filter(|c| c.refused.is_some()).count();
        Summary {
            providers: of(Rule::Linux, What::Provider).count(),
            linux_ok: of(Rule::Linux, What::Provider).filter(|c| c.refused.is_none()).count(),
            v1_5_refused: refused(Rule::V1_5),
            pre_refused: refused(Rule::Pre4286),
            malformed: of(Rule::Linux, What::Malformed).count(),
            unread: cells
                .iter()
                .filter(|c| c.case.what == What::Malformed)
                .filter(|c| c.refused.as_deref() == Some("EINVAL"))
                .count(),
        }
    }

    /// The section's closing line.
    pub fn report(s: &Summary) {
        println!(
            "\nwindows ext: {} of {} providers accepted under Linux's rule (older ones \
             zero-filled, newer ones when the bytes v1.5.0 does not know are zero); the v1.5.0 \
             rule refuses {} (the pre-#4286 rule {}); {} of {} malformed-header cells refused \
             under the three rules before a byte past the header was read",
            s.linux_ok,
            s.providers,
            s.v1_5_refused,
            s.pre_refused,
            s.unread,
            3 * s.malformed
        );
    }
}
