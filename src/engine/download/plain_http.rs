//! Plain-HTTP/1.1 connections that ferry keeps itself, for `http://` URLs
//! when no proxy is set. Each download request over reqwest went through
//! its retry, redirect and pool layers, which parse the URL twice more and
//! copy the request: about 40k instructions a request, a third of ferry's
//! work in a run of a thousand small files. Here a request is written on a
//! kept hyper connection to the origin, or on a new one.
//!
//! A connection goes back to the pool only when its response body has
//! ended, so a host never has more sockets open than requests in flight
//! (the host slots) plus the idle ones. HTTPS and proxied requests stay
//! with reqwest: [`Transport`] picks one or the other for each request.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use http_body::{Body, Frame, SizeHint};
use http_body_util::Empty;
use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use reqwest::ResponseBuilderExt;
use reqwest::header::{self, HeaderMap, HeaderValue};
use tokio::net::TcpStream;
use url::{Host, Position, Url};

use super::request::{AttemptFailure, request_failure};

/// Idle connections older than this are closed instead of reused, as
/// reqwest's pool does.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// How long a connection attempt to one address of a name goes unanswered
/// before the next address is tried beside it (RFC 8305 suggests 250 ms).
const NEXT_ATTEMPT_DELAY: Duration = Duration::from_millis(250);

/// Idle connections kept per origin; the oldest go first.
const MAX_IDLE_PER_ORIGIN: usize = 32;

/// Variables that route requests through a proxy; reqwest reads them.
const PROXY_VARIABLES: [&str; 4] = ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"];

type Sender = SendRequest<Empty<Bytes>>;

/// Host and port of an `http://` URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Origin {
    host: Host<String>,
    port: u16,
}

struct IdleConnection {
    sender: Sender,
    since: Instant,
}

/// How a download's requests travel: plain HTTP on ferry's own
/// connections unless a proxy is set, everything else with reqwest.
#[derive(Clone)]
pub(crate) struct Transport {
    client: reqwest::Client,
    plain_http: Option<Arc<PlainHttp>>,
}

impl Transport {
    pub fn new(
        client: reqwest::Client,
        connect_timeout: Duration,
        user_agent: &'static str,
    ) -> Self {
        Transport {
            client,
            plain_http: PlainHttp::unless_proxied(connect_timeout, user_agent),
        }
    }

    /// reqwest's client (uploads use it for every request).
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends a GET for `url` with `headers`; redirects are not followed.
    pub async fn get(
        &self,
        url: &Url,
        headers: HeaderMap,
    ) -> Result<reqwest::Response, AttemptFailure> {
        match &self.plain_http {
            Some(plain_http) if url.scheme() == "http" => plain_http.get(url, headers).await,
            _ => self
                .client
                .get(url.clone())
                .headers(headers)
                .send()
                .await
                .map_err(|error| request_failure(&error, url)),
        }
    }
}

/// The kept connections, by origin.
struct PlainHttp {
    idle: Mutex<HashMap<Origin, Vec<IdleConnection>>>,
    connect_timeout: Duration,
    user_agent: HeaderValue,
}

impl PlainHttp {
    /// `None` when a proxy variable is set: reqwest then carries every
    /// request, through the proxy.
    fn unless_proxied(connect_timeout: Duration, user_agent: &'static str) -> Option<Arc<Self>> {
        let is_proxied = PROXY_VARIABLES
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()));
        (!is_proxied).then(|| {
            Arc::new(PlainHttp {
                idle: Mutex::new(HashMap::new()),
                connect_timeout,
                user_agent: HeaderValue::from_static(user_agent),
            })
        })
    }

    /// Sends a GET for `url` (an `http://` URL) with `headers`, on a kept
    /// connection when one is open, else on a new one.
    async fn get(
        self: &Arc<Self>,
        url: &Url,
        mut headers: HeaderMap,
    ) -> Result<reqwest::Response, AttemptFailure> {
        let origin = origin_of(url)?;
        let target: http::Uri = origin_form(url).parse().map_err(|error| {
            AttemptFailure::fatal(format!("cannot make a request for {url}: {error}"))
        })?;
        headers.insert(header::HOST, host_header(url)?);
        headers
            .entry(header::USER_AGENT)
            .or_insert_with(|| self.user_agent.clone());
        headers
            .entry(header::ACCEPT)
            .or_insert_with(|| HeaderValue::from_static("*/*"));
        let mut request = http::Request::new(Empty::new());
        *request.uri_mut() = target;
        *request.headers_mut() = headers;
        while let Some(mut sender) = self.checkout(&origin) {
            if sender.ready().await.is_err() {
                // Closed while idle.
                continue;
            }
            match sender.try_send_request(request).await {
                Ok(response) => return self.into_response(response, sender, origin, url),
                Err(mut error) => match error.take_message() {
                    // Not written: the connection closed first. Try another.
                    Some(unsent) => request = unsent,
                    None => return Err(broken_request(url, &error.into_error())),
                },
            }
        }
        let mut sender = self.connect(&origin).await?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|error| broken_request(url, &error))?;
        self.into_response(response, sender, origin, url)
    }

    /// An idle connection to `origin` that is still open, newest first.
    fn checkout(&self, origin: &Origin) -> Option<Sender> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        let connections = idle.get_mut(origin)?;
        while let Some(connection) = connections.pop() {
            if !connection.sender.is_closed() && connection.since.elapsed() < IDLE_TIMEOUT {
                return Some(connection.sender);
            }
        }
        None
    }

    fn give_back(&self, origin: Origin, sender: Sender) {
        if sender.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        let connections = idle.entry(origin).or_default();
        if connections.len() >= MAX_IDLE_PER_ORIGIN {
            connections.remove(0);
        }
        connections.push(IdleConnection {
            sender,
            since: Instant::now(),
        });
    }

    /// A new connection to `origin`, its driver running as a task.
    async fn connect(&self, origin: &Origin) -> Result<Sender, AttemptFailure> {
        let stream = match tokio::time::timeout(self.connect_timeout, open_socket(origin)).await {
            Err(_elapsed) => {
                return Err(cannot_connect(
                    origin,
                    "no answer within the connect timeout",
                ));
            }
            Ok(Err(error)) => return Err(cannot_connect(origin, &error.to_string())),
            Ok(Ok(stream)) => stream,
        };
        // Requests are small and written at once: no need to wait for more.
        stream
            .set_nodelay(true)
            .map_err(|error| cannot_connect(origin, &error.to_string()))?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|error| cannot_connect(origin, &error.to_string()))?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "an HTTP connection ended");
            }
        });
        Ok(sender)
    }

    /// `response` as reqwest's type, whose body gives the connection back
    /// when it ends.
    fn into_response(
        self: &Arc<Self>,
        response: http::Response<Incoming>,
        sender: Sender,
        origin: Origin,
        url: &Url,
    ) -> Result<reqwest::Response, AttemptFailure> {
        let (parts, body) = response.into_parts();
        let body = PooledBody {
            body,
            give_back: Some(GiveBack {
                pool: Arc::clone(self),
                origin,
                sender,
            }),
        };
        // The builder is the only way to give reqwest's response its URL.
        let mut response = http::Response::builder()
            .url(url.clone())
            .body(reqwest::Body::wrap(body))
            .map_err(|error| AttemptFailure::fatal(format!("internal error: {error}")))?;
        *response.status_mut() = parts.status;
        *response.version_mut() = parts.version;
        *response.headers_mut() = parts.headers;
        Ok(reqwest::Response::from(response))
    }
}

/// What a body needs to put its connection back in the pool.
struct GiveBack {
    pool: Arc<PlainHttp>,
    origin: Origin,
    sender: Sender,
}

/// A response body that gives its connection back to the pool once it has
/// ended. Dropped before that, the connection closes with it.
struct PooledBody {
    body: Incoming,
    give_back: Option<GiveBack>,
}

impl PooledBody {
    fn end(&mut self) {
        if let Some(GiveBack {
            pool,
            origin,
            sender,
        }) = self.give_back.take()
        {
            pool.give_back(origin, sender);
        }
    }
}

impl Body for PooledBody {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        let frame = ready!(Pin::new(&mut self.body).poll_frame(cx));
        match &frame {
            Some(Ok(_)) if self.body.is_end_stream() => self.end(),
            None => self.end(),
            // An error: the connection is not reused.
            Some(Err(_)) => self.give_back = None,
            Some(Ok(_)) => {}
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

fn origin_of(url: &Url) -> Result<Origin, AttemptFailure> {
    let host = url
        .host()
        .ok_or_else(|| AttemptFailure::fatal(format!("{url} names no host")))?;
    Ok(Origin {
        host: host.to_owned(),
        port: url.port_or_known_default().unwrap_or(80),
    })
}

/// A socket connected to `origin`, on the first of its addresses that
/// answers.
async fn open_socket(origin: &Origin) -> io::Result<TcpStream> {
    let addresses: Vec<SocketAddr> = match &origin.host {
        Host::Ipv4(address) => vec![SocketAddr::from((*address, origin.port))],
        Host::Ipv6(address) => vec![SocketAddr::from((*address, origin.port))],
        Host::Domain(domain) => {
            interleave_families(tokio::net::lookup_host((domain.as_str(), origin.port)).await?)
        }
    };
    connect_first(addresses).await
}

/// Connects to one of `addresses` as RFC 8305 says: each next attempt
/// starts when the last one failed or had no answer within
/// [`NEXT_ATTEMPT_DELAY`], and the first to connect wins. So an address
/// that goes nowhere (an IPv6 route that is broken) costs a quarter second,
/// not the connect timeout.
async fn connect_first(addresses: Vec<SocketAddr>) -> io::Result<TcpStream> {
    let mut waiting = addresses.into_iter();
    let mut attempts = FuturesUnordered::new();
    let mut last_error = None;
    loop {
        if attempts.is_empty() {
            let Some(address) = waiting.next() else {
                return Err(last_error.unwrap_or_else(|| {
                    io::Error::new(io::ErrorKind::NotFound, "the name has no address")
                }));
            };
            attempts.push(TcpStream::connect(address));
        }
        tokio::select! {
            Some(result) = attempts.next() => match result {
                Ok(stream) => return Ok(stream),
                Err(error) => {
                    last_error = Some(error);
                    if let Some(address) = waiting.next() {
                        attempts.push(TcpStream::connect(address));
                    }
                }
            },
            () = tokio::time::sleep(NEXT_ATTEMPT_DELAY), if waiting.len() > 0 => {
                if let Some(address) = waiting.next() {
                    attempts.push(TcpStream::connect(address));
                }
            }
        }
    }
}

/// `addresses` in the resolver's order, but alternating between IPv6 and
/// IPv4, starting with the family of the first.
fn interleave_families(addresses: impl Iterator<Item = SocketAddr>) -> Vec<SocketAddr> {
    let (mut first, mut second): (Vec<SocketAddr>, Vec<SocketAddr>) = (Vec::new(), Vec::new());
    let mut first_is_v6 = None;
    for address in addresses {
        let is_v6 = *first_is_v6.get_or_insert(address.is_ipv6());
        if address.is_ipv6() == is_v6 {
            first.push(address);
        } else {
            second.push(address);
        }
    }
    let mut interleaved = Vec::with_capacity(first.len() + second.len());
    let (mut first, mut second) = (first.into_iter(), second.into_iter());
    loop {
        match (first.next(), second.next()) {
            (None, None) => return interleaved,
            (one, other) => interleaved.extend(one.into_iter().chain(other)),
        }
    }
}

/// The path and query of `url`, as an HTTP/1.1 request target.
fn origin_form(url: &Url) -> &str {
    &url[Position::BeforePath..Position::AfterQuery]
}

/// `Host: host[:port]`, the port only when it is not 80.
fn host_header(url: &Url) -> Result<HeaderValue, AttemptFailure> {
    let host = url.host_str().unwrap_or_default();
    let value = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    HeaderValue::from_str(&value)
        .map_err(|error| AttemptFailure::fatal(format!("cannot name the host of {url}: {error}")))
}

fn cannot_connect(origin: &Origin, cause: &str) -> AttemptFailure {
    // `Host` shows an IPv6 address in brackets, as URLs write it.
    AttemptFailure::retryable(format!(
        "cannot connect to {}:{}: {cause}",
        origin.host, origin.port
    ))
}

fn broken_request(url: &Url, error: &hyper::Error) -> AttemptFailure {
    AttemptFailure::retryable(format!(
        "the request to {url} failed: {}",
        super::error_chain(error)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn the_request_target_is_the_path_and_query_without_the_fragment() {
        assert_eq!(origin_form(&url("http://a.example")), "/");
        assert_eq!(origin_form(&url("http://a.example/b/c.iso")), "/b/c.iso");
        assert_eq!(
            origin_form(&url("http://a.example:8080/b?x=1&y=%20#frag")),
            "/b?x=1&y=%20"
        );
    }

    #[test]
    fn the_host_header_names_the_port_only_when_it_is_not_80() {
        let host = |text: &str| host_header(&url(text)).expect("host");
        assert_eq!(host("http://a.example/x"), "a.example");
        assert_eq!(host("http://a.example:80/x"), "a.example");
        assert_eq!(host("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(host("http://[::1]:8080/x"), "[::1]:8080");
    }

    #[test]
    fn addresses_alternate_between_families_in_the_resolvers_order() {
        let v6 =
            |last: u16| SocketAddr::from((std::net::Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, last), 80));
        let v4 = |last: u8| SocketAddr::from((std::net::Ipv4Addr::new(127, 0, 0, last), 80));
        assert_eq!(
            interleave_families([v6(1), v6(2), v6(3), v4(1)].into_iter()),
            vec![v6(1), v4(1), v6(2), v6(3)]
        );
        assert_eq!(
            interleave_families([v4(1), v4(2), v6(1), v6(2)].into_iter()),
            vec![v4(1), v6(1), v4(2), v6(2)]
        );
        assert_eq!(interleave_families([v4(1)].into_iter()), vec![v4(1)]);
        assert_eq!(interleave_families(std::iter::empty()), Vec::new());
    }

    /// A port on 127.0.0.1 that refuses connections.
    fn refusing_address() -> SocketAddr {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address")
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    #[test]
    fn an_address_that_refuses_is_passed_over_for_the_next() {
        runtime().block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let open = listener.local_addr().expect("address");
            let stream = connect_first(vec![refusing_address(), open])
                .await
                .expect("connected");
            assert_eq!(stream.peer_addr().expect("peer"), open);
            let refused = connect_first(vec![refusing_address()]).await;
            assert_eq!(
                refused.map(|_| ()).map_err(|error| error.kind()),
                Err(io::ErrorKind::ConnectionRefused)
            );
        });
    }

    /// A listener whose backlog is full drops new SYNs: a connection to it
    /// gets no answer, as over a broken route. The next address is tried
    /// beside it a quarter second later, not after the kernel gives up.
    #[test]
    fn an_address_without_an_answer_is_passed_over_for_the_next() {
        runtime().block_on(async {
            let silent = tokio::net::TcpSocket::new_v4().expect("socket");
            silent
                .bind("127.0.0.1:0".parse().expect("address"))
                .expect("bind");
            let silent_address = silent.local_addr().expect("address");
            let silent = silent.listen(0).expect("listen");
            // Fill the backlog; nothing is ever accepted.
            let mut fillers = Vec::new();
            while fillers.len() < 4 {
                match tokio::time::timeout(
                    Duration::from_millis(200),
                    TcpStream::connect(silent_address),
                )
                .await
                {
                    Ok(Ok(stream)) => fillers.push(stream),
                    _ => break,
                }
            }
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let open = listener.local_addr().expect("address");
            let connecting = connect_first(vec![silent_address, open]);
            let stream = tokio::time::timeout(Duration::from_secs(20), connecting)
                .await
                .expect("connected well before the kernel gives up on the first address")
                .expect("connected");
            assert_eq!(stream.peer_addr().expect("peer"), open);
            drop(silent);
        });
    }
}
