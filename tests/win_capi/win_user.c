/*
 * A C program written the way an eBPF-for-Windows user writes one:
 * bpf_map_create, bpf_prog_load with an LDDW map reference,
 * ebpf_program_attach_by_fds, then bpf_obj_get_info_by_fd and bpf() on
 * each object, under each get-info rule, with every info_len from 0 to
 * sizeof + 16, a non-zero tail, oversized and NULL arguments, and a short
 * nr_map_ids. Each answer is checked against what extabi_win.h documents
 * for the rule, written out here on its own.
 *
 * Prints each failure and a count; exits 1 if anything failed.
 */
#include "extabi_win.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The layouts the facts list for eBPF-for-Windows on x64. */
_Static_assert(sizeof(GUID) == 16 && _Alignof(GUID) == 4, "GUID");
_Static_assert(sizeof(struct bpf_map_info) == 96, "bpf_map_info");
_Static_assert(offsetof(struct bpf_map_info, name) == 20, "bpf_map_info.name");
_Static_assert(offsetof(struct bpf_map_info, map_flags) == 84, "bpf_map_info.map_flags");
_Static_assert(offsetof(struct bpf_map_info, pinned_path_count) == 92, "pinned_path_count");
_Static_assert(sizeof(struct bpf_prog_info) == 128, "bpf_prog_info");
_Static_assert(offsetof(struct bpf_prog_info, map_ids) == 16, "bpf_prog_info.map_ids");
_Static_assert(offsetof(struct bpf_prog_info, name) == 24, "bpf_prog_info.name");
_Static_assert(offsetof(struct bpf_prog_info, type_uuid) == 88, "bpf_prog_info.type_uuid");
_Static_assert(offsetof(struct bpf_prog_info, link_count) == 124, "bpf_prog_info.link_count");
_Static_assert(sizeof(struct bpf_link_info) == 56, "bpf_link_info");
_Static_assert(_Alignof(struct bpf_link_info) == 8, "bpf_link_info alignment");
_Static_assert(offsetof(struct bpf_link_info, program_type_uuid) == 32, "program_type_uuid");
_Static_assert(offsetof(struct bpf_link_info, xdp) == 48, "bpf_link_info union");
_Static_assert(sizeof(sys_bpf_obj_info_attr_t) == 16, "sys_bpf_obj_info_attr_t");
_Static_assert(sizeof(sys_bpf_map_info_t) == 40, "sys_bpf_map_info_t");
_Static_assert(sizeof(sys_bpf_prog_info_t) == 80, "sys_bpf_prog_info_t");
_Static_assert(sizeof(sys_bpf_link_info_t) == 12, "sys_bpf_link_info_t");
_Static_assert(sizeof(sys_bpf_map_create_attr_t) == 48, "sys_bpf_map_create_attr_t");
_Static_assert(offsetof(sys_bpf_prog_load_attr_t, log_true_size) == 140, "log_true_size");
_Static_assert(sizeof(union bpf_attr) == 144, "union bpf_attr");
_Static_assert(sizeof(struct bpf_insn) == 8, "bpf_insn");
_Static_assert(sizeof(struct bpf_map_create_opts) == 48, "bpf_map_create_opts");
_Static_assert(offsetof(struct bpf_prog_load_opts, log_buf) == 96, "bpf_prog_load_opts");

static int checks, failures;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        checks++;                                                          \
        if (!(cond)) {                                                     \
            failures++;                                                    \
            printf("FAIL %s:%d [%s]: ", __FILE__, __LINE__, rule_name); \
            printf(__VA_ARGS__);                                           \
            printf("\n");                                                  \
        }                                                                  \
    } while (0)

static const char *rule_name = "setup";
static int rule;

static const char MAP_NAME[] = "a_map_for_issue_4160"; /* longer than bpf()'s 16 */
static const char PROG_NAME[] = "c_prog";
#define IFINDEX 7

struct objects {
    int map, map2, prog, link;
    struct bpf_map_info map_info;   /* as Linux's rule reports it */
    struct bpf_prog_info prog_info;
    struct bpf_link_info link_info;
};

/* The answer extabi_win.h documents for bpf_obj_get_info_by_fd. */
static int expect_direct(int is_prog, __u32 len, __u32 size)
{
    switch (rule) {
    case EXTABI_WIN_RULE_PRE_4286:
        return len < size ? -ENOBUFS : 0;
    case EXTABI_WIN_RULE_V1_5:
        if (len == 0)
            return -EINVAL;
        if (is_prog && len < offsetof(struct bpf_prog_info, name))
            return -EINVAL;
        return 0;
    default:
        return 0;
    }
}

/* Every info_len from 0 to size + 16, with a zero tail; past info_len the
 * caller's memory holds 0xCC, which no call may touch. */
static void sweep_direct(const char *what, int fd, int is_prog, __u32 size, const void *full)
{
    unsigned char buf[256];
    for (__u32 len = 0; len <= size + 16; len++) {
        memset(buf, 0, len);
        memset(buf + len, 0xCC, sizeof(buf) - len);
        __u32 info_len = len;
        errno = 0;
        int ret = bpf_obj_get_info_by_fd(fd, buf, &info_len);
        int want = expect_direct(is_prog, len, size);
        CHECK(ret == want, "%s, info_len %u: returned %d, expected %d", what, len, ret, want);
        if (ret != want)
            continue;
        if (want < 0) {
            CHECK(errno == -want, "%s, info_len %u: errno %d", what, len, errno);
            CHECK(info_len == len, "%s, info_len %u: changed to %u on failure", what, len, info_len);
            continue;
        }
        __u32 n = len < size ? len : size;
        CHECK(info_len == n, "%s, info_len %u: reported %u, expected %u", what, len, info_len, n);
        CHECK(memcmp(buf, full, n) == 0, "%s, info_len %u: wrong bytes", what, len);
        int tail_ok = 1, canary_ok = 1;
        for (__u32 i = n; i < len; i++)
            tail_ok &= buf[i] == 0;
        for (size_t i = len; i < sizeof(buf); i++)
            canary_ok &= buf[i] == 0xCC;
        CHECK(tail_ok, "%s, info_len %u: the tail past sizeof was written", what, len);
        CHECK(canary_ok, "%s, info_len %u: wrote past info_len", what, len);
    }
}

/* A field set past sizeof, oversized lengths, NULL pointers. */
static void edges_direct(const char *what, int fd, __u32 size)
{
    unsigned char buf[256] = {0};
    __u32 info_len = size + 8;
    buf[size + 4] = 1;
    errno = 0;
    int ret = bpf_obj_get_info_by_fd(fd, buf, &info_len);
    if (rule == EXTABI_WIN_RULE_LINUX) {
        CHECK(ret == -E2BIG && errno == E2BIG, "%s, non-zero tail: %d (errno %d)", what, ret, errno);
    } else {
        /* Windows never looks past its struct. */
        CHECK(ret == 0 && info_len == size, "%s, non-zero tail: %d, info_len %u", what, ret,
              info_len);
    }

    info_len = 65520; /* 16 + 65520 does not fit the IOCTL's u16 length */
    ret = bpf_obj_get_info_by_fd(fd, buf, &info_len);
    int want = rule == EXTABI_WIN_RULE_V1_5 ? -EOTHER
               : rule == EXTABI_WIN_RULE_LINUX ? -E2BIG
                                                : -EINVAL; /* wraps below the header */
    CHECK(ret == want && errno == -want, "%s, info_len 65520: %d (errno %d)", what, ret, errno);

    info_len = size;
    ret = bpf_obj_get_info_by_fd(fd, NULL, &info_len);
    want = rule == EXTABI_WIN_RULE_V1_5 ? 0 : rule == EXTABI_WIN_RULE_LINUX ? -EFAULT : -EINVAL;
    CHECK(ret == want, "%s, NULL info: %d, expected %d", what, ret, want);
    CHECK(info_len == size, "%s, NULL info: info_len became %u", what, info_len);
    ret = bpf_obj_get_info_by_fd(fd, buf, NULL);
    want = rule == EXTABI_WIN_RULE_LINUX ? -EFAULT : -EINVAL;
    CHECK(ret == want, "%s, NULL info_len: %d, expected %d", what, ret, want);
    ret = bpf_obj_get_info_by_fd(9999, buf, &info_len);
    CHECK(ret == -EBADF && errno == EBADF, "%s, bad fd: %d", what, ret);
}

/* nr_map_ids smaller than the program's two maps, then enough. */
static void map_ids(const struct objects *o)
{
    __u32 ids[2] = {0, 0};
    struct bpf_prog_info info;
    memset(&info, 0, sizeof(info));
    info.nr_map_ids = 1;
    info.map_ids = (uintptr_t)ids;
    __u32 len = sizeof(info);
    errno = 0;
    int ret = bpf_obj_get_info_by_fd(o->prog, &info, &len);
    CHECK(ids[0] == o->map_info.id && ids[1] == 0, "short nr_map_ids: ids %u %u", ids[0], ids[1]);
    if (rule == EXTABI_WIN_RULE_LINUX) {
        /* Clamped: success, and nr_map_ids says how many there are. */
        CHECK(ret == 0 && info.nr_map_ids == 2 && info.id == o->prog_info.id,
              "short nr_map_ids: %d, nr_map_ids %u", ret, info.nr_map_ids);
    } else {
        /* EFAULT after the ids, and the info struct not copied back. */
        CHECK(ret == -EFAULT && errno == EFAULT, "short nr_map_ids: %d (errno %d)", ret, errno);
        CHECK(info.id == 0 && info.nr_map_ids == 1, "short nr_map_ids: info copied back");
    }

    memset(&info, 0, sizeof(info));
    ids[0] = ids[1] = 0;
    info.nr_map_ids = 2;
    info.map_ids = (uintptr_t)ids;
    ret = bpf_obj_get_info_by_fd(o->prog, &info, &len);
    CHECK(ret == 0 && ids[1] != 0 && ids[0] != ids[1] && info.nr_map_ids == 2,
          "nr_map_ids 2: %d, ids %u %u", ret, ids[0], ids[1]);
}

/* bpf(BPF_OBJ_GET_INFO_BY_FD) with a Linux-shaped map info buffer. */
static void sweep_bpf_map(const struct objects *o)
{
    /* What v1.5.0's conversion writes: Linux's prefix, the name cut to 15. */
    sys_bpf_map_info_t sys;
    memset(&sys, 0, sizeof(sys));
    sys.type = o->map_info.type;
    sys.id = o->map_info.id;
    sys.key_size = o->map_info.key_size;
    sys.value_size = o->map_info.value_size;
    sys.max_entries = o->map_info.max_entries;
    sys.map_flags = o->map_info.map_flags;
    memcpy(sys.name, MAP_NAME, SYS_BPF_OBJ_NAME_LEN - 1);

    unsigned char buf[256];
    for (__u32 len = 0; len <= sizeof(struct bpf_map_info) + 16; len++) {
        memset(buf, 0, len);
        memset(buf + len, 0xCC, sizeof(buf) - len);
        union bpf_attr attr;
        memset(&attr, 0, sizeof(attr));
        attr.info.bpf_fd = (uint32_t)o->map;
        attr.info.info_len = len;
        attr.info.info = (uintptr_t)buf;
        int ret = bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr.info));
        const void *want_bytes = &sys;
        __u32 size = sizeof(sys), reported;
        int want = 0;
        if (rule == EXTABI_WIN_RULE_PRE_4286) {
            /* The native struct, passed straight through. */
            want_bytes = &o->map_info;
            size = sizeof(o->map_info);
            want = len < size ? -ENOBUFS : 0;
        }
        __u32 n = len < size ? len : size;
        reported = rule == EXTABI_WIN_RULE_V1_5 ? len /* never written back */
                   : want < 0                   ? len
                                                : n;
        CHECK(ret == want, "bpf() map, info_len %u: returned %d, expected %d", len, ret, want);
        CHECK(attr.info.info_len == reported, "bpf() map, info_len %u: reported %u, expected %u",
              len, attr.info.info_len, reported);
        if (want < 0)
            continue;
        CHECK(memcmp(buf, want_bytes, n) == 0, "bpf() map, info_len %u: wrong bytes", len);
        int rest_ok = 1;
        for (size_t i = n; i < sizeof(buf); i++)
            rest_ok &= buf[i] == (i < len ? 0 : 0xCC);
        CHECK(rest_ok, "bpf() map, info_len %u: wrote past %u", len, n);
    }

    /* A field set past the Linux prefix, inside 48 bytes. */
    memset(buf, 0, sizeof(buf));
    buf[44] = 1;
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.info.bpf_fd = (uint32_t)o->map;
    attr.info.info_len = 48;
    attr.info.info = (uintptr_t)buf;
    int ret = bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr.info));
    int want = rule == EXTABI_WIN_RULE_LINUX ? -E2BIG
               : rule == EXTABI_WIN_RULE_V1_5 ? -EINVAL
                                               : -ENOBUFS; /* 48 < the native 96 */
    CHECK(ret == want, "bpf() map, non-zero tail: %d, expected %d", ret, want);

    /* eBPF-for-Windows has no BPF_LINK_CREATE (Linux's 28). */
    memset(&attr, 0, sizeof(attr));
    CHECK(bpf(28, &attr, sizeof(attr)) == -EINVAL, "bpf(BPF_LINK_CREATE)");
}

/* bpf() on a program: Linux 4.15's 80-byte struct, then asking for the
 * JIT image, which Windows does not have. */
static void bpf_prog(const struct objects *o)
{
    sys_bpf_prog_info_t info;
    memset(&info, 0, sizeof(info));
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.info.bpf_fd = (uint32_t)o->prog;
    attr.info.info_len = sizeof(info);
    attr.info.info = (uintptr_t)&info;
    int ret = bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr.info));
    if (rule == EXTABI_WIN_RULE_PRE_4286) {
        CHECK(ret == -ENOBUFS, "bpf() prog, 80 bytes: %d", ret);
        return;
    }
    CHECK(ret == 0 && info.type == BPF_PROG_TYPE_XDP && info.id == o->prog_info.id &&
              info.nr_map_ids == 2 && strcmp(info.name, PROG_NAME) == 0,
          "bpf() prog: %d, type %u, id %u", ret, info.type, info.id);
    memset(&info, 0, sizeof(info));
    info.jited_prog_len = 1;
    ret = bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr.info));
    CHECK(ret == -EINVAL, "bpf() prog, jited_prog_len: %d", ret);
}

static struct objects setup(void)
{
    struct objects o;
    memset(&o, 0, sizeof(o));
    o.map = bpf_map_create(BPF_MAP_TYPE_ARRAY, MAP_NAME, 4, 8, 2, NULL);
    struct bpf_map_create_opts opts = {.sz = sizeof(opts)};
    o.map2 = bpf_map_create(BPF_MAP_TYPE_HASH, "second", 4, 4, 16, &opts);
    CHECK(o.map >= 3 && o.map2 >= 3, "bpf_map_create: %d %d (errno %d)", o.map, o.map2, errno);

    __u32 key = 1;
    __u64 value = 0x4160, got = 0;
    CHECK(bpf_map_update_elem(o.map, &key, &value, 0) == 0, "bpf_map_update_elem");
    CHECK(bpf_map_lookup_elem(o.map, &key, &got) == 0 && got == 0x4160, "bpf_map_lookup_elem");
    opts.map_flags = 1;
    errno = 0;
    CHECK(bpf_map_create(BPF_MAP_TYPE_HASH, "x", 4, 4, 1, &opts) == -EINVAL && errno == EINVAL,
          "map_flags is refused");

    /* r1 = map (LDDW, src 1), r2 = map2, r0 = 0, exit */
    struct bpf_insn insns[] = {
        {.code = 0x18, .dst_reg = 1, .src_reg = 1, .imm = o.map},
        {.code = 0},
        {.code = 0x18, .dst_reg = 2, .src_reg = 1, .imm = o.map2},
        {.code = 0},
        {.code = 0xb7, .dst_reg = 0, .imm = 0},
        {.code = 0x95},
    };
    o.prog = bpf_prog_load(BPF_PROG_TYPE_XDP, PROG_NAME, "MIT", insns, 6, NULL);
    CHECK(o.prog >= 3, "bpf_prog_load: %d (errno %d)", o.prog, errno);

    ebpf_attach_type_t xdp = EBPF_ATTACH_TYPE_XDP_GUID;
    uint32_t ifindex = IFINDEX;
    fd_t link = -1;
    ebpf_result_t r = ebpf_program_attach_by_fds(o.prog, &xdp, &ifindex, sizeof(ifindex), &link);
    CHECK(r == EBPF_SUCCESS && link >= 3, "ebpf_program_attach_by_fds: %d", r);
    o.link = link;

    /* The reference answers, checked field by field against what was made. */
    __u32 len = sizeof(o.map_info);
    CHECK(bpf_obj_get_info_by_fd(o.map, &o.map_info, &len) == 0 && len == 96, "map info");
    CHECK(o.map_info.id != 0 && o.map_info.type == BPF_MAP_TYPE_ARRAY &&
              o.map_info.key_size == 4 && o.map_info.value_size == 8 &&
              o.map_info.max_entries == 2 && strcmp(o.map_info.name, MAP_NAME) == 0,
          "map info fields");
    len = sizeof(o.prog_info);
    CHECK(bpf_obj_get_info_by_fd(o.prog, &o.prog_info, &len) == 0 && len == 128, "prog info");
    ebpf_program_type_t xdp_prog = EBPF_PROGRAM_TYPE_XDP_GUID;
    CHECK(o.prog_info.id != 0 && o.prog_info.type == BPF_PROG_TYPE_XDP &&
              o.prog_info.nr_map_ids == 2 && o.prog_info.link_count == 1 &&
              strcmp(o.prog_info.name, PROG_NAME) == 0 &&
              memcmp(&o.prog_info.type_uuid, &xdp_prog, sizeof(GUID)) == 0,
          "prog info fields");
    len = sizeof(o.link_info);
    CHECK(bpf_obj_get_info_by_fd(o.link, &o.link_info, &len) == 0 && len == 56, "link info");
    CHECK(o.link_info.prog_id == o.prog_info.id && o.link_info.type == BPF_LINK_TYPE_XDP &&
              o.link_info.attach_type == BPF_XDP && o.link_info.xdp.ifindex == IFINDEX &&
              memcmp(&o.link_info.attach_type_uuid, &xdp, sizeof(GUID)) == 0 &&
              memcmp(&o.link_info.program_type_uuid, &xdp_prog, sizeof(GUID)) == 0,
          "link info fields");
    return o;
}

int main(void)
{
    static const char *const names[] = {"pre-#4286", "v1.5.0", "linux"};
    CHECK(extabi_win_set_rule(3) == -EINVAL && errno == EINVAL, "an unknown rule");
    CHECK(extabi_win_get_rule() == EXTABI_WIN_RULE_V1_5, "the default rule");
    extabi_win_set_rule(EXTABI_WIN_RULE_LINUX);
    struct objects o = setup();

    for (rule = EXTABI_WIN_RULE_PRE_4286; rule <= EXTABI_WIN_RULE_LINUX; rule++) {
        rule_name = names[rule];
        CHECK(extabi_win_set_rule(rule) == 0 && extabi_win_get_rule() == rule, "set_rule");
        int before = checks;
        sweep_direct("map", o.map, 0, sizeof(struct bpf_map_info), &o.map_info);
        sweep_direct("prog", o.prog, 1, sizeof(struct bpf_prog_info), &o.prog_info);
        sweep_direct("link", o.link, 0, sizeof(struct bpf_link_info), &o.link_info);
        edges_direct("map", o.map, sizeof(struct bpf_map_info));
        edges_direct("prog", o.prog, sizeof(struct bpf_prog_info));
        edges_direct("link", o.link, sizeof(struct bpf_link_info));
        map_ids(&o);
        sweep_bpf_map(&o);
        bpf_prog(&o);
        printf("rule %s: %d checks\n", rule_name, checks - before);
    }

    rule_name = "teardown";
    CHECK(ebpf_close_fd(o.link) == EBPF_SUCCESS, "close link");
    CHECK(ebpf_close_fd(o.link) == EBPF_INVALID_FD, "close link twice");
    CHECK(ebpf_close_fd(o.prog) == EBPF_SUCCESS && ebpf_close_fd(o.map) == EBPF_SUCCESS &&
              ebpf_close_fd(o.map2) == EBPF_SUCCESS,
          "close");
    printf("extabi_win: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
