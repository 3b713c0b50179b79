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
//! 0 total_states 0 peak_states 0 mark_read 0`); at level 2 the function
//! list (`func#0 @0`) comes first, as the kernel prints it. So for the
//! structural failures (every level) and for straight-line programs at
//! level 1 the log is byte-identical to the kernel's; the kernel's
//! per-instruction state dumps (level 2 on success, and the path trace
//! before a `do_check` failure) are not reproduced, and with branches the
//! processed count can differ from the kernel's, which prunes equivalent
//! states. `BPF_LOG_STATS` adds `verification time 0 usec` (not measured)
//! and `stack depth N` (the deepest `r10`-relative access).

use std::prelude::rust_2021::*;

use crate::errno;

/// `BPF_COMPLEXITY_LIMIT_INSNS`: the most instructions one verification
/// may process.
pub(crate) const COMPLEXITY_LIMIT: u32 = 1_000_000;

/// `MAX_BPF_REG`: r0..r10.
const MAX_BPF_REG: u8 = 11;
/// `BPF_REG_FP`.
const FP: u8 = 10;

// Instruction classes and fields (include/uapi/linux/bpf_common.h, bpf.h).
pub(crate) const BPF_LD: u8 = 0x00;
pub(crate) const BPF_LDX: u8 = 0x01;
pub(crate) const BPF_ST: u8 = 0x02;
pub(crate) const BPF_STX: u8 = 0x03;
pub(crate) const BPF_ALU: u8 = 0x04;
pub(crate) const BPF_JMP: u8 = 0x05;
pub(crate) const BPF_JMP32: u8 = 0x06;
pub(crate) const BPF_ALU64: u8 = 0x07;
/// `BPF_LD | BPF_IMM | BPF_DW`.
pub(crate) const LD_IMM64: u8 = 0x18;
const BPF_MEM: u8 = 0x60;
const BPF_MEMSX: u8 = 0x80;
const BPF_ABS: u8 = 0x20;
const BPF_IND: u8 = 0x40;
const BPF_ATOMIC: u8 = 0xc0;
const BPF_X: u8 = 0x08;
const BPF_JA: u8 = 0x00;
const BPF_CALL: u8 = 0x80;
const BPF_EXIT: u8 = 0x90;
const BPF_MOV: u8 = 0xb0;
const BPF_NEG: u8 = 0x80;
const BPF_END: u8 = 0xd0;
const BPF_FETCH: i32 = 0x01;
const BPF_CMPXCHG: i32 = 0xf0 | BPF_FETCH;
/// `BPF_PSEUDO_CALL`, `BPF_PSEUDO_KFUNC_CALL` (`src_reg` of a call).
const BPF_PSEUDO_CALL: u8 = 1;
const BPF_PSEUDO_KFUNC_CALL: u8 = 2;
/// `BPF_PSEUDO_FUNC` (`src_reg` of a `ld_imm64`).
const BPF_PSEUDO_FUNC: u8 = 4;

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

    fn class(&self) -> u8 {
        self.code & 0x07
    }

    fn op(&self) -> u8 {
        self.code & 0xf0
    }

    fn mode(&self) -> u8 {
        self.code & 0xe0
    }

    fn is_jmp(&self) -> bool {
        matches!(self.class(), BPF_JMP | BPF_JMP32)
    }

    /// The target of a jump at `i` (`JMP32 | JA` takes its offset from `imm`).
    fn target(&self, i: usize) -> i64 {
        let off = if self.code == BPF_JMP32 | BPF_JA {
            i64::from(self.imm)
        } else {
            i64::from(self.off)
        };
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
                return fail(
                    errno::EINVAL,
                    format!("jump out of range from insn {i} to {to}\n"),
                );
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
    let op = code & 0xf0;
    let x = code & BPF_X != 0;
    match code & 0x07 {
        BPF_ALU | BPF_ALU64 => match op {
            // ADD SUB MUL DIV OR AND LSH RSH, MOD XOR MOV ARSH.
            0x00..=0x70 | 0x90..=0xc0 => true,
            BPF_NEG => !x,
            // BPF_END: TO_LE / TO_BE in ALU; only the unconditional swap
            // (the TO_LE bit pattern) in ALU64.
            BPF_END => code & 0x07 == BPF_ALU || !x,
            _ => false,
        },
        BPF_JMP => match op {
            BPF_JA | BPF_CALL | BPF_EXIT => !x,
            // JEQ JGT JGE JSET JNE JSGT JSGE, JLT JLE JSLT JSLE.
            0x10..=0x70 | 0xa0..=0xd0 => true,
            // JCOND (may_goto).
            0xe0 => !x,
            _ => false,
        },
        BPF_JMP32 => match op {
            BPF_JA => !x,
            0x10..=0x70 | 0xa0..=0xd0 => true,
            _ => false,
        },
        BPF_LDX => {
            let size_ok = matches!(code & 0x18, 0x00 | 0x08 | 0x10 | 0x18);
            match code & 0xe0 {
                BPF_MEM => size_ok,
                // MEMSX: B, H, W.
                BPF_MEMSX => code & 0x18 != 0x18,
                _ => false,
            }
        }
        BPF_ST => code & 0xe0 == BPF_MEM,
        BPF_STX => matches!(code & 0xe0, BPF_MEM | BPF_ATOMIC),
        BPF_LD => {
            code == LD_IMM64 || (matches!(code & 0xe0, BPF_ABS | BPF_IND) && code & 0x18 != 0x18)
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
fn successors(insns: &[u8], i: usize) -> [Option<usize>; 2] {
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
                return fail(
                    errno::EINVAL,
                    format!("jump into the middle of ldimm64 insn {i}\n"),
                );
            }
            i += 1;
        }
        i += 1;
    }
    if let Some((from, to)) = back_edge {
        return fail(
            errno::EINVAL,
            format!("back-edge from insn {from} to {to}\n"),
        );
    }
    Ok(())
}

/// Program types that may use `LD_ABS`/`LD_IND` (`may_access_skb`):
/// socket filters and tc classifiers and actions.
fn may_access_skb(prog_type: u32) -> bool {
    matches!(prog_type, 1 | 3 | 4)
}

/// Step 5: every path, registers tracked as written or not. Returns the
/// number of instructions processed (also on failure, as the kernel's
/// statistics line reports it).
pub(crate) fn do_check(insns: &[u8], prog_type: u32) -> (u32, Result<(), Failure>) {
    let mut processed = 0u32;
    // R1 (the context) and R10 (the frame pointer) are set at entry.
    let mut paths: Vec<(usize, u16)> = vec![(0, 1 << 1 | 1 << FP)];
    while let Some((mut i, mut regs)) = paths.pop() {
        loop {
            processed += 1;
            if processed > COMPLEXITY_LIMIT {
                return (
                    processed,
                    fail(
                        errno::E2BIG,
                        format!("BPF program is too large. Processed {processed} insn\n"),
                    ),
                );
            }
            let insn = Insn::at(insns, i);
            if let Err(f) = step(&insn, &mut regs, prog_type) {
                return (processed, Err(f));
            }
            match successors(insns, i) {
                [None, None] => break,
                [Some(next), branch] => {
                    if let Some(b) = branch {
                        paths.push((b, regs));
                    }
                    i = next;
                }
                [None, Some(next)] => i = next,
            }
        }
    }
    (processed, Ok(()))
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
        if r == FP {
            return fail(errno::EACCES, "frame pointer is read only\n".into());
        }
        *regs |= 1 << r;
        Ok(())
    };
    let x = insn.code & BPF_X != 0;
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
                format!(
                    "call #{}: helper calls are not supported by this runtime\n",
                    insn.imm
                ),
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
            check_subprogs(&prog(&[(0x05, 0, 0, 5, 0), MOV0, EXIT]))
                .unwrap_err()
                .1,
            "jump out of range from insn 0 to 6\n"
        );
        assert_eq!(
            check_cfg(&prog(&[MOV0, EXIT, MOV0, EXIT])).unwrap_err().1,
            "unreachable insn 2\n"
        );
        assert_eq!(
            check_cfg(&prog(&[MOV0, (0x05, 0, 0, -2, 0), EXIT]))
                .unwrap_err()
                .1,
            "unreachable insn 2\n"
        );
        let looped = prog(&[MOV0, (0x15, 0, 0, 1, 0), (0x05, 0, 0, -3, 0), EXIT]);
        assert_eq!(
            check_cfg(&looped).unwrap_err().1,
            "back-edge from insn 2 to 0\n"
        );
        assert_eq!(
            check_insn_fields(&Insn::at(&prog(&[(0xff, 0, 0, 0, 0)]), 0))
                .unwrap_err()
                .1,
            "unknown opcode ff\n"
        );
        assert_eq!(
            check_insn_fields(&Insn::at(&prog(&[(0x61, 0, 1, 0, 5)]), 0))
                .unwrap_err()
                .1,
            "BPF_LDX uses reserved fields\n"
        );
        assert!(check_no_subprogs(&prog(&[(0x85, 0, 1, 0, 1), EXIT])).is_err());
    }

    #[test]
    fn registers_and_counts() {
        assert_eq!(do_check(&prog(&[MOV0, EXIT]), 1), (2, Ok(())));
        assert_eq!(
            do_check(&prog(&[EXIT]), 1),
            (1, Err((errno::EACCES, "R0 !read_ok\n".into())))
        );
        assert_eq!(
            do_check(&prog(&[(0xb7, 11, 0, 0, 0), EXIT]), 1)
                .1
                .unwrap_err()
                .0,
            errno::EINVAL
        );
        assert_eq!(
            do_check(&prog(&[(0xb7, 10, 0, 0, 0), EXIT]), 1)
                .1
                .unwrap_err()
                .1,
            "frame pointer is read only\n"
        );
        // The kernel's count for a branch: both paths walked (4 + 1).
        let branch = prog(&[MOV0, (0x15, 1, 0, 1, 0), (0xb7, 0, 0, 0, 1), EXIT]);
        assert_eq!(do_check(&branch, 1), (5, Ok(())));
        // A register set on one path only.
        let half = prog(&[(0x15, 1, 0, 1, 0), MOV0, EXIT]);
        assert_eq!(do_check(&half, 1).1.unwrap_err().1, "R0 !read_ok\n");
        // ld_imm64 counts once.
        assert_eq!(
            do_check(&prog(&[(0x18, 0, 0, 0, 5), (0, 0, 0, 0, 0), EXIT]), 1).0,
            2
        );
        // LD_ABS only where skbs are.
        let ld_abs = prog(&[(0xbf, 6, 1, 0, 0), (0x30, 0, 0, 0, 0), EXIT]);
        assert!(do_check(&ld_abs, 1).1.is_ok());
        assert_eq!(do_check(&ld_abs, 6).1.unwrap_err().0, errno::EINVAL);
        assert_eq!(
            do_check(&prog(&[(0x85, 0, 0, 0, 1), MOV0, EXIT]), 1)
                .1
                .unwrap_err()
                .0,
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
        for code in [
            0xffu8, 0x8c, 0x8f, 0xdf, 0x0d, 0x8d, 0x96, 0x86, 0x99, 0x38, 0x00, 0xe6,
        ] {
            assert!(!opcode_known(code), "{code:#x}");
        }
    }
}
