//! The service side of the socket: accepts clients of this user, hands each
//! a [`Welcome`] and then every engine event in order, and carries their
//! commands to the engine. One hub task owns the clients, so a command's
//! reply always follows the events it caused, and a client that does not
//! read only loses its own events (it gets a fresh welcome when it reads
//! again), never the others'.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::codec::Framed;
use tokio_util::task::TaskTracker;

use super::protocol::{
    ClientMessage, MAX_FRAME_BYTES, PROTOCOL_VERSION, ServiceMessage, Welcome, WindowRequest,
    ferry_version, hello_codec, version_mismatch,
};
use super::{ServiceError, socket};
use crate::engine::{EngineHandle, Event, EventsWanted};

/// Frames waiting for one client before it counts as not reading.
const OUTBOX_CAPACITY: usize = 1024;
/// Requests of one client whose reply has not been written yet; past
/// this the service reads no more from it until it reads its replies.
const MAX_AWAITED_REPLIES: usize = 512;
/// Clients served at once (windows, commands); more are refused, so a
/// flood of connections cannot hold the service's memory.
const MAX_CLIENTS: usize = 128;
/// How long a client may take to say hello.
const HELLO_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one frame may take to go out before the client is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a stopping service waits for replies and their writing.
const STOP_GRACE: Duration = Duration::from_secs(2);
/// How often a client that missed events is offered a fresh welcome.
const RESYNC_INTERVAL: Duration = Duration::from_millis(250);

/// What the service tells its owner (the daemon's loop).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServiceStatus {
    /// Clients connected now.
    pub clients: usize,
    /// A client asked the service to stop (`ferry quit`).
    pub is_quit_requested: bool,
}

/// The socket served on its own thread; dropping it stops serving and
/// removes the socket (before the engine, and with it the lock, goes).
pub struct Service {
    socket_path: PathBuf,
    status: watch::Receiver<ServiceStatus>,
    tray_shown: watch::Sender<Option<bool>>,
    /// Set when the user quit ferry: told to every client as the service
    /// stops.
    is_quitting: watch::Sender<bool>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Service {
    /// Serves the engine behind `handle` on the socket of `state_dir`. The
    /// caller holds the state's writer lock; `events` is the engine's event
    /// stream, which the service now owns, and which it turns on only while
    /// a client is connected (`events_wanted`).
    pub fn start(
        state_dir: &Path,
        handle: EngineHandle,
        events: mpsc::Receiver<Event>,
        events_wanted: EventsWanted,
    ) -> Result<Service, ServiceError> {
        events_wanted.set(false);
        let socket_path = socket::socket_path(state_dir)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| {
                ServiceError::io("cannot start the service runtime", state_dir, error)
            })?;
        let listener = {
            let _guard = runtime.enter();
            socket::bind(&socket_path)?
        };
        let (status_sender, status) = watch::channel(ServiceStatus::default());
        let (tray_shown, tray_receiver) = watch::channel(None);
        let (is_quitting, quitting) = watch::channel(false);
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("ferry-service".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    let (hub_sender, hub_inputs) = mpsc::channel(OUTBOX_CAPACITY);
                    let outstanding = Arc::new(AtomicUsize::new(0));
                    let hub = Hub {
                        handle: handle.clone(),
                        clients: HashMap::new(),
                        status: status_sender.clone(),
                        outstanding: Arc::clone(&outstanding),
                        tray_shown: tray_receiver,
                        events_wanted,
                        quitting,
                    };
                    let connections = TaskTracker::new();
                    let accepting = tokio::spawn(accept(
                        listener,
                        Connections {
                            handle,
                            hub: hub_sender,
                            status: status_sender,
                            outstanding,
                            tracker: connections.clone(),
                        },
                    ));
                    hub.run(events, hub_inputs, stopped).await;
                    // The hub answered what was asked before the stop and
                    // closed every outbox: the connections write what is
                    // left in them and end.
                    accepting.abort();
                    connections.close();
                    let _ = tokio::time::timeout(STOP_GRACE, connections.wait()).await;
                });
            })
            .map_err(|error| {
                ServiceError::io("cannot start the service thread", state_dir, error)
            })?;
        Ok(Service {
            socket_path,
            status,
            tray_shown,
            is_quitting,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Watches the clients and quit requests.
    pub fn status(&self) -> watch::Receiver<ServiceStatus> {
        self.status.clone()
    }

    /// The user quit ferry: the clients hear it (windows close instead of
    /// starting another service) when the service stops.
    pub fn announce_quit(&self) {
        self.is_quitting.send_replace(true);
    }

    /// Tells the clients whether a tray host shows the icon.
    pub fn set_tray_shown(&self, is_shown: bool) {
        self.tray_shown.send_replace(Some(is_shown));
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the service thread panicked");
        }
        let _ = std::fs::remove_file(&self.socket_path);
    }
}

/// What connections tell the hub.
enum HubInput {
    Join {
        client_id: u64,
        outbox: mpsc::Sender<Outgoing>,
    },
    Leave {
        client_id: u64,
    },
    WindowOpened {
        client_id: u64,
    },
    ToWindow {
        client_id: u64,
        request_id: u64,
        request: WindowRequest,
    },
    Reply {
        client_id: u64,
        request_id: u64,
        result: Result<(), String>,
    },
}

/// A frame for one client; replies are told apart, so its connection
/// knows when its requests were answered.
enum Outgoing {
    Frame(Bytes),
    Reply(Bytes),
}

struct ClientOutbox {
    outbox: mpsc::Sender<Outgoing>,
    /// It missed frames: it gets a fresh welcome before anything else.
    is_lagged: bool,
    /// Replies that could not go out while it was lagged.
    held_replies: VecDeque<Bytes>,
    /// A window: links opened with ferry go to it.
    is_window: bool,
}

struct Hub {
    handle: EngineHandle,
    clients: HashMap<u64, ClientOutbox>,
    status: watch::Sender<ServiceStatus>,
    /// Requests forwarded whose reply has not come back yet.
    outstanding: Arc<AtomicUsize>,
    /// Whether the tray icon is shown, as the owner says.
    tray_shown: watch::Receiver<Option<bool>>,
    /// On while a client is connected: the engine makes events only then.
    events_wanted: EventsWanted,
    /// The user quit ferry (see [`Service::announce_quit`]).
    quitting: watch::Receiver<bool>,
}

impl Hub {
    /// Runs until the engine's events end or `stop` says so; a stopping
    /// hub first answers the requests under way (for a while at most).
    async fn run(
        mut self,
        mut events: mpsc::Receiver<Event>,
        mut inputs: mpsc::Receiver<HubInput>,
        mut stop: oneshot::Receiver<()>,
    ) {
        let mut resync = tokio::time::interval(RESYNC_INTERVAL);
        let mut stop_deadline: Option<tokio::time::Instant> = None;
        loop {
            if stop_deadline.is_some() && self.outstanding.load(Ordering::Acquire) == 0 {
                return;
            }
            tokio::select! {
                _ = &mut stop, if stop_deadline.is_none() => {
                    stop_deadline = Some(tokio::time::Instant::now() + STOP_GRACE);
                    if *self.quitting.borrow() {
                        self.send_to_all(&ServiceMessage::Quitting);
                    }
                }
                () = sleep_until_deadline(stop_deadline) => return,
                event = events.recv() => match event {
                    Some(event) => self.broadcast(&event),
                    None => return,
                },
                input = inputs.recv() => match input {
                    Some(input) => {
                        // What the engine said before this input goes first:
                        // a reply follows the events of its command.
                        while let Ok(event) = events.try_recv() {
                            self.broadcast(&event);
                        }
                        self.apply(input);
                    }
                    None => return,
                },
                _ = resync.tick(), if self.clients.values().any(|client| client.is_lagged) => {
                    self.resync_lagged();
                }
                Ok(()) = self.tray_shown.changed() => {
                    let is_shown = *self.tray_shown.borrow_and_update();
                    self.send_to_all(&ServiceMessage::TrayShown(is_shown));
                }
            }
        }
    }

    fn apply(&mut self, input: HubInput) {
        match input {
            HubInput::Join { client_id, outbox } => {
                self.clients.insert(
                    client_id,
                    ClientOutbox {
                        outbox,
                        is_lagged: true,
                        held_replies: VecDeque::new(),
                        is_window: false,
                    },
                );
                // Events are made from now on, and its first frame is the
                // welcome, a copy of the table taken after that.
                self.publish_count();
                self.resync_lagged();
            }
            HubInput::Leave { client_id } => {
                self.clients.remove(&client_id);
            }
            HubInput::WindowOpened { client_id } => {
                if let Some(client) = self.clients.get_mut(&client_id) {
                    client.is_window = true;
                }
            }
            HubInput::ToWindow {
                client_id,
                request_id,
                request,
            } => {
                let offer = encode(&ServiceMessage::ToWindow(request));
                let mut is_taken = false;
                for window in self.clients.values().filter(|client| client.is_window) {
                    if let Some(offer) = &offer {
                        is_taken |= window
                            .outbox
                            .try_send(Outgoing::Frame(offer.clone()))
                            .is_ok();
                    }
                }
                let result = if is_taken {
                    Ok(())
                } else {
                    Err("no ferry window is open".to_owned())
                };
                if let Some(frame) = encode(&ServiceMessage::Reply { request_id, result }) {
                    self.deliver_reply(client_id, frame);
                }
            }
            HubInput::Reply {
                client_id,
                request_id,
                result,
            } => {
                self.outstanding.fetch_sub(1, Ordering::AcqRel);
                if let Some(frame) = encode(&ServiceMessage::Reply { request_id, result }) {
                    self.deliver_reply(client_id, frame);
                }
            }
        }
        self.publish_count();
    }

    /// Tells the owner how many clients there are, and the engine whether
    /// anyone reads its events.
    fn publish_count(&self) {
        let clients = self.clients.len();
        self.events_wanted.set(clients > 0);
        self.status.send_if_modified(|status| {
            let changed = status.clients != clients;
            status.clients = clients;
            changed
        });
    }

    fn broadcast(&mut self, event: &Event) {
        if *event == Event::Lagged {
            // The service itself missed events: everyone starts again from
            // the table.
            for client in self.clients.values_mut() {
                client.is_lagged = true;
            }
            self.resync_lagged();
            return;
        }
        if self.clients.is_empty() {
            return;
        }
        let current = transfer_of(event).and_then(|transfer_id| self.handle.transfer(transfer_id));
        self.send_to_all(&ServiceMessage::Event {
            event: event.clone(),
            current: current.map(Box::new),
        });
    }

    /// Sends `message` to every client that is not lagged (one that is
    /// gets a fresh welcome later instead).
    fn send_to_all(&mut self, message: &ServiceMessage) {
        let Some(frame) = encode(message) else {
            return;
        };
        let mut gone = Vec::new();
        for (client_id, client) in &mut self.clients {
            if client.is_lagged {
                continue;
            }
            match client.outbox.try_send(Outgoing::Frame(frame.clone())) {
                Ok(()) => {}
                Err(mpsc::error::TrySendError::Full(_)) => client.is_lagged = true,
                Err(mpsc::error::TrySendError::Closed(_)) => gone.push(*client_id),
            }
        }
        for client_id in gone {
            self.clients.remove(&client_id);
        }
        self.publish_count();
    }

    fn deliver_reply(&mut self, client_id: u64, frame: Bytes) {
        let Some(client) = self.clients.get_mut(&client_id) else {
            return;
        };
        if client.is_lagged {
            // After its fresh welcome; as many as it may await.
            client.held_replies.push_back(frame);
            return;
        }
        match client.outbox.try_send(Outgoing::Reply(frame)) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(
                Outgoing::Reply(frame) | Outgoing::Frame(frame),
            )) => {
                client.is_lagged = true;
                client.held_replies.push_back(frame);
            }
            Err(mpsc::error::TrySendError::Closed(_)) => {
                self.clients.remove(&client_id);
            }
        }
    }

    /// Offers each lagged client with room in its outbox a fresh welcome,
    /// then the replies it is owed.
    fn resync_lagged(&mut self) {
        // One encoding shared by every client welcomed now.
        let mut welcome: Option<Vec<Bytes>> = None;
        let handle = &self.handle;
        let tray_is_shown = *self.tray_shown.borrow();
        for client in self.clients.values_mut() {
            if !client.is_lagged {
                continue;
            }
            let frames =
                welcome.get_or_insert_with(|| welcome_of(handle, tray_is_shown).into_frames());
            if frames.is_empty() {
                return;
            }
            // The whole welcome goes in at once, or not yet: no event may
            // come between its pieces.
            if client.outbox.capacity() < frames.len() + client.held_replies.len() + 1 {
                continue;
            }
            for frame in frames.iter() {
                if client
                    .outbox
                    .try_send(Outgoing::Frame(frame.clone()))
                    .is_err()
                {
                    // Room was checked above; a closed outbox leaves soon.
                    break;
                }
            }
            client.is_lagged = false;
            while let Some(reply) = client.held_replies.pop_front() {
                if client.outbox.try_send(Outgoing::Reply(reply)).is_err() {
                    // Room was checked above; a closed outbox leaves soon.
                    break;
                }
            }
        }
    }
}

/// The table as it is now, for a client that starts (again).
fn welcome_of(handle: &EngineHandle, tray_is_shown: Option<bool>) -> Welcome {
    Welcome {
        protocol: PROTOCOL_VERSION,
        version: ferry_version(),
        pid: std::process::id(),
        transfers: handle.snapshot(),
        pieces_to_follow: 0,
        groups: handle.groups(),
        completion_groups: handle.completion_groups(),
        settings: handle.settings(),
        conditions: handle.conditions(),
        tray_is_shown,
    }
}

/// The transfer an event is about, when the event does not carry all of it.
fn transfer_of(event: &Event) -> Option<crate::model::TransferId> {
    match event {
        Event::StatusChanged { transfer_id, .. }
        | Event::ResponseReceived { transfer_id, .. }
        | Event::RangesDownloaded { transfer_id, .. } => Some(*transfer_id),
        _ => None,
    }
}

fn encode(message: &ServiceMessage) -> Option<Bytes> {
    match serde_json::to_vec(message) {
        Ok(bytes) => Some(Bytes::from(bytes)),
        Err(error) => {
            tracing::error!(%error, "cannot encode a message for clients");
            None
        }
    }
}

/// What each connection needs.
#[derive(Clone)]
struct Connections {
    handle: EngineHandle,
    hub: mpsc::Sender<HubInput>,
    status: watch::Sender<ServiceStatus>,
    outstanding: Arc<AtomicUsize>,
    tracker: TaskTracker,
}

async fn sleep_until_deadline(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}

async fn accept(listener: UnixListener, connections: Connections) {
    let mut next_client_id = 0_u64;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors, say: wait instead of spinning.
                tracing::warn!(%error, "cannot accept a client");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        next_client_id += 1;
        if connections.tracker.len() >= MAX_CLIENTS {
            tracing::warn!("{MAX_CLIENTS} clients are connected; refusing one more");
            connections.tracker.spawn(async move {
                let mut framed = Framed::new(stream, hello_codec());
                refuse(
                    &mut framed,
                    &format!("this ferry service serves {MAX_CLIENTS} clients at most; close some"),
                )
                .await;
            });
            continue;
        }
        connections
            .tracker
            .spawn(serve_client(stream, next_client_id, connections.clone()));
    }
}

/// One client: the handshake, then its commands in, its frames out.
async fn serve_client(stream: UnixStream, client_id: u64, connections: Connections) {
    let hub = &connections.hub;
    let is_same_user = socket::is_same_user(&stream);
    // Short frames until the hello: a stranger's 64 MiB first frame is
    // never read into memory.
    let mut framed = Framed::new(stream, hello_codec());
    if !is_same_user {
        refuse(&mut framed, "this ferry service belongs to another user").await;
        return;
    }
    match tokio::time::timeout(HELLO_TIMEOUT, framed.next()).await {
        Ok(Some(Ok(frame))) => match serde_json::from_slice::<ClientMessage>(&frame) {
            Ok(ClientMessage::Hello { protocol, .. }) if protocol == PROTOCOL_VERSION => {}
            Ok(ClientMessage::Hello { protocol, version }) => {
                refuse(&mut framed, &version_mismatch(protocol, &version)).await;
                return;
            }
            _ => {
                refuse(
                    &mut framed,
                    "this socket speaks ferry's protocol; the first message must be a hello",
                )
                .await;
                return;
            }
        },
        // Silence, a frame too long, or a client that went away.
        _ => return,
    }
    framed.codec_mut().set_max_frame_length(MAX_FRAME_BYTES);
    let (outbox_sender, mut outbox) = mpsc::channel(OUTBOX_CAPACITY);
    if hub
        .send(HubInput::Join {
            client_id,
            outbox: outbox_sender,
        })
        .await
        .is_err()
    {
        return;
    }
    // A client that sends faster than it reads its replies waits: nothing
    // it asks piles up here.
    let mut awaited_replies = 0_usize;
    loop {
        tokio::select! {
            frame = framed.next(), if awaited_replies < MAX_AWAITED_REPLIES => {
                let Some(Ok(frame)) = frame else { break };
                let Ok(message) = serde_json::from_slice::<ClientMessage>(&frame) else {
                    tracing::warn!(client_id, "a client sent a message that is not ferry's; dropped");
                    break;
                };
                match forward(message, client_id, &connections).await {
                    Forwarded::AwaitsReply => awaited_replies += 1,
                    Forwarded::Done => {}
                    Forwarded::EndConnection => break,
                }
            }
            outgoing = outbox.recv() => {
                let (frame, is_reply) = match outgoing {
                    Some(Outgoing::Frame(frame)) => (frame, false),
                    Some(Outgoing::Reply(frame)) => (frame, true),
                    None => break,
                };
                match tokio::time::timeout(WRITE_TIMEOUT, framed.send(frame)).await {
                    Ok(Ok(())) => {}
                    _ => break,
                }
                if is_reply {
                    awaited_replies = awaited_replies.saturating_sub(1);
                }
            }
        }
    }
    let _ = hub.send(HubInput::Leave { client_id }).await;
}

/// What became of one client message.
enum Forwarded {
    /// A reply will follow.
    AwaitsReply,
    Done,
    EndConnection,
}

/// Carries one client message out.
async fn forward(message: ClientMessage, client_id: u64, connections: &Connections) -> Forwarded {
    let Connections {
        handle,
        hub,
        status,
        outstanding,
        ..
    } = connections;
    let sent = |is_sent: bool, awaits_reply: bool| match (is_sent, awaits_reply) {
        (false, _) => Forwarded::EndConnection,
        (true, true) => Forwarded::AwaitsReply,
        (true, false) => Forwarded::Done,
    };
    match message {
        ClientMessage::Hello { .. } => Forwarded::EndConnection,
        ClientMessage::WindowOpened => sent(
            hub.send(HubInput::WindowOpened { client_id }).await.is_ok(),
            false,
        ),
        ClientMessage::ToWindow {
            request_id,
            request,
        } => sent(
            hub.send(HubInput::ToWindow {
                client_id,
                request_id,
                request,
            })
            .await
            .is_ok(),
            true,
        ),
        ClientMessage::Quit => {
            status.send_modify(|status| status.is_quit_requested = true);
            Forwarded::Done
        }
        ClientMessage::WhenSaved { request_id } => {
            outstanding.fetch_add(1, Ordering::AcqRel);
            let handle = handle.clone();
            let hub = hub.clone();
            tokio::spawn(async move {
                let result = handle.saved().await.map_err(|error| error.to_string());
                let _ = hub
                    .send(HubInput::Reply {
                        client_id,
                        request_id,
                        result,
                    })
                    .await;
            });
            Forwarded::AwaitsReply
        }
        ClientMessage::Command {
            request_id,
            command,
        } => {
            // Submitted here, in the client's order; waited for apart.
            let submitted = handle.submit_in_order(command, request_id.is_some()).await;
            let Some(request_id) = request_id else {
                return sent(submitted.is_ok(), false);
            };
            outstanding.fetch_add(1, Ordering::AcqRel);
            let hub = hub.clone();
            tokio::spawn(async move {
                let result = match submitted {
                    Ok(Some(submitted)) => submitted.applied().await,
                    Ok(None) => Ok(()),
                    Err(error) => Err(error),
                };
                let _ = hub
                    .send(HubInput::Reply {
                        client_id,
                        request_id,
                        result: result.map_err(|error| error.to_string()),
                    })
                    .await;
            });
            Forwarded::AwaitsReply
        }
    }
}

async fn refuse(
    framed: &mut Framed<UnixStream, tokio_util::codec::LengthDelimitedCodec>,
    reason: &str,
) {
    if let Some(frame) = encode(&ServiceMessage::Refused {
        reason: reason.to_owned(),
    }) {
        let _ = tokio::time::timeout(WRITE_TIMEOUT, framed.send(frame)).await;
    }
}
