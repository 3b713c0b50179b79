// `read_sized` and `read_with_header` need the struct to declare where its
// size is; a struct without one is refused when the call is compiled.
use extensible_abi::user::{self, HeaderRule, SimMemory};
use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Plain {
    #[abi(since = 1, offset = 0)]
    a: u64,
}

fn main() {
    let mut mem = SimMemory::new();
    let _ = user::read_sized::<Plain, _>(&mut mem, 0x1000, 4096);
    let _ = user::read_with_header::<Plain, _>(&mem, 0x1000, 4096, HeaderRule::Extensible);
}
