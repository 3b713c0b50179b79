use extensible_abi::{extensible_abi, ExtensibleAbi, Partial};

// A generic struct is reported once; the impls are still emitted, generic
// and bounded so they add no error, and the uses below add nothing.
#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Args<'a, T, const N: usize> {
    #[abi(since = 1, offset = 0)]
    pub flags: [T; N],
    #[abi(since = 1, offset = 8)]
    pub name: &'a str,
}

fn main() {
    let args = Args::<u32, 2>::from_partial(&[]).unwrap();
    let _: Option<[u32; 2]> = Partial::new(args, 8).get(Args::<u32, 2>::FIELDS.flags);
    let _ = <Args<'static, u8, 1> as ExtensibleAbi>::LAYOUT.fields;
}
