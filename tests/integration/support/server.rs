//! A real HTTP/1.1 server (plain or HTTPS) on 127.0.0.1 for tests, with
//! fault switches. Each
//! test gives a handler that sees every request (and its index) and returns a
//! [`Reply`]; the server records what it received so tests can assert on it.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub received_at: Instant,
    /// The request body (Content-Length bytes), as far as it arrived.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header_name, _)| header_name.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What the server sends back, and how it misbehaves.
#[derive(Clone, Debug, Default)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Close the connection after this many body bytes (a reset mid-body).
    pub cut_after: Option<usize>,
    /// Send the body in chunks of this size with this pause between them.
    pub drip: Option<(usize, Duration)>,
    /// Stop sending (without closing) after this many body bytes.
    pub stall_after: Option<usize>,
    /// Content-Length to announce instead of the body's length.
    pub announced_length: Option<u64>,
}

impl Reply {
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            ..Reply::default()
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn cut_after(mut self, bytes: usize) -> Self {
        self.cut_after = Some(bytes);
        self
    }

    pub fn drip(mut self, chunk: usize, pause: Duration) -> Self {
        self.drip = Some((chunk, pause));
        self
    }

    pub fn stall_after(mut self, bytes: usize) -> Self {
        self.stall_after = Some(bytes);
        self
    }
}

/// Serves `body` like a good server: Range honoured when If-Range (if any)
/// matches `etag`, 206 with an exact Content-Range, else 200.
pub fn serve_bytes(request: &RecordedRequest, body: &[u8], etag: Option<&str>) -> Reply {
    let if_range_matches = match (request.header("if-range"), etag) {
        (None, _) => true,
        (Some(sent), Some(current)) => sent == current,
        (Some(_), None) => false,
    };
    let range_start = request
        .header("range")
        .and_then(|range| range.strip_prefix("bytes="))
        .and_then(|range| range.strip_suffix('-'))
        .and_then(|start| start.parse::<usize>().ok());
    let mut reply = match range_start {
        Some(start) if if_range_matches && start < body.len() => Reply {
            status: 206,
            body: body[start..].to_vec(),
            ..Reply::default()
        }
        .with_header(
            "Content-Range",
            &format!("bytes {start}-{}/{}", body.len() - 1, body.len()),
        ),
        Some(start) if if_range_matches && start >= body.len() => {
            return Reply::status(416)
                .with_header("Content-Range", &format!("bytes */{}", body.len()));
        }
        _ => Reply {
            status: 200,
            body: body.to_vec(),
            ..Reply::default()
        },
    };
    reply = reply.with_header("Accept-Ranges", "bytes");
    if let Some(etag) = etag {
        reply = reply.with_header("ETag", etag);
    }
    reply
}

pub type Handler = Arc<dyn Fn(&RecordedRequest, usize) -> Reply + Send + Sync>;

/// Connections whose request bodies are cut: the first `requests` requests
/// lose their connection after `after_bytes` body bytes (an upload broken
/// midway), without an answer.
#[derive(Clone, Copy, Debug, Default)]
pub struct BodyCut {
    pub requests: usize,
    pub after_bytes: usize,
}

/// Requests being answered: now, and the most at once.
#[derive(Debug, Default)]
struct InFlight {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl InFlight {
    fn begin(&self) {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
    }

    fn end(&self) {
        self.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How a server treats its connections.
#[derive(Clone, Copy, Debug, Default)]
struct Mode {
    cut: BodyCut,
    /// Answers several requests on one connection (otherwise each answer
    /// says `Connection: close` and closes it).
    keep_alive: bool,
    /// Closes a kept connection that stays idle this long, without a word
    /// (as a server's keep-alive timeout does).
    idle_timeout: Option<Duration>,
}

/// A running test server; stops when dropped.
pub struct TestServer {
    pub address: SocketAddr,
    scheme: &'static str,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    in_flight: Arc<InFlight>,
    connections: Arc<AtomicUsize>,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl TestServer {
    pub fn start(
        handler: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        Self::start_with(handler, None, Mode::default())
    }

    /// A server that keeps connections open for more requests, as most
    /// real servers do (replies that break or stall still close theirs).
    pub fn start_keep_alive(
        handler: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let mode = Mode {
            keep_alive: true,
            ..Mode::default()
        };
        Self::start_with(handler, None, mode)
    }

    /// A keep-alive server that closes a connection idle for `idle_timeout`.
    pub fn start_keep_alive_for(
        idle_timeout: Duration,
        handler: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let mode = Mode {
            keep_alive: true,
            idle_timeout: Some(idle_timeout),
            ..Mode::default()
        };
        Self::start_with(handler, None, mode)
    }

    /// A server that reads request bodies and breaks the first ones as
    /// `cut` says; the rest are answered by `handler`.
    pub fn start_cutting_bodies(
        cut: BodyCut,
        handler: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let mode = Mode {
            cut,
            ..Mode::default()
        };
        Self::start_with(handler, None, mode)
    }

    /// A slow server of `body` at every path: [`serve_bytes`] with the
    /// validator `etag`, each response sent `chunk` bytes at a time,
    /// `pause` apart.
    pub fn start_dripping(
        body: &Arc<Vec<u8>>,
        etag: &'static str,
        chunk: usize,
        pause: Duration,
    ) -> Self {
        let served = Arc::clone(body);
        Self::start(move |request, _| serve_bytes(request, &served, Some(etag)).drip(chunk, pause))
    }

    /// [`TestServer::start_dripping`] (16 KiB every 10 ms) until the
    /// returned switch is set to false; full speed after.
    pub fn start_slow_until_switched(
        body: &Arc<Vec<u8>>,
        etag: &'static str,
    ) -> (Self, Arc<std::sync::atomic::AtomicBool>) {
        let served = Arc::clone(body);
        let slow = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let slow_switch = Arc::clone(&slow);
        let server = Self::start(move |request, _| {
            let reply = serve_bytes(request, &served, Some(etag));
            if slow_switch.load(Ordering::SeqCst) {
                reply.drip(16 * 1024, Duration::from_millis(10))
            } else {
                reply
            }
        });
        (server, slow)
    }

    /// A server speaking HTTPS with a certificate for 127.0.0.1 made now;
    /// also returns that certificate (PEM), for a client to trust.
    pub fn start_https(
        handler: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
    ) -> (Self, String) {
        Self::start_https_certified(handler, false)
    }

    /// [`TestServer::start_https`] with a certificate that is also its own
    /// CA (`CA:TRUE`, as `openssl req -x509` makes one by default).
    pub fn start_https_self_made_ca(
        handler: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
    ) -> (Self, String) {
        Self::start_https_certified(handler, true)
    }

    fn start_https_certified(
        handler: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
        is_ca: bool,
    ) -> (Self, String) {
        let signing_key = rcgen::KeyPair::generate().expect("key");
        let mut params =
            rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("params");
        if is_ca {
            params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        }
        let cert = params.self_signed(&signing_key).expect("certificate");
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(signing_key.serialize_der().into());
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], key)
        .expect("server certificate");
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let server = Self::start_with(handler, Some(acceptor), Mode::default());
        (server, cert.pem())
    }

    fn start_with(
        handler: impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static,
        tls: Option<tokio_rustls::TlsAcceptor>,
        mode: Mode,
    ) -> Self {
        let scheme = if tls.is_some() { "https" } else { "http" };
        let handler: Handler = Arc::new(handler);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let in_flight = Arc::new(InFlight::default());
        let thread_in_flight = Arc::clone(&in_flight);
        let connections = Arc::new(AtomicUsize::new(0));
        let thread_connections = Arc::clone(&connections);
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let address = std_listener.local_addr().expect("address");
        let (shutdown_sender, mut shutdown_receiver) = tokio::sync::oneshot::channel::<()>();
        let thread_requests = Arc::clone(&requests);
        std::thread::Builder::new()
            .name("test-http-server".to_owned())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("server runtime");
                runtime.block_on(async move {
                    let listener = TcpListener::from_std(std_listener).expect("listener");
                    loop {
                        tokio::select! {
                            _ = &mut shutdown_receiver => break,
                            accepted = listener.accept() => {
                                let Ok((stream, _)) = accepted else { continue };
                                thread_connections.fetch_add(1, Ordering::SeqCst);
                                // The head and the body go in two writes:
                                // without this, a kept connection waits for
                                // the client's delayed ACK between them.
                                let _ = stream.set_nodelay(true);
                                let in_flight = Arc::clone(&thread_in_flight);
                                let handler = Arc::clone(&handler);
                                let requests = Arc::clone(&thread_requests);
                                match tls.clone() {
                                    None => {
                                        tokio::spawn(serve_connection(stream, handler, requests, in_flight, mode));
                                    }
                                    Some(acceptor) => {
                                        tokio::spawn(async move {
                                            // A client that refuses the
                                            // certificate ends here.
                                            if let Ok(stream) = acceptor.accept(stream).await {
                                                serve_connection(stream, handler, requests, in_flight, mode).await;
                                            }
                                        });
                                    }
                                }
                            }
                        }
                    }
                });
            })
            .expect("server thread");
        TestServer {
            address,
            scheme,
            requests,
            in_flight,
            connections,
            _shutdown: shutdown_sender,
        }
    }

    pub fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("{}://{}{path}", self.scheme, self.address)).expect("test URL")
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.lock().expect("requests lock").clone()
    }

    /// The most requests that were being answered at once (from the
    /// request read to the answer written, or the client gone).
    pub fn peak_in_flight(&self) -> usize {
        self.in_flight.peak.load(Ordering::SeqCst)
    }

    /// How many connections clients opened to it.
    pub fn connections_accepted(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn serve_connection(
    mut stream: impl AsyncRead + AsyncWrite + Unpin,
    handler: Handler,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    in_flight: Arc<InFlight>,
    mode: Mode,
) {
    let mut buffer = Vec::new();
    let mut answered = false;
    loop {
        let reading = read_request(&mut stream, &mut buffer, &requests, mode.cut);
        let read = match mode.idle_timeout {
            Some(idle_timeout) if answered => {
                match tokio::time::timeout(idle_timeout, reading).await {
                    Ok(read) => read,
                    // Idle too long: closed without an answer.
                    Err(_elapsed) => return,
                }
            }
            _ => reading.await,
        };
        let Some((request, index, whole)) = read else {
            return;
        };
        if !whole {
            // Broken midway: the connection goes without an answer.
            return;
        }
        in_flight.begin();
        let reply = handler(&request, index);
        let keep_open = mode.keep_alive && reply.cut_after.is_none() && reply.stall_after.is_none();
        let written = write_reply(&mut stream, &reply, keep_open).await;
        in_flight.end();
        if written.is_err() || !keep_open {
            return;
        }
        answered = true;
    }
}

/// Reads and records the next request on the connection (`buffer` keeps
/// what arrived beyond it); `None` when the connection ended first. The
/// flag says whether its body arrived whole (`cut` may break it).
async fn read_request(
    stream: &mut (impl AsyncRead + Unpin),
    buffer: &mut Vec<u8>,
    requests: &Mutex<Vec<RecordedRequest>>,
    cut: BodyCut,
) -> Option<(RecordedRequest, usize, bool)> {
    let mut chunk = [0_u8; 4096];
    let head_end = loop {
        if let Some(position) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break position;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
        if buffer.len() > 64 * 1024 {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let received_at = Instant::now();
    let body_length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let index = requests.lock().expect("requests lock").len();
    let body_limit = if index < cut.requests {
        body_length.min(cut.after_bytes)
    } else {
        body_length
    };
    let mut body = buffer.split_off(head_end + 4);
    while body.len() < body_limit {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(read) => body.extend_from_slice(&chunk[..read]),
        }
    }
    // What arrived beyond this request belongs to the next one.
    *buffer = body.split_off(body_limit.min(body.len()));
    let request = RecordedRequest {
        method,
        path,
        headers,
        received_at,
        body,
    };
    let index = {
        let mut recorded = requests.lock().expect("requests lock");
        recorded.push(request.clone());
        recorded.len() - 1
    };
    Some((request, index, body_limit == body_length))
}

/// Waits `pause`, or fails as soon as the client closes the connection, as
/// real servers notice (the client sends nothing while it waits for an
/// answer, so anything read means the connection ended).
async fn pause_unless_closed(
    stream: &mut (impl AsyncRead + Unpin),
    pause: Duration,
) -> std::io::Result<()> {
    let mut byte = [0_u8; 1];
    tokio::select! {
        () = tokio::time::sleep(pause) => Ok(()),
        _ = stream.read(&mut byte) => Err(std::io::ErrorKind::ConnectionAborted.into()),
    }
}

/// Writes the reply; unless `keep_open`, says so and closes the connection.
async fn write_reply(
    stream: &mut (impl AsyncRead + AsyncWrite + Unpin),
    reply: &Reply,
    keep_open: bool,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} X\r\n", reply.status);
    if !keep_open {
        head.push_str("Connection: close\r\n");
    }
    let length = reply.announced_length.unwrap_or(reply.body.len() as u64);
    head.push_str(&format!("Content-Length: {length}\r\n"));
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    let mut limit = reply.body.len();
    if let Some(cut) = reply.cut_after {
        limit = limit.min(cut);
    }
    if let Some(stall) = reply.stall_after {
        limit = limit.min(stall);
    }
    let body = &reply.body[..limit];
    match reply.drip {
        Some((chunk_size, pause)) => {
            for (index, piece) in body.chunks(chunk_size.max(1)).enumerate() {
                if index > 0 {
                    pause_unless_closed(stream, pause).await?;
                }
                stream.write_all(piece).await?;
                stream.flush().await?;
            }
        }
        None => stream.write_all(body).await?,
    }
    stream.flush().await?;
    if reply.stall_after.is_some() {
        // Keep the connection open and silent.
        pause_unless_closed(stream, Duration::from_secs(600)).await?;
    }
    if keep_open {
        return Ok(());
    }
    stream.shutdown().await
}
