use extensible_abi::extensible_abi;

#[extensible_abi(crat = "extensible_abi", zerocopy = true, bytemuck, bytemuck, since = 1)]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub flags: u64,
}

#[extensible_abi(crate = "extensible abi")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Other {
    #[abi(since = 1, offset = 0)]
    pub flags: u64,
}

#[extensible_abi(crate = 1, crate = "::extensible_abi", crate = "::extensible_abi")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Third {
    #[abi(since = 1, offset = 0)]
    pub flags: u64,
}

fn main() {}
