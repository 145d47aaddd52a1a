//! The tray icon (a StatusNotifierItem, through ksni), owned by the service
//! so that it lives while no window is open: a tooltip with the overall
//! progress and speed, and a menu (Open ferry, Show monitor, Pause all,
//! Resume all, Quit). Where no tray host exists it says so ([`Tray::shown`])
//! and appears by itself when a host shows up.

use ferry_i18n::tr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ksni::TrayMethods;
use tokio::sync::{mpsc, watch};

use crate::model::{Status, Transfer};

/// What the user chose in the tray's menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrayAction {
    OpenWindow,
    ShowMonitor,
    PauseAll,
    ResumeAll,
    /// Stop the service (asked again in the menu while transfers run).
    Quit,
}

/// What the tooltip and the menu say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TraySummary {
    pub running: usize,
    /// Queued, or waiting for the network, the battery or the schedule.
    pub waiting: usize,
    /// Paused by the user (what "Resume all" resumes).
    pub paused: usize,
    /// Bytes moved and to move, over the running transfers of known size.
    pub bytes_moved: u64,
    pub bytes_total: u64,
    pub bytes_per_sec: f64,
}

impl TraySummary {
    /// Sums up `transfers`; `bytes_per_sec` is measured by the caller.
    pub fn of<'a>(transfers: impl Iterator<Item = &'a Transfer>, bytes_per_sec: f64) -> Self {
        let mut summary = TraySummary {
            bytes_per_sec,
            ..TraySummary::default()
        };
        for transfer in transfers {
            match transfer.status {
                Status::Running => {
                    summary.running += 1;
                    if let Some(total) = transfer.bytes_to_move() {
                        summary.bytes_moved += transfer.bytes_moved().min(total);
                        summary.bytes_total += total;
                    }
                }
                Status::PausedByApplication => summary.paused += 1,
                status if !status.is_settled() => summary.waiting += 1,
                _ => {}
            }
        }
        summary
    }

    /// "2 running, 45% of 1.20 GiB, 3.40 MiB/s; 1 waiting".
    pub fn description(&self) -> String {
        if self.running == 0 && self.waiting == 0 {
            return tr!("tray-nothing-running");
        }
        let locale = ferry_i18n::current();
        let mut words = tr!("tray-running", count = self.running);
        if let Some(percent) = self
            .bytes_moved
            .saturating_mul(100)
            .checked_div(self.bytes_total)
        {
            let of = tr!(
                "tray-percent-of",
                percent = locale.percent(percent as f64),
                total = locale.bytes(self.bytes_total)
            );
            words = format!("{words}, {of}");
        }
        if self.bytes_per_sec >= 1.0 {
            words = format!("{words}, {}", locale.speed(self.bytes_per_sec));
        }
        if self.waiting > 0 {
            words = format!("{words}; {}", tr!("tray-waiting", count = self.waiting));
        }
        words
    }
}

struct FerryTray {
    summary: TraySummary,
    actions: mpsc::Sender<TrayAction>,
    shown: watch::Sender<bool>,
    /// Set when ksni found no watcher (so the item is not registered).
    went_offline: Arc<AtomicBool>,
}

impl FerryTray {
    fn item(&self, label: &str, action: TrayAction, enabled: bool) -> ksni::MenuItem<Self> {
        ksni::menu::StandardItem {
            label: label.to_owned(),
            enabled,
            activate: Box::new(move |tray: &mut FerryTray| tray.choose(action)),
            ..Default::default()
        }
        .into()
    }

    fn choose(&self, action: TrayAction) {
        // The service's loop carries it out; a full queue drops a repeat.
        let _ = self.actions.try_send(action);
    }
}

impl ksni::Tray for FerryTray {
    fn id(&self) -> String {
        "ferry".to_owned()
    }

    fn title(&self) -> String {
        "ferry".to_owned()
    }

    fn icon_name(&self) -> String {
        "ferry".to_owned()
    }

    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        vec![drawn_icon()]
    }

    fn tool_tip(&self) -> ksni::ToolTip {
        ksni::ToolTip {
            title: "ferry".to_owned(),
            description: self.summary.description(),
            ..Default::default()
        }
    }

    fn activate(&mut self, _x: i32, _y: i32) {
        self.choose(TrayAction::OpenWindow);
    }

    fn menu(&self) -> Vec<ksni::MenuItem<Self>> {
        let active = self.summary.running + self.summary.waiting;
        let quit: ksni::MenuItem<Self> = if self.summary.running == 0 {
            self.item(&tr!("tray-quit"), TrayAction::Quit, true)
        } else {
            // Asked first: quitting stops what runs (it continues when
            // ferry runs again).
            ksni::menu::SubMenu {
                label: tr!("tray-quit"),
                submenu: vec![self.item(
                    &tr!("tray-stop-and-quit", count = self.summary.running),
                    TrayAction::Quit,
                    true,
                )],
                ..Default::default()
            }
            .into()
        };
        vec![
            self.item(&tr!("tray-open"), TrayAction::OpenWindow, true),
            self.item(&tr!("tray-show-monitor"), TrayAction::ShowMonitor, true),
            ksni::MenuItem::Separator,
            self.item(&tr!("tray-pause-all"), TrayAction::PauseAll, active > 0),
            self.item(
                &tr!("tray-resume-all"),
                TrayAction::ResumeAll,
                self.summary.paused > 0,
            ),
            ksni::MenuItem::Separator,
            quit,
        ]
    }

    fn watcher_online(&self) {
        self.went_offline.store(false, Ordering::SeqCst);
        set_if_changed(&self.shown, true);
    }

    fn watcher_offline(&self, _reason: ksni::OfflineReason) -> bool {
        // Keep waiting: the icon appears when a host shows up.
        self.went_offline.store(true, Ordering::SeqCst);
        set_if_changed(&self.shown, false);
        true
    }
}

/// The icon drawn in code (32 px: a blue disc with a white arrow down), for
/// hosts that do not find the installed `ferry` icon.
fn drawn_icon() -> ksni::Icon {
    const SIZE: i32 = 32;
    let mut data = Vec::with_capacity((SIZE * SIZE * 4) as usize);
    let center = (SIZE as f32 - 1.0) / 2.0;
    for y in 0..SIZE {
        for x in 0..SIZE {
            let (dx, dy) = (x as f32 - center, y as f32 - center);
            let in_disc = dx * dx + dy * dy <= 15.5 * 15.5;
            // A stem and a head pointing down.
            let in_stem = dx.abs() <= 2.5 && (-10.0..=2.0).contains(&dy);
            let in_head = (2.0..=10.0).contains(&dy) && dx.abs() <= 10.0 - dy;
            let [alpha, red, green, blue] = match (in_disc, in_stem || in_head) {
                (false, _) => [0, 0, 0, 0],
                (true, true) => [255, 255, 255, 255],
                (true, false) => [255, 0x2a, 0x7a, 0xb0],
            };
            data.extend_from_slice(&[alpha, red, green, blue]);
        }
    }
    ksni::Icon {
        width: SIZE,
        height: SIZE,
        data,
    }
}

fn set_if_changed(shown: &watch::Sender<bool>, is_shown: bool) {
    shown.send_if_modified(|value| std::mem::replace(value, is_shown) != is_shown);
}

/// The running tray icon.
pub struct Tray {
    handle: ksni::Handle<FerryTray>,
    shown: watch::Receiver<bool>,
    shown_sender: watch::Sender<bool>,
    actions: mpsc::Sender<TrayAction>,
    summary: TraySummary,
}

impl Tray {
    /// Puts the icon on the session bus; menu choices arrive on `actions`.
    /// Fails only without a session bus; without a tray host it waits for
    /// one ([`Tray::shown`] says false meanwhile).
    pub async fn start(actions: mpsc::Sender<TrayAction>) -> Result<Tray, ksni::Error> {
        let (shown_sender, shown) = watch::channel(true);
        let handle = spawn_item(&actions, &shown_sender, TraySummary::default()).await?;
        Ok(Tray {
            handle,
            shown,
            shown_sender,
            actions,
            summary: TraySummary::default(),
        })
    }

    /// Puts the item on the bus again, for when it is not shown: ksni
    /// watches for a watcher that appears, but a watcher that takes its
    /// name before it serves its methods refuses that one registration.
    pub async fn register_again(&mut self) -> Result<(), ksni::Error> {
        self.handle.shutdown().await;
        self.handle = spawn_item(&self.actions, &self.shown_sender, self.summary.clone()).await?;
        Ok(())
    }

    /// Whether a tray host shows the icon now.
    pub fn shown(&self) -> watch::Receiver<bool> {
        self.shown.clone()
    }

    /// Shows `summary` in the tooltip and the menu.
    pub async fn update(&mut self, summary: TraySummary) {
        self.summary = summary.clone();
        self.handle.update(|tray| tray.summary = summary).await;
    }
}

/// Registers a new item; whether a host shows it goes to `shown`.
async fn spawn_item(
    actions: &mpsc::Sender<TrayAction>,
    shown: &watch::Sender<bool>,
    summary: TraySummary,
) -> Result<ksni::Handle<FerryTray>, ksni::Error> {
    let went_offline = Arc::new(AtomicBool::new(false));
    let tray = FerryTray {
        summary,
        actions: actions.clone(),
        shown: shown.clone(),
        went_offline: Arc::clone(&went_offline),
    };
    let handle = tray.assume_sni_available(true).spawn().await?;
    if !went_offline.load(Ordering::SeqCst) {
        // Registered with a watcher.
        set_if_changed(shown, true);
    }
    Ok(handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tooltip_sums_up_what_runs() {
        let summary = TraySummary {
            running: 2,
            waiting: 1,
            paused: 0,
            bytes_moved: 512 * 1024 * 1024,
            bytes_total: 1024 * 1024 * 1024,
            bytes_per_sec: 3.0 * 1024.0 * 1024.0,
        };
        assert_eq!(
            summary.description(),
            "2 running, 50% of 1.00 GiB, 3.00 MiB/s; 1 waiting"
        );
        assert_eq!(TraySummary::default().description(), "Nothing running");
    }
}
