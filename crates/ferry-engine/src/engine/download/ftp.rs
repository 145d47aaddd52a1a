//! FTP as a source of a download's bytes (suppaftp over tokio): each share
//! is fetched on a control connection of its own (explicit TLS when asked,
//! with the trust HTTPS has; log in, binary, passive mode), after checking
//! that the file is still the version on disk (its SIZE and MDTM), with
//! REST at the share's start and RETR. The task reads
//! the file's facts once per attempt with [`FtpSource::facts`]; the bytes
//! go through the same `.part` file, checkpoints and publishing as HTTP's.

use std::sync::Arc;
use std::time::Duration;

use suppaftp::tokio::{
    AsyncRustlsConnector, AsyncRustlsFtpStream as AsyncFtpStream, AsyncRustlsStream,
};
use suppaftp::types::FileType;
use suppaftp::{FtpError, Mode, Status};
use tokio::io::AsyncRead;
use url::Url;

use crate::engine::net::request::AttemptFailure;
use crate::model::{Credentials, TransferError, Validator};

use super::connection::ShareBody;

/// The most one read of a data connection takes: large enough that a
/// fast local server is not read 4 KiB at a time.
const READ_CHUNK_BYTES: usize = 256 * 1024;

/// Where an FTP download's bytes come from.
#[derive(Clone)]
pub(crate) struct FtpSource {
    url: Url,
    /// The path on the server, percent-decoded.
    path: String,
    credentials: Option<Credentials>,
    connect_timeout: Duration,
    /// Explicit TLS (AUTH TLS) with this configuration; none: plain FTP.
    tls: Option<Arc<rustls::ClientConfig>>,
}

/// What the server says of the file: its size and modification time,
/// which together are the validator a resume must match.
pub(crate) struct FileFacts {
    pub size: u64,
    pub modified: String,
}

impl FileFacts {
    pub fn validator(&self) -> Validator {
        Validator::SizeAndModified {
            size: self.size,
            modified: self.modified.clone(),
        }
    }
}

/// Why a share could not be opened.
pub(super) enum ShareRefused {
    /// The file is not the version on disk: start over.
    Changed(String),
    Failed(AttemptFailure),
}

impl FtpSource {
    pub fn new(
        url: &Url,
        credentials: Option<&Credentials>,
        connect_timeout: Duration,
        tls: Option<Arc<rustls::ClientConfig>>,
    ) -> Self {
        let path = percent_encoding::percent_decode_str(url.path())
            .decode_utf8_lossy()
            .into_owned();
        FtpSource {
            url: url.clone(),
            path,
            credentials: credentials.cloned(),
            connect_timeout,
            tls,
        }
    }

    /// A logged-in control connection in binary mode, passive (EPSV).
    pub async fn connect(&self) -> Result<AsyncFtpStream, AttemptFailure> {
        let host = self.url.host_str().unwrap_or_default().to_owned();
        let domain = host.trim_matches(['[', ']']).to_owned();
        // ftps:// is TLS from the first byte (implicit), on port 990.
        let is_implicit = self.url.scheme() == "ftps";
        let port = self
            .url
            .port()
            .unwrap_or(if is_implicit { 990 } else { 21 });
        let address = tokio::net::lookup_host((domain.as_str(), port))
            .await
            .ok()
            .and_then(|mut addresses| addresses.next())
            .ok_or_else(|| {
                let error = FtpError::ConnectionError(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "the host name has no address",
                ));
                connect_failure(&host, port, &error)
            })?;
        let connector = self.tls.as_ref().map(|tls| {
            AsyncRustlsConnector::from(tokio_rustls::TlsConnector::from(Arc::clone(tls)))
        });
        let mut ftp = match (is_implicit, connector) {
            (true, Some(connector)) => {
                let connected = tokio::time::timeout(
                    self.connect_timeout,
                    AsyncFtpStream::connect_secure_implicit(address, connector, &domain),
                )
                .await
                .map_err(|_| {
                    let error = FtpError::ConnectionError(std::io::ErrorKind::TimedOut.into());
                    connect_failure(&host, port, &error)
                })?;
                let mut ftp = connected.map_err(|error| tls_failure(&host, port, &error))?;
                // What AUTH TLS would have set up: the data connections
                // are encrypted too.
                for command in ["PBSZ 0", "PROT P"] {
                    ftp.custom_command(command, &[Status::CommandOk])
                        .await
                        .map_err(|error| ftp_failure(&error))?;
                }
                ftp
            }
            (_, connector) => {
                let mut ftp = AsyncFtpStream::connect_timeout(address, self.connect_timeout)
                    .await
                    .map_err(|error| match error {
                        // The server answered, and said no (421: too many
                        // connections).
                        FtpError::UnexpectedResponse(_) => ftp_failure(&error),
                        error => connect_failure(&host, port, &error),
                    })?;
                if let Some(connector) = connector {
                    ftp = ftp
                        .into_secure(connector, &domain)
                        .await
                        .map_err(|error| tls_failure(&host, port, &error))?;
                }
                ftp
            }
        };
        let (user, password) = match &self.credentials {
            Some(credentials) => (
                credentials.user_name.as_str(),
                credentials.password.as_str(),
            ),
            None => ("anonymous", "ferry@"),
        };
        ftp.login(user, password)
            .await
            .map_err(|error| ftp_failure(&error))?;
        ftp.set_mode(Mode::ExtendedPassive);
        ftp.transfer_type(FileType::Binary)
            .await
            .map_err(|error| ftp_failure(&error))?;
        Ok(ftp)
    }

    /// The file's size and modification time. A path that names a folder
    /// is said to be one.
    pub async fn facts(&self, ftp: &mut AsyncFtpStream) -> Result<FileFacts, AttemptFailure> {
        let size = match ftp.size(&self.path).await {
            Ok(size) => size as u64,
            Err(error) => {
                if is_no_such_file(&error) && ftp.cwd(&self.path).await.is_ok() {
                    return Err(AttemptFailure::fatal(TransferError::Other(
                        "this is a folder on the FTP server; ferry downloads files".to_owned(),
                    )));
                }
                return Err(ftp_failure(&error));
            }
        };
        let modified = ftp
            .mdtm(&self.path)
            .await
            .map_err(|error| ftp_failure(&error))?
            .to_string();
        Ok(FileFacts { size, modified })
    }

    /// The bytes from `start` on, on `ftp` (whose facts were checked).
    pub async fn retrieve(
        &self,
        mut ftp: AsyncFtpStream,
        start: u64,
    ) -> Result<ShareBody, AttemptFailure> {
        let offset = usize::try_from(start)
            .map_err(|_| AttemptFailure::internal("an offset beyond the address space"))?;
        let data = match Self::rest_and_retr(&mut ftp, offset, &self.path).await {
            // A server that does not know EPSV: passive mode, the old way.
            Err(FtpError::UnexpectedResponse(response))
                if (500..=502).contains(&response.status.code()) =>
            {
                ftp.set_mode(Mode::Passive);
                Self::rest_and_retr(&mut ftp, offset, &self.path).await
            }
            retrieved => retrieved,
        }
        .map_err(|error| ftp_failure(&error))?;
        let body = Retrieval {
            _control: ftp,
            data,
        };
        Ok(Box::pin(futures_util::TryStreamExt::map_err(
            tokio_util::io::ReaderStream::with_capacity(body, READ_CHUNK_BYTES),
            |error| error.to_string(),
        )))
    }

    /// A share from `start` on a connection of its own, after checking the
    /// file is still `validator`'s version.
    pub(super) async fn open_share(
        &self,
        start: u64,
        validator: Option<&Validator>,
    ) -> Result<ShareBody, ShareRefused> {
        let mut ftp = self.connect().await.map_err(ShareRefused::Failed)?;
        let facts = self.facts(&mut ftp).await.map_err(ShareRefused::Failed)?;
        if validator != Some(&facts.validator()) {
            return Err(ShareRefused::Changed(
                "the file changed on the FTP server (its size or date)".to_owned(),
            ));
        }
        self.retrieve(ftp, start)
            .await
            .map_err(ShareRefused::Failed)
    }
}

impl FtpSource {
    async fn rest_and_retr(
        ftp: &mut AsyncFtpStream,
        offset: usize,
        path: &str,
    ) -> Result<suppaftp::tokio::TransferStream<AsyncRustlsStream>, FtpError> {
        if offset > 0 {
            ftp.resume_transfer(offset).await?;
        }
        ftp.retr_as_stream(path).await
    }
}

/// Whether `failure` is an FTP server's "too many connections" (421): a
/// download opens no more connections to it.
pub(super) fn is_too_many_connections(failure: &AttemptFailure) -> bool {
    matches!(failure.error, TransferError::Ftp { code: 421, .. })
}

/// A RETR's data connection, with the control connection it belongs to
/// kept open while it is read.
struct Retrieval {
    _control: AsyncFtpStream,
    data: suppaftp::tokio::TransferStream<AsyncRustlsStream>,
}

impl AsyncRead for Retrieval {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        context: &mut std::task::Context<'_>,
        buffer: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.data).poll_read(context, buffer)
    }
}

fn is_no_such_file(error: &FtpError) -> bool {
    matches!(error, FtpError::UnexpectedResponse(response) if response.status == Status::FileUnavailable)
}

/// Explicit TLS that did not come about: the server has none (a reply), or
/// its certificate is not trusted (said as HTTPS says it, with its
/// fingerprint to pin), or the handshake failed.
fn tls_failure(host: &str, port: u16, error: &FtpError) -> AttemptFailure {
    let cause = error.to_string();
    if let FtpError::UnexpectedResponse(_) = error {
        let mut failure = ftp_failure(error);
        failure.error = TransferError::Other(format!(
            "the FTP server did not start TLS ({}); --ftp-ssl needs a server that does",
            failure.error
        ));
        failure.is_retryable = false;
        return failure;
    }
    if cause.contains("certificate") {
        return AttemptFailure::fatal(crate::engine::tls::certificate_refusal(host, port, cause));
    }
    connect_failure(host, port, error)
}

fn connect_failure(host: &str, port: u16, error: &FtpError) -> AttemptFailure {
    AttemptFailure::retryable(TransferError::Connect {
        host: host.to_owned(),
        port,
        cause: error.to_string(),
    })
}

/// An FTP reply or failure in plain words, retried where waiting may help
/// (421 too many connections or closing, 425 and 426 data connection
/// trouble, a broken connection).
pub(crate) fn ftp_failure(error: &FtpError) -> AttemptFailure {
    let FtpError::UnexpectedResponse(response) = error else {
        return AttemptFailure::retryable(TransferError::Network {
            cause: error.to_string(),
        });
    };
    let code = response.status.code();
    // The body repeats the code: "550 /a.bin is not retrievable."
    let body = String::from_utf8_lossy(&response.body);
    let reply = body
        .trim()
        .trim_start_matches(&code.to_string())
        .trim()
        .to_owned();
    let failure = TransferError::Ftp {
        code: code as u16,
        reply,
    };
    match code {
        421 | 425 | 426 | 450 | 451 => AttemptFailure::retryable(failure),
        _ => AttemptFailure::fatal(failure),
    }
}
