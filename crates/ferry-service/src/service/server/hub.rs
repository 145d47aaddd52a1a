//! The hub: the one task that owns the clients. It sends each a welcome
//! (in pieces), then every engine event in order, a command's reply only
//! after the events it caused, and a fresh welcome to a client that missed
//! events once it reads again.

// The service's types and imports, as `mod.rs` has them.
use super::*;

/// What connections tell the hub.
pub(super) enum HubInput {
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
    WindowReady {
        client_id: u64,
    },
    ToWindow {
        client_id: u64,
        request_id: u64,
        request: WindowRequest,
        keep_for_next_window: bool,
    },
    Reply {
        client_id: u64,
        request_id: u64,
        result: Result<(), String>,
    },
}

/// A frame for one client; replies are told apart, so its connection
/// knows when its requests were answered.
pub(super) enum Outgoing {
    Frame(Bytes),
    Reply(Bytes),
}

pub(super) struct ClientOutbox {
    outbox: mpsc::Sender<Outgoing>,
    /// It missed frames: it gets a fresh welcome before anything else.
    is_lagged: bool,
    /// Replies that could not go out while it was lagged.
    held_replies: VecDeque<Bytes>,
    /// A window: links opened with ferry go to it.
    is_window: bool,
}

pub(super) struct Hub {
    pub(super) handle: EngineHandle,
    pub(super) clients: HashMap<u64, ClientOutbox>,
    pub(super) status: watch::Sender<ServiceStatus>,
    /// Requests forwarded whose reply has not come back yet.
    pub(super) outstanding: Arc<AtomicUsize>,
    /// Whether the tray icon is shown, as the owner says.
    pub(super) tray_shown: watch::Receiver<Option<bool>>,
    /// On while a client is connected: the engine makes events only then.
    pub(super) events_wanted: EventsWanted,
    /// The user quit ferry (see [`Service::announce_quit`]).
    pub(super) quitting: watch::Receiver<bool>,
    /// Requests for a window while none was open (a browser's download
    /// while the window starts), with when they came: the next window
    /// that draws (`WindowReady`) gets those not older than
    /// [`KEPT_FOR_WINDOW`].
    pub(super) kept_for_next_window: VecDeque<(std::time::Instant, Bytes)>,
}

/// How long a request waits for a window to open.
const KEPT_FOR_WINDOW: Duration = Duration::from_secs(120);

/// The most requests kept for the next window.
const MOST_KEPT_FOR_WINDOW: usize = 64;

impl Hub {
    /// Runs until the engine's events end or `stop` says so; a stopping
    /// hub first answers the requests under way (for a while at most).
    pub(super) async fn run(
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
            HubInput::WindowReady { client_id } => {
                if let Some(client) = self.clients.get(&client_id)
                    && client.is_window
                {
                    self.status.send_if_modified(|status| {
                        !std::mem::replace(&mut status.has_had_window, true)
                    });
                    for (kept_at, offer) in self.kept_for_next_window.drain(..) {
                        if kept_at.elapsed() <= KEPT_FOR_WINDOW {
                            let _ = client.outbox.try_send(Outgoing::Frame(offer));
                        }
                    }
                }
            }
            HubInput::ToWindow {
                client_id,
                request_id,
                request,
                keep_for_next_window,
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
                if !is_taken
                    && keep_for_next_window
                    && let Some(offer) = offer
                {
                    if self.kept_for_next_window.len() >= MOST_KEPT_FOR_WINDOW {
                        self.kept_for_next_window.pop_front();
                    }
                    self.kept_for_next_window
                        .push_back((std::time::Instant::now(), offer));
                    is_taken = true;
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
pub(super) fn welcome_of(handle: &EngineHandle, tray_is_shown: Option<bool>) -> Welcome {
    Welcome {
        protocol: PROTOCOL_VERSION,
        version: ferry_version(),
        pid: std::process::id(),
        transfers: handle.snapshot(),
        pieces_to_follow: 0,
        groups: handle.groups(),
        completion_groups: handle.completion_groups(),
        prefetch: handle.prefetch(),
        speed_history: handle.speed_history(),
        settings: handle.settings(),
        conditions: handle.conditions(),
        tray_is_shown,
    }
}

/// The transfer an event is about, when the event does not carry all of it.
pub(super) fn transfer_of(event: &Event) -> Option<crate::model::TransferId> {
    match event {
        Event::StatusChanged { transfer_id, .. }
        | Event::ResponseReceived { transfer_id, .. }
        | Event::RangesDownloaded { transfer_id, .. } => Some(*transfer_id),
        _ => None,
    }
}

pub(super) fn encode(message: &ServiceMessage) -> Option<Bytes> {
    match serde_json::to_vec(message) {
        Ok(bytes) => Some(Bytes::from(bytes)),
        Err(error) => {
            tracing::error!(%error, "cannot encode a message for clients");
            None
        }
    }
}
