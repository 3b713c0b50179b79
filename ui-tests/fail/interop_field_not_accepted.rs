use extensible_abi::extensible_abi;

/// zerocopy can read it, but it has padding, so it is not `IntoBytes`.
#[derive(Clone, Copy, zerocopy::FromBytes, zerocopy::Immutable)]
#[repr(C)]
pub struct Padded {
    pub tag: u8,
    pub value: u32,
}

/// All zeroes is valid, but not every bit pattern: only `Zeroable`.
#[derive(Clone, Copy, bytemuck::Zeroable)]
#[repr(C)]
pub struct Flag {
    pub set: bool,
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub padded: Padded,
    #[abi(since = 1, offset = 8)]
    pub flag: Flag,
    #[abi(since = 1, offset = 9)]
    pub _pad: [u8; 3],
}

fn main() {}
