//! The window in other languages: the pseudo-locale finds any text that
//! escaped translation and any layout too tight for longer words; a
//! language chosen in Settings takes effect at once.
//!
//! Each test speaks its own language on its own thread
//! (`ferry_i18n::isolate_this_thread`, which the window helper calls).

// The window's test helpers and imports, as `mod.rs` has them.
use super::*;
use ferry::model::{Locale, Settings};
use ferry::ui::UiAction;

/// What the fixture shows that is data, not ferry's words: file and group
/// names, URLs, folders, and the units and month names of the English
/// number and date formats the pseudo-locale keeps.
const DATA: [&str; 24] = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    "lecture.mkv",
    "notes.pdf",
    "gone.zip",
    "sent.bin",
    "Talks",
    "http://127.0.0.1:9/",
    "http://127.0.0.1:9",
    "127.0.0.1",
    "MiB",
    "KiB",
    "tmp",
    "ferry",
];

/// egui's own accessibility labels (a panel's edge, a window's close
/// button), never drawn as text.
const EGUI_OWN: [&str; 2] = ["Resize panel", "Close window"];

/// The text of `label` that is outside every bracketed (translated)
/// message and is not data.
fn untranslated(label: &str) -> String {
    let mut outside = String::new();
    let mut depth = 0_usize;
    for character in label.chars() {
        match character {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(character),
            _ => {}
        }
    }
    for data in DATA {
        outside = outside.replace(data, " ");
    }
    outside
}

/// A word of three ASCII letters or more: English that escaped.
fn has_english_word(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .any(|word| word.len() >= 3)
}

/// Every label and value drawn now that has English outside the
/// pseudo-locale's brackets.
fn english_texts(harness: &Harness<'static, FerryApp>) -> Vec<String> {
    harness
        .query_all(egui_kittest::kittest::by().include_labels())
        .flat_map(|node| {
            let node = node.accesskit_node();
            [node.label(), node.value()]
        })
        .flatten()
        .filter(|text| !EGUI_OWN.contains(&text.as_str()))
        .filter(|text| has_english_word(&untranslated(text)))
        .collect()
}

/// Labels whose boxes overlap another's (neither inside the other).
fn overlapping_labels(harness: &Harness<'static, FerryApp>) -> Vec<(String, String)> {
    let boxes: Vec<(String, egui::Rect)> = harness
        .query_all(egui_kittest::kittest::by().include_labels())
        .filter_map(|node| {
            let node = node.accesskit_node();
            let label = node
                .label()
                .filter(|label| !EGUI_OWN.contains(&label.as_str()))?;
            let rect = node.bounding_box()?;
            (!label.is_empty()).then(|| {
                (
                    label,
                    egui::Rect::from_min_max(
                        egui::pos2(rect.x0 as f32, rect.y0 as f32),
                        egui::pos2(rect.x1 as f32, rect.y1 as f32),
                    ),
                )
            })
        })
        .collect();
    let mut overlaps = Vec::new();
    for (index, (label, rect)) in boxes.iter().enumerate() {
        for (other_label, other) in &boxes[index + 1..] {
            let shared = rect.intersect(*other);
            let is_nested = rect.contains_rect(*other) || other.contains_rect(*rect);
            if !is_nested && shared.width() > 1.0 && shared.height() > 1.0 {
                overlaps.push((label.clone(), other_label.clone()));
            }
        }
    }
    overlaps
}

/// A window with a little of everything: a group, each kind of status, an
/// upload, a selected row (details), at 1280 x 800.
fn busy_window() -> Harness<'static, FerryApp> {
    let running = transfer("lecture.mkv", Some("Talks"), Status::Running);
    let selected = running.transfer_id();
    let waiting = transfer("notes.pdf", None, Status::PausedCostedNetwork);
    let failed = transfer("gone.zip", None, Status::Error);
    let file = std::env::temp_dir().join("sent.bin");
    let url = url::Url::parse("http://127.0.0.1:9/sent.bin").expect("url");
    let mut upload = Transfer::new(TransferSpec::upload(url, file, UploadMethod::Put));
    upload.status = Status::Completed;
    let (mut harness, _fake) = window(|fake| {
        for transfer in [running, waiting, failed, upload] {
            fake.add_transfer(transfer);
        }
    });
    harness.set_size(egui::Vec2::new(1280.0, 800.0));
    harness.state_mut().select(Some(selected));
    harness.run();
    harness
}

/// Opens each view of the window in turn (the add, upload and Settings
/// dialogs, the row's menu with When these finish…, Set URL… and
/// Credentials…, the Remove question, the Prefetched view), checking each
/// opened, and has `look` read the window while it is open.
fn visit_every_view(
    harness: &mut Harness<'static, FerryApp>,
    mut look: impl FnMut(&Harness<'static, FerryApp>),
) {
    look(harness);
    for action in [
        UiAction::AddDownload,
        UiAction::AddUpload,
        UiAction::Settings,
    ] {
        harness
            .get_by_role_and_label(Role::Button, &action.text())
            .click();
        harness.run();
        look(harness);
        harness.key_press(egui::Key::Escape);
        harness.run();
    }
    let from_the_row_menu = [
        (UiAction::WhenDone, ferry_i18n::tr!("dialog-ok")),
        (UiAction::SetUrl, ferry_i18n::tr!("set-url-set")),
        (UiAction::Credentials, ferry_i18n::tr!("credentials-resume")),
    ];
    for (action, its_button) in from_the_row_menu {
        harness.get_by_label("lecture.mkv").click_secondary();
        harness.run();
        look(harness);
        // The menu's entry (the toolbar may have the same button).
        harness
            .get_all_by_label(&action.text())
            .last()
            .expect("the menu entry")
            .click();
        harness.run();
        assert!(
            harness.query_by_label(&its_button).is_some(),
            "{its_button}"
        );
        look(harness);
        harness.key_press(egui::Key::Escape);
        harness.run();
    }
    // Remove on an unfinished download asks first.
    harness.get_by_label("lecture.mkv").click();
    harness.key_press(egui::Key::Delete);
    harness.run();
    let keep = ferry_i18n::tr!("remove-keep-partial");
    assert!(harness.query_by_label(&keep).is_some(), "{keep}");
    look(harness);
    harness.key_press(egui::Key::Escape);
    harness.run();
    harness.state_mut().set_filter(GroupFilter::Prefetched);
    harness.run();
    look(harness);
    harness.state_mut().set_filter(GroupFilter::All);
    harness.run();
}

#[test]
fn in_the_pseudo_locale_no_english_is_left_and_nothing_overlaps() {
    let mut harness = busy_window();
    ferry_i18n::select_pseudo();
    harness.run();
    let overlaps = overlapping_labels(&harness);
    assert!(overlaps.is_empty(), "overlapping: {overlaps:#?}");
    let mut problems = Vec::new();
    visit_every_view(&mut harness, |harness| {
        problems.extend(english_texts(harness))
    });
    assert!(
        problems.is_empty(),
        "text drawn without translation: {problems:#?}"
    );
}

/// The check itself: English text is found, translated text is not.
#[test]
fn the_pseudo_locale_check_tells_english_from_translated() {
    assert!(has_english_word(&untranslated("Pause")));
    assert!(!has_english_word(&untranslated("[Påüsë··]")));
    assert!(!has_english_word(&untranslated(
        "[Ståtüs: [rüññïñg···]·····]"
    )));
    assert!(!has_english_word(&untranslated("lecture.mkv (Talks)")));
    assert!(has_english_word(&untranslated("[Ådd··] and more")));
}

/// Korean and French drawn with the window's fonts: egui under test
/// refuses (panics on) any character no font has, so a missing-glyph box
/// anywhere in the window or its dialogs fails here.
#[test]
fn korean_and_french_have_a_glyph_for_every_character() {
    for locale in [Locale::Korean, Locale::French] {
        let mut harness = busy_window();
        assert!(
            ferry::ui::install_fallback_fonts(&harness.ctx).is_some(),
            "no CJK font on this machine (scripts/install-deps.sh installs fonts-noto-cjk)"
        );
        ferry_i18n::select(locale);
        harness.run();
        visit_every_view(&mut harness, |_| {});
    }
}

#[test]
fn a_language_chosen_in_settings_is_spoken_at_once() {
    let (mut harness, fake) = window(|_| {});
    ferry::ui::install_fallback_fonts(&harness.ctx);
    harness.run();
    assert!(harness.query_by_label("Settings…").is_some());
    let settings = Settings {
        language: Some(Locale::French),
        ..Settings::default()
    };
    fake.send_event(Event::SettingsChanged(Box::new(settings)));
    harness.run();
    assert!(harness.query_by_label("Réglages…").is_some());
    assert!(harness.query_by_label("Tous (0)").is_some());
    let settings = Settings {
        language: Some(Locale::Korean),
        ..Settings::default()
    };
    fake.send_event(Event::SettingsChanged(Box::new(settings)));
    harness.run();
    assert!(harness.query_by_label("설정…").is_some());
}
