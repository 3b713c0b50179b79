use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
struct Info {
    #[abi(since = "4.16", offset = 0)]
    ifindex: u32,
    #[abi(since = "5.6", offset = 4, padding_since = "5.6")]
    btf_vmlinux_value_type_id: u32,
    #[abi(since = "4.16", offset = 8)]
    netns_dev: u64,
}

fn main() {}
