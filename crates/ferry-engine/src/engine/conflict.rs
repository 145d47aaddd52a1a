//! Which downloads may not exist side by side: two unfinished transfers of
//! one URL to one destination, or two into one file. The same URL to
//! another destination is a second copy, and allowed (the CLI says so).
//! The engine refuses conflicts on `Add`; the CLI asks the same question
//! before it adds anything.

use std::path::PathBuf;

use url::Url;

use super::EngineError;
use crate::model::{Destination, Transfer, TransferId};

/// The URLs and files of unfinished transfers, looked up in constant time:
/// a list of a thousand URLs is checked in a thousand steps, not a million.
#[derive(Debug, Default)]
pub struct ConflictIndex {
    /// Each unfinished transfer of a URL, with its destination.
    urls: foldhash::HashMap<Url, Vec<(TransferId, Destination)>>,
    files: foldhash::HashMap<PathBuf, TransferId>,
}

impl ConflictIndex {
    /// The index of `known`'s unfinished transfers.
    pub fn new<'a>(known: impl IntoIterator<Item = &'a Transfer>) -> Self {
        let mut index = ConflictIndex::default();
        for transfer in known {
            index.insert(transfer);
        }
        index
    }

    /// Adds `transfer` (if unfinished); the first one of a file stays.
    pub fn insert(&mut self, transfer: &Transfer) {
        if transfer.status.is_terminal() {
            return;
        }
        let transfer_id = transfer.transfer_id();
        self.urls
            .entry(transfer.spec.url.clone())
            .or_default()
            .push((transfer_id, transfer.spec.destination.clone()));
        if let Destination::File(path) = &transfer.spec.destination {
            self.files.entry(path.clone()).or_insert(transfer_id);
        }
        if let Some(path) = &transfer.file_path {
            self.files.entry(path.clone()).or_insert(transfer_id);
        }
    }

    /// The refusal for a new download of `url` into `destination`, if an
    /// unfinished transfer already brings that URL there, or that file.
    pub fn find(&self, url: &Url, destination: &Destination) -> Option<EngineError> {
        if let Some((other, _)) = self
            .others_of(url)
            .iter()
            .find(|(_, other_destination)| other_destination == destination)
        {
            return Some(EngineError::DuplicateUrl {
                url: url.clone(),
                other: *other,
            });
        }
        match destination {
            Destination::File(path) => {
                self.files
                    .get(path)
                    .map(|other| EngineError::DuplicateDestination {
                        path: path.clone(),
                        other: *other,
                    })
            }
            Destination::Folder(_) => None,
        }
    }

    /// The unfinished transfers of `url` (to any destination).
    pub fn others_of(&self, url: &Url) -> &[(TransferId, Destination)] {
        self.urls.get(url).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Status, TransferSpec};

    fn transfer(url: &str, destination: Destination) -> Transfer {
        Transfer::new(TransferSpec::download(
            Url::parse(url).expect("a valid URL"),
            destination,
        ))
    }

    #[test]
    fn unfinished_transfers_conflict_by_url_and_by_file() {
        let folder = Destination::Folder(PathBuf::from("/downloads"));
        let into_file = Destination::File(PathBuf::from("/downloads/a.iso"));
        let mut published = transfer("http://127.0.0.1/b", folder.clone());
        published.file_path = Some(PathBuf::from("/downloads/b.iso"));
        let mut finished = transfer("http://127.0.0.1/c", folder.clone());
        finished.status = Status::Completed;
        let index = ConflictIndex::new([
            &transfer("http://127.0.0.1/a", into_file.clone()),
            &published,
            &finished,
        ]);
        let url = |text: &str| Url::parse(text).expect("a valid URL");
        assert!(matches!(
            index.find(&url("http://127.0.0.1/a"), &into_file),
            Some(EngineError::DuplicateUrl { .. })
        ));
        // The same URL elsewhere is a second copy (issue 42, item 13).
        assert!(
            index
                .find(
                    &url("http://127.0.0.1/a"),
                    &Destination::Folder(PathBuf::from("/other"))
                )
                .is_none()
        );
        assert_eq!(index.others_of(&url("http://127.0.0.1/a")).len(), 1);
        assert!(matches!(
            index.find(&url("http://127.0.0.1/b"), &folder),
            Some(EngineError::DuplicateUrl { .. })
        ));
        assert!(matches!(
            index.find(&url("http://127.0.0.1/other"), &into_file),
            Some(EngineError::DuplicateDestination { .. })
        ));
        assert!(matches!(
            index.find(
                &url("http://127.0.0.1/other"),
                &Destination::File(PathBuf::from("/downloads/b.iso"))
            ),
            Some(EngineError::DuplicateDestination { .. })
        ));
        // A finished transfer leaves its URL free.
        assert!(index.find(&url("http://127.0.0.1/c"), &folder).is_none());
        assert!(index.find(&url("http://127.0.0.1/d"), &folder).is_none());
    }
}
