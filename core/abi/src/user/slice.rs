use super::{range_end, UserMemory};
use crate::AbiError;

/// One caller buffer mapped at a chosen address; everything else faults.
/// Needs no allocation, so it is the `no_std` way to hand a runtime a
/// buffer. A write that runs past the buffer's end writes the bytes inside
/// it and fails, as the kernel's `copy_to_user` does at a hole; a faulting
/// read fills nothing.
///
/// ```
/// use extensible_abi::user::{SliceMemory, UserMemory};
///
/// let mut buf = [0u8; 8];
/// let mut mem = SliceMemory::new(0x4000, &mut buf);
/// mem.write(0x4004, &[1, 2]).unwrap();
/// assert!(mem.write(0x4007, &[3, 4]).is_err()); // runs past the end...
/// assert_eq!(buf, [0, 0, 0, 0, 1, 2, 0, 3]); // ...having written what fits
/// ```
#[derive(Debug)]
pub struct SliceMemory<'a> {
    base: u64,
    bytes: &'a mut [u8],
}

impl<'a> SliceMemory<'a> {
    /// Maps `bytes` at `base`.
    ///
    /// # Panics
    ///
    /// When `base + bytes.len()` overflows `u64`.
    pub fn new(base: u64, bytes: &'a mut [u8]) -> Self {
        assert!(base.checked_add(bytes.len() as u64).is_some(), "mapping wraps the address space");
        SliceMemory { base, bytes }
    }

    /// The mapped range inside `bytes`, or `EFAULT`.
    fn span(&self, addr: u64, len: usize) -> Result<core::ops::Range<usize>, AbiError> {
        if len == 0 {
            // Like copy_{from,to}_user of nothing: never a fault.
            return Ok(0..0);
        }
        let end = range_end(addr, len)?;
        if addr < self.base || end > self.base + self.bytes.len() as u64 {
            return Err(AbiError::Fault { addr, len: len as u64 });
        }
        let start = (addr - self.base) as usize;
        Ok(start..start + len)
    }
}

impl UserMemory for SliceMemory<'_> {
    fn read(&self, addr: u64, dst: &mut [u8]) -> Result<(), AbiError> {
        let r = self.span(addr, dst.len())?;
        dst.copy_from_slice(&self.bytes[r]);
        Ok(())
    }

    fn write(&mut self, addr: u64, src: &[u8]) -> Result<(), AbiError> {
        match self.span(addr, src.len()) {
            Ok(r) => {
                self.bytes[r].copy_from_slice(src);
                Ok(())
            }
            Err(fault) => {
                // Up to the end of the buffer, when the write starts in it.
                let end = self.base + self.bytes.len() as u64;
                if (self.base..end).contains(&addr) {
                    let start = (addr - self.base) as usize;
                    let n = self.bytes.len() - start;
                    self.bytes[start..].copy_from_slice(&src[..n]);
                }
                Err(fault)
            }
        }
    }
}
