//! Opening the state and the engine for a CLI command, waiting for transfers
//! to settle, and resolving the IDs people type.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::signal::unix::{SignalKind, signal};

use super::progress::ProgressView;
use crate::engine::{Command, Engine, EngineConfig, EngineHandle};
use crate::model::{Transfer, TransferId};
use crate::store;

/// The state directory: --state-dir / FERRY_STATE_DIR, else the XDG default.
pub fn state_dir(explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match explicit {
        Some(dir) => Ok(dir),
        None => store::default_state_dir()
            .context("cannot find a data directory (is HOME set?); pass --state-dir"),
    }
}

/// For a command that changes the state and returns: starts the engine
/// without resuming anything, applies the command `make_command` builds from
/// the engine's view, and shuts the engine down (saving).
pub fn apply_one(
    state_dir: &Path,
    make_command: impl FnOnce(&EngineHandle) -> Command,
) -> anyhow::Result<()> {
    with_engine(state_dir, async |handle| {
        Ok(handle.call(make_command(handle)).await?)
    })
}

/// Runs `work` against an engine over the state that runs nothing of its
/// own, then stops it (the state saved).
pub fn with_engine<T>(
    state_dir: &Path,
    work: impl AsyncFnOnce(&EngineHandle) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let engine = start_engine_without_resuming(state_dir)?;
    let handle = engine.handle();
    let runtime = cli_runtime()?;
    let result = runtime.block_on(work(&handle));
    engine.shutdown();
    result
}

/// [`start_engine`] for a command that runs nothing: transfers found in the
/// state stay where they are.
pub fn start_engine_without_resuming(state_dir: &Path) -> anyhow::Result<Engine> {
    let config = EngineConfig {
        resume_on_start: false,
        ..EngineConfig::default()
    };
    Ok(without_events(start_engine(state_dir, config)?))
}

/// For a command that reads the snapshot, not the event stream: closing it
/// tells the engine not to make events nobody reads.
pub fn without_events(mut engine: Engine) -> Engine {
    drop(engine.take_events());
    engine
}

/// Takes the writer lock, loads the state (printing what was repaired) and
/// starts the engine.
pub fn start_engine(state_dir: &Path, config: EngineConfig) -> anyhow::Result<Engine> {
    let (engine, warnings) = Engine::open(state_dir, config, None)?;
    for warning in &warnings {
        eprintln!("ferry: {warning}");
    }
    Ok(engine)
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

/// Finds the transfer a typed ID (or unique prefix) means.
pub fn resolve_transfer_id(transfers: &[Transfer], typed: &str) -> anyhow::Result<TransferId> {
    let typed = typed.trim().to_ascii_lowercase();
    if typed.is_empty() || !typed.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        bail!("invalid transfer ID {typed:?}; IDs are hex, as `ferry list` shows them");
    }
    let matches: Vec<TransferId> = transfers
        .iter()
        .map(Transfer::transfer_id)
        .filter(|transfer_id| transfer_id.to_string().starts_with(&typed))
        .collect();
    match matches.as_slice() {
        [only] => Ok(*only),
        [] => bail!("no transfer with ID {typed}; see `ferry list`"),
        _ => bail!(
            "ID {typed} matches {} transfers; type more digits",
            matches.len()
        ),
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
                status => {
                    code = super::exit::TRANSFER_FAILED;
                    let why = transfer
                        .error
                        .as_ref()
                        .map_or_else(|| status.as_words().to_owned(), ToString::to_string);
                    lines.push(format!(
                        "ferry: {} {}: {why}: {}",
                        transfer.transfer_id().short(),
                        status.as_words(),
                        transfer.spec.url
                    ));
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

/// "ferry: saved PATH", or for an upload "ferry: sent FILE to URL".
fn completed_line(transfer: &Transfer) -> String {
    match &transfer.spec.upload {
        Some(upload) => format!(
            "ferry: sent {} to {}",
            upload.file.display(),
            transfer.spec.url
        ),
        None => {
            let path = transfer.file_path.as_deref().unwrap_or(Path::new(""));
            format!("ferry: saved {}", path.display())
        }
    }
}
