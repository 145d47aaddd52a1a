//! The monitor and the tray, as the window shows them.

// The window's test helpers and imports, as `mod.rs` has them.
use super::*;

/// The compact monitor over a fake engine.
fn monitor(
    fake_setup: impl FnOnce(&FakeEngine),
) -> (
    Harness<'static, ferry::ui::MonitorApp>,
    FakeEngine,
    std::sync::Arc<std::sync::Mutex<Vec<TransferId>>>,
) {
    let (fake, handle, events) = FakeEngine::new();
    fake_setup(&fake);
    let shown = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = std::sync::Arc::clone(&shown);
    ferry_i18n::isolate_this_thread(ferry::model::Locale::English);
    let app = ferry::ui::MonitorApp::new(
        handle,
        events,
        None,
        None,
        Box::new(move |transfer_id| recorded.lock().expect("lock").push(transfer_id)),
    );
    let harness = Harness::builder()
        .with_size(egui::Vec2::new(320.0, 160.0))
        .build_ui_state(
            |ui, app: &mut ferry::ui::MonitorApp| {
                app.logic(ui.ctx());
                app.ui(ui);
            },
            app,
        );
    (harness, fake, shown)
}

#[test]
fn the_monitor_shows_running_transfers_and_a_click_shows_one_in_the_window() {
    let mut running = transfer("big.iso", None, Status::Running);
    running.progress.bytes_received = 250_000;
    let transfer_id = running.transfer_id();
    let done = transfer("done.iso", None, Status::Completed);
    let (mut harness, _fake, shown) = monitor(|fake| {
        fake.add_transfer(running);
        fake.add_transfer(done);
    });
    harness.run();
    // One row for the running transfer, none for the finished one.
    let row = harness.get_by_label_contains("big.iso");
    row.click();
    harness.run();
    assert!(harness.query_by_label_contains("done.iso").is_none());
    assert_eq!(*shown.lock().expect("lock"), vec![transfer_id]);
}

#[test]
fn the_monitor_says_when_nothing_runs() {
    let (mut harness, _fake, shown) =
        monitor(|fake| fake.add_transfer(transfer("done.iso", None, Status::Completed)));
    harness.run();
    assert!(harness.query_by_label("Nothing running").is_some());
    assert!(shown.lock().expect("lock").is_empty());
}

#[test]
fn the_window_says_once_when_no_tray_shows_the_service() {
    let (fake, handle, events) = FakeEngine::new();
    let (tray, tray_shown) = tokio::sync::watch::channel(Some(true));
    ferry_i18n::isolate_this_thread(ferry::model::Locale::English);
    let app = FerryApp::new(AppParts {
        handle,
        events,
        connection: None,
        window_requests: None,
        state_dir: None,
        tray_shown: Some(tray_shown),
        desktop: DesktopServices::inert(),
        fallback_download_folder: std::env::temp_dir(),
    });
    let mut harness = harness_of(app);
    harness.run();
    assert!(harness.query_by_label_contains("No tray here").is_none());
    tray.send_replace(Some(false));
    harness.run();
    assert!(harness.query_by_label_contains("No tray here").is_some());
    drop(fake);
}

/// A monitor with no remembered place moves to the screen's lower right
/// corner once it knows the screen, instead of sitting at 0,0 over other
/// windows (issue 42, item 8).
#[test]
fn a_monitor_without_a_place_goes_to_the_screen_s_corner() {
    let (mut harness, _fake, _shown) = monitor(|_| {});
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .monitor_size = Some(egui::vec2(1920.0, 1080.0));
    harness.step();
    let moved_to = harness.output().viewport_output[&egui::ViewportId::ROOT]
        .commands
        .iter()
        .find_map(|command| match command {
            egui::ViewportCommand::OuterPosition(position) => Some(*position),
            _ => None,
        })
        .expect("the monitor was moved");
    assert!(moved_to.x > 1000.0 && moved_to.y > 600.0, "{moved_to:?}");
}
