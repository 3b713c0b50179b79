// A type of the user's with its own `unsafe impl Pod`, as a field and in
// an array: the framework's blanket impl for `#[extensible_abi]` structs
// (through the hidden `PodStruct`) leaves users free to implement `Pod`.
use extensible_abi::{extensible_abi, ExtensibleAbi, Partial, Pod};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Fd {
    pub raw: u32,
}

// SAFETY: one `u32`: no padding, and every bit pattern is a valid `Fd`.
unsafe impl Pod for Fd {}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub fd: Fd,
    #[abi(since = 2, offset = 4)]
    pub more: [Fd; 3],
}

fn assert_pod<T: Pod>() {}

fn main() {
    assert_pod::<Args>();
    let args = Args::from_partial(&[3]).unwrap();
    assert_eq!(args.fd, Fd { raw: 3 });
    assert_eq!(Partial::new(args, 4).get(Args::FIELDS.fd), Some(Fd { raw: 3 }));
    assert_eq!(Partial::new(args, 4).get(Args::FIELDS.more), None);
}
