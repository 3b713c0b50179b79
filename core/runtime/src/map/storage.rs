//! The storage of the two map types: an array (`kernel/bpf/arraymap.c`)
//! and a hash table (`kernel/bpf/hashtab.c`), each with the element
//! semantics of the kernel's `map_ops` for it. Locking is the caller's
//! ([`super::Map`] keeps a storage behind its own mutex).

use std::collections::BTreeMap;

use super::{BPF_EXIST, BPF_F_LOCK, BPF_NOEXIST};
use crate::err;
use extensible_abi::{errno, AbiError};

/// `BPF_ANY` / `BPF_NOEXIST` / `BPF_EXIST` are the only values below
/// `BPF_F_LOCK`; anything else is unknown: `(flags & ~BPF_F_LOCK) >
/// BPF_EXIST` is `EINVAL` in both `array_map_update_elem` and
/// `htab_map_update_elem`.
fn check_update_flags(flags: u64) -> Result<(), AbiError> {
    if flags & !BPF_F_LOCK > BPF_EXIST {
        return Err(AbiError::Invalid { what: "unknown map update flags" });
    }
    Ok(())
}

/// An array map's values: `max_entries` slots of `round_up(value_size,
/// 8)` bytes, all zero at creation, laid out as the kernel's
/// `bpf_array.value` (so the bytes hash as the kernel's do).
#[derive(Debug)]
pub(crate) struct Array {
    value_size: usize,
    elem_size: usize,
    max_entries: u32,
    values: Vec<u8>,
}

impl Array {
    /// Zeroed storage. `bytes` (= `elem_size * max_entries`) was bounded
    /// by the caller; failing to get the memory is `ENOMEM`, as the
    /// kernel's `bpf_map_area_alloc` failing.
    pub(crate) fn new(value_size: u32, max_entries: u32, bytes: usize) -> Result<Self, AbiError> {
        let values = zeroed_bytes(bytes)?;
        Ok(Array {
            value_size: value_size as usize,
            elem_size: (value_size as usize).div_ceil(8) * 8,
            max_entries,
            values,
        })
    }

    /// The index a 4-byte key names (native endian, as the kernel's
    /// `*(u32 *)key`).
    fn index(key: &[u8]) -> u32 {
        let mut k = [0u8; 4];
        k.copy_from_slice(&key[..4]);
        u32::from_ne_bytes(k)
    }

    /// The value at `key`, or `None` past `max_entries`
    /// (`array_map_lookup_elem`).
    pub(crate) fn lookup(&self, key: &[u8]) -> Option<&[u8]> {
        let i = Self::index(key);
        if i >= self.max_entries {
            return None;
        }
        let at = i as usize * self.elem_size;
        Some(&self.values[at..at + self.value_size])
    }

    /// `array_map_update_elem`: unknown flags `EINVAL`, an index past the
    /// end `E2BIG`, `BPF_NOEXIST` `EEXIST` (every element exists).
    pub(crate) fn update(&mut self, key: &[u8], value: &[u8], flags: u64) -> Result<(), AbiError> {
        check_update_flags(flags)?;
        let i = Self::index(key);
        if i >= self.max_entries {
            return Err(err(errno::E2BIG, "array index past max_entries"));
        }
        if flags & BPF_NOEXIST != 0 {
            return Err(err(errno::EEXIST, "every array element exists"));
        }
        let at = i as usize * self.elem_size;
        self.values[at..at + self.value_size].copy_from_slice(&value[..self.value_size]);
        Ok(())
    }

    /// `array_map_get_next_key`: no key, or one past the end, gives index
    /// 0; the last index `ENOENT`; else the index after.
    pub(crate) fn get_next_key(&self, key: Option<&[u8]>) -> Result<Vec<u8>, AbiError> {
        let i = key.map_or(u32::MAX, Self::index);
        let next = if i >= self.max_entries {
            0
        } else if i == self.max_entries - 1 {
            return Err(err(errno::ENOENT, "no key after the last index"));
        } else {
            i + 1
        };
        Ok(next.to_ne_bytes().to_vec())
    }

    /// All `elem_size * max_entries` bytes (`array_map_get_hash` hashes
    /// them).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.values
    }
}

/// `len` zero bytes, or `ENOMEM` when the allocator has none: the
/// kernel's `bpf_map_area_alloc` (zeroed, and failing instead of
/// aborting). Zeroed allocation lets the system hand out untouched pages
/// lazily, so a large array costs memory only where it is written.
fn zeroed_bytes(len: usize) -> Result<Vec<u8>, AbiError> {
    let enomem = err(errno::ENOMEM, "cannot allocate the map's storage");
    if len == 0 {
        return Ok(Vec::new());
    }
    let layout = std::alloc::Layout::array::<u8>(len).map_err(|_| enomem)?;
    // SAFETY: `layout` has a non-zero size (`len > 0`).
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return Err(enomem);
    }
    // SAFETY: `ptr` comes from the global allocator with the layout of
    // `len` bytes (alignment 1); all `len` bytes are zero, so initialized;
    // the Vec takes the allocation over with length and capacity `len`,
    // its exact size. (Stable Rust has no safe fallible zeroed allocation.)
    Ok(unsafe { Vec::from_raw_parts(ptr, len, len) })
}

/// One element of a hash table: its key and value.
#[derive(Debug, Clone)]
pub(crate) struct Elem {
    pub(crate) key: Box<[u8]>,
    pub(crate) value: Box<[u8]>,
}

/// A hash map's elements, in the kernel's buckets and bucket order.
///
/// The bucket of a key is `jhash(key) & (n_buckets - 1)` with
/// `n_buckets = roundup_pow_of_two(max_entries)` and the kernel's `jhash`
/// / `jhash2` with seed 0: the kernel's own layout when the map was made
/// with `BPF_F_ZERO_SEED` (otherwise the kernel's seed is random and so
/// is its order). Within a bucket the newest element comes first, as the
/// kernel's `hlist_nulls_add_head_rcu` puts it, and a replaced element
/// moves to the front. Iteration (`get_next_key`, the batch commands)
/// walks the buckets in index order, so with `BPF_F_ZERO_SEED` it visits
/// keys in exactly the kernel's order.
///
/// Only non-empty buckets are stored, so a table costs memory for its
/// elements only, whatever `max_entries` says.
#[derive(Debug)]
pub(crate) struct Hash {
    key_size: usize,
    max_entries: u32,
    n_buckets: u32,
    count: u32,
    /// Key and value bytes held, bounded by `max_bytes`.
    bytes: u64,
    max_bytes: u64,
    buckets: BTreeMap<u32, Vec<Elem>>,
}

impl Hash {
    /// An empty table; `n_buckets` is a power of two (checked by
    /// the caller, as `htab_map_alloc` does). New elements past
    /// `max_bytes` of keys and values are `ENOMEM`, where the kernel's
    /// element allocation would fail on a machine out of memory.
    pub(crate) fn new(key_size: u32, max_entries: u32, n_buckets: u32, max_bytes: u64) -> Self {
        debug_assert!(n_buckets.is_power_of_two());
        Hash {
            key_size: key_size as usize,
            max_entries,
            n_buckets,
            count: 0,
            bytes: 0,
            max_bytes,
            buckets: BTreeMap::new(),
        }
    }

    /// The number of buckets: the end of the batch commands' token space.
    pub(crate) fn n_buckets(&self) -> u32 {
        self.n_buckets
    }

    fn bucket_of(&self, key: &[u8]) -> u32 {
        jhash(key, 0) & (self.n_buckets - 1)
    }

    fn find(&self, key: &[u8]) -> Option<(u32, usize)> {
        let b = self.bucket_of(key);
        let pos = self.buckets.get(&b)?.iter().position(|e| &*e.key == key)?;
        Some((b, pos))
    }

    /// The value of `key` (`htab_map_lookup_elem`).
    pub(crate) fn lookup(&self, key: &[u8]) -> Option<&[u8]> {
        let (b, pos) = self.find(key)?;
        Some(&self.buckets[&b][pos].value)
    }

    /// `htab_map_update_elem`: unknown flags `EINVAL`; `BPF_NOEXIST` on an
    /// existing key `EEXIST`; `BPF_EXIST` on a missing one `ENOENT`; a new
    /// key in a full table `E2BIG`. The element goes to the front of its
    /// bucket (a replaced one moves there).
    pub(crate) fn update(&mut self, key: &[u8], value: &[u8], flags: u64) -> Result<(), AbiError> {
        check_update_flags(flags)?;
        let old = self.find(key);
        match old {
            Some(_) if flags & BPF_NOEXIST != 0 => {
                return Err(err(errno::EEXIST, "the key exists (BPF_NOEXIST)"))
            }
            None if flags & BPF_EXIST != 0 => {
                return Err(err(errno::ENOENT, "no such key (BPF_EXIST)"))
            }
            None if self.count >= self.max_entries => {
                return Err(err(errno::E2BIG, "the hash map is full"))
            }
            None if self.bytes + (key.len() + value.len()) as u64 > self.max_bytes => {
                return Err(err(errno::ENOMEM, "the hash map's memory is used up"))
            }
            _ => {}
        }
        let b = self.bucket_of(key);
        let list = self.buckets.entry(b).or_default();
        let elem = match old {
            Some((_, pos)) => {
                let mut e = list.remove(pos);
                e.value.copy_from_slice(value);
                e
            }
            None => {
                self.count += 1;
                self.bytes += (key.len() + value.len()) as u64;
                Elem { key: key.into(), value: value.into() }
            }
        };
        list.insert(0, elem);
        Ok(())
    }

    /// Removes `key` and returns its element: `ENOENT` when there is none
    /// (`htab_map_delete_elem`, `htab_map_lookup_and_delete_elem`).
    pub(crate) fn remove(&mut self, key: &[u8]) -> Result<Elem, AbiError> {
        let (b, pos) = self.find(key).ok_or(err(errno::ENOENT, "no such key"))?;
        let list = self.buckets.get_mut(&b).expect("found in this bucket");
        let e = list.remove(pos);
        if list.is_empty() {
            self.buckets.remove(&b);
        }
        self.count -= 1;
        self.bytes -= (e.key.len() + e.value.len()) as u64;
        Ok(e)
    }

    /// `htab_map_get_next_key`: no key, or a key not in the table, gives
    /// the first element; else the next one in the bucket, else the first
    /// of the next non-empty bucket; after the last, `ENOENT`.
    pub(crate) fn get_next_key(&self, key: Option<&[u8]>) -> Result<Vec<u8>, AbiError> {
        let start = match key.and_then(|k| self.find(k)) {
            Some((b, pos)) => {
                if let Some(e) = self.buckets[&b].get(pos + 1) {
                    return Ok(e.key.to_vec());
                }
                b + 1
            }
            None => 0,
        };
        self.buckets
            .range(start..)
            .next()
            .map(|(_, list)| list[0].key.to_vec())
            .ok_or(err(errno::ENOENT, "no more keys"))
    }

    /// The first non-empty bucket at index `from` or after, and its
    /// elements in list order.
    pub(crate) fn bucket_from(&self, from: u32) -> Option<(u32, &[Elem])> {
        self.buckets.range(from..).next().map(|(&b, list)| (b, list.as_slice()))
    }

    /// Removes bucket `b` whole (the batch lookup-and-delete).
    pub(crate) fn take_bucket(&mut self, b: u32) -> Vec<Elem> {
        let list = self.buckets.remove(&b).unwrap_or_default();
        self.count -= list.len() as u32;
        self.bytes -= list.iter().map(|e| (e.key.len() + e.value.len()) as u64).sum::<u64>();
        list
    }

    /// The key size.
    pub(crate) fn key_size(&self) -> usize {
        self.key_size
    }
}

/// `JHASH_INITVAL`.
const JHASH_INITVAL: u32 = 0xdead_beef;

/// `__jhash_mix`.
#[inline]
fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(4);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(6);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(8);
    *b = b.wrapping_add(*a);
    *a = a.wrapping_sub(*c);
    *a ^= c.rotate_left(16);
    *c = c.wrapping_add(*b);
    *b = b.wrapping_sub(*a);
    *b ^= a.rotate_left(19);
    *a = a.wrapping_add(*c);
    *c = c.wrapping_sub(*b);
    *c ^= b.rotate_left(4);
    *b = b.wrapping_add(*a);
}

/// `__jhash_final`.
#[inline]
fn fin(a: &mut u32, b: &mut u32, c: &mut u32) {
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(14));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(11));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(25));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(16));
    *a ^= *c;
    *a = a.wrapping_sub(c.rotate_left(4));
    *b ^= *a;
    *b = b.wrapping_sub(a.rotate_left(14));
    *c ^= *b;
    *c = c.wrapping_sub(b.rotate_left(24));
}

/// The kernel's `htab_map_hash`: `jhash2` over 32-bit words when the key
/// length is a multiple of 4, else `jhash` over bytes. On a little-endian
/// machine both read the key as little-endian words, 12 bytes a round,
/// and finish the same way, so one function computes either.
pub(crate) fn jhash(key: &[u8], initval: u32) -> u32 {
    let mut len = key.len();
    let init = JHASH_INITVAL.wrapping_add(len as u32).wrapping_add(initval);
    let (mut a, mut b, mut c) = (init, init, init);
    let word = |k: &[u8], at: usize| -> u32 {
        // The tail's missing bytes are zero, as jhash's byte-wise switch
        // adds nothing for them.
        let mut w = [0u8; 4];
        let end = k.len().min(at + 4);
        if at < end {
            w[..end - at].copy_from_slice(&k[at..end]);
        }
        u32::from_le_bytes(w)
    };
    let mut k = key;
    while len > 12 {
        a = a.wrapping_add(word(k, 0));
        b = b.wrapping_add(word(k, 4));
        c = c.wrapping_add(word(k, 8));
        mix(&mut a, &mut b, &mut c);
        len -= 12;
        k = &k[12..];
    }
    if len == 0 {
        return c;
    }
    a = a.wrapping_add(word(k, 0));
    b = b.wrapping_add(word(k, 4));
    c = c.wrapping_add(word(k, 8));
    fin(&mut a, &mut b, &mut c);
    c
}
