use extensible_abi::extensible_abi;

#[repr(u32)]
#[derive(Clone, Copy)]
pub enum MapType {
    Hash = 1,
    Array = 2,
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub map_type: MapType,
}

fn main() {}
