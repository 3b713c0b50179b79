use super::*;
use crate::testing::Fixture;
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
    let mut t = Fixture::new();
    let attr = t.mem.alloc(PAGE_SIZE + 8);
    // Over a page: E2BIG, whatever the command.
    assert_eq!(t.bpf(999, attr, PAGE_SIZE as u32 + 1), Err(errno::E2BIG));
    // A non-zero byte past sizeof(union bpf_attr): E2BIG, before the
    // command is even looked at.
    t.mem.write(attr + attr::BPF_ATTR_SIZE as u64 + 5, &[1]).unwrap();
    assert_eq!(t.bpf(999, attr, 4096), Err(errno::E2BIG));
    // A bad pointer: EFAULT.
    assert_eq!(t.bpf(attr::BPF_MAP_CREATE, 0x10, 8), Err(errno::EFAULT));
    // An unknown command: EINVAL.
    assert_eq!(t.bpf(999, attr, 8), Err(errno::EINVAL));
    // CHECK_ATTR: delete reads map_fd and key only; a byte in `value` is EINVAL.
    t.mem.write(attr + 16, &[1]).unwrap();
    assert_eq!(t.bpf(attr::BPF_MAP_DELETE_ELEM, attr, 24), Err(errno::EINVAL));
}

#[test]
fn older_levels_do_not_know_newer_commands() {
    let mut t = Fixture::at(release(5, 4));
    let attr = t.mem.alloc(64);
    // LINK_CREATE came in 5.7.
    assert_eq!(t.bpf(attr::BPF_LINK_CREATE, attr, 64), Err(errno::EINVAL));
    // A 5.4 attr is smaller: a byte past it is E2BIG there, not on 6.18.
    let size = t.rt.attr_size();
    assert!(size < attr::BPF_ATTR_SIZE);
}

/// Any number of threads may share one runtime.
#[test]
fn runtime_is_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Runtime>();
}
