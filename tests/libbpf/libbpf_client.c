/*
 * libbpf_client.c - libbpf (Debian's libbpf-dev 1.1) as a real client of
 * extensible-abi's in-process eBPF runtime.
 *
 * libbpf issues every bpf() system call as syscall(__NR_bpf, cmd, attr,
 * size) (its sys_bpf()), and closes fds with close(). This program puts
 * its own syscall() and close() in front of libc's, as userspace eBPF
 * runtimes do: while `use_runtime` is set, __NR_bpf goes to extabi_bpf()
 * and close() of a runtime fd to extabi_close(); everything else goes to
 * the kernel (libc's own syscall(), found with dlsym(RTLD_NEXT)).
 *
 * It runs the same sequence of libbpf calls once against the runtime and
 * once against the live kernel, in the same process, and compares return
 * values, errno, written lengths and every deterministic info field. It
 * exits non-zero on any mismatch, or when the runtime pass did not really
 * reach the runtime (counted calls, /proc/self/fd/N naming the runtime's
 * placeholder memfd "bpf-map" instead of the kernel's anon_inode:bpf-map).
 *
 * libbpf 1.1 has no bpf_map_get_info_by_fd/bpf_prog_get_info_by_fd/
 * bpf_btf_get_info_by_fd (added in 1.2): bpf_obj_get_info_by_fd, which
 * they wrap, is used; with libbpf >= 1.2 the typed ones are used.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/btf.h>

#include "extabi.h"

/* Where bpf() goes: the runtime (1) or the kernel (0). */
static volatile int use_runtime;
/* bpf() calls served by the runtime, and sent to the kernel. */
static long runtime_calls, kernel_calls;
/* close() calls that closed a runtime fd. */
static long runtime_closes;

typedef long (*syscall_fn)(long, ...);

/* libc's syscall(). */
static syscall_fn libc_syscall(void)
{
	static syscall_fn f;
	if (!f) {
		f = (syscall_fn)dlsym(RTLD_NEXT, "syscall");
		if (!f) {
			fprintf(stderr, "dlsym(RTLD_NEXT, \"syscall\"): %s\n", dlerror());
			abort();
		}
	}
	return f;
}

/* In front of libc's syscall(): libbpf's sys_bpf() lands here. */
long syscall(long nr, ...)
{
	va_list ap;
	long a[6];
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_bpf) {
		if (use_runtime) {
			__atomic_add_fetch(&runtime_calls, 1, __ATOMIC_RELAXED);
			return extabi_bpf((int)a[0], (union bpf_attr *)a[1], (unsigned int)a[2]);
		}
		__atomic_add_fetch(&kernel_calls, 1, __ATOMIC_RELAXED);
	}
	return libc_syscall()(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/*
 * In front of libc's close(): a runtime fd is closed by the runtime
 * (object and placeholder fd); any other fd is closed by the kernel.
 * extabi_close() fails with EBADF for an fd that is no runtime fd.
 */
int close(int fd)
{
	if (extabi_close(fd) == 0) {
		__atomic_add_fetch(&runtime_closes, 1, __ATOMIC_RELAXED);
		return 0;
	}
	return (int)syscall(SYS_close, fd);
}

/* ---- results ---------------------------------------------------------- */

#define MAX_RESULTS 128

struct result {
	const char *what;
	long value;
};

struct pass {
	const char *name;
	int n;
	struct result r[MAX_RESULTS];
};

/* Records one value of the current pass. */
static void rec(struct pass *p, const char *what, long value)
{
	if (p->n < MAX_RESULTS)
		p->r[p->n++] = (struct result){ what, value };
}

/* Records a libbpf call's result: its return value (or -1) and errno. */
static void rec_call(struct pass *p, const char *what, int ret, int err)
{
	char *buf;

	rec(p, what, ret < 0 ? -1 : 0);
	if (asprintf(&buf, "%s: errno", what) < 0)
		abort();
	rec(p, buf, ret < 0 ? err : 0);
}

/* Records a string as a hash (FNV-1a) of its bytes. */
static long hash(const void *data, size_t len)
{
	const unsigned char *b = data;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return (long)(h >> 1);
}

/* Whether /proc/self/fd/<fd> names `what` (e.g. "bpf-map"): the runtime's
 * placeholder memfd ("/memfd:bpf-map (deleted)") or the kernel's anon
 * inode ("anon_inode:bpf-map"). 1: the runtime's, 0: the kernel's, -1:
 * neither. */
static int fd_owner(int fd, const char *what)
{
	char path[64], link[256];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -1;
	link[n] = 0;
	if (strstr(link, "memfd:") && strstr(link, what))
		return 1;
	if (strstr(link, "anon_inode:") && strstr(link, what))
		return 0;
	return -1;
}

/* The typed info calls of libbpf >= 1.2, or the untyped one they wrap. */
#if LIBBPF_MAJOR_VERSION > 1 || LIBBPF_MINOR_VERSION >= 2
#define map_info(fd, info, len) bpf_map_get_info_by_fd(fd, info, len)
#define prog_info(fd, info, len) bpf_prog_get_info_by_fd(fd, info, len)
#define btf_info(fd, info, len) bpf_btf_get_info_by_fd(fd, info, len)
#else
#define map_info(fd, info, len) bpf_obj_get_info_by_fd(fd, info, len)
#define prog_info(fd, info, len) bpf_obj_get_info_by_fd(fd, info, len)
#define btf_info(fd, info, len) bpf_obj_get_info_by_fd(fd, info, len)
#endif

/* How many of the process's fds are BPF objects: the runtime's
 * placeholders (runtime = 1) or the kernel's (runtime = 0). */
static int open_bpf_fds(int runtime)
{
	int fd, n = 0;

	for (fd = 0; fd < 1024; fd++)
		if (fd_owner(fd, "bpf-") == runtime)
			n++;
	return n;
}

/* A tiny BTF blob: one 32-bit signed "int". */
struct tiny_btf {
	struct btf_header hdr;
	struct btf_type t;
	__u32 int_enc;
	char strings[5];
} __attribute__((packed));

static void tiny_btf(struct tiny_btf *b)
{
	memset(b, 0, sizeof(*b));
	b->hdr.magic = BTF_MAGIC;
	b->hdr.version = BTF_VERSION;
	b->hdr.hdr_len = sizeof(b->hdr);
	b->hdr.type_off = 0;
	b->hdr.type_len = sizeof(b->t) + sizeof(b->int_enc);
	b->hdr.str_off = b->hdr.type_len;
	b->hdr.str_len = sizeof(b->strings);
	b->t.name_off = 1;
	b->t.info = BTF_KIND_INT << 24;
	b->t.size = 4;
	b->int_enc = (BTF_INT_SIGNED << 24) | 32;
	memcpy(b->strings, "\0int", 5);
}

/* ---- the sequence of libbpf calls ------------------------------------ */

static void run(struct pass *p)
{
	int arr, hash_fd, prog, prog2, btf, bad, ret, owner;
	__u32 key, len;
	__u64 value, out;
	struct bpf_map_info minfo;
	struct bpf_prog_info pinfo;
	struct bpf_btf_info binfo;
	__u32 map_ids[4];
	unsigned char tag[BPF_TAG_SIZE];
	struct tiny_btf b, bcopy;
	unsigned char pkt[64], pkt_out[64], small_out[8];
	char log[4096];

	/* libbpf's public feature probes (they load and close objects). */
	rec(p, "libbpf_probe_bpf_prog_type(SOCKET_FILTER)",
	    libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_SOCKET_FILTER, NULL));
	rec(p, "libbpf_probe_bpf_prog_type(XDP)", libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_XDP, NULL));
	rec(p, "libbpf_probe_bpf_map_type(ARRAY)", libbpf_probe_bpf_map_type(BPF_MAP_TYPE_ARRAY, NULL));
	rec(p, "libbpf_probe_bpf_map_type(HASH)", libbpf_probe_bpf_map_type(BPF_MAP_TYPE_HASH, NULL));

	/* BPF_MAP_CREATE: an array and a no-prealloc hash. */
	errno = 0;
	arr = bpf_map_create(BPF_MAP_TYPE_ARRAY, "libbpf_arr", 4, 8, 4, NULL);
	rec_call(p, "bpf_map_create(array)", arr, errno);
	owner = arr >= 0 ? fd_owner(arr, "bpf-map") : -1;
	rec(p, "array fd belongs to the runtime", owner);
	{
		LIBBPF_OPTS(bpf_map_create_opts, mopts, .map_flags = BPF_F_NO_PREALLOC);
		errno = 0;
		hash_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "libbpf_hash", 8, 16, 32, &mopts);
		rec_call(p, "bpf_map_create(hash, BPF_F_NO_PREALLOC)", hash_fd, errno);
	}
	errno = 0;
	bad = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bad-name", 4, 8, 4, NULL);
	rec_call(p, "bpf_map_create(name with '-')", bad, errno);
	if (bad >= 0)
		close(bad);
	errno = 0;
	bad = bpf_map_create(BPF_MAP_TYPE_ARRAY, "zero_max", 4, 8, 0, NULL);
	rec_call(p, "bpf_map_create(max_entries 0)", bad, errno);
	if (bad >= 0)
		close(bad);

	/* BPF_MAP_UPDATE_ELEM / LOOKUP_ELEM. */
	key = 1;
	value = 0x1122334455667788ULL;
	errno = 0;
	ret = bpf_map_update_elem(arr, &key, &value, BPF_ANY);
	rec_call(p, "bpf_map_update_elem(array, 1)", ret, errno);
	errno = 0;
	ret = bpf_map_update_elem(arr, &key, &value, BPF_NOEXIST);
	rec_call(p, "bpf_map_update_elem(array, BPF_NOEXIST)", ret, errno);
	key = 4;
	errno = 0;
	ret = bpf_map_update_elem(arr, &key, &value, BPF_ANY);
	rec_call(p, "bpf_map_update_elem(array, key 4 of 4)", ret, errno);
	key = 1;
	out = 0;
	errno = 0;
	ret = bpf_map_lookup_elem(arr, &key, &out);
	rec_call(p, "bpf_map_lookup_elem(array, 1)", ret, errno);
	rec(p, "bpf_map_lookup_elem(array, 1): value", (long)out);
	key = 2;
	out = 7;
	errno = 0;
	ret = bpf_map_lookup_elem(arr, &key, &out);
	rec(p, "bpf_map_lookup_elem(array, 2): value (zero)", (long)out);
	rec_call(p, "bpf_map_lookup_elem(array, 2)", ret, errno);
	{
		__u64 hkey = 42;
		unsigned char hval[16], hout[16];
		memset(hval, 0xab, sizeof(hval));
		errno = 0;
		ret = bpf_map_lookup_elem(hash_fd, &hkey, hout);
		rec_call(p, "bpf_map_lookup_elem(hash, absent)", ret, errno);
		errno = 0;
		ret = bpf_map_update_elem(hash_fd, &hkey, hval, BPF_EXIST);
		rec_call(p, "bpf_map_update_elem(hash, BPF_EXIST, absent)", ret, errno);
		errno = 0;
		ret = bpf_map_update_elem(hash_fd, &hkey, hval, BPF_NOEXIST);
		rec_call(p, "bpf_map_update_elem(hash, BPF_NOEXIST)", ret, errno);
		memset(hout, 0, sizeof(hout));
		errno = 0;
		ret = bpf_map_lookup_elem(hash_fd, &hkey, hout);
		rec_call(p, "bpf_map_lookup_elem(hash, 42)", ret, errno);
		rec(p, "bpf_map_lookup_elem(hash, 42): value", hash(hout, sizeof(hout)));
	}

	/* BPF_MAP_GET_NEXT_KEY, BPF_MAP_DELETE_ELEM. */
	{
		__u32 k = 0, next = 99;
		errno = 0;
		ret = bpf_map_get_next_key(arr, NULL, &next);
		rec_call(p, "bpf_map_get_next_key(array, NULL)", ret, errno);
		rec(p, "bpf_map_get_next_key(array, NULL): key", next);
		k = 3;
		errno = 0;
		ret = bpf_map_get_next_key(arr, &k, &next);
		rec_call(p, "bpf_map_get_next_key(array, last)", ret, errno);
		errno = 0;
		ret = bpf_map_delete_elem(arr, &k);
		rec_call(p, "bpf_map_delete_elem(array)", ret, errno);
	}
	{
		__u64 hkey = 42, hnext = 0;
		errno = 0;
		ret = bpf_map_get_next_key(hash_fd, NULL, &hnext);
		rec_call(p, "bpf_map_get_next_key(hash, NULL)", ret, errno);
		rec(p, "bpf_map_get_next_key(hash, NULL): key", (long)hnext);
		errno = 0;
		ret = bpf_map_get_next_key(hash_fd, &hkey, &hnext);
		rec_call(p, "bpf_map_get_next_key(hash, last)", ret, errno);
		errno = 0;
		ret = bpf_map_delete_elem(hash_fd, &hkey);
		rec_call(p, "bpf_map_delete_elem(hash, 42)", ret, errno);
		errno = 0;
		ret = bpf_map_delete_elem(hash_fd, &hkey);
		rec_call(p, "bpf_map_delete_elem(hash, 42 again)", ret, errno);
	}

	/* BPF_MAP_GET_FD_BY_ID of the array's own id: a second fd to it. */
	memset(&minfo, 0, sizeof(minfo));
	len = sizeof(minfo);
	map_info(arr, &minfo, &len);
	errno = 0;
	ret = bpf_map_get_fd_by_id(minfo.id);
	rec_call(p, "bpf_map_get_fd_by_id(the array's id)", ret, errno);
	if (ret >= 0) {
		struct bpf_map_info again;
		__u32 alen = sizeof(again);
		rec(p, "map fd by id belongs to the runtime", fd_owner(ret, "bpf-map"));
		memset(&again, 0, sizeof(again));
		map_info(ret, &again, &alen);
		rec(p, "map fd by id: same id", again.id == minfo.id);
		close(ret);
	}

	/* BPF_ENABLE_STATS: an fd of its own kind. */
	errno = 0;
	ret = bpf_enable_stats(BPF_STATS_RUN_TIME);
	rec_call(p, "bpf_enable_stats(BPF_STATS_RUN_TIME)", ret, errno);
	if (ret >= 0) {
		rec(p, "stats fd belongs to the runtime", fd_owner(ret, "bpf-stats"));
		close(ret);
	}

	/* BPF_OBJ_GET_INFO_BY_FD of a map: full, short and larger lengths. */
	memset(&minfo, 0, sizeof(minfo));
	len = sizeof(minfo);
	errno = 0;
	ret = map_info(arr, &minfo, &len);
	rec_call(p, "map info", ret, errno);
	rec(p, "map info: info_len", len);
	rec(p, "map info: type", minfo.type);
	rec(p, "map info: id != 0", minfo.id != 0);
	rec(p, "map info: key_size", minfo.key_size);
	rec(p, "map info: value_size", minfo.value_size);
	rec(p, "map info: max_entries", minfo.max_entries);
	rec(p, "map info: map_flags", minfo.map_flags);
	rec(p, "map info: name", hash(minfo.name, sizeof(minfo.name)));
	rec(p, "map info: btf_id", minfo.btf_id);
	rec(p, "map info: map_extra", (long)minfo.map_extra);
	memset(&minfo, 0, sizeof(minfo));
	len = sizeof(minfo);
	errno = 0;
	ret = map_info(hash_fd, &minfo, &len);
	rec_call(p, "hash map info", ret, errno);
	rec(p, "hash map info: type", minfo.type);
	rec(p, "hash map info: map_flags", minfo.map_flags);
	rec(p, "hash map info: key/value/max", minfo.key_size << 20 | minfo.value_size << 10 | minfo.max_entries);
	memset(&minfo, 0, sizeof(minfo));
	len = 8;
	errno = 0;
	ret = map_info(arr, &minfo, &len);
	rec_call(p, "map info, info_len 8", ret, errno);
	rec(p, "map info, info_len 8: info_len", len);
	rec(p, "map info, info_len 8: type", minfo.type);
	rec(p, "map info, info_len 8: key_size (not written)", minfo.key_size);
	{
		unsigned char big[sizeof(minfo) + 16];
		memset(big, 0, sizeof(big));
		len = sizeof(big);
		errno = 0;
		ret = bpf_obj_get_info_by_fd(arr, big, &len);
		rec_call(p, "map info, info_len sizeof+16", ret, errno);
		rec(p, "map info, info_len sizeof+16: info_len", len);
		big[sizeof(minfo)] = 1;
		len = sizeof(big);
		errno = 0;
		ret = bpf_obj_get_info_by_fd(arr, big, &len);
		rec_call(p, "map info, non-zero tail", ret, errno);
	}

	/* BPF_BTF_LOAD and the BTF info. */
	tiny_btf(&b);
	errno = 0;
	btf = bpf_btf_load(&b, sizeof(b), NULL);
	rec_call(p, "bpf_btf_load(int)", btf, errno);
	memset(&binfo, 0, sizeof(binfo));
	memset(&bcopy, 0, sizeof(bcopy));
	binfo.btf = (unsigned long)&bcopy;
	binfo.btf_size = sizeof(bcopy);
	len = sizeof(binfo);
	errno = 0;
	ret = btf_info(btf, &binfo, &len);
	rec_call(p, "btf info", ret, errno);
	rec(p, "btf info: info_len", len);
	rec(p, "btf info: btf_size", binfo.btf_size);
	rec(p, "btf info: id != 0", binfo.id != 0);
	rec(p, "btf info: kernel_btf", binfo.kernel_btf);
	rec(p, "btf info: name_len", binfo.name_len);
	rec(p, "btf info: data equals what was loaded", memcmp(&b, &bcopy, sizeof(b)) == 0);
	memset(&binfo, 0, sizeof(binfo));
	binfo.btf = (unsigned long)&bcopy;
	binfo.btf_size = 8;
	len = sizeof(binfo);
	errno = 0;
	ret = btf_info(btf, &binfo, &len);
	rec_call(p, "btf info, btf_size 8", ret, errno);
	rec(p, "btf info, btf_size 8: btf_size", binfo.btf_size);
	{
		struct tiny_btf bb;
		LIBBPF_OPTS(bpf_btf_load_opts, bopts, .log_buf = log, .log_size = sizeof(log), .log_level = 1);
		tiny_btf(&bb);
		bb.hdr.magic = 0xbeef;
		errno = 0;
		ret = bpf_btf_load(&bb, sizeof(bb), NULL);
		rec_call(p, "bpf_btf_load(bad magic)", ret, errno);
		if (ret >= 0)
			close(ret);
		tiny_btf(&bb);
		bb.hdr.str_len = 100;
		errno = 0;
		ret = bpf_btf_load(&bb, sizeof(bb), &bopts);
		rec_call(p, "bpf_btf_load(str_len past the end, log)", ret, errno);
		if (ret >= 0)
			close(ret);
	}

	/* BPF_PROG_LOAD: r0 = 42; exit, and one referencing the array map. */
	{
		struct bpf_insn insns[] = {
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 42 },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		struct bpf_insn insns2[] = {
			{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1,
			  .src_reg = BPF_PSEUDO_MAP_FD, .imm = arr },
			{ 0 },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 7 },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		struct bpf_insn bad_insns[] = {
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
		};
		LIBBPF_OPTS(bpf_prog_load_opts, popts);
		errno = 0;
		prog = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "libbpf_prog", "GPL", insns, 2, &popts);
		rec_call(p, "bpf_prog_load(r0 = 42)", prog, errno);
		rec(p, "prog fd belongs to the runtime", prog >= 0 ? fd_owner(prog, "bpf-prog") : -1);
		errno = 0;
		prog2 = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "libbpf_prog2", "Dual BSD/GPL", insns2, 4, &popts);
		rec_call(p, "bpf_prog_load(with a map)", prog2, errno);
		errno = 0;
		ret = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bad-name", "GPL", insns, 2, &popts);
		rec_call(p, "bpf_prog_load(name with '-')", ret, errno);
		if (ret >= 0)
			close(ret);
		errno = 0;
		ret = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "no_insns", "GPL", insns, 0, &popts);
		rec_call(p, "bpf_prog_load(0 insns)", ret, errno);
		if (ret >= 0)
			close(ret);
		{
			LIBBPF_OPTS(bpf_prog_load_opts, lopts, .log_buf = log, .log_size = sizeof(log),
				    .log_level = 1);
			errno = 0;
			ret = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "no_exit", "GPL", bad_insns, 1,
					    &lopts);
			rec_call(p, "bpf_prog_load(no exit, log_level 1)", ret, errno);
			if (ret >= 0)
				close(ret);
			errno = 0;
			ret = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "no_exit", "GPL", bad_insns, 1,
					    &popts);
			rec_call(p, "bpf_prog_load(no exit, no log)", ret, errno);
			if (ret >= 0)
				close(ret);
		}
	}

	/* BPF_OBJ_GET_INFO_BY_FD of the programs. */
	memset(&pinfo, 0, sizeof(pinfo));
	len = sizeof(pinfo);
	errno = 0;
	ret = prog_info(prog, &pinfo, &len);
	rec_call(p, "prog info", ret, errno);
	rec(p, "prog info: info_len", len);
	rec(p, "prog info: type", pinfo.type);
	rec(p, "prog info: id != 0", pinfo.id != 0);
	rec(p, "prog info: tag", hash(pinfo.tag, sizeof(pinfo.tag)));
	rec(p, "prog info: name", hash(pinfo.name, sizeof(pinfo.name)));
	rec(p, "prog info: xlated_prog_len", pinfo.xlated_prog_len);
	rec(p, "prog info: nr_map_ids", pinfo.nr_map_ids);
	rec(p, "prog info: gpl_compatible", pinfo.gpl_compatible);
	rec(p, "prog info: created_by_uid", pinfo.created_by_uid);
	memcpy(tag, pinfo.tag, sizeof(tag));
	printf("[%s] prog tag %02x%02x%02x%02x%02x%02x%02x%02x, jited_prog_len %u (not compared)\n",
	       p->name, tag[0], tag[1], tag[2], tag[3], tag[4], tag[5], tag[6], tag[7],
	       pinfo.jited_prog_len);
	{
		struct bpf_insn xl[8];
		memset(&pinfo, 0, sizeof(pinfo));
		memset(xl, 0, sizeof(xl));
		memset(map_ids, 0, sizeof(map_ids));
		pinfo.nr_map_ids = 4;
		pinfo.map_ids = (unsigned long)map_ids;
		pinfo.xlated_prog_len = sizeof(xl);
		pinfo.xlated_prog_insns = (unsigned long)xl;
		len = sizeof(pinfo);
		errno = 0;
		ret = prog_info(prog2, &pinfo, &len);
		rec_call(p, "prog2 info", ret, errno);
		rec(p, "prog2 info: nr_map_ids", pinfo.nr_map_ids);
		memset(&minfo, 0, sizeof(minfo));
		{
			__u32 mlen = sizeof(minfo);
			map_info(arr, &minfo, &mlen);
		}
		rec(p, "prog2 info: map_ids[0] is the array's id", map_ids[0] == minfo.id);
		rec(p, "prog2 info: gpl_compatible (Dual BSD/GPL)", pinfo.gpl_compatible);
		rec(p, "prog2 info: xlated_prog_len", pinfo.xlated_prog_len);
		rec(p, "prog2 info: xlated insn 2 (r0 = 7)", hash(&xl[2], 2 * sizeof(xl[0])));
		rec(p, "prog2 info: tag", hash(pinfo.tag, sizeof(pinfo.tag)));
	}

	/* BPF_PROG_TEST_RUN. */
	memset(pkt, 0, sizeof(pkt));
	pkt[12] = 0x08; /* ETH_P_IP */
	{
		LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt, .data_size_in = sizeof(pkt),
			    .data_out = pkt_out, .data_size_out = sizeof(pkt_out), .repeat = 1);
		memset(pkt_out, 0, sizeof(pkt_out));
		errno = 0;
		ret = bpf_prog_test_run_opts(prog, &topts);
		rec_call(p, "bpf_prog_test_run_opts(r0 = 42)", ret, errno);
		rec(p, "test run: retval", topts.retval);
		rec(p, "test run: data_size_out", topts.data_size_out);
		rec(p, "test run: data_out", hash(pkt_out, sizeof(pkt_out)));
	}
	{
		LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt, .data_size_in = sizeof(pkt),
			    .data_out = small_out, .data_size_out = sizeof(small_out));
		errno = 0;
		ret = bpf_prog_test_run_opts(prog2, &topts);
		rec_call(p, "bpf_prog_test_run_opts(data_out too small)", ret, errno);
		rec(p, "test run (small out): retval", topts.retval);
		rec(p, "test run (small out): data_size_out", topts.data_size_out);
	}
	{
		LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = pkt, .data_size_in = 4);
		errno = 0;
		ret = bpf_prog_test_run_opts(prog, &topts);
		rec_call(p, "bpf_prog_test_run_opts(4-byte packet)", ret, errno);
	}

	/* close() through libbpf's path, then the fd is gone: EBADF. */
	close(prog);
	close(prog2);
	close(btf);
	close(hash_fd);
	close(arr);
	memset(&minfo, 0, sizeof(minfo));
	len = sizeof(minfo);
	errno = 0;
	ret = map_info(arr, &minfo, &len);
	rec_call(p, "map info after close()", ret, errno);
}

int main(int argc, char **argv)
{
	struct pass *rt = calloc(1, sizeof(*rt)), *k = calloc(1, sizeof(*k));
	long rt_calls, rt_kcalls, rt_closes, k_calls;
	int i, failures = 0;
	/* libbpf caches its internal feature probes (memcg accounting, prog
	 * names) per process: the first pass answers them. */
	int kernel_first = argc > 1 && !strcmp(argv[1], "kernel-first");

	if (!rt || !k)
		return 2;
	rt->name = "runtime";
	k->name = "kernel";
	printf("libbpf %d.%d, %s pass first\n", LIBBPF_MAJOR_VERSION, LIBBPF_MINOR_VERSION,
	       kernel_first ? "kernel" : "runtime");

	if (kernel_first) {
		run(k);
		k_calls = kernel_calls;
		if (runtime_calls || runtime_closes) {
			printf("MISMATCH: the kernel pass reached the runtime\n");
			failures++;
		}
	}
	use_runtime = 1;
	run(rt);
	use_runtime = 0;
	rt_calls = runtime_calls;
	rt_kcalls = kernel_calls - (kernel_first ? k_calls : 0);
	rt_closes = runtime_closes;
	if (!kernel_first) {
		run(k);
		k_calls = kernel_calls - rt_kcalls;
	}

	for (i = 0; i < rt->n || i < k->n; i++) {
		const struct result *a = i < rt->n ? &rt->r[i] : NULL;
		const struct result *b = i < k->n ? &k->r[i] : NULL;
		/* Which backend the fds belong to differs by design. */
		int ownership = a && strstr(a->what, "belongs to the runtime");
		if (!a || !b || strcmp(a->what, b->what)) {
			printf("MISMATCH: result %d differs in kind\n", i);
			failures++;
			continue;
		}
		if (ownership) {
			int ok = a->value == 1 && b->value == 0;
			printf("%s %s: runtime %ld, kernel %ld\n", ok ? "ok" : "MISMATCH", a->what,
			       a->value, b->value);
			failures += !ok;
			continue;
		}
		if (a->value == b->value) {
			printf("ok %s: %ld\n", a->what, a->value);
		} else {
			printf("MISMATCH %s: runtime %ld, kernel %ld\n", a->what, a->value, b->value);
			failures++;
		}
	}
	printf("%s bpf() calls libbpf made in the runtime pass: %ld to the runtime, %ld to the kernel\n",
	       rt_calls > 0 && rt_kcalls == 0 ? "ok" : "MISMATCH", rt_calls, rt_kcalls);
	if (!(rt_calls > 0 && rt_kcalls == 0))
		failures++;
	printf("%s close() calls that closed runtime fds in the runtime pass: %ld; in the kernel pass: %ld\n",
	       rt_closes > 0 && runtime_closes == rt_closes ? "ok" : "MISMATCH", rt_closes,
	       runtime_closes - rt_closes);
	if (!(rt_closes > 0 && runtime_closes == rt_closes))
		failures++;
	printf("bpf() calls in the kernel pass: %ld\n", k_calls);
	{
		/* Every fd libbpf and this program opened was closed through
		 * close(): no placeholder and no kernel bpf fd is left. */
		int left_rt = open_bpf_fds(1), left_k = open_bpf_fds(0);
		int ok = left_rt == 0 && left_k == 0;
		printf("%s fds left open after both passes: %d runtime placeholders, %d kernel bpf fds\n",
		       ok ? "ok" : "MISMATCH", left_rt, left_k);
		failures += !ok;
	}
	if (failures) {
		printf("FAILED: %d mismatches between the runtime and the kernel\n", failures);
		return 1;
	}
	printf("PASSED: libbpf against the runtime agrees with libbpf against the kernel\n");
	return 0;
}
