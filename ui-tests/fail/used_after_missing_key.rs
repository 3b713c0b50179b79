use extensible_abi::{bytes_of, extensible_abi, ExtensibleAbi, Partial};

// A mistake in the keys is reported once, on the attribute: the impls are
// still emitted (with placeholders), so every use of the struct below
// compiles without an error of its own.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub flags: u64,
    #[abi(since = 2)]
    pub mode: u64,
}

const SIZE: usize = Args::LAYOUT.size;

fn main() {
    let args = Args::from_partial(&[1, 0, 0, 0]).unwrap();
    let view = Partial::new(args, SIZE);
    let _: Option<u64> = view.get(Args::FIELDS.mode);
    let _: &[u8] = bytes_of(&args);
    let _ = Args::FIELDS.flags.offset();
    let _: <Args as ExtensibleAbi>::Fields = Args::FIELDS;
}
