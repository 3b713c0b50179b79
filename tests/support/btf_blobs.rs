// BTF blobs the kernel accepts, shared by every test that loads BTF: core's
// unit tests, the workspace tests (through `support`) and the fuzz seeds
// `include!` this one file, so they all load the same bytes.

/// One `int` type (4 bytes, 32 bits, no encoding) and the strings
/// `"\0int\0"`: a 24-byte header, a 16-byte type section, 5 bytes of
/// strings (45 bytes).
pub fn int_btf() -> Vec<u8> {
    let mut b = Vec::new();
    for w in [0xeb9f_u32 | 1 << 16, 24, 0, 16, 16, 5, 1, 1 << 24, 4, 32] {
        b.extend_from_slice(&w.to_ne_bytes());
    }
    b.extend_from_slice(b"\0int\0");
    b
}

/// One type of every kind, which the kernel accepts (its log has a line
/// for each).
pub fn every_kind_btf() -> Vec<u8> {
    let strs: &[u8] = b"\0int\0s\0a\0b\0e\0X\0f\0p\0v\0.data\0tag\0u64\0E64\0Y\0";
    let off = |name: &str| {
        let n = name.as_bytes();
        strs.windows(n.len() + 2)
            .position(|w| w[0] == 0 && &w[1..=n.len()] == n && w[n.len() + 1] == 0)
            .unwrap() as u32
            + 1
    };
    let info = |kind: u32, vlen: u32, kflag: bool| kind << 24 | vlen | (kflag as u32) << 31;
    let mut t: Vec<u32> = Vec::new();
    t.extend([off("int"), info(1, 0, false), 4, 1 << 24 | 32]); // 1 INT signed
    t.extend([0, info(2, 0, false), 1]); // 2 PTR -> 1
    t.extend([0, info(3, 0, false), 0, 1, 1, 4]); // 3 ARRAY int[4]
    t.extend([off("s"), info(4, 2, false), 8, off("a"), 1, 0, 0, 1, 32]); // 4 STRUCT
    t.extend([off("s"), info(5, 1, true), 4, off("b"), 1, 3 << 24]); // 5 UNION kflag
    t.extend([off("e"), info(6, 2, true), 4, off("X"), u32::MAX, off("Y"), 7]); // 6 ENUM signed
    t.extend([off("X"), info(7, 0, true), 0]); // 7 FWD union
    t.extend([off("X"), info(8, 0, false), 1]); // 8 TYPEDEF
    t.extend([0, info(9, 0, false), 1, 0, info(10, 0, false), 1, 0, info(11, 0, false), 2]); // 9-11
    t.extend([0, info(13, 3, false), 1, off("p"), 1, off("a"), 2, 0, 0]); // 12 FUNC_PROTO (p, a, vararg)
    t.extend([off("f"), info(12, 0, false), 12]); // 13 FUNC
    t.extend([off("v"), info(14, 0, false), 1, 1]); // 14 VAR
    t.extend([off(".data"), info(15, 1, false), 4, 14, 0, 4]); // 15 DATASEC
    t.extend([off("u64"), info(16, 0, false), 8]); // 16 FLOAT
    t.extend([off("tag"), info(17, 0, false), 4, u32::MAX]); // 17 DECL_TAG on the struct
    t.extend([off("tag"), info(18, 0, false), 1]); // 18 TYPE_TAG
    t.extend([off("E64"), info(19, 1, false), 8, off("X"), 1, 2]); // 19 ENUM64
    t.extend([0, info(13, 0, false), 0, 0, info(13, 1, false), 0, 0, 0]); // 20, 21 FUNC_PROTO void / vararg
    let type_len = (t.len() * 4) as u32;
    let mut b = Vec::new();
    for w in [0xeb9f_u32 | 1 << 16, 24, 0, type_len, type_len, strs.len() as u32] {
        b.extend_from_slice(&w.to_ne_bytes());
    }
    for w in t {
        b.extend_from_slice(&w.to_ne_bytes());
    }
    b.extend_from_slice(strs);
    b
}
