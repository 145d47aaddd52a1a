//! Completion groups: once every member ended the group fires exactly once,
//! across restarts and kill -9; its program gets hostile names as whole
//! arguments and the members as JSON, in a clean environment, and is
//! killed with its process group at the timeout.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferry::engine::{Command, EngineError, EngineHandle};
use ferry::model::{
    ActionOutcome, CompletionAction, CompletionGroup, CompletionGroupId, Destination,
    GroupBehavior, ProgramAction, TransferId, TransferSpec, WhenDone,
};
use ferry::store::StateStore;

use crate::cli::stderr_of;
use crate::support::server::{TestServer, serve_bytes};
use crate::support::service::{ServiceFolder, wait_until};
use crate::support::{Harness, test_bytes};

/// A server of 2 KiB files at every path.
fn file_server() -> TestServer {
    let body = Arc::new(test_bytes(2048, 9));
    TestServer::start(move |request, _| serve_bytes(request, &body, Some("\"c\"")))
}

/// A program that records its arguments (NUL-separated), its stdin and its
/// environment beside `record`, which is its first argument, and appends
/// a line to `record.runs` each time it runs.
fn recorder(folder: &Path) -> PathBuf {
    let program = folder.join("record.sh");
    std::fs::write(
        &program,
        "#!/bin/sh\nout=\"$1\"; shift\necho run >> \"$out.runs\"\n\
         for arg in \"$@\"; do printf '%s\\0' \"$arg\"; done > \"$out.argv\"\n\
         cat > \"$out.stdin\"\nenv > \"$out.env\"\necho recorded \"$#\"\n",
    )
    .expect("write the recorder");
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    program
}

fn run(program: &Path, args: &[&str], timeout_secs: u64) -> WhenDone {
    WhenDone::action(CompletionAction::Run(ProgramAction {
        program: program.to_owned(),
        args: args.iter().map(|arg| (*arg).to_owned()).collect(),
        timeout_secs,
    }))
}

/// Creates an enabled completion group over `members`.
fn create_group(
    harness: &Harness,
    members: &[TransferId],
    when_done: WhenDone,
) -> CompletionGroupId {
    let group = CompletionGroup {
        members: members.to_vec(),
        enabled: true,
        ..CompletionGroup::new("test group", when_done)
    };
    let group_id = group.id;
    harness
        .call(Command::CreateCompletionGroup(Box::new(group)))
        .expect("create the group");
    group_id
}

/// Waits until the group fired and its action reported.
#[track_caller]
fn wait_for_outcome(
    handle: &EngineHandle,
    group_id: CompletionGroupId,
) -> (CompletionGroup, ActionOutcome) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let group = handle
            .completion_groups()
            .into_iter()
            .find(|group| group.id == group_id)
            .expect("the group exists");
        if let Some(firing) = &group.firing
            && firing.outcome != ActionOutcome::Started
        {
            let outcome = firing.outcome.clone();
            return (group, outcome);
        }
        assert!(
            Instant::now() < deadline,
            "the group did not fire: {group:#?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn lines_of(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |text| text.lines().count())
}

#[test]
fn hostile_names_reach_the_program_as_whole_arguments_with_the_members_on_stdin() {
    let server = file_server();
    let harness = Harness::start();
    let tools = tempfile::tempdir().expect("dir");
    let program = recorder(tools.path());
    let record = tools.path().join("record");
    let names = [
        "$(rm -rf ~).zip",
        "`id`.txt",
        "a;reboot;.iso",
        "-rf",
        "new\nline.txt",
        "\u{202E}gpj.exe",
        "two  spaces 'and' \"quotes\".bin",
    ];
    let members: Vec<TransferId> = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let path = harness.download_dir.path().join(name);
            harness.add(TransferSpec::download(
                server.url(&format!("/file{index}")),
                Destination::File(path),
            ))
        })
        .collect();
    let group_id = create_group(
        &harness,
        &members,
        run(
            &program,
            &[
                record.to_str().expect("utf-8"),
                "{name}",
                "{path}",
                "{status}",
                "{group}",
            ],
            60,
        ),
    );
    let (group, outcome) = wait_for_outcome(&harness.handle, group_id);
    assert_eq!(
        outcome,
        ActionOutcome::Exited {
            code: Some(0),
            output_tail: vec![format!("recorded {}", names.len() * 2 + 2)],
        }
    );

    let argv = std::fs::read(record.with_extension("argv")).expect("argv");
    let argv: Vec<String> = argv
        .split(|byte| *byte == 0)
        .filter(|arg| !arg.is_empty())
        .map(|arg| String::from_utf8(arg.to_vec()).expect("utf-8"))
        .collect();
    let mut expected: Vec<String> = names
        .iter()
        .map(|name| {
            if name.starts_with('-') {
                format!("./{name}")
            } else {
                (*name).to_owned()
            }
        })
        .collect();
    expected.extend(names.iter().map(|name| {
        harness
            .download_dir
            .path()
            .join(name)
            .to_str()
            .expect("utf-8")
            .to_owned()
    }));
    expected.push("completed".to_owned());
    expected.push("test group".to_owned());
    assert_eq!(argv, expected);
    for name in names {
        assert!(
            harness.download_dir.path().join(name).is_file(),
            "{name:?} was downloaded"
        );
    }

    let stdin: serde_json::Value =
        serde_json::from_slice(&std::fs::read(record.with_extension("stdin")).expect("stdin"))
            .expect("the JSON on stdin parses");
    assert_eq!(stdin["group"], "test group");
    assert_eq!(stdin["status"], "completed");
    let listed = stdin["members"].as_array().expect("members");
    assert_eq!(listed.len(), names.len());
    for ((member, name), transfer_id) in listed.iter().zip(names).zip(&members) {
        assert_eq!(member["transfer_id"], transfer_id.to_string());
        assert_eq!(member["status"], "completed");
        assert_eq!(member["bytes"], 2048);
        let path = harness.download_dir.path().join(name);
        assert_eq!(member["path"], path.to_str().expect("utf-8"));
    }
    assert_eq!(group.firing.expect("fired").results.len(), names.len());

    // The program's environment holds nothing of the test's own (cargo
    // sets CARGO_* for it; a proxy or token would be dropped the same way).
    let environment = std::fs::read_to_string(record.with_extension("env")).expect("env");
    let names_set: Vec<&str> = environment
        .lines()
        .filter_map(|line| line.split_once('=').map(|(name, _)| name))
        .collect();
    assert!(names_set.contains(&"PATH"), "{environment}");
    assert!(
        names_set
            .iter()
            .all(|name| !name.starts_with("CARGO") && !name.starts_with("RUST")),
        "{environment}"
    );
}

#[test]
fn a_program_that_hangs_is_killed_with_its_children_and_a_missing_one_is_an_error() {
    let server = file_server();
    let harness = Harness::start();
    let tools = tempfile::tempdir().expect("dir");
    let pid_file = tools.path().join("child.pid");
    let escaped_pid_file = tools.path().join("escaped.pid");
    let member = harness.add(harness.spec(server.url("/hang.bin")));
    // The second child leaves the process group and the session (setsid)
    // and its parent ends at once: it used to escape the kill.
    let script = format!(
        "sleep 300 & echo $! > '{}'; (setsid sleep 300 & echo $! > '{}'); echo started; wait",
        pid_file.display(),
        escaped_pid_file.display()
    );
    let hanging = create_group(
        &harness,
        &[member],
        run(Path::new("/bin/sh"), &["-c", &script], 1),
    );
    let (_, outcome) = wait_for_outcome(&harness.handle, hanging);
    assert_eq!(
        outcome,
        ActionOutcome::TimedOut {
            output_tail: vec!["started".to_owned()]
        }
    );
    for pid_file in [&pid_file, &escaped_pid_file] {
        let child_pid = std::fs::read_to_string(pid_file)
            .expect("pid")
            .trim()
            .to_owned();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // Gone, or a zombie waiting for its new parent to reap it.
            let state =
                std::fs::read_to_string(format!("/proc/{child_pid}/stat")).unwrap_or_default();
            let is_gone = state.is_empty() || state.split_whitespace().nth(2) == Some("Z");
            if is_gone {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the program's child survived: {state}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    // A program that is not there: a clear error on the group.
    let missing = create_group(
        &harness,
        &[member],
        run(Path::new("/nonexistent/ferry-action"), &[], 60),
    );
    let (_, outcome) = wait_for_outcome(&harness.handle, missing);
    match outcome {
        ActionOutcome::Failed(reason) => {
            assert!(
                reason.starts_with("cannot run /nonexistent/ferry-action"),
                "{reason}"
            )
        }
        other => panic!("expected a failure, got {other:?}"),
    }

    // A relative program is refused when the group is made.
    let relative = CompletionGroup::new("relative", run(Path::new("sh"), &[], 60));
    let refused = harness.call(Command::CreateCompletionGroup(Box::new(relative)));
    assert!(
        matches!(refused, Err(EngineError::RelativeActionProgram(_))),
        "{refused:?}"
    );
}

#[test]
fn a_group_fires_once_across_restarts_even_when_its_last_member_ended_before_a_crash() {
    let server = file_server();
    let mut harness = Harness::start();
    let tools = tempfile::tempdir().expect("dir");
    let program = recorder(tools.path());
    let record = tools.path().join("record");
    let runs = record.with_extension("runs");
    let action = run(&program, &[record.to_str().expect("utf-8")], 60);

    // Fired and recorded: a restart does not fire it again.
    let member = harness.add(harness.spec(server.url("/a.bin")));
    let group_id = create_group(&harness, &[member], action.clone());
    wait_for_outcome(&harness.handle, group_id);
    harness.restart();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(lines_of(&runs), 1);

    // The state a crash leaves between a member's completion and the
    // group's firing: the member completed, the group enabled and not
    // fired. The next start fires it, once.
    let second = harness.add(harness.spec(server.url("/b.bin")));
    harness.wait_completed(second);
    harness.engine.take().expect("engine").shutdown();
    let (store, loaded) = StateStore::open(harness.state_dir.path()).expect("open");
    let mut state = loaded.state;
    let crashed = CompletionGroup {
        members: vec![second],
        enabled: true,
        ..CompletionGroup::new("crashed", action)
    };
    let crashed_id = crashed.id;
    state.completion_groups.push(crashed);
    store
        .save_text(&StateStore::serialize(&state).expect("serialize"))
        .expect("save");
    drop(store);
    harness.restart();
    let (group, outcome) = wait_for_outcome(&harness.handle, crashed_id);
    assert!(
        matches!(outcome, ActionOutcome::Exited { code: Some(0), .. }),
        "{group:#?}"
    );
    assert_eq!(lines_of(&runs), 2);
    harness.restart();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(lines_of(&runs), 2, "fired once only");
}

#[test]
fn kill_9_while_the_action_runs_reports_it_cut_short_and_never_runs_it_again() {
    let server = file_server();
    let folder = ServiceFolder::new();
    let runs = folder.root.path().join("runs");
    let script = format!("echo run >> '{}'; sleep 20", runs.display());
    folder.add_with(&[
        server.url("/slow-action.bin").as_str(),
        "--when-done",
        "run",
        "sh",
        "-c",
        &script,
    ]);
    let deadline = Instant::now() + Duration::from_secs(30);
    while lines_of(&runs) == 0 {
        assert!(Instant::now() < deadline, "the action did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    folder.kill_service();

    // The next client starts a new service, which reports the action cut
    // short and does not run it again.
    let client = folder.client();
    let handle = client.handle();
    wait_until(&handle, "the group is reported cut short", |handle| {
        handle.completion_groups().iter().any(|group| {
            group
                .firing
                .as_ref()
                .is_some_and(|firing| firing.outcome == ActionOutcome::Interrupted)
        })
    });
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(lines_of(&runs), 1);
    let listed = folder.ferry(&["group", "list"]);
    let table = String::from_utf8_lossy(&listed.stdout);
    assert!(
        table.contains("the action was cut short"),
        "{table}{}",
        stderr_of(&listed)
    );
}

#[test]
fn a_named_group_with_a_when_done_fires_each_time_it_runs_dry() {
    let body = Arc::new(test_bytes(64 * 1024, 5));
    let server = TestServer::start_dripping(&body, "\"n\"", 16 * 1024, Duration::from_millis(100));
    let mut harness = Harness::start();
    let tools = tempfile::tempdir().expect("dir");
    let program = recorder(tools.path());
    let record = tools.path().join("record");
    harness
        .call(Command::PutGroup {
            name: "nightly".to_owned(),
            behavior: GroupBehavior::Parallel,
        })
        .expect("group");
    harness
        .call(Command::SetGroupWhenDone {
            name: "nightly".to_owned(),
            when_done: run(&program, &[record.to_str().expect("utf-8"), "{name}"], 60),
        })
        .expect("when done");
    let member = |path: &str| {
        let mut spec = harness.spec(server.url(path));
        spec.group = Some("nightly".to_owned());
        harness.add(spec)
    };
    let first = [member("/n1.bin"), member("/n2.bin")];
    for transfer_id in first {
        harness.wait_completed(transfer_id);
    }
    let fired_for = |handle: &EngineHandle| -> Vec<Vec<TransferId>> {
        handle
            .completion_groups()
            .into_iter()
            .filter(|group| {
                group.transfer_group.as_deref() == Some("nightly")
                    && group
                        .firing
                        .as_ref()
                        .is_some_and(|firing| firing.outcome != ActionOutcome::Started)
            })
            .map(|group| group.members)
            .collect()
    };
    wait_until(&harness.handle, "the first batch fired", |handle| {
        fired_for(handle).len() == 1
    });
    assert_eq!(fired_for(&harness.handle), [first.to_vec()]);

    let third = member("/n3.bin");
    harness.wait_completed(third);
    wait_until(&harness.handle, "the second batch fired", |handle| {
        fired_for(handle).len() == 2
    });
    assert_eq!(fired_for(&harness.handle)[1], [third]);
    assert_eq!(lines_of(&record.with_extension("runs")), 2);

    // The group's when-done and both firings are kept in state.ron.
    let when_done = harness.handle.groups()[0].when_done.clone();
    harness.restart();
    assert_eq!(harness.handle.groups()[0].when_done, when_done);
    assert_eq!(fired_for(&harness.handle).len(), 2);
}

/// `ferry get --when-done` says what became of the action after the files
/// it acted on (issue 42, item 15).
#[test]
fn the_action_s_outcome_comes_after_the_saved_lines() {
    let server = file_server();
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    let output = crate::cli::ferry(
        &root.path().join("state"),
        &[
            "get",
            server.url("/ordered.bin").as_str(),
            "-d",
            downloads.to_str().expect("utf-8"),
            "--when-done",
            "run",
            "true",
        ],
    );
    let words = stderr_of(&output);
    assert_eq!(output.status.code(), Some(0), "{words}");
    let saved = words.find("ferry: saved").expect("a saved line");
    let when_done = words.find("ferry: when done").expect("a when-done line");
    assert!(saved < when_done, "{words}");
}
