/*
 * extabi.h - the C entry point of extensible-abi's in-process eBPF runtime.
 *
 * extabi_bpf() has exactly the contract of syscall(SYS_bpf, cmd, attr, size),
 * served by one process-wide runtime instead of the kernel: the same attr
 * rules (size > 4096: E2BIG; a non-zero byte past sizeof(union bpf_attr):
 * E2BIG; a non-zero byte past the command's last field: EINVAL), the same
 * errno, the same lengths written back, for callers built against any
 * <linux/bpf.h>.
 *
 * Build the library with
 *   cargo build --release -p extensible-abi-capi
 * which makes target/release/libextabi.a and libextabi.so; link with
 * -lextabi (a static link also needs the libraries
 *   cargo rustc -p extensible-abi-capi --release -- --print native-static-libs
 * lists; on glibc: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc).
 */
#ifndef EXTABI_H
#define EXTABI_H

#include <linux/bpf.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * bpf(cmd, attr, size) on the in-process runtime.
 *
 * cmd:  an enum bpf_cmd value (an unknown one, or a negative one: EINVAL).
 * attr: a union bpf_attr (or any prefix or extension of it) of `size`
 *       bytes, in this process's memory. Every address inside it (info,
 *       log_buf, key, value, insns, ...) is this process's own pointer.
 *       Unmapped or read-only addresses give EFAULT, as in the kernel;
 *       they never crash the process.
 * size: the attr's size in bytes (at most 4096).
 *
 * Returns the command's result (0, or a new runtime fd), or -1 with errno
 * set to the errno the kernel would give. Thread-safe.
 *
 * The fds are real file descriptors of the process: each is a placeholder
 * memfd ("/memfd:bpf-map (deleted)", bpf-prog, bpf-btf, bpf-link,
 * bpf-stats in /proc/self/fd) that nothing else uses, so their numbers
 * never collide with the process's files. Close them with extabi_close().
 * A plain close(2) of one is safe but closes only the placeholder: the
 * object stays alive, unreachable. A program that routes bpf() to the
 * runtime (for example with its own syscall() in front of libc's, as
 * libbpf calls syscall(__NR_bpf, ...)) should therefore route close() too:
 *
 *     int close(int fd)
 *     {
 *             if (extabi_close(fd) == 0)
 *                     return 0;
 *             return (int)syscall(SYS_close, fd);
 *     }
 *
 * The runtime never calls close(2) while holding its lock, so such a
 * wrapper may call back into it (see tests/libbpf/libbpf_client.c).
 */
long extabi_bpf(int cmd, union bpf_attr *attr, unsigned int size);

/*
 * Closes an fd extabi_bpf() returned: the object's reference and the
 * placeholder file descriptor. Returns 0, or -1 with errno EBADF when fd is
 * no live runtime fd (never handed out, already closed, or its placeholder
 * closed by a plain close(2) - the file now at that number, if any, is left
 * open for the caller's real close).
 */
int extabi_close(int fd);

#ifdef __cplusplus
}
#endif

#endif /* EXTABI_H */
