//! `BPF_PROG_TEST_RUN`: a program run on caller-supplied data with the
//! `rbpf` interpreter, with the kernel's rules for the attr
//! (net/bpf/test_run.c, Linux 6.18).
//!
//! - `ctx_in` without `ctx_size_in` or the reverse, and the same for
//!   `ctx_out`: `EINVAL`; then the program (`EBADF`, `EINVAL` for another
//!   object);
//! - socket filters, tc and LWT programs run as `bpf_prog_test_run_skb`
//!   does: `flags` other than `BPF_F_TEST_SKB_CHECKSUM_COMPLETE`, `cpu` or
//!   `batch_size` are `EINVAL`; 14 to 3712 bytes of data (an Ethernet
//!   header and what fits the kernel's page with its headroom and
//!   `skb_shared_info`), else `EINVAL`; a context of at most
//!   `sizeof(struct __sk_buff)` (192) bytes with a zero tail (`E2BIG`), in
//!   which only the fields the kernel accepts may be set (`EINVAL`; an
//!   `ifindex` other than 0 or 1 is `ENODEV`: the runtime's only device
//!   is the loopback the kernel uses); socket filters and LWT programs see
//!   the packet after the Ethernet header and get it back zeroed, as the
//!   kernel pushes a zeroed header back;
//! - XDP programs run as `bpf_prog_test_run_xdp`: `flags` other than
//!   `BPF_F_TEST_XDP_LIVE_FRAMES` are `EINVAL`, `batch_size` without live
//!   frames `EINVAL` and over 256 `E2BIG`; a context of at most
//!   `sizeof(struct xdp_md)` (24) bytes with a zero tail (`E2BIG`) whose
//!   `data_meta` is 0, `data_end` inside the packet, `data` (the metadata
//!   length) at most `data_end`, 4-aligned and under 256 (`EINVAL`); at
//!   least 14 bytes of data: the first 3520 (plus the metadata length) are
//!   the linear part, the rest goes into up to 17 page-sized fragments
//!   (`ENOMEM` past them) that come back after the linear part with
//!   `bpf_test_finish`'s fragment rules; `ingress_ifindex` 0 or 1 (the
//!   loopback; others `ENODEV`), `rx_queue_index` and `egress_ifindex` 0
//!   (`EINVAL`); the program sees the packet after the metadata. Live
//!   frames (`BPF_F_TEST_XDP_LIVE_FRAMES`): at most 3408 bytes (the
//!   kernel keeps a `struct xdp_page_head` in the headroom), no output
//!   buffers with a context, which then needs `data_end` at the end of the
//!   packet (measured); each of the `repeat` frames starts from the
//!   caller's bytes and goes nowhere (the runtime has no network stack),
//!   `retval` is 0 and the packet comes back as given, as the kernel
//!   answers;
//! - every other program type: the kernel-internal `ENOTSUPP` (524), as
//!   the kernel answers for types without `test_run`;
//! - `repeat` runs (at least one) on the same packet; the output is
//!   `bpf_test_finish`: with `data_size_out` non-zero and smaller than the
//!   packet, that many bytes are copied and the call fails with `ENOSPC`
//!   after `data_size_out`, `retval` and `duration` were written (with
//!   `data_size_out` 0 the whole packet is copied: the kernel's old
//!   behaviour); then the context the same way (`bpf_ctx_finish`).
//!
//! The program's `r1` points at the packet bytes (the kernel passes a
//! `struct __sk_buff` or `struct xdp_md` and rewrites context accesses;
//! this runtime does not), `LD_ABS`/`LD_IND` read the packet. A memory
//! access outside the packet and the stack, or an instruction the
//! interpreter does not implement, fails the run with `EFAULT` (the
//! kernel's verifier would have refused such a program). The
//! interpreter's 512-byte stack is a heap allocation of its own: an
//! access past the packet that happens to land in it is allowed (it is
//! memory the interpreter owns, so this is never undefined behaviour, but
//! it is not deterministic; the kernel refuses such programs at load).

use core::mem::offset_of;

use super::{prog_of, Prog};
use crate::call::Call;
use crate::err;
use crate::link::LO_IFINDEX;
use extensible_abi::{errno, AbiError};
use extensible_abi_bpf::attr::bpf_attr_test;
use extensible_abi_bpf::btf::ENOTSUPP;
use extensible_abi_bpf::consts::*;

/// `ETH_HLEN` (`<linux/if_ether.h>`).
const ETH_HLEN: usize = 14;
/// `PAGE_SIZE - NET_SKB_PAD - SKB_DATA_ALIGN(sizeof(struct
/// skb_shared_info))` (net/bpf/test_run.c): the largest skb test packet
/// (measured: 3712).
const SKB_MAX_DATA: u32 = 4096 - 64 - 320;
/// `PAGE_SIZE - XDP_PACKET_HEADROOM - SKB_DATA_ALIGN(sizeof(struct
/// skb_shared_info))` (net/bpf/test_run.c): the linear part of an XDP test
/// packet.
const XDP_MAX_DATA: u32 = 4096 - 256 - 320;
/// `TEST_XDP_MAX_BATCH` (net/bpf/test_run.c): the largest `batch_size` of
/// live XDP frames.
const TEST_XDP_MAX_BATCH: u32 = 256;
/// `sizeof(struct xdp_page_head)` (net/bpf/test_run.c): what live frames
/// keep in their headroom (measured: live packets up to 3408 bytes).
const XDP_PAGE_HEAD: u32 = 112;
/// `MAX_SKB_FRAGS` (include/linux/skbuff.h): the most page-sized fragments
/// of an XDP test packet.
const MAX_SKB_FRAGS: usize = 17;
/// `sizeof(struct __sk_buff)` (`<linux/bpf.h>`).
const SKB_CTX_SIZE: usize = 192;
/// `sizeof(struct xdp_md)` (`<linux/bpf.h>`).
const XDP_CTX_SIZE: usize = 24;

/// The byte ranges of `struct __sk_buff` a test run may set
/// (`convert___skb_to_skb`): mark, priority, ingress_ifindex, ifindex, cb,
/// tstamp, wire_len, gso_segs, gso_size, hwtstamp.
const SKB_CTX_ALLOWED: [(usize, usize); 6] =
    [(8, 12), (32, 44), (48, 68), (152, 168), (176, 180), (184, 192)];

/// `BPF_PROG_TEST_RUN`.
pub(crate) fn test_run(c: &mut Call) -> Result<i64, AbiError> {
    let a: bpf_attr_test = c.attr()?;
    if (a.ctx_size_in != 0) != (a.ctx_in != 0) || (a.ctx_size_out != 0) != (a.ctx_out != 0) {
        return Err(AbiError::Invalid { what: "ctx_in/ctx_out without its size or the reverse" });
    }
    let prog = prog_of(c, a.prog_fd)?;
    match prog.prog_type {
        BPF_PROG_TYPE_SOCKET_FILTER
        | BPF_PROG_TYPE_SCHED_CLS
        | BPF_PROG_TYPE_SCHED_ACT
        | BPF_PROG_TYPE_LWT_IN
        | BPF_PROG_TYPE_LWT_OUT
        | BPF_PROG_TYPE_LWT_XMIT => run_skb(c, &a, &prog),
        BPF_PROG_TYPE_XDP => run_xdp(c, &a, &prog),
        _ => Err(err(ENOTSUPP, "no test_run for this program type")),
    }
}

/// `bpf_test_init`: the packet, `ETH_HLEN..=max` bytes.
fn test_init(c: &Call, a: &bpf_attr_test, max: u32) -> Result<Vec<u8>, AbiError> {
    if (a.data_size_in as usize) < ETH_HLEN || a.data_size_in > max {
        return Err(AbiError::Invalid { what: "data_size_in out of range" });
    }
    c.read_bytes(a.data_in, a.data_size_in as usize)
}

/// `bpf_ctx_init`: the caller's context (zero-filled), if they gave one
/// in or out.
fn ctx_init(c: &Call, a: &bpf_attr_test, max: usize) -> Result<Option<Vec<u8>>, AbiError> {
    if a.ctx_in == 0 && a.ctx_out == 0 {
        return Ok(None);
    }
    let mut ctx = vec![0u8; max];
    if a.ctx_in != 0 {
        // The tail is scanned in place, with check_zeroed_user's fault
        // order: a non-zero byte before a hole is E2BIG, not EFAULT.
        c.read_partial(a.ctx_in, a.ctx_size_in as usize, &mut ctx, "test run ctx")?;
    }
    Ok(Some(ctx))
}

/// `bpf_test_run`: `repeat` runs (at least one) of `prog` on `data`; the
/// last return value and the mean duration in ns. With `stats` (a
/// `BPF_ENABLE_STATS` fd open), the runs count in the program's
/// statistics.
fn run(prog: &Prog, data: &mut [u8], repeat: u32, stats: bool) -> Result<(u32, u32), AbiError> {
    let repeat = repeat.max(1);
    let start = std::time::Instant::now();
    let mut retval = 0;
    for _ in 0..repeat {
        let vm = rbpf::EbpfVmRaw::new(Some(&prog.insns))
            .map_err(|_| err(errno::EFAULT, "the interpreter refused the program"))?;
        retval = vm
            .execute_program(data)
            .map_err(|_| err(errno::EFAULT, "the program faulted in the interpreter"))?
            as u32;
    }
    let ns = start.elapsed().as_nanos().min(u128::from(u64::MAX)) as u64;
    if stats {
        prog.account(u64::from(repeat), ns);
    }
    Ok((retval, (ns / u64::from(repeat)).min(u64::from(u32::MAX)) as u32))
}

/// `bpf_test_finish`: the packet out (copy, then `ENOSPC` when it was cut),
/// `data_size_out`, `retval`, `duration`. `frags` are the lengths of the
/// XDP fragments at the end of `data` (`sinfo`; `None` for an skb): the
/// kernel then copies `copy - frag_size` linear bytes (a `data_size_out`
/// smaller than the fragments is `ENOSPC` before anything is written) and
/// the fragments after them as far as `copy` reaches.
fn test_finish(
    c: &mut Call,
    a: &bpf_attr_test,
    data: &[u8],
    frags: Option<&[u32]>,
    retval: u32,
    duration: u32,
) -> Result<(), AbiError> {
    let size = data.len() as u32;
    let mut copy = size;
    let mut enospc = false;
    if a.data_size_out != 0 && copy > a.data_size_out {
        copy = a.data_size_out;
        enospc = true;
    }
    if a.data_out != 0 {
        let frag_size: u32 = frags.map_or(0, |f| f.iter().sum());
        let Some(len) = copy.checked_sub(frag_size) else {
            return Err(err(errno::ENOSPC, "data_size_out is smaller than the fragments"));
        };
        c.write_bytes(a.data_out, &data[..len as usize])?;
        // The fragments follow the linear part in `data`.
        let mut offset = len;
        let mut src = (size - frag_size) as usize;
        for &frag in frags.unwrap_or(&[]) {
            if offset >= copy {
                enospc = true;
                break;
            }
            let n = (copy - offset).min(frag);
            c.write_bytes(
                a.data_out.wrapping_add(u64::from(offset)),
                &data[src..src + n as usize],
            )?;
            offset += n;
            src += frag as usize;
        }
    }
    c.write_attr(offset_of!(bpf_attr_test, data_size_out), &size)?;
    c.write_attr(offset_of!(bpf_attr_test, retval), &retval)?;
    c.write_attr(offset_of!(bpf_attr_test, duration), &duration)?;
    if enospc {
        return Err(err(errno::ENOSPC, "data_size_out is smaller than the packet"));
    }
    Ok(())
}

/// `bpf_ctx_finish`: the context out, the same way.
fn ctx_finish(c: &mut Call, a: &bpf_attr_test, ctx: Option<&[u8]>) -> Result<(), AbiError> {
    let Some(ctx) = ctx.filter(|_| a.ctx_out != 0) else {
        return Ok(());
    };
    let size = ctx.len() as u32;
    let copy = size.min(a.ctx_size_out);
    c.write_bytes(a.ctx_out, &ctx[..copy as usize])?;
    c.write_attr(offset_of!(bpf_attr_test, ctx_size_out), &size)?;
    if copy < size {
        return Err(err(errno::ENOSPC, "ctx_size_out is smaller than the context"));
    }
    Ok(())
}

fn word(ctx: &[u8], off: usize) -> u32 {
    u32::from_le_bytes([ctx[off], ctx[off + 1], ctx[off + 2], ctx[off + 3]])
}

/// `bpf_prog_test_run_skb`.
fn run_skb(c: &mut Call, a: &bpf_attr_test, prog: &Prog) -> Result<i64, AbiError> {
    if a.flags & !BPF_F_TEST_SKB_CHECKSUM_COMPLETE != 0 || a.cpu != 0 || a.batch_size != 0 {
        return Err(AbiError::Invalid { what: "flags, cpu or batch_size for an skb test run" });
    }
    let mut data = test_init(c, a, SKB_MAX_DATA)?;
    let mut ctx = ctx_init(c, a, SKB_CTX_SIZE)?;
    // tc programs see the Ethernet header; the others start after it.
    let is_l2 = matches!(prog.prog_type, BPF_PROG_TYPE_SCHED_CLS | BPF_PROG_TYPE_SCHED_ACT);
    let len = if is_l2 { data.len() } else { data.len() - ETH_HLEN } as u32;
    if let Some(ctx) = ctx.as_mut() {
        // ifindex > 1: dev_get_by_index.
        if word(ctx, 40) > LO_IFINDEX {
            return Err(err(errno::ENODEV, "__sk_buff.ifindex: no such device"));
        }
        // convert___skb_to_skb.
        let mut allowed = [false; SKB_CTX_SIZE];
        for (from, to) in SKB_CTX_ALLOWED {
            allowed[from..to].fill(true);
        }
        if ctx.iter().zip(allowed).any(|(&b, ok)| b != 0 && !ok) {
            return Err(AbiError::Invalid { what: "__sk_buff: a field a test run may not set" });
        }
        let wire_len = word(ctx, 160);
        if wire_len != 0 && (wire_len < len || wire_len > 65536) {
            return Err(AbiError::Invalid { what: "__sk_buff.wire_len" });
        }
        if word(ctx, 164) > 65535 {
            return Err(AbiError::Invalid { what: "__sk_buff.gso_segs" });
        }
        // convert_skb_to___skb: the device is the loopback; wire_len is
        // the packet length unless given.
        ctx[40..44].copy_from_slice(&LO_IFINDEX.to_le_bytes());
        if wire_len == 0 {
            ctx[160..164].copy_from_slice(&len.to_le_bytes());
        }
    }
    let start = if is_l2 { 0 } else { ETH_HLEN };
    let stats = c.state_read().stats_enabled();
    let (retval, duration) = run(prog, &mut data[start..], a.repeat, stats)?;
    if !is_l2 {
        data[..ETH_HLEN].fill(0);
    }
    test_finish(c, a, &data, None, retval, duration)?;
    ctx_finish(c, a, ctx.as_deref())?;
    Ok(0)
}

/// `bpf_prog_test_run_xdp`.
fn run_xdp(c: &mut Call, a: &bpf_attr_test, prog: &Prog) -> Result<i64, AbiError> {
    if a.flags & !BPF_F_TEST_XDP_LIVE_FRAMES != 0 {
        return Err(AbiError::Invalid { what: "flags for an XDP test run" });
    }
    let live = a.flags & BPF_F_TEST_XDP_LIVE_FRAMES != 0;
    if live && a.batch_size > TEST_XDP_MAX_BATCH {
        return Err(err(errno::E2BIG, "batch_size over TEST_XDP_MAX_BATCH"));
    }
    if !live && a.batch_size != 0 {
        return Err(AbiError::Invalid { what: "batch_size without live frames" });
    }
    let ctx = ctx_init(c, a, XDP_CTX_SIZE)?;
    let mut meta = 0;
    if let Some(ctx) = &ctx {
        // No data before the metadata, data_end inside the packet, data
        // (the metadata length) before it, 4-aligned and at most 255; no
        // output buffers with live frames.
        let (data, data_end, data_meta) = (word(ctx, 0), word(ctx, 4), word(ctx, 8));
        if data_meta != 0
            || data_end > a.data_size_in
            || data > data_end
            || data % 4 != 0
            || data > 255
            || (live && (a.data_out != 0 || a.ctx_out != 0))
        {
            return Err(AbiError::Invalid { what: "xdp_md: data, data_end or data_meta" });
        }
        // Measured: live frames with a context want data_end at the end.
        if live && data_end != a.data_size_in {
            return Err(AbiError::Invalid { what: "xdp_md.data_end for live frames" });
        }
        meta = data;
    }
    // The linear part (what the program sees after the metadata): a page
    // less headroom (less the metadata, which comes out of it) and
    // skb_shared_info; live frames also keep their xdp_page_head there.
    let max = XDP_MAX_DATA + meta - if live { XDP_PAGE_HEAD } else { 0 };
    if live && a.data_size_in > max {
        return Err(AbiError::Invalid { what: "no jumbo frames in live mode" });
    }
    let linear = a.data_size_in.min(max);
    let mut data = test_init(c, &bpf_attr_test { data_size_in: linear, ..*a }, max)?;
    if let Some(ctx) = &ctx {
        // xdp_convert_md_to_buff: the loopback (ifindex 1) has one queue.
        let (ingress, rxq) = (word(ctx, 12), word(ctx, 16));
        if word(ctx, 20) != 0 || (ingress == 0 && rxq != 0) {
            return Err(AbiError::Invalid { what: "xdp_md.egress_ifindex or rx_queue_index" });
        }
        if ingress > LO_IFINDEX {
            return Err(err(errno::ENODEV, "xdp_md.ingress_ifindex: no such device"));
        }
        if rxq != 0 {
            return Err(AbiError::Invalid {
                what: "xdp_md.rx_queue_index past the device's queues",
            });
        }
    }
    // The rest in page-sized fragments, at most MAX_SKB_FRAGS of them.
    let mut frags = Vec::new();
    let mut size = linear;
    while size < a.data_size_in {
        if frags.len() == MAX_SKB_FRAGS {
            return Err(err(errno::ENOMEM, "more than MAX_SKB_FRAGS fragments"));
        }
        let n = (a.data_size_in - size).min(4096);
        data.extend_from_slice(&c.read_bytes(a.data_in.wrapping_add(u64::from(size)), n as usize)?);
        frags.push(n);
        size += n;
    }
    let stats = c.state_read().stats_enabled();
    let (retval, duration) = if live {
        // Every frame starts from the caller's bytes; what the program
        // does with it (pass, drop, transmit) goes nowhere here, and the
        // kernel reports retval 0 and the packet as given.
        let mut total = 0u64;
        for _ in 0..a.repeat.max(1) {
            let mut frame = data.clone();
            total += u64::from(run(prog, &mut frame[meta as usize..linear as usize], 1, stats)?.1);
        }
        (0, (total / u64::from(a.repeat.max(1))) as u32)
    } else {
        run(prog, &mut data[meta as usize..linear as usize], a.repeat, stats)?
    };
    test_finish(c, a, &data, Some(&frags), retval, duration)?;
    ctx_finish(c, a, ctx.as_deref())?;
    Ok(0)
}
