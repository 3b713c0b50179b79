//! Linux on x86_64 and aarch64: the routines in assembly, their exception
//! table, and the `SIGSEGV`/`SIGBUS` handler that applies it.

use core::cell::UnsafeCell;
use core::ffi::{c_int, c_void};
use core::mem::MaybeUninit;
use core::ptr;
use core::sync::atomic::{AtomicU8, Ordering};

pub const SUPPORTED: bool = true;

// Each routine is a leaf function with the C ABI. Every instruction that
// touches user memory is followed by `extable!(fault label, fix-up label)`,
// which appends a pair of 32-bit offsets from the `text` label to the
// table between the `extable` and `extable_end` labels in read-only data
// (assembler-computed differences inside one section: no relocation, so
// nothing to patch in a PIE). All symbols are hidden, so nothing leaks out
// of a cdylib, and carry the crate's version, so that two semver-
// incompatible copies of this crate can link into one binary (each with its
// own table; their handlers chain like any others).

/// The global symbol for `name`: `__extabi_uaccess_<version>_<name>`.
macro_rules! sym {
    ($name:literal) => {
        concat!(
            "__extabi_uaccess_",
            env!("CARGO_PKG_VERSION_MAJOR"),
            "_",
            env!("CARGO_PKG_VERSION_MINOR"),
            "_",
            env!("CARGO_PKG_VERSION_PATCH"),
            "_",
            $name
        )
    };
}

macro_rules! extable {
    ($fault:literal, $fixup:literal) => {
        concat!(
            ".pushsection .rodata.__extabi_uaccess_extable,\"a\"\n",
            ".long ",
            $fault,
            " - ",
            sym!("text"),
            "\n",
            ".long ",
            $fixup,
            " - ",
            sym!("text"),
            "\n",
            ".popsection\n",
        )
    };
}

/// A hidden global label.
macro_rules! label {
    ($name:literal) => {
        concat!(".globl ", sym!($name), "\n", ".hidden ", sym!($name), "\n", sym!($name), ":\n")
    };
}

/// Opens the table and the text section shared by the routines.
macro_rules! prologue {
    ($progbits:literal) => {
        concat!(
            ".pushsection .rodata.__extabi_uaccess_extable,\"a\"\n",
            ".balign 4\n",
            label!("extable"),
            ".popsection\n",
            ".pushsection .text.__extabi_uaccess,\"ax\",",
            $progbits,
            "\n",
            ".balign 16\n",
            label!("text"),
        )
    };
}

/// Closes the text section and the table.
macro_rules! epilogue {
    () => {
        concat!(
            ".popsection\n",
            ".pushsection .rodata.__extabi_uaccess_extable,\"a\"\n",
            label!("extable_end"),
            ".popsection\n",
        )
    };
}

/// Starts a hidden global function.
macro_rules! func {
    ($name:literal, $type:literal) => {
        concat!(".balign 16\n", ".type ", sym!($name), ",", $type, "\n", label!($name))
    };
}

macro_rules! endfunc {
    ($name:literal) => {
        concat!(".size ", sym!($name), ", . - ", sym!($name), "\n")
    };
}

// x86_64, Intel syntax. From REP_THRESHOLD bytes on, `rep movsb` /
// `rep stosb` (memcpy speed with ERMS/FSRM; it costs ~35 cycles to start on
// sizes past FSRM's short range, 3-4x memcpy at 232 bytes). Below it, what
// memcpy does: a 32-byte SSE loop whose last 1-31 bytes are one or two
// 16-byte moves ending at the end (overlapping bytes already copied), and
// under 16 bytes two overlapping moves of 8, 4 or 2 bytes, or one byte:
// no loop and at most two loads and two stores below 32 bytes. Accesses go
// up in address order, and no access writes anything when it faults (x86
// faults are precise), so every byte written lies before the first byte
// that faults. The fix-up of every wide access is the byte loop at the
// current position (registers unchanged by the overlapping moves, which
// address from them), which redoes any bytes already done and stops at
// the faulting byte, so the count is exact. The direction flag is clear on
// entry (SysV ABI); xmm0, xmm1, r8 are call-clobbered.
#[cfg(target_arch = "x86_64")]
core::arch::global_asm!(
    prologue!("@progbits"),
    // usize asm_copy_from_user(u8 *dst, const u8 *user_src, usize len)
    func!("copy_from_user", "@function"),
    "mov rcx, rdx",
    "cmp rcx, 16",
    "jb .Lcfu_small",
    concat!("cmp rcx, ", rep_threshold!()),
    "jae .Lcfu_rep",
    "cmp rcx, 32",
    "jb .Lcfu_16to31",
    ".Lcfu_loop32:",
    ".Lcfu_l32a:",
    "movups xmm0, xmmword ptr [rsi]",
    extable!(".Lcfu_l32a", ".Lcfu_bytes"),
    ".Lcfu_l32b:",
    "movups xmm1, xmmword ptr [rsi + 16]",
    extable!(".Lcfu_l32b", ".Lcfu_bytes"),
    "movups xmmword ptr [rdi], xmm0",
    "movups xmmword ptr [rdi + 16], xmm1",
    "add rsi, 32",
    "add rdi, 32",
    "sub rcx, 32",
    "cmp rcx, 32",
    "jae .Lcfu_loop32",
    "test rcx, rcx",
    "jz .Lcfu_ok",
    "cmp rcx, 16",
    "jae .Lcfu_16to31",
    // 1-15 left after at least 32 copied: the last 16 bytes.
    ".Lcfu_last16:",
    "movups xmm0, xmmword ptr [rsi + rcx - 16]",
    extable!(".Lcfu_last16", ".Lcfu_bytes"),
    "movups xmmword ptr [rdi + rcx - 16], xmm0",
    "xor eax, eax",
    "ret",
    // 16-31: the first 16 and the last 16.
    ".Lcfu_16to31:",
    ".Lcfu_h16:",
    "movups xmm0, xmmword ptr [rsi]",
    extable!(".Lcfu_h16", ".Lcfu_bytes"),
    ".Lcfu_t16:",
    "movups xmm1, xmmword ptr [rsi + rcx - 16]",
    extable!(".Lcfu_t16", ".Lcfu_bytes"),
    "movups xmmword ptr [rdi], xmm0",
    "movups xmmword ptr [rdi + rcx - 16], xmm1",
    ".Lcfu_ok:",
    "xor eax, eax",
    "ret",
    // 0-15: the first and the last 8, 4 or 2 bytes; 0 or 1 by the loop.
    ".Lcfu_small:",
    "cmp rcx, 8",
    "jb .Lcfu_small4",
    ".Lcfu_h8:",
    "mov rax, qword ptr [rsi]",
    extable!(".Lcfu_h8", ".Lcfu_bytes"),
    ".Lcfu_t8:",
    "mov r8, qword ptr [rsi + rcx - 8]",
    extable!(".Lcfu_t8", ".Lcfu_bytes"),
    "mov qword ptr [rdi], rax",
    "mov qword ptr [rdi + rcx - 8], r8",
    "xor eax, eax",
    "ret",
    ".Lcfu_small4:",
    "cmp rcx, 4",
    "jb .Lcfu_small2",
    ".Lcfu_h4:",
    "mov eax, dword ptr [rsi]",
    extable!(".Lcfu_h4", ".Lcfu_bytes"),
    ".Lcfu_t4:",
    "mov r8d, dword ptr [rsi + rcx - 4]",
    extable!(".Lcfu_t4", ".Lcfu_bytes"),
    "mov dword ptr [rdi], eax",
    "mov dword ptr [rdi + rcx - 4], r8d",
    "xor eax, eax",
    "ret",
    ".Lcfu_small2:",
    "cmp rcx, 2",
    "jb .Lcfu_bytes",
    ".Lcfu_h2:",
    "movzx eax, word ptr [rsi]",
    extable!(".Lcfu_h2", ".Lcfu_bytes"),
    ".Lcfu_t2:",
    "movzx r8d, word ptr [rsi + rcx - 2]",
    extable!(".Lcfu_t2", ".Lcfu_bytes"),
    "mov word ptr [rdi], ax",
    "mov word ptr [rdi + rcx - 2], r8w",
    "xor eax, eax",
    "ret",
    ".Lcfu_bytes:",
    "test rcx, rcx",
    "jz .Lcfu_done",
    ".Lcfu_load1:",
    "movzx eax, byte ptr [rsi]",
    extable!(".Lcfu_load1", ".Lcfu_done"),
    "mov byte ptr [rdi], al",
    "inc rsi",
    "inc rdi",
    "dec rcx",
    "jnz .Lcfu_load1",
    ".Lcfu_done:",
    "mov rax, rcx",
    "ret",
    ".Lcfu_rep:",
    "rep movsb",
    extable!(".Lcfu_rep", ".Lcfu_bytes"),
    "xor eax, eax",
    "ret",
    endfunc!("copy_from_user"),
    // usize asm_copy_to_user(u8 *user_dst, const u8 *src, usize len)
    func!("copy_to_user", "@function"),
    "mov rcx, rdx",
    "cmp rcx, 16",
    "jb .Lctu_small",
    concat!("cmp rcx, ", rep_threshold!()),
    "jae .Lctu_rep",
    "cmp rcx, 32",
    "jb .Lctu_16to31",
    ".Lctu_loop32:",
    "movups xmm0, xmmword ptr [rsi]",
    "movups xmm1, xmmword ptr [rsi + 16]",
    ".Lctu_s32a:",
    "movups xmmword ptr [rdi], xmm0",
    extable!(".Lctu_s32a", ".Lctu_bytes"),
    ".Lctu_s32b:",
    "movups xmmword ptr [rdi + 16], xmm1",
    extable!(".Lctu_s32b", ".Lctu_bytes"),
    "add rsi, 32",
    "add rdi, 32",
    "sub rcx, 32",
    "cmp rcx, 32",
    "jae .Lctu_loop32",
    "test rcx, rcx",
    "jz .Lctu_ok",
    "cmp rcx, 16",
    "jae .Lctu_16to31",
    "movups xmm0, xmmword ptr [rsi + rcx - 16]",
    ".Lctu_last16:",
    "movups xmmword ptr [rdi + rcx - 16], xmm0",
    extable!(".Lctu_last16", ".Lctu_bytes"),
    "xor eax, eax",
    "ret",
    ".Lctu_16to31:",
    "movups xmm0, xmmword ptr [rsi]",
    "movups xmm1, xmmword ptr [rsi + rcx - 16]",
    ".Lctu_h16:",
    "movups xmmword ptr [rdi], xmm0",
    extable!(".Lctu_h16", ".Lctu_bytes"),
    ".Lctu_t16:",
    "movups xmmword ptr [rdi + rcx - 16], xmm1",
    extable!(".Lctu_t16", ".Lctu_bytes"),
    ".Lctu_ok:",
    "xor eax, eax",
    "ret",
    ".Lctu_small:",
    "cmp rcx, 8",
    "jb .Lctu_small4",
    "mov rax, qword ptr [rsi]",
    "mov r8, qword ptr [rsi + rcx - 8]",
    ".Lctu_h8:",
    "mov qword ptr [rdi], rax",
    extable!(".Lctu_h8", ".Lctu_bytes"),
    ".Lctu_t8:",
    "mov qword ptr [rdi + rcx - 8], r8",
    extable!(".Lctu_t8", ".Lctu_bytes"),
    "xor eax, eax",
    "ret",
    ".Lctu_small4:",
    "cmp rcx, 4",
    "jb .Lctu_small2",
    "mov eax, dword ptr [rsi]",
    "mov r8d, dword ptr [rsi + rcx - 4]",
    ".Lctu_h4:",
    "mov dword ptr [rdi], eax",
    extable!(".Lctu_h4", ".Lctu_bytes"),
    ".Lctu_t4:",
    "mov dword ptr [rdi + rcx - 4], r8d",
    extable!(".Lctu_t4", ".Lctu_bytes"),
    "xor eax, eax",
    "ret",
    ".Lctu_small2:",
    "cmp rcx, 2",
    "jb .Lctu_bytes",
    "movzx eax, word ptr [rsi]",
    "movzx r8d, word ptr [rsi + rcx - 2]",
    ".Lctu_h2:",
    "mov word ptr [rdi], ax",
    extable!(".Lctu_h2", ".Lctu_bytes"),
    ".Lctu_t2:",
    "mov word ptr [rdi + rcx - 2], r8w",
    extable!(".Lctu_t2", ".Lctu_bytes"),
    "xor eax, eax",
    "ret",
    ".Lctu_bytes:",
    "test rcx, rcx",
    "jz .Lctu_done",
    ".Lctu_loop1:",
    "movzx eax, byte ptr [rsi]",
    ".Lctu_store1:",
    "mov byte ptr [rdi], al",
    extable!(".Lctu_store1", ".Lctu_done"),
    "inc rsi",
    "inc rdi",
    "dec rcx",
    "jnz .Lctu_loop1",
    ".Lctu_done:",
    "mov rax, rcx",
    "ret",
    ".Lctu_rep:",
    "rep movsb",
    extable!(".Lctu_rep", ".Lctu_bytes"),
    "xor eax, eax",
    "ret",
    endfunc!("copy_to_user"),
    // usize asm_clear_user(u8 *user_dst, usize len); eax stays 0 throughout.
    func!("clear_user", "@function"),
    "mov rcx, rsi",
    "xor eax, eax",
    "cmp rcx, 16",
    "jb .Lclr_small",
    concat!("cmp rcx, ", rep_threshold!()),
    "jae .Lclr_rep",
    "xorps xmm0, xmm0",
    "cmp rcx, 32",
    "jb .Lclr_16to31",
    ".Lclr_loop32:",
    ".Lclr_s32a:",
    "movups xmmword ptr [rdi], xmm0",
    extable!(".Lclr_s32a", ".Lclr_bytes"),
    ".Lclr_s32b:",
    "movups xmmword ptr [rdi + 16], xmm0",
    extable!(".Lclr_s32b", ".Lclr_bytes"),
    "add rdi, 32",
    "sub rcx, 32",
    "cmp rcx, 32",
    "jae .Lclr_loop32",
    "test rcx, rcx",
    "jz .Lclr_done",
    "cmp rcx, 16",
    "jae .Lclr_16to31",
    ".Lclr_last16:",
    "movups xmmword ptr [rdi + rcx - 16], xmm0",
    extable!(".Lclr_last16", ".Lclr_bytes"),
    "ret",
    ".Lclr_16to31:",
    ".Lclr_h16:",
    "movups xmmword ptr [rdi], xmm0",
    extable!(".Lclr_h16", ".Lclr_bytes"),
    ".Lclr_t16:",
    "movups xmmword ptr [rdi + rcx - 16], xmm0",
    extable!(".Lclr_t16", ".Lclr_bytes"),
    "ret",
    ".Lclr_small:",
    "cmp rcx, 8",
    "jb .Lclr_small4",
    ".Lclr_h8:",
    "mov qword ptr [rdi], rax",
    extable!(".Lclr_h8", ".Lclr_bytes"),
    ".Lclr_t8:",
    "mov qword ptr [rdi + rcx - 8], rax",
    extable!(".Lclr_t8", ".Lclr_bytes"),
    "ret",
    ".Lclr_small4:",
    "cmp rcx, 4",
    "jb .Lclr_small2",
    ".Lclr_h4:",
    "mov dword ptr [rdi], eax",
    extable!(".Lclr_h4", ".Lclr_bytes"),
    ".Lclr_t4:",
    "mov dword ptr [rdi + rcx - 4], eax",
    extable!(".Lclr_t4", ".Lclr_bytes"),
    "ret",
    ".Lclr_small2:",
    "cmp rcx, 2",
    "jb .Lclr_bytes",
    ".Lclr_h2:",
    "mov word ptr [rdi], ax",
    extable!(".Lclr_h2", ".Lclr_bytes"),
    ".Lclr_t2:",
    "mov word ptr [rdi + rcx - 2], ax",
    extable!(".Lclr_t2", ".Lclr_bytes"),
    "ret",
    ".Lclr_bytes:",
    "test rcx, rcx",
    "jz .Lclr_done",
    ".Lclr_store1:",
    "mov byte ptr [rdi], al",
    extable!(".Lclr_store1", ".Lclr_done"),
    "inc rdi",
    "dec rcx",
    "jnz .Lclr_store1",
    ".Lclr_done:",
    "mov rax, rcx",
    "ret",
    ".Lclr_rep:",
    "rep stosb",
    extable!(".Lclr_rep", ".Lclr_bytes"),
    "ret",
    endfunc!("clear_user"),
    // struct { usize index; u64 value; }
    // asm_scan_words(const u64 *user_words, usize words >= 1,
    //                     u64 first_mask, u64 last_mask)
    // index: the first word with a non-zero byte under its mask, `value`
    // that word masked; index == words when all are zero; usize::MAX when a
    // word faulted first. Returned in rax:rdx. One load per word, each
    // tested before the next is issued: the kernel's order.
    func!("scan_words", "@function"),
    "mov r10, rdi",
    "lea r8, [rdi + rsi*8 - 8]",
    "cmp rsi, 1",
    "jne .Lscan_first",
    "and rdx, rcx",
    ".Lscan_first:",
    "mov r9, qword ptr [rdi]",
    extable!(".Lscan_first", ".Lscan_fault"),
    "and r9, rdx",
    "jnz .Lscan_found",
    "cmp rdi, r8",
    "je .Lscan_zero",
    "add rdi, 8",
    // Four middle words at a time while four lie before the last one.
    ".Lscan_mid4:",
    "lea r11, [rdi + 32]",
    "cmp r11, r8",
    "ja .Lscan_tail",
    ".Lscan_m0:",
    "mov r9, qword ptr [rdi]",
    extable!(".Lscan_m0", ".Lscan_fault"),
    "test r9, r9",
    "jnz .Lscan_found",
    ".Lscan_m1:",
    "mov r9, qword ptr [rdi + 8]",
    extable!(".Lscan_m1", ".Lscan_fault"),
    "test r9, r9",
    "jnz .Lscan_found1",
    ".Lscan_m2:",
    "mov r9, qword ptr [rdi + 16]",
    extable!(".Lscan_m2", ".Lscan_fault"),
    "test r9, r9",
    "jnz .Lscan_found2",
    ".Lscan_m3:",
    "mov r9, qword ptr [rdi + 24]",
    extable!(".Lscan_m3", ".Lscan_fault"),
    "test r9, r9",
    "jnz .Lscan_found3",
    "mov rdi, r11",
    "jmp .Lscan_mid4",
    ".Lscan_found3:",
    "add rdi, 8",
    ".Lscan_found2:",
    "add rdi, 8",
    ".Lscan_found1:",
    "add rdi, 8",
    "jmp .Lscan_found",
    ".Lscan_tail:",
    "cmp rdi, r8",
    "jae .Lscan_last",
    ".Lscan_mid:",
    "mov r9, qword ptr [rdi]",
    extable!(".Lscan_mid", ".Lscan_fault"),
    "test r9, r9",
    "jnz .Lscan_found",
    "add rdi, 8",
    "cmp rdi, r8",
    "jb .Lscan_mid",
    ".Lscan_last:",
    "mov r9, qword ptr [rdi]",
    extable!(".Lscan_last", ".Lscan_fault"),
    "and r9, rcx",
    "jnz .Lscan_found",
    ".Lscan_zero:",
    "mov rax, rsi",
    "xor edx, edx",
    "ret",
    ".Lscan_found:",
    "mov rax, rdi",
    "sub rax, r10",
    "shr rax, 3",
    "mov rdx, r9",
    "ret",
    ".Lscan_fault:",
    "mov rax, -1",
    "xor edx, edx",
    "ret",
    endfunc!("scan_words"),
    epilogue!(),
);

// aarch64. 16-byte ldp/stp loop, one 8-byte step, byte loop; the fix-up of
// a wide access is the byte loop at the current position (a faulting
// ldp/stp leaves its registers and, for a store straddling the hole, the
// bytes before the hole unknown: the byte loop redoes them), so the count
// is exact. Unaligned accesses are fine on normal memory (SCTLR_EL1.A is
// clear for Linux user space).
#[cfg(target_arch = "aarch64")]
core::arch::global_asm!(
    prologue!("%progbits"),
    // usize asm_copy_from_user(u8 *dst, const u8 *user_src, usize len)
    func!("copy_from_user", "%function"),
    "cmp x2, #16",
    "b.lo .Lcfu_8",
    ".Lcfu_ldp:",
    "ldp x3, x4, [x1]",
    extable!(".Lcfu_ldp", ".Lcfu_bytes"),
    "stp x3, x4, [x0]",
    "add x1, x1, #16",
    "add x0, x0, #16",
    "sub x2, x2, #16",
    "cmp x2, #16",
    "b.hs .Lcfu_ldp",
    ".Lcfu_8:",
    "cmp x2, #8",
    "b.lo .Lcfu_bytes",
    ".Lcfu_ldr:",
    "ldr x3, [x1]",
    extable!(".Lcfu_ldr", ".Lcfu_bytes"),
    "str x3, [x0]",
    "add x1, x1, #8",
    "add x0, x0, #8",
    "sub x2, x2, #8",
    ".Lcfu_bytes:",
    "cbz x2, .Lcfu_done",
    ".Lcfu_ldrb:",
    "ldrb w3, [x1]",
    extable!(".Lcfu_ldrb", ".Lcfu_done"),
    "strb w3, [x0]",
    "add x1, x1, #1",
    "add x0, x0, #1",
    "sub x2, x2, #1",
    "cbnz x2, .Lcfu_ldrb",
    ".Lcfu_done:",
    "mov x0, x2",
    "ret",
    endfunc!("copy_from_user"),
    // usize asm_copy_to_user(u8 *user_dst, const u8 *src, usize len)
    func!("copy_to_user", "%function"),
    "cmp x2, #16",
    "b.lo .Lctu_8",
    ".Lctu_loop16:",
    "ldp x3, x4, [x1]",
    ".Lctu_stp:",
    "stp x3, x4, [x0]",
    extable!(".Lctu_stp", ".Lctu_bytes"),
    "add x1, x1, #16",
    "add x0, x0, #16",
    "sub x2, x2, #16",
    "cmp x2, #16",
    "b.hs .Lctu_loop16",
    ".Lctu_8:",
    "cmp x2, #8",
    "b.lo .Lctu_bytes",
    "ldr x3, [x1]",
    ".Lctu_str:",
    "str x3, [x0]",
    extable!(".Lctu_str", ".Lctu_bytes"),
    "add x1, x1, #8",
    "add x0, x0, #8",
    "sub x2, x2, #8",
    ".Lctu_bytes:",
    "cbz x2, .Lctu_done",
    ".Lctu_loop1:",
    "ldrb w3, [x1]",
    ".Lctu_strb:",
    "strb w3, [x0]",
    extable!(".Lctu_strb", ".Lctu_done"),
    "add x1, x1, #1",
    "add x0, x0, #1",
    "sub x2, x2, #1",
    "cbnz x2, .Lctu_loop1",
    ".Lctu_done:",
    "mov x0, x2",
    "ret",
    endfunc!("copy_to_user"),
    // usize asm_clear_user(u8 *user_dst, usize len)
    func!("clear_user", "%function"),
    "cmp x1, #16",
    "b.lo .Lclr_8",
    ".Lclr_stp:",
    "stp xzr, xzr, [x0]",
    extable!(".Lclr_stp", ".Lclr_bytes"),
    "add x0, x0, #16",
    "sub x1, x1, #16",
    "cmp x1, #16",
    "b.hs .Lclr_stp",
    ".Lclr_8:",
    "cmp x1, #8",
    "b.lo .Lclr_bytes",
    ".Lclr_str:",
    "str xzr, [x0]",
    extable!(".Lclr_str", ".Lclr_bytes"),
    "add x0, x0, #8",
    "sub x1, x1, #8",
    ".Lclr_bytes:",
    "cbz x1, .Lclr_done",
    ".Lclr_strb:",
    "strb wzr, [x0]",
    extable!(".Lclr_strb", ".Lclr_done"),
    "add x0, x0, #1",
    "sub x1, x1, #1",
    "cbnz x1, .Lclr_strb",
    ".Lclr_done:",
    "mov x0, x1",
    "ret",
    endfunc!("clear_user"),
    // struct { usize index; u64 value; } in x0:x1; as on x86_64.
    func!("scan_words", "%function"),
    "mov x7, x0",
    "sub x8, x1, #1",
    "add x8, x0, x8, lsl #3",
    "cmp x1, #1",
    "b.ne .Lscan_first",
    "and x2, x2, x3",
    ".Lscan_first:",
    "ldr x6, [x0]",
    extable!(".Lscan_first", ".Lscan_fault"),
    "ands x6, x6, x2",
    "b.ne .Lscan_found",
    "cmp x0, x8",
    "b.eq .Lscan_zero",
    "add x0, x0, #8",
    // Four middle words at a time while four lie before the last one.
    ".Lscan_mid4:",
    "add x9, x0, #32",
    "cmp x9, x8",
    "b.hi .Lscan_tail",
    ".Lscan_m0:",
    "ldr x6, [x0]",
    extable!(".Lscan_m0", ".Lscan_fault"),
    "cbnz x6, .Lscan_found",
    ".Lscan_m1:",
    "ldr x6, [x0, #8]",
    extable!(".Lscan_m1", ".Lscan_fault"),
    "cbnz x6, .Lscan_found1",
    ".Lscan_m2:",
    "ldr x6, [x0, #16]",
    extable!(".Lscan_m2", ".Lscan_fault"),
    "cbnz x6, .Lscan_found2",
    ".Lscan_m3:",
    "ldr x6, [x0, #24]",
    extable!(".Lscan_m3", ".Lscan_fault"),
    "cbnz x6, .Lscan_found3",
    "mov x0, x9",
    "b .Lscan_mid4",
    ".Lscan_found3:",
    "add x0, x0, #8",
    ".Lscan_found2:",
    "add x0, x0, #8",
    ".Lscan_found1:",
    "add x0, x0, #8",
    "b .Lscan_found",
    ".Lscan_tail:",
    "cmp x0, x8",
    "b.hs .Lscan_last",
    ".Lscan_mid:",
    "ldr x6, [x0]",
    extable!(".Lscan_mid", ".Lscan_fault"),
    "cbnz x6, .Lscan_found",
    "add x0, x0, #8",
    "cmp x0, x8",
    "b.lo .Lscan_mid",
    ".Lscan_last:",
    "ldr x6, [x0]",
    extable!(".Lscan_last", ".Lscan_fault"),
    "ands x6, x6, x3",
    "b.ne .Lscan_found",
    ".Lscan_zero:",
    "mov x0, x1",
    "mov x1, #0",
    "ret",
    ".Lscan_found:",
    "sub x0, x0, x7",
    "lsr x0, x0, #3",
    "mov x1, x6",
    "ret",
    ".Lscan_fault:",
    "mov x0, #-1",
    "mov x1, #0",
    "ret",
    endfunc!("scan_words"),
    epilogue!(),
);

/// The two-register result of the `scan_words` routine (rax:rdx, x0:x1).
#[repr(C)]
struct ScanResult {
    index: usize,
    value: u64,
}

/// One exception-table entry: offsets from the `text` label.
#[repr(C)]
struct Entry {
    fault: u32,
    fixup: u32,
}

extern "C" {
    #[link_name = sym!("copy_from_user")]
    fn asm_copy_from_user(dst: *mut u8, src: *const u8, len: usize) -> usize;
    #[link_name = sym!("copy_to_user")]
    fn asm_copy_to_user(dst: *mut u8, src: *const u8, len: usize) -> usize;
    #[link_name = sym!("clear_user")]
    fn asm_clear_user(dst: *mut u8, len: usize) -> usize;
    #[link_name = sym!("scan_words")]
    fn asm_scan_words(src: *const u64, words: usize, first_mask: u64, last_mask: u64)
        -> ScanResult;
    /// The start of the routines' text: the base of the table's offsets.
    /// Declared as a function only to take its address.
    #[link_name = sym!("text")]
    fn asm_text();
    /// The table's bounds, likewise declared only to take their addresses.
    #[link_name = sym!("extable")]
    fn asm_extable();
    #[link_name = sym!("extable_end")]
    fn asm_extable_end();
}

pub unsafe fn copy_from_user(dst: *mut u8, src: usize, len: usize) -> usize {
    // SAFETY: the routine reads `src..src + len` (faults recovered through
    // the table, the handler being installed by our caller) and writes
    // `dst..dst + len`, which the caller vouches for. It clobbers only
    // call-clobbered registers and no stack, as its C prototype allows.
    unsafe { asm_copy_from_user(dst, src as *const u8, len) }
}

pub unsafe fn copy_to_user(dst: usize, src: *const u8, len: usize) -> usize {
    // SAFETY: as in copy_from_user, with the sides swapped: the caller
    // vouches for `src` and for writing the user range.
    unsafe { asm_copy_to_user(dst as *mut u8, src, len) }
}

pub unsafe fn clear_user(dst: usize, len: usize) -> usize {
    // SAFETY: writes only `dst..dst + len`, which the caller vouches for;
    // faults recovered as above.
    unsafe { asm_clear_user(dst as *mut u8, len) }
}

pub unsafe fn scan_words(
    start: usize,
    words: usize,
    first_mask: u64,
    last_mask: u64,
) -> (usize, u64) {
    // SAFETY: reads `words >= 1` aligned words from `start`, the range the
    // caller planned; faults end the scan with usize::MAX. Nothing is
    // written.
    let r = unsafe { asm_scan_words(start as *const u64, words, first_mask, last_mask) };
    (r.index, r.value)
}

/// The address of an assembly label declared as a function.
fn label(f: unsafe extern "C" fn()) -> usize {
    f as usize
}

/// Our handler's address, as `sa_sigaction` holds it.
fn handler_addr() -> usize {
    let h: unsafe extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) = handler;
    h as usize
}

/// The fix-up address for a faulting program counter, if it is one of ours.
fn fixup_for(pc: usize) -> Option<usize> {
    let base = label(asm_text);
    let start = label(asm_extable);
    let end = label(asm_extable_end);
    let offset = u32::try_from(pc.wrapping_sub(base)).ok()?;
    let n = (end - start) / core::mem::size_of::<Entry>();
    // SAFETY: the assembler laid out exactly `n` 4-aligned entries between
    // the two labels, in read-only data that lives as long as the program.
    let table = unsafe { core::slice::from_raw_parts(start as *const Entry, n) };
    table.iter().find(|e| e.fault == offset).map(|e| base + e.fixup as usize)
}

/// How many fault points the table lists (for the tests).
#[cfg(test)]
pub(crate) fn table_len() -> usize {
    (label(asm_extable_end) - label(asm_extable)) / core::mem::size_of::<Entry>()
}

#[cfg(target_arch = "x86_64")]
unsafe fn pc_of(uc: *mut libc::ucontext_t) -> *mut usize {
    // SAFETY: the kernel passed a valid ucontext; greg_t is i64, the same
    // size as usize here.
    unsafe { ptr::addr_of_mut!((*uc).uc_mcontext.gregs[libc::REG_RIP as usize]).cast() }
}

#[cfg(target_arch = "aarch64")]
unsafe fn pc_of(uc: *mut libc::ucontext_t) -> *mut usize {
    // SAFETY: the kernel passed a valid ucontext; pc is a 64-bit field.
    unsafe { ptr::addr_of_mut!((*uc).uc_mcontext.pc).cast() }
}

/// The dispositions we found, written once before our handler is installed
/// and only read afterwards (by the handler, on any thread).
struct Previous(UnsafeCell<MaybeUninit<libc::sigaction>>);

// SAFETY: written only by the one thread that wins INSTALL_STATE's
// UNINIT -> BUSY transition, before sigaction makes our handler (its only
// reader) reachable; the system call orders the write before any delivery.
unsafe impl Sync for Previous {}

static PREV_SEGV: Previous = Previous(UnsafeCell::new(MaybeUninit::uninit()));
static PREV_BUS: Previous = Previous(UnsafeCell::new(MaybeUninit::uninit()));

const UNINIT: u8 = 0;
const BUSY: u8 = 1;
const READY: u8 = 2;
const FAILED: u8 = 3;
static INSTALL_STATE: AtomicU8 = AtomicU8::new(UNINIT);

#[inline]
pub fn install() -> bool {
    match INSTALL_STATE.load(Ordering::Acquire) {
        READY => true,
        FAILED => false,
        _ => install_slow(),
    }
}

#[cold]
fn install_slow() -> bool {
    loop {
        match INSTALL_STATE.compare_exchange(UNINIT, BUSY, Ordering::Acquire, Ordering::Acquire) {
            Ok(_) => {
                // SAFETY: we won the transition: no other thread writes
                // the PREV_* cells, and no handler of ours reads them yet.
                let ok = unsafe { install_handlers() };
                INSTALL_STATE.store(if ok { READY } else { FAILED }, Ordering::Release);
                return ok;
            }
            Err(READY) => return true,
            Err(FAILED) => return false,
            // Another thread is installing: a few system calls.
            Err(_) => core::hint::spin_loop(),
        }
    }
}

fn our_action() -> libc::sigaction {
    // SAFETY: sigaction is plain data; all-zero is a valid value.
    let mut act: libc::sigaction = unsafe { core::mem::zeroed() };
    act.sa_sigaction = handler_addr();
    act.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_NODEFER;
    // SAFETY: sa_mask is a valid sigset_t to initialize.
    unsafe { libc::sigemptyset(&mut act.sa_mask) };
    act
}

/// # Safety
///
/// Only the thread that won the install transition may call this, once.
unsafe fn install_handlers() -> bool {
    for (sig, prev) in [(libc::SIGSEGV, &PREV_SEGV), (libc::SIGBUS, &PREV_BUS)] {
        // SAFETY: sigaction is plain data; all-zero is a valid value.
        let mut old: libc::sigaction = unsafe { core::mem::zeroed() };
        // SAFETY: queries the current disposition into `old`.
        if unsafe { libc::sigaction(sig, ptr::null(), &mut old) } != 0 {
            return false;
        }
        if old.sa_sigaction == handler_addr() {
            // Already ours (a second copy of this state cannot exist, but
            // never chain to ourselves: that would recurse forever).
            continue;
        }
        // SAFETY: by our contract nobody else touches the cell, and our
        // handler (its reader) is not installed yet.
        unsafe { (*prev.0.get()).write(old) };
        let new = our_action();
        // SAFETY: installs a valid action; the previous one is saved above.
        if unsafe { libc::sigaction(sig, &new, ptr::null_mut()) } != 0 {
            return false;
        }
    }
    true
}

pub fn handler_is_current() -> bool {
    [libc::SIGSEGV, libc::SIGBUS].iter().all(|&sig| {
        // SAFETY: sigaction is plain data; all-zero is a valid value.
        let mut cur: libc::sigaction = unsafe { core::mem::zeroed() };
        // SAFETY: only queries the disposition.
        let rc = unsafe { libc::sigaction(sig, ptr::null(), &mut cur) };
        rc == 0 && cur.sa_sigaction == handler_addr()
    })
}

/// The `SIGSEGV`/`SIGBUS` handler. Async-signal-safe: reads static data,
/// writes one register of the interrupted context, or calls the previous
/// handler / `sigaction` / `pthread_sigmask` / `raise`.
unsafe extern "C" fn handler(sig: c_int, info: *mut libc::siginfo_t, ctx: *mut c_void) {
    // si_code > 0: raised by the kernel for a fault (SEGV_MAPERR,
    // SEGV_ACCERR, BUS_ADRERR, SI_KERNEL for a non-canonical address...),
    // not sent by kill/tgkill/sigqueue.
    // SAFETY: with SA_SIGINFO the kernel passes a valid siginfo_t.
    let from_kernel = !info.is_null() && unsafe { (*info).si_code } > 0;
    if from_kernel && !ctx.is_null() {
        // SAFETY: with SA_SIGINFO, `ctx` is the interrupted ucontext_t.
        let pc = unsafe { pc_of(ctx.cast()) };
        // SAFETY: `pc` points into that ucontext.
        if let Some(fixup) = fixup_for(unsafe { *pc }) {
            // SAFETY: resume at the fix-up, which only reads the registers
            // the faulting instruction left (see the crate docs).
            unsafe { *pc = fixup };
            return;
        }
    }
    // SAFETY: forwards with the arguments the kernel gave us.
    unsafe { forward(sig, info, ctx, from_kernel) }
}

/// Hands a fault that is not ours to the disposition we found.
unsafe fn forward(sig: c_int, info: *mut libc::siginfo_t, ctx: *mut c_void, from_kernel: bool) {
    let prev = match sig {
        libc::SIGSEGV => &PREV_SEGV,
        libc::SIGBUS => &PREV_BUS,
        _ => return,
    };
    // SAFETY: written before our handler was installed, never again.
    let prev: &libc::sigaction = unsafe { (*prev.0.get()).assume_init_ref() };
    let h = prev.sa_sigaction;
    if h == libc::SIG_DFL || h == libc::SIG_IGN {
        if h == libc::SIG_IGN && !from_kernel {
            return; // an ignored signal sent by kill: ignore it
        }
        // SAFETY: sigaction is plain data; all-zero is a valid value, and
        // its handler field zero is SIG_DFL.
        let mut dfl: libc::sigaction = unsafe { core::mem::zeroed() };
        dfl.sa_sigaction = libc::SIG_DFL;
        // SAFETY: restores the default action. A fault then re-executes
        // and kills the process with this signal (and its core dump).
        unsafe { libc::sigaction(sig, &dfl, ptr::null_mut()) };
        if !from_kernel {
            // SAFETY: re-sends the signal to this thread; with SIG_DFL it
            // terminates the process once unblocked (at once: SA_NODEFER).
            unsafe { libc::raise(sig) };
        }
        return;
    }
    // Run it as the kernel would: its sa_mask blocked, and the signal too
    // unless it asked for SA_NODEFER.
    let mut mask = prev.sa_mask;
    if prev.sa_flags & libc::SA_NODEFER == 0 {
        // SAFETY: `mask` is an initialized sigset_t.
        unsafe { libc::sigaddset(&mut mask, sig) };
    }
    let mut saved = MaybeUninit::<libc::sigset_t>::uninit();
    // SAFETY: valid sigsets; async-signal-safe.
    let blocked = unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &mask, saved.as_mut_ptr()) } == 0;
    if prev.sa_flags & libc::SA_SIGINFO != 0 {
        // SAFETY: with SA_SIGINFO, the field holds a three-argument handler.
        let f: extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) =
            unsafe { core::mem::transmute(h) };
        f(sig, info, ctx);
    } else {
        // SAFETY: without it, the field holds a one-argument sa_handler.
        let f: extern "C" fn(c_int) = unsafe { core::mem::transmute(h) };
        f(sig);
    }
    if blocked {
        // SAFETY: `saved` was filled by the successful call above.
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, saved.as_ptr(), ptr::null_mut()) };
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_fault_point_is_in_the_table() {
        // Each copy and clear: the 32-byte loop's two accesses, the last
        // 16, the first and last 16, 8, 4 and 2, the byte loop and `rep`
        // (13 each); the scan: 7.
        #[cfg(target_arch = "x86_64")]
        let expected = 3 * 13 + 7;
        #[cfg(target_arch = "aarch64")]
        let expected = 16;
        assert_eq!(super::table_len(), expected);
        assert!(super::fixup_for(super::label(super::asm_text)).is_none());
    }
}
