//! Concurrency stress on one runtime: threads create, query, update,
//! delete and close objects at once for a bounded time. Afterwards every
//! map holds exactly the updates that succeeded, no id was ever handed to
//! two live objects, and no fd resolved to a closed object.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use extensible_abi::ExtensibleAbi;
use extensible_abi_bpf::client::{Backend, Client};
use extensible_abi_bpf::info::bpf_map_info;
use extensible_abi_runtime::client::{InProcess, InProcessDirect};
use extensible_abi_runtime::Runtime;

const HASH: u32 = 1;
const THREADS: u32 = 4;
const KEYS: u32 = 32;
/// Bounded in time and in rounds, whichever ends first: 1.5 s and 200,000
/// rounds a thread, or `EXTABI_STRESS_SECONDS` (and no round limit) for a
/// longer run (`scripts/stress.sh`). Under Miri (a thousand times slower)
/// only a small rounds bound: a time bound would end the run before a
/// thread did anything.
fn bounds() -> (Duration, u32) {
    if cfg!(miri) {
        return (Duration::from_secs(3600), 20);
    }
    match std::env::var("EXTABI_STRESS_SECONDS").ok().and_then(|s| s.parse().ok()) {
        Some(secs) => (Duration::from_secs(secs), u32::MAX),
        None => (Duration::from_millis(1500), 200_000),
    }
}

/// What one thread did: its own map's final contents, its writes to the
/// shared map, and how many operations it ran.
type Record = (BTreeMap<u32, u64>, BTreeMap<u32, u64>, u32);

fn map_id<B: Backend>(c: &Client<B>, fd: i32) -> Option<u32> {
    c.info::<bpf_map_info>(fd).ok().and_then(|i| i.get(bpf_map_info::FIELDS.id))
}

#[test]
fn threads_agree_with_their_own_records() {
    let rt = Runtime::new();
    let live_ids: Mutex<HashSet<u32>> = Mutex::new(HashSet::new());
    let shared_client = Client::new(InProcess(&rt));
    // One map all threads update, each on keys of its own.
    let shared = shared_client.map_create(HASH, 4, 8, THREADS * KEYS, "shared").unwrap();
    let shared_fd = shared.raw();
    let start = Instant::now();

    let records: Vec<Record> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let (rt, live_ids) = (&rt, &live_ids);
                // Even threads reach the runtime through the checked
                // backend, odd ones through the direct one.
                s.spawn(move || match t % 2 {
                    0 => worker(Client::new(InProcess(rt)), t, rt, shared_fd, live_ids, start),
                    _ => {
                        worker(Client::new(InProcessDirect(rt)), t, rt, shared_fd, live_ids, start)
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let mut expected = BTreeMap::new();
    for (_, in_shared, _) in &records {
        expected.extend(in_shared.iter().map(|(&k, &v)| (k, v)));
    }
    for k in 0..THREADS * KEYS {
        let mut v = [0u8; 8];
        let found = shared_client.map_lookup(&shared, &k.to_ne_bytes(), &mut v).unwrap();
        assert_eq!(
            found.then(|| u64::from_ne_bytes(v)),
            expected.get(&k).copied(),
            "shared key {k}"
        );
    }
    let rounds: u32 = records.iter().map(|r| r.2).sum();
    println!("{THREADS} threads, {rounds} operations in {:?}", start.elapsed());
    assert!(rounds >= THREADS, "the threads ran");
}

/// One thread's work: a map of its own, short-lived maps, and updates of
/// its keys in the shared map, recording what succeeded.
fn worker<B: Backend>(
    c: Client<B>,
    t: u32,
    rt: &Runtime,
    shared_fd: i32,
    live_ids: &Mutex<HashSet<u32>>,
    start: Instant,
) -> Record {
    let (time, max_rounds) = bounds();
    let own = c.map_create(HASH, 4, 8, KEYS, "own").unwrap();
    let own_id = map_id(&c, own.raw()).unwrap();
    assert!(live_ids.lock().unwrap().insert(own_id), "id {own_id} handed out twice");
    let (mut mine, mut in_shared) = (BTreeMap::new(), BTreeMap::new());
    let mut rounds = 0;
    let mut x = 0x9e37_79b9_u32.wrapping_mul(t + 1);
    while rounds < max_rounds && start.elapsed() < time {
        rounds += 1;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        let key = x % KEYS;
        let value = u64::from(x) << 8 | u64::from(t);
        match x % 7 {
            0 => {
                // A short-lived map: its id is unique while it
                // lives, and its fd dies with it.
                let tmp = c.map_create(HASH, 4, 4, 1, "tmp").unwrap();
                let (fd, id) = (tmp.raw(), map_id(&c, tmp.raw()).unwrap());
                assert!(live_ids.lock().unwrap().insert(id), "id {id} handed out twice");
                drop(tmp);
                live_ids.lock().unwrap().remove(&id);
                // The closed fd names nothing, or a newer
                // object (fds are reused, ids are not).
                if let Some(now) = map_id(&c, fd) {
                    assert_ne!(now, id, "fd {fd} still resolves to closed map {id}");
                }
            }
            1 => {
                if c.map_delete(&own, &key.to_ne_bytes()).unwrap() {
                    assert!(mine.remove(&key).is_some());
                } else {
                    assert!(!mine.contains_key(&key));
                }
            }
            2 => {
                let info = c.map_info::<bpf_map_info>(&own).unwrap();
                assert_eq!(info.get(bpf_map_info::FIELDS.id), Some(own_id));
                assert_eq!(info.get(bpf_map_info::FIELDS.max_entries), Some(KEYS));
            }
            3 => {
                let k = t * KEYS + key;
                let r = shared_client_update(rt, shared_fd, k, value);
                assert!(r, "update of the shared map failed");
                in_shared.insert(k, value);
            }
            _ => {
                c.map_update(&own, &key.to_ne_bytes(), &value.to_ne_bytes(), 0).unwrap();
                mine.insert(key, value);
            }
        }
    }
    // The own map holds exactly what succeeded.
    for k in 0..KEYS {
        let mut v = [0u8; 8];
        let found = c.map_lookup(&own, &k.to_ne_bytes(), &mut v).unwrap();
        assert_eq!(
            found.then(|| u64::from_ne_bytes(v)),
            mine.get(&k).copied(),
            "thread {t} key {k}"
        );
    }
    live_ids.lock().unwrap().remove(&own_id);
    (mine, in_shared, rounds)
}

/// An update of the shared map through a client of its own (the shared
/// map's `Fd` belongs to the main thread's client).
fn shared_client_update(rt: &Runtime, fd: i32, key: u32, value: u64) -> bool {
    use extensible_abi::user::ProcessMemory;
    use extensible_abi_bpf::attr::{bpf_attr_map_elem, BPF_MAP_UPDATE_ELEM};
    let (k, v) = (key.to_ne_bytes(), value.to_ne_bytes());
    let a = bpf_attr_map_elem {
        map_fd: fd as u32,
        key: k.as_ptr() as u64,
        value: v.as_ptr() as u64,
        ..Default::default()
    };
    // SAFETY: the attr and the key and value it points at are live locals,
    // only read by the runtime.
    let mut mem = unsafe { ProcessMemory::new() };
    rt.bpf(&mut mem, BPF_MAP_UPDATE_ELEM, &a as *const _ as u64, std::mem::size_of_val(&a) as u32)
        .is_ok()
}
