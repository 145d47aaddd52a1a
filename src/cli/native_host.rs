//! `ferry native-host`: the native messaging host the browser starts for
//! ferry's extension (through the small script `ferry browser install`
//! writes). It checks who started it, reads the browser's messages
//! (framed, at most 1 MiB each), relays what it may to ferry's service
//! (started when none runs) and answers each in at most 64 KiB.
//!
//! The browser may only hand over downloads: an http or https URL with
//! the referrer, user agent, a suggested name and the cookies for it,
//! saved into the download folder (or where the user picks in the add
//! dialog). It never names a path, an action, a setting or a program.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use url::Url;

use super::{exit, session};
use crate::desktop::browser::manifests::{Family, check_caller};
use crate::desktop::browser::native_messaging::{FrameError, read_message, write_message};
use crate::engine::Command;
use crate::engine::file_name::sanitize_file_name;
use crate::model::{BrowserDownload, BrowserLinks, GivenCookie, Status, Transfer};
use crate::service::{RemoteEngine, WindowRequest};

/// The most cookies taken with one download (a browser's limit per host
/// is about 180).
const MAX_COOKIES: usize = 300;

/// Transfers the popup is told about.
const TRANSFERS_SHOWN: usize = 5;

pub fn run(state_dir: &Path, arguments: &[String]) -> anyhow::Result<u8> {
    let family = match check_caller(arguments) {
        Ok(family) => family,
        Err(refusal) => {
            // The browser puts the host's stderr in its log.
            eprintln!("ferry: {refusal}");
            return Ok(exit::BAD_INPUT);
        }
    };
    note_contact(state_dir, family);
    let mut host = Host {
        state_dir: state_dir.to_owned(),
        service: None,
    };
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    host.serve(&mut input, &mut output)
}

struct Host {
    state_dir: PathBuf,
    /// The service, connected at the first message that needs it.
    service: Option<RemoteEngine>,
}

/// What the extension asks.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Request {
    /// Is ferry there? (the popup, and the extension's start)
    Hello,
    /// A download to hand over.
    Download(Box<DownloadRequest>),
    /// A page's links, for the user to pick from in ferry's window.
    Links(Box<LinksRequest>),
    /// Take back a download ferry took too late: the extension had given
    /// up waiting, and the browser fetches it itself.
    TooLate {
        #[serde(rename = "transferId")]
        transfer_id: String,
    },
}

/// A download as the extension describes it (Chromium's and Firefox's
/// `DownloadItem`, and a context menu's link).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DownloadRequest {
    url: String,
    #[serde(default)]
    final_url: Option<String>,
    #[serde(default)]
    referrer: Option<String>,
    #[serde(default)]
    user_agent: Option<String>,
    /// The name the browser chose (its last path component is used).
    #[serde(default)]
    file_name: Option<String>,
    #[serde(default)]
    size: Option<f64>,
    #[serde(default)]
    cookies: Vec<BrowserCookie>,
    /// From a private window.
    #[serde(default)]
    incognito: bool,
}

/// The links of a page ("Download all links with ferry…").
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LinksRequest {
    links: Vec<String>,
    #[serde(default)]
    referrer: Option<String>,
    #[serde(default)]
    user_agent: Option<String>,
    #[serde(default)]
    cookies: Vec<BrowserCookie>,
    #[serde(default)]
    incognito: bool,
}

/// The most links offered from one page.
const MAX_LINKS: usize = 2000;

/// A cookie as `cookies.getAll` returns it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BrowserCookie {
    name: String,
    value: String,
    domain: String,
    #[serde(default)]
    host_only: bool,
    #[serde(default = "root_path")]
    path: String,
    #[serde(default)]
    secure: bool,
    #[serde(default)]
    expiration_date: Option<f64>,
}

fn root_path() -> String {
    "/".to_owned()
}

/// The answer to one request.
#[derive(Debug, Default, Serialize)]
struct Reply {
    ok: bool,
    /// Why ferry declined: the browser keeps the download.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'static str>,
    /// The transfer started for a download.
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer_id: Option<String>,
    /// The download waits in ferry's add dialog.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    asked: bool,
    /// Whether downloads start without the add dialog.
    #[serde(skip_serializing_if = "Option::is_none")]
    starts_without_asking: Option<bool>,
    /// The last few transfers, for the popup.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    transfers: Vec<TransferLine>,
}

#[derive(Debug, Serialize)]
struct TransferLine {
    name: String,
    status: &'static str,
    /// 0 to 100, when the size is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    percent: Option<u8>,
}

impl Reply {
    fn declined(reason: impl Into<String>) -> Reply {
        Reply {
            ok: false,
            reason: Some(reason.into()),
            ..Reply::default()
        }
    }
}

impl Host {
    /// Answers messages until the browser closes the pipe.
    fn serve(&mut self, input: &mut impl Read, output: &mut impl Write) -> anyhow::Result<u8> {
        loop {
            let reply = match read_message(input) {
                Ok(None) => return Ok(exit::SUCCESS),
                Ok(Some(bytes)) => self.answer(&bytes),
                Err(error @ FrameError::Io(_)) => return Err(error.into()),
                Err(error) => {
                    // The framing is lost: say why once, and stop.
                    let _ = send(output, &Reply::declined(error.to_string()));
                    eprintln!("ferry: {error}");
                    return Ok(exit::BAD_INPUT);
                }
            };
            send(output, &reply)?;
        }
    }

    fn answer(&mut self, bytes: &[u8]) -> Reply {
        let request = match std::str::from_utf8(bytes)
            .map_err(|_| "the message is not UTF-8".to_owned())
            .and_then(|text| {
                serde_json::from_str::<Request>(text)
                    .map_err(|error| format!("ferry does not understand the message: {error}"))
            }) {
            Ok(request) => request,
            Err(reason) => return Reply::declined(reason),
        };
        let answered = match request {
            Request::Hello => self.hello(),
            Request::Download(download) => self.download(&download),
            Request::Links(links) => self.links(&links),
            Request::TooLate { transfer_id } => self.take_back(&transfer_id),
        };
        answered.unwrap_or_else(|error| Reply::declined(format!("{error:#}")))
    }

    fn service(&mut self) -> anyhow::Result<&RemoteEngine> {
        if self.service.is_none() {
            self.service = Some(session::connect_to_service(&self.state_dir)?);
        }
        self.service
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("no service"))
    }

    fn hello(&mut self) -> anyhow::Result<Reply> {
        let handle = self.service()?.handle();
        let mut transfers = handle.snapshot();
        transfers.sort_by_key(|transfer| std::cmp::Reverse(transfer.created_unix_secs));
        Ok(Reply {
            ok: true,
            version: Some(env!("CARGO_PKG_VERSION")),
            starts_without_asking: Some(handle.settings().browser_starts_without_asking),
            transfers: transfers
                .iter()
                .take(TRANSFERS_SHOWN)
                .map(transfer_line)
                .collect(),
            ..Reply::default()
        })
    }

    /// Removes a transfer the browser handed over but fetches itself after
    /// all. Only its full, random ID names it: the ID only the extension
    /// was told.
    fn take_back(&mut self, typed: &str) -> anyhow::Result<Reply> {
        let transfer_id: crate::model::TransferId = typed
            .parse()
            .map_err(|_| anyhow::anyhow!("{typed:?} is not a transfer's ID"))?;
        let handle = self.service()?.handle();
        session::cli_runtime()?.block_on(handle.call(Command::Remove(transfer_id)))?;
        Ok(Reply {
            ok: true,
            ..Reply::default()
        })
    }

    fn download(&mut self, request: &DownloadRequest) -> anyhow::Result<Reply> {
        let download = match checked_download(request) {
            Ok(download) => download,
            Err(reason) => return Ok(Reply::declined(reason)),
        };
        let handle = self.service()?.handle();
        let settings = handle.settings();
        if !settings.browser_starts_without_asking {
            return self.offer_to_window(WindowRequest::AddFromBrowser(Box::new(download)));
        }
        let folder = settings
            .download_folder
            .clone()
            .unwrap_or_else(crate::desktop::default_download_folder);
        let spec = download.to_spec(&folder);
        let transfer_id = spec.transfer_id;
        let runtime = session::cli_runtime()?;
        runtime.block_on(handle.call(Command::Add {
            spec: Box::new(spec),
            start: true,
        }))?;
        Ok(Reply {
            ok: true,
            transfer_id: Some(transfer_id.to_string()),
            ..Reply::default()
        })
    }
}

impl Host {
    /// A page's links go to the window, always: picking is the point.
    fn links(&mut self, request: &LinksRequest) -> anyhow::Result<Reply> {
        let mut seen = std::collections::HashSet::new();
        let links: Vec<Url> = request
            .links
            .iter()
            .filter_map(|text| Url::parse(text).ok())
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .map(|mut url| {
                url.set_fragment(None);
                url
            })
            .filter(|url| seen.insert(url.clone()))
            .take(MAX_LINKS)
            .collect();
        if links.is_empty() {
            return Ok(Reply::declined("the page has no http or https links"));
        }
        let cookies = match checked_cookies(&request.cookies) {
            Ok(cookies) => cookies,
            Err(reason) => return Ok(Reply::declined(reason)),
        };
        self.offer_to_window(WindowRequest::PickLinks(Box::new(BrowserLinks {
            links,
            referrer: checked_referrer(request.referrer.as_deref()),
            user_agent: checked_user_agent(request.user_agent.as_deref()),
            cookies,
            is_private: request.incognito,
        })))
    }

    /// Hands `request` to the open window; with none open, starts one and
    /// has the service keep the request until it draws.
    fn offer_to_window(&mut self, request: WindowRequest) -> anyhow::Result<Reply> {
        let state_dir = self.state_dir.clone();
        let service = self.service()?;
        if !service.ask_window(request.clone())? {
            crate::desktop::launch_window(&state_dir, &[])
                .map_err(|error| anyhow::anyhow!("cannot open ferry's window: {error}"))?;
            service.ask_next_window(request)?;
        }
        Ok(Reply {
            ok: true,
            asked: true,
            ..Reply::default()
        })
    }
}

/// The download the browser described, if ferry takes it; why not, in
/// words (the browser then keeps it).
fn checked_download(request: &DownloadRequest) -> Result<BrowserDownload, String> {
    let url = [Some(&request.url), request.final_url.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|text| Url::parse(text).ok())
        .find(|url| matches!(url.scheme(), "http" | "https" | "ftp"))
        .ok_or_else(|| {
            format!(
                "ferry downloads http, https and ftp URLs; the browser keeps {}",
                scheme_of(&request.url)
            )
        })?;
    let cookies = checked_cookies(&request.cookies)?;
    let file_name = request
        .file_name
        .as_deref()
        .and_then(|name| name.rsplit(['/', '\\']).next())
        .and_then(sanitize_file_name);
    Ok(BrowserDownload {
        url,
        referrer: checked_referrer(request.referrer.as_deref()),
        user_agent: checked_user_agent(request.user_agent.as_deref()),
        file_name,
        size: request
            .size
            .filter(|size| size.is_finite() && *size >= 0.0)
            .map(|size| size as u64),
        cookies,
        is_private: request.incognito,
    })
}

/// The page a download or links came from, when it is a web page.
fn checked_referrer(text: Option<&str>) -> Option<Url> {
    text.and_then(|text| Url::parse(text).ok())
        .filter(|url| matches!(url.scheme(), "http" | "https"))
}

/// The browser's user agent, when it is a header value: visible
/// characters, spaces and tabs only.
fn checked_user_agent(text: Option<&str>) -> Option<String> {
    text.filter(|agent| {
        !agent.is_empty()
            && agent
                .bytes()
                .all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte))
    })
    .map(str::to_owned)
}

/// The browser's cookies as ferry keeps them; too many is a refusal.
fn checked_cookies(cookies: &[BrowserCookie]) -> Result<Vec<GivenCookie>, String> {
    if cookies.len() > MAX_COOKIES {
        return Err(format!(
            "{} cookies are more than ferry takes ({MAX_COOKIES})",
            cookies.len()
        ));
    }
    Ok(cookies.iter().filter_map(given_cookie).collect())
}

/// "blob:", "data:", … for the words of a refusal (never the whole URL).
fn scheme_of(text: &str) -> String {
    match text.split_once(':') {
        Some((scheme, _)) if scheme.len() <= 16 => format!("{scheme}: links"),
        _ => "this link".to_owned(),
    }
}

fn given_cookie(cookie: &BrowserCookie) -> Option<GivenCookie> {
    let domain = cookie.domain.trim_start_matches('.').to_ascii_lowercase();
    if domain.is_empty() || cookie.name.is_empty() {
        return None;
    }
    Some(GivenCookie {
        domain,
        include_subdomains: !cookie.host_only,
        path: cookie.path.clone(),
        secure: cookie.secure,
        expires_unix_secs: cookie
            .expiration_date
            .filter(|secs| secs.is_finite())
            .map(|secs| secs as i64),
        name: cookie.name.clone(),
        value: cookie.value.clone(),
    })
}

fn transfer_line(transfer: &Transfer) -> TransferLine {
    let percent = transfer
        .bytes_to_move()
        .filter(|total| *total > 0)
        .map(|total| (transfer.bytes_moved().min(total) * 100 / total) as u8);
    TransferLine {
        name: transfer.display_name(),
        status: status_word(transfer.status),
        percent,
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Completed => "completed",
        Status::Error => "failed",
        Status::Canceled => "canceled",
        Status::Running => "running",
        status if status.is_paused() => "paused",
        _ => "waiting",
    }
}

/// Sends `reply`; one too large for the browser becomes a refusal.
fn send(output: &mut impl Write, reply: &Reply) -> anyhow::Result<()> {
    let bytes = serde_json::to_vec(reply)?;
    match write_message(output, &bytes) {
        Err(FrameError::ReplyTooLarge(size)) => {
            let refusal = Reply::declined(format!("ferry's reply ({size} bytes) was too large"));
            write_message(output, &serde_json::to_vec(&refusal)?)?;
            Ok(())
        }
        sent => Ok(sent?),
    }
}

/// Notes that `family`'s extension talked to ferry now (`ferry browser
/// status` tells it).
fn note_contact(state_dir: &Path, family: Family) {
    let now = crate::model::unix_now_secs();
    let _ = std::fs::write(contact_path(state_dir, family), now.to_string());
}

/// Where the last contact of `family`'s extension is noted.
pub fn contact_path(state_dir: &Path, family: Family) -> PathBuf {
    let name = match family {
        Family::Chromium => "browser-contact-chromium",
        Family::Firefox => "browser-contact-firefox",
    };
    state_dir.join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: &str) -> DownloadRequest {
        serde_json::from_str(json).expect("request")
    }

    #[test]
    fn a_download_is_taken_with_its_referrer_name_and_cookies() {
        let taken = checked_download(&request(
            r#"{"url":"https://a.test/get?id=1","referrer":"https://a.test/page",
                "userAgent":"Mozilla/5.0","fileName":"/home/u/Downloads/../report.pdf",
                "size":1234,"cookies":[{"name":"sid","value":"v","domain":".a.test",
                "hostOnly":false,"path":"/","secure":true,"expirationDate":1900000000.5}]}"#,
        ))
        .expect("taken");
        assert_eq!(taken.url.as_str(), "https://a.test/get?id=1");
        assert_eq!(taken.file_name.as_deref(), Some("report.pdf"));
        assert_eq!(taken.size, Some(1234));
        assert_eq!(taken.cookies.len(), 1);
        assert_eq!(taken.cookies[0].domain, "a.test");
        assert!(taken.cookies[0].include_subdomains);
    }

    #[test]
    fn what_ferry_cannot_fetch_is_left_to_the_browser() {
        for url in [
            "blob:https://a.test/1",
            "data:text/plain,hi",
            "file:///etc/passwd",
        ] {
            let refused =
                checked_download(&request(&format!(r#"{{"url":"{url}"}}"#))).expect_err("refused");
            assert!(refused.contains("http, https and ftp"), "{refused}");
            assert!(!refused.contains("passwd"), "{refused}");
        }
        let unsafe_name =
            checked_download(&request(r#"{"url":"http://a.test/f","fileName":".."}"#))
                .expect("taken");
        assert_eq!(unsafe_name.file_name, None);
    }
}
