//! The window, headless (egui_kittest), over a fake engine: find widgets by
//! label, click, and assert the command that went to the engine.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ferry::desktop::DesktopServices;
use ferry::engine::fake::FakeEngine;
use ferry::engine::{Command, Event};
use ferry::model::{
    ActionOutcome, CompletionAction, CompletionGroup, Connectivity, ContentPart, CostPolicy,
    Credentials, Destination, Firing, GroupBehavior, MemberResult, NetworkSource, NetworkState,
    Priority, Progress, SettingChange, Status, SystemConditions, Transfer, TransferId,
    TransferSpec, UploadMethod, WhenDone,
};
use ferry::ui::{AppParts, FerryApp, GroupFilter};

mod groups_and_status;
mod languages;
mod monitor;
mod network;
mod prefetched;
mod uploads;
mod when_done;

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
    window_on(DesktopServices::inert(), fake_setup)
}

/// The window over a fake engine set up by `fake_setup`, with `desktop`.
fn window_on(
    desktop: DesktopServices,
    fake_setup: impl FnOnce(&FakeEngine),
) -> (Harness<'static, FerryApp>, FakeEngine) {
    let (fake, handle, events) = FakeEngine::new();
    fake_setup(&fake);
    // English, whatever the environment of the tests (and apart from the
    // language tests beside this one).
    ferry_i18n::isolate_this_thread(ferry::model::Locale::English);
    let app = FerryApp::new(AppParts {
        handle,
        events,
        connection: None,
        window_requests: None,
        state_dir: None,
        tray_shown: None,
        desktop,
        fallback_download_folder: std::env::temp_dir(),
    });
    (harness_of(app), fake)
}

/// The window `app`, headless, at 1200 x 700.
pub(crate) fn harness_of(app: FerryApp) -> Harness<'static, FerryApp> {
    Harness::builder()
        .with_size(egui::Vec2::new(1200.0, 700.0))
        .build_ui_state(
            |ui, app: &mut FerryApp| {
                app.logic(ui.ctx());
                app.ui(ui);
            },
            app,
        )
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

/// The row menu enables what the toolbar enables (issue 32, item 6): on a
/// paused, unfinished row, Pause and Open file are disabled in both.
#[test]
fn the_context_menu_agrees_with_the_toolbar() {
    let paused = transfer("half.iso", None, Status::PausedByApplication);
    let (mut harness, _fake) = window(|fake| fake.add_transfer(paused));
    harness.run();
    harness.get_by_label("half.iso").click_secondary();
    harness.run();
    for (label, enabled) in [
        ("Pause", false),
        ("Resume", true),
        ("Open file", false),
        ("Cancel", true),
    ] {
        let buttons: Vec<_> = harness
            .get_all_by_role_and_label(Role::Button, label)
            .collect();
        assert_eq!(buttons.len(), 2, "{label}: the toolbar's and the menu's");
        for button in buttons {
            assert_eq!(!button.accesskit_node().is_disabled(), enabled, "{label}");
        }
    }
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

#[test]
fn a_link_handed_over_by_the_desktop_waits_in_the_add_dialog() {
    let (mut harness, mut fake) = window(|_| {});
    harness
        .state_mut()
        .offer_download("https://127.0.0.1/linked.iso");
    harness.run();
    // Nothing starts before the user says where it goes.
    assert!(fake.take_commands().is_empty());
    assert_eq!(
        url_field(&harness).as_deref(),
        Some("https://127.0.0.1/linked.iso")
    );
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    let commands = fake.take_commands();
    assert!(
        matches!(commands.as_slice(), [Command::Add { spec, start: true }] if spec.url.as_str() == "https://127.0.0.1/linked.iso"),
        "{commands:?}"
    );

    // Text that is not a URL ferry downloads opens no dialog and says why.
    harness.state_mut().offer_download("file:///etc/passwd");
    harness.run();
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Add")
            .is_none()
    );
    assert!(
        harness.query_by_label_contains("Not added").is_some(),
        "a notice says the link was not added"
    );
    assert!(fake.take_commands().is_empty());
}

// One dialog at a time: a second one asked for (here a link handed over
// by the desktop) neither replaces the open one nor loses what is typed.
/// A URL pasted into the main window (Ctrl+V: a paste event) opens Add
/// with it; Escape closes the dialog (issue 42, item 3).
#[test]
fn pasting_a_url_opens_add_and_escape_closes_it() {
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    harness.input_mut().events.push(egui::Event::Paste(
        "https://127.0.0.1/pasted.iso".to_owned(),
    ));
    harness.run();
    assert_eq!(
        url_field(&harness).as_deref(),
        Some("https://127.0.0.1/pasted.iso")
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.query_by_label("URL").is_none(), "the dialog closed");
    assert!(fake.take_commands().is_empty());
}

/// A clipboard the test writes to.
struct SharedClipboard(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl ferry::desktop::Clipboard for SharedClipboard {
    fn text(&mut self) -> Option<String> {
        self.0.lock().expect("lock").clone()
    }
}

/// With "Offer links to files I copy" on, a link to a file copied
/// anywhere opens the add dialog, once (issue 42, item 7).
#[test]
fn a_copied_file_link_is_offered_when_watching_the_clipboard() {
    let copied = std::sync::Arc::new(std::sync::Mutex::new(Some(
        "https://127.0.0.1/copied-before.iso".to_owned(),
    )));
    let desktop = DesktopServices {
        clipboard: Box::new(SharedClipboard(std::sync::Arc::clone(&copied))),
        ..DesktopServices::inert()
    };
    let (mut harness, _fake) = window_on(desktop, |fake| {
        let settings = ferry::model::Settings {
            watch_clipboard: true,
            ..ferry::model::Settings::default()
        };
        fake.send_event(Event::SettingsChanged(Box::new(settings)));
    });
    harness.run();
    assert!(
        harness.query_by_label("URL").is_none(),
        "what was there before is not offered"
    );
    *copied.lock().expect("lock") = Some("https://127.0.0.1/films/talk.mkv".to_owned());
    std::thread::sleep(std::time::Duration::from_millis(1100));
    harness.run();
    assert_eq!(
        url_field(&harness).as_deref(),
        Some("https://127.0.0.1/films/talk.mkv")
    );
    harness.key_press(egui::Key::Escape);
    harness.run();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    harness.run();
    assert!(harness.query_by_label("URL").is_none(), "offered once only");
}

#[test]
fn a_dialog_asked_for_while_another_is_open_keeps_the_first() {
    let (mut harness, mut fake) = window(|_| {});
    harness.get_by_label("Add download…").click();
    harness.run();
    replace_url(&mut harness, "https://127.0.0.1/typed.iso");
    harness
        .state_mut()
        .offer_download("https://127.0.0.1/linked.iso");
    harness.run();
    assert_eq!(
        url_field(&harness).as_deref(),
        Some("https://127.0.0.1/typed.iso")
    );
    assert!(
        harness
            .query_by_label_contains("Finish or close the open dialog first")
            .is_some(),
        "the window says why the link did not open"
    );
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    let commands = fake.take_commands();
    assert!(
        matches!(commands.as_slice(), [Command::Add { spec, .. }] if spec.url.as_str() == "https://127.0.0.1/typed.iso"),
        "{commands:?}"
    );
}

/// Selects everything in the URL field and types `text` over it.
/// What the add dialog's URL field holds.
fn url_field(harness: &Harness<'static, FerryApp>) -> Option<String> {
    harness.get_by_label("URL").accesskit_node().value()
}

/// The window with "Add download…" open and `url` typed in.
fn window_with_add_dialog(url: &str) -> (Harness<'static, FerryApp>, FakeEngine) {
    let (mut harness, fake) = window(|_| {});
    harness.run();
    harness.get_by_label("Add download…").click();
    harness.run();
    replace_url(&mut harness, url);
    (harness, fake)
}

fn replace_url(harness: &mut Harness<'static, FerryApp>, text: &str) {
    replace_text(harness, "URL", text);
}

/// Selects everything in the field labelled `label` and types `text` over it.
fn replace_text(harness: &mut Harness<'static, FerryApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    harness.get_by_label(label).type_text(text);
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
    // An unfinished download asks what becomes of its partial file.
    harness
        .get_by_label("Remove and delete the partial file")
        .click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![Command::Pause(transfer_id), Command::Remove(transfer_id)]
    );
}

/// Remove on an unfinished download asks whether its partial file goes;
/// "Remember my choice" keeps the answer in the settings, and a completed
/// transfer leaves the list without a question (issue 42, item 1).
#[test]
fn removing_an_unfinished_download_asks_and_can_remember() {
    let running = transfer("half.iso", None, Status::Running);
    let running_id = running.transfer_id();
    let done = transfer("whole.iso", None, Status::Completed);
    let done_id = done.transfer_id();
    let (mut harness, mut fake) = window(|fake| {
        fake.add_transfer(running);
        fake.add_transfer(done);
    });
    harness.state_mut().select(Some(running_id));
    harness.run();
    harness.key_press(egui::Key::Delete);
    harness.run();
    harness.get_by_label("Remember my choice").click();
    harness.run();
    harness.get_by_label("Remove from the list").click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![
            Command::ChangeSettings(vec![SettingChange::RemoveUnfinished(
                ferry::model::RemoveUnfinished::KeepPartial
            )]),
            Command::RemoveKeepingPartial(running_id),
        ]
    );
    harness.state_mut().select(Some(done_id));
    harness.run();
    harness.key_press(egui::Key::Delete);
    harness.run();
    assert!(harness.query_by_label("Remember my choice").is_none());
    assert_eq!(fake.take_commands(), vec![Command::Remove(done_id)]);
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
fn closing_the_window_with_running_transfers_leaves_them_to_the_service() {
    let running = transfer("big.iso", None, Status::Running);
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(running));
    harness.run();
    request_close(&mut harness);
    // No question and no command: the transfers go on in the service.
    assert!(harness.query_by_label("Quit ferry?").is_none());
    assert!(fake.take_commands().is_empty());
}

#[test]
fn the_add_dialog_sets_group_priority_cost_policy_and_battery() {
    let (mut harness, mut fake) = window_with_add_dialog("https://127.0.0.1/update.iso");
    replace_text(&mut harness, "Group", "Updates");
    harness
        .get_by_role_and_label(Role::ComboBox, "Priority")
        .click();
    harness.run();
    harness.get_by_label("high").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::ComboBox, "On metered networks")
        .click();
    harness.run();
    harness
        .get_by_label("Wait for an unmetered network")
        .click();
    harness.run();
    harness
        .get_by_label("Keep going on a low battery and in power-saving mode")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::Add { spec, start: true }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(spec.group.as_deref(), Some("Updates"));
    assert_eq!(spec.priority, Priority::High);
    assert_eq!(spec.cost_policy, CostPolicy::UnrestrictedOnly);
    assert!(spec.unconstrained);
}

/// The add dialog takes the SHA-256 published beside a file (issue 42,
/// item 9); one that is not 64 hex digits keeps Add off.
#[test]
fn the_add_dialog_takes_a_sha256() {
    let (mut harness, mut fake) = window_with_add_dialog("https://127.0.0.1/debian.iso");
    replace_text(&mut harness, "SHA-256", "12ab");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Add")
            .accesskit_node()
            .is_disabled()
    );
    let hash = "AB".repeat(32);
    replace_text(&mut harness, "SHA-256", &hash);
    harness.get_by_role_and_label(Role::Button, "Add").click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::Add { spec, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(spec.sha256.as_deref(), Some("ab".repeat(32).as_str()));
}

#[test]
fn the_row_menu_downloads_next_and_changes_priority_and_cost_policy() {
    let queued = transfer("second.iso", Some("ISOs"), Status::Idle);
    let transfer_id = queued.transfer_id();
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(queued));
    harness.run();
    harness.get_by_label("second.iso").click_secondary();
    harness.run();
    harness
        .get_all_by_role_and_label(Role::Button, "Download next")
        .last()
        .expect("in the menu")
        .click();
    harness.run();
    harness.get_by_label("second.iso").click_secondary();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Priority")
        .click();
    harness.run();
    harness.get_by_label("low").click();
    harness.run();
    harness.get_by_label("second.iso").click_secondary();
    harness.run();
    harness.get_by_label("On metered networks").click();
    harness.run();
    harness.get_by_label("Always use it").click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![
            Command::MakeCurrent(transfer_id),
            Command::SetPriority {
                transfer_id,
                priority: Priority::Low
            },
            Command::SetCostPolicy {
                transfer_id,
                cost_policy: CostPolicy::Always
            },
        ]
    );
}

#[test]
fn settings_set_the_speed_limits_and_the_switches_and_refuse_a_bad_rate() {
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    harness.get_by_label("Settings…").click();
    harness.run();
    replace_text(&mut harness, "Download limit", "fast");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Save")
            .accesskit_node()
            .is_disabled()
    );
    replace_text(&mut harness, "Download limit", "2M");
    replace_text(&mut harness, "Upload limit", "slow");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Save")
            .accesskit_node()
            .is_disabled()
    );
    replace_text(&mut harness, "Upload limit", "512K");
    replace_text(&mut harness, "Extra CA certificate", "/no/such/ca.pem");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Save")
            .accesskit_node()
            .is_disabled()
    );
    let ca = tempfile::NamedTempFile::new().expect("ca file");
    let ca_path = ca.path().to_string_lossy().into_owned();
    replace_text(&mut harness, "Extra CA certificate", &ca_path);
    harness.get_by_label("This network is metered").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::ChangeSettings(changes)] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    // Only what was touched: another writer's change to the rest stays.
    assert_eq!(
        *changes,
        vec![
            SettingChange::DownloadLimit(Some(2 * 1024 * 1024)),
            SettingChange::UploadLimit(Some(512 * 1024)),
            SettingChange::Metered(true),
            SettingChange::ExtraCaCert(Some(ca.path().to_owned())),
        ]
    );
}

#[test]
fn an_upload_is_marked_in_the_list_and_shows_what_it_sends() {
    let url = url::Url::parse("http://127.0.0.1:9/in/photo.jpg").expect("url");
    let file = std::env::temp_dir().join("photo.jpg");
    let mut upload = Transfer::new(TransferSpec::upload(url, file, UploadMethod::Post));
    upload.status = Status::Running;
    upload.progress.total_bytes_to_send = Some(1_000_000);
    upload.progress.bytes_sent = 250_000;
    upload.response = Some(ferry::model::ResponseInfo {
        actual_url: url::Url::parse("http://127.0.0.1:9/in/photo.jpg").expect("url"),
        status_code: 201,
        headers: vec![("location".to_owned(), "/files/photo-7.jpg".to_owned())],
        is_resumable: false,
        body_text: Some("https://127.0.0.1:9/p/7".to_owned()),
        headers_left_out: 0,
    });
    let (mut harness, _fake) = window(|fake| fake.add_transfer(upload));
    harness.run();
    harness.get_by_label("photo.jpg (upload)").click();
    harness.run();
    assert!(harness.query_by_label("25%").is_some());
    assert!(harness.query_by_label("POST").is_some());
    assert!(harness.query_by_label("244.14 KiB of 976.56 KiB").is_some());
    // The server's answer: its status, and the short text it sent back.
    assert!(harness.query_by_label("201").is_some());
    assert!(harness.query_by_label("https://127.0.0.1:9/p/7").is_some());
}

/// The details show Windows' progress flags, the response, the priority
/// and the group (issue 41).
#[test]
fn the_details_show_the_progress_flags_the_response_the_priority_and_the_group() {
    let mut download = transfer("flags.iso", Some("ISOs"), Status::Running);
    download.spec.priority = Priority::High;
    download.restarts = 2;
    download.progress.has_restarted = true;
    download.progress.has_response_changed = true;
    download.response = Some(ferry::model::ResponseInfo {
        actual_url: url::Url::parse("http://127.0.0.1:9/mirror/flags.iso").expect("url"),
        status_code: 206,
        headers: vec![("etag".to_owned(), "\"v2\"".to_owned())],
        is_resumable: true,
        body_text: None,
        headers_left_out: 0,
    });
    let (mut harness, _fake) = window(|fake| fake.add_transfer(download));
    harness.run();
    harness.get_by_label("flags.iso").click();
    harness.run();
    for shown in [
        "http://127.0.0.1:9/mirror/flags.iso",
        "206",
        "yes",
        "2",
        "started over; a new response replaced the last",
        "high",
        "ISOs",
    ] {
        // (The table shows the priority too.)
        assert!(
            harness.query_all_by_label(shown).next().is_some(),
            "{shown:?} not shown"
        );
    }
}

/// Without a portal or zenity, Choose… says so and the folder can be typed
/// (issue 32, item 7).
#[test]
fn a_file_dialog_that_cannot_be_shown_is_said_and_the_path_typed() {
    let (mut harness, _fake) = window(|_| {});
    harness.run();
    harness.get_by_label("Add download…").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Choose…")
        .click();
    harness.run();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("No file dialog could be shown")
            .is_some()
    );
}

/// A transfer whose password was not kept gets it again from its menu,
/// and resumes (issue 32, item 3).
#[test]
fn credentials_are_given_again_from_the_row_menu() {
    let mut waiting = transfer("private.bin", None, Status::PausedByApplication);
    waiting.spec.has_secrets = true;
    let transfer_id = waiting.transfer_id();
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(waiting));
    harness.run();
    harness.get_by_label("private.bin").click_secondary();
    harness.run();
    harness.get_by_label("Credentials…").click();
    harness.run();
    replace_text(&mut harness, "User name", "ana");
    replace_text(&mut harness, "Password", "secret");
    harness.get_by_label("Resume with these").click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![
            Command::SetCredentials {
                transfer_id,
                credentials: Some(Credentials {
                    user_name: "ana".to_owned(),
                    password: "secret".to_owned(),
                }),
            },
            Command::Resume(transfer_id),
        ]
    );
}

// Where no keyring answers, a password given in the window lives in
// memory only: the status bar says so, once.
#[test]
fn credentials_given_without_a_keyring_are_said_to_stay_in_memory() {
    let mut waiting = transfer("private.bin", None, Status::PausedByApplication);
    waiting.spec.has_secrets = true;
    let desktop = DesktopServices {
        keyring_answers: || Err("no Secret Service".to_owned()),
        ..DesktopServices::inert()
    };
    let (mut harness, mut fake) = window_on(desktop, |fake| fake.add_transfer(waiting));
    harness.run();
    for round in 0..2 {
        harness.get_by_label("private.bin").click_secondary();
        harness.run();
        harness.get_by_label("Credentials…").click();
        harness.run();
        replace_text(&mut harness, "User name", "ana");
        replace_text(&mut harness, "Password", "secret");
        harness.get_by_label("Resume with these").click();
        harness.run();
        assert_eq!(fake.take_commands().len(), 2, "credentials, resume");
        let is_said = harness
            .query_by_label_contains("No keyring answers (no Secret Service)")
            .is_some();
        // Said the first time only.
        assert_eq!(is_said, round == 0, "round {round}");
        harness.state_mut().set_notice("something else".to_owned());
        harness.run();
    }
}

// The Settings dialog sent every setting back whole: `ferry limit 2M` run
// while it was open was undone by its Save. It sends what was touched.
#[test]
fn a_limit_set_from_the_command_line_survives_a_save_in_the_open_dialog() {
    let folder = crate::support::service::ServiceFolder::new();
    let mut window = folder.client();
    let handle = window.handle();
    ferry_i18n::isolate_this_thread(ferry::model::Locale::English);
    let app = FerryApp::new(AppParts {
        handle: handle.clone(),
        events: window.take_events().expect("events"),
        window_requests: window.take_window_requests(),
        tray_shown: Some(window.tray_shown()),
        connection: Some(window),
        state_dir: None,
        desktop: DesktopServices::inert(),
        fallback_download_folder: std::env::temp_dir(),
    });
    let mut harness = harness_of(app);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Settings…")
        .click();
    harness.run();

    let limited = folder.ferry(&["limit", "2M"]);
    assert_eq!(
        limited.status.code(),
        Some(0),
        "{}",
        crate::cli::stderr_of(&limited)
    );
    crate::support::service::wait_until(&handle, "the window hears the limit", |handle| {
        handle.settings().download_limit == Some(2 * 1024 * 1024)
    });

    harness.get_by_label("This network is metered").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    crate::support::service::wait_until(&handle, "the switch is saved", |handle| {
        handle.settings().policy.metered
    });
    assert_eq!(handle.settings().download_limit, Some(2 * 1024 * 1024));
    let saved = ferry::store::read_state(&folder.state_dir()).expect("state");
    assert_eq!(saved.state.settings.download_limit, Some(2 * 1024 * 1024));
}
