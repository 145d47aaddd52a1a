//! "When these finish…" and a group's when-done, from the window.

// The window's test helpers and imports, as `mod.rs` has them.
use super::*;

/// "When these finish…" over two rows picked with Ctrl+click: a program
/// found in PATH now, its arguments one per line, sent as one completion
/// group over both (issue 30).
#[test]
fn when_these_finish_runs_a_program_over_the_rows_picked_with_ctrl_click() {
    let first = transfer("first.iso", None, Status::Running);
    let second = transfer("second.iso", None, Status::Running);
    let ids = [first.transfer_id(), second.transfer_id()];
    let (mut harness, mut fake) = window(|fake| {
        fake.add_transfer(first);
        fake.add_transfer(second);
    });
    harness.run();
    harness.get_by_label("first.iso").click();
    harness.run();
    harness
        .get_by_label("second.iso")
        .click_modifiers(egui::Modifiers::COMMAND);
    harness.run();
    harness.get_by_label("second.iso").click_secondary();
    harness.run();
    harness.get_by_label("When these finish…").click();
    harness.run();
    harness.get_by_label("Run a program").click();
    harness.run();
    replace_text(&mut harness, "Program", "no-such-ferry-program");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "OK")
            .accesskit_node()
            .is_disabled(),
        "a program that is not there cannot be chosen"
    );
    replace_text(&mut harness, "Program", "sh");
    replace_text(&mut harness, "Arguments", "-c\necho {name}");
    harness.get_by_role_and_label(Role::Button, "OK").click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::CreateCompletionGroup(group)] = commands.as_slice() else {
        panic!("expected one completion group, got {commands:?}");
    };
    assert_eq!(group.members, [ids[1], ids[0]]);
    assert!(group.enabled);
    assert_eq!(group.name, "second.iso and 1 more");
    match &group.when_done.action {
        Some(CompletionAction::Run(run)) => {
            assert!(run.program.is_absolute() && run.program.ends_with("sh"));
            assert_eq!(run.args, ["-c", "echo {name}"]);
        }
        other => panic!("expected a program, got {other:?}"),
    }
    assert!(group.when_done.notify, "the notification is on by default");
}

/// A group's menu sets what happens each time it runs dry, and the details
/// pane shows how a fired group's program went.
#[test]
fn a_group_notifies_from_its_menu_and_the_details_show_the_outcome() {
    let video = transfer("talk.mp4", Some("Talks"), Status::Completed);
    let transfer_id = video.transfer_id();
    let (mut harness, mut fake) = window(|fake| fake.add_transfer(video));
    harness.run();
    harness.get_by_label("Talks (1)").click_secondary();
    harness.run();
    harness.get_by_label("When the group finishes…").click();
    harness.run();
    harness.get_by_label("Open the folder").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "OK").click();
    harness.run();
    assert_eq!(
        fake.take_commands(),
        vec![Command::SetGroupWhenDone {
            name: "Talks".to_owned(),
            when_done: WhenDone {
                notify: true,
                action: Some(CompletionAction::OpenFolder),
            },
        }]
    );

    let mut fired = CompletionGroup::new("talk.mp4", WhenDone::notify());
    fired.members = vec![transfer_id];
    fired.firing = Some(Firing {
        fired_unix_secs: 0,
        results: vec![MemberResult {
            transfer_id,
            url: None,
            path: None,
            status: "completed".to_owned(),
            error: None,
            bytes: 1,
            is_upload: false,
        }],
        outcome: ActionOutcome::Exited {
            code: Some(3),
            output_tail: vec!["disk full".to_owned()],
        },
    });
    fake.send_event(Event::CompletionGroupsChanged(vec![fired]));
    harness.get_by_label("talk.mp4").click();
    harness.run();
    harness.get_by_label("When done");
    harness.get_by_label("talk.mp4: notify");
    harness.get_by_label("1 download finished; the program failed with exit status 3");
    harness.get_by_label("disk full");
}

#[test]
fn settings_keep_failure_notifications_alone() {
    let (mut harness, mut fake) = window(|_| {});
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Settings…")
        .click();
    harness.run();
    // The settings scroll; this one is far down.
    harness.get_by_label("Only when one fails").scroll_to_me();
    harness.run();
    harness.get_by_label("Only when one fails").click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run();
    let commands = fake.take_commands();
    let [Command::ChangeSettings(changes)] = commands.as_slice() else {
        panic!("expected the settings, got {commands:?}");
    };
    assert_eq!(*changes, vec![SettingChange::NotifyFailuresOnly(true)]);
}
