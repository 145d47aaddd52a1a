//! A resumable upload (tus 1.0: core, creation, checksum, termination).
//! The server is asked what it speaks (`OPTIONS`), an upload is created
//! (`POST` with `Upload-Length`) and saved in the state before any byte
//! goes out, then the file goes in chunks (`PATCH` at the server's
//! `Upload-Offset`, each with an `Upload-Checksum`). After a lost
//! connection, a pause, a kill or a reboot, the server is asked where the
//! upload stands (`HEAD`) and it continues from there, never from a guess.
//! A file that changed on disk starts a new upload (the old one is
//! deleted); a cancel deletes it too.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

use base64::Engine as _;
use bytes::Bytes;
use futures_util::Stream;
use reqwest::header::{self, HeaderMap};
use sha1::Digest as _;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::engine::net::HttpClient;
use crate::engine::net::cookies::CookieJar;
use crate::engine::net::redirect::checked_move;
use crate::engine::net::request::{
    AttemptFailure, header_text, proxy_refusal, request_failure, response_info, status_failure,
    upload_headers,
};
use crate::engine::net::retry::backoff_delay;
use crate::engine::rate::Limits;
use crate::engine::task::{Outcome, Reporter, TaskReport};
use crate::model::{FileIdentity, ResumableUpload, TransferError, TransferSpec};

use super::UploadJob;

mod checksum;
mod file;

use super::put::{PIECE_BYTES, cannot_read, drain_answer, file_version};
use checksum::Checksum;
pub(crate) use file::file_identity;
use file::{chunk_pieces, has_file_changed, read_chunk};

const TUS_VERSION: &str = "1.0.0";
/// Chunks are 1/64 of the file, between these sizes: a chunk cut by an
/// interruption is sent again whole (the server cannot check a part of
/// it), so small files lose little, and large ones make few requests.
const SMALLEST_CHUNK: u64 = 1024 * 1024;
const LARGEST_CHUNK: u64 = 8 * 1024 * 1024;
/// The bytes at each end of the file that identify its version.
const EDGE_BYTES: u64 = 1024 * 1024;
/// A chunk refused this many times for its checksum fails the upload.
const MOST_CHECKSUM_REFUSALS: u32 = 3;
/// Answers in a row that take no byte (the same offset again, 409) before
/// the upload fails.
const MOST_ANSWERS_WITHOUT_PROGRESS: u32 = 4;

/// Runs the upload until the server has the whole file, it failed for
/// good, or it was stopped.
pub(crate) async fn run(job: UploadJob, reporter: Reporter, cancel: CancellationToken) -> Outcome {
    let source = match super::source_of(&job) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let mut upload = Tus {
        job: &job,
        file: &source.file,
        reporter: &reporter,
        cancel: &cancel,
        known: job.resumable.clone(),
    };
    super::run_attempts(&job, &reporter, &cancel, false, &mut upload).await
}

/// What the server said it speaks.
struct ServerTerms {
    checksum: Option<Checksum>,
    can_terminate: bool,
}

/// How a chunk's `PATCH` ended.
enum ChunkAnswer {
    /// The server has the bytes up to this offset.
    Offset(u64),
    /// The checksum did not match (460): send the chunk again.
    ChecksumRefused,
    /// The offset was not the server's (409): ask where it stands.
    Conflict,
    /// The upload is gone (404, 410): start a new one.
    Gone,
}

struct Tus<'a> {
    job: &'a UploadJob,
    file: &'a Path,
    reporter: &'a Reporter,
    cancel: &'a CancellationToken,
    /// The upload on the server this transfer uses, if one was created.
    known: Option<ResumableUpload>,
}

impl super::Attempt for Tus<'_> {
    fn attempt(
        &mut self,
        _restarted: bool,
    ) -> impl Future<Output = Result<Outcome, AttemptFailure>> + Send {
        self.continue_upload()
    }
}

impl Tus<'_> {
    /// Continues the upload where the server has it (or makes one).
    async fn continue_upload(&mut self) -> Result<Outcome, AttemptFailure> {
        let identity = file_identity(self.file).await?;
        let terms = self.server_terms().await?;
        let (upload, resumed_at, restarted) = match self.known.clone() {
            Some(known) if known.file == identity => {
                // A state file may have been edited: the same rules as a
                // fresh answer.
                checked_upload_url(&self.job.spec.url, known.upload_url.clone())?;
                match self.server_offset(&known.upload_url, identity.size).await? {
                    Some(offset) => (known, offset, false),
                    // Expired or deleted on the server: a new one.
                    None => (self.create(&identity).await?, 0, true),
                }
            }
            Some(stale) => {
                // The file changed: what the server has is of another
                // version. It is deleted and the file starts over.
                if terms.can_terminate {
                    self.terminate(&stale.upload_url).await;
                }
                (self.create(&identity).await?, 0, true)
            }
            None => (self.create(&identity).await?, 0, false),
        };
        if self.cancel.is_cancelled() {
            return Ok(Outcome::Stopped);
        }
        self.reporter
            .send(TaskReport::UploadStarted {
                total: identity.size,
                restarted,
                resumed_at,
            })
            .await;
        self.send_chunks(&upload, &identity, resumed_at, terms.checksum)
            .await
    }

    /// `OPTIONS`: the server speaks tus 1.0 with creation; which checksum
    /// to send, and whether uploads can be deleted.
    async fn server_terms(&self) -> Result<ServerTerms, AttemptFailure> {
        let url = &self.job.spec.url;
        let request = self
            .request(reqwest::Method::OPTIONS, url)?
            .build()
            .map_err(|error| cannot_build(&error))?;
        let response = self.send(request).await?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let versions = header_text(headers, header_name("tus-version"));
        let speaks_tus = versions.is_some_and(|versions| {
            versions
                .split(',')
                .any(|version| version.trim() == TUS_VERSION)
        });
        if !speaks_tus {
            if (500..600).contains(&status) || matches!(status, 408 | 429) {
                return Err(status_failure(status, headers));
            }
            return Err(not_resumable(match versions {
                Some(versions) => format!("it speaks tus {versions}, not {TUS_VERSION}"),
                None => format!("OPTIONS {url} answered {status} without a Tus-Version header"),
            }));
        }
        let extensions: Vec<String> = header_text(headers, header_name("tus-extension"))
            .unwrap_or_default()
            .split(',')
            .map(|extension| extension.trim().to_ascii_lowercase())
            .collect();
        let has = |extension: &str| extensions.iter().any(|listed| listed == extension);
        if !has("creation") {
            return Err(not_resumable(
                "it does not offer the creation extension (Tus-Extension: creation)".to_owned(),
            ));
        }
        if let Some(largest) =
            header_text(headers, header_name("tus-max-size")).and_then(|text| text.parse().ok())
        {
            let size = file_version(self.file).await?.length;
            if size > largest {
                return Err(AttemptFailure::fatal(TransferError::NotResumable {
                    what: format!("it takes files up to {largest} bytes; this one has {size}"),
                }));
            }
        }
        let checksum = if has("checksum") {
            header_text(headers, header_name("tus-checksum-algorithm")).and_then(Checksum::choose)
        } else {
            None
        };
        Ok(ServerTerms {
            checksum,
            can_terminate: has("termination"),
        })
    }

    /// `POST` (creation): a new upload for the file, saved in the state
    /// before it is used.
    async fn create(&mut self, identity: &FileIdentity) -> Result<ResumableUpload, AttemptFailure> {
        let url = &self.job.spec.url;
        let name = self
            .file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let metadata = format!(
            "filename {}",
            base64::engine::general_purpose::STANDARD.encode(name.as_bytes())
        );
        let request = self
            .request(reqwest::Method::POST, url)?
            .header("Upload-Length", identity.size)
            .header("Upload-Metadata", metadata)
            .header(header::CONTENT_LENGTH, 0)
            .build()
            .map_err(|error| cannot_build(&error))?;
        let response = self.send(request).await?;
        let status = response.status().as_u16();
        if status != 201 {
            self.report_answer(url, &response).await;
            return Err(if (200..300).contains(&status) {
                not_resumable(format!("creating an upload answered {status}, not 201"))
            } else {
                status_failure(status, response.headers())
            });
        }
        let location = header_text(response.headers(), header::LOCATION)
            .ok_or_else(|| not_resumable("its creation answer has no Location".to_owned()))?;
        let upload_url = url.join(location).map_err(|error| {
            not_resumable(format!(
                "its upload address {location:?} is not a URL: {error}"
            ))
        })?;
        let upload_url = checked_upload_url(url, upload_url)?;
        let upload = ResumableUpload {
            upload_url,
            file: identity.clone(),
            offset: 0,
        };
        let (durable_ack, saved) = oneshot::channel();
        self.reporter
            .send(TaskReport::ResumableCreated {
                upload: Box::new(upload.clone()),
                durable_ack,
            })
            .await;
        tokio::select! {
            () = self.cancel.cancelled() => {}
            _ = saved => {}
        }
        self.known = Some(upload.clone());
        Ok(upload)
    }

    /// `HEAD`: the server's offset of the upload, or `None` when it is
    /// gone (expired, deleted).
    async fn server_offset(
        &mut self,
        upload_url: &Url,
        total: u64,
    ) -> Result<Option<u64>, AttemptFailure> {
        let request = self
            .request(reqwest::Method::HEAD, upload_url)?
            .build()
            .map_err(|error| cannot_build(&error))?;
        let response = self.send(request).await?;
        let status = response.status().as_u16();
        if matches!(status, 403 | 404 | 410) {
            self.known = None;
            return Ok(None);
        }
        if !(200..300).contains(&status) {
            return Err(status_failure(status, response.headers()));
        }
        let offset = offset_of(response.headers())?;
        if offset > total {
            return Err(not_resumable(format!(
                "it says it has {offset} bytes of a file of {total}"
            )));
        }
        Ok(Some(offset))
    }

    /// `DELETE` (termination) of an upload not wanted any more; a server
    /// that refuses only leaves it to expire.
    async fn terminate(&self, upload_url: &Url) {
        terminate(&self.job.client, &self.job.spec, upload_url).await;
    }

    /// Sends the file from `offset` in checked chunks.
    async fn send_chunks(
        &mut self,
        upload: &ResumableUpload,
        identity: &FileIdentity,
        mut offset: u64,
        checksum: Option<Checksum>,
    ) -> Result<Outcome, AttemptFailure> {
        let total = identity.size;
        let chunk_size = (total / 64).clamp(SMALLEST_CHUNK, LARGEST_CHUNK);
        let mut file = tokio::fs::File::open(self.file)
            .await
            .map_err(|error| cannot_read(self.file, &error))?;
        let mut refusals = 0;
        // Answers in a row that took no byte (the same offset, 409 again
        // and again): bounded, with a pause between them.
        let mut answers_without_progress = 0;
        let mut last_answer = None;
        while offset < total {
            if self.cancel.is_cancelled() {
                return Ok(Outcome::Stopped);
            }
            if answers_without_progress > 0 {
                if answers_without_progress > MOST_ANSWERS_WITHOUT_PROGRESS {
                    return Err(not_resumable(format!(
                        "it took no byte after {answers_without_progress} chunks at offset {offset}"
                    )));
                }
                let delay = backoff_delay(
                    answers_without_progress - 1,
                    None,
                    self.job.config.retry_base_delay,
                    self.job.config.retry_max_delay,
                );
                tokio::select! {
                    () = self.cancel.cancelled() => return Ok(Outcome::Stopped),
                    () = tokio::time::sleep(delay) => {}
                }
            }
            let length = chunk_size.min(total - offset);
            let chunk = read_chunk(&mut file, self.file, offset, length).await?;
            // A file that changed under the upload would send a mix.
            if has_file_changed(self.file, identity).await? {
                return Err(changed(self.file));
            }
            let (answer, response) = self
                .patch(&upload.upload_url, offset, chunk, checksum)
                .await?;
            match answer {
                ChunkAnswer::Offset(confirmed) => {
                    refusals = 0;
                    if confirmed > offset {
                        answers_without_progress = 0;
                    } else {
                        answers_without_progress += 1;
                    }
                    offset = confirmed;
                    self.reporter
                        .send(TaskReport::ResumableOffset { offset })
                        .await;
                    self.reporter
                        .send(TaskReport::Sent { bytes_sent: offset })
                        .await;
                    last_answer = response;
                }
                ChunkAnswer::ChecksumRefused => {
                    refusals += 1;
                    if refusals >= MOST_CHECKSUM_REFUSALS {
                        return Err(AttemptFailure::fatal(TransferError::ChecksumRefused {
                            times: refusals,
                        }));
                    }
                }
                ChunkAnswer::Conflict => {
                    answers_without_progress += 1;
                    match self.server_offset(&upload.upload_url, total).await? {
                        Some(server_offset) => offset = server_offset,
                        None => return Err(gone()),
                    }
                }
                ChunkAnswer::Gone => {
                    self.known = None;
                    return Err(gone());
                }
            }
        }
        if let Some(response) = last_answer {
            self.report_answer(&upload.upload_url, &response).await;
            let _ =
                tokio::time::timeout(self.job.config.stall_timeout, drain_answer(response)).await;
        }
        Ok(Outcome::Uploaded)
    }

    /// One `PATCH` of `chunk` at `offset`, reporting progress as it goes.
    async fn patch(
        &self,
        upload_url: &Url,
        offset: u64,
        chunk: Bytes,
        checksum: Option<Checksum>,
    ) -> Result<(ChunkAnswer, Option<reqwest::Response>), AttemptFailure> {
        let length = chunk.len() as u64;
        let mut request = self
            .request(reqwest::Method::PATCH, upload_url)?
            .header("Upload-Offset", offset)
            .header(header::CONTENT_TYPE, "application/offset+octet-stream")
            .header(header::CONTENT_LENGTH, length);
        if let Some(checksum) = checksum {
            request = request.header("Upload-Checksum", checksum.header_value(&chunk));
        }
        let sent = Arc::new(AtomicU64::new(0));
        let body = reqwest::Body::wrap_stream(chunk_pieces(
            chunk,
            Arc::clone(&sent),
            self.job.limits.clone(),
        ));
        let request = request
            .body(body)
            .build()
            .map_err(|error| cannot_build(&error))?;
        let host_slot = tokio::select! {
            () = self.cancel.cancelled() => return Err(stopped()),
            slot = self.job.host_slots.acquire(upload_url) => slot,
        };
        let response = tokio::select! {
            biased;
            () = self.cancel.cancelled() => return Err(stopped()),
            response = super::send_watching(self.job, self.reporter, request, &sent, length, offset) => response?,
        };
        drop(host_slot);
        let status = response.status().as_u16();
        let answer = match status {
            200..=299 => {
                let confirmed = offset_of(response.headers())?;
                if confirmed < offset || confirmed > offset + length {
                    return Err(not_resumable(format!(
                        "it confirmed offset {confirmed} after a chunk of {length} bytes at {offset}"
                    )));
                }
                return Ok((ChunkAnswer::Offset(confirmed), Some(response)));
            }
            460 => ChunkAnswer::ChecksumRefused,
            409 => ChunkAnswer::Conflict,
            404 | 410 => ChunkAnswer::Gone,
            _ => return Err(status_failure(status, response.headers())),
        };
        Ok((answer, None))
    }

    /// A request with the tus header and the user's headers (credentials
    /// go to the origin the user gave only).
    fn request(
        &self,
        method: reqwest::Method,
        url: &Url,
    ) -> Result<reqwest::RequestBuilder, AttemptFailure> {
        Ok(self
            .job
            .client
            .http()
            .request(method, url.clone())
            .header("Tus-Resumable", TUS_VERSION)
            .headers(upload_headers(
                &self.job.spec,
                &self.job.cookies,
                url,
                &["content-length", "content-type", "upload-offset"],
            )?))
    }

    /// Sends a request without a body to watch, within the response
    /// timeout; a cancel stops it.
    async fn send(&self, request: reqwest::Request) -> Result<reqwest::Response, AttemptFailure> {
        let url = request.url().clone();
        let timeout = self.job.config.response_timeout;
        tokio::select! {
            biased;
            () = self.cancel.cancelled() => Err(stopped()),
            answered = tokio::time::timeout(timeout, self.job.client.http().execute(request)) => match answered {
                Ok(answered) => {
                    let response = answered.map_err(|error| request_failure(&error, &url, &self.job.client))?;
                    match proxy_refusal(&self.job.client, &url, &response) {
                        Some(refusal) => Err(refusal),
                        None => Ok(response),
                    }
                }
                Err(_) => Err(AttemptFailure::retryable(TransferError::NoResponse {
                    url: url.to_string(),
                    timeout_secs: timeout.as_secs(),
                })),
            },
        }
    }

    /// Keeps the server's answer as the transfer's response.
    async fn report_answer(&self, url: &Url, response: &reqwest::Response) {
        let info = response_info(url, response.status().as_u16(), response.headers());
        self.reporter
            .send(TaskReport::ResponseOnly {
                info: Box::new(info),
            })
            .await;
    }
}

/// `DELETE` of a resumable upload (a cancel, or a file that changed),
/// best effort within a short time: a server that does not answer lets
/// the upload expire.
pub(crate) async fn terminate(client: &HttpClient, spec: &TransferSpec, upload_url: &Url) {
    let cookies = CookieJar::of(spec);
    let Ok(headers) = upload_headers(spec, &cookies, upload_url, &[]) else {
        return;
    };
    let request = client
        .http()
        .delete(upload_url.clone())
        .header("Tus-Resumable", TUS_VERSION)
        .headers(headers)
        .send();
    match tokio::time::timeout(std::time::Duration::from_secs(10), request).await {
        Ok(Ok(response)) => {
            tracing::info!(url = %upload_url, status = response.status().as_u16(), "resumable upload deleted")
        }
        Ok(Err(error)) => {
            tracing::info!(url = %upload_url, %error, "cannot delete the resumable upload")
        }
        Err(_) => tracing::info!(url = %upload_url, "no answer to the upload's deletion"),
    }
}

/// The `Upload-Offset` of an answer.
fn offset_of(headers: &HeaderMap) -> Result<u64, AttemptFailure> {
    header_text(headers, header_name("upload-offset"))
        .and_then(|text| text.trim().parse().ok())
        .ok_or_else(|| not_resumable("its answer has no Upload-Offset".to_owned()))
}

fn header_name(name: &'static str) -> header::HeaderName {
    header::HeaderName::from_static(name)
}

fn not_resumable(what: String) -> AttemptFailure {
    AttemptFailure::fatal(TransferError::NotResumable { what })
}

/// `upload_url`, the address a server gave for an upload to `url`, when a
/// file may go there: http or https, never from https to plain http. (The
/// user's credentials go to `url`'s origin only, wherever the upload is.)
fn checked_upload_url(url: &Url, upload_url: Url) -> Result<Url, AttemptFailure> {
    checked_move(url, upload_url).map_err(|error| {
        AttemptFailure::fatal(TransferError::Redirect {
            reason: format!("the server's address for the upload: {error}"),
        })
    })
}

fn changed(path: &Path) -> AttemptFailure {
    AttemptFailure::retryable(TransferError::FileChanged {
        path: path.to_owned(),
    })
}

/// The upload is gone from the server: the next attempt makes a new one.
fn gone() -> AttemptFailure {
    AttemptFailure::retryable(TransferError::Other(
        "the server no longer has the upload; starting a new one".to_owned(),
    ))
}

/// A cancel during a request: the attempt ends; the caller sees the
/// token and stops.
fn stopped() -> AttemptFailure {
    AttemptFailure::retryable(TransferError::Other("stopped".to_owned()))
}

fn cannot_build(error: &reqwest::Error) -> AttemptFailure {
    AttemptFailure::internal(format!("cannot make the request: {error}"))
}
