//! [`StateLock`]: the runtime's tables behind a reader-writer lock whose
//! readers write only a cache line of their own thread's.
//!
//! Nearly every `bpf()` call only resolves an fd, and with one
//! `RwLock` every such lookup still writes the lock's reader count: on
//! two CPUs that one cache line moves back and forth on each call, and
//! two threads working on different maps did not run faster than one
//! (measured ×1.06–1.19, see `BENCHMARKS.md`). The kernel resolves fds
//! under RCU, without a shared write. This is the classic "big-reader"
//! lock (Linux 2.4's `brlock`, today's `percpu_rw_semaphore`) with one
//! slot per thread rather than per CPU: each thread that reads gets a slot
//! of its own (a number dealt from a pool, returned when the thread ends),
//! on its own cache line, in every `StateLock`.
//!
//! - A reader marks its slot (one atomic swap, sequentially consistent),
//!   then looks at the `writer` flag; if no writer is there it reads, and
//!   unmarks its slot with a plain release store. One read-modify-write a
//!   lookup, where a `RwLock` slot took two (its acquire and its release,
//!   each as long as the rest of the lookup on the info path).
//! - A writer takes the writers' mutex, raises `writer` (sequentially
//!   consistent), then waits until every slot is unmarked. Dekker's
//!   argument over the single total order of these sequentially
//!   consistent operations: a reader that saw no writer marked its slot
//!   before the writer looked at it, so the writer waits for it; a reader
//!   that marks later sees the flag, unmarks, and waits on the writers'
//!   mutex before trying again.
//! - A thread already reading reads again without looking at the flag (a
//!   writer waits for it anyway), so nested reads cannot deadlock.
//! - Threads beyond the pool's [`SLOTS`] share one `RwLock` instead,
//!   which the writer also takes: correct, only slower.
//!
//! Creating or closing an object pays the mutex and a look at the slots
//! dealt so far.

use core::cell::{Cell, UnsafeCell};
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Threads with a slot of their own at any one time.
const SLOTS: usize = 64;

/// One thread's mark: how deep its read sections on this lock are nested
/// (written only by that thread, read by writers), alone on its cache line
/// (128 bytes: adjacent-line prefetch pairs lines on x86-64).
#[derive(Debug, Default)]
#[repr(align(128))]
struct Slot(AtomicUsize);

/// A `T` behind per-thread reader marks and a writers' mutex.
pub(crate) struct StateLock<T> {
    slots: Box<[Slot]>,
    /// Raised while a writer holds, or waits for, the value.
    writer: AtomicBool,
    /// Serializes writers; readers that met a writer wait on it.
    writers: Mutex<()>,
    /// Readers without a slot: more than [`SLOTS`] threads at once.
    overflow: RwLock<()>,
    value: UnsafeCell<T>,
}

// SAFETY: `value` is reached only through the guards: shared (`&T`) while
// this thread's slot is marked with no writer raised, or while holding
// `overflow` shared, neither of which a writer allows at the same time
// (see the module's argument), and exclusive (`&mut T`) while holding the
// writers' mutex with every slot unmarked after `writer` was raised and
// `overflow` held exclusively, which shuts out every reader and every
// other writer. That is `RwLock<T>`'s contract, whose `Sync` needs
// `T: Send + Sync`; moving the lock moves `T` (`Send`).
unsafe impl<T: Send + Sync> Sync for StateLock<T> {}

impl<T: core::fmt::Debug> core::fmt::Debug for StateLock<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // As `RwLock`'s `Debug`: never wait (this thread may be the
        // writer).
        let mut d = f.debug_struct("StateLock");
        if self.writer.load(Ordering::SeqCst) {
            d.field("value", &format_args!("<locked>"));
        } else {
            d.field("value", &*self.read());
        }
        d.finish_non_exhaustive()
    }
}

impl<T: Default> Default for StateLock<T> {
    fn default() -> Self {
        StateLock {
            slots: (0..SLOTS).map(|_| Slot::default()).collect(),
            writer: AtomicBool::new(false),
            writers: Mutex::new(()),
            overflow: RwLock::new(()),
            value: UnsafeCell::new(T::default()),
        }
    }
}

/// The pool of slot numbers: the next never dealt, and those returned.
struct Pool {
    next: usize,
    free: Vec<usize>,
}

static POOL: Mutex<Pool> = Mutex::new(Pool { next: 0, free: Vec::new() });
/// How many slot numbers were ever dealt: writers look at those slots only.
static DEALT: AtomicUsize = AtomicUsize::new(0);

/// Not dealt yet.
const UNDEALT: usize = usize::MAX;
/// None left when asked: this thread reads through `overflow`.
const NONE_LEFT: usize = usize::MAX - 1;

/// This thread's slot number; returned to the pool when the thread ends.
struct ThreadSlot(Cell<usize>);

impl Drop for ThreadSlot {
    fn drop(&mut self) {
        let n = self.0.get();
        if n < SLOTS {
            // Every guard of this thread is gone: its marks are all 0.
            POOL.lock().unwrap_or_else(|e| e.into_inner()).free.push(n);
        }
    }
}

std::thread_local! {
    static SLOT: ThreadSlot = const { ThreadSlot(Cell::new(UNDEALT)) };
}

/// This thread's slot number, `None` when it has none (the pool was empty
/// when it first read, or the thread is ending).
#[inline]
fn my_slot() -> Option<usize> {
    SLOT.try_with(|s| {
        let mut n = s.0.get();
        if n == UNDEALT {
            n = deal();
            s.0.set(n);
        }
        n
    })
    .ok()
    .filter(|&n| n < SLOTS)
}

#[cold]
fn deal() -> usize {
    let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = pool.free.pop() {
        return n;
    }
    if pool.next == SLOTS {
        return NONE_LEFT;
    }
    pool.next += 1;
    DEALT.fetch_max(pool.next, Ordering::SeqCst);
    pool.next - 1
}

/// How a read guard holds the lock.
enum Hold<'a> {
    /// This thread's slot, marked once more for this guard.
    Slot(&'a AtomicUsize),
    /// The overflow lock.
    Overflow(#[allow(dead_code)] RwLockReadGuard<'a, ()>),
}

/// A shared view of the tables. Not `Send`: the slot is this thread's.
///
/// The guards hold the value by pointer, as `std`'s do, not by reference:
/// a reference in a guard passed to a function would be asserted live for
/// the whole call, even after the guard is dropped inside it.
pub(crate) struct ReadGuard<'a, T> {
    hold: Hold<'a>,
    value: NonNull<T>,
    _shared: PhantomData<&'a T>,
    _not_send: PhantomData<*const ()>,
}

/// The tables, exclusively.
pub(crate) struct WriteGuard<'a, T> {
    writer: &'a AtomicBool,
    _overflow: RwLockWriteGuard<'a, ()>,
    _writers: MutexGuard<'a, ()>,
    value: NonNull<T>,
    _exclusive: PhantomData<&'a mut T>,
}

impl<T> StateLock<T> {
    /// Shared access: lookups on other threads proceed at the same time,
    /// each marking its own slot.
    #[inline]
    pub(crate) fn read(&self) -> ReadGuard<'_, T> {
        let hold = match my_slot() {
            Some(n) => {
                let slot = &self.slots[n].0;
                let depth = slot.load(Ordering::Relaxed);
                if depth == 0 {
                    self.enter(slot);
                } else {
                    // Already reading: a writer waits for this thread
                    // anyway, so waiting for it here would deadlock.
                    slot.store(depth + 1, Ordering::Relaxed);
                }
                Hold::Slot(slot)
            }
            None => Hold::Overflow(self.overflow.read().unwrap_or_else(|e| e.into_inner())),
        };
        // This thread's slot is marked and no writer was raised after it
        // was (or `overflow` is held shared): no writer holds or can take
        // the value until the guard is dropped (module docs).
        let value = NonNull::new(self.value.get()).expect("UnsafeCell::get is never null");
        ReadGuard { hold, value, _shared: PhantomData, _not_send: PhantomData }
    }

    /// Marks `slot` (this thread's, unmarked) once no writer is raised.
    #[inline]
    fn enter(&self, slot: &AtomicUsize) {
        loop {
            // The swap and the load are sequentially consistent, as are
            // the writer's raise and its loads of the slots: Dekker's
            // pattern (module docs). A swap, not a store: on x86-64 a
            // sequentially consistent store is an `xchg` either way.
            slot.swap(1, Ordering::SeqCst);
            if !self.writer.load(Ordering::SeqCst) {
                return;
            }
            slot.store(0, Ordering::Release);
            self.wait_for_writer();
        }
    }

    #[cold]
    fn wait_for_writer(&self) {
        drop(self.writers.lock().unwrap_or_else(|e| e.into_inner()));
    }

    /// Exclusive access: the writers' mutex, the flag raised, every slot
    /// dealt waited for, and the overflow lock.
    pub(crate) fn write(&self) -> WriteGuard<'_, T> {
        let writers = self.writers.lock().unwrap_or_else(|e| e.into_inner());
        self.writer.store(true, Ordering::SeqCst);
        let dealt = DEALT.load(Ordering::SeqCst);
        for slot in &self.slots[..dealt] {
            let mut spins = 0u32;
            while slot.0.load(Ordering::SeqCst) != 0 {
                // Readers hold a slot for a lookup and a few short copies.
                if spins < 64 {
                    core::hint::spin_loop();
                    spins += 1;
                } else {
                    std::thread::yield_now();
                }
            }
        }
        let overflow = self.overflow.write().unwrap_or_else(|e| e.into_inner());
        // The writers' mutex is held, the flag was raised before every
        // dealt slot was seen unmarked (slots not dealt yet cannot be
        // marked: a thread is dealt its number before it marks, and
        // `DEALT` is raised first, in the same total order), and
        // `overflow` is held exclusively: no reader and no other writer
        // can reach the value until the guard is dropped.
        let value = NonNull::new(self.value.get()).expect("UnsafeCell::get is never null");
        WriteGuard {
            writer: &self.writer,
            _overflow: overflow,
            _writers: writers,
            value,
            _exclusive: PhantomData,
        }
    }
}

impl<T> Drop for ReadGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        if let Hold::Slot(slot) = self.hold {
            // Only this thread writes its slot: a load and a store. In any
            // order of drops, the slot is unmarked with the last guard.
            // Release: this thread's reads of the value happen before a
            // writer that then sees the slot unmarked.
            let depth = slot.load(Ordering::Relaxed);
            slot.store(depth - 1, Ordering::Release);
        }
    }
}

impl<T> Drop for WriteGuard<'_, T> {
    fn drop(&mut self) {
        // Lowered before the mutex is released (the fields drop after
        // this), so readers woken by the mutex find no writer.
        self.writer.store(false, Ordering::SeqCst);
    }
}

impl<T> Deref for ReadGuard<'_, T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the guard holds the lock shared (see `read`), and the
        // reference cannot outlive the guard.
        unsafe { self.value.as_ref() }
    }
}

impl<T> Deref for WriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the guard holds the lock exclusively (see `write`).
        unsafe { self.value.as_ref() }
    }
}

impl<T> DerefMut for WriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes this the only
        // reference through the guard.
        unsafe { self.value.as_mut() }
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
        // Two readers on one thread at once (one slot, nested), dropped
        // in either order: the slot stays marked while one is alive.
        let (a, b) = (lock.read(), lock.read());
        assert_eq!(a.len(), b.len());
        drop(a);
        let n = b.len();
        std::thread::scope(|s| {
            let writer = s.spawn(|| lock.write().push(7));
            std::thread::sleep(std::time::Duration::from_millis(if cfg!(miri) { 1 } else { 20 }));
            assert_eq!(b.len(), n, "a writer ran while a read guard was alive");
            drop(b);
            writer.join().unwrap();
        });
        assert_eq!(lock.read().len(), n + 1);
    }

    #[test]
    fn a_thread_ending_returns_its_slot() {
        let lock: StateLock<u32> = StateLock::default();
        let rounds = if cfg!(miri) { 4 } else { 3 * SLOTS };
        // More threads in turn than there are slots (other tests' threads
        // may hold slots meanwhile: then a thread reads through the
        // overflow lock, as correctly).
        for _ in 0..rounds {
            std::thread::scope(|s| {
                s.spawn(|| drop(lock.read()));
            });
        }
        *lock.write() += 1;
        assert_eq!(*lock.read(), 1);
    }
}
