/*
 * The C entry point against the live kernel: the same calls through
 * extabi_bpf() and through syscall(SYS_bpf), compared (result sign, errno,
 * lengths written back, deterministic info fields). Built against the
 * system's <linux/bpf.h> (an older header than the running kernel: an old
 * caller) and core/capi/include/extabi.h by tests/capi.rs.
 *
 * Prints one line per check; exits 0 when every check agrees, 1 otherwise.
 * A check whose command the runtime does not implement yet (EOPNOTSUPP)
 * is printed as "pending", not failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "extabi.h"

static int failures;
static int pending;

struct res {
	long r;
	int err;
};

static struct res sys(int cmd, void *attr, unsigned size)
{
	struct res x;
	errno = 0;
	x.r = syscall(SYS_bpf, cmd, attr, size);
	x.err = x.r < 0 ? errno : 0;
	return x;
}

static struct res rt(int cmd, void *attr, unsigned size)
{
	struct res x;
	errno = 0;
	x.r = extabi_bpf(cmd, attr, size);
	x.err = x.r < 0 ? errno : 0;
	return x;
}

/* Same outcome: both fail with the same errno, or both succeed (fd
 * values are each backend's own, so only success is compared for them). */
static int same(const char *what, struct res k, struct res r)
{
	int ok = (k.r < 0) == (r.r < 0) && k.err == r.err;
	if (!ok && r.err == EOPNOTSUPP && k.err != EOPNOTSUPP) {
		printf("pending %s: runtime EOPNOTSUPP (not implemented), kernel %ld errno %d\n", what, k.r, k.err);
		pending++;
		return 0;
	}
	printf("%s %s: kernel %ld errno %d, runtime %ld errno %d\n", ok ? "ok" : "MISMATCH", what, k.r, k.err, r.r, r.err);
	if (!ok)
		failures++;
	return ok;
}

static void same_u32(const char *what, unsigned k, unsigned r)
{
	printf("%s %s: kernel %u runtime %u\n", k == r ? "ok" : "MISMATCH", what, k, r);
	if (k != r)
		failures++;
}

/* One thread's work: maps created, filled, read and closed through the
 * one process-wide runtime, concurrently with the other threads. Returns
 * the number of calls that did not do what they should. */
static void *worker(void *arg)
{
	long bad = 0;
	unsigned seed = (unsigned)(unsigned long)arg;

	for (int round = 0; round < 200; round++) {
		union bpf_attr a;
		unsigned key = round % 4;
		unsigned long long val = seed * 1000ull + round, out = 0;
		long fd;

		memset(&a, 0, sizeof(a));
		a.map_type = BPF_MAP_TYPE_HASH;
		a.key_size = 4;
		a.value_size = 8;
		a.max_entries = 4;
		fd = extabi_bpf(BPF_MAP_CREATE, &a, sizeof(a));
		if (fd < 0) {
			bad++;
			continue;
		}
		memset(&a, 0, sizeof(a));
		a.map_fd = (unsigned)fd;
		a.key = (unsigned long)&key;
		a.value = (unsigned long)&val;
		if (extabi_bpf(BPF_MAP_UPDATE_ELEM, &a, sizeof(a)) != 0)
			bad++;
		a.value = (unsigned long)&out;
		if (extabi_bpf(BPF_MAP_LOOKUP_ELEM, &a, sizeof(a)) != 0 || out != val)
			bad++;
		if (extabi_close((int)fd) != 0)
			bad++;
	}
	return (void *)bad;
}

int main(void)
{
	unsigned char big[8192];
	union bpf_attr a;
	struct res k, r;

	/* The uniform path. */
	memset(big, 0, sizeof(big));
	same("size 4097: E2BIG", sys(BPF_MAP_CREATE, big, 4097), rt(BPF_MAP_CREATE, big, 4097));
	big[168] = 1;
	same("non-zero byte 168 of 169: E2BIG", sys(BPF_MAP_CREATE, big, 169), rt(BPF_MAP_CREATE, big, 169));
	big[168] = 0;
	same("unknown command 1000: EINVAL", sys(1000, big, 8), rt(1000, big, 8));
	same("command -1: EINVAL", sys(-1, big, 8), rt(-1, big, 8));
	same("attr at an unmapped address: EFAULT", sys(BPF_MAP_CREATE, (void *)8, 8),
	     rt(BPF_MAP_CREATE, (void *)8, 8));
	memset(&a, 0, sizeof(a));
	a.value = 1; /* DELETE_ELEM reads map_fd and key only */
	same("CHECK_ATTR (DELETE_ELEM with value set): EINVAL", sys(BPF_MAP_DELETE_ELEM, &a, sizeof(a)),
	     rt(BPF_MAP_DELETE_ELEM, &a, sizeof(a)));
	memset(&a, 0, sizeof(a));
	a.start_id = 0x7ffffff0;
	same("MAP_GET_FD_BY_ID of an id nobody has: ENOENT", sys(BPF_MAP_GET_FD_BY_ID, &a, sizeof(a)),
	     rt(BPF_MAP_GET_FD_BY_ID, &a, sizeof(a)));
	errno = 0;
	{
		int c = extabi_close(12345);
		int e = errno;
		printf("%s extabi_close of an fd the runtime never gave: %d errno %d\n",
		       c == -1 && e == EBADF ? "ok" : "MISMATCH", c, e);
		if (!(c == -1 && e == EBADF))
			failures++;
	}

	/* A map in both: create, update, lookup, info with an old caller's
	 * info_len, close. */
	{
		union bpf_attr ka, ra;
		memset(&ka, 0, sizeof(ka));
		ka.map_type = BPF_MAP_TYPE_ARRAY;
		ka.key_size = 4;
		ka.value_size = 8;
		ka.max_entries = 4;
		strcpy(ka.map_name, "capi_map");
		ra = ka;
		k = sys(BPF_MAP_CREATE, &ka, sizeof(ka));
		r = rt(BPF_MAP_CREATE, &ra, sizeof(ra));
		if (same("MAP_CREATE of an array map", k, r) && k.r >= 0) {
			int kfd = (int)k.r, rfd = (int)r.r;
			unsigned key = 2;
			unsigned long long val = 0x1122334455667788ull, kout = 0, rout = 0;
			struct bpf_map_info ki, ri;
			unsigned char *page;

			memset(&ka, 0, sizeof(ka));
			ka.map_fd = kfd;
			ka.key = (unsigned long)&key;
			ka.value = (unsigned long)&val;
			ra = ka;
			ra.map_fd = rfd;
			same("MAP_UPDATE_ELEM", sys(BPF_MAP_UPDATE_ELEM, &ka, sizeof(ka)),
			     rt(BPF_MAP_UPDATE_ELEM, &ra, sizeof(ra)));
			ka.value = (unsigned long)&kout;
			ra.value = (unsigned long)&rout;
			if (same("MAP_LOOKUP_ELEM", sys(BPF_MAP_LOOKUP_ELEM, &ka, sizeof(ka)),
				 rt(BPF_MAP_LOOKUP_ELEM, &ra, sizeof(ra))))
				same_u32("looked-up value (low half)", (unsigned)kout, (unsigned)rout);
			key = 9;
			ka.value = (unsigned long)&kout;
			ra.value = (unsigned long)&rout;
			same("MAP_LOOKUP_ELEM past max_entries: ENOENT", sys(BPF_MAP_LOOKUP_ELEM, &ka, sizeof(ka)),
			     rt(BPF_MAP_LOOKUP_ELEM, &ra, sizeof(ra)));
			ka.key = 8;
			ra.key = 8;
			same("MAP_LOOKUP_ELEM with an unmapped key: EFAULT", sys(BPF_MAP_LOOKUP_ELEM, &ka, sizeof(ka)),
			     rt(BPF_MAP_LOOKUP_ELEM, &ra, sizeof(ra)));

			/* Info as a 4.15 caller: info_len 40. */
			memset(&ki, 0xa5, sizeof(ki));
			memset(&ri, 0xa5, sizeof(ri));
			memset(&ki, 0, 40);
			memset(&ri, 0, 40);
			memset(&ka, 0, sizeof(ka));
			ka.info.bpf_fd = kfd;
			ka.info.info_len = 40;
			ka.info.info = (unsigned long)&ki;
			ra = ka;
			ra.info.bpf_fd = rfd;
			ra.info.info = (unsigned long)&ri;
			if (same("OBJ_GET_INFO_BY_FD, info_len 40", sys(BPF_OBJ_GET_INFO_BY_FD, &ka, sizeof(ka)),
				 rt(BPF_OBJ_GET_INFO_BY_FD, &ra, sizeof(ra)))) {
				same_u32("info_len written back", ka.info.info_len, ra.info.info_len);
				same_u32("info.type", ki.type, ri.type);
				same_u32("info.key_size", ki.key_size, ri.key_size);
				same_u32("info.value_size", ki.value_size, ri.value_size);
				same_u32("info.max_entries", ki.max_entries, ri.max_entries);
				same_u32("info.map_flags", ki.map_flags, ri.map_flags);
				same_u32("info.name equal", 0, (unsigned)memcmp(ki.name, ri.name, sizeof(ki.name)));
				same_u32("bytes past info_len untouched", 0,
					 (unsigned)memcmp((char *)&ki + 40, (char *)&ri + 40, sizeof(ki) - 40));
			}
			/* Info into a read-only page: EFAULT. */
			page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (page != MAP_FAILED) {
				ka.info.info_len = 40;
				ka.info.info = (unsigned long)page;
				ra.info.info_len = 40;
				ra.info.info = (unsigned long)page;
				same("OBJ_GET_INFO_BY_FD into a read-only page: EFAULT",
				     sys(BPF_OBJ_GET_INFO_BY_FD, &ka, sizeof(ka)),
				     rt(BPF_OBJ_GET_INFO_BY_FD, &ra, sizeof(ra)));
				munmap(page, 4096);
			}
			close(kfd);
			{
				int c = extabi_close(rfd);
				printf("%s extabi_close of the runtime map: %d\n", c == 0 ? "ok" : "MISMATCH", c);
				if (c != 0)
					failures++;
			}
		}
	}

	/* OBJ_GET_INFO_BY_FD of an fd that is not open: EBADFD. */
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = 0x7f7f7f7f;
	same("OBJ_GET_INFO_BY_FD of a closed fd: EBADFD", sys(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)),
	     rt(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)));

	/* A program in both: r0 = 42; exit, run once on a 64-byte packet. */
	{
		struct bpf_insn insns[2];
		const char license[] = "GPL";
		union bpf_attr ka, ra;
		unsigned char pkt[64], kout[64], rout[64];

		memset(insns, 0, sizeof(insns));
		insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
		insns[0].imm = 42;
		insns[1].code = BPF_JMP | BPF_EXIT;
		memset(&ka, 0, sizeof(ka));
		ka.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
		ka.insn_cnt = 2;
		ka.insns = (unsigned long)insns;
		ka.license = (unsigned long)license;
		strcpy(ka.prog_name, "capi_prog");
		ra = ka;
		k = sys(BPF_PROG_LOAD, &ka, sizeof(ka));
		r = rt(BPF_PROG_LOAD, &ra, sizeof(ra));
		if (same("PROG_LOAD of a socket filter", k, r) && k.r >= 0) {
			int kfd = (int)k.r, rfd = (int)r.r;
			for (unsigned i = 0; i < sizeof(pkt); i++)
				pkt[i] = (unsigned char)i;
			memset(kout, 0xa5, sizeof(kout));
			memset(rout, 0xa5, sizeof(rout));
			memset(&ka, 0, sizeof(ka));
			ka.test.prog_fd = kfd;
			ka.test.data_in = (unsigned long)pkt;
			ka.test.data_size_in = sizeof(pkt);
			ka.test.data_out = (unsigned long)kout;
			ka.test.data_size_out = 16; /* too small: ENOSPC after copying 16 bytes */
			ra = ka;
			ra.test.prog_fd = rfd;
			ra.test.data_out = (unsigned long)rout;
			if (same("PROG_TEST_RUN with a short data_out: ENOSPC", sys(BPF_PROG_TEST_RUN, &ka, sizeof(ka)),
				 rt(BPF_PROG_TEST_RUN, &ra, sizeof(ra)))) {
				same_u32("retval", ka.test.retval, ra.test.retval);
				same_u32("data_size_out written back", ka.test.data_size_out, ra.test.data_size_out);
				same_u32("data_out bytes equal", 0, (unsigned)memcmp(kout, rout, sizeof(kout)));
			}
			ka.test.data_size_out = sizeof(kout);
			ra.test.data_size_out = sizeof(rout);
			if (same("PROG_TEST_RUN", sys(BPF_PROG_TEST_RUN, &ka, sizeof(ka)),
				 rt(BPF_PROG_TEST_RUN, &ra, sizeof(ra))))
				same_u32("retval", ka.test.retval, ra.test.retval);
			close(kfd);
			extabi_close(rfd);
		}
	}

	/* A NULL attr of size 0 is an all-zero attr, as in the kernel. */
	same("MAP_GET_FD_BY_ID with attr NULL, size 0: id 0 is ENOENT", sys(BPF_MAP_GET_FD_BY_ID, NULL, 0),
	     rt(BPF_MAP_GET_FD_BY_ID, NULL, 0));

	/* Eight threads at once through the one runtime. */
	{
		pthread_t t[8];
		long total = 0;
		for (unsigned i = 0; i < 8; i++)
			pthread_create(&t[i], NULL, worker, (void *)(unsigned long)(i + 1));
		for (unsigned i = 0; i < 8; i++) {
			void *r;
			pthread_join(t[i], &r);
			total += (long)r;
		}
		printf("%s 8 threads x 200 create/update/lookup/close rounds: %ld failed calls\n",
		       total ? "MISMATCH" : "ok", total);
		if (total)
			failures++;
	}

	printf("%d mismatches, %d pending\n", failures, pending);
	return failures ? 1 : 0;
}
