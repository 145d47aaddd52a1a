//! What a download shares, while it runs, with readers opened on it (random
//! access): the ranges that can be read from the `.part` file now, where it
//! will end up, and where a reader is waiting, so the download fetches those
//! bytes first.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::watch;

use crate::model::{RangeSet, Transfer, TransferId, TransferMap};

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
    /// How many times the download started over: bytes read before a
    /// restart belong to another version of the file.
    pub restarts: u32,
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

/// The live files of every transfer that ran or has a reader, shared by the
/// engine and its handles.
#[derive(Clone, Debug, Default)]
pub struct LiveFiles(Arc<Mutex<TransferMap<Arc<LiveFile>>>>);

impl LiveFiles {
    /// The live file of `transfer`, made from what the transfer table knows
    /// if there is none yet.
    pub fn get_or_create(&self, transfer: &Transfer) -> Arc<LiveFile> {
        let mut files = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let live = files.entry(transfer.transfer_id()).or_insert_with(|| {
            let live = LiveFile::default();
            live.update(|availability| {
                availability.readable = RangeSet::from_ranges(&transfer.ranges);
                availability.total = transfer.progress.total_bytes_to_receive;
                availability.part_path = transfer
                    .file_path
                    .as_ref()
                    .map(|path| crate::engine::file_name::part_path(path));
                match transfer.status {
                    crate::model::Status::Completed => {
                        availability.final_path.clone_from(&transfer.file_path);
                    }
                    crate::model::Status::Canceled => {
                        availability.ended = Some("the transfer was canceled".to_owned());
                    }
                    _ => {}
                }
            });
            Arc::new(live)
        });
        Arc::clone(live)
    }

    pub fn get(&self, transfer_id: TransferId) -> Option<Arc<LiveFile>> {
        let files = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        files.get(&transfer_id).cloned()
    }

    pub fn remove(&self, transfer_id: TransferId) -> Option<Arc<LiveFile>> {
        let mut files = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        files.remove(&transfer_id)
    }

    /// Forgets the live file of an ended transfer nobody reads.
    pub fn forget_if_unread(&self, transfer_id: TransferId) {
        let mut files = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if files
            .get(&transfer_id)
            .is_some_and(|live| live.availability.receiver_count() == 0)
        {
            files.remove(&transfer_id);
        }
    }
}
