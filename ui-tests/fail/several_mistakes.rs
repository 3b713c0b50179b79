use extensible_abi::extensible_abi;

// Every mistake the macro can see in the tokens is reported in one build.
#[extensible_abi]
#[derive(Clone, Copy)]
#[abi(version = 4, size = 32)]
struct Args<T> {
    #[abi(since = 2, offset = 4)]
    flags: u64,
    mode: u64,
    #[abi(since = 1, offset = 16, colour = "red")]
    resolve: T,
    #[abi(since = 2)]
    enabled: bool,
}

fn main() {}
