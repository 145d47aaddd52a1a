//! Desktop notifications through the freedesktop notification service
//! (`notify-rust` over the session bus), for the engine of the service:
//! "Downloaded debian.iso (628 MiB)" with "Open" and "Show in folder",
//! and a click that shows the transfer in the window.

use ferry_i18n::tr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use notify_rust::{Notification, NotificationResponse};
use tokio::sync::OnceCell;

use crate::engine::completion::{CompletionDesktop, Notice};
use crate::model::TransferId;

use super::{Opener, XdgOpener};

/// What the notification server can do, asked once.
#[derive(Clone, Copy, Debug)]
struct Capabilities {
    actions: bool,
    body_markup: bool,
}

/// At most this many notifications wait for a click at once; later ones
/// are shown without actions rather than hold a task each.
const WAITING_AT_MOST: usize = 32;

/// Shows ferry's notices on the desktop; "Open" and "Show in folder" open
/// through `xdg-open`, a click on the notice calls `show_transfer`.
pub struct DesktopNotifier {
    show_transfer: Arc<dyn Fn(TransferId) + Send + Sync>,
    capabilities: Arc<OnceCell<Capabilities>>,
    waiting: Arc<AtomicUsize>,
}

impl DesktopNotifier {
    pub fn new(show_transfer: Arc<dyn Fn(TransferId) + Send + Sync>) -> Self {
        DesktopNotifier {
            show_transfer,
            capabilities: Arc::new(OnceCell::new()),
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }
}

impl CompletionDesktop for DesktopNotifier {
    fn notify(&self, notice: Notice) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!(summary = %notice.summary, "no runtime to notify from");
            return;
        };
        let capabilities = self.capabilities.clone();
        let waiting = self.waiting.clone();
        let show_transfer = self.show_transfer.clone();
        runtime.spawn(async move {
            // No notification service (yet): nothing is shown, and the
            // next notice asks again.
            let Ok(capabilities) = capabilities.get_or_try_init(ask_capabilities).await else {
                return;
            };
            let capabilities = *capabilities;
            let with_actions = capabilities.actions && notice.transfer.is_some() && claim(&waiting);
            if let Err(error) = show(notice, capabilities, with_actions, show_transfer).await {
                tracing::warn!(%error, "cannot show a notification");
            }
            if with_actions {
                waiting.fetch_sub(1, Ordering::SeqCst);
            }
        });
    }

    fn open(&self, path: &Path) {
        XdgOpener.open(path);
    }
}

/// Takes one of the waiting places, if one is free.
fn claim(waiting: &AtomicUsize) -> bool {
    waiting
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |count| {
            (count < WAITING_AT_MOST).then_some(count + 1)
        })
        .is_ok()
}

async fn ask_capabilities() -> Result<Capabilities, ()> {
    match tokio::task::spawn_blocking(notify_rust::get_capabilities).await {
        Ok(Ok(names)) => Ok(Capabilities {
            actions: names.iter().any(|name| name == "actions"),
            body_markup: names.iter().any(|name| name == "body-markup"),
        }),
        Ok(Err(error)) => {
            tracing::info!(%error, "no notification service; the notice is not shown");
            Err(())
        }
        Err(error) => {
            tracing::warn!(%error, "cannot ask the notification service");
            Err(())
        }
    }
}

async fn show(
    notice: Notice,
    capabilities: Capabilities,
    with_actions: bool,
    show_transfer: Arc<dyn Fn(TransferId) + Send + Sync>,
) -> Result<(), notify_rust::error::Error> {
    let body = if capabilities.body_markup {
        escape_markup(&notice.body)
    } else {
        notice.body.clone()
    };
    let mut notification = Notification::new();
    notification
        .appname("ferry")
        .icon("ferry")
        .summary(&notice.summary)
        .body(&body);
    let target = notice.transfer.filter(|_| with_actions);
    if let Some(target) = &target {
        notification.action("default", &tr!("notify-show-in-ferry"));
        if target.file.is_some() {
            notification
                .action("open", &tr!("notify-open"))
                .action("folder", &tr!("notify-show-in-folder"));
        }
    }
    let handle = notification.show_async().await?;
    let Some(target) = target else {
        return Ok(());
    };
    let mut chosen: Option<String> = None;
    handle
        .wait_for_action_async(|response| {
            chosen = match response {
                NotificationResponse::Default => Some("default".to_owned()),
                NotificationResponse::Action(action) => Some(action.clone()),
                _ => None,
            };
        })
        .await;
    match (chosen.as_deref(), target.file) {
        (Some("default"), _) => show_transfer(target.transfer_id),
        (Some("open"), Some(file)) => XdgOpener.open(&file),
        (Some("folder"), Some(file)) => XdgOpener.open(&folder_of(file)),
        _ => {}
    }
    Ok(())
}

fn folder_of(file: PathBuf) -> PathBuf {
    file.parent().map(Path::to_path_buf).unwrap_or(file)
}

/// A file name or an error as plain text inside a body that is markup.
fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
