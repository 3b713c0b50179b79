//! The safe client against the live kernel: typed calls, the
//! smallest-size attr rule and the present-field view of info structs.
//! Skips, saying why, where bpf() is refused.

use extensible_abi::{extensible_abi, ExtensibleAbi};
use extensible_abi_bpf::client::{Client, LiveKernel};
use extensible_abi_bpf::info::{bpf_map_info, bpf_prog_info};

const ARRAY: u32 = 2;
const HASH: u32 = 1;
const SOCKET_FILTER: u32 = 1;

fn client() -> Option<Client<LiveKernel>> {
    let c = Client::new(LiveKernel);
    let probe = c.map_create(ARRAY, 4, 8, 1, "probe").map(drop);
    match probe {
        Ok(()) => Some(c),
        Err(e) if e.errno == 1 || e.errno == 38 => {
            println!("SKIP: bpf() is refused here (errno {})", e.errno);
            None
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn map_round_trip() {
    let Some(c) = client() else { return };
    let map = c.map_create(HASH, 4, 8, 4, "kv").unwrap();
    for k in 0u32..3 {
        c.map_update(&map, &k.to_ne_bytes(), &(u64::from(k) * 10).to_ne_bytes(), 0).unwrap();
    }
    let mut v = [0u8; 8];
    assert!(c.map_lookup(&map, &1u32.to_ne_bytes(), &mut v).unwrap());
    assert_eq!(u64::from_ne_bytes(v), 10);
    assert!(c.map_delete(&map, &1u32.to_ne_bytes()).unwrap());
    assert!(!c.map_lookup(&map, &1u32.to_ne_bytes(), &mut v).unwrap());
    // Iterate: the two keys left, then the end.
    let (mut keys, mut key, mut next) = (Vec::new(), None::<[u8; 4]>, [0u8; 4]);
    while c.map_next_key(&map, key.as_ref().map(|k| &k[..]), &mut next).unwrap() {
        keys.push(u32::from_ne_bytes(next));
        key = Some(next);
    }
    keys.sort();
    assert_eq!(keys, [0, 2]);
    // Wrong key or value sizes never reach the kernel.
    assert_eq!(c.map_update(&map, &[0; 3], &[0; 8], 0).unwrap_err().errno, 22);
    assert_eq!(c.map_lookup(&map, &[0; 4], &mut [0; 4]).unwrap_err().errno, 22);
}

#[test]
fn info_through_the_present_field_view() {
    let Some(c) = client() else { return };
    let map = c.map_create(ARRAY, 4, 8, 16, "counters").unwrap();
    let info = c.map_info::<bpf_map_info>(&map).unwrap();
    // This kernel is 6.18: it fills our whole struct.
    assert_eq!(info.len(), bpf_map_info::LAYOUT.size);
    assert_eq!(info.release(), Some("6.18"));
    assert_eq!(info.get(bpf_map_info::FIELDS.max_entries), Some(16));
    assert_eq!(&info.get(bpf_map_info::FIELDS.name).unwrap()[..9], b"counters\0");
}

/// A caller built against the 4.13 header: bpf_map_info was 24 bytes.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct MapInfo413 {
    #[abi(since = "4.13", offset = 0)]
    pub r#type: u32,
    #[abi(since = "4.13", offset = 4)]
    pub id: u32,
    #[abi(since = "4.13", offset = 8)]
    pub key_size: u32,
    #[abi(since = "4.13", offset = 12)]
    pub value_size: u32,
    #[abi(since = "4.13", offset = 16)]
    pub max_entries: u32,
    #[abi(since = "4.13", offset = 20)]
    pub map_flags: u32,
}

#[test]
fn an_old_caller_works_on_the_new_kernel() {
    let Some(c) = client() else { return };
    let map = c.map_create(ARRAY, 4, 8, 5, "old").unwrap();
    let info = c.map_info::<MapInfo413>(&map).unwrap();
    assert_eq!(info.len(), 24);
    assert_eq!(info.runtime_size(), None); // the buffer was full
                                           // The old caller can still learn the kernel's own size: 6.18's 104.
    let info = c.info_with_runtime_size::<MapInfo413>(map.raw()).unwrap();
    assert_eq!(info.runtime_size(), Some(bpf_map_info::LAYOUT.size));
    assert_eq!(info.release(), Some("4.13")); // the newest it knows
    assert_eq!(info.get(MapInfo413::FIELDS.max_entries), Some(5));
    assert_eq!(info.get(MapInfo413::FIELDS.value_size), Some(8));
}

#[test]
fn program_load_and_test_run() {
    let Some(c) = client() else { return };
    // r0 = 7; exit
    let insns = [0x0000_0007_0000_00b7u64, 0x95];
    let prog = c.prog_load(SOCKET_FILTER, &insns, c"GPL", "seven", None).unwrap();
    let info = c.info::<bpf_prog_info>(prog.raw()).unwrap();
    assert_eq!(info.get(bpf_prog_info::FIELDS.xlated_prog_len), Some(16));
    assert_eq!(&info.get(bpf_prog_info::FIELDS.name).unwrap()[..6], b"seven\0");
    let data = [0u8; 64];
    let mut out = [0u8; 64];
    let (retval, len) = c.test_run(&prog, &data, &mut out, 1).unwrap();
    assert_eq!((retval, len), (7, 64));
    // A program that is not valid: the log says why.
    let mut log = vec![0u8; 4096];
    let err = c.prog_load(SOCKET_FILTER, &[0x95], c"GPL", "bad", Some(&mut log)).unwrap_err();
    assert_eq!(err.errno, 13); // EACCES: r0 is read before it is written
    assert!(err.log.unwrap().contains("R0 !read_ok"));
}
