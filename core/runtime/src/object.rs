//! The fd table and the id allocators: which fd names which object, and
//! which id each live object has.

use std::collections::BTreeMap;
use std::sync::{Arc, Weak};

use super::err;
use extensible_abi::{errno, AbiError};
use extensible_abi_bpf::consts::{BPF_F_RDONLY, BPF_F_WRONLY};

/// The four kinds of eBPF object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    /// A map.
    Map,
    /// A program.
    Prog,
    /// A BTF object.
    Btf,
    /// A link.
    Link,
}

/// An object an fd refers to. Cloning it takes another reference, as
/// `fget` does; the object is freed (and its id released) with the last.
#[derive(Clone, Debug)]
pub(crate) enum Object {
    Map(Arc<super::map::Map>),
    Prog(Arc<super::prog::Prog>),
    Btf(Arc<super::btf_obj::BtfObj>),
    Link(Arc<super::link::Link>),
    /// A `BPF_ENABLE_STATS` fd: no id, not one of the four kinds; program
    /// run statistics are on while one is open.
    Stats,
}

impl Object {
    /// The kind of an object with an id (`None` for a stats fd).
    pub(crate) fn kind(&self) -> Option<ObjectKind> {
        Some(match self {
            Object::Map(_) => ObjectKind::Map,
            Object::Prog(_) => ObjectKind::Prog,
            Object::Btf(_) => ObjectKind::Btf,
            Object::Link(_) => ObjectKind::Link,
            Object::Stats => return None,
        })
    }
}

/// A weak reference, for the id tables: an id names an object only while
/// something else keeps it alive.
#[derive(Debug)]
pub(crate) enum WeakObject {
    Map(Weak<super::map::Map>),
    Prog(Weak<super::prog::Prog>),
    Btf(Weak<super::btf_obj::BtfObj>),
    Link(Weak<super::link::Link>),
}

impl WeakObject {
    fn upgrade(&self) -> Option<Object> {
        Some(match self {
            WeakObject::Map(w) => Object::Map(w.upgrade()?),
            WeakObject::Prog(w) => Object::Prog(w.upgrade()?),
            WeakObject::Btf(w) => Object::Btf(w.upgrade()?),
            WeakObject::Link(w) => Object::Link(w.upgrade()?),
        })
    }

    fn of(obj: &Object) -> Option<Self> {
        Some(match obj {
            Object::Map(a) => WeakObject::Map(Arc::downgrade(a)),
            Object::Prog(a) => WeakObject::Prog(Arc::downgrade(a)),
            Object::Btf(a) => WeakObject::Btf(Arc::downgrade(a)),
            Object::Link(a) => WeakObject::Link(Arc::downgrade(a)),
            Object::Stats => return None,
        })
    }
}

/// The first fd handed out: 0, 1 and 2 are stdin, stdout and stderr.
const FIRST_FD: i32 = 3;
/// The kernel's `RLIMIT_NOFILE` default soft limit, as a bound on fds.
const MAX_FDS: usize = 1 << 20;

/// `BPF_F_RDONLY | BPF_F_WRONLY`: the per-fd access flags.
pub(crate) const FD_ACCESS_FLAGS: u32 = BPF_F_RDONLY | BPF_F_WRONLY;

/// One open fd.
#[derive(Debug)]
struct OpenFd {
    obj: Object,
    /// The `BPF_F_RDONLY` / `BPF_F_WRONLY` open flags of a map fd opened
    /// read-only or write-only (0: read-write): the kernel keeps them in
    /// the file's `f_mode`, per fd, not per map.
    flags: u32,
}

/// Everything the runtime's lock guards.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Indexed by fd, as the kernel's fd table: a lookup, which nearly
    /// every call makes, is a bounds check and a load (it was a search of
    /// a `BTreeMap`).
    fds: Vec<Option<OpenFd>>,
    /// How many entries of `fds` are `Some`.
    open: usize,
    /// Per kind: the last id handed out, and live ids.
    ids: BTreeMap<ObjectKind, (u32, BTreeMap<u32, WeakObject>)>,
    /// The runtime's network device `lo` (ifindex 1), where XDP links
    /// attach (see `link.rs`).
    pub(crate) netdev: super::link::Netdev,
    /// `Some` when the fds are real placeholder fds of the process
    /// (`Runtime::with_real_fds`, see `real_fd.rs`): each one's identity.
    #[cfg(target_os = "linux")]
    pub(crate) real: Option<BTreeMap<i32, super::real_fd::Identity>>,
}

impl State {
    /// The next id of `kind`, as the kernel's cyclic idr hands them out:
    /// increasing from 1, never an id still in use.
    pub(crate) fn alloc_id(&mut self, kind: ObjectKind) -> Result<u32, AbiError> {
        let (last, live) = self.ids.entry(kind).or_default();
        live.retain(|_, w| w.upgrade().is_some());
        let mut id = *last;
        for _ in 0..=live.len() {
            id = if id >= i32::MAX as u32 { 1 } else { id + 1 };
            if !live.contains_key(&id) {
                *last = id;
                return Ok(id);
            }
        }
        Err(err(errno::ENOSPC, "no free object id"))
    }

    /// Records `obj` under its id (after [`State::alloc_id`]).
    pub(crate) fn register_id(&mut self, id: u32, obj: &Object) {
        if let (Some(kind), Some(weak)) = (obj.kind(), WeakObject::of(obj)) {
            self.ids.entry(kind).or_default().1.insert(id, weak);
        }
    }

    /// Whether no fd is open.
    #[cfg(target_os = "linux")]
    pub(crate) fn fds_is_empty(&self) -> bool {
        self.open == 0
    }

    /// Whether a `BPF_ENABLE_STATS` fd is open: program runs are counted.
    pub(crate) fn stats_enabled(&self) -> bool {
        self.fds.iter().flatten().any(|o| matches!(o.obj, Object::Stats))
    }

    /// The entry of `fd`, if it is open.
    #[inline]
    fn entry(&self, fd: i32) -> Option<&OpenFd> {
        self.fds.get(usize::try_from(fd).ok()?)?.as_ref()
    }

    /// Puts `obj` at `fd` (read-write), replacing what was there.
    fn put(&mut self, fd: i32, obj: Object) {
        let at = fd as usize;
        if at >= self.fds.len() {
            self.fds.resize_with(at + 1, || None);
        }
        if self.fds[at].replace(OpenFd { obj, flags: 0 }).is_none() {
            self.open += 1;
        }
    }

    /// Removes `fd`'s entry: its object, if it was open.
    fn take(&mut self, fd: i32) -> Option<Object> {
        let slot = self.fds.get_mut(usize::try_from(fd).ok()?)?;
        let entry = slot.take()?;
        self.open -= 1;
        Some(entry.obj)
    }

    /// The live object of `kind` with `id`: `ENOENT` when there is none.
    pub(crate) fn by_id(&self, kind: ObjectKind, id: u32) -> Result<Object, AbiError> {
        self.ids
            .get(&kind)
            .and_then(|(_, live)| live.get(&id))
            .and_then(WeakObject::upgrade)
            .ok_or(err(errno::ENOENT, "no object with that id"))
    }

    /// The smallest live id of `kind` greater than `start`: `ENOENT` when
    /// there is none (`BPF_*_GET_NEXT_ID`).
    pub(crate) fn next_id(&self, kind: ObjectKind, start: u32) -> Result<u32, AbiError> {
        self.ids
            .get(&kind)
            .and_then(|(_, live)| {
                live.range(start.saturating_add(1)..)
                    .find(|(_, w)| w.upgrade().is_some())
                    .map(|(&id, _)| id)
            })
            .filter(|&id| id > start)
            .ok_or(err(errno::ENOENT, "no next id"))
    }

    /// Installs `obj` at the lowest free fd.
    pub(crate) fn install_fd(&mut self, obj: Object) -> Result<i32, AbiError> {
        if self.open >= MAX_FDS {
            return Err(err(errno::EMFILE, "too many open fds"));
        }
        #[cfg(target_os = "linux")]
        if let Some(real) = &mut self.real {
            // A real placeholder fd: the lowest free fd of the process, as
            // the kernel gives. An entry already there is stale (its
            // placeholder was closed behind the runtime's back): replaced.
            let (fd, id) = super::real_fd::open(super::real_fd::name(&obj))?;
            real.insert(fd, id);
            self.put(fd, obj);
            return Ok(fd);
        }
        let first = FIRST_FD as usize;
        let free = self.fds.iter().skip(first).position(Option::is_none);
        let fd = (first + free.unwrap_or(self.fds.len().saturating_sub(first))) as i32;
        self.put(fd, obj);
        Ok(fd)
    }

    /// Installs `obj` at the lowest free fd with the open flags
    /// `BPF_F_RDONLY` / `BPF_F_WRONLY` of `flags` (other bits ignored).
    pub(crate) fn install_fd_flags(&mut self, obj: Object, flags: u32) -> Result<i32, AbiError> {
        let fd = self.install_fd(obj)?;
        if let Some(Some(entry)) = self.fds.get_mut(fd as usize) {
            entry.flags = flags & FD_ACCESS_FLAGS;
        }
        Ok(fd)
    }

    /// The `BPF_F_RDONLY` / `BPF_F_WRONLY` flags `fd` was opened with (0:
    /// read-write, or no such fd).
    pub(crate) fn fd_flags(&self, fd: i32) -> u32 {
        self.entry(fd).map_or(0, |e| e.flags)
    }

    /// The object behind `fd`: `EBADF` when there is none.
    /// Fds 0, 1 and 2 are the process's stdin, stdout and stderr: open
    /// files that are no BPF object, which the kernel's lookups refuse with
    /// `EINVAL` (an fd that is not open at all is `EBADF`).
    ///
    /// With real fds: an fd that is open but no live runtime placeholder
    /// (stdin, a file, a placeholder closed behind the runtime's back and
    /// reused) is `EINVAL`, one that is not open `EBADF`, as in the kernel.
    pub(crate) fn get_fd(&self, fd: i32) -> Result<Object, AbiError> {
        self.get_fd_ref(fd).cloned()
    }

    /// [`State::get_fd`] without taking a reference: the object, for as
    /// long as the caller holds the tables.
    #[inline]
    pub(crate) fn get_fd_ref(&self, fd: i32) -> Result<&Object, AbiError> {
        #[cfg(target_os = "linux")]
        if self.real.is_some() {
            return self.get_real_fd(fd);
        }
        match self.entry(fd) {
            Some(e) => Ok(&e.obj),
            None if (0..FIRST_FD).contains(&fd) => {
                Err(AbiError::Invalid { what: "fd 0, 1 or 2 is not a BPF object" })
            }
            None => Err(err(errno::EBADF, "bad file descriptor")),
        }
    }

    /// [`State::get_fd_ref`] with real fds.
    #[cfg(target_os = "linux")]
    #[cold]
    fn get_real_fd(&self, fd: i32) -> Result<&Object, AbiError> {
        match self.live_real(fd) {
            Some(obj) => Ok(obj),
            None if super::real_fd::is_open(fd) => {
                Err(AbiError::Invalid { what: "fd is not a BPF object" })
            }
            None => Err(err(errno::EBADF, "bad file descriptor")),
        }
    }

    /// Closes `fd`: `EBADF` when it is not open. With real fds, the
    /// placeholder to close once the lock is released (`Some`), which only
    /// a live one gives: a stale entry is dropped with `EBADF`, and its
    /// number, now some other file's, is left alone.
    pub(crate) fn close(&mut self, fd: i32) -> Result<Option<i32>, AbiError> {
        #[cfg(target_os = "linux")]
        if self.real.is_some() {
            let live = self.live_real(fd).is_some();
            if let Some(real) = &mut self.real {
                real.remove(&fd);
            }
            let obj = self.take(fd);
            return match (obj, live) {
                (Some(_), true) => Ok(Some(fd)),
                _ => Err(err(errno::EBADF, "bad file descriptor")),
            };
        }
        self.take(fd).map(|_| None).ok_or(err(errno::EBADF, "bad file descriptor"))
    }

    /// With real fds: the object of `fd` if `fd` still is the placeholder
    /// the runtime opened for it.
    #[cfg(target_os = "linux")]
    fn live_real(&self, fd: i32) -> Option<&Object> {
        let id = self.real.as_ref()?.get(&fd)?;
        let obj = &self.entry(fd)?.obj;
        (super::real_fd::identity(fd) == Some(*id)).then_some(obj)
    }
}

#[cfg(target_os = "linux")]
impl Drop for State {
    /// A runtime with real fds closes its live placeholders.
    fn drop(&mut self) {
        let Some(real) = self.real.take() else { return };
        for (fd, id) in real {
            if super::real_fd::identity(fd) == Some(id) {
                super::real_fd::release(fd);
            }
        }
    }
}
