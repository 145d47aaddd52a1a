//! The per-host connection cap: every connection to a host holds one of its
//! slots, so all downloads from one server together stay polite. A
//! download waiting for its first slot is counted, so the downloads that
//! hold several give one back ([`HostShare::is_waited_for`]): a newcomer
//! gets a connection within a chunk or two, not when a long share ends.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::Url;

#[derive(Clone, Debug)]
pub(crate) struct HostSlots {
    inner: Arc<Mutex<Slots>>,
}

#[derive(Debug)]
struct Slots {
    per_host: usize,
    hosts: HashMap<String, Arc<HostShare>>,
}

/// One host's slots, and how many downloads wait for their first one.
#[derive(Debug)]
pub(crate) struct HostShare {
    slots: Arc<Semaphore>,
    waiting: AtomicUsize,
}

impl HostShare {
    /// A download waits for its first connection to this host.
    pub fn is_waited_for(&self) -> bool {
        self.waiting.load(Ordering::Relaxed) > 0
    }
}

/// Counts a waiter while it waits (a cancelled wait too).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl HostSlots {
    pub fn new(per_host: usize) -> Self {
        HostSlots {
            inner: Arc::new(Mutex::new(Slots {
                per_host: per_host.max(1),
                hosts: HashMap::new(),
            })),
        }
    }

    /// Changes the cap; connections open now keep their slots, new ones
    /// count against the new cap.
    pub fn set_per_host(&self, per_host: usize) {
        let mut slots = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if slots.per_host != per_host.max(1) {
            slots.per_host = per_host.max(1);
            slots.hosts.clear();
        }
    }

    /// The slots of the host of `url`.
    pub fn share_of(&self, url: &Url) -> Arc<HostShare> {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or_default()
        );
        let mut slots = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let per_host = slots.per_host;
        // Forget hosts nobody uses, so the map does not grow forever.
        if slots.hosts.len() > 256 {
            slots.hosts.retain(|_, share| {
                share.slots.available_permits() < per_host || share.is_waited_for()
            });
        }
        Arc::clone(slots.hosts.entry(key).or_insert_with(|| {
            Arc::new(HostShare {
                slots: Arc::new(Semaphore::new(per_host)),
                waiting: AtomicUsize::new(0),
            })
        }))
    }

    /// Waits for a free slot on the host of `url`, counted as waiting
    /// meanwhile (the downloads that hold several give one back).
    pub async fn acquire(&self, url: &Url) -> OwnedSemaphorePermit {
        let share = self.share_of(url);
        if let Ok(permit) = Arc::clone(&share.slots).try_acquire_owned() {
            return permit;
        }
        share.waiting.fetch_add(1, Ordering::Relaxed);
        let _waiting = Waiting(&share.waiting);
        Arc::clone(&share.slots)
            .acquire_owned()
            .await
            .expect("host semaphores are never closed")
    }

    /// A free slot on the host of `url`, if there is one now.
    pub fn try_acquire(&self, url: &Url) -> Option<OwnedSemaphorePermit> {
        Arc::clone(&self.share_of(url).slots)
            .try_acquire_owned()
            .ok()
    }
}
