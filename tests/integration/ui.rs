//! The window, headless (egui_kittest), over a fake engine: find widgets by
//! label, click, and assert the command that went to the engine.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ferry::desktop::DesktopServices;
use ferry::engine::fake::FakeEngine;
use ferry::engine::{Command, Event};
use ferry::model::{Destination, Progress, Status, Transfer, TransferId, TransferSpec};
use ferry::ui::{AppParts, FerryApp, GroupFilter};

fn transfer(name: &str, group: Option<&str>, status: Status) -> Transfer {
    let url = url::Url::parse(&format!("http://127.0.0.1:9/{name}")).expect("url");
    let mut spec = TransferSpec::download(url, Destination::Folder(std::env::temp_dir()));
    spec.group = group.map(str::to_owned);
    let mut transfer = Transfer::new(spec);
    transfer.status = status;
    transfer.progress.total_bytes_to_receive = Some(1_000_000);
    transfer
}

fn window(fake_setup: impl FnOnce(&FakeEngine)) -> (Harness<'static, FerryApp>, FakeEngine) {
    let (fake, handle, events) = FakeEngine::new();
    fake_setup(&fake);
    let app = FerryApp::new(AppParts {
        handle,
        events,
        engine: None,
        desktop: DesktopServices::inert(),
        fallback_download_folder: std::env::temp_dir(),
    });
    let harness = Harness::builder()
        .with_size(egui::Vec2::new(1200.0, 700.0))
        .build_ui_state(
            |ui, app: &mut FerryApp| {
                app.logic(ui.ctx());
                app.ui(ui);
            },
            app,
        );
    (harness, fake)
}

#[test]
fn clicking_pause_on_a_row_sends_pause() {
    let running = transfer("movie.mkv", None, Status::Running);
    let transfer_id = running.transfer_id();
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(running));
    harness.run();
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Pause")
            .accesskit_node()
            .is_disabled(),
        "nothing selected yet"
    );
    harness.get_by_label("movie.mkv").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Pause").click();
    harness.run();
    assert_eq!(fake.take_commands(), vec![Command::Pause(transfer_id)]);
}

#[test]
fn the_context_menu_acts_on_its_row() {
    let paused = transfer("paused.iso", None, Status::PausedByApplication);
    let transfer_id = paused.transfer_id();
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(paused));
    harness.run();
    harness.get_by_label("paused.iso").click_secondary();
    harness.run();
    let resume_buttons: Vec<_> = harness
        .get_all_by_role_and_label(Role::Button, "Resume")
        .collect();
    assert_eq!(resume_buttons.len(), 2, "the toolbar's and the menu's");
    // The menu is drawn last, on top.
    resume_buttons[1].click();
    harness.run();
    assert_eq!(fake.take_commands(), vec![Command::Resume(transfer_id)]);
}

#[test]
fn add_stays_disabled_for_bad_urls_and_sends_add_for_a_good_one() {
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    harness.get_by_label("Add download…").click();
    harness.run();
    for bad in ["file:///etc/passwd", "not a url"] {
        replace_url(&mut harness, bad);
        let add = harness.get_by_role_and_label(Role::Button, "Add");
        assert!(
            add.accesskit_node().is_disabled(),
            "Add is enabled for {bad:?}"
        );
    }
    assert!(fake.take_commands().is_empty());
    replace_url(&mut harness, "https://127.0.0.1/file.iso");
    let add = harness.get_by_role_and_label(Role::Button, "Add");
    assert!(!add.accesskit_node().is_disabled());
    add.click();
    harness.run();
    let commands = fake.take_commands();
    assert!(
        matches!(commands.as_slice(), [Command::Add { spec, start: true }] if spec.url.as_str() == "https://127.0.0.1/file.iso"),
        "{commands:?}"
    );
}

/// Selects everything in the URL field and types `text` over it.
fn replace_url(harness: &mut Harness<'static, FerryApp>, text: &str) {
    harness.get_by_label("URL").focus();
    harness.run();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    harness.get_by_label("URL").type_text(text);
    harness.run();
}

#[test]
fn progress_events_update_the_row() {
    let running = transfer("data.bin", None, Status::Running);
    let transfer_id = running.transfer_id();
    let (mut harness, fake) = window(|fake| fake.add_transfer(running));
    harness.run();
    assert!(harness.query_by_label("50%").is_none());
    let progress = Progress {
        bytes_received: 500_000,
        total_bytes_to_receive: Some(1_000_000),
        ..Progress::default()
    };
    fake.update_transfer(transfer_id, |transfer| transfer.progress = progress.clone());
    fake.send_event(Event::Progress(vec![(transfer_id, progress)]));
    harness.run();
    assert_eq!(
        harness
            .state()
            .shown_transfer(transfer_id)
            .map(|shown| shown.progress.bytes_received),
        Some(500_000)
    );
    assert!(harness.query_by_label("50%").is_some(), "the bar shows 50%");
}

#[test]
fn the_group_panel_filters_the_table() {
    let video = transfer("talk.mp4", Some("Videos"), Status::Running);
    let iso = transfer("debian.iso", Some("ISOs"), Status::Completed);
    let failed = transfer("gone.zip", None, Status::Error);
    let ids: Vec<TransferId> = [&video, &iso, &failed]
        .iter()
        .map(|transfer| transfer.transfer_id())
        .collect();
    let (mut harness, _fake) = window(|fake| {
        fake.add_transfer(video);
        fake.add_transfer(iso);
        fake.add_transfer(failed);
    });
    harness.run();
    assert_eq!(harness.state().visible_transfer_ids(), ids);
    harness.get_by_label("Videos (1)").click();
    harness.run();
    assert_eq!(harness.state().visible_transfer_ids(), vec![ids[0]]);
    assert!(harness.query_by_label("debian.iso").is_none());
    harness.get_by_label("Completed (1)").click();
    harness.run();
    assert_eq!(harness.state().visible_transfer_ids(), vec![ids[1]]);
    harness.get_by_label("Failed (1)").click();
    harness.run();
    assert_eq!(harness.state().visible_transfer_ids(), vec![ids[2]]);
    harness.state_mut().set_filter(GroupFilter::All);
    harness.run();
    assert_eq!(harness.state().visible_transfer_ids().len(), 3);
}

#[test]
fn keyboard_space_pauses_and_delete_removes() {
    let running = transfer("keys.bin", None, Status::Running);
    let transfer_id = running.transfer_id();
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(running));
    harness.state_mut().select(Some(transfer_id));
    harness.run();
    harness.key_press(egui::Key::Space);
    harness.run();
    harness.key_press(egui::Key::Delete);
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![Command::Pause(transfer_id), Command::Remove(transfer_id)]
    );
}

fn request_close(harness: &mut Harness<'static, FerryApp>) {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
}

#[test]
fn closing_with_running_transfers_asks_first() {
    let running = transfer("big.iso", None, Status::Running);
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(running));
    harness.run();
    request_close(&mut harness);
    assert!(
        harness.query_by_label("Quit ferry?").is_some(),
        "the dialog asks"
    );
    harness.get_by_label("Keep the window open").click();
    harness.run();
    assert!(harness.query_by_label("Quit ferry?").is_none());
    request_close(&mut harness);
    harness.get_by_label("Pause and quit").click();
    harness.run();
    assert!(harness.query_by_label("Quit ferry?").is_none());
    // Quitting stops the engine, which queues transfers for the next launch;
    // no command is sent per transfer.
    assert!(fake.take_commands().is_empty());
}

#[test]
fn closing_with_nothing_running_does_not_ask() {
    let done = transfer("done.iso", None, Status::Completed);
    let (mut harness, _fake) = window(|fake| fake.add_transfer(done));
    harness.run();
    request_close(&mut harness);
    assert!(harness.query_by_label("Quit ferry?").is_none());
}
