//! Why a transfer failed or does not run, as data: the engine reports a
//! [`TransferError`], state.ron keeps it, and the window and the command
//! line turn it into words (its `Display`), which say what happened and
//! what to do.

use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize};

/// What went wrong with a transfer, or why it waits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TransferError {
    /// The server answered with a status that is not a success.
    #[error("the server answered {status}{}{}", reason_of(*status), advice_for(*status))]
    Http { status: u16 },
    /// No response headers within the response timeout.
    #[error("no response within {timeout_secs} s from {url}")]
    NoResponse { url: String, timeout_secs: u64 },
    /// No connection to the server (refused, unreachable, name unknown).
    #[error("cannot connect to {host}:{port}: {cause}")]
    Connect {
        host: String,
        port: u16,
        cause: String,
    },
    /// The server's certificate is not vouched for by a trusted root.
    #[error(
        "the TLS certificate of {host}:{port} is not trusted ({cause}); {}",
        untrusted_certificate_hint(.cause, .fingerprint.as_deref())
    )]
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
    #[error(
        "the TLS certificate of {host}:{port} is not the one you trusted for it: it shows \
         {shown}, you pinned {pinned}. Someone may be between you and the server; if the \
         server really got a new certificate (compare it on the device), trust the new one \
         with --pin-cert {shown}"
    )]
    CertificateChanged {
        host: String,
        port: u16,
        pinned: String,
        shown: String,
    },
    /// An FTP server's reply that ends the attempt, in plain words.
    #[error("{}", ftp_words(*code, reply))]
    Ftp { code: u16, reply: String },
    /// The proxy of the environment refused, could not be reached or
    /// wants credentials; `cause` names it when ferry knows which.
    #[error("{cause}")]
    Proxy { cause: String },
    /// A request or a body failed on the way (the causes joined).
    #[error("{cause}")]
    Network { cause: String },
    /// The body stopped moving for the stall timeout.
    #[error("no data for {secs} s; the connection stalled")]
    Stalled { secs: u64 },
    /// The body came slower than the lowest speed ferry waits on.
    #[error(
        "the server sent only {bytes} bytes in {secs} s (less than {min_bytes_per_sec} bytes/s); \
         the connection is too slow"
    )]
    TooSlow {
        bytes: u64,
        secs: u64,
        min_bytes_per_sec: u64,
    },
    /// Reading the body failed after `position` bytes.
    #[error("the connection broke at byte {position}: {cause}")]
    BrokeAt { position: u64, cause: String },
    /// The body ended before its announced length.
    #[error("the connection closed at byte {position} of {total}")]
    ClosedAt { position: u64, total: u64 },
    /// A redirect that ferry does not follow (loop, too many, https to
    /// http, another scheme).
    #[error("{reason}")]
    Redirect { reason: String },
    /// A response that does not fit the bytes on disk was thrown away.
    #[error("{reason}")]
    ResponseRejected { reason: String },
    /// Responses that do not fit were thrown away too often in a row.
    #[error(
        "the server keeps sending responses that do not fit ({reason}); nothing was \
         written from them"
    )]
    ResponsesDoNotFit { reason: String },
    /// The attempts fetched several copies of the file without finishing
    /// it: the server breaks off every response and cannot resume.
    #[error(
        "fetched {fetched} bytes for a file of {total} bytes without finishing it: the server \
         keeps breaking off and does not resume; try again later or from another server"
    )]
    FetchedTooMuch { fetched: u64, total: u64 },
    /// More bytes are missing and no connection is left to fetch them.
    #[error("{missing} bytes are still missing and no connection is left")]
    BytesMissing { missing: u64 },
    /// A request header that is not valid HTTP (a hand-edited state file).
    #[error("the header {name:?} is not valid HTTP; add the transfer again with a valid one")]
    InvalidHeader { name: String },
    /// A file could not be written.
    #[error("cannot write {}: {cause}", path.display())]
    CannotWrite { path: PathBuf, cause: String },
    /// A file could not be read.
    #[error("cannot read {}: {cause}", path.display())]
    CannotRead { path: PathBuf, cause: String },
    /// The finished `.part` file could not take its final name.
    #[error("cannot move {} into place: {cause}", path.display())]
    CannotPublish { path: PathBuf, cause: String },
    /// No file name could be chosen in the folder.
    #[error("cannot choose a file name: {cause}")]
    FileName { cause: String },
    /// The file's SHA-256 is not the one asked for: it never gets the
    /// file's name; it is kept aside as `NAME.corrupt` (`kept`), or, when
    /// that failed, deleted.
    #[error(
        "checksum mismatch: expected SHA-256 {expected}, got {actual}; {}",
        match kept {
            Some(path) => format!(
                "the download was kept as {} (delete it, or check the checksum's source)",
                path.display()
            ),
            None => "nothing was kept".to_owned(),
        }
    )]
    ChecksumMismatch {
        expected: String,
        actual: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kept: Option<PathBuf>,
    },
    /// The server answered a status the transfer treats as recoverable: it
    /// waits for a new URL.
    #[error(
        "the server answered {status}; set a new URL (ferry set-url {transfer_id} URL) to resume"
    )]
    RecoverableStatus { status: u16, transfer_id: String },
    /// An upload's server points elsewhere; ferry sends a file only where
    /// it was told to.
    #[error(
        "the server answered {status} and points the upload to {location}; ferry does not \
         send a file to a place it was not given: upload to that URL"
    )]
    UploadRedirected { status: u16, location: String },
    /// What an upload was given to send is not a file.
    #[error("{} is not a file; ferry uploads files", path.display())]
    NotAFile { path: PathBuf },
    /// The file changed while it was sent (it is sent again).
    #[error("{} changed while it was sent; sending it again", path.display())]
    FileChanged { path: PathBuf },
    /// The `.part` file under the transfer's name is not the one ferry
    /// made (a link, another user's or another file): nothing was written
    /// through it, and the download starts over in a new file.
    #[error(
        "the .part file was replaced by one ferry did not make ({reason}); nothing was written \
         to it, and the download starts over in a new file"
    )]
    PartFileReplaced { reason: String },
    /// The attempt failed and the transfer tries again after a delay (at
    /// once: no delay is said).
    #[error("{cause}{}", retrying_in(*delay_secs))]
    Retrying {
        cause: Box<TransferError>,
        delay_secs: u64,
    },
    /// The network, the power supply or the schedule holds the transfer.
    #[error("{reason}")]
    Held { reason: String },
    /// The transfer's credentials or secret headers did not come back
    /// after a restart (ferry writes them only to the keyring, and no
    /// keyring answered or it had none): it waits for them.
    #[error(
        "its password, secret headers or cookies are not in the keyring (ferry writes them \
         nowhere else); give them again: ferry resume ID --user NAME, the window's \
         Credentials…, or the same ferry get with --user, -H or --cookies"
    )]
    SecretsMissing,
    /// A bug in ferry, in words.
    #[error("{cause}; a POST is not sent twice by ferry on its own: resume it to send it again")]
    PostNotRepeated { cause: Box<TransferError> },

    #[error("the server does not take resumable uploads (tus 1.0): {what}")]
    NotResumable { what: String },

    #[error(
        "the server refused a chunk {times} times for a wrong checksum; the network may corrupt data"
    )]
    ChecksumRefused { times: u32 },

    #[error("internal error: {what}")]
    Internal { what: String },
    /// Words from a state file of an earlier ferry, which kept them as text.
    #[error("{0}")]
    Other(String),
}

/// "; retrying in N s", or "" for a retry at once.
fn retrying_in(delay_secs: u64) -> String {
    match delay_secs {
        0 => String::new(),
        secs => format!("; retrying in {secs} s"),
    }
}

/// The canonical reason phrase, after a space ("" if unknown).
fn reason_of(status: u16) -> String {
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .map(|reason| format!(" {reason}"))
        .unwrap_or_default()
}

/// What to do about a status, after "; " ("" when nothing helps).
fn advice_for(status: u16) -> &'static str {
    match status {
        401 | 407 => "; give credentials (--user) or a header (-H)",
        403 => "; the link may have expired: set a new URL (ferry set-url)",
        404 | 410 => "; check the URL",
        _ => "",
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
        530 => {
            "the FTP server refused the login; give the user name with --user NAME (anonymous \
                was tried without one)"
        }
        550 => "no such file on the FTP server (or it may not be read)",
        421 => "the FTP server is closing the connection or has too many",
        425 | 426 => "the FTP server's data connection failed",
        450 | 451 => "the FTP server could not read the file just now",
        452 | 552 => "the FTP server ran out of room",
        _ => "the FTP server refused",
    };
    format!("{meaning} ({code} {reply})")
}

fn untrusted_certificate_hint(cause: &str, fingerprint: Option<&str>) -> String {
    let pin = fingerprint.map_or(String::new(), |fingerprint| {
        format!(
            "; its SHA-256 fingerprint is {fingerprint}: if that is your server's certificate \
             (compare it on the device), trust it for this host with --pin-cert {fingerprint} \
             or the window's Trust this certificate"
        )
    });
    if cause.contains("CaUsedAsEndEntity") {
        format!(
            "it is a self-made CA certificate used by the server itself, which --ca-cert \
             cannot make trusted; ferry always verifies certificates{pin}"
        )
    } else {
        format!(
            "ferry always verifies certificates (a private CA can be added with --ca-cert){pin}"
        )
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
