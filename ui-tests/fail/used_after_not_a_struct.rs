use extensible_abi::{extensible_abi, ExtensibleAbi};

// Not a struct with named fields: reported once; the impls are still
// emitted (with no fields) so the uses below add nothing.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Args(u64, u64);

#[extensible_abi]
#[repr(u32)]
#[derive(Clone, Copy)]
pub enum Cmd {
    MapCreate,
}

fn main() {
    let _ = Args::from_partial(&[]);
    let _ = Args::LAYOUT.size;
    let _ = Cmd::LAYOUT.name;
    let _ = Cmd::FIELDS;
}
