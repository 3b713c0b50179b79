/*
 * eBPF-for-Windows' structs as its headers declare them (v1.5.0, and
 * v0.2.0's bpf_prog_info), typed in from the facts
 * (win-facts.md §1, §3.1, §3.4, §5), checked member by member against
 * the header generated from our layout tables (extabi_windows.h, written
 * by tests/c_header.rs), and against the facts' offsets and sizes.
 *
 * The proof is made by x86-64 Linux's C compiler. For these structs it
 * lays them out as MSVC does for x64: their members are fixed-width
 * integers, enums (4 bytes in both), bool (1 byte), pointers, uintptr_t
 * and size_t (8 bytes in both), byte arrays and GUIDs; none is a `long`
 * (4 bytes on Windows) or a bitfield, and every member sits at its
 * natural alignment under both ABIs. GUID is
 * struct { uint32_t; uint16_t; uint16_t; uint8_t[8]; }: 16 bytes,
 * aligned to 4.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "extabi_windows.h"

/* The stand-ins: what MSVC x64 makes of each type. */
typedef struct {
	uint32_t Data1;
	uint16_t Data2;
	uint16_t Data3;
	uint8_t Data4[8];
} GUID;
typedef uint32_t ebpf_id_t;
typedef GUID ebpf_program_type_t;
typedef GUID ebpf_attach_type_t;
typedef enum { EBPF_MAP_TYPE_UNSPECIFIED } ebpf_map_type_t;
enum bpf_prog_type { BPF_PROG_TYPE_UNSPEC };
enum bpf_link_type { BPF_LINK_TYPE_UNSPEC };
enum bpf_attach_type { BPF_ATTACH_TYPE_UNSPEC };
#define BPF_OBJ_NAME_LEN 64
#define SYS_BPF_OBJ_NAME_LEN 16

/* §1.1: every tag. */
struct win_bpf_map_info {
	ebpf_id_t id;
	ebpf_map_type_t type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	char name[BPF_OBJ_NAME_LEN];
	uint32_t map_flags;
	ebpf_id_t inner_map_id;
	uint32_t pinned_path_count;
};

/* §1.2 layout B, v0.5.0 and later: `map_ids` (#1395) after a hole. */
struct win_bpf_prog_info {
	ebpf_id_t id;
	enum bpf_prog_type type;
	uint32_t nr_map_ids;
	uintptr_t map_ids;
	char name[BPF_OBJ_NAME_LEN];
	ebpf_program_type_t type_uuid;
	ebpf_attach_type_t attach_type_uuid;
	uint32_t pinned_path_count;
	uint32_t link_count;
};

/* §1.2 layout A, v0.2.0 … v0.4.0. */
struct win_bpf_prog_info_0_2 {
	ebpf_id_t id;
	enum bpf_prog_type type;
	uint32_t nr_map_ids;
	char name[BPF_OBJ_NAME_LEN];
	ebpf_program_type_t type_uuid;
	ebpf_attach_type_t attach_type_uuid;
	uint32_t pinned_path_count;
	uint32_t link_count;
};

/* §1.3 layout B, v0.3.0 and later. */
struct win_bpf_link_info {
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

/* §1.3 layout A, v0.2.0: the union held `xdp` alone. */
struct win_bpf_link_info_0_2 {
	ebpf_id_t id;
	ebpf_id_t prog_id;
	enum bpf_link_type type;
	int attach_type;
	ebpf_attach_type_t attach_type_uuid;
	ebpf_program_type_t program_type_uuid;
	union {
		struct {
			uint32_t ifindex;
		} xdp;
	};
};

/* §3.1, §3.4: the Linux-prefix structs of its bpf(). */
typedef struct {
	uint32_t bpf_fd;
	uint32_t info_len;
	uintptr_t info;
} sys_bpf_obj_info_attr_t;

typedef struct {
	uint32_t type;
	uint32_t id;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	char name[SYS_BPF_OBJ_NAME_LEN];
} sys_bpf_map_info_t;

typedef struct {
	uint32_t type;
	uint32_t id;
	uint8_t tag[8];
	uint32_t jited_prog_len;
	uint32_t xlated_prog_len;
	uint64_t jited_prog_insns;
	uint64_t xlated_prog_insns;
	uint64_t load_time;
	uint32_t created_by_uid;
	uint32_t nr_map_ids;
	uint64_t map_ids;
	char name[SYS_BPF_OBJ_NAME_LEN];
} sys_bpf_prog_info_t;

typedef struct {
	uint32_t type;
	uint32_t id;
	uint32_t prog_id;
} sys_bpf_link_info_t;

typedef struct {
	uint32_t map_type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	uint32_t inner_map_fd;
	uint32_t numa_node;
	char map_name[SYS_BPF_OBJ_NAME_LEN];
	uint32_t map_ifindex;
} sys_bpf_map_create_attr_t;

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
	uint32_t prog_ifindex;
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

/* §5.1, §5.3, §5.4: v0.17.0 and later (v0.18.0's last members). */
typedef struct {
	uint16_t version;
	size_t size;
	size_t total_size;
} ebpf_extension_header_t;

typedef struct {
	ebpf_extension_header_t header;
	uint32_t helper_id;
	const char *name;
	uint32_t return_type;
	uint32_t arguments[5];
	uint8_t flags;
	bool implicit_context;
} ebpf_helper_function_prototype_t;

typedef struct {
	ebpf_extension_header_t header;
	const void *program_info;
	const void *program_type_specific_helper_function_addresses;
	const void *global_helper_function_addresses;
	void *context_create;
	void *context_destroy;
	uint8_t required_irql;
	uint32_t capabilities;
} ebpf_program_data_t;

/* The same offset and size in theirs (a struct tag or typedef) and ours. */
#define SAME_AT(theirs, ours, m, o)                                                        \
	_Static_assert(offsetof(theirs, m) == offsetof(struct extabi_##ours, o) &&          \
			       sizeof(((theirs *)0)->m) == sizeof(((struct extabi_##ours *)0)->o), \
		       #ours "." #o " is not where eBPF-for-Windows has " #m)
#define SAME(theirs, ours, m) SAME_AT(theirs, ours, m, m)
/* The same sizeof and alignment. */
#define SAME_STRUCT(theirs, ours)                                                  \
	_Static_assert(sizeof(theirs) == sizeof(struct extabi_##ours) &&            \
			       _Alignof(theirs) == _Alignof(struct extabi_##ours),   \
		       "sizeof or _Alignof of " #ours " is not eBPF-for-Windows'")
/* A number the facts give. */
#define FACT(what, value) _Static_assert((what) == (value), #what " is " #value " in the facts")

SAME_STRUCT(GUID, Guid);
SAME_AT(GUID, Guid, Data1, data1);
SAME_AT(GUID, Guid, Data2, data2);
SAME_AT(GUID, Guid, Data3, data3);
SAME_AT(GUID, Guid, Data4, data4);
FACT(sizeof(struct extabi_Guid), 16);
FACT(_Alignof(struct extabi_Guid), 4);

SAME_STRUCT(struct win_bpf_map_info, bpf_map_info);
SAME(struct win_bpf_map_info, bpf_map_info, id);
SAME(struct win_bpf_map_info, bpf_map_info, type);
SAME(struct win_bpf_map_info, bpf_map_info, key_size);
SAME(struct win_bpf_map_info, bpf_map_info, value_size);
SAME(struct win_bpf_map_info, bpf_map_info, max_entries);
SAME(struct win_bpf_map_info, bpf_map_info, name);
SAME(struct win_bpf_map_info, bpf_map_info, map_flags);
SAME(struct win_bpf_map_info, bpf_map_info, inner_map_id);
SAME(struct win_bpf_map_info, bpf_map_info, pinned_path_count);
FACT(sizeof(struct extabi_bpf_map_info), 96);
FACT(offsetof(struct extabi_bpf_map_info, name), 20);
FACT(offsetof(struct extabi_bpf_map_info, map_flags), 84);
FACT(offsetof(struct extabi_bpf_map_info, pinned_path_count), 92);
FACT(EXTABI_BPF_MAP_INFO_SIZE_VER0, 96);

SAME_STRUCT(struct win_bpf_prog_info, bpf_prog_info);
SAME(struct win_bpf_prog_info, bpf_prog_info, id);
SAME(struct win_bpf_prog_info, bpf_prog_info, type);
SAME(struct win_bpf_prog_info, bpf_prog_info, nr_map_ids);
SAME(struct win_bpf_prog_info, bpf_prog_info, map_ids);
SAME(struct win_bpf_prog_info, bpf_prog_info, name);
SAME(struct win_bpf_prog_info, bpf_prog_info, type_uuid);
SAME(struct win_bpf_prog_info, bpf_prog_info, attach_type_uuid);
SAME(struct win_bpf_prog_info, bpf_prog_info, pinned_path_count);
SAME(struct win_bpf_prog_info, bpf_prog_info, link_count);
/* C's implicit 4-byte hole after nr_map_ids is our named `_pad`. */
FACT(offsetof(struct extabi_bpf_prog_info, _pad), offsetof(struct win_bpf_prog_info, nr_map_ids) + 4);
FACT(sizeof(struct extabi_bpf_prog_info), 128);
FACT(offsetof(struct extabi_bpf_prog_info, map_ids), 16);
FACT(offsetof(struct extabi_bpf_prog_info, name), 24);
FACT(offsetof(struct extabi_bpf_prog_info, type_uuid), 88);
FACT(offsetof(struct extabi_bpf_prog_info, link_count), 124);
/* Version 0.2: the prefix v0.2.0's and v0.5.0's layouts share (id, type,
 * nr_map_ids); version 0.5: the whole of layout B. */
FACT(EXTABI_BPF_PROG_INFO_SIZE_VER0, offsetof(struct win_bpf_prog_info_0_2, name));
FACT(EXTABI_BPF_PROG_INFO_SIZE_VER1, sizeof(struct win_bpf_prog_info));

SAME_STRUCT(struct win_bpf_prog_info_0_2, bpf_prog_info_0_2);
SAME(struct win_bpf_prog_info_0_2, bpf_prog_info_0_2, id);
SAME(struct win_bpf_prog_info_0_2, bpf_prog_info_0_2, type);
SAME(struct win_bpf_prog_info_0_2, bpf_prog_info_0_2, nr_map_ids);
SAME(struct win_bpf_prog_info_0_2, bpf_prog_info_0_2, name);
SAME(struct win_bpf_prog_info_0_2, bpf_prog_info_0_2, type_uuid);
SAME(struct win_bpf_prog_info_0_2, bpf_prog_info_0_2, attach_type_uuid);
SAME(struct win_bpf_prog_info_0_2, bpf_prog_info_0_2, pinned_path_count);
SAME(struct win_bpf_prog_info_0_2, bpf_prog_info_0_2, link_count);
FACT(sizeof(struct extabi_bpf_prog_info_0_2), 116);
FACT(offsetof(struct extabi_bpf_prog_info_0_2, name), 12);
FACT(offsetof(struct extabi_bpf_prog_info_0_2, attach_type_uuid), 92);

SAME_STRUCT(struct win_bpf_link_info, bpf_link_info);
SAME(struct win_bpf_link_info, bpf_link_info, id);
SAME(struct win_bpf_link_info, bpf_link_info, prog_id);
SAME(struct win_bpf_link_info, bpf_link_info, type);
SAME(struct win_bpf_link_info, bpf_link_info, attach_type);
SAME(struct win_bpf_link_info, bpf_link_info, attach_type_uuid);
SAME(struct win_bpf_link_info, bpf_link_info, program_type_uuid);
/* The union: its first bytes, v0.2.0's `xdp`, are our `_union_0_2`, and
 * v0.3.0's 8-byte members span it and `_union_0_3`. */
SAME_AT(struct win_bpf_link_info, bpf_link_info, xdp, _union_0_2);
FACT(offsetof(struct win_bpf_link_info, cgroup), offsetof(struct extabi_bpf_link_info, _union_0_2));
FACT(offsetof(struct extabi_bpf_link_info, _union_0_3),
     offsetof(struct win_bpf_link_info, cgroup.cgroup_id) + 4);
FACT(sizeof(struct extabi_bpf_link_info), 56);
FACT(_Alignof(struct extabi_bpf_link_info), 8);
FACT(offsetof(struct extabi_bpf_link_info, _union_0_2), 48);
FACT(EXTABI_BPF_LINK_INFO_SIZE_VER0, sizeof(struct win_bpf_link_info_0_2));
FACT(EXTABI_BPF_LINK_INFO_SIZE_VER0, 52);
FACT(EXTABI_BPF_LINK_INFO_SIZE_VER1, 56);

SAME_STRUCT(sys_bpf_obj_info_attr_t, sys_bpf_obj_info_attr_t);
SAME(sys_bpf_obj_info_attr_t, sys_bpf_obj_info_attr_t, bpf_fd);
SAME(sys_bpf_obj_info_attr_t, sys_bpf_obj_info_attr_t, info_len);
SAME(sys_bpf_obj_info_attr_t, sys_bpf_obj_info_attr_t, info);
FACT(sizeof(struct extabi_sys_bpf_obj_info_attr_t), 16);

SAME_STRUCT(sys_bpf_map_info_t, sys_bpf_map_info_t);
SAME(sys_bpf_map_info_t, sys_bpf_map_info_t, type);
SAME(sys_bpf_map_info_t, sys_bpf_map_info_t, id);
SAME(sys_bpf_map_info_t, sys_bpf_map_info_t, key_size);
SAME(sys_bpf_map_info_t, sys_bpf_map_info_t, value_size);
SAME(sys_bpf_map_info_t, sys_bpf_map_info_t, max_entries);
SAME(sys_bpf_map_info_t, sys_bpf_map_info_t, map_flags);
SAME(sys_bpf_map_info_t, sys_bpf_map_info_t, name);
FACT(sizeof(struct extabi_sys_bpf_map_info_t), 40);
FACT(offsetof(struct extabi_sys_bpf_map_info_t, name), 24);

SAME_STRUCT(sys_bpf_prog_info_t, sys_bpf_prog_info_t);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, type);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, id);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, tag);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, jited_prog_len);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, xlated_prog_len);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, jited_prog_insns);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, xlated_prog_insns);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, load_time);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, created_by_uid);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, nr_map_ids);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, map_ids);
SAME(sys_bpf_prog_info_t, sys_bpf_prog_info_t, name);
FACT(sizeof(struct extabi_sys_bpf_prog_info_t), 80);
FACT(offsetof(struct extabi_sys_bpf_prog_info_t, map_ids), 56);
FACT(offsetof(struct extabi_sys_bpf_prog_info_t, name), 64);

SAME_STRUCT(sys_bpf_link_info_t, sys_bpf_link_info_t);
SAME(sys_bpf_link_info_t, sys_bpf_link_info_t, type);
SAME(sys_bpf_link_info_t, sys_bpf_link_info_t, id);
SAME(sys_bpf_link_info_t, sys_bpf_link_info_t, prog_id);
FACT(sizeof(struct extabi_sys_bpf_link_info_t), 12);

SAME_STRUCT(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t);
SAME(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t, map_type);
SAME(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t, key_size);
SAME(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t, value_size);
SAME(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t, max_entries);
SAME(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t, map_flags);
SAME(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t, inner_map_fd);
SAME(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t, numa_node);
SAME(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t, map_name);
SAME(sys_bpf_map_create_attr_t, sys_bpf_map_create_attr_t, map_ifindex);
FACT(sizeof(struct extabi_sys_bpf_map_create_attr_t), 48);
FACT(offsetof(struct extabi_sys_bpf_map_create_attr_t, map_ifindex), 44);

FACT(sizeof(struct extabi_sys_bpf_map_lookup_attr_t), 32);

SAME_STRUCT(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, prog_type);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, insn_cnt);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, insns);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, license);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, log_level);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, log_size);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, log_buf);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, kern_version);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, prog_flags);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, prog_name);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, prog_ifindex);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, expected_attach_type);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, prog_btf_fd);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, func_info_rec_size);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, func_info);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, func_info_cnt);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, line_info_rec_size);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, line_info);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, line_info_cnt);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, attach_btf_id);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, attach_prog_fd);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, core_relo_cnt);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, fd_array);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, core_relos);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, core_relo_rec_size);
SAME(sys_bpf_prog_load_attr_t, sys_bpf_prog_load_attr_t, log_true_size);
FACT(sizeof(struct extabi_sys_bpf_prog_load_attr_t), 144);
FACT(offsetof(struct extabi_sys_bpf_prog_load_attr_t, attach_prog_fd), 112);
FACT(offsetof(struct extabi_sys_bpf_prog_load_attr_t, log_true_size), 140);

SAME_STRUCT(ebpf_extension_header_t, ebpf_extension_header_t);
SAME(ebpf_extension_header_t, ebpf_extension_header_t, version);
SAME(ebpf_extension_header_t, ebpf_extension_header_t, size);
SAME(ebpf_extension_header_t, ebpf_extension_header_t, total_size);
FACT(sizeof(struct extabi_ebpf_extension_header_t), 24);
FACT(offsetof(struct extabi_ebpf_extension_header_t, total_size), 16);

SAME_STRUCT(ebpf_helper_function_prototype_t, ebpf_helper_function_prototype_t);
SAME(ebpf_helper_function_prototype_t, ebpf_helper_function_prototype_t, header);
SAME(ebpf_helper_function_prototype_t, ebpf_helper_function_prototype_t, helper_id);
SAME(ebpf_helper_function_prototype_t, ebpf_helper_function_prototype_t, name);
SAME(ebpf_helper_function_prototype_t, ebpf_helper_function_prototype_t, return_type);
SAME(ebpf_helper_function_prototype_t, ebpf_helper_function_prototype_t, arguments);
SAME(ebpf_helper_function_prototype_t, ebpf_helper_function_prototype_t, flags);
SAME(ebpf_helper_function_prototype_t, ebpf_helper_function_prototype_t, implicit_context);
FACT(sizeof(struct extabi_ebpf_helper_function_prototype_t), 72);
FACT(offsetof(struct extabi_ebpf_helper_function_prototype_t, arguments), 44);
FACT(offsetof(struct extabi_ebpf_helper_function_prototype_t, flags), 64);
FACT(offsetof(struct extabi_ebpf_helper_function_prototype_t, implicit_context), 65);

SAME_STRUCT(ebpf_program_data_t, ebpf_program_data_t);
SAME(ebpf_program_data_t, ebpf_program_data_t, header);
SAME(ebpf_program_data_t, ebpf_program_data_t, program_info);
SAME(ebpf_program_data_t, ebpf_program_data_t, program_type_specific_helper_function_addresses);
SAME(ebpf_program_data_t, ebpf_program_data_t, global_helper_function_addresses);
SAME(ebpf_program_data_t, ebpf_program_data_t, context_create);
SAME(ebpf_program_data_t, ebpf_program_data_t, context_destroy);
SAME(ebpf_program_data_t, ebpf_program_data_t, required_irql);
SAME(ebpf_program_data_t, ebpf_program_data_t, capabilities);
FACT(sizeof(struct extabi_ebpf_program_data_t), 72);
FACT(offsetof(struct extabi_ebpf_program_data_t, required_irql), 64);
FACT(offsetof(struct extabi_ebpf_program_data_t, capabilities), 68);

int main(void)
{
	/* Everything above was proved when this compiled. */
	printf("eBPF-for-Windows' structs: the generated header agrees with the facts\n");
	return 0;
}
