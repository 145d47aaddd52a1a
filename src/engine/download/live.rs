//! What a download shares, while it runs, with readers opened on it (random
//! access): the ranges that can be read from the `.part` file now, where it
//! will end up, and where a reader is waiting, so the download fetches those
//! bytes first.

use std::path::PathBuf;

use tokio::sync::watch;

use crate::model::RangeSet;

/// What a reader can read now.
#[derive(Clone, Debug, Default)]
pub struct Availability {
    /// Byte ranges readable in the `.part` file (handed to the kernel).
    pub readable: RangeSet,
    pub total: Option<u64>,
    pub part_path: Option<PathBuf>,
    /// Set once the file is complete and published here.
    pub final_path: Option<PathBuf>,
    /// Set when no more bytes will come (failed, canceled, removed), in words.
    pub ended: Option<String>,
}

/// One transfer's live state, shared by its download task, the engine and
/// its readers.
#[derive(Debug)]
pub struct LiveFile {
    availability: watch::Sender<Availability>,
    wanted: watch::Sender<Option<u64>>,
}

impl Default for LiveFile {
    fn default() -> Self {
        LiveFile {
            availability: watch::Sender::new(Availability::default()),
            wanted: watch::Sender::new(None),
        }
    }
}

impl LiveFile {
    pub fn subscribe(&self) -> watch::Receiver<Availability> {
        self.availability.subscribe()
    }

    pub fn update(&self, change: impl FnOnce(&mut Availability)) {
        self.availability.send_modify(change);
    }

    pub fn set_readable(&self, readable: RangeSet) {
        self.availability
            .send_modify(|availability| availability.readable = readable);
    }

    /// A reader waits for the byte at `position` (`None`: no longer waits).
    pub fn want(&self, position: Option<u64>) {
        self.wanted.send_if_modified(|wanted| {
            let changed = *wanted != position;
            *wanted = position;
            changed
        });
    }

    pub fn wanted(&self) -> watch::Receiver<Option<u64>> {
        self.wanted.subscribe()
    }
}
