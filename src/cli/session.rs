//! Opening the state and the engine for a CLI command, waiting for transfers
//! to settle, and resolving the IDs people type.

use ferry_i18n::tr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::signal::unix::{SignalKind, signal};

use super::progress::ProgressView;
use crate::engine::{
    Command, Engine, EngineConfig, EngineError, EngineHandle, TransferCompletionGroup,
};
use crate::model::{CompletionGroupId, Transfer, TransferId, TransferKind};
use crate::service::{ClientOptions, RemoteEngine, Service, ServiceError};
use crate::store;
use crate::store::{PersistedState, StoreError};

/// The state directory: --state-dir / FERRY_STATE_DIR, else the XDG default.
pub fn state_dir(explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match explicit {
        Some(dir) => Ok(dir),
        None => store::default_state_dir().with_context(|| tr!("cli-no-data-folder")),
    }
}

/// For a command that changes the state and returns: applies the command
/// `make_command` builds from the service's view.
pub fn apply_one(
    state_dir: &Path,
    make_command: impl FnOnce(&EngineHandle) -> Command,
) -> anyhow::Result<()> {
    with_engine(state_dir, async |handle| {
        Ok(handle.call(make_command(handle)).await?)
    })
}

/// Runs `work` against the service of `state_dir`, started if none runs.
pub fn with_engine<T>(
    state_dir: &Path,
    work: impl AsyncFnOnce(&EngineHandle) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let remote = connect_to_service(state_dir)?;
    let handle = remote.handle();
    let runtime = cli_runtime()?;
    runtime.block_on(async {
        let result = work(&handle).await?;
        // The change survives a crash right after the command returned.
        saved(&handle).await?;
        Ok(result)
    })
}

/// A client of the service of `state_dir`; starts `ferry daemon` when none
/// runs.
pub fn connect_to_service(state_dir: &Path) -> anyhow::Result<RemoteEngine> {
    let options = ClientOptions {
        reconnect: false,
        ..ClientOptions::starting_service()
    };
    RemoteEngine::connect(state_dir, options, None)?
        .with_context(|| tr!("error-service-did-not-start"))
}

/// Waits until what the command changed is in state.ron. A service that
/// ended meanwhile (the engine of a `ferry get` whose transfers ended)
/// saved as it stopped.
pub async fn saved(handle: &EngineHandle) -> anyhow::Result<()> {
    match handle.saved().await {
        Ok(()) | Err(EngineError::Stopped) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// What a read-only command shows: the running service's table (live),
/// else the last saved state, read without the lock and without starting
/// a service. The flag says whether a writer runs.
pub fn read_state(state_dir: &Path) -> anyhow::Result<(PersistedState, bool)> {
    let (state, writer_is_running, ()) = read_state_with(state_dir, |_| ())?;
    Ok((state, writer_is_running))
}

/// [`read_state`], and with a running service, what `also` reads from its
/// table over the same connection (the default without one).
pub fn read_state_with<T: Default>(
    state_dir: &Path,
    also: impl FnOnce(&EngineHandle) -> T,
) -> anyhow::Result<(PersistedState, bool, T)> {
    let running =
        match RemoteEngine::connect(state_dir, ClientOptions::running_service_only(), None) {
            Ok(running) => running,
            // A service of another version: what it saved last still reads.
            Err(error @ (ServiceError::Refused(_) | ServiceError::Garbled)) => {
                eprintln!(
                    "ferry: {}",
                    tr!("cli-showing-saved-state", error = error.to_string())
                );
                None
            }
            Err(error) => return Err(error.into()),
        };
    if let Some(remote) = running {
        let handle = remote.handle();
        let state = PersistedState {
            transfers: handle.snapshot(),
            groups: handle.groups(),
            completion_groups: handle.completion_groups(),
            prefetch: handle.prefetch(),
            settings: handle.settings(),
            ..PersistedState::default()
        };
        let also = also(&handle);
        return Ok((state, true, also));
    }
    let loaded = store::read_state(state_dir)?;
    for warning in &loaded.warnings {
        eprintln!("ferry: {warning}");
    }
    Ok((loaded.state, store::is_locked(state_dir), T::default()))
}

/// How fast each running transfer of the service behind `handle` moves,
/// measured over half a second (nothing when none runs).
pub fn sample_speeds(handle: &EngineHandle) -> crate::model::TransferMap<f64> {
    const SAMPLE: Duration = Duration::from_millis(500);
    let moved = || -> Vec<(TransferId, u64)> {
        handle.with_every_transfer(|transfers| {
            transfers
                .iter()
                .filter(|transfer| transfer.status == crate::model::Status::Running)
                .map(|transfer| (transfer.transfer_id(), transfer.bytes_moved()))
                .collect()
        })
    };
    let mut speeds = crate::model::TransferMap::default();
    let before = moved();
    if before.is_empty() {
        return speeds;
    }
    let started = std::time::Instant::now();
    std::thread::sleep(SAMPLE);
    let seconds = started.elapsed().as_secs_f64();
    for (transfer_id, after) in moved() {
        if let Some((_, before)) = before.iter().find(|(id, _)| *id == transfer_id) {
            speeds.insert(transfer_id, after.saturating_sub(*before) as f64 / seconds);
        }
    }
    speeds
}

/// "a form of 3 files (a.txt, b.jpg, c.jpg) and 1 field".
fn form_words(parts: &[crate::model::ContentPart]) -> String {
    let files: Vec<String> = parts
        .iter()
        .filter_map(|part| match &part.content {
            crate::model::PartContent::File { path, .. } => Some(path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            )),
            crate::model::PartContent::Text(_) => None,
        })
        .collect();
    let fields = parts.len() - files.len();
    let form = tr!("cli-form-of", count = files.len(), files = files.join(", "));
    if fields > 0 {
        tr!("cli-form-and-fields", form = form, fields = fields)
    } else {
        form
    }
}

/// Takes the writer lock, loads the state (printing what was repaired) and
/// starts the engine; the error stays typed, so a caller can tell a lock
/// another process holds.
pub fn open_engine(state_dir: &Path, config: EngineConfig) -> Result<Engine, EngineError> {
    let (engine, warnings) = Engine::open(state_dir, config, None)?;
    for warning in &warnings {
        eprintln!("ferry: {warning}");
    }
    Ok(engine)
}

/// Serves `engine` on the socket of `state_dir`; the service takes its
/// event stream.
pub fn serve(state_dir: &Path, engine: &mut Engine) -> anyhow::Result<Service> {
    let events = engine
        .take_events()
        .context("the engine has no event stream")?;
    Ok(Service::start(
        state_dir,
        engine.handle(),
        events,
        engine.events_wanted(),
    )?)
}

/// Where a command's transfers run.
pub enum Session {
    /// No service was running: this process runs the engine, and serves it
    /// on the socket meanwhile so that a window shows the same transfers.
    Local {
        engine: Engine,
        service: Option<Service>,
    },
    /// The service runs them; this process follows them as a client.
    Remote(RemoteEngine),
}

impl Session {
    /// For a command that runs transfers in the foreground (`get`, `put`):
    /// hands them to the running service, else runs the engine here with
    /// `config` (which a running service does not take).
    pub fn open(state_dir: &Path, config: EngineConfig) -> anyhow::Result<Session> {
        if let Some(remote) =
            RemoteEngine::connect(state_dir, ClientOptions::running_service_only(), None)?
        {
            return Ok(Session::Remote(remote));
        }
        let mut engine = match open_engine(state_dir, config) {
            Ok(engine) => engine,
            // A service started a moment ago: use it.
            Err(EngineError::Store(StoreError::Locked { .. })) => {
                return Ok(Session::Remote(connect_to_service(state_dir)?));
            }
            Err(error) => return Err(error.into()),
        };
        let service = match serve(state_dir, &mut engine) {
            Ok(service) => Some(service),
            Err(error) => {
                // The transfers do not need the socket; only other windows
                // would.
                eprintln!(
                    "ferry: {}",
                    tr!("cli-windows-will-not-see", error = format!("{error:#}"))
                );
                None
            }
        };
        Ok(Session::Local { engine, service })
    }

    pub fn handle(&self) -> EngineHandle {
        match self {
            Session::Local { engine, .. } => engine.handle(),
            Session::Remote(remote) => remote.handle(),
        }
    }

    pub fn is_remote(&self) -> bool {
        matches!(self, Session::Remote(_))
    }

    /// Ends the session: a local engine stops its transfers where they
    /// stand and saves (they resume at the next start); a client leaves
    /// them running in the service.
    pub fn close(self) {
        match self {
            Session::Local { engine, service } => {
                drop(service);
                engine.shutdown();
            }
            Session::Remote(remote) => drop(remote),
        }
    }
}

/// A runtime for the CLI's own waiting (the engine has its own).
pub fn cli_runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")
}

/// How waiting ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitEnd {
    /// Every transfer completed, failed, was canceled or paused.
    Settled,
    /// Ctrl-C or SIGTERM.
    Interrupted,
}

/// How often progress is drawn.
const VIEW_INTERVAL: Duration = Duration::from_millis(200);

/// [`wait_for`], and when the user interrupts a client of the service,
/// pauses the transfers there (a local engine stops them by ending).
pub async fn follow(
    session: &Session,
    transfer_ids: &[TransferId],
    quiet: bool,
) -> anyhow::Result<WaitEnd> {
    let handle = session.handle();
    let end = wait_for(&handle, transfer_ids, quiet).await?;
    if session.is_remote() && end == WaitEnd::Settled {
        // What the report says is on disk when the command returns.
        saved(&handle).await?;
    }
    if end == WaitEnd::Interrupted && session.is_remote() {
        for transfer_id in transfer_ids {
            let is_unsettled = handle
                .transfer(*transfer_id)
                .is_some_and(|transfer| !transfer.status.is_settled());
            if is_unsettled {
                handle.call(Command::Pause(*transfer_id)).await?;
            }
        }
    }
    Ok(end)
}

/// What an interrupted `get` or `put` tells the user.
pub fn interrupted_words(is_remote: bool) -> String {
    if is_remote {
        tr!("cli-interrupted-remote")
    } else {
        tr!("cli-interrupted-local")
    }
}

/// Shows progress (unless `quiet`) until every transfer in `transfer_ids`
/// settled or the user interrupted.
pub async fn wait_for(
    handle: &EngineHandle,
    transfer_ids: &[TransferId],
    quiet: bool,
) -> anyhow::Result<WaitEnd> {
    let mut view = ProgressView::new(quiet);
    let end = show_progress_until_settled(handle, transfer_ids, &mut view).await;
    view.finish();
    end
}

async fn show_progress_until_settled(
    handle: &EngineHandle,
    transfer_ids: &[TransferId],
    view: &mut ProgressView,
) -> anyhow::Result<WaitEnd> {
    let mut settled = handle.settled(transfer_ids.to_vec()).await?;
    let mut redraw = tokio::time::interval(VIEW_INTERVAL);
    let mut terminate = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot watch SIGINT")?;
    let snapshot = || -> Vec<Transfer> {
        transfer_ids
            .iter()
            .filter_map(|transfer_id| handle.transfer(*transfer_id))
            .collect()
    };
    loop {
        tokio::select! {
            () = &mut settled => {
                if view.is_visible() {
                    view.update(&snapshot());
                }
                return Ok(WaitEnd::Settled);
            }
            _ = redraw.tick(), if view.is_visible() => view.update(&snapshot()),
            _ = terminate.recv() => return Ok(WaitEnd::Interrupted),
            _ = interrupt.recv() => return Ok(WaitEnd::Interrupted),
        }
    }
}

/// The completion group of `--when-done` over `transfer_ids`, made before
/// they run and not yet enabled: the one a re-run of the same command
/// made, else a new one named by `name`.
pub async fn open_completion_group(
    handle: &EngineHandle,
    when_done: Option<&crate::model::WhenDone>,
    name: impl FnOnce() -> String,
    transfer_ids: &[TransferId],
) -> anyhow::Result<Option<CompletionGroupId>> {
    let Some(when_done) = when_done else {
        return Ok(None);
    };
    let earlier = handle.completion_groups().into_iter().find(|group| {
        !group.has_fired() && group.transfer_group.is_none() && group.members == transfer_ids
    });
    if let Some(earlier) = earlier {
        return Ok(Some(earlier.id));
    }
    let group = crate::model::CompletionGroup {
        members: transfer_ids.to_vec(),
        ..crate::model::CompletionGroup::new(name(), when_done.clone())
    };
    let group_id = group.id;
    handle
        .call(Command::CreateCompletionGroup(Box::new(group)))
        .await?;
    Ok(Some(group_id))
}

/// Waits until the completion group `group_id` fired and its action
/// ended; the lines that say how it went (none when `quiet`), for after
/// the transfers' own. A member that did not end (paused) leaves the
/// group waiting: ferry says so and returns; so does Ctrl-C, which leaves
/// a running action be.
pub async fn wait_for_firing(
    handle: &EngineHandle,
    group_id: CompletionGroupId,
    quiet: bool,
) -> Vec<String> {
    let group = TransferCompletionGroup::attach(handle, group_id);
    let Some(current) = group.group() else {
        return Vec::new();
    };
    let ended =
        current.ended_members(|member| handle.transfer(member).map(|transfer| transfer.status));
    if current.firing.is_none() && ended < current.members.len() {
        if quiet {
            return Vec::new();
        }
        return vec![format!("ferry: {}", tr!("cli-when-done-waits"))];
    }
    let Ok(mut interrupt) = signal(SignalKind::interrupt()) else {
        return Vec::new();
    };
    let firing = tokio::select! {
        firing = group.wait_until_fired() => firing,
        _ = interrupt.recv() => None,
    };
    let mut lines = Vec::new();
    if let Some(firing) = firing
        && !quiet
    {
        lines.push(format!(
            "ferry: {}",
            tr!("cli-when-done-outcome", outcome = firing.outcome.describe())
        ));
        for line in firing.outcome.output_tail() {
            lines.push(format!("  {line}"));
        }
    }
    lines
}

/// Finds the transfer a typed ID (or unique prefix) means.
pub fn resolve_transfer_id(transfers: &[Transfer], typed: &str) -> anyhow::Result<TransferId> {
    let typed = typed.trim().to_ascii_lowercase();
    if typed.is_empty() || !typed.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        bail!(tr!("cli-invalid-id", id = typed));
    }
    let matches: Vec<TransferId> = transfers
        .iter()
        .map(Transfer::transfer_id)
        .filter(|transfer_id| transfer_id.to_string().starts_with(&typed))
        .collect();
    match matches.as_slice() {
        [only] => Ok(*only),
        [] => bail!(tr!("cli-no-such-id", id = typed)),
        _ => bail!(tr!("cli-ambiguous-id", id = typed, count = matches.len())),
    }
}

/// One line per transfer that ended; the exit code of the CLI contract.
/// The lines are made while the engine's table is read and printed after.
pub fn report_outcomes(handle: &EngineHandle, transfer_ids: &[TransferId], quiet: bool) -> u8 {
    let (code, lines) = handle.read_transfers(transfer_ids, |transfers| {
        let mut code = super::exit::SUCCESS;
        let mut lines = Vec::new();
        for transfer in transfers {
            match transfer.status {
                crate::model::Status::Completed => {
                    if !quiet {
                        lines.push(completed_line(transfer));
                    }
                }
                _ => {
                    code = super::exit::TRANSFER_FAILED;
                    lines.push(failure_line(transfer));
                }
            }
        }
        (code, lines)
    });
    for line in lines {
        eprintln!("{line}");
    }
    code
}

/// "ferry: ID failed: WHY: URL", the URL left out when the reason names
/// it already.
fn failure_line(transfer: &Transfer) -> String {
    let status = transfer.status;
    let why = transfer
        .error
        .as_ref()
        .map_or_else(|| status.as_words(), ToString::to_string);
    let url = transfer.spec.url.as_str();
    let (id, status) = (transfer.transfer_id().short(), status.as_words());
    let line = if why.contains(url) {
        tr!("cli-failed-line", id = id, status = status, why = why)
    } else {
        tr!(
            "cli-failed-line-url",
            id = id,
            status = status,
            why = why,
            url = url
        )
    };
    format!("ferry: {line}")
}

/// "ferry: saved PATH", or for an upload "ferry: sent FILE to URL", a
/// form's files and fields counted, with the server's answer.
fn completed_line(transfer: &Transfer) -> String {
    match &transfer.spec.kind {
        TransferKind::Upload(upload) => {
            let what = if upload.parts.is_empty() {
                upload.file.display().to_string()
            } else {
                form_words(&upload.parts)
            };
            let sent = tr!("cli-sent", what = what, url = transfer.spec.url.as_str());
            let Some(response) = &transfer.response else {
                return format!("ferry: {sent}");
            };
            let answered = match response.body_text.as_deref().map(str::trim) {
                Some(text) if !text.is_empty() => tr!(
                    "cli-answered-with",
                    status = response.status_code,
                    text = text
                ),
                _ => tr!("cli-answered", status = response.status_code),
            };
            format!("ferry: {sent}; {answered}")
        }
        TransferKind::Download => {
            let path = transfer.file_path.as_deref().unwrap_or(Path::new(""));
            format!(
                "ferry: {}",
                tr!("cli-saved", path = path.display().to_string())
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContentPart, Destination, Status, TransferError, TransferSpec};

    #[test]
    fn a_failure_names_its_url_once() {
        let url = url::Url::parse("http://127.0.0.1:9/slow.bin").expect("url");
        let mut failed = Transfer::new(TransferSpec::download(
            url.clone(),
            Destination::Folder("/tmp".into()),
        ));
        failed.status = Status::Error;
        failed.error = Some(TransferError::NoResponse {
            url: url.to_string(),
            timeout_secs: 2,
        });
        let line = failure_line(&failed);
        assert_eq!(line.matches(url.as_str()).count(), 1, "{line}");
        failed.error = Some(TransferError::Http { status: 404 });
        let line = failure_line(&failed);
        assert!(line.ends_with(&format!(": {url}")), "{line}");
    }

    #[test]
    fn a_form_is_counted_and_the_answer_shown() {
        let url = url::Url::parse("http://127.0.0.1:9/in").expect("url");
        let parts = vec![
            ContentPart::text("note", "hi"),
            ContentPart::file("file", "/tmp/a.txt".into()),
            ContentPart::file("file", "/tmp/b.jpg".into()),
            ContentPart::file("file", "/tmp/c.jpg".into()),
        ];
        let mut sent = Transfer::new(TransferSpec::multipart(url.clone(), parts));
        sent.status = Status::Completed;
        sent.response = Some(crate::model::ResponseInfo {
            actual_url: url,
            status_code: 201,
            headers: Vec::new(),
            is_resumable: false,
            body_text: Some("https://127.0.0.1:9/p/7\n".to_owned()),
            headers_left_out: 0,
        });
        assert_eq!(
            completed_line(&sent),
            "ferry: sent a form of 3 files (a.txt, b.jpg, c.jpg) and 1 field to http://127.0.0.1:9/in; it answered 201: https://127.0.0.1:9/p/7"
        );
    }
}
