/*
 * A C caller built against this machine's <linux/bpf.h> (Linux 6.1) asks
 * the in-process runtime (Linux 6.18 structs) and the kernel the same
 * questions, with the struct sizes its header has, plus an older caller's
 * 24-byte bpf_map_info. Both answer by Linux's rule: min(info_len, sizeof)
 * bytes written, that length reported.
 *
 * Build and run: bash examples/c/run.sh
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "extabi.h"

typedef long (*bpf_fn)(int cmd, union bpf_attr *attr, unsigned int size);

static long sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
	return syscall(SYS_bpf, cmd, attr, size);
}

static void ask(const char *who, bpf_fn bpf, int (*close_fn)(int))
{
	union bpf_attr attr;
	struct bpf_map_info info;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 16;
	/* The smallest size covering the fields set (libbpf's offsetofend). */
	fd = bpf(BPF_MAP_CREATE, &attr, offsetof(union bpf_attr, max_entries) + 4);
	if (fd < 0) {
		printf("%-10s map create: %s\n", who, strerror(errno));
		return;
	}
	/* A 4.13 caller (24 bytes), this header's size, and a future caller's
	 * 256 bytes with a zero tail. */
	unsigned int lens[] = { 24, sizeof(info), 256 };

	for (unsigned int i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		unsigned int len = lens[i];
		unsigned char buf[256];

		memset(buf, 0, sizeof(buf));
		memset(&attr, 0, sizeof(attr));
		attr.info.bpf_fd = fd;
		attr.info.info_len = len;
		attr.info.info = (unsigned long)buf;
		if (bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr.info)) < 0) {
			printf("%-10s info_len %3u: %s\n", who, len, strerror(errno));
			continue;
		}
		memcpy(&info, buf, sizeof(info));
		printf("%-10s info_len %3u: wrote %3u bytes, max_entries %u\n", who, len,
		       attr.info.info_len, info.max_entries);
	}
	close_fn(fd);
}

int main(void)
{
	printf("struct bpf_map_info in this header: %zu bytes\n", sizeof(struct bpf_map_info));
	ask("runtime", extabi_bpf, extabi_close);
	ask("linux", sys_bpf, close);
	return 0;
}
