//! The background engine: a tokio runtime on its own named thread that owns
//! every transfer. Callers talk to it only through [`EngineHandle`]
//! ([`Command`]s in, [`Event`]s and a snapshot out), so the CLI and the window
//! share one implementation and neither ever blocks on the network.

mod actor;
pub mod backend;
mod command;
pub mod completion;
mod completion_group;
mod config;
mod conflict;
pub mod download;
mod downloader;
mod error;
mod event;
#[cfg(feature = "test-support")]
pub mod fake;
pub mod file_name;
mod handle;
pub mod input;
pub mod net;
pub mod policy;
mod prefetch;
pub mod protocol;
pub mod rate;
mod reader;
mod scheduler;
mod settle;
mod short_fetch;
mod table;
mod task;
mod tls;
/// Uploads; `upload::multipart::escape_name` is public for the fuzz
/// targets (`fuzz/`), the rest is the engine's.
pub mod upload;
pub mod vault;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{mpsc, watch};

pub use command::Command;
pub use completion_group::TransferCompletionGroup;
pub use config::EngineConfig;
pub use conflict::ConflictIndex;
pub use downloader::{DownloadOperation, Downloader};
pub use error::EngineError;
pub use event::Event;
pub use handle::{EngineHandle, Submitted};
pub use reader::TransferReader;
pub use settle::Settled;
pub use short_fetch::{MAX_SHORT_TEXT_BYTES, fetch_short_text};

use crate::model::SystemConditions;
use crate::store::{PersistedState, StateStore};

/// Called by the engine after it queued events, so a UI can repaint. Must be
/// cheap and must not block.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Whether anyone reads the engine's events now. The engine makes no event
/// (and no copy of a transfer for one) while this is off: the service
/// turns it on only while a client is connected, which starts from a
/// fresh copy of the table anyway. On by default.
#[derive(Clone, Debug)]
pub struct EventsWanted(Arc<AtomicBool>);

impl EventsWanted {
    fn new() -> Self {
        EventsWanted(Arc::new(AtomicBool::new(true)))
    }

    /// Turns the events on or off. Turned on, the change applies to every
    /// event made after this call returns.
    pub fn set(&self, is_wanted: bool) {
        self.0.store(is_wanted, Ordering::SeqCst);
    }

    pub(crate) fn is_on(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// How many commands may wait for the engine.
pub const COMMAND_CAPACITY: usize = 256;
/// How many events may wait for the caller before they are dropped
/// (the caller then gets [`Event::Lagged`] and re-reads the snapshot).
pub const EVENT_CAPACITY: usize = 1024;

/// The running engine: its thread and the caller's end of its channels.
/// Dropping it shuts the engine down and waits for the final save.
pub struct Engine {
    handle: EngineHandle,
    events_wanted: EventsWanted,
    events: Option<mpsc::Receiver<Event>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Engine {
    /// Starts the engine thread over `store` and the state loaded from it.
    pub fn start(
        config: EngineConfig,
        store: StateStore,
        state: PersistedState,
        waker: Option<Waker>,
    ) -> Result<Engine, EngineError> {
        net::check_proxy_variables()?;
        Engine::start_checked(config, store, state, waker)
    }

    /// [`Engine::start`] once the proxy variables were checked.
    fn start_checked(
        config: EngineConfig,
        store: StateStore,
        state: PersistedState,
        waker: Option<Waker>,
    ) -> Result<Engine, EngineError> {
        let (command_sender, command_receiver) = mpsc::channel(COMMAND_CAPACITY);
        let (event_sender, event_receiver) = mpsc::channel(EVENT_CAPACITY);
        let (change_sender, change_receiver) = watch::channel(0_u64);
        let table = table::SharedTable::default();
        let shared_settings = table::SharedSettings::default();
        let live = download::live::LiveFiles::default();
        let events_wanted = EventsWanted::new();
        let (conditions_sender, conditions) = watch::channel(SystemConditions::default());
        let handle = EngineHandle::new(
            command_sender,
            table.clone(),
            shared_settings.clone(),
            change_receiver,
            Some(live.clone()),
            conditions.clone(),
        );
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("ferry-engine-worker")
            .enable_all()
            .build()
            .map_err(EngineError::Runtime)?;
        // The actor spawns its saver task, so it is built inside the runtime.
        let runtime_guard = runtime.enter();
        policy::start(
            config.system_bus.clone(),
            config.net_class_dir.clone(),
            conditions_sender,
        );
        let actor = actor::Actor::new(actor::ActorParts {
            config,
            store,
            state,
            table,
            shared_settings,
            events: event_sender,
            events_wanted: events_wanted.clone(),
            changes: change_sender,
            waker,
            live,
            conditions,
        })?;
        drop(runtime_guard);
        let thread = std::thread::Builder::new()
            .name("ferry-engine".to_owned())
            .spawn(move || {
                // The actor runs on the workers, beside the transfers that
                // report to it: a report wakes it without a thread switch.
                let actor_task = runtime.spawn(actor.run(command_receiver));
                if runtime.block_on(actor_task).is_err() {
                    tracing::error!("the engine actor panicked");
                }
                // The actor ends after every transfer ended and the state
                // was saved: what is left (idle connections, the system
                // watchers) is dropped by the workers without waiting for
                // them, instead of closing the connections one at a time
                // before a command-line run may exit.
                runtime.shutdown_background();
            })
            .map_err(EngineError::Runtime)?;
        Ok(Engine {
            handle,
            events_wanted,
            events: Some(event_receiver),
            thread: Some(thread),
        })
    }

    /// Takes the state directory's writer lock, loads the state (repairing
    /// what it can) and starts the engine. Returns the engine and one line per
    /// repair the person should hear about.
    pub fn open(
        state_dir: &std::path::Path,
        config: EngineConfig,
        waker: Option<Waker>,
    ) -> Result<(Engine, Vec<String>), EngineError> {
        // What cannot work is refused before the state folder is touched.
        net::check_proxy_variables()?;
        if let Some(extra_ca) = &config.extra_ca_cert {
            tls::read_certificates(extra_ca)?;
        }
        let (store, mut loaded) = StateStore::open(state_dir)?;
        if config.extra_ca_cert.is_none()
            && let Some(setting) = &loaded.state.settings.extra_ca_cert
            && let Err(error) = tls::read_certificates(setting)
        {
            loaded.warnings.push(format!(
                "{error}; running without it (the extra CA certificate is a setting)"
            ));
        }
        let engine = Engine::start_checked(config, store, loaded.state, waker)?;
        Ok((engine, loaded.warnings))
    }

    /// A handle for sending commands and reading the snapshot.
    pub fn handle(&self) -> EngineHandle {
        self.handle.clone()
    }

    /// Turns the events on and off (see [`EventsWanted`]).
    pub fn events_wanted(&self) -> EventsWanted {
        self.events_wanted.clone()
    }

    /// The event stream; there is one, for the caller that drives a UI.
    pub fn take_events(&mut self) -> Option<mpsc::Receiver<Event>> {
        self.events.take()
    }

    /// Stops every transfer where it stands, saves the state and waits for
    /// the engine thread to end. Blocking: never call it from async code.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(thread) = self.thread.take() {
            // A closed channel means the engine already ended.
            let _ = self.handle.send_blocking(Command::Shutdown);
            // The events receiver must not fill up while we wait.
            drop(self.events.take());
            if thread.join().is_err() {
                tracing::error!("the engine thread panicked");
            }
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}
