//! `ferry daemon`: the service (the engine without a window, serving the
//! window and the command line on its socket, with the tray icon), and
//! `ferry quit` and `ferry service`, which stop it and say how it is.

use ferry_i18n::tr;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{mpsc, watch};

use super::{NotificationsArg, Switch, exit, session};
use crate::desktop::{
    self,
    tray::{Tray, TrayAction, TraySummary},
};
use crate::engine::{Command, EngineConfig, EngineError, EngineHandle};
use crate::model::{Status, TransferId};
use crate::service::{ClientOptions, RemoteEngine, Service};
use crate::store::{self, StoreError};

/// Seconds between attempts to show the tray icon while no host shows it.
const TRAY_RETRY_TICKS: u32 = 5;

/// How long the service waits with nothing to do and no client before it
/// exits (when it is not to keep running in the background).
const IDLE_EXIT_AFTER: Duration = Duration::from_secs(30);

pub fn run(state_dir: &Path, detached: bool) -> anyhow::Result<u8> {
    if detached {
        // Started by a client: its own session, so the terminal's hang-up
        // and Ctrl-C do not reach it.
        let _ = rustix::process::setsid();
    }
    let config = EngineConfig {
        desktop: desktop::engine_desktop(state_dir),
        notify_each_transfer: true,
        vault: desktop::Keyring::link(),
        ..EngineConfig::default()
    };
    let mut engine = match session::open_engine(state_dir, config) {
        Ok(engine) => engine,
        // Two clients started a service at once: the other one won.
        Err(EngineError::Store(StoreError::Locked { .. })) if detached => {
            return Ok(exit::SUCCESS);
        }
        Err(error) => return Err(error.into()),
    };
    let handle = engine.handle();
    let service = session::serve(state_dir, &mut engine)?;
    eprintln!(
        "ferry: {}",
        tr!(
            "cli-service-running-on",
            pid = std::process::id(),
            folder = state_dir.display().to_string()
        )
    );
    let idle_exit_after = std::env::var("FERRY_IDLE_EXIT_SECS")
        .ok()
        .and_then(|secs| secs.parse().ok())
        .map_or(IDLE_EXIT_AFTER, Duration::from_secs);
    let runtime = session::cli_runtime()?;
    let result = runtime.block_on(serve_until_stopped(
        state_dir,
        &handle,
        &service,
        IdleExit {
            after: idle_exit_after,
            is_started_by_client: detached,
        },
    ));
    // The user stopped it: windows close instead of starting another one.
    // (An idle exit has no client; a gone folder has nothing to serve.)
    if matches!(result, Ok(Stop::Quit)) {
        service.announce_quit();
    }
    // The socket goes before the lock, so a client that finds no socket
    // can start the next service at once.
    drop(service);
    engine.shutdown();
    result?;
    Ok(exit::SUCCESS)
}

/// The service's loop: the tray icon and its menu, the idle exit, and
/// the ways to stop (a signal, `ferry quit`, the tray's Quit, the state
/// folder deleted).
/// When the service stops for want of work.
struct IdleExit {
    after: Duration,
    /// A command line or a window started it (`--detached`), not the user
    /// (`ferry daemon`, the user unit, the session's autostart).
    is_started_by_client: bool,
}

async fn serve_until_stopped(
    state_dir: &Path,
    handle: &EngineHandle,
    service: &Service,
    idle_exit: IdleExit,
) -> anyhow::Result<Stop> {
    let mut terminate = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot watch SIGINT")?;
    let mut status = service.status();
    let (tray_actions, mut tray_choices) = mpsc::channel(8);
    let mut tray = match Tray::start(tray_actions).await {
        Ok(tray) => Some(tray),
        Err(error) => {
            eprintln!(
                "ferry: {}",
                tr!("cli-no-tray-icon", error = error.to_string())
            );
            service.set_tray_shown(false);
            None
        }
    };
    let mut tray_shown = tray.as_ref().map(Tray::shown);
    if let Some(shown) = &mut tray_shown {
        service.set_tray_shown(*shown.borrow_and_update());
    }
    let mut speed = SpeedGauge::default();
    let mut check = tokio::time::interval(Duration::from_secs(1));
    let mut idle_since: Option<Instant> = None;
    let mut ticks_unshown = 0_u32;
    // The tray and the notifications speak the language of the settings.
    let mut language = handle.settings().language;
    ferry_i18n::select_choice(language);
    loop {
        tokio::select! {
            _ = terminate.recv() => return Ok(Stop::Quit),
            _ = interrupt.recv() => return Ok(Stop::Quit),
            changed = status.changed() => {
                if changed.is_err() || status.borrow().is_quit_requested {
                    eprintln!("ferry: {}", tr!("cli-asked-to-quit"));
                    return Ok(Stop::Quit);
                }
            }
            Some(action) = tray_choices.recv() => {
                if action == TrayAction::Quit {
                    eprintln!("ferry: {}", tr!("cli-quit-from-tray"));
                    return Ok(Stop::Quit);
                }
                carry_out(action, state_dir, handle).await;
            }
            Some(is_shown) = next_value(&mut tray_shown) => service.set_tray_shown(is_shown),
            _ = check.tick() => {
                if !store::lock_file_exists(state_dir) {
                    eprintln!("ferry: {}", tr!("cli-state-folder-gone"));
                    return Ok(Stop::Unneeded);
                }
                let settings = handle.settings();
                if settings.language != language {
                    language = settings.language;
                    ferry_i18n::select_choice(language);
                }
                if let Some(tray) = &mut tray {
                    ticks_unshown = if *tray.shown().borrow() { 0 } else { ticks_unshown + 1 };
                    if ticks_unshown % TRAY_RETRY_TICKS == TRAY_RETRY_TICKS - 1
                        && let Err(error) = tray.register_again().await
                    {
                        tracing::warn!(%error, "cannot put the tray icon on the bus again");
                    }
                    let bytes_per_sec = speed.measure(handle);
                    let summary = handle
                        .with_every_transfer(|transfers| {
                            TraySummary::of(transfers.iter().copied(), bytes_per_sec)
                        });
                    tray.update(summary).await;
                }
                // "Keep running in the background" is for a service the
                // user started, or one a window used: a service a one-off
                // command started (`ferry limit 2M`) goes once idle.
                let keeps_running = settings.keep_running_in_background
                    && (!idle_exit.is_started_by_client || status.borrow().has_had_window);
                let is_idle = status.borrow().clients == 0
                    && !keeps_running
                    && handle.is_every_transfer_settled()
                    // The prefetch list is refreshed while the service runs.
                    && handle.prefetch().is_empty();
                idle_since = if is_idle { idle_since.or(Some(Instant::now())) } else { None };
                if idle_since.is_some_and(|since| since.elapsed() >= idle_exit.after) {
                    eprintln!("ferry: {}", tr!("cli-nothing-to-do"));
                    return Ok(Stop::Unneeded);
                }
            }
        }
    }
}

/// Why the service stops.
enum Stop {
    /// The user quit it (`ferry quit`, the tray, a signal): its windows
    /// close with it.
    Quit,
    /// Nothing to do and nobody connected, or its folder is gone.
    Unneeded,
}

/// The next value of a watch, when there is one to watch.
async fn next_value(shown: &mut Option<watch::Receiver<bool>>) -> Option<bool> {
    match shown {
        Some(shown) => match shown.changed().await {
            Ok(()) => Some(*shown.borrow_and_update()),
            Err(_) => std::future::pending().await,
        },
        None => std::future::pending().await,
    }
}

/// Bytes moved per second by every transfer together, from one reading to
/// the next.
#[derive(Default)]
struct SpeedGauge {
    last: Option<(Instant, u64)>,
}

impl SpeedGauge {
    fn measure(&mut self, handle: &EngineHandle) -> f64 {
        let now = Instant::now();
        let bytes: u64 = handle.with_every_transfer(|transfers| {
            transfers
                .iter()
                .map(|transfer| transfer.bytes_moved())
                .sum()
        });
        let speed = match self.last {
            Some((then, before)) if now > then => {
                bytes.saturating_sub(before) as f64 / (now - then).as_secs_f64()
            }
            _ => 0.0,
        };
        self.last = Some((now, bytes));
        speed
    }
}

/// Carries out a choice of the tray's menu (Quit is the loop's own).
async fn carry_out(action: TrayAction, state_dir: &Path, handle: &EngineHandle) {
    let launched = match action {
        TrayAction::OpenWindow => desktop::launch_window(state_dir, &[]),
        TrayAction::ShowMonitor => desktop::launch_window(state_dir, &["--monitor"]),
        TrayAction::PauseAll | TrayAction::ResumeAll => {
            let transfer_ids: Vec<TransferId> = handle.with_every_transfer(|transfers| {
                transfers
                    .iter()
                    .filter(|transfer| match action {
                        TrayAction::PauseAll => !transfer.status.is_settled(),
                        _ => transfer.status == Status::PausedByApplication,
                    })
                    .map(|transfer| transfer.transfer_id())
                    .collect()
            });
            for transfer_id in transfer_ids {
                let command = match action {
                    TrayAction::PauseAll => Command::Pause(transfer_id),
                    _ => Command::Resume(transfer_id),
                };
                if let Err(error) = handle.call(command).await {
                    eprintln!("ferry: {error}");
                }
            }
            Ok(())
        }
        TrayAction::Quit => Ok(()),
    };
    if let Err(error) = launched {
        eprintln!(
            "ferry: {}",
            tr!("cli-cannot-open-window", error = error.to_string())
        );
    }
}

/// `ferry quit`: asks the running service to stop.
pub fn quit(state_dir: &Path) -> anyhow::Result<u8> {
    let Some(remote) =
        RemoteEngine::connect(state_dir, ClientOptions::running_service_only(), None)?
    else {
        eprintln!("ferry: {}", tr!("cli-no-service"));
        return Ok(exit::SUCCESS);
    };
    let pid = remote.service_pid();
    remote.quit_service()?;
    drop(remote);
    // It stops its transfers and saves; the lock goes last.
    let deadline = Instant::now() + Duration::from_secs(30);
    while store::is_locked(state_dir) {
        if Instant::now() > deadline {
            anyhow::bail!(tr!("cli-service-did-not-stop", pid = pid));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("ferry: {}", tr!("cli-service-stopped", pid = pid));
    Ok(exit::SUCCESS)
}

/// `ferry service [--keep-running on|off] [--notifications on|off|failures]`.
pub fn status(
    state_dir: &Path,
    keep_running: Option<Switch>,
    notifications: Option<NotificationsArg>,
) -> anyhow::Result<u8> {
    if keep_running.is_some() || notifications.is_some() {
        session::with_engine(state_dir, async |handle| {
            let before = handle.settings();
            let mut settings = before.clone();
            if let Some(switch) = keep_running {
                settings.keep_running_in_background = switch == Switch::On;
            }
            if let Some(notifications) = notifications {
                settings.notifications_enabled = notifications != NotificationsArg::Off;
                settings.notify_failures_only = notifications == NotificationsArg::Failures;
            }
            Ok(handle
                .call(Command::change_settings(&before, &settings))
                .await?)
        })?;
    }
    match RemoteEngine::connect(state_dir, ClientOptions::running_service_only(), None)? {
        Some(remote) => {
            let settings = remote.handle().settings();
            let background = if settings.keep_running_in_background {
                tr!("cli-service-keeps-running")
            } else {
                tr!("cli-service-stops-when-idle")
            };
            let notifications = match (
                settings.notifications_enabled,
                settings.notify_failures_only,
            ) {
                (false, _) => tr!("cli-notifications-off"),
                (true, true) => tr!("cli-notifications-failures"),
                (true, false) => tr!("cli-notifications-on"),
            };
            say!(
                "{}",
                tr!(
                    "cli-service-status",
                    pid = remote.service_pid(),
                    background = background,
                    notifications = notifications
                )
            );
        }
        None => say!("{}", tr!("cli-service-not-running")),
    }
    Ok(exit::SUCCESS)
}
