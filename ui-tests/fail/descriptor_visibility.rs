// A field's descriptor has the field's visibility, and the descriptors'
// type takes no name in the struct's module.
mod inner {
    use extensible_abi::extensible_abi;

    #[extensible_abi]
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct Args {
        #[abi(since = 1, offset = 0)]
        pub public: u32,
        #[abi(since = 1, offset = 4)]
        private: u32,
    }
}

use extensible_abi::ExtensibleAbi;

fn main() {
    let _ = inner::Args::FIELDS.public;
    let _ = inner::Args::FIELDS.private;
    let _: inner::ArgsFields;
}
