//! The BTF reader over arbitrary blobs: never a panic, and whatever it
//! accepts can be walked completely (every type, member, name, size).
#![no_main]

use extensible_abi_bpf::btf::{Btf, BtfIndex, Types};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(btf) = Btf::parse(data) else { return };
    let mut n = 0u32;
    for ty in btf.types() {
        n += 1;
        let _ = btf.name(ty.name_off());
        let _ = (ty.size(), ty.type_id(), ty.array(), ty.int_encoding(), ty.record_len());
        for m in ty.members() {
            let _ = btf.name(m.name_off);
        }
        for v in ty.enum_values() {
            let _ = btf.name(v.name_off);
        }
        for p in ty.params() {
            let _ = btf.name(p.name_off);
        }
        for _ in ty.datasec_vars() {}
    }
    assert_eq!(n, btf.nr_types());
    // Resolution is bounded even through typedef cycles and huge arrays.
    let index = BtfIndex::new(btf);
    for id in 0..=n {
        let _ = index.size_of(id);
    }
});
