//! The per-host connection cap: every connection to a host holds one of its
//! slots, so all downloads from one server together stay polite.

use std::collections::HashMap;
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
    hosts: HashMap<String, Arc<Semaphore>>,
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

    fn semaphore(&self, url: &Url) -> Arc<Semaphore> {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or_default()
        );
        let mut slots = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let per_host = slots.per_host;
        // Forget hosts nobody uses, so the map does not grow forever.
        if slots.hosts.len() > 256 {
            slots
                .hosts
                .retain(|_, semaphore| semaphore.available_permits() < per_host);
        }
        Arc::clone(
            slots
                .hosts
                .entry(key)
                .or_insert_with(|| Arc::new(Semaphore::new(per_host))),
        )
    }

    /// Waits for a free slot on the host of `url`.
    pub async fn acquire(&self, url: &Url) -> OwnedSemaphorePermit {
        self.semaphore(url)
            .acquire_owned()
            .await
            .expect("host semaphores are never closed")
    }

    /// A free slot on the host of `url`, if there is one now.
    pub fn try_acquire(&self, url: &Url) -> Option<OwnedSemaphorePermit> {
        self.semaphore(url).try_acquire_owned().ok()
    }
}
