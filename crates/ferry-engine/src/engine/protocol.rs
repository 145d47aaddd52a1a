//! The protocols ferry speaks, chosen once from a URL's scheme: the command
//! line, the window's dialogs (through `engine::input`), the engine's `Add`
//! and `SetUrl`, and redirects all ask here, and the actor starts the task
//! of the [`TaskKind`] a transfer is. A new protocol is a variant here, its
//! task module, and one arm in [`TaskKind`]'s dispatch.

use url::Url;

use crate::model::{TransferKind, TransferSpec, UploadMethod};

/// A protocol a transfer can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// HTTP and HTTPS (reqwest, rustls).
    Http,
    /// FTP, and FTPS (`ftps://`: implicit TLS), downloads only (suppaftp).
    Ftp,
}

impl Protocol {
    /// The protocol of `url`'s scheme, if ferry speaks it.
    pub fn of(url: &Url) -> Option<Protocol> {
        match url.scheme() {
            "http" | "https" => Some(Protocol::Http),
            "ftp" | "ftps" => Some(Protocol::Ftp),
            _ => None,
        }
    }

    /// The schemes ferry downloads, for messages ("http and https").
    pub const SCHEMES_IN_WORDS: &'static str = "http, https, ftp and ftps";
}

/// What task a transfer runs: the one place that decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskKind {
    Download(Protocol),
    /// A PUT, a POST or a multipart form.
    Upload,
    /// A tus 1.0 upload.
    ResumableUpload,
}

impl TaskKind {
    /// The task `spec` runs, or `None` when its URL's scheme is not one
    /// ferry speaks.
    pub fn of(spec: &TransferSpec) -> Option<TaskKind> {
        let protocol = Protocol::of(&spec.url)?;
        Some(match (&spec.kind, protocol) {
            (TransferKind::Download, protocol) => TaskKind::Download(protocol),
            (TransferKind::Upload(upload), Protocol::Http)
                if upload.method == UploadMethod::Resumable =>
            {
                TaskKind::ResumableUpload
            }
            (TransferKind::Upload(_), Protocol::Http) => TaskKind::Upload,
            // Windows' Background Transfer takes FTP for downloads only.
            (TransferKind::Upload(_), Protocol::Ftp) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Destination;

    #[test]
    fn the_scheme_decides_the_protocol_and_the_spec_the_task() {
        let url = |text: &str| Url::parse(text).expect("url");
        assert_eq!(Protocol::of(&url("HTTPS://a/b")), Some(Protocol::Http));
        assert_eq!(Protocol::of(&url("ftp://a/b")), Some(Protocol::Ftp));
        assert_eq!(Protocol::of(&url("gopher://a/b")), None);
        let download =
            TransferSpec::download(url("http://a/b"), Destination::Folder("/tmp".into()));
        assert_eq!(
            TaskKind::of(&download),
            Some(TaskKind::Download(Protocol::Http))
        );
        let tus =
            TransferSpec::upload(url("https://a/f"), "/tmp/x".into(), UploadMethod::Resumable);
        assert_eq!(TaskKind::of(&tus), Some(TaskKind::ResumableUpload));
        let put = TransferSpec::upload(url("https://a/f"), "/tmp/x".into(), UploadMethod::Put);
        assert_eq!(TaskKind::of(&put), Some(TaskKind::Upload));
    }
}
