//! The compatibility matrix: every info struct, every caller version
//! against every runtime ABI level, through real create-then-query calls.
//!
//! A caller "compiled at version i" passes `info_len` = the struct's size
//! at i; a runtime "at level j" is `Runtime::with_abi_level(j)`, which
//! knows the struct's size at j. Linux's rule makes every cell work: the
//! runtime writes `min(i, j)` bytes and reports that, and the caller reads
//! exactly the fields both know. A last column asks the live kernel, where
//! `bpf()` works.
//!
//! Then the counter-example: the eBPF-for-Windows rule, which refused any
//! `info_len` smaller than the runtime's own `sizeof`, run on the same
//! calls: every older caller on a newer runtime breaks.
//!
//! Last, issue #4160 end to end on a profile of eBPF-for-Windows
//! ([`windows`]): its callers and runtimes under the rule it shipped before
//! #4286, the rule of v1.5.0, and Linux's.
//!
//! Run: `cargo run --release --example compat_matrix`

use std::ffi::CStr;

use extensible_abi::{bytes_of, ExtensibleAbi, Layout};
use extensible_abi_bpf::client::{Backend, Client, Error, Fd, LiveKernel};
use extensible_abi_bpf::info::{bpf_btf_info, bpf_link_info, bpf_map_info, bpf_prog_info};
use extensible_abi_runtime::client::InProcess;
use extensible_abi_runtime::Runtime;

#[path = "compat_matrix/windows.rs"]
pub mod windows;

const MAP_ARRAY: u32 = 2;
const PROG_SOCKET_FILTER: u32 = 1;
const PROG_XDP: u32 = 6;
const ATTACH_XDP: u32 = 37;
const LO_IFINDEX: u32 = 1;
const LICENSE: &CStr = c"GPL";
/// `r0 = 2 (XDP_PASS, and any socket filter verdict); exit`.
const INSNS: [u64; 2] = [0x0000_0002_0000_00b7, 0x95];

/// The objects whose info one struct describes, created on a backend;
/// the last fd is the one queried (the others keep it alive).
fn create<'c, B: Backend>(c: &'c Client<B>, what: &str) -> Result<Vec<Fd<'c, B>>, Error> {
    Ok(match what {
        // No names: object names came in 4.15, and a 4.13 runtime refuses
        // a caller that sets one (E2BIG), as Linux 4.13 did.
        "bpf_map_info" => vec![c.map_create(MAP_ARRAY, 4, 8, 4, "")?],
        "bpf_prog_info" => vec![c.prog_load(PROG_SOCKET_FILTER, &INSNS, LICENSE, "", None)?],
        "bpf_btf_info" => vec![c.btf_load(&support::int_btf())?],
        _ => {
            let prog = c.prog_load(PROG_XDP, &INSNS, LICENSE, "", None)?;
            let link = c.link_create(&prog, LO_IFINDEX, ATTACH_XDP)?;
            vec![prog, link]
        }
    })
}

/// One cell: the caller passes `len`, expects `expect` bytes back, and a
/// known value in the first field it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Cell {
    /// Bytes written and fields present, all as the rule says.
    Ok { written: usize, fields: usize },
    /// A runtime at that level cannot create the object (the command or
    /// the link type came in a later release).
    NotThere,
    /// A broken cell, with why.
    Broken(String),
}

impl Cell {
    fn show(&self) -> String {
        match self {
            Cell::Ok { written, fields } => format!("ok {written:>3}B {fields:>2}f"),
            Cell::NotThere => "     -     ".to_owned(),
            Cell::Broken(why) => format!("{:<11}", format!("X {why}")),
        }
    }
}

/// Queries the info of `fd` as a caller built at a version `len` bytes
/// long, and checks the rule: `min(len, runtime_size)` bytes written and
/// reported, nothing past them, the fields in them present and the rest
/// `None`, and the first field (the object's type) right.
fn query<T: ExtensibleAbi, B: Backend>(
    c: &Client<B>,
    fd: i32,
    len: usize,
    runtime_size: usize,
    expect_type: u32,
) -> Cell {
    let info = match c.info_sized::<T>(fd, len) {
        Ok(info) => info,
        Err(e) => return Cell::Broken(errno_name(e.errno).to_owned()),
    };
    let expect = len.min(runtime_size);
    if info.len() != expect {
        return Cell::Broken(format!("len {}", info.len()));
    }
    if bytes_of(info.value())[expect..].iter().any(|&b| b != 0) {
        return Cell::Broken("overrun".to_owned());
    }
    let layout = T::LAYOUT;
    let present = layout.present_fields(info.len());
    if let Some(first) = present.first() {
        let ty = u32::from_ne_bytes(
            bytes_of(info.value())[first.offset..first.offset + 4].try_into().unwrap(),
        );
        if ty != expect_type {
            return Cell::Broken(format!("type {ty}"));
        }
    }
    Cell::Ok { written: info.len(), fields: present.len() }
}

/// The counter-example's rule, applied to the same query: refuse any
/// `info_len` below the runtime's own size.
fn strict(len: usize, runtime_size: usize, rule_abiding: &Cell) -> Cell {
    match rule_abiding {
        Cell::Ok { .. } if len < runtime_size => Cell::Broken("EINVAL".to_owned()),
        other => other.clone(),
    }
}

fn errno_name(e: i32) -> &'static str {
    match e {
        1 => "EPERM",
        7 => "E2BIG",
        9 => "EBADF",
        13 => "EACCES",
        14 => "EFAULT",
        16 => "EBUSY",
        22 => "EINVAL",
        95 => "EOPNOTSUPP",
        _ => "errno",
    }
}

/// What one struct's matrix found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Cells run (runtime levels that have the object, and the kernel).
    pub run: usize,
    /// Cells where Linux's rule held exactly.
    pub ok: usize,
    /// In-process cells the strict rule breaks.
    pub strict_broken: usize,
    /// In-process cells where the caller's struct is smaller than the
    /// runtime's: exactly those the strict rule must break.
    pub older_caller: usize,
}

impl core::ops::Add for Totals {
    type Output = Totals;
    fn add(self, o: Totals) -> Totals {
        Totals {
            run: self.run + o.run,
            ok: self.ok + o.ok,
            strict_broken: self.strict_broken + o.strict_broken,
            older_caller: self.older_caller + o.older_caller,
        }
    }
}

/// The matrix of one struct, printed; returns what it found.
pub fn matrix<T: ExtensibleAbi>(expect_type: u32, live: Option<&Client<LiveKernel>>) -> Totals {
    let layout: &Layout = T::LAYOUT;
    let versions = layout.versions;
    println!("\n{}: rows = caller built at, columns = runtime acting as", layout.name);
    print!("{:>14}", "caller \\ rt");
    for v in versions {
        print!(" {:>11}", format!("{} ({}B)", v.label, v.size));
    }
    println!(" {:>11}", if live.is_some() { "linux" } else { "" });

    // The objects, one runtime per level (created once, queried per row).
    let runtimes: Vec<Runtime> =
        versions.iter().map(|v| Runtime::with_abi_level(v.number)).collect();
    let clients: Vec<Client<InProcess>> =
        runtimes.iter().map(|r| Client::new(InProcess(r))).collect();
    let objects: Vec<Option<Vec<Fd<'_, InProcess>>>> =
        clients.iter().map(|c| create(c, layout.name).ok()).collect();
    let live_objects = live.map(|c| create(c, layout.name));

    let mut t = Totals::default();
    let mut strict_rows = Vec::new();
    for caller in versions {
        print!("{:>14}", format!("{} ({}B)", caller.label, caller.size));
        let mut strict_row = Vec::new();
        for (j, rt) in versions.iter().enumerate() {
            let cell = match &objects[j] {
                None => Cell::NotThere,
                Some(fds) => {
                    let fd = fds.last().expect("an object").raw();
                    query::<T, _>(&clients[j], fd, caller.size, rt.size, expect_type)
                }
            };
            if cell != Cell::NotThere {
                t.run += 1;
                t.ok += usize::from(matches!(cell, Cell::Ok { .. }));
                t.older_caller += usize::from(caller.size < rt.size);
            }
            let s = strict(caller.size, rt.size, &cell);
            t.strict_broken +=
                usize::from(matches!(cell, Cell::Ok { .. }) && matches!(s, Cell::Broken(_)));
            strict_row.push(s);
            print!(" {}", cell.show());
        }
        if let (Some(c), Some(Ok(fds))) = (live, &live_objects) {
            let fd = fds.last().expect("an object").raw();
            let cell = query::<T, _>(c, fd, caller.size, layout.size, expect_type);
            t.run += 1;
            t.ok += usize::from(matches!(cell, Cell::Ok { .. }));
            print!(" {}", cell.show());
        } else if let (Some(_), Some(Err(e))) = (live, &live_objects) {
            print!(" {:>11}", format!("({})", errno_name(e.errno)));
        }
        println!();
        strict_rows.push(strict_row);
    }
    println!("  the strict rule (info_len >= the runtime's sizeof) on the same calls:");
    for (caller, row) in versions.iter().zip(&strict_rows) {
        print!("{:>14}", format!("{} ({}B)", caller.label, caller.size));
        for cell in row {
            print!(" {}", cell.show());
        }
        println!();
    }
    t
}

/// Every struct's matrix, with the live kernel's column where `bpf()`
/// works.
pub fn all() -> Totals {
    let live = Client::new(LiveKernel);
    let probe = live.map_create(MAP_ARRAY, 4, 8, 1, "").map(drop);
    let live = match probe {
        Ok(()) => Some(&live),
        Err(e) => {
            println!("(no live-kernel column: bpf() is refused here: {})", errno_name(e.errno));
            None
        }
    };
    println!(
        "Cells: ok <bytes written> <fields present>; X <what broke>; - a runtime at that \
         release cannot create the object yet."
    );
    matrix::<bpf_map_info>(MAP_ARRAY, live)
        + matrix::<bpf_prog_info>(PROG_SOCKET_FILTER, live)
        + matrix::<bpf_btf_info>(0, live)
        + matrix::<bpf_link_info>(6 /* BPF_LINK_TYPE_XDP */, live)
}

#[allow(dead_code)]
fn main() {
    let t = all();
    println!(
        "\ntotal: {} of {} cells ok under Linux's rule; the strict rule breaks {} of them \
         (every cell where the caller is older than the runtime)",
        t.ok, t.run, t.strict_broken
    );
    let w = windows::summary(&windows::all());
    windows::report(&w);
    let e = windows::ext::summary(&windows::ext::all());
    windows::ext::report(&e);
    if t.ok != t.run
        || w.linux_ok != w.n
        || e.linux_ok != e.providers
        || e.unread != 3 * e.malformed
    {
        std::process::exit(1);
    }
}
