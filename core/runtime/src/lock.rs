//! [`StateLock`]: the runtime's tables behind a reader-writer lock whose
//! readers do not share a cache line.
//!
//! Nearly every `bpf()` call only resolves an fd, and with one
//! `RwLock` every such lookup still writes the lock's reader count: on
//! two CPUs that one cache line moves back and forth on each call, and
//! two threads working on different maps did not run faster than one
//! (measured ×1.06–1.19, see `BENCHMARKS.md`). The kernel resolves fds
//! under RCU, without a shared write. This is the classic "big-reader"
//! lock (Linux 2.4's `brlock`, today's `percpu_rw_semaphore`) built from
//! std parts: one `RwLock<()>` per slot, each on its own cache line; a
//! reader takes its thread's slot shared, a writer takes every slot
//! exclusive, in order. Lookups on different threads then touch different
//! lines; creating or closing an object pays one lock per slot.

use core::cell::UnsafeCell;
use core::ops::{Deref, DerefMut};
use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Reader slots: enough that threads rarely share one.
const SLOTS: usize = 16;

/// One slot's lock, alone on its cache line (128 bytes: adjacent-line
/// prefetch pairs lines on x86-64).
#[derive(Debug, Default)]
#[repr(align(128))]
struct Slot(RwLock<()>);

/// A `T` behind [`SLOTS`] reader locks.
pub(crate) struct StateLock<T> {
    slots: [Slot; SLOTS],
    value: UnsafeCell<T>,
}

// SAFETY: `value` is reached only through the guards: shared (`&T`) while
// holding one slot shared, which no writer can hold at the same time, and
// exclusive (`&mut T`) while holding every slot exclusively, which shuts
// out every reader and every other writer. That is `RwLock<T>`'s contract,
// whose `Sync` needs `T: Send + Sync`; moving the lock moves `T` (`Send`).
unsafe impl<T: Send + Sync> Sync for StateLock<T> {}

impl<T: core::fmt::Debug> core::fmt::Debug for StateLock<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // As `RwLock`'s `Debug`: never wait (this thread may hold the
        // lock exclusively).
        let mut d = f.debug_struct("StateLock");
        match self.slots[my_slot()].0.try_read() {
            // SAFETY: as in `read`: a slot is held shared for the access.
            Ok(_slot) => d.field("value", unsafe { &*self.value.get() }),
            Err(_) => d.field("value", &format_args!("<locked>")),
        };
        d.finish_non_exhaustive()
    }
}

impl<T: Default> Default for StateLock<T> {
    fn default() -> Self {
        StateLock { slots: Default::default(), value: UnsafeCell::new(T::default()) }
    }
}

/// This thread's reader slot: threads are dealt slots in turn as they
/// first take one.
#[inline]
fn my_slot() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::thread_local! {
        // `SLOTS` until dealt: a constant initializer, so that every
        // later call is one load (a lazy one is a call and a state check).
        static SLOT: core::cell::Cell<usize> = const { core::cell::Cell::new(SLOTS) };
    }
    SLOT.with(|s| {
        let slot = s.get();
        if slot < SLOTS {
            return slot;
        }
        let slot = NEXT.fetch_add(1, Ordering::Relaxed) % SLOTS;
        s.set(slot);
        slot
    })
}

/// A shared view of the tables.
pub(crate) struct ReadGuard<'a, T> {
    _slot: RwLockReadGuard<'a, ()>,
    value: &'a T,
}

/// The tables, exclusively.
pub(crate) struct WriteGuard<'a, T> {
    _slots: [RwLockWriteGuard<'a, ()>; SLOTS],
    value: &'a mut T,
}

impl<T> StateLock<T> {
    /// Shared access: lookups on other threads proceed at the same time,
    /// each on its own slot.
    pub(crate) fn read(&self) -> ReadGuard<'_, T> {
        // A panic while holding a slot poisons only the `()` inside it: the
        // tables are updated by single inserts and removes, so a later call
        // cannot misread them (as with the `RwLock` before).
        let slot = self.slots[my_slot()].0.read().unwrap_or_else(|e| e.into_inner());
        // SAFETY: this thread holds a slot shared, so no writer (which
        // needs every slot exclusively) holds or can take the value until
        // the guard, which owns the slot guard, is dropped.
        let value = unsafe { &*self.value.get() };
        ReadGuard { _slot: slot, value }
    }

    /// Exclusive access: every slot, taken in order (so two writers cannot
    /// deadlock on each other).
    pub(crate) fn write(&self) -> WriteGuard<'_, T> {
        let slots =
            core::array::from_fn(|i| self.slots[i].0.write().unwrap_or_else(|e| e.into_inner()));
        // SAFETY: every slot is held exclusively: no reader and no other
        // writer can reach the value until the guard is dropped.
        let value = unsafe { &mut *self.value.get() };
        WriteGuard { _slots: slots, value }
    }
}

impl<T> Deref for ReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value
    }
}

impl<T> Deref for WriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.value
    }
}

impl<T> DerefMut for WriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_share_and_writers_exclude() {
        let lock: StateLock<Vec<u32>> = StateLock::default();
        let threads = if cfg!(miri) { 3 } else { 2 * SLOTS as u32 + 1 };
        let rounds = if cfg!(miri) { 20 } else { 2000 };
        std::thread::scope(|s| {
            for t in 0..threads {
                let lock = &lock;
                s.spawn(move || {
                    for i in 0..rounds {
                        if i % 4 == 0 {
                            lock.write().push(t);
                        } else {
                            // Two reads of one guard agree: no writer ran
                            // in between.
                            let g = lock.read();
                            let n = g.len();
                            std::thread::yield_now();
                            assert_eq!(g.len(), n);
                        }
                    }
                });
            }
        });
        assert_eq!(lock.read().len() as u32, threads * rounds / 4);
        // Two readers on one thread at once (one slot, shared twice).
        let (a, b) = (lock.read(), lock.read());
        assert_eq!(a.len(), b.len());
    }
}
