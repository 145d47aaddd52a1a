//! The groups panel and the status bar, from the window.

// The window's test helpers and imports, as `mod.rs` has them.
use super::*;

#[test]
fn the_group_panel_filters_the_table() {
    let video = transfer("talk.mp4", Some("Talks"), Status::Running);
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
    harness.get_by_label("Talks (1)").click();
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
fn a_new_group_is_created_one_at_a_time_from_the_panel() {
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    harness.get_by_label("New group").click();
    harness.run();
    replace_text(&mut harness, "Name", "Nightly");
    harness.get_by_label("One at a time").click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Create")
        .click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![Command::PutGroup {
            name: "Nightly".to_owned(),
            behavior: GroupBehavior::Serialized
        }]
    );
}

/// The serialized group's marker is drawn with egui's own fonts, not as a
/// missing-glyph box (issue 32, item 6).
#[test]
fn the_serialized_group_marker_has_a_glyph() {
    let (mut harness, _fake) = window(|_| {});
    harness.run();
    let marker = ferry::ui::serialized_marker();
    let marker = marker.trim();
    let has_glyphs = harness
        .ctx
        .fonts_mut(|fonts| fonts.has_glyphs(&egui::FontId::proportional(14.0), marker));
    assert!(has_glyphs, "{marker:?} has no glyph in egui's fonts");
}

/// A group's menu deletes it (issue 32, item 9); its transfers stay.
#[test]
fn a_group_is_deleted_from_its_menu() {
    let video = transfer("talk.mp4", Some("Talks"), Status::Running);
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(video));
    harness.run();
    harness.get_by_label("Talks (1)").click_secondary();
    harness.run();
    harness.get_by_label("Delete group").click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![Command::RemoveGroup {
            name: "Talks".to_owned()
        }]
    );
}

#[test]
fn the_status_bar_shows_the_network_and_who_waits_for_it() {
    let waiting = transfer("big.iso", None, Status::PausedCostedNetwork);
    let (mut harness, fake) = window(|fake| fake.add_transfer(waiting));
    harness.run();
    fake.set_conditions(SystemConditions {
        network: NetworkState {
            source: NetworkSource::NetworkManager,
            connectivity: Connectivity::Full,
            metered: true,
            roaming: false,
        },
        ..SystemConditions::default()
    });
    harness.run();
    assert!(
        harness
            .query_by_label("Metered network: 1 transfer waiting for an unmetered one")
            .is_some()
    );
}

/// Downloads are counted by type in the groups panel, and a type filters
/// the table (issue 42, item 6).
#[test]
fn the_panel_counts_downloads_by_type_and_filters_by_one() {
    let video = transfer("talk.mp4", None, Status::Running);
    let iso = transfer("debian.iso", None, Status::Completed);
    let other = transfer("notes", None, Status::Completed);
    let video_id = video.transfer_id();
    let (mut harness, _fake) = window(|fake| {
        fake.add_transfer(video);
        fake.add_transfer(iso);
        fake.add_transfer(other);
    });
    harness.run();
    assert!(harness.query_by_label("Archives (1)").is_some());
    assert!(harness.query_by_label("Other (1)").is_some());
    assert!(
        harness.query_by_label("Music (0)").is_none(),
        "empty types are not listed"
    );
    harness.get_by_label("Videos (1)").click();
    harness.run();
    assert_eq!(harness.state().visible_transfer_ids(), vec![video_id]);
}
