//! Play while downloading: the service serves each transfer's bytes on
//! 127.0.0.1, under a random token in the path, so a video player (mpv)
//! can start and seek before the download ends. A request with `Range`
//! gets those bytes; a read waits for bytes not yet there, and the
//! download, switched to random access, fetches the position asked for
//! first (the engine's `TransferReader`). The port and token are written
//! beside the service's socket, in the user's own folder, where `ferry
//! stream` and the window read them.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::TryStreamExt;
use http_body_util::{BodyExt, Empty, StreamBody, combinators::UnsyncBoxBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use crate::engine::EngineHandle;
use crate::model::{Transfer, TransferId};

/// The file beside the socket naming the stream server ("PORT TOKEN"):
/// the socket's own name with this added, since the services of other
/// state folders share the socket's folder.
const STREAM_FILE_SUFFIX: &str = ".stream";

/// Where the service of `socket` writes its stream server's place.
fn place_file(socket: &Path) -> PathBuf {
    let mut name = socket.file_name().unwrap_or_default().to_os_string();
    name.push(STREAM_FILE_SUFFIX);
    socket.with_file_name(name)
}

/// What of a file's name is escaped in the URL's last segment (the
/// player shows it as the title): all but letters, digits and `.-_~`.
const NAME_IN_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'_')
    .remove(b'~');

/// How many tenths of a second a request waits for the file's size.
const SIZE_WAIT_TURNS: u32 = 300;

/// The most one response's reads take at once.
const READ_CHUNK_BYTES: usize = 256 * 1024;

type Body = UnsyncBoxBody<Bytes, std::io::Error>;

/// Where the running service serves streams.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamPlace {
    pub port: u16,
    token: String,
}

impl StreamPlace {
    /// The URL of `transfer`'s bytes.
    pub fn url_of(&self, transfer: &Transfer) -> String {
        let display_name = transfer.display_name();
        let name = percent_encoding::utf8_percent_encode(&display_name, NAME_IN_PATH);
        format!(
            "http://127.0.0.1:{}/{}/{}/{name}",
            self.port,
            self.token,
            transfer.transfer_id()
        )
    }

    /// What the running service of `socket` wrote.
    pub fn read(socket: &Path) -> Option<StreamPlace> {
        let text = std::fs::read_to_string(place_file(socket)).ok()?;
        let (port, token) = text.trim().split_once(' ')?;
        Some(StreamPlace {
            port: port.parse().ok()?,
            token: token.to_owned(),
        })
    }
}

/// Removes what [`start`] wrote for `socket` (the service stopped).
pub(super) fn forget_place(socket: &Path) {
    let _ = std::fs::remove_file(place_file(socket));
}

/// Starts serving streams on the current tokio runtime; writes where.
pub(super) fn start(handle: EngineHandle, socket: &Path) -> std::io::Result<PathBuf> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let token = hex::encode(rand::random::<[u8; 16]>());
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let place_file = place_file(socket);
    let unfinished = place_file.with_extension("stream-new");
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&unfinished)?;
        write!(file, "{port} {token}")?;
    }
    std::fs::rename(&unfinished, &place_file)?;
    let token: Arc<str> = token.into();
    tokio::spawn(async move {
        loop {
            let Ok((connection, _)) = listener.accept().await else {
                continue;
            };
            let handle = handle.clone();
            let token = Arc::clone(&token);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let handle = handle.clone();
                    let token = Arc::clone(&token);
                    async move { Ok::<_, Infallible>(answer(&handle, &token, &request).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(connection), service)
                    .await;
            });
        }
    });
    Ok(place_file)
}

fn empty() -> Body {
    Empty::new().map_err(|never| match never {}).boxed_unsync()
}

fn status(code: StatusCode) -> Response<Body> {
    let mut response = Response::new(empty());
    *response.status_mut() = code;
    response
}

/// The answer to one request: `/TOKEN/ID/NAME`, GET or HEAD, with or
/// without one byte range.
async fn answer(handle: &EngineHandle, token: &str, request: &Request<Incoming>) -> Response<Body> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return status(StatusCode::METHOD_NOT_ALLOWED);
    }
    let mut parts = request.uri().path().trim_start_matches('/').split('/');
    let (Some(given), Some(id)) = (parts.next(), parts.next()) else {
        return status(StatusCode::NOT_FOUND);
    };
    // Compared whole, in constant time: the token is the only key.
    let is_token = given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0_u8, |differ, (a, b)| differ | (a ^ b))
            == 0;
    let Some(transfer_id) = id.parse::<TransferId>().ok().filter(|_| is_token) else {
        return status(StatusCode::NOT_FOUND);
    };
    let Ok(mut reader) = handle.open_reader(transfer_id) else {
        return status(StatusCode::NOT_FOUND);
    };
    // Not started yet: the first answer tells the size (a while at most).
    for _ in 0..SIZE_WAIT_TURNS {
        if reader.total().is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let total = reader.total();
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|value| value.to_str().ok());
    let (start, end, partial) = match (range, total) {
        (Some(text), Some(total)) => match parse_range(text, total) {
            Some((start, end)) => (start, end, true),
            None => {
                let mut response = status(StatusCode::RANGE_NOT_SATISFIABLE);
                if let Ok(value) = HeaderValue::from_str(&format!("bytes */{total}")) {
                    response.headers_mut().insert(header::CONTENT_RANGE, value);
                }
                return response;
            }
        },
        (_, Some(total)) => (0, total, false),
        (_, None) => (0, u64::MAX, false),
    };
    let mut response = Response::new(empty());
    let headers = response.headers_mut();
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Some(total) = total {
        if let Ok(value) = HeaderValue::from_str(&(end - start).to_string()) {
            headers.insert(header::CONTENT_LENGTH, value);
        }
        if partial {
            let words = format!("bytes {start}-{}/{total}", end.saturating_sub(1));
            if let Ok(value) = HeaderValue::from_str(&words) {
                headers.insert(header::CONTENT_RANGE, value);
            }
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        }
    }
    if *request.method() == Method::HEAD {
        return response;
    }
    if reader.seek(std::io::SeekFrom::Start(start)).await.is_err() {
        return status(StatusCode::INTERNAL_SERVER_ERROR);
    }
    let bytes =
        tokio_util::io::ReaderStream::with_capacity(reader.take(end - start), READ_CHUNK_BYTES)
            .map_ok(Frame::data);
    *response.body_mut() = BodyExt::boxed_unsync(StreamBody::new(bytes));
    response
}

/// One range of `Range: bytes=…` as `[start, end)` within `total`: `a-b`,
/// `a-` or `-n` (the last n bytes). Several ranges, or none that fits,
/// give `None`.
fn parse_range(text: &str, total: u64) -> Option<(u64, u64)> {
    let spec = text.trim().strip_prefix("bytes=")?.trim();
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let (start, end) = match (first.trim(), last.trim()) {
        ("", suffix) => {
            let length: u64 = suffix.parse().ok()?;
            (total.saturating_sub(length), total)
        }
        (first, "") => (first.parse().ok()?, total),
        (first, last) => {
            let last: u64 = last.parse().ok()?;
            (first.parse().ok()?, last.saturating_add(1).min(total))
        }
    };
    (start < end && end <= total).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_read_as_players_send_them() {
        assert_eq!(parse_range("bytes=0-", 100), Some((0, 100)));
        assert_eq!(parse_range("bytes=10-19", 100), Some((10, 20)));
        assert_eq!(parse_range("bytes=90-500", 100), Some((90, 100)));
        assert_eq!(parse_range("bytes=-10", 100), Some((90, 100)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("bytes=0-1,5-6", 100), None);
        assert_eq!(parse_range("lines=1-2", 100), None);
    }
}
