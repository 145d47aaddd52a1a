//! One HTTP(S) download: request (following redirects by hand), check the
//! response against the bytes on disk, stream the body into the `.part` file,
//! retry what can be retried, and publish the file under its final name.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use futures_util::StreamExt;
use reqwest::header::{self, HeaderMap};
use sha2::{Digest, Sha256};
use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;
use url::Url;

use super::filename::{name_from_content_disposition, name_from_url, numbered_name, part_path};
use super::part_file::{PartFile, PendingSync};
use super::redirect::{is_redirect, is_same_origin, may_cross_origin, next_hop};
use super::resume::{RangeAsk, ResponseFacts, Verdict, judge, validator_of};
use super::retry::{backoff_delay, parse_retry_after};
use super::{DownloadJob, Outcome, Reporter, TaskReport, error_chain};
use crate::model::{Destination, ResponseInfo, Validator};

/// A checkpoint is taken at least this often by size (and every
/// `checkpoint_interval` by time), so a crash loses little even on fast links.
const CHECKPOINT_BYTES: u64 = 64 * 1024 * 1024;
/// How often progress is reported to the engine.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);
/// Responses thrown away in a row (bad ranges, 416) before giving up.
const MAX_DISCARDS_IN_A_ROW: u32 = 3;
/// User headers ferry sets itself.
const HEADERS_OWNED_BY_FERRY: [&str; 3] = ["accept-encoding", "range", "if-range"];

/// Runs the download until it completes, fails for good, pauses on a
/// recoverable status, or is cancelled.
pub(crate) async fn run(
    job: DownloadJob,
    reporter: Reporter,
    cancel: CancellationToken,
) -> Outcome {
    let mut download = HttpDownload {
        offset: job.durable_end,
        validator: job.validator.clone(),
        total: job.total,
        file_path: job.file_path.clone(),
        restart_pending: false,
        attempt_made_progress: false,
        job,
        reporter,
        cancel,
    };
    download.run().await
}

struct HttpDownload {
    job: DownloadJob,
    reporter: Reporter,
    cancel: CancellationToken,
    /// Bytes `[0, offset)` of the `.part` file are this version's.
    offset: u64,
    validator: Option<Validator>,
    total: Option<u64>,
    file_path: Option<PathBuf>,
    /// The next accepted response replaces bytes that were on disk.
    restart_pending: bool,
    attempt_made_progress: bool,
}

/// How an attempt that did not fail ended.
enum AttemptEnd {
    /// The body arrived whole.
    BodyComplete,
    Stopped,
    Recoverable(u16),
    /// The response did not fit the bytes on disk and was thrown away.
    Discarded(String),
}

/// A failed attempt.
struct AttemptFailure {
    message: String,
    is_retryable: bool,
    retry_after: Option<Duration>,
}

impl AttemptFailure {
    fn retryable(message: impl Into<String>) -> Self {
        AttemptFailure {
            message: message.into(),
            is_retryable: true,
            retry_after: None,
        }
    }

    fn fatal(message: impl Into<String>) -> Self {
        AttemptFailure {
            message: message.into(),
            is_retryable: false,
            retry_after: None,
        }
    }
}

impl HttpDownload {
    async fn run(&mut self) -> Outcome {
        if let Some(outcome) = self.already_published().await {
            return outcome;
        }
        if let Err(message) = self.reconcile_part_file().await {
            return Outcome::Failed(message);
        }
        if self.total.is_some_and(|total| total == self.offset) && self.offset > 0 {
            // Every byte was already durable (stopped before the rename).
            return self.finish().await;
        }
        let mut retry_index = 0;
        let mut discards_in_a_row = 0;
        loop {
            if self.cancel.is_cancelled() {
                return Outcome::Stopped;
            }
            self.attempt_made_progress = false;
            match self.attempt().await {
                Ok(AttemptEnd::BodyComplete) => return self.finish().await,
                Ok(AttemptEnd::Stopped) => return Outcome::Stopped,
                Ok(AttemptEnd::Recoverable(status_code)) => {
                    return Outcome::PausedRecoverable { status_code };
                }
                Ok(AttemptEnd::Discarded(reason)) => {
                    discards_in_a_row += 1;
                    if discards_in_a_row > MAX_DISCARDS_IN_A_ROW {
                        return Outcome::Failed(format!(
                            "the server keeps sending responses that do not fit ({reason}); \
                             nothing was written from them"
                        ));
                    }
                    tracing::warn!(transfer_id = %self.reporter.transfer_id, %reason, "discarded a response; starting over from zero");
                    self.forget_bytes_on_disk();
                }
                Err(failure) => {
                    if self.attempt_made_progress {
                        retry_index = 0;
                        discards_in_a_row = 0;
                    }
                    if !failure.is_retryable || retry_index >= self.job.config.max_retries {
                        return Outcome::Failed(failure.message);
                    }
                    let delay = backoff_delay(
                        retry_index,
                        failure.retry_after,
                        self.job.config.retry_base_delay,
                        self.job.config.retry_max_delay,
                    );
                    retry_index += 1;
                    self.reporter
                        .send(TaskReport::Retrying {
                            delay,
                            error: failure.message,
                        })
                        .await;
                    tokio::select! {
                        () = self.cancel.cancelled() => return Outcome::Stopped,
                        () = tokio::time::sleep(delay) => {}
                    }
                }
            }
        }
    }

    /// A crash between publishing the file and saving `Completed` leaves the
    /// final file in place, no `.part`, and every byte recorded as durable:
    /// that transfer is complete, not to be downloaded again.
    async fn already_published(&self) -> Option<Outcome> {
        let file_path = self.file_path.as_ref()?;
        let total = self.total?;
        if self.offset != total {
            return None;
        }
        if tokio::fs::symlink_metadata(part_path(file_path))
            .await
            .is_ok()
        {
            return None;
        }
        let metadata = tokio::fs::metadata(file_path).await.ok()?;
        if !metadata.is_file() || metadata.len() != total {
            return None;
        }
        if let Some(expected) = &self.job.spec.sha256 {
            let actual = sha256_of(file_path).await.ok()?;
            if !actual.eq_ignore_ascii_case(expected) {
                return None;
            }
        }
        Some(Outcome::Completed {
            final_path: file_path.clone(),
        })
    }

    /// Makes the `.part` file and the recorded offset agree: bytes past the
    /// last checkpoint are cut (they were never recorded as durable), and a
    /// missing or shorter file lowers the offset.
    async fn reconcile_part_file(&mut self) -> Result<(), String> {
        let Some(file_path) = &self.file_path else {
            self.offset = 0;
            return Ok(());
        };
        let part = part_path(file_path);
        let length = match tokio::fs::metadata(&part).await {
            Ok(metadata) => metadata.len(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => 0,
            Err(error) => return Err(format!("cannot read {}: {error}", part.display())),
        };
        if length < self.offset {
            tracing::warn!(transfer_id = %self.reporter.transfer_id, length, offset = self.offset, "the .part file is shorter than recorded");
            self.offset = length;
        }
        Ok(())
    }

    fn forget_bytes_on_disk(&mut self) {
        if self.offset > 0 || self.validator.is_some() {
            self.restart_pending = true;
        }
        self.offset = 0;
        self.validator = None;
        self.total = None;
    }

    async fn attempt(&mut self) -> Result<AttemptEnd, AttemptFailure> {
        if self.offset > 0 && self.validator.is_none() {
            // Without a validator a resume could splice two versions.
            self.forget_bytes_on_disk();
        }
        let ask_offset = self.offset;
        let Some((response, final_url)) = self.send_following_redirects(ask_offset).await? else {
            return Ok(AttemptEnd::Stopped);
        };
        let status_code = response.status().as_u16();
        let headers = response.headers().clone();
        let info = response_info(&final_url, status_code, &headers);
        if self.job.spec.recoverable_statuses.contains(&status_code) {
            self.reporter
                .send(TaskReport::RecoverableResponse {
                    info: Box::new(info),
                })
                .await;
            return Ok(AttemptEnd::Recoverable(status_code));
        }
        if status_code == 416 && ask_offset > 0 {
            return Ok(AttemptEnd::Discarded(
                "the server cannot serve the rest of the file (416)".to_owned(),
            ));
        }
        if !(200..300).contains(&status_code) {
            return Err(status_failure(status_code, &headers));
        }
        let facts = ResponseFacts {
            status_code,
            content_range: header_text(&headers, header::CONTENT_RANGE),
            content_type: header_text(&headers, header::CONTENT_TYPE),
            etag: header_text(&headers, header::ETAG),
            last_modified: header_text(&headers, header::LAST_MODIFIED),
        };
        let ask = RangeAsk {
            offset: ask_offset,
            validator: self.validator.as_ref(),
            expected_total: self.total,
        };
        match judge(&ask, &facts) {
            Verdict::Append { total } => self.total = Some(total),
            Verdict::Fresh => {
                self.offset = 0;
                self.total = response.content_length();
                self.validator = validator_of(facts.etag, facts.last_modified);
            }
            Verdict::StartOver => {
                self.forget_bytes_on_disk();
                self.total = response.content_length();
                self.validator = validator_of(facts.etag, facts.last_modified);
            }
            Verdict::Reject(reason) if ask_offset > 0 => return Ok(AttemptEnd::Discarded(reason)),
            Verdict::Reject(reason) => return Err(AttemptFailure::retryable(reason)),
        }
        let path_is_new = self.file_path.is_none();
        let file_path = self.file_path_for(&headers, &final_url)?;
        // The state must own the path (and forget old bytes) before the
        // `.part` file is created or cut.
        self.announce_response(info, file_path.clone(), path_is_new)
            .await;
        let mut part = PartFile::open(&part_path(&file_path), self.offset)
            .await
            .map_err(|error| {
                AttemptFailure::fatal(format!(
                    "cannot write {}: {error}",
                    part_path(&file_path).display()
                ))
            })?;
        self.stream_body(response, &mut part).await
    }

    /// Tells the engine about the accepted response. For a restart or a newly
    /// chosen path, waits until the engine has saved it, so a crash never
    /// leaves bytes on disk that the state does not explain.
    async fn announce_response(
        &mut self,
        info: ResponseInfo,
        file_path: PathBuf,
        path_is_new: bool,
    ) {
        let restarted = std::mem::take(&mut self.restart_pending);
        let (ack_sender, ack_receiver) = if restarted || path_is_new {
            let (sender, receiver) = oneshot::channel();
            (Some(sender), Some(receiver))
        } else {
            (None, None)
        };
        self.reporter
            .send(TaskReport::Response {
                info: Box::new(info),
                validator: self.validator.clone(),
                total: self.total,
                file_path,
                restarted,
                durable_ack: ack_sender,
            })
            .await;
        if let Some(receiver) = ack_receiver {
            // An error means the engine is gone; the task is cancelled then.
            let _ = receiver.await;
        }
    }

    /// The final path: known from an earlier attempt, else chosen now from
    /// the destination, Content-Disposition or the URL, and reserved.
    fn file_path_for(
        &mut self,
        headers: &HeaderMap,
        final_url: &Url,
    ) -> Result<PathBuf, AttemptFailure> {
        if let Some(path) = &self.file_path {
            return Ok(path.clone());
        }
        let (folder, name) = match &self.job.spec.destination {
            Destination::File(path) => {
                let name = path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "download".to_owned());
                (self.job.spec.destination.folder().to_owned(), name)
            }
            Destination::Folder(folder) => {
                let name = headers
                    .get(header::CONTENT_DISPOSITION)
                    .and_then(|value| name_from_content_disposition(value.as_bytes()))
                    .or_else(|| name_from_url(final_url))
                    .or_else(|| name_from_url(&self.job.spec.url))
                    .unwrap_or_else(|| "download".to_owned());
                (folder.clone(), name)
            }
        };
        let path = self
            .job
            .reservations
            .reserve_free_name(&folder, &name)
            .map_err(|error| {
                AttemptFailure::fatal(format!("cannot choose a file name: {error}"))
            })?;
        self.file_path = Some(path.clone());
        Ok(path)
    }

    async fn send_following_redirects(
        &self,
        ask_offset: u64,
    ) -> Result<Option<(reqwest::Response, Url)>, AttemptFailure> {
        let mut url = self.job.spec.url.clone();
        let mut hops = 0;
        loop {
            let request = self.build_request(&url, ask_offset)?;
            let sent = tokio::select! {
                () = self.cancel.cancelled() => return Ok(None),
                sent = tokio::time::timeout(self.job.config.response_timeout, request.send()) => sent,
            };
            let response = match sent {
                Err(_elapsed) => {
                    return Err(AttemptFailure::retryable(format!(
                        "no response within {} s from {url}",
                        self.job.config.response_timeout.as_secs()
                    )));
                }
                Ok(Err(error)) => return Err(request_failure(&error, &url)),
                Ok(Ok(response)) => response,
            };
            let status_code = response.status().as_u16();
            if !is_redirect(status_code) {
                return Ok(Some((response, url)));
            }
            let location = header_text(response.headers(), header::LOCATION);
            url = next_hop(&url, location, hops)
                .map_err(|error| AttemptFailure::fatal(error.to_string()))?;
            hops += 1;
        }
    }

    /// The request for one hop. User headers and credentials go only to the
    /// origin the user gave; a few harmless headers go everywhere.
    fn build_request(
        &self,
        url: &Url,
        ask_offset: u64,
    ) -> Result<reqwest::RequestBuilder, AttemptFailure> {
        let spec = &self.job.spec;
        let is_original_origin = is_same_origin(url, &spec.url);
        let mut request = self
            .job
            .client
            .get(url.clone())
            .header(header::ACCEPT_ENCODING, "identity");
        for header_pair in &spec.request_headers {
            let owned_by_ferry = HEADERS_OWNED_BY_FERRY
                .iter()
                .any(|owned| header_pair.name.eq_ignore_ascii_case(owned));
            if owned_by_ferry || !(is_original_origin || may_cross_origin(&header_pair.name)) {
                continue;
            }
            request = request.header(header_pair.name.as_str(), header_pair.value.as_str());
        }
        if is_original_origin && let Some(credentials) = &spec.credentials {
            request = request.basic_auth(&credentials.user_name, Some(&credentials.password));
        }
        if ask_offset > 0 {
            let validator = self.validator.as_ref().ok_or_else(|| {
                AttemptFailure::fatal("internal error: resume without a validator")
            })?;
            request = request
                .header(header::RANGE, format!("bytes={ask_offset}-"))
                .header(header::IF_RANGE, validator.as_if_range());
        }
        Ok(request)
    }

    async fn stream_body(
        &mut self,
        response: reqwest::Response,
        part: &mut PartFile,
    ) -> Result<AttemptEnd, AttemptFailure> {
        let mut body = response.bytes_stream();
        let stall_timeout = self.job.config.stall_timeout;
        let mut last_progress = Instant::now();
        let mut last_sync = Instant::now();
        let mut synced_up_to = self.offset;
        let mut pending_sync: Option<PendingSync> = None;
        loop {
            let next = tokio::select! {
                biased;
                () = self.cancel.cancelled() => {
                    self.settle(part, pending_sync.take()).await?;
                    return Ok(AttemptEnd::Stopped);
                }
                synced = async { pending_sync.as_mut().expect("guarded by the condition").await },
                    if pending_sync.is_some() =>
                {
                    pending_sync = None;
                    let durable_end = synced.map_err(|error| write_failure(part.path(), &error))?;
                    self.reporter.send(TaskReport::Checkpoint { durable_end }).await;
                    continue;
                }
                next = tokio::time::timeout(stall_timeout, body.next()) => next,
            };
            let chunk = match next {
                Err(_elapsed) => {
                    self.settle(part, pending_sync.take()).await?;
                    return Err(AttemptFailure::retryable(format!(
                        "no data for {} s; the connection stalled",
                        stall_timeout.as_secs()
                    )));
                }
                Ok(None) => break,
                Ok(Some(Err(error))) => {
                    self.settle(part, pending_sync.take()).await?;
                    return Err(AttemptFailure::retryable(format!(
                        "the connection broke after {} bytes: {}",
                        self.offset,
                        error_chain(&error)
                    )));
                }
                Ok(Some(Ok(chunk))) => chunk,
            };
            if self
                .total
                .is_some_and(|total| self.offset + chunk.len() as u64 > total)
            {
                self.settle(part, pending_sync.take()).await?;
                return Err(AttemptFailure::retryable(
                    "the server sent more bytes than it announced",
                ));
            }
            part.write(&chunk)
                .await
                .map_err(|error| write_failure(part.path(), &error))?;
            self.offset += chunk.len() as u64;
            if !chunk.is_empty() {
                self.attempt_made_progress = true;
            }
            let sync_is_due = last_sync.elapsed() >= self.job.config.checkpoint_interval
                || self.offset - synced_up_to >= CHECKPOINT_BYTES;
            if sync_is_due && pending_sync.is_none() {
                pending_sync = Some(
                    part.start_sync()
                        .await
                        .map_err(|error| write_failure(part.path(), &error))?,
                );
                last_sync = Instant::now();
                synced_up_to = self.offset;
            }
            if last_progress.elapsed() >= PROGRESS_INTERVAL {
                self.reporter
                    .send(TaskReport::Progress {
                        bytes_received: self.offset,
                    })
                    .await;
                last_progress = Instant::now();
            }
        }
        self.settle(part, pending_sync.take()).await?;
        if let Some(total) = self.total
            && self.offset < total
        {
            return Err(AttemptFailure::retryable(format!(
                "the connection closed after {} of {total} bytes",
                self.offset
            )));
        }
        if self.total.is_none() {
            self.total = Some(self.offset);
        }
        Ok(AttemptEnd::BodyComplete)
    }

    /// Before the body loop ends (stop, error, end of body): waits for a
    /// background sync and records it, then makes the rest durable too.
    async fn settle(
        &mut self,
        part: &mut PartFile,
        pending_sync: Option<PendingSync>,
    ) -> Result<(), AttemptFailure> {
        if let Some(pending_sync) = pending_sync {
            let durable_end = pending_sync
                .await
                .map_err(|error| write_failure(part.path(), &error))?;
            self.reporter
                .send(TaskReport::Checkpoint { durable_end })
                .await;
        }
        self.checkpoint(part).await
    }

    /// Makes the written bytes durable, then records them.
    async fn checkpoint(&mut self, part: &mut PartFile) -> Result<(), AttemptFailure> {
        let durable_end = part
            .sync()
            .await
            .map_err(|error| write_failure(part.path(), &error))?;
        self.reporter
            .send(TaskReport::Checkpoint { durable_end })
            .await;
        Ok(())
    }

    /// Checks the checksum and moves the `.part` file to its final name.
    async fn finish(&mut self) -> Outcome {
        let Some(file_path) = self.file_path.clone() else {
            return Outcome::Failed("internal error: finished without a file".to_owned());
        };
        let part = part_path(&file_path);
        if let Some(expected) = &self.job.spec.sha256 {
            match sha256_of(&part).await {
                Ok(actual) if actual.eq_ignore_ascii_case(expected) => {}
                Ok(actual) => {
                    let _ = tokio::fs::remove_file(&part).await;
                    return Outcome::Failed(format!(
                        "checksum mismatch: expected SHA-256 {expected}, got {actual}; the download was deleted"
                    ));
                }
                Err(words) => return Outcome::Failed(words),
            }
        }
        let publish_part = part.clone();
        match tokio::task::spawn_blocking(move || publish(&publish_part, &file_path)).await {
            Ok(Ok(final_path)) => Outcome::Completed { final_path },
            Ok(Err(error)) => Outcome::Failed(format!(
                "cannot move {} into place: {error}",
                part.display()
            )),
            Err(error) => Outcome::Failed(format!("internal error: {error}")),
        }
    }
}

/// A request that got no response, in words. TLS certificate problems are
/// not retried: they do not fix themselves, and verification stays on.
fn request_failure(error: &reqwest::Error, url: &Url) -> AttemptFailure {
    let mut innermost: &dyn std::error::Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    let cause = innermost.to_string();
    let host = url.host_str().unwrap_or_default();
    let port = url.port_or_known_default().unwrap_or_default();
    if cause.contains("certificate") {
        return AttemptFailure::fatal(format!(
            "the TLS certificate of {host}:{port} is not trusted ({cause}); \
             ferry always verifies certificates (a private CA can be added with SSL_CERT_FILE)"
        ));
    }
    if error.is_connect() {
        return AttemptFailure::retryable(format!("cannot connect to {host}:{port}: {cause}"));
    }
    AttemptFailure::retryable(error_chain(error))
}

fn write_failure(path: &Path, error: &std::io::Error) -> AttemptFailure {
    AttemptFailure::fatal(format!("cannot write {}: {error}", path.display()))
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn response_info(final_url: &Url, status_code: u16, headers: &HeaderMap) -> ResponseInfo {
    let header_list: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let accepts_ranges = status_code == 206
        || header_text(headers, header::ACCEPT_RANGES)
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("bytes"));
    let has_validator = validator_of(
        header_text(headers, header::ETAG),
        header_text(headers, header::LAST_MODIFIED),
    )
    .is_some();
    ResponseInfo {
        actual_url: final_url.clone(),
        status_code,
        headers: header_list,
        is_resumable: accepts_ranges && has_validator,
    }
}

/// A non-2xx answer in words, retryable for 408, 429 and 5xx.
fn status_failure(status_code: u16, headers: &HeaderMap) -> AttemptFailure {
    let reason = reqwest::StatusCode::from_u16(status_code)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("");
    let advice = match status_code {
        401 | 407 => "; give credentials (--user) or a header (-H)",
        403 => "; the link may have expired: set a new URL (ferry set-url)",
        404 | 410 => "; check the URL",
        _ => "",
    };
    let message = format!("the server answered {status_code} {reason}{advice}");
    let is_retryable = matches!(status_code, 408 | 429) || (500..600).contains(&status_code);
    AttemptFailure {
        message,
        is_retryable,
        retry_after: header_text(headers, header::RETRY_AFTER)
            .and_then(|value| parse_retry_after(value, SystemTime::now())),
    }
}

/// The SHA-256 of a file, hex, computed on the blocking pool; errors in words.
async fn sha256_of(path: &Path) -> Result<String, String> {
    let owned_path = path.to_owned();
    match tokio::task::spawn_blocking(move || sha256_of_file(&owned_path)).await {
        Ok(Ok(digest)) => Ok(digest),
        Ok(Err(error)) => Err(format!("cannot read {}: {error}", path.display())),
        Err(error) => Err(format!("internal error: {error}")),
    }
}

fn sha256_of_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0_u8; 1024 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Moves `part` to `wanted`, or to `wanted (n)` if that name was taken in the
/// meantime; never replaces an existing file. Returns the final path.
fn publish(part: &Path, wanted: &Path) -> std::io::Result<PathBuf> {
    let folder = wanted.parent().unwrap_or(Path::new("."));
    let name = wanted
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "download".to_owned());
    for number in 0..10_000 {
        let candidate = if number == 0 {
            wanted.to_owned()
        } else {
            folder.join(numbered_name(&name, number))
        };
        // A hard link fails if the name exists: an atomic no-clobber rename.
        match std::fs::hard_link(part, &candidate) {
            Ok(()) => {
                std::fs::remove_file(part)?;
                sync_folder(folder);
                return Ok(candidate);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) if candidate.symlink_metadata().is_err() => {
                // The file system has no hard links; a checked rename is the
                // best it allows.
                std::fs::rename(part, &candidate)?;
                sync_folder(folder);
                return Ok(candidate);
            }
            Err(_) => continue,
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "no free file name",
    ))
}

fn sync_folder(folder: &Path) {
    if let Err(error) = std::fs::File::open(folder).and_then(|directory| directory.sync_all()) {
        tracing::warn!(folder = %folder.display(), %error, "cannot sync the folder");
    }
}
