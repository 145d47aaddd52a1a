//! Which downloads may not exist side by side: two unfinished transfers of
//! one URL, or two into one file. The engine refuses them on `Add`; the CLI
//! asks the same question before it adds anything.

use url::Url;

use super::EngineError;
use crate::model::{Destination, Transfer};

/// The refusal for a new download of `url` into `destination`, if an
/// unfinished transfer among `known` already has that URL or that file.
pub fn find_conflict<'a>(
    known: impl IntoIterator<Item = &'a Transfer>,
    url: &Url,
    destination: &Destination,
) -> Option<EngineError> {
    for other in known
        .into_iter()
        .filter(|other| !other.status.is_terminal())
    {
        if &other.spec.url == url {
            return Some(EngineError::DuplicateUrl {
                url: url.clone(),
                other: other.transfer_id(),
            });
        }
        if let Destination::File(path) = destination
            && (&other.spec.destination == destination
                || other.file_path.as_deref() == Some(path.as_path()))
        {
            return Some(EngineError::DuplicateDestination {
                path: path.clone(),
                other: other.transfer_id(),
            });
        }
    }
    None
}
