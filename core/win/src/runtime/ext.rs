//! Extension data a provider registers (its program data and helper
//! prototypes), validated under the runtime's [`Rule`] through the
//! framework's header readers.
//!
//! Each call reads with `extensible_abi::user::read_with_header` or
//! `read_header_array`, given [`Rule::header_rule`] and
//! [`Rule::max_total_size`]; nothing here judges a header by hand. See
//! [`Rule`]'s table for the answer to each case.

use std::vec::Vec;

use extensible_abi::user::{self, UserMemory};
use extensible_abi::zeroed;

use super::{Error, Runtime, MAX_ARRAY_BYTES};
use crate::consts::EbpfResult;
use crate::ext::{ebpf_helper_function_prototype_t, ebpf_program_data_t};
use crate::Rule;

impl Runtime {
    /// `ebpf_validate_program_data`'s header check and
    /// `ebpf_duplicate_program_data`'s copy (v1.5.0
    /// `libs/shared/shared_common.c:357-367`, 709-763; called on a
    /// provider's attach by `ebpf_program.c:845`): the provider's
    /// `ebpf_program_data_t` at
    /// `program_data`, as the runtime keeps it. The fields the provider's
    /// `size` does not reach are zero; the header is the provider's. The
    /// structs its pointers name are not followed.
    ///
    /// ```
    /// use extensible_abi::{bytes_of, user::SimMemory};
    /// use extensible_abi_win::consts::errno;
    /// use extensible_abi_win::ext::{ebpf_extension_header_t, ebpf_program_data_t};
    /// use extensible_abi_win::{release, Rule, Runtime};
    ///
    /// // A provider built against v0.17: size 65 (through required_irql).
    /// let mut data = ebpf_program_data_t { required_irql: 2, capabilities: 0xff, ..Default::default() };
    /// data.header = ebpf_extension_header_t { version: 1, size: 65, total_size: 72, ..Default::default() };
    /// let mut mem = SimMemory::new();
    /// let at = mem.alloc_bytes(bytes_of(&data));
    /// let rt = Runtime::new(release(1, 5), Rule::V1_5);
    /// let got = rt.validate_program_data(&mem, at).unwrap();
    /// assert_eq!((got.required_irql, got.capabilities), (2, 0)); // past its size: zero
    ///
    /// // A wrong version: refused under every rule.
    /// data.header.version = 2;
    /// let at = mem.alloc_bytes(bytes_of(&data));
    /// assert_eq!(rt.validate_program_data(&mem, at).unwrap_err().errno(), errno::EINVAL);
    /// ```
    pub fn validate_program_data<M: UserMemory + ?Sized>(
        &self,
        mem: &M,
        program_data: u64,
    ) -> Result<ebpf_program_data_t, Error> {
        let rule = self.rule();
        let limit = rule.max_total_size(core::mem::size_of::<ebpf_program_data_t>());
        Ok(user::read_with_header(mem, program_data, limit, rule.header_rule())?)
    }

    /// `ebpf_validate_helper_function_prototype_array` and
    /// `_duplicate_helper_function_prototype_array` (v1.5.0
    /// `libs/shared/shared_common.c:296-316`, 498-558): the provider's
    /// `count` helper prototypes at `array`, as the runtime keeps them.
    ///
    /// The array is walked with element 0's `total_size` as the stride, as
    /// the shipped code walks it, but through `user::read_header_array`:
    /// element 0's header is checked before its `total_size` is used, and
    /// every element must have the same `total_size`. As shipped, `count`
    /// 0 is an empty array whatever `array` is, a null `array` with a
    /// `count` is `EBPF_INVALID_ARGUMENT`, and so is a prototype whose
    /// `name` is null. A `count` whose copy would take more than
    /// [`MAX_ARRAY_BYTES`] is `EBPF_NO_MEMORY`, before anything is read.
    ///
    /// ```
    /// use extensible_abi::{bytes_of, user::SimMemory};
    /// use extensible_abi_win::consts::errno;
    /// use extensible_abi_win::ext::{ebpf_extension_header_t, ebpf_helper_function_prototype_t};
    /// use extensible_abi_win::{release, Rule, Runtime};
    ///
    /// let mut p = ebpf_helper_function_prototype_t { helper_id: 1, name: 0x1000, ..Default::default() };
    /// p.header = ebpf_extension_header_t { version: 1, size: 66, total_size: 72, ..Default::default() };
    /// let mut mem = SimMemory::new();
    /// let at = mem.alloc_bytes(&[bytes_of(&p), bytes_of(&p)].concat());
    /// let rt = Runtime::new(release(1, 5), Rule::V1_5);
    /// assert_eq!(rt.validate_helper_prototype_array(&mem, at, 2).unwrap().len(), 2);
    ///
    /// // #5552: a total_size past the struct is refused before it is used.
    /// p.header.total_size = 1 << 20;
    /// let at = mem.alloc_bytes(bytes_of(&p));
    /// for rule in Rule::ALL {
    ///     rt.set_rule(rule);
    ///     let e = rt.validate_helper_prototype_array(&mem, at, 2).unwrap_err();
    ///     assert_eq!(e.errno(), errno::EINVAL, "{rule:?}");
    /// }
    /// ```
    pub fn validate_helper_prototype_array<M: UserMemory + ?Sized>(
        &self,
        mem: &M,
        array: u64,
        count: u32,
    ) -> Result<Vec<ebpf_helper_function_prototype_t>, Error> {
        type T = ebpf_helper_function_prototype_t;
        if count == 0 {
            return Ok(Vec::new());
        }
        if array == 0 {
            return Err(Error::INVAL);
        }
        if (count as usize).saturating_mul(core::mem::size_of::<T>()) > MAX_ARRAY_BYTES {
            return Err(Error::Ebpf(EbpfResult::NoMemory));
        }
        let rule: Rule = self.rule();
        let limit = rule.max_total_size(core::mem::size_of::<T>());
        let mut out: Vec<T> = std::vec![zeroed(); count as usize];
        user::read_header_array(mem, array, &mut out, limit, rule.header_rule())?;
        if out.iter().any(|p| p.name == 0) {
            return Err(Error::INVAL);
        }
        Ok(out)
    }
}
