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
    // The chunk is exactly WORD bytes long.
    let word_of = |w: &[u8]| u64::from_ne_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
    // Finding the byte is the rare path (E2BIG), kept out of line so the
    // scan needs few registers and no saves.
    #[cold]
    #[inline(never)]
    fn first_in(bytes: &[u8], base: usize) -> Option<usize> {
        bytes.iter().position(|&b| b != 0).map(|i| base + i)
    }
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut base = 0;
    for block in &mut blocks {
        let acc = block.chunks_exact(WORD).fold(0, |acc, word| acc | word_of(word));
        if acc != 0 {
            return first_in(block, base);
        }
        base += BLOCK;
    }
    // Under a block left: a word at a time, then the last bytes one by one
    // (a tail of 56 bytes was 56 byte compares).
    let mut words = blocks.remainder().chunks_exact(WORD);
    for word in &mut words {
        if word_of(word) != 0 {
            return first_in(word, base);
        }
        base += WORD;
    }
    let last = words.remainder();
    if last.iter().all(|&b| b == 0) {
        return None;
    }
    first_in(last, base)
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
