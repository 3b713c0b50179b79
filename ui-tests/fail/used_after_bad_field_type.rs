use extensible_abi::{bytes_of, extensible_abi, ExtensibleAbi, Partial};

// A field type the tokens rule out is reported once; the struct stays
// usable, so its uses report nothing more.
#[extensible_abi(bytemuck, zerocopy)]
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Args {
    #[abi(since = 1, offset = 0)]
    pub enabled: bool,
    #[abi(since = 1, offset = 1)]
    pub _pad: [u8; 7],
}

fn main() {
    let args = Args::from_partial(&[1]).unwrap();
    let _ = Partial::new(args, 1).get(Args::FIELDS.enabled);
    let _ = bytes_of(&args);
    let _ = bytemuck::bytes_of(&args);
    let _ = Args::LAYOUT.versions;
}
