//! The verifier log at `BPF_LOG_LEVEL2`: the instruction printer
//! (`print_bpf_insn`, kernel/bpf/disasm.c), the register liveness dump
//! (`compute_live_registers`), and the register state printer
//! (`print_verifier_state`, `print_insn_state`, kernel/bpf/log.c and
//! verifier.c) over the small abstract state [`Val`] that
//! [`super::verifier::do_check`] tracks. See the limits in
//! [`super::verifier`]'s documentation.

use super::verifier::{bpf_class, bpf_mode, bpf_op, bpf_size, bpf_src, Insn, LD_IMM64};
use extensible_abi_bpf::consts::*;

/// The value of one register, as far as the runtime follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Val {
    /// `NOT_INIT`: never written on this path.
    NotInit,
    /// `PTR_TO_CTX` with a constant offset.
    Ctx(i32),
    /// `PTR_TO_STACK`: the frame pointer plus a constant offset.
    Fp(i64),
    /// A scalar of known value.
    Const(u64),
    /// A scalar of unknown value, with the bounds of its origin.
    Scalar(Bounds),
}

/// The bounds the runtime knows for an unknown scalar; each prints as the
/// kernel's `print_scalar_ranges` does for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bounds {
    /// Nothing known: `scalar()`.
    Any,
    /// Zero-extended from 8, 16 or 32 bits.
    U8,
    U16,
    U32,
    /// Sign-extended from 8, 16 or 32 bits.
    S8,
    S16,
    S32,
}

impl Val {
    /// Whether the register holds something (`type != NOT_INIT`).
    pub(crate) fn init(self) -> bool {
        self != Val::NotInit
    }

    /// Whether the value is a scalar (known or not).
    pub(crate) fn scalar(self) -> bool {
        matches!(self, Val::Const(_) | Val::Scalar(_))
    }
}

/// `verbose_snum`: small signed numbers in decimal, others in hex.
fn snum(v: u64) -> String {
    let s = v as i64;
    if (i64::from(i16::MIN)..=i64::from(i16::MAX)).contains(&s) {
        format!("{s}")
    } else {
        format!("{v:#x}")
    }
}

/// `print_reg_state` for the values the runtime tracks.
pub(crate) fn fmt_val(v: Val) -> String {
    match v {
        Val::NotInit => String::new(),
        Val::Ctx(0) => "ctx()".into(),
        Val::Ctx(off) => format!("ctx(off={off})"),
        Val::Fp(off) => format!("fp{}", snum(off as u64)),
        Val::Const(c) => snum(c),
        Val::Scalar(b) => match b {
            Bounds::Any => "scalar()",
            Bounds::U8 => "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))",
            Bounds::U16 => {
                "scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffff,var_off=(0x0; 0xffff))"
            }
            Bounds::U32 => "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))",
            Bounds::S8 => "scalar(smin=smin32=-128,smax=smax32=127)",
            Bounds::S16 => "scalar(smin=smin32=-32768,smax=smax32=32767)",
            Bounds::S32 => "scalar(smin=0xffffffff80000000,smax=0x7fffffff)",
        }
        .into(),
    }
}

const ALU_OPS: [&str; 16] = [
    "+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian", "",
    "",
];
const JMP_OPS: [&str; 16] = [
    "jmp", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<=",
    "may_goto", "",
];
const SIZES: [&str; 4] = ["u32", "u16", "u8", "u64"];

/// `print_bpf_insn` (Linux 6.18) of instruction `i`, without its newline.
/// `ld_imm64` prints its full immediate (the runtime keeps the caller's
/// map fd there, where the kernel has put the map's address).
pub(crate) fn disasm(insns: &[u8], i: usize) -> String {
    let x = Insn::at(insns, i);
    let code = x.code;
    let class = bpf_class(code);
    let op = usize::from(bpf_op(code) >> 4);
    let src_x = bpf_src(code) == BPF_X;
    let size = SIZES[usize::from(bpf_size(code) >> 3)];
    let (d, s) = (x.dst, x.src);
    let body = match class {
        BPF_ALU | BPF_ALU64 => {
            let r = if class == BPF_ALU { 'w' } else { 'r' };
            if bpf_op(code) == BPF_END {
                if class == BPF_ALU64 {
                    format!("r{d} = bswap{} r{d}", x.imm)
                } else {
                    let e = if src_x { "be" } else { "le" };
                    format!("r{d} = {e}{} r{d}", x.imm)
                }
            } else if bpf_op(code) == BPF_NEG {
                format!("{r}{d} = -{r}{d}")
            } else if bpf_op(code) == BPF_MOV && src_x && x.off != 0 {
                format!("{r}{d} = (s{}){r}{s}", x.off)
            } else {
                let mut o = ALU_OPS[op].to_string();
                if matches!(bpf_op(code), BPF_DIV | BPF_MOD) && x.off == 1 {
                    o.insert(0, 's');
                }
                if src_x {
                    format!("{r}{d} {o} {r}{s}")
                } else {
                    format!("{r}{d} {o} {}", x.imm)
                }
            }
        }
        BPF_STX if bpf_mode(code) == BPF_MEM => {
            format!("*({size} *)(r{d} {:+}) = r{s}", x.off)
        }
        BPF_STX if bpf_mode(code) == BPF_ATOMIC => {
            let w = if bpf_size(code) == BPF_DW { "64" } else { "" };
            // The atomic operations are ALU operations in `imm`.
            const ADD: i32 = BPF_ADD as i32;
            const OR: i32 = BPF_OR as i32;
            const AND: i32 = BPF_AND as i32;
            const XOR: i32 = BPF_XOR as i32;
            let name = match x.imm & !BPF_FETCH {
                ADD => "add",
                OR => "or",
                AND => "and",
                XOR => "xor",
                _ => "",
            };
            match x.imm {
                BPF_CMPXCHG => {
                    format!("r0 = atomic{w}_cmpxchg(({size} *)(r{d} {:+}), r0, r{s})", x.off)
                }
                BPF_XCHG => format!("r{s} = atomic{w}_xchg(({size} *)(r{d} {:+}), r{s})", x.off),
                _ if name.is_empty() => format!("BUG_{code:02x}"),
                _ if x.imm & BPF_FETCH != 0 => {
                    format!("r{s} = atomic{w}_fetch_{name}(({size} *)(r{d} {:+}), r{s})", x.off)
                }
                _ => {
                    let o = ALU_OPS[(x.imm >> 4) as usize];
                    format!("lock *({size} *)(r{d} {:+}) {o} r{s}", x.off)
                }
            }
        }
        BPF_ST => format!("*({size} *)(r{d} {:+}) = {}", x.off, x.imm),
        BPF_LDX if bpf_mode(code) == BPF_MEMSX => {
            let bits = match bpf_size(code) {
                BPF_B => 8,
                BPF_H => 16,
                _ => 32,
            };
            format!("r{d} = *(s{bits} *)(r{s} {:+})", x.off)
        }
        BPF_LDX => format!("r{d} = *({size} *)(r{s} {:+})", x.off),
        BPF_LD if code == LD_IMM64 => {
            let hi = if i + 1 < insns.len() / 8 { Insn::at(insns, i + 1).imm } else { 0 };
            let imm = (u64::from(hi as u32) << 32) | u64::from(x.imm as u32);
            format!("r{d} = {imm:#x}")
        }
        BPF_LD if bpf_mode(code) == BPF_ABS => format!("r0 = *({size} *)skb[{}]", x.imm),
        BPF_LD => format!("r0 = *({size} *)skb[r{s} + {}]", x.imm),
        _ => {
            let r = if class == BPF_JMP32 { 'w' } else { 'r' };
            const JA: u8 = BPF_JMP | BPF_JA;
            const JA32: u8 = BPF_JMP32 | BPF_JA;
            const EXIT: u8 = BPF_JMP | BPF_EXIT;
            const MAY_GOTO: u8 = BPF_JMP | BPF_JCOND;
            const CALL: u8 = BPF_JMP | BPF_CALL;
            match code {
                JA => format!("goto pc{:+}", x.off),
                JA32 => format!("gotol pc{:+}", x.imm),
                EXIT => "exit".into(),
                MAY_GOTO => format!("may_goto pc{:+}", x.off),
                CALL => format!("call #{}", x.imm),
                _ if src_x => format!("if {r}{d} {} {r}{s} goto pc{:+}", JMP_OPS[op], x.off),
                _ => format!("if {r}{d} {} {:#x} goto pc{:+}", JMP_OPS[op], x.imm as u32, x.off),
            }
        }
    };
    format!("({code:02x}) {body}")
}

/// The registers instruction `x` reads and writes (`compute_insn_live_regs`),
/// as bit masks of r0..r10.
pub(crate) fn use_def(x: &Insn) -> (u16, u16) {
    let (d, s) = (1u16 << (x.dst & 15), 1u16 << (x.src & 15));
    let src_x = bpf_src(x.code) == BPF_X;
    match bpf_class(x.code) {
        BPF_ALU | BPF_ALU64 => {
            let mut u = if bpf_op(x.code) == BPF_MOV { 0 } else { d };
            if src_x && !matches!(bpf_op(x.code), BPF_NEG | BPF_END) {
                u |= s;
            }
            (u, d)
        }
        BPF_LDX => (s, d),
        BPF_ST => (d, 0),
        BPF_STX if bpf_mode(x.code) == BPF_ATOMIC => match x.imm {
            BPF_CMPXCHG => (d | s | 1, 1),
            i if i & BPF_FETCH != 0 => (d | s, s),
            _ => (d | s, 0),
        },
        BPF_STX => (d | s, 0),
        BPF_LD if x.code == LD_IMM64 => (0, d),
        // The kernel counts every register as read by `LD_ABS` and
        // `LD_IND` (Linux 6.18).
        BPF_LD => (0x7ff, 0b11_1111),
        _ => match bpf_op(x.code) {
            BPF_JA | BPF_JCOND => (0, 0),
            BPF_EXIT => (1, 0),
            BPF_CALL => (0b11_1110, 0b11_1111),
            _ if src_x => (d | s, 0),
            _ => (d, 0),
        },
    }
}

/// `compute_live_registers`' level-2 dump: the registers live before
/// each instruction (every program here is loop-free, so no instruction
/// belongs to a strongly connected component and the SCC column is blank).
pub(crate) fn live_regs_dump(insns: &[u8], succ: impl Fn(usize) -> [Option<usize>; 2]) -> String {
    let n = insns.len() / 8;
    let mut live_in = vec![0u16; n + 1];
    let mut changed = true;
    while changed {
        changed = false;
        for i in (0..n).rev() {
            let x = Insn::at(insns, i);
            if i > 0 && Insn::at(insns, i - 1).code == LD_IMM64 {
                continue;
            }
            let out = succ(i).iter().flatten().fold(0, |m, &t| m | live_in[t.min(n)]);
            let (u, d) = use_def(&x);
            let new = (out & !d) | u;
            if new != live_in[i] {
                live_in[i] = new;
                changed = true;
            }
        }
    }
    let mut s = String::from("Live regs before insn:\n");
    let mut i = 0;
    while i < n {
        s.push_str(&format!("    {i:3}: "));
        for r in 0..10 {
            if live_in[i] & (1 << r) != 0 {
                s.push(char::from(b'0' + r));
            } else {
                s.push('.');
            }
        }
        s.push(' ');
        s.push_str(&disasm(insns, i));
        s.push('\n');
        i += if Insn::at(insns, i).code == LD_IMM64 { 2 } else { 1 };
    }
    s
}

/// `bpf_vlog_alignment`: the padding that puts a state after an
/// instruction of `pos` bytes (its newline included) at column 40 or on.
pub(crate) fn alignment(pos: usize) -> usize {
    let m = (pos + 4).max(40);
    m.div_ceil(8) * 8 - pos - 1
}

/// The state dump of the registers in `mask` that hold something
/// (`print_verifier_state`), each as ` R%d=...`.
pub(crate) fn fmt_regs(regs: &[Val; 11], mask: u16) -> String {
    let mut s = String::new();
    for (r, v) in regs.iter().enumerate() {
        if mask & (1 << r) != 0 && v.init() {
            s.push_str(&format!(" R{r}={}", fmt_val(*v)));
        }
    }
    s
}

/// `fmt_reg_mask`: `r0,r2`.
pub(crate) fn fmt_mask(mask: u16) -> String {
    (0..11).filter(|r| mask & (1 << r) != 0).map(|r| format!("r{r}")).collect::<Vec<_>>().join(",")
}
