// eBPF-for-Windows' struct bpf_prog_info as commit b6a0fb84b (#510)
// created it, 72 bytes. Then #534 (aa09128ae) appended `type_uuid`, which
// is fine, and also inserted `type` after `id`, which moved `nr_map_ids`
// from 4 to 8 and `name` from 8 to 12. Project issue 15 listed #534 among
// the appends; the attribute, like the facts, says otherwise.
use extensible_abi::extensible_abi;

#[extensible_abi]
#[repr(C)]
#[derive(Clone, Copy)]
#[allow(non_camel_case_types)]
pub struct bpf_prog_info {
    #[abi(since = 1, offset = 0)]
    pub id: u32,
    #[abi(since = 2, offset = 4)]
    pub r#type: u32, // #534
    #[abi(since = 1, offset = 4)]
    pub nr_map_ids: u32,
    #[abi(since = 1, offset = 8)]
    pub name: [u8; 64],
    #[abi(since = 2, offset = 76)]
    pub type_uuid: [u32; 4], // #534: a GUID
}

fn main() {}
