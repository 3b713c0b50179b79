use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
enum Cmd {
    MapCreate,
    MapLookup,
}

fn main() {}
