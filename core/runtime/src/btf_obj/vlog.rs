//! The verifier log: `struct bpf_verifier_log` and its rules
//! (`kernel/bpf/log.c`), shared by `BPF_BTF_LOAD` and `BPF_PROG_LOAD`.
//!
//! - [`VLog::new`] is `bpf_vlog_init`: a buffer without a size or a size
//!   without a buffer, a buffer with level 0, unknown level bits or a size
//!   over `UINT_MAX >> 2` are `EINVAL`;
//! - [`VLog::write`] is `bpf_verifier_vlog` for one message: the message
//!   (at most 1023 bytes, as `vscnprintf` into the kernel's 1024-byte
//!   buffer cuts it) and its NUL go to the caller's buffer at once, either
//!   truncating (`BPF_LOG_FIXED`) or rotating (the default since 6.4: the
//!   buffer keeps the newest bytes); a fault drops the buffer;
//! - [`VLog::finalize`] is `bpf_vlog_finalize`: a rotated buffer is turned
//!   back into one string by three in-place reversals (through bounded
//!   chunks, never a copy of the caller's whole buffer), the size the whole
//!   log needed is reported (`log_true_size`), a dropped buffer is
//!   `EFAULT`, a truncated one `ENOSPC`.
//!
//! Every byte goes through [`Call`]; message boundaries are the kernel's,
//! so the caller's buffer holds the same bytes after every step.

use super::super::call::Call;
use super::super::{err, release};
use extensible_abi::{errno, AbiError};

// The log levels (`log_level` bits) of include/linux/bpf_verifier.h:
// kernel-internal, `<linux/bpf.h>` names none of them.
/// `BPF_LOG_LEVEL1`: the failing check's message and the statistics.
pub(crate) const BPF_LOG_LEVEL1: u32 = 1;
/// `BPF_LOG_LEVEL2`: every instruction and the registers it changed.
pub(crate) const BPF_LOG_LEVEL2: u32 = 2;
/// `BPF_LOG_STATS`: the verification time and the stack depth.
pub(crate) const BPF_LOG_STATS: u32 = 4;
/// `BPF_LOG_FIXED`: truncate instead of rotating (Linux 6.4).
pub(crate) const BPF_LOG_FIXED: u32 = 8;
/// `BPF_LOG_MASK` in Linux 6.4 and later.
const BPF_LOG_MASK: u32 = BPF_LOG_LEVEL1 | BPF_LOG_LEVEL2 | BPF_LOG_STATS | BPF_LOG_FIXED;
/// `BPF_LOG_MASK` before 6.4, which had no `BPF_LOG_FIXED`.
const BPF_LOG_MASK_OLD: u32 = BPF_LOG_LEVEL1 | BPF_LOG_LEVEL2 | BPF_LOG_STATS;
/// `BPF_VERIFIER_TMP_LOG_SIZE` (include/linux/bpf_verifier.h): one
/// message is formatted into this many bytes, its NUL included.
const TMP_LOG_SIZE: usize = 1024;

/// A verifier log in progress (`struct bpf_verifier_log`).
#[derive(Debug)]
pub(crate) struct VLog {
    level: u32,
    /// The caller's buffer; `None` when none was given or after a fault.
    ubuf: Option<u64>,
    len_total: u32,
    start_pos: u64,
    end_pos: u64,
    len_max: u32,
}

impl VLog {
    /// `bpf_vlog_init` with the checks of `bpf_verifier_log_attr_valid`,
    /// as a runtime at ABI level `abi_level` knows the level bits.
    pub(crate) fn new(level: u32, buf: u64, size: u32, abi_level: u32) -> Result<Self, AbiError> {
        let mask = if abi_level >= release(6, 4) { BPF_LOG_MASK } else { BPF_LOG_MASK_OLD };
        let invalid = (buf != 0) != (size != 0)
            || (buf != 0 && level == 0)
            || level & !mask != 0
            || size > u32::MAX >> 2;
        if invalid {
            return Err(AbiError::Invalid { what: "bad log_buf/log_size/log_level" });
        }
        Ok(VLog {
            level,
            ubuf: (buf != 0).then_some(buf),
            len_total: size,
            start_pos: 0,
            end_pos: 0,
            len_max: 0,
        })
    }

    /// `bpf_verifier_log_needed`: whether messages are recorded at all.
    pub(crate) fn needed(&self) -> bool {
        self.level != 0
    }

    /// `bpf_verifier_vlog` of one formatted message.
    pub(crate) fn write(&mut self, c: &mut Call, msg: &[u8]) {
        if !self.needed() {
            return;
        }
        let text = &msg[..msg.len().min(TMP_LOG_SIZE - 1)];
        let mut kbuf = [0u8; TMP_LOG_SIZE];
        kbuf[..text.len()].copy_from_slice(text);
        let n = text.len() as u32 + 1; // with the NUL
                                       // bpf_vlog_update_len_max
        let len = self.end_pos + u64::from(n);
        self.len_max = self.len_max.max(len.min(u64::from(u32::MAX)) as u32);

        if self.level & BPF_LOG_FIXED != 0 {
            let mut new_n = 0;
            if self.end_pos < u64::from(self.len_total) {
                new_n = (u64::from(self.len_total) - self.end_pos).min(u64::from(n)) as usize;
                kbuf[new_n - 1] = 0;
            }
            let cur = self.end_pos;
            self.end_pos += u64::from(n - 1);
            if let (Some(ubuf), true) = (self.ubuf, new_n > 0) {
                self.copy(c, ubuf + cur, &kbuf[..new_n]);
            }
            return;
        }
        let total = u64::from(self.len_total);
        let new_end = self.end_pos + u64::from(n);
        if new_end - self.start_pos >= total {
            self.start_pos = new_end - total;
        }
        self.end_pos = new_end - 1;
        let Some(ubuf) = self.ubuf else { return };
        let n = n as usize;
        let new_n = n.min(self.len_total as usize);
        let cur = new_end - new_n as u64;
        let buf_start = (cur % total) as usize;
        let mut buf_end = (new_end % total) as usize;
        if buf_end == 0 {
            buf_end = self.len_total as usize;
        }
        let from = n - new_n;
        if buf_start < buf_end {
            self.copy(c, ubuf + buf_start as u64, &kbuf[from..from + buf_end - buf_start]);
        } else {
            let first = self.len_total as usize - buf_start;
            if self.copy(c, ubuf + buf_start as u64, &kbuf[from..from + first]) {
                self.copy(c, ubuf, &kbuf[n - buf_end..n]);
            }
        }
    }

    /// `copy_to_user` into the log buffer; a fault drops the buffer.
    fn copy(&mut self, c: &mut Call, addr: u64, bytes: &[u8]) -> bool {
        if c.write_bytes(addr, bytes).is_err() {
            self.ubuf = None;
            return false;
        }
        true
    }

    /// The end of `BPF_PROG_LOAD` and `BPF_BTF_LOAD` on every path after
    /// the log was set up: [`VLog::finalize`], then (Linux 6.4 on) the size
    /// the log needed written to the attr's `log_true_size` field at
    /// `true_size_at`, when the caller's attr size covers it. A failed
    /// write-back wins over the buffer's verdict.
    pub(crate) fn finish(&mut self, c: &mut Call, true_size_at: usize) -> Result<(), AbiError> {
        let (true_size, verdict) = self.finalize(c);
        if c.level() >= crate::release(6, 4) && c.uattr_size() >= true_size_at + 4 {
            c.write_attr(true_size_at, &true_size)?;
        }
        verdict
    }

    /// `bpf_vlog_finalize`: the size the whole log needed (with its NUL;
    /// 0 when no log was asked for) and the verdict on the buffer.
    pub(crate) fn finalize(&mut self, c: &mut Call) -> (u32, Result<(), AbiError>) {
        if !self.needed() {
            return (0, Ok(()));
        }
        if let (Some(ubuf), true) = (self.ubuf, self.start_pos != 0) {
            let total = self.len_total as usize;
            let sublen = total - (self.start_pos % u64::from(self.len_total)) as usize;
            let ok = reverse(c, ubuf, 0, total)
                && reverse(c, ubuf, 0, sublen)
                && reverse(c, ubuf, sublen, total);
            if !ok {
                self.ubuf = None;
            }
        }
        let verdict = if self.ubuf.is_some() != (self.len_total != 0) {
            Err(err(errno::EFAULT, "fault writing the log buffer"))
        } else if self.ubuf.is_some() && self.len_max > self.len_total {
            Err(err(errno::ENOSPC, "log buffer too small: truncated"))
        } else {
            Ok(())
        };
        (self.len_max, verdict)
    }
}

/// `bpf_vlog_reverse_ubuf`: reverses the caller's bytes `start..end` of
/// the buffer at `ubuf` in place, two chunks of at most half the kernel's
/// message buffer at a time. `false` on a fault.
fn reverse(c: &mut Call, ubuf: u64, mut start: usize, mut end: usize) -> bool {
    const HALF: usize = TMP_LOG_SIZE / 2;
    while end - start > 1 {
        let nn = HALF.min((end - start) / 2);
        let (Ok(mut l), Ok(mut r)) =
            (c.read_bytes(ubuf + start as u64, nn), c.read_bytes(ubuf + (end - nn) as u64, nn))
        else {
            return false;
        };
        l.reverse();
        r.reverse();
        if c.write_bytes(ubuf + start as u64, &r).is_err()
            || c.write_bytes(ubuf + (end - nn) as u64, &l).is_err()
        {
            return false;
        }
        start += nn;
        end -= nn;
    }
    true
}
