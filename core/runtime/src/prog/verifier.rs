//! The runtime's minimal verifier: the kernel's structural checks, in the
//! kernel's order and with its log messages and errno, plus a small
//! register-initialisation pass. It is what makes running a program with
//! the interpreter safe and deterministic; it is not the kernel's verifier.
//!
//! What is checked, in order (`bpf_check` in kernel/bpf/verifier.c):
//!
//! 1. `add_subprog_and_kfunc`: bpf-to-bpf calls, kfunc calls and
//!    `BPF_PSEUDO_FUNC` loads are refused (`EINVAL`, a message of this
//!    runtime's own): one program is one function here;
//! 2. `check_subprogs`: every jump lands inside the program (`jump out of
//!    range from insn %d to %d`), the last instruction is `exit` or `ja`
//!    (`last insn is not an exit or jmp`);
//! 3. `resolve_pseudo_ldimm64` (done by the caller, which owns the map
//!    references) and the opcode table (`unknown opcode %02x`, `BPF_LDX
//!    uses reserved fields`), see [`check_insn_fields`];
//! 4. `check_cfg`: every instruction is reachable (`unreachable insn %d`),
//!    no jump lands in the middle of a `ld_imm64`; loops (back-edges) are
//!    refused with the kernel's unprivileged message (`back-edge from insn
//!    %d to %d`, `EINVAL`), although the kernel accepts bounded loops from
//!    a privileged caller: without them every path ends;
//! 5. `do_check`, reduced to what needs no types: register numbers
//!    (`R%d is invalid`, `EINVAL`), no read of a register never written on
//!    the path (`R%d !read_ok`, `EACCES`, `R0` at `exit` included), no
//!    write to `R10` (`frame pointer is read only`, `EACCES`), `LD_ABS` and
//!    `LD_IND` only in socket filters and tc programs; helper calls are
//!    refused (`EINVAL`: the runtime provides no helpers). Every path is
//!    walked without the kernel's state pruning, counting processed
//!    instructions as the kernel does (a `ld_imm64` counts once); over
//!    1,000,000 is `E2BIG` (`BPF program is too large`).
//!
//! Not checked: pointer types, memory bounds, stack initialisation, return
//! value ranges. The interpreter checks every memory access at run time
//! instead (a bad one fails the test run, see `PROG_TEST_RUN`).
//!
//! The log holds the failing check's message and then the kernel's
//! statistics line (`processed %d insns (limit 1000000) max_states_per_insn
//! 0 total_states 0 peak_states 0 mark_read 0`). So for the structural
//! failures (every level) and for straight-line programs at level 1 the log
//! is byte-identical to the kernel's. `BPF_LOG_STATS` adds `verification
//! time 0 usec` (not measured) and `stack depth N` (the deepest
//! `r10`-relative access).
//!
//! At `BPF_LOG_LEVEL2` (see [`super::log2`]) the log also has, as Linux
//! 6.18 writes them: the function list (`func#0 @0`), the liveness dump
//! (`Live regs before insn:`, one `print_bpf_insn` line per instruction),
//! then `do_check`'s trace: the state at the start (`0: R1=ctx()
//! R10=fp0`), each instruction, the registers it touched (`; R0=0`, aligned
//! as `bpf_vlog_alignment` does), the `mark_precise` backtracking when a
//! branch on two known scalars is decided, `from X to Y:` with the whole
//! state when a pushed branch is walked, and, on failure, the message after
//! the instruction that failed. For this `do_check` follows register
//! values: the context and frame pointers with constant offsets, known
//! scalars (folded as the interpreter computes them; a branch on two of
//! them is decided, as the kernel's `is_branch_taken` does, which also makes
//! the processed count the kernel's), and unknown scalars with the bounds
//! of their origin (context loads of 1, 2, 4 bytes, sign-extending loads,
//! 32-bit results). Byte-identical (checked against the live kernel, see
//! the `log_level_2_matches_the_kernel` test) for straight-line and
//! branching programs that use only those values. Not reproduced:
//!
//! - range tracking of unknown scalars through arithmetic and branches
//!   (the kernel prints e.g. `R2=scalar(smin=smin32=0,smax=umax=...,
//!   var_off=(0x0; 0x7))` after `if r2 > 5`; the runtime keeps the bounds
//!   the value had). Followed: a 64-bit `r == K` / `r != K` makes the value
//!   `K` on the way where it holds, and is decided when `K` is outside the
//!   value's range; not followed: the other way's bounds when `K` is at the
//!   edge of the range (`r != 0` gives the kernel's `scalar(umin=1)`), the
//!   32-bit and ordering comparisons of unknown scalars (never decided from
//!   ranges here, and printed without the new bounds);
//! - division and modulo of constants, `bswap` and `may_goto` (unknown
//!   scalars here, both ways for `may_goto`);
//! - the stack: slots (`fp-8=...`) are not printed, and the kernel's
//!   `(0) frame 0 insn N +written ...` / `live stack update` lines after
//!   programs that write it are missing;
//! - map pointers (`map_ptr(...)`: printed as unknown scalars; the kernel
//!   also prints the map's address in the `ld_imm64` line where the runtime
//!   prints the fd);
//! - state checkpoints and pruning (`is_state_visited`): the kernel adds a
//!   checkpoint at a prune point once 2 jumps and 8 instructions went by
//!   since the last, which adds `mark_precise: ... parent state` lines and
//!   changes the `total_states`/`peak_states` counts (always 0 here), and
//!   prunes equivalent states (`N: safe`), changing the processed count;
//! - `; zext` marks in the liveness dump (the kernel prints none on x86-64
//!   for the programs tried) and SCC numbers (no loops are accepted here).

use super::log2::{alignment, disasm, fmt_mask, fmt_regs, Bounds, Val};
use extensible_abi::errno;
use extensible_abi_bpf::consts::*;

/// `BPF_COMPLEXITY_LIMIT_INSNS` (include/linux/bpf.h): the most
/// instructions one verification may process.
pub(crate) const COMPLEXITY_LIMIT: u32 = 1_000_000;

/// The `ld_imm64` opcode: `BPF_LD | BPF_IMM | BPF_DW`.
pub(crate) const LD_IMM64: u8 = BPF_LD | BPF_IMM | BPF_DW;

/// `BPF_CLASS(code)`.
pub(crate) const fn bpf_class(code: u8) -> u8 {
    code & 0x07
}

/// `BPF_SIZE(code)`.
pub(crate) const fn bpf_size(code: u8) -> u8 {
    code & 0x18
}

/// `BPF_MODE(code)`.
pub(crate) const fn bpf_mode(code: u8) -> u8 {
    code & 0xe0
}

/// `BPF_OP(code)`.
pub(crate) const fn bpf_op(code: u8) -> u8 {
    code & 0xf0
}

/// `BPF_SRC(code)`.
pub(crate) const fn bpf_src(code: u8) -> u8 {
    code & 0x08
}

/// One `struct bpf_insn`, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Insn {
    pub(crate) code: u8,
    pub(crate) dst: u8,
    pub(crate) src: u8,
    pub(crate) off: i16,
    pub(crate) imm: i32,
}

impl Insn {
    /// Instruction `i` of `insns` (8 bytes each, little-endian fields; the
    /// register nibbles in the order of a little-endian bitfield).
    pub(crate) fn at(insns: &[u8], i: usize) -> Insn {
        let b = &insns[i * 8..i * 8 + 8];
        Insn {
            code: b[0],
            dst: b[1] & 0x0f,
            src: b[1] >> 4,
            off: i16::from_le_bytes([b[2], b[3]]),
            imm: i32::from_le_bytes([b[4], b[5], b[6], b[7]]),
        }
    }

    pub(crate) fn class(&self) -> u8 {
        bpf_class(self.code)
    }

    fn op(&self) -> u8 {
        bpf_op(self.code)
    }

    fn mode(&self) -> u8 {
        bpf_mode(self.code)
    }

    fn size(&self) -> u8 {
        bpf_size(self.code)
    }

    /// `BPF_SRC(code) == BPF_X`: the source is a register.
    fn src_x(&self) -> bool {
        bpf_src(self.code) == BPF_X
    }

    fn is_jmp(&self) -> bool {
        matches!(self.class(), BPF_JMP | BPF_JMP32)
    }

    /// The target of a jump at `i` (`JMP32 | JA` takes its offset from `imm`).
    fn target(&self, i: usize) -> i64 {
        let off =
            if self.code == BPF_JMP32 | BPF_JA { i64::from(self.imm) } else { i64::from(self.off) };
        i as i64 + off + 1
    }
}

/// A failed check: the errno and the log message (with its newline, when
/// the kernel's has one).
pub(crate) type Failure = (i32, String);

fn fail<T>(errno: i32, msg: String) -> Result<T, Failure> {
    Err((errno, msg))
}

/// Number of instructions in `insns`.
fn count(insns: &[u8]) -> usize {
    insns.len() / 8
}

/// Step 1: calls to other functions and kfuncs.
pub(crate) fn check_no_subprogs(insns: &[u8]) -> Result<(), Failure> {
    for i in 0..count(insns) {
        let insn = Insn::at(insns, i);
        let call = insn.code == BPF_JMP | BPF_CALL
            && matches!(insn.src, BPF_PSEUDO_CALL | BPF_PSEUDO_KFUNC_CALL);
        let func = insn.code == LD_IMM64 && insn.src == BPF_PSEUDO_FUNC;
        if call || func {
            return fail(
                errno::EINVAL,
                format!(
                    "insn {i}: bpf-to-bpf calls and kfuncs are not supported by this runtime\n"
                ),
            );
        }
    }
    Ok(())
}

/// Step 2: `check_subprogs` for the one function.
pub(crate) fn check_subprogs(insns: &[u8]) -> Result<(), Failure> {
    let n = count(insns);
    for i in 0..n {
        let insn = Insn::at(insns, i);
        if insn.is_jmp() && insn.op() != BPF_EXIT && insn.op() != BPF_CALL {
            let to = insn.target(i);
            if to < 0 || to >= n as i64 {
                return fail(errno::EINVAL, format!("jump out of range from insn {i} to {to}\n"));
            }
        }
        if i == n - 1
            && insn.code != BPF_JMP | BPF_EXIT
            && insn.code != BPF_JMP32 | BPF_JA
            && insn.code != BPF_JMP | BPF_JA
        {
            return fail(errno::EINVAL, "last insn is not an exit or jmp\n".into());
        }
    }
    Ok(())
}

/// `bpf_opcode_in_insntable`: the opcodes of `BPF_INSN_MAP`
/// (kernel/bpf/core.c) and the `ld_imm64` one.
pub(crate) fn opcode_known(code: u8) -> bool {
    let op = bpf_op(code);
    let x = bpf_src(code) == BPF_X;
    match bpf_class(code) {
        BPF_ALU | BPF_ALU64 => match op {
            BPF_ADD..=BPF_RSH | BPF_MOD..=BPF_ARSH => true,
            BPF_NEG => !x,
            // BPF_END: TO_LE / TO_BE in ALU; only the unconditional swap
            // (the TO_LE bit pattern) in ALU64.
            BPF_END => bpf_class(code) == BPF_ALU || !x,
            _ => false,
        },
        BPF_JMP => match op {
            BPF_JA | BPF_CALL | BPF_EXIT => !x,
            BPF_JEQ..=BPF_JSGE | BPF_JLT..=BPF_JSLE => true,
            // may_goto.
            BPF_JCOND => !x,
            _ => false,
        },
        BPF_JMP32 => match op {
            BPF_JA => !x,
            BPF_JEQ..=BPF_JSGE | BPF_JLT..=BPF_JSLE => true,
            _ => false,
        },
        BPF_LDX => match bpf_mode(code) {
            BPF_MEM => matches!(bpf_size(code), BPF_W | BPF_H | BPF_B | BPF_DW),
            // MEMSX: B, H, W.
            BPF_MEMSX => bpf_size(code) != BPF_DW,
            _ => false,
        },
        BPF_ST => bpf_mode(code) == BPF_MEM,
        BPF_STX => matches!(bpf_mode(code), BPF_MEM | BPF_ATOMIC),
        BPF_LD => {
            code == LD_IMM64
                || (matches!(bpf_mode(code), BPF_ABS | BPF_IND) && bpf_size(code) != BPF_DW)
        }
        _ => false,
    }
}

/// Step 3's per-instruction checks for instructions other than `ld_imm64`.
pub(crate) fn check_insn_fields(insn: &Insn) -> Result<(), Failure> {
    if insn.class() == BPF_LDX
        && ((insn.mode() != BPF_MEM && insn.mode() != BPF_MEMSX) || insn.imm != 0)
    {
        return fail(errno::EINVAL, "BPF_LDX uses reserved fields\n".into());
    }
    if !opcode_known(insn.code) {
        return fail(errno::EINVAL, format!("unknown opcode {:02x}\n", insn.code));
    }
    Ok(())
}

/// The successors of instruction `i` in the control-flow graph.
pub(crate) fn successors(insns: &[u8], i: usize) -> [Option<usize>; 2] {
    let insn = Insn::at(insns, i);
    if insn.code == LD_IMM64 {
        return [Some(i + 2), None];
    }
    if !insn.is_jmp() {
        return [Some(i + 1), None];
    }
    let to = usize::try_from(insn.target(i)).ok();
    match insn.op() {
        BPF_EXIT => [None, None],
        BPF_CALL => [Some(i + 1), None],
        BPF_JA => [to, None],
        _ => [Some(i + 1), to],
    }
}

/// Step 4: `check_cfg` (after step 2, every target is in range).
pub(crate) fn check_cfg(insns: &[u8]) -> Result<(), Failure> {
    const NEW: u8 = 0;
    const DISCOVERED: u8 = 1;
    const EXPLORED: u8 = 2;
    let n = count(insns);
    let mut state = vec![NEW; n];
    let mut back_edge = None;
    // Iterative depth-first search: (insn, next successor to try).
    let mut stack = vec![(0usize, 0usize)];
    state[0] = DISCOVERED;
    while let Some(&mut (i, ref mut k)) = stack.last_mut() {
        let succ = successors(insns, i);
        if *k < 2 {
            let s = succ[*k];
            *k += 1;
            if let Some(w) = s.filter(|&w| w < n) {
                match state[w] {
                    NEW => {
                        state[w] = DISCOVERED;
                        stack.push((w, 0));
                    }
                    DISCOVERED => {
                        back_edge.get_or_insert((i, w));
                    }
                    _ => {}
                }
            }
            continue;
        }
        state[i] = EXPLORED;
        stack.pop();
    }
    let mut i = 0;
    while i < n {
        if state[i] != EXPLORED {
            return fail(errno::EINVAL, format!("unreachable insn {i}\n"));
        }
        if Insn::at(insns, i).code == LD_IMM64 {
            if i + 1 < n && state[i + 1] != NEW {
                return fail(errno::EINVAL, format!("jump into the middle of ldimm64 insn {i}\n"));
            }
            i += 1;
        }
        i += 1;
    }
    if let Some((from, to)) = back_edge {
        return fail(errno::EINVAL, format!("back-edge from insn {from} to {to}\n"));
    }
    Ok(())
}

/// Program types that may use `LD_ABS`/`LD_IND` (`may_access_skb`):
/// socket filters and tc classifiers and actions.
fn may_access_skb(prog_type: u32) -> bool {
    matches!(
        prog_type,
        BPF_PROG_TYPE_SOCKET_FILTER | BPF_PROG_TYPE_SCHED_CLS | BPF_PROG_TYPE_SCHED_ACT
    )
}

/// One path still to walk: the instruction, the registers, where it came
/// from (the jump, for the log's `from %d to %d`) and the last instruction
/// walked to get there (an index into the history arena, for the
/// `mark_precise` trace).
struct Path {
    insn: usize,
    regs: [Val; 11],
    from: Option<usize>,
    history: u32,
}

/// No instruction (the end of a history chain).
const NO_HIST: u32 = u32::MAX;

/// The level-2 trace on its way to the log: every piece goes out at once
/// except the last instruction line, which `print_insn_state` may extend
/// with the registers (the kernel removes its newline, `bpf_vlog_reset`).
struct Trace<'a> {
    out: Option<&'a mut dyn FnMut(&str)>,
    pending: Option<String>,
}

impl Trace<'_> {
    fn on(&self) -> bool {
        self.out.is_some()
    }

    fn flush(&mut self) {
        if let (Some(out), Some(mut line)) = (self.out.as_mut(), self.pending.take()) {
            line.push('\n');
            out(&line);
        }
    }

    /// A message of its own.
    fn push(&mut self, s: &str) {
        self.flush();
        if let Some(out) = self.out.as_mut() {
            out(s);
        }
    }

    /// `%d: <insn>\n`.
    fn insn(&mut self, line: String) {
        self.flush();
        self.pending = Some(line);
    }

    /// `print_insn_state`: the registers in `mask` after the instruction
    /// line (aligned, `; R0=...`) or on a line of their own (`%d: R0=...`).
    fn state(&mut self, i: usize, regs: &[Val; 11], mask: u16) {
        let Some(out) = self.out.as_mut() else { return };
        let line = match self.pending.take() {
            Some(p) => {
                format!("{p}{};{}\n", " ".repeat(alignment(p.len() + 1)), fmt_regs(regs, mask))
            }
            None => format!("{i}:{}\n", fmt_regs(regs, mask)),
        };
        out(&line);
    }
}

/// Step 5: every path, registers tracked as written or not, and their
/// values as far as [`Val`] follows them. Returns the number of
/// instructions processed (also on failure, as the kernel's statistics
/// line reports it). With `trace`, the log `do_check` writes at
/// `BPF_LOG_LEVEL2` goes there as it is made (before the failure message,
/// which the caller writes).
pub(crate) fn do_check(
    insns: &[u8],
    prog_type: u32,
    trace: Option<&mut dyn FnMut(&str)>,
) -> (u32, Result<(), Failure>) {
    let mut log = Trace { out: trace, pending: None };
    let r = walk(insns, prog_type, &mut log);
    log.flush();
    r
}

fn walk(insns: &[u8], prog_type: u32, log: &mut Trace) -> (u32, Result<(), Failure>) {
    let mut processed = 0u32;
    // The instructions walked, as (insn, previous) chains, at level 2.
    let mut hist: Vec<(u32, u32)> = Vec::new();
    let mut regs0 = [Val::NotInit; 11];
    // R1 (the context) and R10 (the frame pointer) are set at entry.
    regs0[1] = Val::Ctx(0);
    regs0[usize::from(BPF_REG_10)] = Val::Fp(0);
    let mut paths = vec![Path { insn: 0, regs: regs0, from: None, history: NO_HIST }];
    while let Some(Path { insn: mut i, mut regs, from, mut history }) = paths.pop() {
        // Every register is "scratched" at the start of a path.
        let mut scratched: u16 = 0x7ff;
        if let Some(from) = from {
            if log.on() {
                log.push(&format!("\nfrom {from} to {i}:{}\n", fmt_regs(&regs, 0x7ff)));
            }
        }
        loop {
            processed += 1;
            if processed > COMPLEXITY_LIMIT {
                let msg = format!("BPF program is too large. Processed {processed} insn\n");
                return (processed, fail(errno::E2BIG, msg));
            }
            let insn = Insn::at(insns, i);
            if log.on() {
                if scratched != 0 {
                    log.state(i, &regs, scratched);
                }
                log.insn(format!("{i}: {}", disasm(insns, i)));
            }
            let mut mask =
                regs.iter().enumerate().fold(
                    0u16,
                    |m, (r, v)| {
                        if v.init() {
                            m | 1 << r
                        } else {
                            m
                        }
                    },
                );
            if let Err(f) = step(&insn, &mut mask, prog_type) {
                return (processed, Err(f));
            }
            scratched = scratch(&insn);
            eval(&insn, insns, i, &mut regs);
            if log.on() {
                hist.push((i as u32, history));
                history = (hist.len() - 1) as u32;
            }
            let mut succ = successors(insns, i);
            // The registers of the other way of an undecided branch.
            let mut taken_regs = regs;
            if insn.is_jmp() && !matches!(insn.op(), BPF_JA | BPF_EXIT | BPF_CALL | BPF_JCOND) {
                let decided = branch_taken(&insn, &regs);
                if decided.is_none() {
                    refine_eq(&insn, &mut taken_regs, true);
                    refine_eq(&insn, &mut regs, false);
                }
                if let Some(taken) = decided {
                    if log.on() {
                        let mut marks = vec![insn.dst];
                        if insn.src_x() {
                            marks.push(insn.src);
                        }
                        for r in marks {
                            if regs[usize::from(r)].scalar() {
                                mark_precise(log, insns, &hist, history, 1 << r);
                            }
                        }
                    }
                    succ = if taken { [succ[1], None] } else { [succ[0], None] };
                }
                if log.on() {
                    log.state(i, &regs, scratched);
                    scratched = 0;
                }
            }
            match succ {
                [None, None] => break,
                [Some(next), branch] => {
                    if let Some(b) = branch {
                        paths.push(Path { insn: b, regs: taken_regs, from: Some(i), history });
                    }
                    i = next;
                }
                [None, Some(next)] => i = next,
            }
        }
    }
    (processed, Ok(()))
}

/// The registers `check_reg_arg` marks as scratched for instruction `x`.
fn scratch(x: &Insn) -> u16 {
    let (d, s) = (1u16 << (x.dst & 15), 1u16 << (x.src & 15));
    let src_x = x.src_x();
    match x.class() {
        BPF_ALU | BPF_ALU64 if src_x && !matches!(x.op(), BPF_NEG | BPF_END) => d | s,
        BPF_ALU | BPF_ALU64 | BPF_ST => d,
        BPF_LDX | BPF_STX => {
            d | s | if x.mode() == BPF_ATOMIC && x.imm == BPF_CMPXCHG { 1 } else { 0 }
        }
        BPF_LD if x.code == LD_IMM64 => d,
        BPF_LD => 1 << 6 | 0b11_1111 | if x.mode() == BPF_IND { s } else { 0 },
        _ => match x.op() {
            BPF_JA | BPF_EXIT | BPF_CALL | BPF_JCOND => 0,
            _ if src_x => d | s,
            _ => d,
        },
    }
}

/// `mark_chain_precision` of the registers in `mask` before the jump at
/// the head of the history chain `head`, with the kernel's level-2 trace
/// (one state: the backtracking walks the path from its first
/// instruction).
fn mark_precise(log: &mut Trace, insns: &[u8], hist: &[(u32, u32)], head: u32, mut mask: u16) {
    let Some(&(last, mut at)) = hist.get(head as usize) else {
        return;
    };
    log.push(&format!("mark_precise: frame0: last_idx {last} first_idx 0 subseq_idx -1 \n"));
    while let Some(&(i, prev)) = hist.get(at as usize) {
        at = prev;
        let i = i as usize;
        log.push(&format!(
            "mark_precise: frame0: regs={} stack= before {i}: {}\n",
            fmt_mask(mask),
            disasm(insns, i)
        ));
        let x = Insn::at(insns, i);
        let (d, s) = (1u16 << (x.dst & 15), 1u16 << (x.src & 15));
        let src_x = x.src_x();
        match x.class() {
            BPF_ALU | BPF_ALU64 if mask & d != 0 => {
                if x.op() == BPF_MOV {
                    mask &= !d;
                    if src_x {
                        mask |= s;
                    }
                } else if src_x && !matches!(x.op(), BPF_NEG | BPF_END) {
                    mask |= s;
                }
            }
            BPF_LDX if mask & d != 0 => mask &= !d,
            BPF_LD if x.code == LD_IMM64 && mask & d != 0 => mask &= !d,
            BPF_LD if x.code != LD_IMM64 => mask &= !0b11_1111,
            BPF_STX if x.mode() == BPF_ATOMIC && x.imm & BPF_FETCH != 0 && mask & s != 0 => {
                mask &= !s
            }
            BPF_JMP | BPF_JMP32
                if src_x
                    && !matches!(x.op(), BPF_JA | BPF_EXIT | BPF_CALL)
                    && mask & (d | s) != 0 =>
            {
                mask |= d | s
            }
            _ => {}
        }
        if mask == 0 {
            return;
        }
    }
}

/// The register effects of one instruction.
fn step(insn: &Insn, regs: &mut u16, prog_type: u32) -> Result<(), Failure> {
    let read = |regs: &u16, r: u8| -> Result<(), Failure> {
        if r >= MAX_BPF_REG {
            return fail(errno::EINVAL, format!("R{r} is invalid\n"));
        }
        if *regs & (1 << r) == 0 {
            return fail(errno::EACCES, format!("R{r} !read_ok\n"));
        }
        Ok(())
    };
    let write = |regs: &mut u16, r: u8| -> Result<(), Failure> {
        if r >= MAX_BPF_REG {
            return fail(errno::EINVAL, format!("R{r} is invalid\n"));
        }
        if r == BPF_REG_10 {
            return fail(errno::EACCES, "frame pointer is read only\n".into());
        }
        *regs |= 1 << r;
        Ok(())
    };
    let x = insn.src_x();
    match insn.class() {
        BPF_ALU | BPF_ALU64 => {
            match insn.op() {
                BPF_NEG | BPF_END => read(regs, insn.dst)?,
                BPF_MOV => {
                    if x {
                        read(regs, insn.src)?;
                    }
                }
                _ => {
                    if x {
                        read(regs, insn.src)?;
                    }
                    read(regs, insn.dst)?;
                }
            }
            write(regs, insn.dst)
        }
        BPF_LDX => {
            read(regs, insn.src)?;
            write(regs, insn.dst)
        }
        BPF_ST => read(regs, insn.dst),
        BPF_STX => {
            read(regs, insn.src)?;
            read(regs, insn.dst)?;
            if insn.mode() == BPF_ATOMIC {
                if insn.imm == BPF_CMPXCHG {
                    read(regs, 0)?;
                    write(regs, 0)?;
                } else if insn.imm & BPF_FETCH != 0 {
                    write(regs, insn.src)?;
                }
            }
            Ok(())
        }
        BPF_LD if insn.code == LD_IMM64 => write(regs, insn.dst),
        BPF_LD => {
            if !may_access_skb(prog_type) {
                return fail(
                    errno::EINVAL,
                    "BPF_LD_[ABS|IND] instructions not allowed for this program type\n".into(),
                );
            }
            read(regs, 6)?;
            if insn.mode() == BPF_IND {
                read(regs, insn.src)?;
            }
            // The implicit call clobbers the caller-saved registers.
            *regs &= !0b11_1110;
            write(regs, 0)
        }
        _ => match insn.op() {
            BPF_JA => Ok(()),
            BPF_EXIT => read(regs, 0),
            BPF_CALL => fail(
                errno::EINVAL,
                format!("call #{}: helper calls are not supported by this runtime\n", insn.imm),
            ),
            _ => {
                if x {
                    read(regs, insn.src)?;
                }
                read(regs, insn.dst)
            }
        },
    }
}

/// The value effects of one instruction that passed [`step`]: constants
/// folded as the interpreter computes them, pointer offsets, the bounds of
/// context loads; anything else becomes an unknown scalar.
fn eval(x: &Insn, insns: &[u8], i: usize, regs: &mut [Val; 11]) {
    let d = usize::from(x.dst);
    let s = usize::from(x.src & 15);
    let src_x = x.src_x();
    let alu32 = x.class() == BPF_ALU;
    let unknown32 = if alu32 { Val::Scalar(Bounds::U32) } else { Val::Scalar(Bounds::Any) };
    match x.class() {
        BPF_ALU | BPF_ALU64 => {
            let dv = regs[d];
            let sv = if src_x {
                regs[s]
            } else if alu32 {
                Val::Const(u64::from(x.imm as u32))
            } else {
                Val::Const(x.imm as i64 as u64)
            };
            let trunc = |v: u64| if alu32 { v & 0xffff_ffff } else { v };
            regs[d] = match (x.op(), dv, sv) {
                (BPF_MOV, _, Val::Const(c)) if x.off != 0 && src_x => {
                    let bits = x.off as u32;
                    let v = if bits < 64 {
                        (((c << (64 - bits)) as i64) >> (64 - bits)) as u64
                    } else {
                        c
                    };
                    Val::Const(trunc(v))
                }
                (BPF_MOV, _, _) if x.off != 0 => unknown32,
                (BPF_MOV, _, Val::Const(c)) => Val::Const(trunc(c)),
                (BPF_MOV, _, v) if !alu32 => v,
                (BPF_MOV, _, Val::Scalar(b @ (Bounds::U8 | Bounds::U16 | Bounds::U32))) => {
                    Val::Scalar(b)
                }
                (BPF_MOV, _, _) => unknown32,
                (BPF_NEG, Val::Const(c), _) => Val::Const(trunc(c.wrapping_neg())),
                (BPF_END, Val::Const(c), _) if alu32 => {
                    let bits = x.imm as u32;
                    let v = match (src_x, bits) {
                        (true, 16) => u64::from((c as u16).swap_bytes()),
                        (true, 32) => u64::from((c as u32).swap_bytes()),
                        (true, _) => c.swap_bytes(),
                        (false, 16) => c & 0xffff,
                        (false, 32) => c & 0xffff_ffff,
                        (false, _) => c,
                    };
                    Val::Const(v)
                }
                (BPF_END, _, _) => match x.imm {
                    16 => Val::Scalar(Bounds::U16),
                    32 => Val::Scalar(Bounds::U32),
                    _ if !alu32 || src_x => Val::Scalar(Bounds::Any),
                    _ => dv,
                },
                (op, Val::Const(a), Val::Const(b)) => match fold(op, a, b, alu32) {
                    Some(v) => Val::Const(v),
                    None => unknown32,
                },
                (BPF_ADD, Val::Ctx(off), Val::Const(c)) if !alu32 => {
                    Val::Ctx(off.wrapping_add(c as i32))
                }
                (BPF_SUB, Val::Ctx(off), Val::Const(c)) if !alu32 => {
                    Val::Ctx(off.wrapping_sub(c as i32))
                }
                (BPF_ADD, Val::Fp(off), Val::Const(c)) if !alu32 => {
                    Val::Fp(off.wrapping_add(c as i64))
                }
                (BPF_SUB, Val::Fp(off), Val::Const(c)) if !alu32 => {
                    Val::Fp(off.wrapping_sub(c as i64))
                }
                _ => unknown32,
            };
        }
        BPF_LDX => {
            let from_ctx = matches!(regs[s], Val::Ctx(_));
            regs[d] = Val::Scalar(match (from_ctx, x.mode(), x.size()) {
                (true, BPF_MEM, BPF_B) => Bounds::U8,
                (true, BPF_MEM, BPF_H) => Bounds::U16,
                (true, BPF_MEM, BPF_W) => Bounds::U32,
                (true, BPF_MEMSX, BPF_B) => Bounds::S8,
                (true, BPF_MEMSX, BPF_H) => Bounds::S16,
                (true, BPF_MEMSX, BPF_W) => Bounds::S32,
                _ => Bounds::Any,
            });
        }
        BPF_STX if x.mode() == BPF_ATOMIC => {
            if x.imm == BPF_CMPXCHG {
                regs[0] = Val::Scalar(Bounds::Any);
            } else if x.imm & BPF_FETCH != 0 {
                regs[s] = Val::Scalar(Bounds::Any);
            }
        }
        BPF_LD if x.code == LD_IMM64 => {
            let hi = Insn::at(insns, i + 1).imm as u32;
            regs[d] = if x.src == 0 {
                Val::Const(u64::from(hi) << 32 | u64::from(x.imm as u32))
            } else {
                Val::Scalar(Bounds::Any)
            };
        }
        BPF_LD => {
            for r in regs.iter_mut().take(6).skip(1) {
                *r = Val::NotInit;
            }
            regs[0] = Val::Scalar(Bounds::Any);
        }
        _ => {}
    }
}

/// Constant folding of `a op b` as the interpreter computes it; `None`
/// where the kernel does not fold (division, modulo, out-of-range shifts).
fn fold(op: u8, a: u64, b: u64, alu32: bool) -> Option<u64> {
    let bits = if alu32 { 32 } else { 64 };
    let v = match op {
        BPF_ADD => a.wrapping_add(b),
        BPF_SUB => a.wrapping_sub(b),
        BPF_MUL => a.wrapping_mul(b),
        BPF_OR => a | b,
        BPF_AND => a & b,
        BPF_XOR => a ^ b,
        BPF_LSH | BPF_RSH | BPF_ARSH if b >= bits => return None,
        BPF_LSH => a << b,
        BPF_RSH if alu32 => u64::from((a as u32) >> b),
        BPF_RSH => a >> b,
        BPF_ARSH if alu32 => u64::from(((a as i32) >> b) as u32),
        BPF_ARSH => ((a as i64) >> b) as u64,
        _ => return None,
    };
    Some(if alu32 { v & 0xffff_ffff } else { v })
}

/// `is_branch_taken` for two known scalars: `Some(taken)`, or `None`
/// when both ways must be walked.
fn branch_taken(x: &Insn, regs: &[Val; 11]) -> Option<bool> {
    let a = match regs[usize::from(x.dst)] {
        Val::Const(a) => a,
        // A 64-bit `r == K` / `r != K` with K outside the range.
        Val::Scalar(b) if x.code == JEQ_K || x.code == JNE_K => {
            let k = x.imm as i64;
            let (umin, umax, smin, smax) = ranges(b);
            let outside = (k as u64) < umin || (k as u64) > umax || k < smin || k > smax;
            return outside.then_some(x.code == JNE_K);
        }
        _ => return None,
    };
    let b = if x.src_x() {
        let Val::Const(b) = regs[usize::from(x.src & 15)] else {
            return None;
        };
        b
    } else {
        x.imm as i64 as u64
    };
    let (a, b, sa, sb) = if x.class() == BPF_JMP32 {
        let (a, b) = (a as u32, b as u32);
        (u64::from(a), u64::from(b), i64::from(a as i32), i64::from(b as i32))
    } else {
        (a, b, a as i64, b as i64)
    };
    Some(match x.op() {
        BPF_JEQ => a == b,
        BPF_JGT => a > b,
        BPF_JGE => a >= b,
        BPF_JSET => a & b != 0,
        BPF_JNE => a != b,
        BPF_JSGT => sa > sb,
        BPF_JSGE => sa >= sb,
        BPF_JLT => a < b,
        BPF_JLE => a <= b,
        BPF_JSLT => sa < sb,
        BPF_JSLE => sa <= sb,
        _ => return None,
    })
}

/// A 64-bit `r == K` (`BPF_JMP | BPF_JEQ | BPF_K`).
const JEQ_K: u8 = BPF_JMP | BPF_JEQ | BPF_K;
/// A 64-bit `r != K`.
const JNE_K: u8 = BPF_JMP | BPF_JNE | BPF_K;

/// `regs_refine_cond_op` for the one case the runtime follows: a 64-bit
/// `r == K` makes an unknown scalar `K` in the branch where it holds (the
/// taken one, or the fall-through of `r != K`).
fn refine_eq(x: &Insn, regs: &mut [Val; 11], taken: bool) {
    let d = usize::from(x.dst);
    let holds = match x.code {
        JEQ_K => taken,
        JNE_K => !taken,
        _ => false,
    };
    if holds && matches!(regs[d], Val::Scalar(_)) {
        regs[d] = Val::Const(x.imm as i64 as u64);
    }
}

/// The unsigned and signed 64-bit ranges of an unknown scalar.
fn ranges(b: Bounds) -> (u64, u64, i64, i64) {
    match b {
        Bounds::Any => (0, u64::MAX, i64::MIN, i64::MAX),
        Bounds::U8 => (0, 0xff, 0, 0xff),
        Bounds::U16 => (0, 0xffff, 0, 0xffff),
        Bounds::U32 => (0, 0xffff_ffff, 0, 0xffff_ffff),
        Bounds::S8 => (0, u64::MAX, -0x80, 0x7f),
        Bounds::S16 => (0, u64::MAX, -0x8000, 0x7fff),
        Bounds::S32 => (0, u64::MAX, -0x8000_0000, 0x7fff_ffff),
    }
}

/// The kernel's statistics line, which ends every log.
pub(crate) fn stats_line(processed: u32) -> String {
    format!(
        "processed {processed} insns (limit {COMPLEXITY_LIMIT}) max_states_per_insn 0 \
         total_states 0 peak_states 0 mark_read 0\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SF: u32 = BPF_PROG_TYPE_SOCKET_FILTER;

    fn do_check_t(insns: &[u8], prog_type: u32, _: bool) -> (u32, Result<(), Failure>) {
        do_check(insns, prog_type, None)
    }

    fn prog(insns: &[(u8, u8, u8, i16, i32)]) -> Vec<u8> {
        let mut v = Vec::new();
        for &(code, dst, src, off, imm) in insns {
            v.push(code);
            v.push(src << 4 | dst);
            v.extend_from_slice(&off.to_le_bytes());
            v.extend_from_slice(&imm.to_le_bytes());
        }
        v
    }
    const MOV0: (u8, u8, u8, i16, i32) = (0xb7, 0, 0, 0, 0);
    const EXIT: (u8, u8, u8, i16, i32) = (0x95, 0, 0, 0, 0);

    #[test]
    fn structure() {
        assert_eq!(
            check_subprogs(&prog(&[MOV0, MOV0])).unwrap_err().1,
            "last insn is not an exit or jmp\n"
        );
        assert_eq!(
            check_subprogs(&prog(&[(0x05, 0, 0, 5, 0), MOV0, EXIT])).unwrap_err().1,
            "jump out of range from insn 0 to 6\n"
        );
        assert_eq!(
            check_cfg(&prog(&[MOV0, EXIT, MOV0, EXIT])).unwrap_err().1,
            "unreachable insn 2\n"
        );
        assert_eq!(
            check_cfg(&prog(&[MOV0, (0x05, 0, 0, -2, 0), EXIT])).unwrap_err().1,
            "unreachable insn 2\n"
        );
        let looped = prog(&[MOV0, (0x15, 0, 0, 1, 0), (0x05, 0, 0, -3, 0), EXIT]);
        assert_eq!(check_cfg(&looped).unwrap_err().1, "back-edge from insn 2 to 0\n");
        assert_eq!(
            check_insn_fields(&Insn::at(&prog(&[(0xff, 0, 0, 0, 0)]), 0)).unwrap_err().1,
            "unknown opcode ff\n"
        );
        assert_eq!(
            check_insn_fields(&Insn::at(&prog(&[(0x61, 0, 1, 0, 5)]), 0)).unwrap_err().1,
            "BPF_LDX uses reserved fields\n"
        );
        assert!(check_no_subprogs(&prog(&[(0x85, 0, 1, 0, 1), EXIT])).is_err());
    }

    #[test]
    fn registers_and_counts() {
        assert_eq!(do_check_t(&prog(&[MOV0, EXIT]), SF, false).0, 2);
        assert_eq!(
            do_check_t(&prog(&[EXIT]), SF, false).1,
            Err((errno::EACCES, "R0 !read_ok\n".into()))
        );
        assert_eq!(
            do_check_t(&prog(&[(0xb7, 11, 0, 0, 0), EXIT]), SF, false).1.unwrap_err().0,
            errno::EINVAL
        );
        assert_eq!(
            do_check_t(&prog(&[(0xb7, 10, 0, 0, 0), EXIT]), SF, false).1.unwrap_err().1,
            "frame pointer is read only\n"
        );
        // The kernel's count for a branch: both paths walked (4 + 1).
        let branch = prog(&[MOV0, (0x15, 1, 0, 1, 0), (0xb7, 0, 0, 0, 1), EXIT]);
        assert_eq!(do_check_t(&branch, SF, false).0, 5);
        // A register set on one path only.
        let half = prog(&[(0x15, 1, 0, 1, 0), MOV0, EXIT]);
        assert_eq!(do_check_t(&half, SF, false).1.unwrap_err().1, "R0 !read_ok\n");
        // ld_imm64 counts once.
        assert_eq!(do_check_t(&prog(&[(0x18, 0, 0, 0, 5), (0, 0, 0, 0, 0), EXIT]), SF, false).0, 2);
        // LD_ABS only where skbs are.
        let ld_abs = prog(&[(0xbf, 6, 1, 0, 0), (0x30, 0, 0, 0, 0), EXIT]);
        assert!(do_check_t(&ld_abs, SF, false).1.is_ok());
        assert_eq!(do_check_t(&ld_abs, BPF_PROG_TYPE_XDP, false).1.unwrap_err().0, errno::EINVAL);
        assert_eq!(
            do_check_t(&prog(&[(0x85, 0, 0, 0, 1), MOV0, EXIT]), SF, false).1.unwrap_err().0,
            errno::EINVAL
        );
    }

    #[test]
    fn opcode_table() {
        for code in [
            0x07u8, 0x0f, 0x17, 0x84, 0x87, 0xd4, 0xdc, 0xd7, 0xb7, 0xbf, 0x05, 0x06, 0x15, 0x1d,
            0x16, 0x85, 0x95, 0x61, 0x79, 0x81, 0x62, 0x7a, 0x63, 0x7b, 0xc3, 0xdb, 0x18, 0x20,
            0x28, 0x30, 0x40,
        ] {
            assert!(opcode_known(code), "{code:#x}");
        }
        for code in [0xffu8, 0x8c, 0x8f, 0xdf, 0x0d, 0x8d, 0x96, 0x86, 0x99, 0x38, 0x00, 0xe6] {
            assert!(!opcode_known(code), "{code:#x}");
        }
    }
}
