//! The engine task: owns the transfer table, applies commands, runs download
//! and upload tasks, batches their reports into events, and hands the state
//! to the saver. Everything that changes a transfer happens here, on one
//! task. This file holds the actor's state and its loop; the rest is split
//! by concern: `commands` (what the handle asks), `holds` (which transfers
//! run: slots, groups, policies, the schedule), `tasks` (starting tasks and
//! applying their reports) and `events` (what goes out, and saves).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

use crate::model::{
    Credentials, ProxyChoice, Settings, Status, SystemConditions, TransferId, TransferMap,
    TransferSet,
};
use crate::store::{PersistedState, StateStore};

use super::EventsWanted;
use super::conflict::ConflictIndex;
use super::download::live::LiveFiles;
use super::download::{DiskThread, PathReservations};
use super::handle::Envelope;
use super::net::{Clients, HostSlots};
use super::rate::RateLimit;

use super::settle::SettleWaiters;
use super::table::{SharedSettings, SharedTable};
use super::task::TaskReport;
use super::vault::{Vault, restore_proxy_credentials, restore_secrets};
use super::{EngineConfig, EngineError, Event, Waker};
use admission::Admission;
use outbox::Outbox;
use persistence::Persistence;

mod admission;
mod commands;
mod completions;
mod events;
mod groups;
mod holds;
mod outbox;
mod persistence;
mod prefetch;
mod save_budget;
mod secrets;
mod speed_log;
mod tasks;

use holds::{global_download_limit, read_schedule};
pub(crate) use speed_log::SAMPLES_KEPT as SPEED_SAMPLES_KEPT;

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

/// The TLS settings every client uses: the system's roots, `extra_ca`
/// (a PEM file) and the certificates pinned in `settings`.
fn tls_config(
    extra_ca: Option<&Path>,
    settings: &Settings,
) -> Result<rustls::ClientConfig, EngineError> {
    super::tls::client_config(extra_ca, &settings.pinned_certificates)
}

/// The extra CA this engine trusts: its own (`--ca-cert`), else the setting's.
fn extra_ca_cert<'a>(config: &'a EngineConfig, settings: &'a Settings) -> Option<&'a Path> {
    config
        .extra_ca_cert
        .as_deref()
        .or(settings.extra_ca_cert.as_deref())
}

/// What the engine needs to start.
pub(crate) struct ActorParts {
    pub config: EngineConfig,
    pub store: StateStore,
    pub state: PersistedState,
    pub table: SharedTable,
    pub shared_settings: SharedSettings,
    pub events: mpsc::Sender<Event>,
    pub events_wanted: EventsWanted,
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
    running: TransferMap<RunningTask>,
    /// Events, watchers and the waker.
    outbox: Outbox,
    reports_sender: mpsc::Sender<(TransferId, TaskReport)>,
    reports: mpsc::Receiver<(TransferId, TaskReport)>,
    progress_dirty: TransferSet,
    /// state.ron: what changed, who waits, the saver.
    persistence: Persistence,
    /// Who may start: wanted transfers, their queue, the conditions and
    /// the schedule's reading.
    admission: Admission,
    /// The URLs and files taken, kept while only adds happen (a burst of a
    /// thousand URLs); anything else may free some and drops it.
    conflicts: Option<ConflictIndex>,
    /// The HTTP clients, one per way to the network.
    clients: Clients,
    /// The settings' proxy credentials (the keyring keeps them too).
    proxy_credentials: Option<Credentials>,
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
    /// Completion groups' firings and the per-transfer notices.
    completions: completions::Completions,
    /// Where secrets go between runs (the keyring), written in order off
    /// the actor's thread.
    vault: Vault,
    /// When the prefetch list refreshes, and the refresh running.
    prefetcher: prefetch::Prefetcher,
    /// Transfers being removed whose partial file stays.
    keep_partial: TransferSet,
    /// All transfers' speed, sampled for the windows' plot.
    speed_log: speed_log::SpeedLog,
}
impl Actor {
    pub fn new(parts: ActorParts) -> Result<Actor, EngineError> {
        let journal_generation = parts.state.journal_generation;
        let settings = &parts.state.settings;
        let tls = match tls_config(extra_ca_cert(&parts.config, settings), settings) {
            // The setting's CA file went away or went bad: the engine runs
            // without it (the servers it vouched for are not trusted) and
            // says why; the setting can be changed.
            Err(error @ EngineError::CaCertificate { .. })
                if parts.config.extra_ca_cert.is_none() =>
            {
                tracing::warn!(%error, "running without the CA certificate of the settings");
                tls_config(None, settings)?
            }
            tls => tls?,
        };
        let proxy_credentials = match settings.proxy {
            ProxyChoice::Manual(_) => restore_proxy_credentials(&parts.config.vault),
            _ => None,
        };
        let clients = Clients::new(
            parts.config.connect_timeout,
            tls,
            settings.proxy.clone(),
            proxy_credentials.as_ref(),
        );
        let (reports_sender, reports) = mpsc::channel(REPORT_CAPACITY);
        let reservations = PathReservations::default();
        let mut wanted = TransferSet::default();
        let mut transfers = parts.state.transfers;
        restore_secrets(&parts.config.vault, &mut transfers);
        let vault = Vault::start(&parts.config.vault);
        {
            let mut table = parts.table.write();
            for mut transfer in transfers {
                if !transfer.status.is_terminal()
                    && let Some(path) = &transfer.file_path
                {
                    reservations.reserve(path);
                }
                // Bytes received but never flushed are not on disk.
                transfer.progress.bytes_received = transfer.bytes_on_disk();
                let was_active = matches!(transfer.status, Status::Running | Status::Idle)
                    || transfer.status.is_held_by_policy();
                // A transfer held by the network or power keeps its status
                // and reason until the policy looks at it again (an engine
                // that only lists or changes a setting never does).
                if transfer.status == Status::Running {
                    transfer.status = Status::Idle;
                    transfer.error = None;
                }
                if was_active && parts.config.resume_on_start {
                    wanted.insert(transfer.transfer_id());
                }
                table.insert(transfer);
            }
            for group in parts.state.groups {
                table.put_group(group);
            }
            table.set_completion_groups(completions::loaded_groups(parts.state.completion_groups));
            // Why an entry waited is read again from the conditions; no
            // refresh runs yet.
            table.set_prefetch(
                parts
                    .state
                    .prefetch
                    .into_iter()
                    .map(|entry| crate::model::PrefetchEntry {
                        waiting: None,
                        is_refreshing: false,
                        ..entry
                    })
                    .collect(),
            );
        }
        let prefetcher = prefetch::Prefetcher::new(parts.store.dir(), parts.config.resume_on_start);
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
            admission: Admission::new(wanted, parts.conditions, schedule_now),
            running: TransferMap::default(),
            outbox: Outbox::new(
                parts.events,
                parts.events_wanted,
                parts.changes,
                parts.waker,
            ),
            reports_sender,
            reports,
            progress_dirty: TransferSet::default(),
            persistence: Persistence::new(parts.store, journal_generation),
            conflicts: None,
            clients,
            proxy_credentials,
            reservations,
            host_slots,
            disk: DiskThread::start().map_err(EngineError::Runtime)?,
            live: parts.live,
            settle_waiters: SettleWaiters::default(),
            restarted_since_ranges: TransferSet::default(),
            shutting_down: false,
            global_limit,
            global_upload_limit,
            completions: completions::Completions::new(),
            vault,
            prefetcher,
            keep_partial: TransferSet::default(),
            speed_log: speed_log::SpeedLog::default(),
        })
    }

    pub async fn run(mut self, mut commands: mpsc::Receiver<Envelope>) {
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut schedule_check = tokio::time::interval(SCHEDULE_CHECK);
        schedule_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        if !self
            .admission
            .wait_for_first_conditions(FIRST_CONDITIONS_WAIT)
            .await
        {
            tracing::warn!("the network and power readings are late; starting without them");
        }
        self.emit_conditions();
        self.schedule();
        self.after_change();
        let mut shutdown_deadline: Option<tokio::time::Instant> = None;
        loop {
            let is_saver_busy = self.persistence.is_busy();
            let budget_deadline = self.persistence.budget_deadline();
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
                }
                () = self.persistence.finished(), if is_saver_busy => {}
                () = self.admission.conditions_changed() => self.emit_conditions(),
                Some(refreshed) = self.prefetcher.results.recv() => self.apply_prefetch(refreshed),
                Some((group_id, outcome)) = self.completions.outcomes.recv() => {
                    self.record_outcome(group_id, outcome);
                }
                _ = schedule_check.tick() => self.follow_schedule(),
                // A save held back by the interval goes as soon as it may,
                // not at the tick after.
                () = tokio::time::sleep_until(budget_deadline.unwrap_or_else(tokio::time::Instant::now)),
                    if budget_deadline.is_some() => self.persistence.budget_ready(),
                _ = tick.tick() => {
                    self.sample_speed();
                    self.flush_progress_events();
                    self.tell_ended_transfers();
                    self.persistence.tick();
                }
            }
            if self.persistence.is_save_due(self.shutting_down) {
                self.save(false);
            }
            if self.shutting_down {
                let deadline = *shutdown_deadline
                    .get_or_insert_with(|| tokio::time::Instant::now() + SHUTDOWN_GRACE);
                // A completion action that runs gets the grace too, so
                // its outcome is recorded.
                let is_done = self.running.is_empty() && self.completions.is_idle();
                if is_done || tokio::time::Instant::now() >= deadline {
                    break;
                }
            } else {
                self.schedule();
                self.fire_ready_groups();
                self.start_due_prefetch();
            }
            self.after_change();
        }
        // Drain what the stopped tasks reported last (their final checkpoints).
        while let Ok((transfer_id, report)) = self.reports.try_recv() {
            self.apply_report(transfer_id, report).await;
        }
        self.flush_progress_events();
        if self.persistence.is_busy() {
            self.persistence.finished().await;
        }
        let (ack_sender, ack_receiver) = oneshot::channel();
        self.persistence.after_save(ack_sender);
        // Whole at the end: the journal is folded in, and an older ferry
        // (which reads no journal) finds everything in state.ron.
        self.save(true);
        let _ = ack_receiver.await;
        self.persistence.stop().await;
        self.after_change();
    }
}
