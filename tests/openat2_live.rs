//! The kernel's openat2(2) and `from_partial` agree on every buffer of the
//! example: the framework enforces the kernel's own rule.

#[path = "../examples/openat2.rs"]
mod example;

#[test]
fn kernel_and_framework_agree() {
    let cases = example::cases();
    let framework: Vec<_> = cases.iter().map(|c| example::framework(&c.bytes)).collect();
    // What the rule says, independent of both implementations.
    assert_eq!(framework, [Ok(()), Ok(()), Err(7)]);
    let kernel: Option<Vec<_>> = cases.iter().map(|c| example::kernel(&c.bytes)).collect();
    match kernel {
        None => println!("skipped the kernel half: openat2(2) is refused here (ENOSYS/EPERM)"),
        Some(kernel) => assert_eq!(kernel, framework),
    }
}

#[test]
fn kernel_agrees_on_every_tail_position() {
    // A non-zero byte at each position of a 64-byte open_how.
    let base = &example::cases()[1].bytes;
    for pos in 0..64 {
        let mut bytes = base.clone();
        bytes[pos] = 1;
        let Some(k) = example::kernel(&bytes) else {
            println!("skipped: openat2(2) is refused here (ENOSYS/EPERM)");
            return;
        };
        let f = example::framework(&bytes);
        if pos >= 24 {
            assert_eq!(f, Err(7), "pos {pos}");
            assert_eq!(k, f, "pos {pos}");
        } else {
            // Inside the known struct the byte is a flag or mode bit the
            // kernel itself validates (EINVAL for unknown flags): the
            // framework's job ends at accepting the struct.
            assert_eq!(f, Ok(()), "pos {pos}");
        }
    }
}
