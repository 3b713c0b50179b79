/*
 * extabi_win.h - eBPF-for-Windows' get-info API, for C programs on this
 * machine: the structs with eBPF-for-Windows' names and x64 layouts
 * (v1.5.0), and the functions an eBPF-for-Windows program calls, with
 * libbpf's signatures, served by an in-process profile of its runtime
 * (crate extensible-abi-win) whose get-info rule the program chooses.
 *
 * Build the library with
 *   cargo build --release --workspace
 * which makes target/release/libextabi_win.a and libextabi_win.so; link
 * with -lextabi_win (a static link also needs the libraries
 *   cargo rustc -p extensible-abi-win-capi --release --crate-type staticlib \
 *       -- --print native-static-libs
 * lists; on glibc: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc).
 *
 * The functions carry libbpf's names (bpf, bpf_map_create, ...), as
 * eBPF-for-Windows' own library does: link this library instead of
 * libbpf, never beside it. Do not include <linux/bpf.h> with this header:
 * its structs share names with these and differ.
 *
 * Errors. The libbpf-style functions return a negative errno and set
 * errno; bpf() returns a negative errno and leaves errno alone; ebpf_*
 * functions return an ebpf_result_t. eBPF-for-Windows reports MSVC errno
 * values; here each is the Linux errno of the same name (ENOBUFS is 105,
 * ENOTSUP is Linux's 95), and EOTHER, which Linux lacks, is
 * EXTABI_WIN_EOTHER. A bad pointer is EFAULT (or EBPF_INVALID_POINTER),
 * never a crash. fds are the runtime's own numbers (from 3), not the
 * process's file descriptors: close them with ebpf_close_fd().
 */
#ifndef EXTABI_WIN_H
#define EXTABI_WIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Linux's <asm-generic/int-ll64.h> types, so <linux/types.h> may coexist. */
typedef unsigned char __u8;
typedef signed short __s16;
typedef unsigned short __u16;
typedef signed int __s32;
typedef unsigned int __u32;
typedef unsigned long long __u64;

typedef int32_t fd_t;
typedef uint32_t ebpf_id_t;

/* ------------------------------------------------------------------ */
/* The get-info rule                                                   */
/* ------------------------------------------------------------------ */

/*
 * EXTABI_WIN_RULE_PRE_4286: as v0.2.0 ... Release-v0.20.0 shipped it (the
 *   bug of eBPF-for-Windows issue #4160).
 *   bpf_obj_get_info_by_fd: info_len below the runtime's sizeof (0
 *   included) is -ENOBUFS; NULL info or info_len is -EINVAL; a longer
 *   buffer succeeds with *info_len = sizeof, its tail never looked at.
 *   bpf(): the info buffer is the native struct below, passed straight
 *   through, attr.info.info_len written back.
 *
 * EXTABI_WIN_RULE_V1_5: as v1.5.0 (#4286, Release-v0.21.0, and #4208,
 *   #5200, #3980, #4360).
 *   bpf_obj_get_info_by_fd: any 0 < info_len copies min(info_len, sizeof)
 *   bytes and sets *info_len to that; info_len 0 is -EINVAL; for a
 *   program, info_len below offsetof(struct bpf_prog_info, name) (24) is
 *   -EINVAL; info_len >= 65520 is -EOTHER; NULL info succeeds without
 *   writing anything; a longer buffer's tail is never looked at.
 *   bpf(): the info buffer is a sys_bpf_*_info_t (Linux's prefix): a
 *   shorter one is zero-extended and info_len bytes are written; a longer
 *   one needs a zero tail (else -EINVAL); attr.info.info_len is never
 *   written back.
 *
 * EXTABI_WIN_RULE_LINUX: Linux's rule, the fix this project proposes, on
 *   both paths: any info_len (up to 4096, else -E2BIG); a longer buffer
 *   needs a zero tail (else -E2BIG); min(info_len, sizeof) bytes are
 *   written and info_len set to that count; NULL pointers are -EFAULT.
 *
 * Program map ids (bpf_prog_info.nr_map_ids, .map_ids): under the two
 * Windows rules, a non-NULL map_ids with 0 < nr_map_ids < the program's
 * map count gets nr_map_ids ids, then the call fails with -EFAULT and the
 * info struct is not copied back; a NULL map_ids is skipped. Linux's rule
 * writes min(nr_map_ids, count) ids, sets nr_map_ids to the count and
 * succeeds (a NULL map_ids with nr_map_ids > 0 is -EFAULT there).
 */
#define EXTABI_WIN_RULE_PRE_4286 0
#define EXTABI_WIN_RULE_V1_5 1
#define EXTABI_WIN_RULE_LINUX 2

/* Chooses the rule of every later call (EXTABI_WIN_RULE_V1_5 until then).
 * 0, or -EINVAL with errno set for another number. */
int extabi_win_set_rule(int rule);
/* The rule in force. */
int extabi_win_get_rule(void);

/* EOTHER: MSVC's catch-all errno (131 there, ENOTRECOVERABLE on Linux). */
#define EXTABI_WIN_EOTHER 4131
#ifndef EOTHER
#define EOTHER EXTABI_WIN_EOTHER
#endif

/* ------------------------------------------------------------------ */
/* Types (v1.5.0 include/ebpf_structs.h, ebpf_result.h, linux/bpf.h)   */
/* ------------------------------------------------------------------ */

#define BPF_OBJ_NAME_LEN 64U
#define SYS_BPF_OBJ_NAME_LEN 16U

typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID;
typedef GUID ebpf_program_type_t;
typedef GUID ebpf_attach_type_t;

/* Initializers for the GUIDs this profile models. */
#define EBPF_PROGRAM_TYPE_XDP_GUID {0xf1832a85, 0x85d5, 0x45b0, {0x98, 0xa0, 0x70, 0x69, 0xd6, 0x30, 0x13, 0xb0}}
#define EBPF_PROGRAM_TYPE_BIND_GUID {0x608c517c, 0x6c52, 0x4a26, {0xb6, 0x77, 0xbb, 0x1c, 0x34, 0x42, 0x5a, 0xdf}}
#define EBPF_PROGRAM_TYPE_SAMPLE_GUID {0xf788ef4a, 0x207d, 0x4dc3, {0x85, 0xcf, 0x0f, 0x2e, 0xa1, 0x07, 0x21, 0x3c}}
#define EBPF_ATTACH_TYPE_XDP_GUID {0x85e0d8ef, 0x579e, 0x4931, {0xb0, 0x72, 0x8e, 0xe2, 0x26, 0xbb, 0x2e, 0x9d}}

enum bpf_map_type {
    BPF_MAP_TYPE_UNSPEC = 0,
    BPF_MAP_TYPE_HASH = 1,
    BPF_MAP_TYPE_ARRAY = 2,
    BPF_MAP_TYPE_PROG_ARRAY = 3,
    BPF_MAP_TYPE_PERCPU_HASH = 4,
    BPF_MAP_TYPE_PERCPU_ARRAY = 5,
    BPF_MAP_TYPE_HASH_OF_MAPS = 6,
    BPF_MAP_TYPE_ARRAY_OF_MAPS = 7,
    BPF_MAP_TYPE_LRU_HASH = 8,
    BPF_MAP_TYPE_LPM_TRIE = 9,
    BPF_MAP_TYPE_QUEUE = 10,
    BPF_MAP_TYPE_LRU_PERCPU_HASH = 11,
    BPF_MAP_TYPE_STACK = 12,
    BPF_MAP_TYPE_RINGBUF = 13,
    BPF_MAP_TYPE_PERF_EVENT_ARRAY = 14,
    BPF_MAP_TYPE_SAMPLE_HASH_MAP = 15,
    BPF_MAP_TYPE_XSKMAP = 16,
};

enum bpf_prog_type {
    BPF_PROG_TYPE_UNSPEC = 0,
    BPF_PROG_TYPE_XDP = 1,
    BPF_PROG_TYPE_BIND = 2,
    BPF_PROG_TYPE_CGROUP_SOCK_ADDR = 3,
    BPF_PROG_TYPE_SOCK_OPS = 4,
    BPF_PROG_TYPE_NETEVENT = 5,
    BPF_PROG_TYPE_PROCESS = 6,
    BPF_PROG_TYPE_SAMPLE = 999,
};

enum bpf_link_type {
    BPF_LINK_TYPE_UNSPEC = 0,
    BPF_LINK_TYPE_PLAIN = 1,
    BPF_LINK_TYPE_CGROUP = 2,
    BPF_LINK_TYPE_XDP = 3,
    BPF_LINK_TYPE_MAX = 4,
};

enum bpf_attach_type {
    BPF_ATTACH_TYPE_UNSPEC = 0,
    BPF_XDP = 1,
    BPF_ATTACH_TYPE_BIND = 2,
};

enum bpf_cmd_id {
    BPF_MAP_CREATE = 0,
    BPF_MAP_LOOKUP_ELEM = 1,
    BPF_MAP_UPDATE_ELEM = 2,
    BPF_PROG_LOAD = 5,
    BPF_OBJ_GET_INFO_BY_FD = 15,
};

typedef enum _ebpf_result {
    EBPF_SUCCESS,
    EBPF_VERIFICATION_FAILED,
    EBPF_JIT_COMPILATION_FAILED,
    EBPF_PROGRAM_LOAD_FAILED,
    EBPF_INVALID_FD,
    EBPF_INVALID_OBJECT,
    EBPF_INVALID_ARGUMENT,
    EBPF_OBJECT_NOT_FOUND,
    EBPF_OBJECT_ALREADY_EXISTS,
    EBPF_FILE_NOT_FOUND,
    EBPF_ALREADY_PINNED,
    EBPF_NOT_PINNED,
    EBPF_NO_MEMORY,
    EBPF_PROGRAM_TOO_LARGE,
    EBPF_RPC_EXCEPTION,
    EBPF_ALREADY_INITIALIZED,
    EBPF_ELF_PARSING_FAILED,
    EBPF_FAILED,
    EBPF_OPERATION_NOT_SUPPORTED,
    EBPF_KEY_NOT_FOUND,
    EBPF_ACCESS_DENIED,
    EBPF_BLOCKED_BY_POLICY,
    EBPF_ARITHMETIC_OVERFLOW,
    EBPF_EXTENSION_FAILED_TO_LOAD,
    EBPF_INSUFFICIENT_BUFFER,
    EBPF_NO_MORE_KEYS,
    EBPF_KEY_ALREADY_EXISTS,
    EBPF_NO_MORE_TAIL_CALLS,
    EBPF_PENDING,
    EBPF_OUT_OF_SPACE,
    EBPF_CANCELED,
    EBPF_INVALID_POINTER,
    EBPF_TIMEOUT,
    EBPF_STALE_ID,
    EBPF_INVALID_STATE,
} ebpf_result_t;

/* The info structs, as v0.5.0 ... v1.5.0 declare them (bpf_link_info: as
 * v0.3.0 ... v1.5.0; it was 52 bytes at v0.2.0; bpf_prog_info was 116
 * bytes, laid out otherwise, before v0.5.0). */

struct bpf_map_info {                   /* 96 bytes */
    ebpf_id_t id;
    enum bpf_map_type type;
    uint32_t key_size;
    uint32_t value_size;
    uint32_t max_entries;
    char name[BPF_OBJ_NAME_LEN];
    uint32_t map_flags;
    ebpf_id_t inner_map_id;
    uint32_t pinned_path_count;
};

struct bpf_prog_info {                  /* 128 bytes */
    ebpf_id_t id;
    enum bpf_prog_type type;
    uint32_t nr_map_ids;                /* in: room in map_ids; out: the map count */
    uintptr_t map_ids;                  /* in: an ebpf_id_t array, or 0 */
    char name[BPF_OBJ_NAME_LEN];
    ebpf_program_type_t type_uuid;
    ebpf_attach_type_t attach_type_uuid;
    uint32_t pinned_path_count;
    uint32_t link_count;
};

struct bpf_link_info {                  /* 56 bytes */
    ebpf_id_t id;
    ebpf_id_t prog_id;
    enum bpf_link_type type;
    enum bpf_attach_type attach_type;
    ebpf_attach_type_t attach_type_uuid;
    ebpf_program_type_t program_type_uuid;
    union {
        struct {
            uint32_t ifindex;
        } xdp;
        struct {
            uint64_t cgroup_id;
        } cgroup;
        uint8_t attach_data;
    };
};

/* Linux's struct bpf_insn (eBPF-for-Windows reads the same 8 bytes as the
 * verifier's ebpf_inst). A map reference is an LDDW (code 0x18) with
 * src_reg 1 and the map's fd in imm, then a second, zero half. */
struct bpf_insn {
    __u8 code;
    __u8 dst_reg : 4;
    __u8 src_reg : 4;
    __s16 off;
    __s32 imm;
};

/* libbpf's option structs, through the members eBPF-for-Windows reads. */
struct bpf_map_create_opts {
    size_t sz;
    __u32 btf_fd;
    __u32 btf_key_type_id;
    __u32 btf_value_type_id;
    __u32 btf_vmlinux_value_type_id;
    __u32 inner_map_fd;
    __u32 map_flags;                    /* must be 0 */
    __u64 map_extra;
    __u32 numa_node;                    /* must be 0 */
    __u32 map_ifindex;                  /* must be 0 */
};

struct bpf_prog_load_opts {
    size_t sz;
    int attempts;
    enum bpf_attach_type expected_attach_type;
    __u32 prog_btf_fd;
    __u32 prog_flags;
    __u32 prog_ifindex;
    __u32 kern_version;
    __u32 attach_btf_id;
    __u32 attach_prog_fd;
    __u32 attach_btf_obj_fd;
    const int *fd_array;
    const void *func_info;
    __u32 func_info_cnt;
    __u32 func_info_rec_size;
    const void *line_info;
    __u32 line_info_cnt;
    __u32 line_info_rec_size;
    __u32 log_level;
    __u32 log_size;                     /* read, with log_buf; no log is written */
    char *log_buf;
    __u32 log_true_size;
};

/* The bpf() path's structs (v1.5.0 include/linux/bpf.h): Linux's
 * prefixes, type before id. */

typedef struct {
    uint32_t map_type;
    uint32_t key_size;
    uint32_t value_size;
    uint32_t max_entries;
    uint32_t map_flags;                 /* refused if not 0 */
    uint32_t inner_map_fd;
    uint32_t numa_node;                 /* refused if not 0 */
    char map_name[SYS_BPF_OBJ_NAME_LEN];
    uint32_t map_ifindex;               /* refused if not 0 */
} sys_bpf_map_create_attr_t;

typedef struct {
    uint32_t map_fd;
    uint32_t _pad0;
    uint64_t key;
    uint64_t value;
    uint64_t flags;
} sys_bpf_map_lookup_attr_t;

typedef struct {
    uint32_t prog_type;
    uint32_t insn_cnt;
    uint64_t insns;
    uint64_t license;
    uint32_t log_level;
    uint32_t log_size;
    uint64_t log_buf;
    uint32_t kern_version;
    uint32_t prog_flags;
    char prog_name[SYS_BPF_OBJ_NAME_LEN];
    uint32_t prog_ifindex;              /* this one through core_relo_rec_size: must be 0 */
    uint32_t expected_attach_type;
    uint32_t prog_btf_fd;
    uint32_t func_info_rec_size;
    uint64_t func_info;
    uint32_t func_info_cnt;
    uint32_t line_info_rec_size;
    uint64_t line_info;
    uint32_t line_info_cnt;
    uint32_t attach_btf_id;
    union {
        uint32_t attach_prog_fd;
        uint32_t attach_btf_obj_fd;
    };
    uint32_t core_relo_cnt;
    uint64_t fd_array;
    uint64_t core_relos;
    uint32_t core_relo_rec_size;
    uint32_t log_true_size;
} sys_bpf_prog_load_attr_t;

typedef struct {
    uint32_t bpf_fd;
    uint32_t info_len;
    uint64_t info;
} sys_bpf_obj_info_attr_t;

typedef struct {                        /* 40 bytes */
    uint32_t type;
    ebpf_id_t id;
    uint32_t key_size;
    uint32_t value_size;
    uint32_t max_entries;
    uint32_t map_flags;
    char name[SYS_BPF_OBJ_NAME_LEN];
} sys_bpf_map_info_t;

typedef struct {                        /* 80 bytes */
    uint32_t type;
    ebpf_id_t id;
    char tag[8];
    uint32_t jited_prog_len;            /* these four must be 0 */
    uint32_t xlated_prog_len;
    uint64_t jited_prog_insns;
    uint64_t xlated_prog_insns;
    uint64_t load_time;
    uint32_t created_by_uid;
    uint32_t nr_map_ids;
    uint64_t map_ids;
    char name[SYS_BPF_OBJ_NAME_LEN];
} sys_bpf_prog_info_t;

typedef struct {                        /* 12 bytes */
    uint32_t type;
    ebpf_id_t id;
    ebpf_id_t prog_id;
} sys_bpf_link_info_t;

/* The members of v1.5.0's union bpf_attr this library models (144 bytes,
 * the size of prog_load). */
union bpf_attr {
    sys_bpf_map_create_attr_t map_create;
    sys_bpf_map_lookup_attr_t map_lookup, map_update;
    sys_bpf_prog_load_attr_t prog_load;
    sys_bpf_obj_info_attr_t info;
};

/* ------------------------------------------------------------------ */
/* Functions                                                           */
/* ------------------------------------------------------------------ */

/* Fills info with the object's info under the rule in force (see above):
 * 0, or a negative errno with errno set. */
int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len);

/* A new map's fd, or a negative errno with errno set. Modelled types:
 * HASH, ARRAY, PROG_ARRAY (with storage); other Windows types: -ENOTSUP. */
int bpf_map_create(enum bpf_map_type map_type, const char *map_name, __u32 key_size,
                   __u32 value_size, __u32 max_entries, const struct bpf_map_create_opts *opts);

/* A new program's fd, or a negative errno with errno set. Program types
 * XDP, BIND, CGROUP_SOCK_ADDR, SOCK_OPS, SAMPLE; the instructions are
 * scanned for map references, not verified. */
int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name, const char *license,
                  const struct bpf_insn *insns, size_t insn_cnt,
                  const struct bpf_prog_load_opts *opts);

int bpf_map_lookup_elem(int fd, const void *key, void *value);
int bpf_map_update_elem(int fd, const void *key, const void *value, __u64 flags);

/* eBPF-for-Windows' Linux-compatible bpf(): the result, or a negative
 * errno as the return value. BPF_MAP_CREATE, BPF_MAP_LOOKUP_ELEM,
 * BPF_MAP_UPDATE_ELEM, BPF_PROG_LOAD, BPF_OBJ_GET_INFO_BY_FD; anything
 * else (BPF_LINK_CREATE too, which eBPF-for-Windows lacks) is -EINVAL. */
int bpf(int cmd, union bpf_attr *attr, unsigned int size);

/* Links a program (only XDP is modelled; attach_type NULL: the program
 * type's own), the attach parameters (XDP: a uint32_t ifindex) becoming
 * the link's attach_data; the link's fd goes to *link. eBPF-for-Windows
 * has no bpf_link_create; this is how its programs make links. */
ebpf_result_t ebpf_program_attach_by_fds(fd_t program_fd, const ebpf_attach_type_t *attach_type,
                                         void *attach_parameters, size_t attach_parameters_size,
                                         fd_t *link);

/* Closes an fd of this library. */
ebpf_result_t ebpf_close_fd(fd_t fd);

#ifdef __cplusplus
}
#endif

#endif /* EXTABI_WIN_H */
