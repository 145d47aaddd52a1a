//! A client's copy of the service's table, kept current by the messages of
//! the socket, behind an ordinary [`EngineHandle`]: what callers read from
//! the handle (snapshot, settings, conditions, `settled`) comes from here,
//! and what they send goes out as [`ClientMessage`]s.

use std::collections::HashMap;

use tokio::sync::{mpsc, oneshot, watch};

use super::protocol::{ClientMessage, PendingWelcome, ServiceMessage, Welcome, WindowRequest};
use crate::engine::backend::{
    COMMAND_CAPACITY, EVENT_CAPACITY, Envelope, SettleWaiters, SharedSettings, SharedTable,
    TransferTable,
};
use crate::engine::{EngineError, EngineHandle, Event, Waker};
use crate::model::{SystemConditions, TransferId};

/// The mirror and what the caller's handle reads from it.
pub struct Mirror {
    table: SharedTable,
    settings: SharedSettings,
    changes: watch::Sender<u64>,
    conditions: watch::Sender<SystemConditions>,
    events: mpsc::Sender<Event>,
    is_events_lagged: bool,
    waker: Option<Waker>,
    settle_waiters: SettleWaiters,
    pending_replies: HashMap<u64, oneshot::Sender<Result<(), EngineError>>>,
    next_request_id: u64,
    /// What other clients ask of this window.
    window_requests: mpsc::Sender<WindowRequest>,
    /// Whether the service's tray icon is shown (`None`: it has none).
    tray_shown: watch::Sender<Option<bool>>,
    /// The user quit ferry: no other service is started.
    is_quit: bool,
    /// A fresh welcome whose transfers are still arriving.
    pending_welcome: Option<PendingWelcome>,
}

/// A mirror, the handle over it, its event stream, and the envelopes the
/// handle sends (for the client to carry out).
pub fn mirror(
    waker: Option<Waker>,
    window_requests: mpsc::Sender<WindowRequest>,
) -> (
    Mirror,
    EngineHandle,
    mpsc::Receiver<Event>,
    mpsc::Receiver<Envelope>,
) {
    let (command_sender, envelopes) = mpsc::channel(COMMAND_CAPACITY);
    let (event_sender, events) = mpsc::channel(EVENT_CAPACITY);
    let (changes, change_receiver) = watch::channel(0_u64);
    let (conditions, conditions_receiver) = watch::channel(SystemConditions::default());
    let table = SharedTable::default();
    let settings = SharedSettings::default();
    let handle = EngineHandle::new(
        command_sender,
        table.clone(),
        settings.clone(),
        change_receiver,
        None,
        conditions_receiver,
    );
    let mirror = Mirror {
        table,
        settings,
        changes,
        conditions,
        events: event_sender,
        is_events_lagged: false,
        waker,
        settle_waiters: SettleWaiters::default(),
        pending_replies: HashMap::new(),
        next_request_id: 0,
        window_requests,
        tray_shown: watch::Sender::new(None),
        is_quit: false,
        pending_welcome: None,
    };
    (mirror, handle, events, envelopes)
}

impl Mirror {
    /// Takes the service's table as it is; `is_resync` tells the caller
    /// (with [`Event::Lagged`]) to read the snapshot again.
    pub fn welcome(&mut self, welcome: Welcome, is_resync: bool) {
        let Welcome {
            transfers,
            groups,
            completion_groups,
            prefetch,
            speed_history,
            settings,
            conditions,
            tray_is_shown,
            ..
        } = welcome;
        self.tray_shown.send_replace(tray_is_shown);
        let touched: Vec<TransferId> = {
            let mut table = self.table.write();
            let mut touched: Vec<TransferId> = table
                .iter()
                .map(|transfer| transfer.transfer_id())
                .collect();
            *table = TransferTable::from_parts(transfers, groups);
            table.set_completion_groups(completion_groups);
            table.set_prefetch(prefetch);
            table.set_speed_history(speed_history);
            touched.extend(table.iter().map(|transfer| transfer.transfer_id()));
            touched
        };
        *self
            .settings
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = settings;
        self.conditions.send_replace(conditions);
        self.notice_settled(&touched);
        if is_resync {
            self.emit(Event::Lagged);
        }
        self.after_change();
    }

    /// Applies one message of the service.
    pub fn apply(&mut self, message: ServiceMessage) {
        match message {
            ServiceMessage::Welcome(welcome) => match PendingWelcome::start(welcome) {
                Ok(welcome) => self.welcome(*welcome, true),
                Err(pending) => self.pending_welcome = Some(pending),
            },
            ServiceMessage::WelcomeTransfers(piece) => {
                let Some(pending) = self.pending_welcome.take() else {
                    tracing::warn!("a piece of a welcome without its welcome; dropped");
                    return;
                };
                match pending.add(piece) {
                    Ok(welcome) => self.welcome(*welcome, true),
                    Err(pending) => self.pending_welcome = Some(pending),
                }
            }
            ServiceMessage::Refused { reason } => {
                tracing::warn!(%reason, "the service refused this client");
            }
            ServiceMessage::Quitting => {
                self.is_quit = true;
                if self.window_requests.try_send(WindowRequest::Close).is_ok()
                    && let Some(waker) = &self.waker
                {
                    waker();
                }
            }
            ServiceMessage::TrayShown(is_shown) => {
                self.tray_shown.send_replace(is_shown);
                self.after_change();
            }
            ServiceMessage::ToWindow(request) => {
                if self.window_requests.try_send(request).is_ok()
                    && let Some(waker) = &self.waker
                {
                    waker();
                }
            }
            ServiceMessage::Reply { request_id, result } => {
                if let Some(reply) = self.pending_replies.remove(&request_id) {
                    let _ = reply.send(result.map_err(EngineError::Service));
                }
            }
            ServiceMessage::Event { event, current } => {
                let touched = self.apply_event(&event, current.map(|transfer| *transfer));
                self.notice_settled(&touched);
                self.emit(event);
                self.after_change();
            }
        }
    }

    /// Changes the table as `event` says; the transfers it touched.
    fn apply_event(
        &mut self,
        event: &Event,
        current: Option<crate::model::Transfer>,
    ) -> Vec<TransferId> {
        let mut table = self.table.write();
        let mut touched = Vec::new();
        if let Some(transfer) = current {
            touched.push(transfer.transfer_id());
            table.insert(transfer);
        }
        match event {
            Event::Added(transfer) | Event::TransferChanged(transfer) => {
                touched.push(transfer.transfer_id());
                table.insert((**transfer).clone());
            }
            Event::StatusChanged {
                transfer_id,
                status,
                error,
            } => {
                if let Some(transfer) = table.get_mut(*transfer_id) {
                    transfer.status = *status;
                    transfer.error.clone_from(error);
                }
                touched.push(*transfer_id);
            }
            Event::Progress(batch) => {
                for (transfer_id, progress) in batch {
                    if let Some(transfer) = table.get_mut(*transfer_id) {
                        transfer.progress = progress.clone();
                    }
                }
            }
            Event::Removed(transfer_id) => {
                table.remove(*transfer_id);
                touched.push(*transfer_id);
            }
            Event::GroupsChanged(groups) => table.set_groups(groups.clone()),
            Event::CompletionGroupsChanged(groups) => table.set_completion_groups(groups.clone()),
            Event::PrefetchChanged(entries) => table.set_prefetch(entries.clone()),
            Event::SettingsChanged(settings) => {
                *self
                    .settings
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = (**settings).clone();
            }
            Event::ConditionsChanged(conditions) => {
                self.conditions.send_replace((**conditions).clone());
            }
            Event::ResponseReceived { .. }
            | Event::RangesDownloaded { .. }
            | Event::CommandFailed { .. }
            | Event::Lagged => {}
        }
        touched
    }

    /// Wakes the `settled` callers whose last transfer settled or went.
    fn notice_settled(&mut self, touched: &[TransferId]) {
        let table = self.table.read();
        for transfer_id in touched {
            if table
                .get(*transfer_id)
                .is_none_or(|transfer| transfer.status.is_settled())
            {
                self.settle_waiters.settled(*transfer_id);
            }
        }
    }

    /// What the caller's envelope becomes on the socket; `None` when the
    /// mirror answers it itself.
    pub fn outgoing(&mut self, envelope: Envelope) -> Option<ClientMessage> {
        match envelope {
            Envelope::Command { command, reply } => Some(ClientMessage::Command {
                request_id: reply.map(|reply| self.await_reply(reply)),
                command,
            }),
            Envelope::WhenSaved { saved } => {
                let (reply, replied) = oneshot::channel();
                tokio::spawn(async move {
                    if let Ok(Ok(())) = replied.await {
                        let _ = saved.send(());
                    }
                });
                Some(ClientMessage::WhenSaved {
                    request_id: self.await_reply(reply),
                })
            }
            Envelope::WhenSettled {
                transfer_ids,
                settled,
            } => {
                let unsettled = self.table.read().unsettled(transfer_ids);
                self.settle_waiters.add(unsettled, settled);
                None
            }
        }
    }

    /// The service said the user quit ferry.
    pub fn is_quit(&self) -> bool {
        self.is_quit
    }

    /// Whether the service's tray icon is shown, as it changes.
    pub fn tray_shown(&self) -> watch::Receiver<Option<bool>> {
        self.tray_shown.subscribe()
    }

    /// A request id whose reply goes to `reply`.
    pub fn await_reply(&mut self, reply: oneshot::Sender<Result<(), EngineError>>) -> u64 {
        self.next_request_id += 1;
        self.pending_replies.insert(self.next_request_id, reply);
        self.next_request_id
    }

    /// While no service is connected: a command fails at once.
    pub fn refuse(&mut self, envelope: Envelope) {
        match envelope {
            Envelope::Command {
                reply: Some(reply), ..
            } => {
                let _ = reply.send(Err(EngineError::Stopped));
            }
            Envelope::Command { reply: None, .. } => self.emit(Event::CommandFailed {
                transfer_id: None,
                error: "ferry's service is not running; starting it again".to_owned(),
            }),
            // Answered from the mirror, as when connected.
            envelope @ Envelope::WhenSettled { .. } => {
                let _ = self.outgoing(envelope);
            }
            // Dropped unanswered: the caller hears the engine stopped.
            Envelope::WhenSaved { .. } => {}
        }
    }

    /// The connection ended: commands sent on it get no answer now.
    pub fn fail_pending(&mut self) {
        for (_, reply) in self.pending_replies.drain() {
            let _ = reply.send(Err(EngineError::Stopped));
        }
    }

    /// The client ends: whoever waits for transfers to settle stops waiting.
    pub fn disconnected(&mut self) {
        self.settle_waiters = SettleWaiters::default();
    }

    fn emit(&mut self, event: Event) {
        if self.is_events_lagged {
            if self.events.try_send(Event::Lagged).is_err() {
                return;
            }
            self.is_events_lagged = false;
        }
        if let Err(mpsc::error::TrySendError::Full(_)) = self.events.try_send(event) {
            self.is_events_lagged = true;
        }
    }

    fn after_change(&self) {
        self.changes.send_modify(|generation| *generation += 1);
        if let Some(waker) = &self.waker {
            waker();
        }
    }
}
