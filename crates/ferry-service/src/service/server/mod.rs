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

mod connection;
mod hub;

use connection::{Connections, accept, sleep_until_deadline};
use hub::{Hub, HubInput, Outgoing, encode};

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
    /// A window drew over this service at least once (it then keeps
    /// running in the background as the setting says).
    pub has_had_window: bool,
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
                ServiceError::io(
                    ferry_i18n::tr!("service-io-start-runtime"),
                    state_dir,
                    error,
                )
            })?;
        let listener = {
            let _guard = runtime.enter();
            socket::bind(&socket_path)?
        };
        let (status_sender, status) = watch::channel(ServiceStatus::default());
        let (tray_shown, tray_receiver) = watch::channel(None);
        let (is_quitting, quitting) = watch::channel(false);
        let (stop, stopped) = oneshot::channel();
        let stream_socket = socket_path.clone();
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
                        kept_for_next_window: VecDeque::new(),
                    };
                    if let Err(error) = super::stream::start(handle.clone(), &stream_socket) {
                        tracing::warn!(%error, "cannot serve streams; play while downloading is off");
                    }
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
                ServiceError::io(ferry_i18n::tr!("service-io-start-thread"), state_dir, error)
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
        super::stream::forget_place(&self.socket_path);
    }
}
