//! Refreshing one prefetch entry (Windows' `ContentPrefetcher`): each copy
//! is asked for with the validators of the response it came from, so an
//! unchanged resource costs a 304 and no body. A changed one is written to
//! a nameless-looking temporary file beside the copy, made durable, and
//! only then renamed over it: until the new copy is whole, the previous
//! one stays. An indirect list is read first (at most [`MAX_LIST_URLS`]
//! URLs, one per line), then each resource it names is refreshed.
//!
//! The actor decides when (`actor/prefetch.rs`); this runs as one task and
//! reports the entry's copies as they are after it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures_util::StreamExt;
use reqwest::header;
use tokio::io::AsyncWriteExt;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::model::{
    MAX_LIST_URLS, PrefetchCopy, PrefetchEntry, PrefetchKind, PrefetchMember, unix_now_secs,
};

use super::EngineConfig;
use super::file_name::{name_from_url, numbered_name};
use super::net::HttpClient;
use super::net::request::{
    Ask, ShortTextError, header_text, read_short_text, send_plain, status_failure,
};

/// The largest indirect list read (forty URLs fit many times over).
const MAX_LIST_BYTES: usize = 64 * 1024;
/// The name of a copy whose URL suggests none.
const FALLBACK_NAME: &str = "index";

/// One refresh to run.
pub(crate) struct PrefetchJob {
    pub entry: PrefetchEntry,
    /// The entry's own folder, where its copies live.
    pub folder: PathBuf,
    pub client: HttpClient,
    pub config: Arc<EngineConfig>,
    pub cancel: CancellationToken,
}

/// The entry's copies after a refresh.
#[derive(Debug)]
pub(crate) struct PrefetchRefreshed {
    pub entry: PrefetchEntry,
}

/// Refreshes the entry; `None` when it was cancelled (its copies are as
/// they were, or already the new ones: a rename is whole or not at all).
pub(crate) async fn refresh(job: PrefetchJob) -> Option<PrefetchRefreshed> {
    let mut entry = job.entry.clone();
    if let Err(error) = create_private_folder(&job.folder) {
        entry.copy.error = Some(format!("cannot create {}: {error}", job.folder.display()));
        return Some(PrefetchRefreshed { entry });
    }
    match entry.kind {
        PrefetchKind::Resource => {
            let file = entry
                .copy
                .file
                .clone()
                .unwrap_or_else(|| job.folder.join(name_for(&entry.url, &[])));
            entry.copy = job.refresh_copy(&entry.url, &entry.copy, &file).await?;
        }
        PrefetchKind::IndirectList => {
            job.read_list(&mut entry).await?;
            for index in 0..entry.members.len() {
                let member = &entry.members[index];
                let file = member.copy.file.clone().unwrap_or_else(|| {
                    let taken: Vec<&Path> = entry
                        .members
                        .iter()
                        .filter_map(|member| member.copy.file.as_deref())
                        .collect();
                    job.folder.join(name_for(&member.url, &taken))
                });
                let copy = job.refresh_copy(&member.url, &member.copy, &file).await?;
                entry.members[index].copy = copy;
            }
        }
    }
    Some(PrefetchRefreshed { entry })
}

impl PrefetchJob {
    /// Reads the list (unless unchanged) into the entry's members: a URL
    /// still listed keeps its copy, one no longer listed loses it. A list
    /// that cannot be read or used keeps the members it had.
    async fn read_list(&self, entry: &mut PrefetchEntry) -> Option<()> {
        let conditional = !entry.members.is_empty();
        let now = unix_now_secs();
        let response = match self
            .request(&entry.url, conditional.then_some(&entry.copy))
            .await?
        {
            Ok(response) => response,
            Err(error) => {
                entry.copy.error = Some(error);
                return Some(());
            }
        };
        let status = response.status().as_u16();
        if status == 304 && conditional {
            entry.copy.checked_unix_secs = Some(now);
            entry.copy.error = None;
            return Some(());
        }
        if status != 200 {
            entry.copy.error = Some(answer_in_words(status, response.headers()));
            return Some(());
        }
        let validators = Validators::of(response.headers());
        let text = match self.read_list_text(response).await? {
            Ok(text) => text,
            Err(error) => {
                entry.copy.error = Some(error);
                return Some(());
            }
        };
        let urls = match parse_list(&text) {
            Ok(urls) => urls,
            Err(error) => {
                entry.copy.error = Some(error);
                return Some(());
            }
        };
        let mut members = Vec::with_capacity(urls.len());
        for url in urls {
            let copy = match entry.members.iter().position(|member| member.url == url) {
                Some(index) => entry.members.swap_remove(index).copy,
                None => PrefetchCopy::default(),
            };
            members.push(PrefetchMember { url, copy });
        }
        for gone in std::mem::replace(&mut entry.members, members) {
            if let Some(file) = gone.copy.file {
                let _ = tokio::fs::remove_file(file).await;
            }
        }
        entry.copy = PrefetchCopy {
            etag: validators.etag,
            last_modified: validators.last_modified,
            bytes: text.len() as u64,
            checked_unix_secs: Some(now),
            changed_unix_secs: Some(now),
            ..PrefetchCopy::default()
        };
        Some(())
    }

    /// Refreshes one copy kept at `file`: a 304 confirms it, a 200 replaces
    /// it once whole; anything else keeps it and says why.
    async fn refresh_copy(
        &self,
        url: &Url,
        copy: &PrefetchCopy,
        file: &Path,
    ) -> Option<PrefetchCopy> {
        let is_on_disk = tokio::fs::metadata(file)
            .await
            .is_ok_and(|metadata| metadata.is_file() && metadata.len() == copy.bytes);
        let conditional = is_on_disk && copy.has_validator();
        let now = unix_now_secs();
        let failed = |error: String| {
            Some(PrefetchCopy {
                error: Some(error),
                ..copy.clone()
            })
        };
        let response = match self.request(url, conditional.then_some(copy)).await? {
            Ok(response) => response,
            Err(error) => return failed(error),
        };
        let status = response.status().as_u16();
        if status == 304 && conditional {
            return Some(PrefetchCopy {
                file: Some(file.to_owned()),
                checked_unix_secs: Some(now),
                error: None,
                ..copy.clone()
            });
        }
        if status != 200 {
            return failed(answer_in_words(status, response.headers()));
        }
        let validators = Validators::of(response.headers());
        match self.write_copy(response, file).await? {
            Ok(bytes) => Some(PrefetchCopy {
                file: Some(file.to_owned()),
                etag: validators.etag,
                last_modified: validators.last_modified,
                bytes,
                checked_unix_secs: Some(now),
                changed_unix_secs: Some(now),
                error: None,
            }),
            Err(error) => failed(error),
        }
    }

    /// Sends a GET for `url`, conditional on `copy`'s validators when
    /// given, following redirects as downloads do. `None` when cancelled.
    async fn request(
        &self,
        url: &Url,
        copy: Option<&PrefetchCopy>,
    ) -> Option<Result<reqwest::Response, String>> {
        let ask = Ask {
            if_none_match: copy.and_then(|copy| copy.etag.as_deref()),
            if_modified_since: copy.and_then(|copy| copy.last_modified.as_deref()),
            ..Ask::default()
        };
        match send_plain(&self.client, &self.config, &self.cancel, url, ask).await {
            Ok(Some(response)) => Some(Ok(response)),
            Ok(None) => None,
            Err(failure) => Some(Err(failure.error.to_string())),
        }
    }

    /// Writes the body beside `file`, makes it durable, then renames it
    /// over `file`: the bytes written, or why the copy was kept.
    async fn write_copy(
        &self,
        response: reqwest::Response,
        file: &Path,
    ) -> Option<Result<u64, String>> {
        let folder = file.parent().unwrap_or(&self.folder).to_owned();
        let expected = response.content_length();
        let temporary = match tempfile::Builder::new()
            .prefix(".ferry-prefetch-")
            .tempfile_in(&folder)
        {
            Ok(temporary) => temporary,
            Err(error) => {
                return Some(Err(format!(
                    "cannot write in {}: {error}",
                    folder.display()
                )));
            }
        };
        let mut writer = match temporary.reopen() {
            Ok(opened) => tokio::fs::File::from_std(opened),
            Err(error) => return Some(Err(format!("cannot write the copy: {error}"))),
        };
        let mut body = response.bytes_stream();
        let mut written: u64 = 0;
        loop {
            let chunk = tokio::select! {
                () = self.cancel.cancelled() => return None,
                chunk = tokio::time::timeout(self.config.stall_timeout, body.next()) => chunk,
            };
            let chunk = match chunk {
                Err(_) => {
                    return Some(Err(format!(
                        "no data for {} s; the copy was kept",
                        self.config.stall_timeout.as_secs()
                    )));
                }
                Ok(None) => break,
                Ok(Some(Err(error))) => {
                    return Some(Err(format!(
                        "the connection broke ({error}); the copy was kept"
                    )));
                }
                Ok(Some(Ok(chunk))) => chunk,
            };
            written += chunk.len() as u64;
            if let Err(error) = writer.write_all(&chunk).await {
                return Some(Err(format!("cannot write the copy: {error}")));
            }
        }
        if let Some(expected) = expected
            && expected != written
        {
            return Some(Err(format!(
                "the server announced {expected} bytes and sent {written}; the copy was kept"
            )));
        }
        if let Err(error) = writer.sync_all().await {
            return Some(Err(format!("cannot write the copy: {error}")));
        }
        drop(writer);
        let file = file.to_owned();
        let published = tokio::task::spawn_blocking(move || {
            temporary.persist(&file).map_err(|error| error.error)?;
            std::fs::File::open(&folder)?.sync_all()
        })
        .await;
        Some(match published {
            Ok(Ok(())) => Ok(written),
            Ok(Err(error)) => Err(format!("cannot put the copy in place: {error}")),
            Err(error) => Err(format!("cannot put the copy in place: {error}")),
        })
    }

    /// The list's text: at most [`MAX_LIST_BYTES`], UTF-8.
    async fn read_list_text(&self, response: reqwest::Response) -> Option<Result<String, String>> {
        let text = read_short_text(
            response,
            MAX_LIST_BYTES,
            self.config.stall_timeout,
            &self.cancel,
        )
        .await?;
        Some(text.map_err(|error| match error {
            ShortTextError::Broken(_) => "the list could not be read whole".to_owned(),
            ShortTextError::TooLarge => format!(
                "the list is larger than {} KiB; a prefetch list is a short text of URLs",
                MAX_LIST_BYTES / 1024
            ),
            ShortTextError::NotUtf8 => "the list is not UTF-8 text".to_owned(),
        }))
    }
}

/// The validators a response carries, for the next refresh.
struct Validators {
    etag: Option<String>,
    last_modified: Option<String>,
}

impl Validators {
    fn of(headers: &header::HeaderMap) -> Self {
        Validators {
            etag: header_text(headers, header::ETAG).map(str::to_owned),
            last_modified: header_text(headers, header::LAST_MODIFIED).map(str::to_owned),
        }
    }
}

/// An answer other than 200 (or 304 to a conditional request), in words.
fn answer_in_words(status: u16, headers: &header::HeaderMap) -> String {
    if status == 304 {
        return "the server answered 304 Not Modified to a request that was not conditional"
            .to_owned();
    }
    let words = status_failure(status, headers).error.to_string();
    format!("{words}; the copy was kept")
}

/// The URLs of an indirect list: one per line, blank lines and lines
/// starting with `#` skipped; http and https only, at most
/// [`MAX_LIST_URLS`], each once.
pub fn parse_list(text: &str) -> Result<Vec<Url>, String> {
    let mut urls: Vec<Url> = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let url = Url::parse(line)
            .map_err(|error| format!("line {} of the list is not a URL ({error})", number + 1))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "line {} of the list is a {} URL; ferry prefetches over http and https",
                number + 1,
                url.scheme()
            ));
        }
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    if urls.len() > MAX_LIST_URLS {
        return Err(format!(
            "the list names {} URLs; a prefetch list holds at most {MAX_LIST_URLS}",
            urls.len()
        ));
    }
    Ok(urls)
}

/// A safe file name for `url`'s copy that no file in `taken` has.
fn name_for(url: &Url, taken: &[&Path]) -> String {
    let name = name_from_url(url).unwrap_or_else(|| FALLBACK_NAME.to_owned());
    (0..)
        .map(|number| numbered_name(&name, number))
        .find(|candidate| {
            !taken.iter().any(|path| {
                path.file_name()
                    .is_some_and(|taken| taken == candidate.as_str())
            })
        })
        .unwrap_or(name)
}

/// Creates `folder` (and its parents) readable by the user only.
fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_urls_one_per_line_with_comments_and_blanks_skipped() {
        let urls = parse_list(
            "# news\nhttps://127.0.0.1/a\n\n  http://127.0.0.1/b  \nhttps://127.0.0.1/a\n",
        )
        .expect("a list");
        assert_eq!(
            urls.iter().map(Url::as_str).collect::<Vec<_>>(),
            ["https://127.0.0.1/a", "http://127.0.0.1/b"]
        );
        assert!(parse_list("ftp://127.0.0.1/a").is_err());
        assert!(parse_list("not a url").is_err());
        let long: String = (0..=MAX_LIST_URLS)
            .map(|index| format!("http://127.0.0.1/{index}\n"))
            .collect();
        assert!(parse_list(&long).is_err_and(|error| error.contains("at most 40")));
    }

    #[test]
    fn names_of_copies_are_safe_and_distinct() {
        let url = |text: &str| Url::parse(text).expect("url");
        assert_eq!(
            name_for(&url("http://127.0.0.1/news/feed.xml"), &[]),
            "feed.xml"
        );
        assert_eq!(name_for(&url("http://127.0.0.1/"), &[]), "index");
        assert_eq!(name_for(&url("http://127.0.0.1/%2e%2e"), &[]), "index");
        let taken = PathBuf::from("/x/feed.xml");
        assert_eq!(
            name_for(&url("http://127.0.0.1/b/feed.xml"), &[taken.as_path()]),
            "feed (1).xml"
        );
    }
}
