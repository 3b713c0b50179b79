use extensible_abi::extensible_abi;

// A borrowing field is a mistake of its own, reported on the field type.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Args<'a> {
    #[abi(since = 1, offset = 0)]
    name: &'a [u8; 16],
}

fn main() {}
