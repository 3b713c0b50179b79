//! The tail-zero scan: finding the first non-zero byte of a slice.

/// Offset of the first non-zero byte of `bytes`, or `None` when all are zero.
///
/// This is the check behind `E2BIG`: the part of a caller's struct past the
/// size known here must be zero. It reads the slice a 64-byte block at a time
/// (eight machine words OR-ed together, which the compiler turns into vector
/// instructions) and only looks at single bytes inside the block that holds
/// the first non-zero one.
///
/// ```
/// use extensible_abi::first_nonzero;
///
/// assert_eq!(first_nonzero(&[0; 100]), None);
/// let mut v = [0u8; 100];
/// v[77] = 1;
/// assert_eq!(first_nonzero(&v), Some(77));
/// ```
#[inline]
pub fn first_nonzero(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 64;
    const WORD: usize = core::mem::size_of::<u64>();
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut base = 0;
    for block in &mut blocks {
        let mut acc = 0u64;
        for word in block.chunks_exact(WORD) {
            // The chunk is exactly WORD bytes long.
            acc |= u64::from_ne_bytes([
                word[0], word[1], word[2], word[3], word[4], word[5], word[6], word[7],
            ]);
        }
        if acc != 0 {
            return block.iter().position(|&b| b != 0).map(|i| base + i);
        }
        base += BLOCK;
    }
    blocks.remainder().iter().position(|&b| b != 0).map(|i| base + i)
}

#[cfg(test)]
mod tests {
    use super::first_nonzero;

    #[test]
    fn every_position_in_every_length() {
        // Under Miri, enough lengths to cover a whole block plus a remainder.
        let max = if cfg!(miri) { 72 } else { 200 };
        for len in 0..max {
            let mut v = [0u8; 200];
            assert_eq!(first_nonzero(&v[..len]), None);
            for pos in 0..len {
                v[pos] = 0x80;
                assert_eq!(first_nonzero(&v[..len]), Some(pos), "len {len} pos {pos}");
                // A later non-zero byte does not hide the first one.
                if pos + 1 < len {
                    v[len - 1] = 1;
                    assert_eq!(first_nonzero(&v[..len]), Some(pos));
                    v[len - 1] = 0;
                }
                v[pos] = 0;
            }
        }
    }
}
