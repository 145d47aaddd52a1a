//! Which way a transfer goes ([`TransferKind`]) and, for an upload, what
//! it sends and how: the method, a multipart form's parts, and where a
//! resumable upload stands on the server.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use url::Url;

use super::{HeaderPair, is_default};

/// Which way a transfer moves bytes. The engine picks a transfer's task
/// from this and the protocol of its URL (`engine::protocol`), in one
/// match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum TransferKind {
    /// The URL's body becomes a local file.
    #[default]
    Download,
    /// A local file goes to the URL.
    Upload(UploadSource),
}

impl TransferKind {
    pub fn is_download(&self) -> bool {
        matches!(self, TransferKind::Download)
    }
}

/// The serde form of [`TransferKind`]: the `Option<UploadSource>` that
/// state.ron and the socket protocol carried before it had a name.
pub(super) mod kind_as_upload {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{TransferKind, UploadSource};

    pub fn serialize<S: Serializer>(kind: &TransferKind, serializer: S) -> Result<S::Ok, S::Error> {
        match kind {
            TransferKind::Download => None::<&UploadSource>.serialize(serializer),
            TransferKind::Upload(source) => Some(source).serialize(serializer),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<TransferKind, D::Error> {
        Ok(match Option::<UploadSource>::deserialize(deserializer)? {
            Some(source) => TransferKind::Upload(source),
            None => TransferKind::Download,
        })
    }
}

/// How an upload sends its file (Windows' `BackgroundUploader.Method`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UploadMethod {
    /// The file is the new content of the URL.
    #[default]
    Put,
    /// The file is the body of a POST to the URL.
    Post,
    /// A resumable upload (tus 1.0): the URL creates an upload on the
    /// server, which then takes the file in checked chunks and says where
    /// to continue after any interruption.
    Resumable,
    /// A `multipart/form-data` POST (RFC 7578) of the source's parts:
    /// text fields and files.
    Multipart,
}

impl UploadMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            UploadMethod::Put => "PUT",
            UploadMethod::Post => "POST",
            UploadMethod::Resumable => "resumable (tus)",
            UploadMethod::Multipart => "multipart form (POST)",
        }
    }

    /// A POST (plain or multipart) is not sent twice by ferry on its own:
    /// it cannot be paused, and one that broke off fails.
    pub fn is_post(self) -> bool {
        matches!(self, UploadMethod::Post | UploadMethod::Multipart)
    }
}

/// One part of a multipart form (Windows' `BackgroundTransferContentPart`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContentPart {
    /// The form field's name.
    pub name: String,
    pub content: PartContent,
    /// Extra headers of this part (besides Content-Disposition and, for a
    /// file, Content-Type).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderPair>,
}

/// What a part holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartContent {
    /// A text value.
    Text(String),
    /// A file's bytes.
    File {
        path: PathBuf,
        /// The name sent as `filename` (default: the file's own).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file_name: Option<String>,
        /// The part's Content-Type (default: from the extension).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content_type: Option<String>,
    },
}

impl ContentPart {
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        ContentPart {
            name: name.into(),
            content: PartContent::Text(value.into()),
            headers: Vec::new(),
        }
    }

    pub fn file(name: impl Into<String>, path: PathBuf) -> Self {
        ContentPart {
            name: name.into(),
            content: PartContent::File {
                path,
                file_name: None,
                content_type: None,
            },
            headers: Vec::new(),
        }
    }

    /// The file this part sends, if it is a file.
    pub fn file_path(&self) -> Option<&Path> {
        match &self.content {
            PartContent::File { path, .. } => Some(path),
            PartContent::Text(_) => None,
        }
    }
}

/// What identifies the version of a file being uploaded: if any of it
/// differs, the file changed and a resumable upload starts over.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileIdentity {
    pub size: u64,
    /// Modification time, seconds and nanoseconds since the Unix epoch.
    pub modified_secs: i64,
    pub modified_nanos: u32,
    /// SHA-256 of the file's first and last MiB, lowercase hex.
    pub edges_sha256: String,
}

/// Where a resumable (tus) upload stands on the server. Kept in state.ron,
/// so an upload continues after a crash or a reboot from what the server
/// says it has.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResumableUpload {
    /// The upload the server created (its `Location`).
    pub upload_url: Url,
    /// The file it was created for.
    pub file: FileIdentity,
    /// Bytes the server confirmed last. Only shown: a resume asks the
    /// server (`HEAD`) and continues from its `Upload-Offset`.
    pub offset: u64,
}

/// What an upload sends: one local file, as the whole request body.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UploadSource {
    /// The file sent (for a multipart form, its first file).
    pub file: PathBuf,
    #[serde(default, skip_serializing_if = "is_default")]
    pub method: UploadMethod,
    /// A multipart form's parts, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<ContentPart>,
}
