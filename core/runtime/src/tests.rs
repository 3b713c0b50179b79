use super::*;
use extensible_abi::user::SimMemory;
use std::prelude::rust_2021::*;

#[test]
fn attr_size_follows_the_release() {
    assert_eq!(attr_size_at(NEWEST_LEVEL), attr::BPF_ATTR_SIZE);
    // union bpf_attr grew with its largest member; it never shrank.
    let mut last = 0;
    for level in [release(3, 18), release(4, 15), release(5, 4), release(6, 1), NEWEST_LEVEL] {
        let size = attr_size_at(level);
        assert!(size >= last && size.is_multiple_of(8), "{level:#x}: {size}");
        last = size;
    }
}

#[test]
fn uniform_checks_come_first() {
    let rt = Runtime::new();
    let mut mem = SimMemory::new();
    let attr = mem.alloc(PAGE_SIZE + 8);
    // Over a page: E2BIG, whatever the command.
    assert_eq!(
        rt.bpf(&mut mem, 999, attr, PAGE_SIZE as u32 + 1).unwrap_err().errno(),
        errno::E2BIG
    );
    // A non-zero byte past sizeof(union bpf_attr): E2BIG, before the
    // command is even looked at.
    mem.write(attr + attr::BPF_ATTR_SIZE as u64 + 5, &[1]).unwrap();
    assert_eq!(rt.bpf(&mut mem, 999, attr, 4096).unwrap_err().errno(), errno::E2BIG);
    // A bad pointer: EFAULT.
    assert_eq!(rt.bpf(&mut mem, 0, 0x10, 8).unwrap_err().errno(), errno::EFAULT);
    // An unknown command: EINVAL.
    assert_eq!(rt.bpf(&mut mem, 999, attr, 8).unwrap_err().errno(), errno::EINVAL);
    // CHECK_ATTR: delete reads map_fd and key only; a byte in `value` is EINVAL.
    mem.write(attr + 16, &[1]).unwrap();
    assert_eq!(
        rt.bpf(&mut mem, attr::BPF_MAP_DELETE_ELEM, attr, 24).unwrap_err().errno(),
        errno::EINVAL
    );
}

#[test]
fn older_levels_do_not_know_newer_commands() {
    let rt = Runtime::with_abi_level(release(5, 4));
    let mut mem = SimMemory::new();
    let attr = mem.alloc(64);
    // LINK_CREATE came in 5.7.
    assert_eq!(
        rt.bpf(&mut mem, attr::BPF_LINK_CREATE, attr, 64).unwrap_err().errno(),
        errno::EINVAL
    );
    // A 5.4 attr is smaller: a byte past it is E2BIG there, not on 6.18.
    let size = rt.attr_size();
    assert!(size < attr::BPF_ATTR_SIZE);
}

/// Any number of threads may share one runtime.
#[test]
fn runtime_is_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Runtime>();
}
