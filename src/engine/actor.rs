//! The engine task: owns the transfer table, applies commands, runs download
//! and upload tasks, batches their reports into events, and hands the state to the
//! saver. Everything that changes a transfer happens here, on one task.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

use super::conflict::ConflictIndex;
use super::download::filename::part_path;
use super::download::live::LiveFiles;
use super::download::{
    self, DiskThread, DownloadJob, HostSlots, Outcome, PathReservations, Reporter, TaskReport,
};
use super::handle::Envelope;
use super::input::check_group_name;
use super::policy::cost::{Circumstances, Hold, TransferNeeds, hold};
use super::rate::{Limits, RateLimit};
use super::scheduler::{Candidate, ReadyQueue};
use super::settle::SettleWaiters;
use super::table::{SharedSettings, SharedTable, TransferTable};
use super::upload::{self, UploadJob};
use super::{Command, EngineConfig, EngineError, Event, Waker};
use crate::model::RangeSet;
use futures_util::FutureExt;

use crate::model::{
    ByteRange, GroupBehavior, ScheduleNow, Settings, Status, SystemConditions, Transfer,
    TransferGroup, TransferId, TransferMap, TransferSet, TransferSpec, remove_header,
    replace_header,
};
use crate::store::{PersistedState, StateStore, StateText};

/// How often progress events go out and the state is saved if it changed.
const TICK: Duration = Duration::from_millis(250);
/// How long shutdown waits for tasks to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
const REPORT_CAPACITY: usize = 1024;
/// Reports applied in one turn before the state is saved for those waiting.
const REPORTS_PER_TURN: usize = 256;
/// Commands handled in one turn before the engine schedules and tells watchers.
const COMMANDS_PER_TURN: usize = 256;
/// How long the first scheduling waits for the network and power readings,
/// so nothing starts that the conditions would stop at once.
const FIRST_CONDITIONS_WAIT: Duration = Duration::from_secs(3);
/// How often the schedule is read against the wall clock. A monotonic
/// interval: a clock jump only changes which window the next reading finds.
const SCHEDULE_CHECK: Duration = Duration::from_secs(15);
/// Transfers whose bytes all arrived may wait for the disk (sync, publish)
/// without a slot, up to this many per slot. One sync of the file system
/// can take milliseconds while a list of small files brings dozens, so a
/// bound of one per slot stalled the network; a bound still keeps a slow
/// disk from gathering open files and bodies in memory without end.
const FINISHING_PER_SLOT: usize = 4;

/// What the engine needs to start.
pub(crate) struct ActorParts {
    pub config: EngineConfig,
    pub store: StateStore,
    pub state: PersistedState,
    pub table: SharedTable,
    pub shared_settings: SharedSettings,
    pub events: mpsc::Sender<Event>,
    pub changes: watch::Sender<u64>,
    pub waker: Option<Waker>,
    pub live: LiveFiles,
    pub conditions: watch::Receiver<SystemConditions>,
}

/// Why the engine stopped a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StopReason {
    Pause,
    Cancel,
    Remove,
    Shutdown,
    /// Stop and run again (new URL).
    Restart,
    /// Stop and queue again: another member of its serialized group was
    /// made current.
    Yield,
    /// Stop and wait until the network or power conditions allow it again.
    Hold,
}

struct RunningTask {
    cancel: CancellationToken,
    /// Its own speed limit, changeable while it runs.
    limit: Arc<RateLimit>,
    stop_reason: Option<StopReason>,
    /// Still on the network. A task whose bytes all arrived only syncs and
    /// publishes, so it gives its slot to the next transfer.
    holds_slot: bool,
}

pub(crate) struct Actor {
    config: Arc<EngineConfig>,
    settings: Settings,
    shared_settings: SharedSettings,
    table: SharedTable,
    /// Transfers that should run when a slot is free.
    wanted: TransferSet,
    running: TransferMap<RunningTask>,
    events: mpsc::Sender<Event>,
    events_lagged: bool,
    /// Something changed since watchers were last told.
    has_news: bool,
    changes: watch::Sender<u64>,
    waker: Option<Waker>,
    reports_sender: mpsc::Sender<(TransferId, TaskReport)>,
    reports: mpsc::Receiver<(TransferId, TaskReport)>,
    progress_dirty: TransferSet,
    state_dirty: bool,
    /// Who starts next when a slot frees.
    ready: ReadyQueue,
    /// The URLs and files taken, kept while only adds happen (a burst of a
    /// thousand URLs); anything else may free some and drops it.
    conflicts: Option<ConflictIndex>,
    /// A save is due as soon as the saver is idle (saves run one at a time;
    /// what changes meanwhile goes into the next one).
    save_wanted: bool,
    /// Tasks waiting until the state they reported is on disk.
    pending_acks: Vec<oneshot::Sender<()>>,
    /// Folders where files were published since the last save: synced
    /// before the state that calls them completed is written.
    folders_to_sync: HashSet<PathBuf>,
    /// The last saved text, reused for transfers that did not change.
    state_text: StateText,
    saver: Saver,
    client: reqwest::Client,
    reservations: PathReservations,
    host_slots: HostSlots,
    disk: DiskThread,
    /// What running downloads share with readers, by transfer.
    live: LiveFiles,
    /// Callers waiting until their transfers settled (`ferry get`).
    settle_waiters: SettleWaiters,
    /// Transfers that started over since their last RangesDownloaded event.
    restarted_since_ranges: TransferSet,
    shutting_down: bool,
    /// The download speed limit of all transfers together.
    global_limit: Arc<RateLimit>,
    /// The upload speed limit of all transfers together.
    global_upload_limit: Arc<RateLimit>,
    /// The network and the power supply, from the policy watchers.
    conditions: watch::Receiver<SystemConditions>,
    /// The watchers still report (a closed channel is not polled again).
    conditions_open: bool,
    /// Conditions, switches or wanted transfers changed since the policy
    /// was last applied.
    policy_dirty: bool,
    /// What the schedule said at its last reading.
    schedule_now: ScheduleNow,
}

impl Actor {
    pub fn new(parts: ActorParts) -> Result<Actor, EngineError> {
        const USER_AGENT: &str = concat!("ferry/", env!("CARGO_PKG_VERSION"));
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(super::tls::client_config()?)
            .redirect(reqwest::redirect::Policy::none())
            // ferry retries on its own (engine/download/retry.rs). reqwest's
            // retry layer would otherwise copy every request (headers, URI,
            // extensions) in case it is refused, before sending it.
            .retry(reqwest::retry::never().max_retries_per_request(0))
            .connect_timeout(parts.config.connect_timeout)
            .user_agent(USER_AGENT)
            .build()
            .map_err(EngineError::HttpClient)?;
        let (reports_sender, reports) = mpsc::channel(REPORT_CAPACITY);
        let reservations = PathReservations::default();
        let mut wanted = TransferSet::default();
        {
            let mut table = parts.table.write();
            for mut transfer in parts.state.transfers {
                if !transfer.status.is_terminal()
                    && let Some(path) = &transfer.file_path
                {
                    reservations.reserve(path);
                }
                // Bytes received but never flushed are not on disk.
                transfer.progress.bytes_received = transfer.bytes_on_disk();
                let was_active = matches!(transfer.status, Status::Running | Status::Idle)
                    || transfer.status.is_held_by_policy();
                if was_active {
                    transfer.status = Status::Idle;
                    if parts.config.resume_on_start {
                        wanted.insert(transfer.transfer_id());
                    }
                }
                table.insert(transfer);
            }
            for group in parts.state.groups {
                table.put_group(group);
            }
        }
        let host_slots = HostSlots::new(parts.state.settings.connections_per_host as usize);
        let schedule_now = read_schedule(&parts.state.settings);
        let global_limit =
            RateLimit::new(global_download_limit(&schedule_now, &parts.state.settings));
        let global_upload_limit = RateLimit::new(parts.state.settings.upload_limit);
        Ok(Actor {
            config: Arc::new(parts.config),
            settings: parts.state.settings.clone(),
            shared_settings: {
                *parts
                    .shared_settings
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = parts.state.settings;
                parts.shared_settings
            },
            table: parts.table,
            wanted,
            running: TransferMap::default(),
            events: parts.events,
            events_lagged: false,
            has_news: true,
            changes: parts.changes,
            waker: parts.waker,
            reports_sender,
            reports,
            progress_dirty: TransferSet::default(),
            state_dirty: false,
            ready: ReadyQueue::default(),
            conflicts: None,
            save_wanted: false,
            pending_acks: Vec::new(),
            state_text: StateText::default(),
            folders_to_sync: HashSet::new(),
            saver: Saver::start(parts.store),
            client,
            reservations,
            host_slots,
            disk: DiskThread::start().map_err(EngineError::Runtime)?,
            live: parts.live,
            settle_waiters: SettleWaiters::default(),
            restarted_since_ranges: TransferSet::default(),
            shutting_down: false,
            global_limit,
            global_upload_limit,
            conditions: parts.conditions,
            conditions_open: true,
            policy_dirty: true,
            schedule_now,
        })
    }

    pub async fn run(mut self, mut commands: mpsc::Receiver<Envelope>) {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut schedule_check = tokio::time::interval(SCHEDULE_CHECK);
        schedule_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        if tokio::time::timeout(
            FIRST_CONDITIONS_WAIT,
            self.conditions.wait_for(SystemConditions::is_known),
        )
        .await
        .is_err()
        {
            tracing::warn!("the network and power readings are late; starting without them");
        }
        self.conditions.mark_unchanged();
        self.emit_conditions();
        self.schedule();
        self.after_change();
        let mut shutdown_deadline: Option<tokio::time::Instant> = None;
        loop {
            tokio::select! {
                envelope = commands.recv(), if !self.shutting_down => match envelope {
                    Some(envelope) => {
                        self.handle_envelope(envelope);
                        // Commands sent in a burst (a list of URLs) share
                        // one turn: one scheduling pass, one notification.
                        for _ in 0..COMMANDS_PER_TURN {
                            if self.shutting_down {
                                break;
                            }
                            let Ok(envelope) = commands.try_recv() else {
                                break;
                            };
                            self.handle_envelope(envelope);
                        }
                    }
                    // Every handle is gone: nobody can ask for anything more.
                    None => self.begin_shutdown(),
                },
                Some((transfer_id, report)) = self.reports.recv() => {
                    self.apply_report(transfer_id, report).await;
                    for _ in 0..REPORTS_PER_TURN {
                        let Ok((transfer_id, report)) = self.reports.try_recv() else {
                            break;
                        };
                        self.apply_report(transfer_id, report).await;
                    }
                    if !self.pending_acks.is_empty() {
                        self.save_wanted = true;
                    }
                }
                text = self.saver.finished(), if self.saver.is_busy() => {
                    self.state_text.give_back(text);
                }
                changed = self.conditions.changed(), if self.conditions_open => {
                    match changed {
                        Ok(()) => self.emit_conditions(),
                        Err(_) => self.conditions_open = false,
                    }
                }
                _ = schedule_check.tick() => self.follow_schedule(),
                _ = tick.tick() => {
                    self.flush_progress_events();
                    if self.state_dirty {
                        self.save_wanted = true;
                    }
                }
            }
            if self.save_wanted && !self.saver.is_busy() {
                self.save();
            }
            if self.shutting_down {
                let deadline = *shutdown_deadline
                    .get_or_insert_with(|| tokio::time::Instant::now() + SHUTDOWN_GRACE);
                if self.running.is_empty() || tokio::time::Instant::now() >= deadline {
                    break;
                }
            } else {
                self.schedule();
            }
            self.after_change();
        }
        // Drain what the stopped tasks reported last (their final checkpoints).
        while let Ok((transfer_id, report)) = self.reports.try_recv() {
            self.apply_report(transfer_id, report).await;
        }
        self.flush_progress_events();
        if self.saver.is_busy() {
            let text = self.saver.finished().await;
            self.state_text.give_back(text);
        }
        let (ack_sender, ack_receiver) = oneshot::channel();
        self.pending_acks.push(ack_sender);
        self.save();
        let _ = ack_receiver.await;
        self.saver.stop().await;
        self.after_change();
    }

    fn handle_envelope(&mut self, envelope: Envelope) {
        match envelope {
            Envelope::Command { command, reply } => {
                let transfer_id = command_transfer_id(&command);
                let result = self.handle_command(command);
                if let Err(error) = &result
                    && reply.is_none()
                {
                    self.emit(Event::CommandFailed {
                        transfer_id,
                        error: error.to_string(),
                    });
                }
                if let Some(reply) = reply {
                    // The caller may have stopped waiting; nothing to do then.
                    let _ = reply.send(result);
                }
            }
            Envelope::WhenSettled {
                transfer_ids,
                settled,
            } => {
                let unsettled = {
                    let table = self.table.read();
                    transfer_ids
                        .into_iter()
                        .filter(|transfer_id| {
                            table
                                .get(*transfer_id)
                                .is_some_and(|transfer| !transfer.status.is_settled())
                        })
                        .collect()
                };
                self.settle_waiters.add(unsettled, settled);
            }
        }
    }

    fn handle_command(&mut self, command: Command) -> Result<(), EngineError> {
        // Any command may change who is ready to start, and in what order.
        self.ready.mark_stale();
        if !matches!(command, Command::Add { .. }) {
            self.conflicts = None;
        }
        match command {
            Command::Add { spec, start } => self.add(*spec, start),
            Command::Resume(transfer_id) => self.resume(transfer_id),
            Command::Pause(transfer_id) => self.pause(transfer_id),
            Command::Cancel(transfer_id) => self.cancel(transfer_id, StopReason::Cancel),
            Command::Remove(transfer_id) => self.cancel(transfer_id, StopReason::Remove),
            Command::SetUrl { transfer_id, url } => {
                check_scheme(&url)?;
                let status = self.with_transfer(transfer_id, |transfer| {
                    transfer.spec.url = url;
                    transfer.status
                })?;
                if status.is_paused() || status == Status::Error {
                    self.resume(transfer_id)?;
                } else if let Some(task) = self.running.get_mut(&transfer_id) {
                    task.stop_reason = Some(StopReason::Restart);
                    task.cancel.cancel();
                }
                Ok(())
            }
            Command::SetRequestHeader {
                transfer_id,
                header,
            } => self.with_transfer(transfer_id, |transfer| {
                replace_header(&mut transfer.spec.request_headers, header);
            }),
            Command::RemoveRequestHeader { transfer_id, name } => {
                self.with_transfer(transfer_id, |transfer| {
                    remove_header(&mut transfer.spec.request_headers, &name);
                })
            }
            Command::SetCredentials {
                transfer_id,
                credentials,
            } => self.with_transfer(transfer_id, |transfer| {
                transfer.spec.credentials = credentials;
            }),
            Command::SetPriority {
                transfer_id,
                priority,
            } => self.with_transfer(transfer_id, |transfer| {
                transfer.spec.priority = priority;
            }),
            Command::SetCostPolicy {
                transfer_id,
                cost_policy,
            } => {
                self.with_transfer(transfer_id, |transfer| {
                    transfer.spec.cost_policy = cost_policy;
                })?;
                self.policy_dirty = true;
                Ok(())
            }
            Command::PutGroup { name, behavior } => {
                let name = check_group_name(&name)?;
                self.put_group(name, behavior);
                Ok(())
            }
            Command::MakeCurrent(transfer_id) => self.make_current(transfer_id),
            Command::SetTransferLimit {
                transfer_id,
                bytes_per_second,
            } => {
                self.with_transfer(transfer_id, |transfer| {
                    transfer.spec.max_bytes_per_second = bytes_per_second;
                })?;
                if let Some(task) = self.running.get(&transfer_id) {
                    task.limit.set(bytes_per_second);
                }
                Ok(())
            }
            Command::UpdateSettings(settings) => {
                let settings = Settings {
                    max_simultaneous_transfers: settings.max_simultaneous_transfers.clamp(1, 64),
                    connections_per_download: settings.connections_per_download.clamp(1, 32),
                    connections_per_host: settings.connections_per_host.clamp(1, 64),
                    ..*settings
                };
                self.host_slots
                    .set_per_host(settings.connections_per_host as usize);
                self.policy_dirty = true;
                *self
                    .shared_settings
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = settings.clone();
                self.settings = settings.clone();
                self.follow_schedule();
                self.global_limit
                    .set(global_download_limit(&self.schedule_now, &self.settings));
                self.global_upload_limit.set(self.settings.upload_limit);
                self.state_dirty = true;
                self.emit(Event::SettingsChanged(Box::new(settings)));
                Ok(())
            }
            Command::Shutdown => {
                self.begin_shutdown();
                Ok(())
            }
        }
    }

    fn with_transfer<T>(
        &mut self,
        transfer_id: TransferId,
        change: impl FnOnce(&mut Transfer) -> T,
    ) -> Result<T, EngineError> {
        let (result, changed) = {
            let mut table = self.table.write();
            let transfer = table
                .get_mut(transfer_id)
                .ok_or(EngineError::UnknownTransfer(transfer_id))?;
            let result = change(transfer);
            (result, transfer.clone())
        };
        self.state_dirty = true;
        self.emit(Event::TransferChanged(Box::new(changed)));
        Ok(result)
    }

    fn add(&mut self, mut spec: TransferSpec, start: bool) -> Result<(), EngineError> {
        check_scheme(&spec.url)?;
        if let Some(name) = &spec.group {
            let name = check_group_name(name)?;
            // A group named for the first time is created, parallel.
            if self.table.read().group(&name).is_none() {
                self.put_group(name.clone(), GroupBehavior::Parallel);
            }
            spec.group = Some(name);
        }
        {
            let table = self.table.read();
            if table.get(spec.transfer_id).is_some() {
                return Err(EngineError::InvalidForStatus {
                    transfer_id: spec.transfer_id,
                    status_words: "already known",
                    what: "adding it again",
                });
            }
            let conflicts = self
                .conflicts
                .get_or_insert_with(|| ConflictIndex::new(table.iter()));
            if let Some(conflict) = conflicts.find(&spec.url, &spec.destination) {
                return Err(conflict);
            }
        }
        let transfer = Transfer::new(spec);
        let transfer_id = transfer.transfer_id();
        if let Some(conflicts) = &mut self.conflicts {
            conflicts.insert(&transfer);
        }
        // A command-line run drops the events: no copy is made for nobody.
        let added = (!self.events.is_closed()).then(|| Box::new(transfer.clone()));
        self.table.write().insert(transfer);
        if start {
            self.want(transfer_id);
        }
        self.state_dirty = true;
        match added {
            Some(transfer) => self.emit(Event::Added(transfer)),
            None => self.has_news = true,
        }
        Ok(())
    }

    /// Creates the group `name` or changes its behavior.
    fn put_group(&mut self, name: String, behavior: GroupBehavior) {
        {
            let mut table = self.table.write();
            match table.group_mut(&name) {
                Some(group) => group.behavior = behavior,
                None => table.put_group(TransferGroup::new(name, behavior)),
            }
        }
        self.groups_changed();
    }

    /// "Download next": `transfer_id` becomes its group's current member.
    fn make_current(&mut self, transfer_id: TransferId) -> Result<(), EngineError> {
        self.status_allowing(transfer_id, "making it current", |status| {
            !status.is_terminal()
        })?;
        {
            let mut table = self.table.write();
            let group = group_of_mut(&mut table, transfer_id)
                .ok_or(EngineError::NotInGroup(transfer_id))?;
            group.current = Some(transfer_id);
        }
        self.groups_changed();
        Ok(())
    }

    /// A transfer that ended, or left, is no longer its group's current one.
    fn forget_current(&mut self, transfer_id: TransferId) {
        {
            let mut table = self.table.write();
            match group_of_mut(&mut table, transfer_id) {
                Some(group) if group.current == Some(transfer_id) => group.current = None,
                _ => return,
            }
        }
        self.groups_changed();
    }

    /// A group changed: save and tell the caller.
    fn groups_changed(&mut self) {
        let groups = self.table.read().groups().to_vec();
        self.state_dirty = true;
        self.emit(Event::GroupsChanged(groups));
    }

    /// The transfer's status, or an error when it is unknown or `is_allowed`
    /// refuses `what` in that status.
    fn status_allowing(
        &self,
        transfer_id: TransferId,
        what: &'static str,
        is_allowed: impl Fn(Status) -> bool,
    ) -> Result<Status, EngineError> {
        let status = self
            .table
            .read()
            .get(transfer_id)
            .map(|transfer| transfer.status)
            .ok_or(EngineError::UnknownTransfer(transfer_id))?;
        if is_allowed(status) {
            Ok(status)
        } else {
            Err(EngineError::InvalidForStatus {
                transfer_id,
                status_words: status.as_words(),
                what,
            })
        }
    }

    fn resume(&mut self, transfer_id: TransferId) -> Result<(), EngineError> {
        let status = self.status_allowing(transfer_id, "resuming", |status| {
            !matches!(status, Status::Completed | Status::Canceled)
        })?;
        self.want(transfer_id);
        if !self.running.contains_key(&transfer_id) && status != Status::Idle {
            self.set_status(transfer_id, Status::Idle, None);
        }
        Ok(())
    }

    fn pause(&mut self, transfer_id: TransferId) -> Result<(), EngineError> {
        self.status_allowing(transfer_id, "pausing", |status| !status.is_terminal())?;
        self.wanted.remove(&transfer_id);
        if let Some(task) = self.running.get_mut(&transfer_id) {
            task.stop_reason = Some(StopReason::Pause);
            task.cancel.cancel();
        }
        self.set_status(transfer_id, Status::PausedByApplication, None);
        Ok(())
    }

    /// Cancel (or remove): stop the task, then delete the `.part` file once
    /// the task no longer writes to it.
    fn cancel(&mut self, transfer_id: TransferId, reason: StopReason) -> Result<(), EngineError> {
        let status = self.status_allowing(transfer_id, "canceling", |status| {
            reason != StopReason::Cancel || !status.is_terminal()
        })?;
        self.wanted.remove(&transfer_id);
        if let Some(task) = self.running.get_mut(&transfer_id) {
            task.stop_reason = Some(reason);
            task.cancel.cancel();
            if reason == StopReason::Cancel {
                self.set_status(transfer_id, Status::Canceled, None);
            }
            return Ok(());
        }
        self.finish_cancel(transfer_id, reason, status);
        Ok(())
    }

    fn finish_cancel(&mut self, transfer_id: TransferId, reason: StopReason, status: Status) {
        if !status.is_terminal() || status == Status::Canceled {
            self.delete_partial_data(transfer_id);
        }
        if let Some(live) = self.live.remove(transfer_id) {
            live.update(|availability| {
                availability.ended = Some("the transfer was canceled".to_owned());
            });
        }
        match reason {
            StopReason::Remove => self.forget_transfer(transfer_id),
            _ => self.set_status(transfer_id, Status::Canceled, None),
        }
    }

    /// Takes a removed transfer out of the table (its file stays).
    fn forget_transfer(&mut self, transfer_id: TransferId) {
        self.forget_current(transfer_id);
        self.table.write().remove(transfer_id);
        self.settle_waiters.settled(transfer_id);
        self.state_dirty = true;
        self.emit(Event::Removed(transfer_id));
    }

    fn delete_partial_data(&mut self, transfer_id: TransferId) {
        let file_path = {
            let mut table = self.table.write();
            let Some(transfer) = table.get_mut(transfer_id) else {
                return;
            };
            transfer.ranges.clear();
            transfer.file_path.clone()
        };
        if let Some(file_path) = file_path {
            remove_if_present(&part_path(&file_path));
            self.reservations.release(&file_path);
        }
        self.state_dirty = true;
    }

    fn begin_shutdown(&mut self) {
        self.shutting_down = true;
        for task in self.running.values_mut() {
            task.stop_reason.get_or_insert(StopReason::Shutdown);
            task.cancel.cancel();
        }
    }

    fn set_status(&mut self, transfer_id: TransferId, status: Status, error: Option<String>) {
        // Progress first, so a reader sees the last bytes before the status.
        self.flush_progress_events();
        {
            let mut table = self.table.write();
            let Some(transfer) = table.get_mut(transfer_id) else {
                return;
            };
            if transfer.status == status && transfer.error == error {
                return;
            }
            transfer.status = status;
            transfer.error.clone_from(&error);
            // A transfer that ended will not change again: its state.ron
            // line is made now, while others still run, instead of all of
            // them in the save after the last one (the one at exit).
            if status.is_terminal() && self.state_text.refresh(transfer).is_ok() {
                table.mark_unchanged(transfer_id);
            }
        }
        if status == Status::Idle {
            self.ready.mark_stale();
        }
        if status.is_terminal() {
            self.forget_current(transfer_id);
        }
        if status.is_settled() {
            self.settle_waiters.settled(transfer_id);
        }
        self.state_dirty = true;
        self.emit(Event::StatusChanged {
            transfer_id,
            status,
            error,
        });
    }

    fn simultaneous_limit(&self) -> usize {
        self.config
            .max_simultaneous_transfers
            .unwrap_or(self.settings.max_simultaneous_transfers)
    }

    /// Running tasks that count against the limit of simultaneous transfers.
    fn slots_in_use(&self) -> usize {
        self.running.values().filter(|task| task.holds_slot).count()
    }

    /// `transfer_id` should run as soon as a slot and the conditions allow.
    fn want(&mut self, transfer_id: TransferId) {
        self.wanted.insert(transfer_id);
        self.ready.mark_stale();
        self.policy_dirty = true;
    }

    /// The network or power changed: tell the caller and apply the policy.
    fn emit_conditions(&mut self) {
        let conditions = self.conditions.borrow_and_update().clone();
        tracing::info!(?conditions, "conditions");
        self.policy_dirty = true;
        self.emit(Event::ConditionsChanged(Box::new(conditions)));
    }

    /// Reads the schedule against the wall clock; a new window changes the
    /// global limit and the policy.
    fn follow_schedule(&mut self) {
        let now = read_schedule(&self.settings);
        if now == self.schedule_now {
            return;
        }
        tracing::info!(?now, "the schedule changed");
        self.schedule_now = now;
        self.global_limit
            .set(global_download_limit(&self.schedule_now, &self.settings));
        self.policy_dirty = true;
    }

    /// Where the policy holds `transfer`: `None` when it may run.
    fn hold_for(&self, transfer: &Transfer) -> Option<Hold> {
        let conditions = self.conditions.borrow();
        let circumstances = Circumstances {
            conditions: &conditions,
            switches: &self.settings.policy,
            outside_hours: self
                .schedule_now
                .is_outside_hours
                .then_some(self.settings.schedule.only_between)
                .flatten(),
        };
        hold(
            &circumstances,
            TransferNeeds {
                cost_policy: transfer.spec.cost_policy,
                unconstrained: transfer.spec.unconstrained,
            },
        )
    }

    /// Holds the wanted transfers the conditions do not allow (stopping the
    /// running ones, their bytes kept) and queues the held ones they allow
    /// again.
    fn follow_conditions(&mut self) {
        if !std::mem::take(&mut self.policy_dirty) {
            return;
        }
        let changes: Vec<(TransferId, Option<Hold>)> = {
            let table = self.table.read();
            self.wanted
                .iter()
                .filter_map(|transfer_id| table.get(*transfer_id))
                .filter_map(|transfer| {
                    let hold = self.hold_for(transfer);
                    let is_held = transfer.status.is_held_by_policy();
                    let is_running = self.running.contains_key(&transfer.transfer_id());
                    let needs_change = match &hold {
                        Some(hold) => {
                            transfer.status != hold.status
                                || transfer.error.as_deref() != Some(hold.reason.as_str())
                                || is_running
                        }
                        None => is_held,
                    };
                    needs_change.then_some((transfer.transfer_id(), hold))
                })
                .collect()
        };
        for (transfer_id, hold) in changes {
            match (hold, self.running.get_mut(&transfer_id)) {
                (Some(hold), Some(task)) => {
                    // A task finishing a cancel or pause keeps that reason.
                    if task.stop_reason.is_none() && task.holds_slot {
                        tracing::info!(%transfer_id, ?hold, "held by the network or power policy");
                        task.stop_reason = Some(StopReason::Hold);
                        task.cancel.cancel();
                    }
                }
                (hold, None) => self.show_hold(transfer_id, hold),
                (None, Some(_)) => self.set_status(transfer_id, Status::Idle, None),
            }
        }
    }

    /// Puts a transfer that is not running in the status the policy gives
    /// it: held, with the reason, or queued.
    fn show_hold(&mut self, transfer_id: TransferId, hold: Option<Hold>) {
        match hold {
            Some(hold) => self.set_status(transfer_id, hold.status, Some(hold.reason)),
            None => self.set_status(transfer_id, Status::Idle, None),
        }
    }

    /// [`Self::show_hold`] with the policy as it stands now.
    fn show_hold_now(&mut self, transfer_id: TransferId) {
        let hold = self
            .table
            .read()
            .get(transfer_id)
            .and_then(|transfer| self.hold_for(transfer));
        self.show_hold(transfer_id, hold);
    }

    /// Starts what the scheduler picks.
    fn schedule(&mut self) {
        self.follow_conditions();
        self.yield_to_current_members();
        let limit = self.simultaneous_limit();
        let in_use = self.slots_in_use();
        if in_use >= limit || self.wanted.is_empty() {
            // No free slot, or nothing waits for one.
            return;
        }
        let table = self.table.read();
        let group_of = |transfer: &Transfer| {
            transfer
                .spec
                .group
                .as_deref()
                .and_then(|name| table.group(name))
        };
        let serialized_name = |group: Option<&TransferGroup>| {
            group
                .filter(|group| group.behavior == GroupBehavior::Serialized)
                .map(|group| group.name.clone())
        };
        // A member still publishing counts too: one at a time means one
        // Running member at a time.
        let busy_groups: HashSet<String> = self
            .running
            .keys()
            .filter_map(|transfer_id| table.get(*transfer_id))
            .filter_map(|transfer| serialized_name(group_of(transfer)))
            .collect();
        let is_ready = |transfer_id: TransferId| {
            self.wanted.contains(&transfer_id)
                && !self.running.contains_key(&transfer_id)
                && table
                    .get(transfer_id)
                    .is_some_and(|transfer| transfer.status == Status::Idle)
        };
        if self.ready.is_stale() {
            let candidates: Vec<Candidate> = table
                .iter()
                .enumerate()
                .filter(|(_, transfer)| is_ready(transfer.transfer_id()))
                .map(|(arrival, transfer)| {
                    let group = group_of(transfer);
                    Candidate {
                        transfer_id: transfer.transfer_id(),
                        priority: transfer.spec.priority,
                        arrival,
                        is_current: group
                            .is_some_and(|group| group.current == Some(transfer.transfer_id())),
                        serialized_group: serialized_name(group),
                    }
                })
                .collect();
            self.ready.refill(candidates);
        }
        let to_start = self.ready.pick(limit - in_use, &busy_groups, is_ready);
        drop(table);
        for transfer_id in to_start {
            self.start_task(transfer_id);
        }
    }

    /// In a serialized group whose current member waits, the member running
    /// instead stops and queues again (its bytes kept), giving it the turn.
    fn yield_to_current_members(&mut self) {
        let yielding: Vec<TransferId> = {
            let table = self.table.read();
            let waiting_current: HashSet<(&str, TransferId)> = table
                .groups()
                .iter()
                .filter(|group| group.behavior == GroupBehavior::Serialized)
                .filter_map(|group| group.current.map(|current| (group.name.as_str(), current)))
                .filter(|(_, current)| {
                    self.wanted.contains(current) && !self.running.contains_key(current)
                })
                .collect();
            if waiting_current.is_empty() {
                return;
            }
            self.running
                .iter()
                .filter(|(_, task)| task.holds_slot && task.stop_reason.is_none())
                .filter_map(|(transfer_id, _)| {
                    let group = table.get(*transfer_id)?.spec.group.as_deref()?;
                    waiting_current
                        .iter()
                        .any(|(name, current)| *name == group && current != transfer_id)
                        .then_some(*transfer_id)
                })
                .collect()
        };
        for transfer_id in yielding {
            if let Some(task) = self.running.get_mut(&transfer_id) {
                tracing::info!(%transfer_id, "yields its group's turn to the current member");
                task.stop_reason = Some(StopReason::Yield);
                task.cancel.cancel();
            }
        }
    }

    fn start_task(&mut self, transfer_id: TransferId) {
        let Some(transfer) = self.table.read().get(transfer_id).cloned() else {
            return;
        };
        let limit = RateLimit::new(transfer.spec.max_bytes_per_second);
        let cancel = CancellationToken::new();
        let reporter = Reporter {
            transfer_id,
            sender: self.reports_sender.clone(),
        };
        let global_limit = if transfer.spec.is_upload() {
            &self.global_upload_limit
        } else {
            &self.global_limit
        };
        let limits = Limits {
            global: Arc::clone(global_limit),
            transfer: Arc::clone(&limit),
        };
        if transfer.spec.is_upload() {
            let job = UploadJob {
                limits,
                sent_before: transfer.progress.bytes_sent,
                spec: transfer.spec,
                config: Arc::clone(&self.config),
                client: self.client.clone(),
                host_slots: self.host_slots.clone(),
            };
            spawn_task(
                upload::put::run(job, reporter.clone(), cancel.clone()),
                reporter,
            );
        } else {
            let live = self.live.get_or_create(&transfer);
            let job = DownloadJob {
                limits,
                connections: transfer.spec.connections,
                spec: transfer.spec,
                validator: transfer.validator,
                ranges: transfer.ranges,
                total: transfer.progress.total_bytes_to_receive,
                file_path: transfer.file_path,
                automatic_connections_up_to: self.settings.connections_per_download,
                config: Arc::clone(&self.config),
                client: self.client.clone(),
                reservations: self.reservations.clone(),
                host_slots: self.host_slots.clone(),
                disk: self.disk.clone(),
                live,
            };
            spawn_task(
                download::http::run(job, reporter.clone(), cancel.clone()),
                reporter,
            );
        }
        self.running.insert(
            transfer_id,
            RunningTask {
                cancel,
                limit,
                stop_reason: None,
                holds_slot: true,
            },
        );
        self.set_status(transfer_id, Status::Running, None);
    }

    async fn apply_report(&mut self, transfer_id: TransferId, report: TaskReport) {
        // A path chosen or a transfer ended changes which files and URLs are
        // taken.
        self.conflicts = None;
        match report {
            TaskReport::Response {
                info,
                validator,
                total,
                file_path,
                restarted,
                durable_ack,
            } => {
                // Copied for the event only when someone reads events.
                let (response, info) = if self.events.is_closed() {
                    (*info, None)
                } else {
                    ((*info).clone(), Some(info))
                };
                self.with_existing(transfer_id, |transfer| {
                    let changed = transfer.response.as_ref().is_some_and(|previous| {
                        previous.actual_url != response.actual_url
                            || transfer.validator != validator
                    });
                    if restarted {
                        transfer.ranges.clear();
                        transfer.restarts += 1;
                        transfer.progress.has_restarted = true;
                        transfer.progress.bytes_received = 0;
                    }
                    transfer.progress.has_response_changed = restarted || changed;
                    transfer.progress.total_bytes_to_receive = total;
                    transfer.validator = validator;
                    transfer.file_path = Some(file_path);
                    transfer.response = Some(response);
                });
                if restarted {
                    self.restarted_since_ranges.insert(transfer_id);
                    if let Some(live) = self.live.get(transfer_id) {
                        live.update(|availability| availability.restarts += 1);
                    }
                }
                if let Some(info) = info {
                    self.emit(Event::ResponseReceived { transfer_id, info });
                }
                // Saved once the reports waiting now are applied, so many
                // new downloads share one write.
                self.pending_acks.extend(durable_ack);
            }
            TaskReport::Progress { bytes_received } => {
                self.with_existing(transfer_id, |transfer| {
                    transfer.progress.bytes_received = bytes_received;
                });
            }
            TaskReport::Checkpoint { ranges } => self.ranges_durable(transfer_id, ranges),
            TaskReport::BodyComplete => {
                let finishing = self.running.len() - self.slots_in_use();
                if finishing < FINISHING_PER_SLOT * self.simultaneous_limit()
                    && let Some(task) = self.running.get_mut(&transfer_id)
                {
                    task.holds_slot = false;
                }
            }
            TaskReport::SaveRequested { ack } => self.pending_acks.push(ack),
            TaskReport::Retrying { delay, error } => {
                tracing::info!(%transfer_id, delay_ms = delay.as_millis(), %error, "retrying");
                let words = format!("{error}; retrying in {} s", delay.as_secs_f32().ceil());
                if self.running.contains_key(&transfer_id) {
                    self.set_status(transfer_id, Status::Running, Some(words));
                }
            }
            TaskReport::UploadStarted { total, restarted } => {
                self.with_existing(transfer_id, |transfer| {
                    if restarted {
                        transfer.restarts += 1;
                        transfer.progress.has_restarted = true;
                    }
                    transfer.progress.total_bytes_to_send = Some(total);
                    transfer.progress.bytes_sent = 0;
                });
            }
            TaskReport::Sent { bytes_sent } => {
                self.with_existing(transfer_id, |transfer| {
                    transfer.progress.bytes_sent = bytes_sent;
                });
            }
            TaskReport::ResponseOnly { info } => {
                self.with_existing(transfer_id, |transfer| {
                    transfer.response = Some(*info.clone());
                });
                self.emit(Event::ResponseReceived { transfer_id, info });
            }
            TaskReport::Done(outcome) => self.task_ended(transfer_id, outcome),
        }
    }

    /// Records the ranges now durable and tells what was added.
    fn ranges_durable(&mut self, transfer_id: TransferId, ranges: Vec<ByteRange>) {
        let mut added = Vec::new();
        self.with_existing(transfer_id, |transfer| {
            let durable = RangeSet::from_ranges(&ranges);
            added = durable.added_since(&RangeSet::from_ranges(&transfer.ranges));
            transfer.progress.bytes_received = transfer.progress.bytes_received.max(durable.len());
            transfer.ranges = ranges;
        });
        let restarted = self.restarted_since_ranges.contains(&transfer_id);
        if added.is_empty() && !restarted {
            return;
        }
        self.restarted_since_ranges.remove(&transfer_id);
        self.emit(Event::RangesDownloaded {
            transfer_id,
            added,
            restarted,
        });
    }

    /// Applies a change to a transfer that may have been removed meanwhile.
    fn with_existing(&mut self, transfer_id: TransferId, change: impl FnOnce(&mut Transfer)) {
        if let Some(transfer) = self.table.write().get_mut(transfer_id) {
            change(transfer);
            self.state_dirty = true;
            self.progress_dirty.insert(transfer_id);
        }
    }

    fn task_ended(&mut self, transfer_id: TransferId, outcome: Outcome) {
        let stop_reason = self
            .running
            .remove(&transfer_id)
            .and_then(|task| task.stop_reason);
        let finished = matches!(outcome, Outcome::Completed { .. } | Outcome::Uploaded);
        if !finished {
            // It may queue again (a yield, a hold released at once).
            self.ready.mark_stale();
        }
        match outcome {
            Outcome::Completed { .. } | Outcome::Uploaded => {
                // A finished transfer wins over a pause or cancel that came
                // late.
                self.wanted.remove(&transfer_id);
                if let Outcome::Completed { final_path } = outcome {
                    self.file_published(transfer_id, &final_path);
                }
                if stop_reason == Some(StopReason::Remove) {
                    self.forget_transfer(transfer_id);
                } else {
                    self.set_status(transfer_id, Status::Completed, None);
                }
            }
            Outcome::Failed(error) => {
                // The network went away under it: wait for it, do not spend
                // the transfer's retries (a pause or cancel the user asked
                // for still wins).
                if self.is_offline()
                    && !matches!(
                        stop_reason,
                        Some(StopReason::Cancel | StopReason::Remove | StopReason::Pause)
                    )
                {
                    tracing::info!(%transfer_id, %error, "failed while offline; waits for the network");
                    self.show_hold_now(transfer_id);
                    return;
                }
                self.wanted.remove(&transfer_id);
                tracing::warn!(%transfer_id, %error, "transfer failed");
                match stop_reason {
                    Some(reason @ (StopReason::Cancel | StopReason::Remove)) => {
                        self.finish_cancel(transfer_id, reason, Status::Canceled);
                    }
                    // Paused while it failed: it stays paused (pause set the
                    // status) and can be resumed.
                    Some(StopReason::Pause) => {}
                    _ => {
                        if let Some(live) = self.live.get(transfer_id) {
                            live.update(|availability| availability.ended = Some(error.clone()));
                        }
                        self.set_status(transfer_id, Status::Error, Some(error));
                    }
                }
            }
            Outcome::PausedRecoverable { status_code } => {
                self.wanted.remove(&transfer_id);
                let words = format!(
                    "the server answered {status_code}; set a new URL (ferry set-url {transfer_id} URL) to resume"
                );
                self.set_status(
                    transfer_id,
                    Status::PausedRecoverableWebErrorStatus,
                    Some(words),
                );
            }
            Outcome::Stopped => match stop_reason {
                Some(reason @ (StopReason::Cancel | StopReason::Remove)) => {
                    self.finish_cancel(transfer_id, reason, Status::Canceled);
                }
                Some(StopReason::Pause) => {
                    self.set_status(transfer_id, Status::PausedByApplication, None);
                }
                Some(StopReason::Restart | StopReason::Yield) => {
                    self.set_status(transfer_id, Status::Idle, None);
                }
                // The conditions may have turned back meanwhile.
                Some(StopReason::Hold) => self.show_hold_now(transfer_id),
                Some(StopReason::Shutdown) | None => {
                    // Queued again: it continues at the next start.
                    self.set_status(transfer_id, Status::Idle, None);
                }
            },
        }
    }

    /// A download's file is whole under `final_path`: every byte is on disk,
    /// the name is no longer reserved, readers are told where it is.
    fn file_published(&mut self, transfer_id: TransferId, final_path: &Path) {
        self.with_existing(transfer_id, |transfer| {
            let total = transfer.progress.total_bytes_to_receive.unwrap_or(0);
            transfer.file_path = Some(final_path.to_owned());
            transfer.ranges = vec![ByteRange {
                start: 0,
                end: total,
            }];
            transfer.progress.bytes_received = total;
        });
        self.reservations.published(final_path);
        if let Some(folder) = final_path.parent() {
            self.folders_to_sync.insert(folder.to_owned());
        }
        if let Some(live) = self.live.get(transfer_id) {
            live.update(|availability| availability.final_path = Some(final_path.to_owned()));
        }
        self.live.forget_if_unread(transfer_id);
    }

    fn is_offline(&self) -> bool {
        self.conditions.borrow().network.connectivity.is_offline()
    }

    fn flush_progress_events(&mut self) {
        if self.progress_dirty.is_empty() {
            return;
        }
        // The event is made only when someone reads events; the one-shot
        // flags are cleared either way.
        let is_heard = !self.events.is_closed();
        let mut batch = Vec::new();
        {
            let mut table = self.table.write();
            for transfer_id in self.progress_dirty.drain() {
                let Some(transfer) = table.get(transfer_id) else {
                    continue;
                };
                let progress = &transfer.progress;
                let has_one_shot_flag = progress.has_restarted || progress.has_response_changed;
                if is_heard {
                    batch.push((transfer_id, progress.clone()));
                }
                // These flags are true in one report only (borrowing the
                // transfer to change counts as a change to save: only then).
                if has_one_shot_flag && let Some(transfer) = table.get_mut(transfer_id) {
                    transfer.progress.has_restarted = false;
                    transfer.progress.has_response_changed = false;
                }
            }
        }
        if is_heard {
            self.emit(Event::Progress(batch));
        }
    }

    fn emit(&mut self, event: Event) {
        self.has_news = true;
        if self.events_lagged {
            if self.events.try_send(Event::Lagged).is_err() {
                return;
            }
            self.events_lagged = false;
        }
        match self.events.try_send(event) {
            Ok(()) | Err(mpsc::error::TrySendError::Closed(_)) => {}
            Err(mpsc::error::TrySendError::Full(_)) => self.events_lagged = true,
        }
    }

    /// Tells watchers and the waker that something changed (nothing while
    /// idle, so an idle window does not repaint).
    fn after_change(&mut self) {
        if !std::mem::take(&mut self.has_news) {
            return;
        }
        self.changes.send_modify(|generation| *generation += 1);
        if let Some(waker) = &self.waker {
            waker();
        }
    }

    /// Hands the state to the (idle) saver; everyone in `pending_acks` is
    /// told once it is on disk.
    fn save(&mut self) {
        self.save_wanted = false;
        let composed = {
            let mut table = self.table.write();
            let changed = table.take_changed();
            self.state_text
                .compose(table.iter(), &changed, table.groups(), &self.settings)
        };
        match composed {
            Ok(text) => {
                self.state_dirty = false;
                let request = SaveRequest {
                    text,
                    acks: std::mem::take(&mut self.pending_acks),
                    folders_to_sync: std::mem::take(&mut self.folders_to_sync),
                };
                self.saver.save(request);
            }
            Err(error) => {
                // Serialize everything again next time.
                self.state_text = StateText::default();
                tracing::error!(%error, "cannot serialize the state");
                self.emit(Event::CommandFailed {
                    transfer_id: None,
                    error: error.to_string(),
                });
            }
        }
    }
}

/// Runs a transfer's task; it always ends in a `Done` report, a panic in it
/// too.
fn spawn_task(task: impl Future<Output = Outcome> + Send + 'static, reporter: Reporter) {
    // A download's future is kilobytes large: boxed once here, the spawned
    // task holds a pointer, and tokio's moves of the task (into its cell,
    // and its output over the future when done) copy a few words instead.
    let task = Box::pin(task);
    tokio::spawn(async move {
        let outcome = match std::panic::AssertUnwindSafe(task).catch_unwind().await {
            Ok(outcome) => outcome,
            Err(panic) => {
                let words = panic
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Outcome::Failed(format!("internal error in the transfer's task: {words}"))
            }
        };
        reporter.send(TaskReport::Done(outcome)).await;
    });
}

/// The schedule at this moment of local time (UTC when the time zone is
/// unknown).
fn read_schedule(settings: &Settings) -> ScheduleNow {
    if settings.schedule.is_empty() {
        // The same at every moment; finding the local time zone would read
        // the time zone database (milliseconds at each start) for nothing.
        return settings.schedule.at(0, 0);
    }
    let now = jiff::Zoned::now();
    let weekday = now.weekday().to_monday_zero_offset() as u8;
    let minute = now.hour() as u16 * 60 + now.minute() as u16;
    settings.schedule.at(weekday, minute)
}

/// The global limit now: the schedule's window, else the setting.
fn global_download_limit(schedule_now: &ScheduleNow, settings: &Settings) -> Option<u64> {
    schedule_now
        .download_limit
        .unwrap_or(settings.download_limit)
}

fn command_transfer_id(command: &Command) -> Option<TransferId> {
    match command {
        Command::Add { spec, .. } => Some(spec.transfer_id),
        Command::Resume(transfer_id)
        | Command::Pause(transfer_id)
        | Command::Cancel(transfer_id)
        | Command::Remove(transfer_id)
        | Command::SetUrl { transfer_id, .. }
        | Command::SetRequestHeader { transfer_id, .. }
        | Command::RemoveRequestHeader { transfer_id, .. }
        | Command::SetCredentials { transfer_id, .. }
        | Command::MakeCurrent(transfer_id)
        | Command::SetTransferLimit { transfer_id, .. }
        | Command::SetPriority { transfer_id, .. }
        | Command::SetCostPolicy { transfer_id, .. } => Some(*transfer_id),
        Command::PutGroup { .. } | Command::UpdateSettings(_) | Command::Shutdown => None,
    }
}

/// The group `transfer_id` belongs to, to change it.
fn group_of_mut(table: &mut TransferTable, transfer_id: TransferId) -> Option<&mut TransferGroup> {
    let name = table.get(transfer_id)?.spec.group.clone()?;
    table.group_mut(&name)
}

fn check_scheme(url: &url::Url) -> Result<(), EngineError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        other => Err(EngineError::UnsupportedScheme {
            scheme: other.to_owned(),
            url: url.clone(),
        }),
    }
}

/// Makes the names created in `folder` (published files) durable.
fn sync_folder(folder: &Path) {
    if let Err(error) = std::fs::File::open(folder).and_then(|directory| directory.sync_all()) {
        tracing::warn!(folder = %folder.display(), %error, "cannot sync the folder");
    }
}

fn remove_if_present(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "cannot delete the partial file")
        }
    }
}

/// One writer for state.ron: one save at a time on the blocking pool. The
/// actor composes the next text only when the saver is idle, so a burst of
/// changes costs one serialization and one write per save, not per change.
struct Saver {
    sender: Option<mpsc::Sender<SaveRequest>>,
    /// Told when a save is on disk, with the text written.
    done: mpsc::Receiver<String>,
    busy: bool,
    task: Option<tokio::task::JoinHandle<()>>,
}

struct SaveRequest {
    text: String,
    acks: Vec<oneshot::Sender<()>>,
    folders_to_sync: HashSet<PathBuf>,
}

impl Saver {
    fn start(store: StateStore) -> Saver {
        let (sender, mut receiver) = mpsc::channel::<SaveRequest>(1);
        let (done_sender, done) = mpsc::channel(1);
        let store = Arc::new(store);
        let task = tokio::spawn(async move {
            while let Some(request) = receiver.recv().await {
                let SaveRequest {
                    text,
                    acks,
                    folders_to_sync,
                } = request;
                let store = Arc::clone(&store);
                let written = tokio::task::spawn_blocking(move || {
                    for folder in &folders_to_sync {
                        sync_folder(folder);
                    }
                    (store.save_text(&text), text)
                })
                .await;
                let text = match written {
                    Ok((Ok(()), text)) => text,
                    Ok((Err(error), text)) => {
                        tracing::error!(%error, "cannot save the state");
                        text
                    }
                    Err(error) => {
                        tracing::error!(%error, "the save task failed");
                        String::new()
                    }
                };
                for ack in acks {
                    let _ = ack.send(());
                }
                let _ = done_sender.send(text).await;
            }
        });
        Saver {
            sender: Some(sender),
            done,
            busy: false,
            task: Some(task),
        }
    }

    fn is_busy(&self) -> bool {
        self.busy
    }

    /// Starts writing `request`; only called when the saver is idle.
    fn save(&mut self, request: SaveRequest) {
        if let Some(sender) = &self.sender
            && sender.try_send(request).is_ok()
        {
            self.busy = true;
        }
    }

    /// Waits until the save in progress is on disk; returns the text
    /// written, for the next save to reuse.
    async fn finished(&mut self) -> String {
        // `None`: the saver task is gone, so nothing is in progress either.
        let text = self.done.recv().await.unwrap_or_default();
        self.busy = false;
        text
    }

    async fn stop(&mut self) {
        self.sender = None;
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}
