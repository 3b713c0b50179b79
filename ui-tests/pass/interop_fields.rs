// Fields whose types implement zerocopy's `FromBytes + IntoBytes +
// Immutable` or `bytemuck::Pod`, and not our `Pod` (which their crates
// could not implement for them, nor could we): accepted as they are.
use extensible_abi::{bytes_of, extensible_abi, ExtensibleAbi, Partial};
use zerocopy::byteorder::{big_endian, little_endian};

/// A type of the user's with only bytemuck's traits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct Rgba {
    pub rgba: [u8; 4],
}

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packet {
    #[abi(since = 1, offset = 0)]
    pub len: little_endian::U32,
    #[abi(since = 1, offset = 4)]
    pub port: big_endian::U16,
    #[abi(since = 1, offset = 6)]
    pub ports: [big_endian::U16; 3],
    #[abi(since = 2, offset = 12)]
    pub colour: Rgba,
    #[abi(since = 2, offset = 16)]
    pub colours: [Rgba; 2],
}

fn main() {
    let wire = [5, 0, 0, 0, 0x1f, 0x90, 0, 1, 0, 2, 0, 3];
    let p = Packet::from_partial(&wire).unwrap();
    assert_eq!(p.len.get(), 5);
    assert_eq!(p.port.get(), 8080);
    assert_eq!(p.ports.map(|x| x.get()), [1, 2, 3]);
    assert_eq!(p.colour, Rgba { rgba: [0; 4] });
    assert_eq!(&bytes_of(&p)[..12], &wire);

    let view = Partial::new(p, wire.len());
    assert_eq!(view.get(Packet::FIELDS.port).map(|x| x.get()), Some(8080));
    assert_eq!(view.get(Packet::FIELDS.colour), None);
    assert_eq!(Packet::LAYOUT.versions[0].size, 12);
    assert_eq!(Packet::LAYOUT.field("colours").unwrap().size, 8);
}
