//! The client side: a [`RemoteEngine`] gives the window and the command
//! line the same [`EngineHandle`] a local engine gives, backed by a mirror
//! of the service's table that its events keep current. Its thread connects
//! (starting `ferry daemon` when none runs), and connects again when the
//! service goes away, if asked to.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use tokio::net::UnixStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::codec::{Framed, LengthDelimitedCodec};

use super::mirror::{self, Mirror};
use super::protocol::{
    ClientMessage, PROTOCOL_VERSION, PendingWelcome, ServiceMessage, Welcome, WindowRequest, codec,
    ferry_version,
};
use super::{ServiceError, socket};
use crate::desktop::{reap_in_background, sibling_program};
use crate::engine::backend::Envelope;
use crate::engine::{EngineHandle, Event, Waker};

/// How long a started service may take to answer.
const START_TIMEOUT: Duration = Duration::from_secs(15);
/// How long the service may take to send its welcome.
const WELCOME_TIMEOUT: Duration = Duration::from_secs(30);
/// Between attempts to reach a service that went away.
const RECONNECT_DELAY: Duration = Duration::from_millis(500);

/// How a client reaches the service.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// The `ferry` program that runs `ferry daemon` when no service runs;
    /// `None` only connects to a running one.
    pub service_program: Option<PathBuf>,
    /// Connect again (starting the service if allowed) when it goes away.
    pub reconnect: bool,
    /// This client is a window: the service sends it links opened with
    /// ferry and other clients' requests ([`RemoteEngine::take_window_requests`]).
    pub is_window: bool,
}

impl ClientOptions {
    /// Starts the service with the `ferry` beside this program (or on PATH)
    /// and reconnects.
    pub fn starting_service() -> Self {
        ClientOptions {
            service_program: Some(default_service_program()),
            reconnect: true,
            is_window: false,
        }
    }

    /// Connects only to a service that already runs.
    pub fn running_service_only() -> Self {
        ClientOptions {
            service_program: None,
            reconnect: false,
            is_window: false,
        }
    }
}

/// `ferry` beside the running program (ferry-window's sibling), else the
/// one on PATH.
pub fn default_service_program() -> PathBuf {
    sibling_program("ferry")
}

/// A connection to the service, with the same handle a local engine gives.
/// Dropping it disconnects; the transfers go on in the service.
pub struct RemoteEngine {
    handle: EngineHandle,
    events: Option<mpsc::Receiver<Event>>,
    controls: mpsc::Sender<Control>,
    window_requests: Option<mpsc::Receiver<WindowRequest>>,
    tray_shown: watch::Receiver<Option<bool>>,
    service_pid: u32,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RemoteEngine {
    /// Connects to the service of `state_dir`. `Ok(None)` when none runs
    /// and `options` may not start one.
    pub fn connect(
        state_dir: &Path,
        options: ClientOptions,
        waker: Option<Waker>,
    ) -> Result<Option<RemoteEngine>, ServiceError> {
        // Most commands start by asking whether a service runs: when
        // nothing listens, say so before starting a thread for it.
        if options.service_program.is_none() && !is_listening(&socket::socket_path(state_dir)?) {
            return Ok(None);
        }
        let (request_sender, window_requests) = mpsc::channel(WINDOW_REQUEST_CAPACITY);
        let (mirror, handle, events, envelopes) = mirror::mirror(waker, request_sender);
        let tray_shown = mirror.tray_shown();
        let (controls, control_requests) = mpsc::channel(1);
        let (stop, stopped) = oneshot::channel();
        let (ready, is_ready) = std::sync::mpsc::sync_channel(1);
        let state_dir = state_dir.to_owned();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| {
                ServiceError::io(
                    ferry_i18n::tr!("service-io-start-client-runtime"),
                    &state_dir,
                    error,
                )
            })?;
        let thread = std::thread::Builder::new()
            .name("ferry-client".to_owned())
            .spawn(move || {
                runtime.block_on(run_client(ClientRun {
                    state_dir,
                    options,
                    mirror,
                    envelopes,
                    control_requests,
                    stopped,
                    ready,
                }));
            })
            .map_err(|error| {
                ServiceError::io(
                    ferry_i18n::tr!("service-io-start-client-thread"),
                    Path::new("."),
                    error,
                )
            })?;
        let outcome = is_ready.recv().unwrap_or(Err(ServiceError::Lost));
        let Ok(Some(service_pid)) = outcome else {
            let _ = stop.send(());
            let _ = thread.join();
            return outcome.map(|_| None);
        };
        Ok(Some(RemoteEngine {
            handle,
            events: Some(events),
            controls,
            window_requests: Some(window_requests),
            tray_shown,
            service_pid,
            stop: Some(stop),
            thread: Some(thread),
        }))
    }

    pub fn handle(&self) -> EngineHandle {
        self.handle.clone()
    }

    /// The event stream (one, for the caller that drives a UI).
    pub fn take_events(&mut self) -> Option<mpsc::Receiver<Event>> {
        self.events.take()
    }

    /// Whether a tray host shows the service's icon (`None`: the service
    /// has no tray, as the engine of a `ferry get`).
    pub fn tray_shown(&self) -> watch::Receiver<Option<bool>> {
        self.tray_shown.clone()
    }

    /// The service's process id (as it was when connected).
    pub fn service_pid(&self) -> u32 {
        self.service_pid
    }

    /// Asks the service to stop (every transfer stops where it stands);
    /// returns once the request went out. Blocking: not from async code.
    pub fn quit_service(&self) -> Result<(), ServiceError> {
        let (done, is_done) = oneshot::channel();
        self.controls
            .blocking_send(Control::Quit(done))
            .map_err(|_| ServiceError::Lost)?;
        is_done.blocking_recv().map_err(|_| ServiceError::Lost)?
    }

    /// Hands `request` to the open windows; false when none is open.
    /// Blocking: not from async code (nor a UI thread).
    pub fn ask_window(&self, request: WindowRequest) -> Result<bool, ServiceError> {
        self.to_window(request, false)
            .map(|_| true)
            .or_else(|error| match error {
                ToWindowError::NoWindow => Ok(false),
                ToWindowError::Service(error) => Err(error),
            })
    }

    /// Hands `request` to the open windows, or has the service keep it for
    /// the next window that opens (one being started now). Blocking.
    pub fn ask_next_window(&self, request: WindowRequest) -> Result<(), ServiceError> {
        self.to_window(request, true).map_err(|error| match error {
            ToWindowError::NoWindow => ServiceError::Lost,
            ToWindowError::Service(error) => error,
        })
    }

    fn to_window(
        &self,
        request: WindowRequest,
        keep_for_next_window: bool,
    ) -> Result<(), ToWindowError> {
        let (done, is_done) = oneshot::channel();
        self.controls
            .blocking_send(Control::ToWindow {
                request,
                keep_for_next_window,
                done,
            })
            .map_err(|_| ToWindowError::Service(ServiceError::Lost))?;
        match is_done.blocking_recv() {
            Ok(Ok(true)) => Ok(()),
            Ok(Ok(false)) => Err(ToWindowError::NoWindow),
            Ok(Err(error)) => Err(ToWindowError::Service(error)),
            Err(_) => Err(ToWindowError::Service(ServiceError::Lost)),
        }
    }

    /// Tells the service this window draws now: requests kept for the
    /// next window come to it. Never blocks.
    pub fn window_ready(&self) {
        let _ = self.controls.try_send(Control::WindowReady);
    }

    /// What other clients ask of this window (a client with
    /// [`ClientOptions::is_window`]).
    pub fn take_window_requests(&mut self) -> Option<mpsc::Receiver<WindowRequest>> {
        self.window_requests.take()
    }
}

impl Drop for RemoteEngine {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the client thread panicked");
        }
    }
}

type Connection = Framed<UnixStream, LengthDelimitedCodec>;

/// Requests that may wait for a window to look.
const WINDOW_REQUEST_CAPACITY: usize = 16;

/// What a client asks of the service itself, not of the engine.
enum Control {
    /// Stop; answered once the request was written.
    Quit(oneshot::Sender<Result<(), ServiceError>>),
    /// Pass a request to the windows; answered with whether one took it.
    ToWindow {
        request: WindowRequest,
        keep_for_next_window: bool,
        done: oneshot::Sender<Result<bool, ServiceError>>,
    },
    WindowReady,
}

struct ClientRun {
    state_dir: PathBuf,
    options: ClientOptions,
    mirror: Mirror,
    envelopes: mpsc::Receiver<Envelope>,
    control_requests: mpsc::Receiver<Control>,
    stopped: oneshot::Receiver<()>,
    ready: std::sync::mpsc::SyncSender<Result<Option<u32>, ServiceError>>,
}

async fn run_client(mut run: ClientRun) {
    let first = open(&run.state_dir, &run.options).await;
    let mut connection = match first {
        Ok(Some((connection, welcome))) => {
            let pid = welcome.pid;
            run.mirror.welcome(*welcome, false);
            let _ = run.ready.send(Ok(Some(pid)));
            connection
        }
        Ok(None) => {
            let _ = run.ready.send(Ok(None));
            return;
        }
        Err(error) => {
            let _ = run.ready.send(Err(error));
            return;
        }
    };
    loop {
        let ended = session(connection, &mut run).await;
        run.mirror.fail_pending();
        if ended == SessionEnd::Stopped || !run.options.reconnect || run.mirror.is_quit() {
            run.mirror.disconnected();
            return;
        }
        // The service went away (it quit, or it was the engine of a
        // `ferry get` that finished): reach a new one.
        loop {
            tokio::select! {
                _ = &mut run.stopped => return,
                () = tokio::time::sleep(RECONNECT_DELAY) => {}
                Some(envelope) = run.envelopes.recv() => {
                    run.mirror.refuse(envelope);
                    continue;
                }
            }
            match open(&run.state_dir, &run.options).await {
                Ok(Some((reopened, welcome))) => {
                    run.mirror.welcome(*welcome, true);
                    connection = reopened;
                    break;
                }
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "cannot reach the service again"),
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum SessionEnd {
    /// The owner dropped the client.
    Stopped,
    /// The service closed the connection or sent garbage.
    Lost,
}

/// Frames waiting for the writer; the session takes no more from the caller
/// while they do, and reads on meanwhile.
const OUTGOING_CAPACITY: usize = 64;

/// One frame for the writer, and who hears that it was written.
type OutgoingFrame = (Bytes, Option<oneshot::Sender<Result<(), ServiceError>>>);

/// One connection's life: the service's messages are read all along, while
/// a task of its own writes what the caller sends (a service that waits for
/// us to read its replies before it reads more never stalls us both).
async fn session(connection: Connection, run: &mut ClientRun) -> SessionEnd {
    let (mut sink, mut stream) = connection.split();
    let (outgoing, mut to_write) = mpsc::channel::<OutgoingFrame>(OUTGOING_CAPACITY);
    let mut writer = tokio::spawn(async move {
        while let Some((frame, written)) = to_write.recv().await {
            let result = sink.send(frame).await.map_err(|_| ServiceError::Lost);
            let is_written = result.is_ok();
            if let Some(written) = written {
                let _ = written.send(result);
            }
            if !is_written {
                return;
            }
        }
    });
    let end = loop {
        let has_room = outgoing.capacity() > 0;
        tokio::select! {
            _ = &mut run.stopped => break SessionEnd::Stopped,
            _ = &mut writer => break SessionEnd::Lost,
            frame = stream.next() => {
                let Some(Ok(frame)) = frame else { break SessionEnd::Lost };
                match serde_json::from_slice::<ServiceMessage>(&frame) {
                    Ok(message) => run.mirror.apply(message),
                    Err(error) => {
                        tracing::warn!(%error, "the service sent a message this ferry cannot read");
                        break SessionEnd::Lost;
                    }
                }
            }
            envelope = run.envelopes.recv(), if has_room => {
                let Some(envelope) = envelope else { break SessionEnd::Stopped };
                if let Some(message) = run.mirror.outgoing(envelope) {
                    queue(&outgoing, &message, None);
                }
            }
            Some(control) = run.control_requests.recv(), if has_room => match control {
                Control::Quit(done) => queue(&outgoing, &ClientMessage::Quit, Some(done)),
                Control::WindowReady => queue(&outgoing, &ClientMessage::WindowReady, None),
                Control::ToWindow { request, keep_for_next_window, done } => {
                    let (reply, replied) = oneshot::channel();
                    let request_id = run.mirror.await_reply(reply);
                    tokio::spawn(async move {
                        let taken = replied
                            .await
                            .map_err(|_| ServiceError::Lost)
                            .map(|result| result.is_ok());
                        let _ = done.send(taken);
                    });
                    let message = ClientMessage::ToWindow {
                        request_id,
                        request,
                        keep_for_next_window,
                    };
                    queue(&outgoing, &message, None);
                }
            },
        }
    };
    writer.abort();
    end
}

/// Hands `message` to the writer (the caller checked there is room).
fn queue(
    outgoing: &mpsc::Sender<OutgoingFrame>,
    message: &ClientMessage,
    written: Option<oneshot::Sender<Result<(), ServiceError>>>,
) {
    match serde_json::to_vec(message) {
        Ok(bytes) => {
            if let Err(
                mpsc::error::TrySendError::Full((_, Some(written)))
                | mpsc::error::TrySendError::Closed((_, Some(written))),
            ) = outgoing.try_send((Bytes::from(bytes), written))
            {
                let _ = written.send(Err(ServiceError::Lost));
            }
        }
        Err(_) => {
            if let Some(written) = written {
                let _ = written.send(Err(ServiceError::Garbled));
            }
        }
    }
}

async fn send(connection: &mut Connection, message: &ClientMessage) -> Result<(), ServiceError> {
    let bytes = serde_json::to_vec(message).map_err(|_| ServiceError::Garbled)?;
    connection
        .send(Bytes::from(bytes))
        .await
        .map_err(|_| ServiceError::Lost)
}

/// Connects and shakes hands; starts the service with `program` when none
/// answers. `Ok(None)`: none runs and none may be started.
async fn open(
    state_dir: &Path,
    options: &ClientOptions,
) -> Result<Option<(Connection, Box<Welcome>)>, ServiceError> {
    let socket_path = socket::socket_path(state_dir)?;
    if let Some(stream) = try_connect(&socket_path).await? {
        return handshake(stream, options.is_window).await.map(Some);
    }
    let Some(program) = options.service_program.as_deref() else {
        return Ok(None);
    };
    let mut child = launch(program, state_dir)?;
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        tokio::time::sleep(Duration::from_millis(10)).await;
        if let Some(stream) = try_connect(&socket_path).await? {
            reap_in_background(child);
            return handshake(stream, options.is_window).await.map(Some);
        }
        // A service that lost the race to another exits 0: keep waiting
        // for the winner. One that failed says why in its log.
        let has_failed = matches!(child.try_wait(), Ok(Some(status)) if !status.success());
        if has_failed || Instant::now() > deadline {
            reap_in_background(child);
            return Err(ServiceError::DidNotStart {
                log: log_path(state_dir),
                last_line: last_log_line(state_dir),
            });
        }
    }
}

/// Whether something listens on `socket_path` now (a blocking look).
fn is_listening(socket_path: &Path) -> bool {
    std::os::unix::net::UnixStream::connect(socket_path).is_ok()
}

/// A stream to the service, or `None` when nothing listens there (no
/// socket, or one left by a service that died).
async fn try_connect(socket_path: &Path) -> Result<Option<UnixStream>, ServiceError> {
    match UnixStream::connect(socket_path).await {
        Ok(stream) => Ok(Some(stream)),
        Err(error)
            if matches!(
                error.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
            ) =>
        {
            Ok(None)
        }
        Err(error) => Err(ServiceError::io(
            ferry_i18n::tr!("service-io-connect"),
            socket_path,
            error,
        )),
    }
}

async fn handshake(
    stream: UnixStream,
    is_window: bool,
) -> Result<(Connection, Box<Welcome>), ServiceError> {
    let mut connection = Framed::new(stream, codec());
    send(
        &mut connection,
        &ClientMessage::Hello {
            protocol: PROTOCOL_VERSION,
            version: ferry_version(),
        },
    )
    .await?;
    let frame = next_frame(&mut connection).await?;
    let mut pending = match serde_json::from_slice::<ServiceMessage>(&frame) {
        Ok(ServiceMessage::Welcome(welcome)) if welcome.protocol == PROTOCOL_VERSION => {
            PendingWelcome::start(welcome)
        }
        Ok(ServiceMessage::Refused { reason }) => return Err(ServiceError::Refused(reason)),
        // An older service that did not check our version, or garbage.
        _ => return Err(ServiceError::Garbled),
    };
    let welcome = loop {
        match pending {
            Ok(welcome) => break welcome,
            Err(still) => {
                let frame = next_frame(&mut connection).await?;
                let Ok(ServiceMessage::WelcomeTransfers(piece)) = serde_json::from_slice(&frame)
                else {
                    return Err(ServiceError::Garbled);
                };
                pending = still.add(piece);
            }
        }
    };
    if is_window {
        send(&mut connection, &ClientMessage::WindowOpened).await?;
    }
    Ok((connection, welcome))
}

/// The next frame of the handshake, within the welcome's time.
async fn next_frame(connection: &mut Connection) -> Result<bytes::BytesMut, ServiceError> {
    match tokio::time::timeout(WELCOME_TIMEOUT, connection.next()).await {
        Ok(Some(Ok(frame))) => Ok(frame),
        Ok(_) => Err(ServiceError::Lost),
        Err(_) => Err(ServiceError::Silent),
    }
}

/// The service's log: what a started service prints goes there.
pub fn log_path(state_dir: &Path) -> PathBuf {
    state_dir.join("service.log")
}

fn last_log_line(state_dir: &Path) -> String {
    std::fs::read_to_string(log_path(state_dir))
        .ok()
        .and_then(|text| {
            text.lines()
                .rev()
                .find(|line| !line.trim().is_empty())
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

/// Starts `program --state-dir DIR daemon --detached`, its output to the log.
fn launch(program: &Path, state_dir: &Path) -> Result<std::process::Child, ServiceError> {
    crate::store::private::create_private_dir(state_dir).map_err(|error| {
        ServiceError::io(ferry_i18n::tr!("service-io-create"), state_dir, error)
    })?;
    let log_path = log_path(state_dir);
    let log = crate::store::private::open_private_file(&log_path, false)
        .map_err(|error| ServiceError::io(ferry_i18n::tr!("service-io-open"), &log_path, error))?;
    let log_for_stdout = log
        .try_clone()
        .map_err(|error| ServiceError::io(ferry_i18n::tr!("service-io-open"), &log_path, error))?;
    // The service runs from `/`: it holds no client's folder busy, and
    // resolves no path against one (clients send absolute paths).
    let state_dir = std::path::absolute(state_dir).map_err(|error| {
        ServiceError::io(ferry_i18n::tr!("service-io-resolve"), state_dir, error)
    })?;
    std::process::Command::new(program)
        .arg("--state-dir")
        .arg(&state_dir)
        .args(["daemon", "--detached"])
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(log_for_stdout)
        .stderr(log)
        .spawn()
        .map_err(|error| {
            ServiceError::io(ferry_i18n::tr!("service-io-start-service"), program, error)
        })
}

/// Why a request did not reach a window.
enum ToWindowError {
    NoWindow,
    Service(ServiceError),
}
