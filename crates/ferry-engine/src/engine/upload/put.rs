//! One upload: the file streamed as the body of a PUT or POST, each piece
//! drawn from the speed limits before it goes out, with progress reported,
//! failures retried with backoff (each attempt sends the file from its first
//! byte) and the server's answer kept as the transfer's response.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_util::Stream;
use reqwest::header;
use tokio::io::AsyncReadExt;
use tokio_util::sync::CancellationToken;

use crate::engine::net::redirect::is_redirect;
use crate::engine::net::request::{
    AttemptFailure, header_text, response_info, status_failure, upload_headers,
};
use crate::engine::rate::Limits;
use crate::engine::task::{Outcome, Reporter, TaskReport};
use crate::model::{TransferError, UploadMethod, UploadSource};

use super::multipart::Form;

use super::UploadJob;

/// How often progress is reported to the engine.
pub(super) const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);
/// The most bytes read from the file (and drawn from the limits) at once.
pub(super) const PIECE_BYTES: u64 = 16 * 1024;
/// The most bytes of a server's answer read (and thrown away) so the
/// connection can serve the next request.
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// Runs the upload until the server accepted the file, it failed for good,
/// paused on a recoverable status, or was cancelled.
pub(crate) async fn run(job: UploadJob, reporter: Reporter, cancel: CancellationToken) -> Outcome {
    let source = match super::source_of(&job) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let mut upload = Upload {
        job: &job,
        source: &source,
        reporter: &reporter,
        cancel: &cancel,
    };
    let restarted = job.sent_before > 0;
    super::run_attempts(&job, &reporter, &cancel, restarted, &mut upload).await
}

struct Upload<'a> {
    job: &'a UploadJob,
    source: &'a UploadSource,
    reporter: &'a Reporter,
    cancel: &'a CancellationToken,
}

impl super::Attempt for Upload<'_> {
    fn attempt(
        &mut self,
        restarted: bool,
    ) -> impl Future<Output = Result<Outcome, AttemptFailure>> + Send {
        self.send_whole(restarted)
    }
}

impl Upload<'_> {
    /// Sends the whole file (or form) once and judges the answer.
    async fn send_whole(&self, restarted: bool) -> Result<Outcome, AttemptFailure> {
        let payload = Payload::prepare(self.source).await?;
        let total = payload.total();
        self.reporter
            .send(TaskReport::UploadStarted {
                total,
                restarted,
                resumed_at: 0,
            })
            .await;
        let host_slot = tokio::select! {
            () = self.cancel.cancelled() => return Ok(Outcome::Stopped),
            slot = self.job.host_slots.acquire(&self.job.spec.url) => slot,
        };
        let sent = Arc::new(AtomicU64::new(0));
        let (body, content_type, check) =
            payload.into_body(Arc::clone(&sent), self.job.limits.clone());
        let request = self.build(total, body, &content_type)?;
        let response = tokio::select! {
            biased;
            () = self.cancel.cancelled() => return Ok(Outcome::Stopped),
            response = super::send_watching(self.job, self.reporter, request, &sent, total, 0) => response?,
        };
        drop(host_slot);
        let status_code = response.status().as_u16();
        let headers = response.headers().clone();
        let url = &self.job.spec.url;
        let mut info = response_info(url, status_code, &headers);
        // The answer is read to its end (so the connection can serve
        // again), and kept when it is short text.
        info.body_text = tokio::time::timeout(self.job.config.stall_timeout, read_answer(response))
            .await
            .ok()
            .flatten();
        self.reporter
            .send(TaskReport::ResponseOnly {
                info: Box::new(info),
            })
            .await;
        if self.job.spec.recoverable_statuses.contains(&status_code) {
            return Ok(Outcome::PausedRecoverable { status_code });
        }
        if is_redirect(status_code) {
            let location = header_text(&headers, header::LOCATION).unwrap_or("?");
            return Err(AttemptFailure::fatal(TransferError::UploadRedirected {
                status: status_code,
                location: location.to_owned(),
            }));
        }
        if !(200..300).contains(&status_code) {
            return Err(status_failure(status_code, &headers));
        }
        if let Some(path) = check.changed_file().await? {
            return Err(AttemptFailure::retryable(TransferError::FileChanged {
                path,
            }));
        }
        self.reporter
            .send(TaskReport::Sent { bytes_sent: total })
            .await;
        Ok(Outcome::Uploaded)
    }

    /// The request, with the user's headers and credentials (sent to the
    /// URL the user gave only: uploads follow no redirect).
    fn build(
        &self,
        total: u64,
        body: reqwest::Body,
        content_type: &str,
    ) -> Result<reqwest::Request, AttemptFailure> {
        let spec = &self.job.spec;
        let method = match self.source.method {
            UploadMethod::Put => reqwest::Method::PUT,
            UploadMethod::Post | UploadMethod::Multipart => reqwest::Method::POST,
            UploadMethod::Resumable => {
                return Err(AttemptFailure::internal(
                    "a resumable upload sent as a plain body",
                ));
            }
        };
        let mut request = self
            .job
            .client
            .http()
            .request(method, spec.url.clone())
            .header(header::CONTENT_LENGTH, total);
        // A form's Content-Type carries its boundary: the user's cannot
        // replace it.
        let is_form = self.source.method == UploadMethod::Multipart;
        let has_content_type = spec
            .request_headers
            .iter()
            .any(|pair| pair.name.eq_ignore_ascii_case("content-type"));
        if is_form || !has_content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let owned: &[&str] = if is_form {
            &["content-length", "content-type"]
        } else {
            &["content-length"]
        };
        request
            .headers(upload_headers(spec, &self.job.cookies, &spec.url, owned)?)
            .body(body)
            .build()
            .map_err(|error| AttemptFailure::internal(format!("cannot make the request: {error}")))
    }
}

/// What an attempt sends: one file, or a multipart form.
enum Payload {
    File {
        path: PathBuf,
        file: tokio::fs::File,
        version: FileVersion,
    },
    Form(Form),
}

/// What is checked once the server answered: no file changed meanwhile.
enum ChangeCheck {
    File { path: PathBuf, version: FileVersion },
    Form(Vec<(PathBuf, FileVersion)>),
}

impl ChangeCheck {
    /// The file that changed since the attempt began, if one did.
    async fn changed_file(&self) -> Result<Option<PathBuf>, AttemptFailure> {
        let files: Vec<(&PathBuf, &FileVersion)> = match self {
            ChangeCheck::File { path, version } => vec![(path, version)],
            ChangeCheck::Form(files) => files
                .iter()
                .map(|(path, version)| (path, version))
                .collect(),
        };
        for (path, version) in files {
            if file_version(path).await? != *version {
                return Ok(Some(path.clone()));
            }
        }
        Ok(None)
    }
}

impl Payload {
    async fn prepare(source: &UploadSource) -> Result<Payload, AttemptFailure> {
        if source.method == UploadMethod::Multipart {
            return Ok(Payload::Form(Form::prepare(&source.parts).await?));
        }
        let path = source.file.clone();
        let version = file_version(&path).await?;
        let file = tokio::fs::File::open(&path)
            .await
            .map_err(|error| cannot_read(&path, &error))?;
        Ok(Payload::File {
            path,
            file,
            version,
        })
    }

    fn total(&self) -> u64 {
        match self {
            Payload::File { version, .. } => version.length,
            Payload::Form(form) => form.total,
        }
    }

    /// The request body, its Content-Type, and what to check after.
    fn into_body(
        self,
        sent: Arc<AtomicU64>,
        limits: Limits,
    ) -> (reqwest::Body, String, ChangeCheck) {
        match self {
            Payload::File {
                path,
                file,
                version,
            } => {
                let body =
                    reqwest::Body::wrap_stream(file_pieces(file, version.length, sent, limits));
                (
                    body,
                    "application/octet-stream".to_owned(),
                    ChangeCheck::File { path, version },
                )
            }
            Payload::Form(form) => {
                let content_type = form.content_type();
                let files = form.files();
                (
                    reqwest::Body::wrap_stream(form.body(sent, limits)),
                    content_type,
                    ChangeCheck::Form(files),
                )
            }
        }
    }
}

/// The file's length and modification time: a file that changed while it
/// was sent is sent again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct FileVersion {
    pub length: u64,
    pub modified: Option<SystemTime>,
}

pub(super) async fn file_version(path: &Path) -> Result<FileVersion, AttemptFailure> {
    let metadata = tokio::fs::metadata(path)
        .await
        .map_err(|error| cannot_read(path, &error))?;
    if !metadata.is_file() {
        return Err(AttemptFailure::fatal(TransferError::NotAFile {
            path: path.to_owned(),
        }));
    }
    Ok(FileVersion {
        length: metadata.len(),
        modified: metadata.modified().ok(),
    })
}

pub(super) fn cannot_read(path: &Path, error: &io::Error) -> AttemptFailure {
    AttemptFailure::fatal(TransferError::CannotRead {
        path: path.to_owned(),
        cause: error.to_string(),
    })
}

/// How much of a file is read at once. Reads go through tokio's blocking
/// pool: reading a piece at a time made a round trip per 16 KiB, which
/// cost more CPU than sending the bytes.
const READ_BYTES: u64 = 1024 * 1024;

/// A file read in blocks of [`READ_BYTES`] and handed out in pieces of at
/// most [`PIECE_BYTES`] (the granularity of the speed limits).
pub(super) struct FilePieces {
    file: tokio::fs::File,
    /// Bytes still to read from the file.
    left: u64,
    block: Bytes,
}

impl FilePieces {
    pub fn new(file: tokio::fs::File, length: u64) -> Self {
        FilePieces {
            file,
            left: length,
            block: Bytes::new(),
        }
    }

    /// The next piece, `None` at the end; a file that ends before its
    /// length is an error (the length was announced).
    pub async fn next_piece(&mut self) -> io::Result<Option<Bytes>> {
        if self.block.is_empty() {
            if self.left == 0 {
                return Ok(None);
            }
            let wanted = usize::try_from(self.left.min(READ_BYTES)).unwrap_or(0);
            let mut block = vec![0_u8; wanted];
            let mut filled = 0;
            while filled < wanted {
                let read = self.file.read(&mut block[filled..]).await?;
                if read == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the file got shorter while it was sent",
                    ));
                }
                filled += read;
            }
            self.left -= wanted as u64;
            self.block = Bytes::from(block);
        }
        let length = self.block.len().min(PIECE_BYTES as usize);
        Ok(Some(self.block.split_to(length)))
    }
}

/// The file as a stream of pieces, each let through by the speed limits
/// first and counted in `sent`.
fn file_pieces(
    file: tokio::fs::File,
    total: u64,
    sent: Arc<AtomicU64>,
    limits: Limits,
) -> impl Stream<Item = io::Result<Bytes>> + Send + 'static {
    futures_util::stream::try_unfold(
        (FilePieces::new(file, total), sent, limits),
        |(mut pieces, sent, limits)| async move {
            let Some(piece) = pieces.next_piece().await? else {
                return Ok(None);
            };
            limits.consume(piece.len()).await;
            sent.fetch_add(piece.len() as u64, Ordering::Relaxed);
            Ok(Some((piece, (pieces, sent, limits))))
        },
    )
}

/// The longest answer kept as text.
const KEPT_ANSWER_BYTES: usize = 4096;

/// Reads the server's answer to its end (at most [`MAX_ANSWER_BYTES`]), so
/// the connection can be used again; returns it when it is short text.
async fn read_answer(mut response: reqwest::Response) -> Option<String> {
    let is_text = header_text(response.headers(), header::CONTENT_TYPE).is_some_and(|value| {
        let essence = value.split(';').next().unwrap_or_default().trim();
        essence.starts_with("text/")
            || essence.ends_with("json")
            || essence.ends_with("xml")
            || essence == "application/x-www-form-urlencoded"
    });
    let mut kept = Vec::new();
    let mut read = 0;
    while read < MAX_ANSWER_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                read += chunk.len();
                if kept.len() <= KEPT_ANSWER_BYTES {
                    kept.extend_from_slice(&chunk);
                }
            }
            Ok(None) | Err(_) => break,
        }
    }
    (is_text && !kept.is_empty() && kept.len() <= KEPT_ANSWER_BYTES)
        .then(|| String::from_utf8(kept).ok())
        .flatten()
        .map(|text| text.trim().to_owned())
}

/// Reads the server's answer to its end (at most [`MAX_ANSWER_BYTES`]), so
/// the connection can be used again; what it says is not kept.
pub(super) async fn drain_answer(mut response: reqwest::Response) {
    let mut read = 0;
    while read < MAX_ANSWER_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => read += chunk.len(),
            Ok(None) | Err(_) => return,
        }
    }
}
