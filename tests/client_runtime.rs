//! The safe client over the in-process runtime: the same typed calls as on
//! the live kernel, the present-field view against older runtimes, and the
//! error that names a field the runtime does not know.

use extensible_abi::ExtensibleAbi;
use extensible_abi_bpf::client::{Backend, Client};
use extensible_abi_bpf::info::{bpf_map_info, bpf_prog_info};
use extensible_abi_runtime::client::{InProcess, InProcessDirect};
use extensible_abi_runtime::{release, Runtime};

const HASH: u32 = 1;

#[test]
fn map_calls_on_the_runtime() {
    let rt = Runtime::new();
    let c = Client::new(InProcess(&rt));
    let map = c.map_create(HASH, 4, 8, 4, "kv").unwrap();
    c.map_update(&map, &1u32.to_ne_bytes(), &11u64.to_ne_bytes(), 0).unwrap();
    let mut v = [0u8; 8];
    assert!(c.map_lookup(&map, &1u32.to_ne_bytes(), &mut v).unwrap());
    assert_eq!(u64::from_ne_bytes(v), 11);
    let mut next = [0u8; 4];
    assert!(c.map_next_key(&map, None, &mut next).unwrap());
    assert_eq!(u32::from_ne_bytes(next), 1);
    let key = next;
    assert!(!c.map_next_key(&map, Some(&key), &mut next).unwrap());
    assert!(c.map_delete(&map, &1u32.to_ne_bytes()).unwrap());
    assert!(!c.map_delete(&map, &1u32.to_ne_bytes()).unwrap());
}

#[test]
fn an_older_runtime_leaves_newer_fields_none() {
    let rt = Runtime::with_abi_level(release(4, 18));
    let c = Client::new(InProcess(&rt));
    let map = c.map_create(HASH, 4, 8, 4, "old").unwrap();
    let info = c.map_info::<bpf_map_info>(&map).unwrap();
    assert_eq!(info.len(), 80);
    assert_eq!(info.runtime_size(), Some(80));
    assert_eq!(info.release(), Some("4.18"));
    assert_eq!(info.get(bpf_map_info::FIELDS.max_entries), Some(4));
    assert_eq!(info.get(bpf_map_info::FIELDS.btf_value_type_id), Some(0));
    assert_eq!(info.get(bpf_map_info::FIELDS.map_extra), None);
    assert_eq!(c.release_bounds(), Some((release(4, 18), Some(release(5, 16)))));
}

/// A length cannot tell apart releases that only named a field in former
/// padding (`bpf_map_info`: 80 bytes in 4.18 and 5.6, 88 in 5.16 and 6.9):
/// the release said is the oldest of them, which the runtime is at least,
/// and the bound is the next release that grew the struct.
#[test]
fn releases_of_the_same_size_say_the_oldest() {
    for (level, len, says, before) in [
        (release(5, 6), 80, "4.18", release(5, 16)),
        (release(5, 16), 88, "5.16", release(6, 18)),
        (release(6, 9), 88, "5.16", release(6, 18)),
    ] {
        let rt = Runtime::with_abi_level(level);
        let c = Client::new(InProcess(&rt));
        let map = c.map_create(HASH, 4, 8, 4, "").unwrap();
        let info = c.map_info::<bpf_map_info>(&map).unwrap();
        assert_eq!((info.len(), info.release()), (len, Some(says)), "{level:#x}");
        let lower = bpf_map_info::LAYOUT.versions.iter().find(|v| v.label == says).unwrap();
        assert_eq!(c.release_bounds(), Some((lower.number, Some(before))), "{level:#x}");
        // Every field the runtime wrote is there, the one named later too.
        assert_eq!(info.get(bpf_map_info::FIELDS.btf_vmlinux_value_type_id), Some(0));
    }
}

#[test]
fn a_field_the_runtime_does_not_know_is_named() {
    let set_extra = |a: &mut extensible_abi_bpf::attr::bpf_attr_map_create| {
        a.map_type = HASH;
        a.key_size = 4;
        a.value_size = 8;
        a.max_entries = 4;
        a.map_extra = 1;
    };
    let old = Runtime::with_abi_level(release(5, 4));
    let c = Client::new(InProcess(&old));
    let err = c.map_create_with(set_extra).unwrap_err();
    assert_eq!(err.errno, 22); // EINVAL: CHECK_ATTR, as Linux 5.4 answers
    assert_eq!(err.unknown_field, Some(("map_extra", "5.16")));
    assert!(err.to_string().contains("does not know `map_extra` (added in 5.16)"));
    // The newest runtime knows the field: its EINVAL (map_extra is for
    // bloom filters only) names nothing.
    let new = Runtime::new();
    let c = Client::new(InProcess(&new));
    let err = c.map_create_with(set_extra).unwrap_err();
    assert_eq!((err.errno, err.unknown_field), (22, None));
    // Left zero, the new field costs nothing on the old runtime: the attr
    // is passed only as long as the fields set.
    let c = Client::new(InProcess(&old));
    assert!(c.map_create(HASH, 4, 8, 4, "").is_ok());
    assert!(bpf_map_info::LAYOUT.size > 80);
}

/// The same calls through the checked backend ([`InProcess`]: every user
/// access a system call) and the direct one ([`InProcessDirect`]: plain
/// copies) give the same answers, written lengths and bytes.
#[test]
fn the_direct_backend_answers_as_the_checked_one() {
    fn run<B: Backend>(c: &Client<B>) -> Vec<String> {
        let mut out = Vec::new();
        let map = c.map_create(HASH, 4, 8, 4, "kv").unwrap();
        c.map_update(&map, &1u32.to_ne_bytes(), &11u64.to_ne_bytes(), 0).unwrap();
        let mut v = [0u8; 8];
        out.push(format!("{:?} {v:?}", c.map_lookup(&map, &1u32.to_ne_bytes(), &mut v)));
        let mut next = [0u8; 4];
        out.push(format!("{:?} {next:?}", c.map_next_key(&map, None, &mut next)));
        // E2BIG: a value of the wrong size is refused before any call.
        out.push(format!(
            "{:?}",
            c.map_update(&map, &1u32.to_ne_bytes(), &[0u8; 9], 0).map_err(|e| e.errno)
        ));
        let info = c.map_info::<bpf_map_info>(&map).unwrap();
        out.push(format!("{} {:?}", info.len(), info.get(bpf_map_info::FIELDS.value_size)));
        // A program that fails to load writes its log.
        let mut log = [0u8; 256];
        let bad = c
            .prog_load(6, &[0x95], c"GPL", "bad", Some(&mut log))
            .map(|_| ())
            .map_err(|e| (e.errno, e.log));
        out.push(format!("{bad:?}"));
        let prog = c.prog_load(6, &[0xb7, 0x95], c"GPL", "ok", None).unwrap();
        let mut data_out = [0u8; 16];
        out.push(format!("{:?} {data_out:?}", c.test_run(&prog, &[5u8; 16], &mut data_out, 1)));
        out.push(format!(
            "{:?}",
            c.test_run(&prog, &[5u8; 16], &mut [0u8; 4], 1).map_err(|e| e.errno)
        ));
        let pinfo = c.info::<bpf_prog_info>(prog.raw()).unwrap();
        out.push(format!("{} {:?}", pinfo.len(), pinfo.get(bpf_prog_info::FIELDS.tag)));
        out
    }
    let (checked, direct) = (Runtime::new(), Runtime::new());
    let a = run(&Client::new(InProcess(&checked)));
    let b = run(&Client::new(InProcessDirect(&direct)));
    assert_eq!(a, b);
    assert!(a[4].contains("Some(\"") && a[6].contains("Err(28)"), "{a:?}");
}
