use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
union Attr {
    map_create: [u64; 4],
    prog_load: [u64; 8],
}

fn main() {}
