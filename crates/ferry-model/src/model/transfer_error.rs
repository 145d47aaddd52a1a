//! Why a transfer failed or does not run, as data: the engine reports a
//! [`TransferError`], state.ron keeps it, and the window and the command
//! line turn it into words (its `Display`), which say what happened and
//! what to do.

use ferry_i18n::{Locale, tr};
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize};

/// What went wrong with a transfer, or why it waits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransferError {
    /// The server answered with a status that is not a success.
    Http {
        status: u16,
    },
    /// No response headers within the response timeout.
    NoResponse {
        url: String,
        timeout_secs: u64,
    },
    /// No connection to the server (refused, unreachable, name unknown).
    Connect {
        host: String,
        port: u16,
        cause: String,
    },
    /// The server's certificate is not vouched for by a trusted root.
    UntrustedCertificate {
        host: String,
        port: u16,
        cause: String,
        /// The SHA-256 fingerprint of the certificate shown, for the user
        /// to compare and pin.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fingerprint: Option<String>,
    },
    /// A host whose certificate the user pinned showed another one.
    CertificateChanged {
        host: String,
        port: u16,
        pinned: String,
        shown: String,
    },
    /// An FTP server's reply that ends the attempt, in plain words.
    Ftp {
        code: u16,
        reply: String,
    },
    /// The proxy of the environment refused, could not be reached or
    /// wants credentials; `cause` names it when ferry knows which.
    Proxy {
        cause: String,
    },
    /// A request or a body failed on the way (the causes joined).
    Network {
        cause: String,
    },
    /// The body stopped moving for the stall timeout.
    Stalled {
        secs: u64,
    },
    /// The body came slower than the lowest speed ferry waits on.
    TooSlow {
        bytes: u64,
        secs: u64,
        min_bytes_per_sec: u64,
    },
    /// Reading the body failed after `position` bytes.
    BrokeAt {
        position: u64,
        cause: String,
    },
    /// The body ended before its announced length.
    ClosedAt {
        position: u64,
        total: u64,
    },
    /// A redirect that ferry does not follow (loop, too many, https to
    /// http, another scheme).
    Redirect {
        reason: String,
    },
    /// A response that does not fit the bytes on disk was thrown away.
    ResponseRejected {
        reason: String,
    },
    /// Responses that do not fit were thrown away too often in a row.
    ResponsesDoNotFit {
        reason: String,
    },
    /// The attempts fetched several copies of the file without finishing
    /// it: the server breaks off every response and cannot resume.
    FetchedTooMuch {
        fetched: u64,
        total: u64,
    },
    /// More bytes are missing and no connection is left to fetch them.
    BytesMissing {
        missing: u64,
    },
    /// A request header that is not valid HTTP (a hand-edited state file).
    InvalidHeader {
        name: String,
    },
    /// A file could not be written.
    CannotWrite {
        path: PathBuf,
        cause: String,
    },
    /// A file could not be read.
    CannotRead {
        path: PathBuf,
        cause: String,
    },
    /// The finished `.part` file could not take its final name.
    CannotPublish {
        path: PathBuf,
        cause: String,
    },
    /// No file name could be chosen in the folder.
    FileName {
        cause: String,
    },
    /// The file's SHA-256 is not the one asked for: it never gets the
    /// file's name; it is kept aside as `NAME.corrupt` (`kept`), or, when
    /// that failed, deleted.
    ChecksumMismatch {
        expected: String,
        actual: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kept: Option<PathBuf>,
    },
    /// The server answered a status the transfer treats as recoverable: it
    /// waits for a new URL.
    RecoverableStatus {
        status: u16,
        transfer_id: String,
    },
    /// An upload's server points elsewhere; ferry sends a file only where
    /// it was told to.
    UploadRedirected {
        status: u16,
        location: String,
    },
    /// What an upload was given to send is not a file.
    NotAFile {
        path: PathBuf,
    },
    /// The file changed while it was sent (it is sent again).
    FileChanged {
        path: PathBuf,
    },
    /// The `.part` file under the transfer's name is not the one ferry
    /// made (a link, another user's or another file): nothing was written
    /// through it, and the download starts over in a new file.
    PartFileReplaced {
        reason: String,
    },
    /// The attempt failed and the transfer tries again after a delay (at
    /// once: no delay is said).
    Retrying {
        cause: Box<TransferError>,
        delay_secs: u64,
    },
    /// The network, the power supply or the schedule holds the transfer.
    Held {
        reason: String,
    },
    /// The transfer's credentials or secret headers did not come back
    /// after a restart (ferry writes them only to the keyring, and no
    /// keyring answered or it had none): it waits for them.
    SecretsMissing,
    /// A bug in ferry, in words.
    PostNotRepeated {
        cause: Box<TransferError>,
    },

    NotResumable {
        what: String,
    },

    ChecksumRefused {
        times: u32,
    },

    Internal {
        what: String,
    },
    /// Words from a state file of an earlier ferry, which kept them as text.
    Other(String),
}

impl std::fmt::Display for TransferError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path_of = |path: &PathBuf| path.display().to_string();
        let words = match self {
            TransferError::Http { status } => match advice_for(*status) {
                Some(advice) => tr!(
                    "error-http-advice",
                    status = (*status),
                    reason = reason_of(*status),
                    advice = advice
                ),
                None => tr!(
                    "error-http",
                    status = (*status),
                    reason = reason_of(*status)
                ),
            },
            TransferError::NoResponse { url, timeout_secs } => tr!(
                "error-no-response",
                url = url.as_str(),
                timeout = (*timeout_secs)
            ),
            TransferError::Connect { host, port, cause } => tr!(
                "error-connect",
                host = host.as_str(),
                port = (*port),
                cause = cause.as_str()
            ),
            TransferError::UntrustedCertificate {
                host,
                port,
                cause,
                fingerprint,
            } => tr!(
                "error-untrusted-certificate",
                host = host.as_str(),
                port = (*port),
                cause = cause.as_str(),
                hint = untrusted_certificate_hint(cause, fingerprint.as_deref())
            ),
            TransferError::CertificateChanged {
                host,
                port,
                pinned,
                shown,
            } => tr!(
                "error-certificate-changed",
                host = host.as_str(),
                port = (*port),
                pinned = pinned.as_str(),
                shown = shown.as_str()
            ),
            TransferError::Ftp { code, reply } => ftp_words(*code, reply),
            TransferError::Proxy { cause }
            | TransferError::Network { cause }
            | TransferError::Redirect { reason: cause }
            | TransferError::ResponseRejected { reason: cause }
            | TransferError::Held { reason: cause }
            | TransferError::Other(cause) => cause.clone(),
            TransferError::Stalled { secs } => tr!("error-stalled", secs = (*secs)),
            TransferError::TooSlow {
                bytes,
                secs,
                min_bytes_per_sec,
            } => tr!(
                "error-too-slow",
                bytes = (*bytes),
                secs = (*secs),
                minimum = (*min_bytes_per_sec)
            ),
            TransferError::BrokeAt { position, cause } => tr!(
                "error-broke-at",
                position = (*position),
                cause = cause.as_str()
            ),
            TransferError::ClosedAt { position, total } => {
                tr!("error-closed-at", position = (*position), total = (*total))
            }
            TransferError::ResponsesDoNotFit { reason } => {
                tr!("error-responses-do-not-fit", reason = reason.as_str())
            }
            TransferError::FetchedTooMuch { fetched, total } => {
                tr!(
                    "error-fetched-too-much",
                    fetched = (*fetched),
                    total = (*total)
                )
            }
            TransferError::BytesMissing { missing } => {
                tr!("error-bytes-missing", missing = (*missing))
            }
            TransferError::InvalidHeader { name } => {
                tr!("error-invalid-header", name = name.as_str())
            }
            TransferError::CannotWrite { path, cause } => tr!(
                "error-cannot-write",
                path = path_of(path),
                cause = cause.as_str()
            ),
            TransferError::CannotRead { path, cause } => tr!(
                "error-cannot-read",
                path = path_of(path),
                cause = cause.as_str()
            ),
            TransferError::CannotPublish { path, cause } => tr!(
                "error-cannot-publish",
                path = path_of(path),
                cause = cause.as_str()
            ),
            TransferError::FileName { cause } => tr!("error-file-name", cause = cause.as_str()),
            TransferError::ChecksumMismatch {
                expected,
                actual,
                kept,
            } => {
                let kept = match kept {
                    Some(path) => tr!("error-checksum-kept", path = path_of(path)),
                    None => tr!("error-checksum-nothing-kept"),
                };
                tr!(
                    "error-checksum-mismatch",
                    expected = expected.as_str(),
                    actual = actual.as_str(),
                    kept = kept
                )
            }
            TransferError::RecoverableStatus {
                status,
                transfer_id,
            } => tr!(
                "error-recoverable-status",
                status = (*status),
                id = transfer_id.as_str()
            ),
            TransferError::UploadRedirected { status, location } => tr!(
                "error-upload-redirected",
                status = (*status),
                location = location.as_str()
            ),
            TransferError::NotAFile { path } => tr!("error-not-a-file", path = path_of(path)),
            TransferError::FileChanged { path } => {
                tr!("error-file-changed", path = path_of(path))
            }
            TransferError::PartFileReplaced { reason } => {
                tr!("error-part-file-replaced", reason = reason.as_str())
            }
            TransferError::Retrying { cause, delay_secs } => match delay_secs {
                0 => cause.to_string(),
                secs => tr!(
                    "error-retrying",
                    cause = cause.to_string(),
                    delay = Locale::duration(ferry_i18n::current(), *secs)
                ),
            },
            TransferError::SecretsMissing => tr!("error-secrets-missing"),
            TransferError::PostNotRepeated { cause } => {
                tr!("error-post-not-repeated", cause = cause.to_string())
            }
            TransferError::NotResumable { what } => {
                tr!("error-not-resumable", what = what.as_str())
            }
            TransferError::ChecksumRefused { times } => {
                tr!("error-checksum-refused", times = (*times))
            }
            TransferError::Internal { what } => tr!("error-internal", what = what.as_str()),
        };
        formatter.write_str(&words)
    }
}

impl std::error::Error for TransferError {}

/// The canonical reason phrase, after a space ("" if unknown).
fn reason_of(status: u16) -> String {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .map(|reason| format!(" {reason}"))
        .unwrap_or_default()
}

/// What to do about a status, when something helps.
fn advice_for(status: u16) -> Option<String> {
    match status {
        401 | 407 => Some(tr!("advice-credentials")),
        403 => Some(tr!("advice-expired")),
        404 | 410 => Some(tr!("advice-check-url")),
        _ => None,
    }
}

/// Reads a transfer's error: a [`TransferError`], or the words an earlier
/// ferry kept (as [`TransferError::Other`]).
pub(crate) fn deserialize_error<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<TransferError>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OnDisk {
        Typed(TransferError),
        Words(String),
    }
    Ok(
        Option::<OnDisk>::deserialize(deserializer)?.map(|on_disk| match on_disk {
            OnDisk::Typed(error) => error,
            OnDisk::Words(words) => TransferError::Other(words),
        }),
    )
}

/// What to do about an untrusted certificate, as far as ferry can tell
/// from why it was refused.
/// An FTP reply in words: what it means, then what the server said.
fn ftp_words(code: u16, reply: &str) -> String {
    let meaning = match code {
        530 => tr!("ftp-530"),
        550 => tr!("ftp-550"),
        421 => tr!("ftp-421"),
        425 | 426 => tr!("ftp-425"),
        450 | 451 => tr!("ftp-450"),
        452 | 552 => tr!("ftp-452"),
        _ => tr!("ftp-refused"),
    };
    format!("{meaning} ({code} {reply})")
}

fn untrusted_certificate_hint(cause: &str, fingerprint: Option<&str>) -> String {
    let pin = fingerprint.map_or(String::new(), |fingerprint| {
        format!(
            "; {}",
            tr!("certificate-pin-hint", fingerprint = fingerprint)
        )
    });
    if cause.contains("CaUsedAsEndEntity") {
        format!("{}{pin}", tr!("certificate-self-made-ca"))
    } else {
        format!("{}{pin}", tr!("certificate-always-verified"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Line {
        #[serde(default, deserialize_with = "deserialize_error")]
        error: Option<TransferError>,
    }

    /// Earlier ferries kept the error as words: they read back as `Other`.
    #[test]
    fn an_error_kept_as_words_reads_back_as_other() {
        let old: Line = ron::from_str(r#"(error: Some("the server said no"))"#).expect("old");
        assert_eq!(
            old.error,
            Some(TransferError::Other("the server said no".to_owned()))
        );
        let typed: Line = ron::from_str("(error: Some(Http(status: 503)))").expect("typed");
        assert_eq!(typed.error, Some(TransferError::Http { status: 503 }));
        let none: Line = ron::from_str("()").expect("none");
        assert_eq!(none.error, None);
    }

    #[test]
    fn a_status_reads_with_its_reason_and_advice() {
        assert_eq!(
            TransferError::Http { status: 404 }.to_string(),
            "the server answered 404 Not Found; check the URL"
        );
        assert_eq!(
            TransferError::Http { status: 599 }.to_string(),
            "the server answered 599"
        );
    }

    // A self-made CA certificate used by the server itself cannot be
    // trusted with --ca-cert (webpki refuses a CA as an end entity): the
    // message no longer offers it.
    #[test]
    fn an_untrusted_certificate_offers_ca_cert_only_where_it_helps() {
        let words = |cause: &str| {
            TransferError::UntrustedCertificate {
                host: "127.0.0.1".to_owned(),
                port: 8443,
                cause: cause.to_owned(),
                fingerprint: Some("AB:CD".to_owned()),
            }
            .to_string()
        };
        assert!(
            words("invalid peer certificate: UnknownIssuer")
                .contains("can be added with --ca-cert")
        );
        let self_made = words("invalid peer certificate: Other(CaUsedAsEndEntity)");
        assert!(
            !self_made.contains("can be added with --ca-cert"),
            "{self_made}"
        );
        assert!(self_made.contains("cannot make trusted"), "{self_made}");
        assert!(self_made.contains("--pin-cert AB:CD"), "{self_made}");
    }
}
