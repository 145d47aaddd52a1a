//! Commands that change the saved state: groups, limits, the schedule,
//! a transfer's options, removing and clearing.

// The command line's test helpers and imports, as `mod.rs` has them.
use super::*;

#[test]
fn group_add_list_and_get_into_a_group() {
    let body = Arc::new(test_bytes(30_000, 9));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"g\"")));
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let added = ferry(&state_dir, &["group", "add", "nightly", "--serialized"]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr_of(&added));
    let bad = ferry(&state_dir, &["group", "add", " "]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(stderr_of(&bad).lines().count(), 1, "{}", stderr_of(&bad));
    let url = server.url("/member.bin").to_string();
    let got = ferry(
        &state_dir,
        &[
            "get",
            url.as_str(),
            "--group",
            "nightly",
            "-d",
            downloads.to_str().expect("utf-8"),
            "--quiet",
        ],
    );
    assert_eq!(got.status.code(), Some(0), "{}", stderr_of(&got));
    let listed = ferry(&state_dir, &["group", "list"]);
    let table = String::from_utf8_lossy(&listed.stdout).into_owned();
    let row = table
        .lines()
        .find(|line| line.starts_with("nightly"))
        .unwrap_or_else(|| panic!("no nightly row in {table}"));
    let words: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(words, vec!["nightly", "serialized", "1", "0", "–"]);

    // Deleted: the group is gone, its transfer stays, in no group.
    let removed = ferry(&state_dir, &["group", "remove", "nightly"]);
    assert_eq!(removed.status.code(), Some(0), "{}", stderr_of(&removed));
    let listed = ferry(&state_dir, &["group", "list"]);
    assert!(
        stderr_of(&listed).contains("no groups yet"),
        "{}",
        stderr_of(&listed)
    );
    let state = std::fs::read_to_string(state_dir.join("state.ron")).expect("state");
    assert!(!state.contains("nightly"), "{state}");
    let transfers = ferry(&state_dir, &["list", "--json"]);
    let transfers: serde_json::Value = serde_json::from_slice(&transfers.stdout).expect("json");
    assert_eq!(transfers.as_array().map(Vec::len), Some(1));
    let again = ferry(&state_dir, &["group", "remove", "nightly"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr_of(&again).contains("there is no group"),
        "{}",
        stderr_of(&again)
    );
}

#[test]
fn limit_sets_the_saved_global_rate_and_refuses_nonsense() {
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let set = ferry(&state_dir, &["limit", "2M"]);
    assert_eq!(set.status.code(), Some(0), "{}", stderr_of(&set));
    assert!(
        stderr_of(&set).contains("2.00 MiB/s"),
        "{}",
        stderr_of(&set)
    );
    let saved = std::fs::read_to_string(state_dir.join("state.ron")).expect("state");
    assert!(saved.contains("download_limit:Some(2097152)"), "{saved}");
    let bad = ferry(&state_dir, &["limit", "fast"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(stderr_of(&bad).lines().count(), 1, "{}", stderr_of(&bad));
    let unchanged = std::fs::read_to_string(state_dir.join("state.ron")).expect("state");
    assert_eq!(unchanged, saved);
    let off = ferry(&state_dir, &["limit", "off"]);
    assert_eq!(off.status.code(), Some(0));
    assert!(stderr_of(&off).contains("unlimited"));
}

#[test]
fn schedule_windows_are_added_shown_saved_and_bad_ones_change_nothing() {
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let stdout_of = |output: &Output| String::from_utf8_lossy(&output.stdout).into_owned();
    let office = ferry(
        &state_dir,
        &["schedule", "limit", "mon-fri 08:00-18:00", "1M"],
    );
    assert_eq!(office.status.code(), Some(0), "{}", stderr_of(&office));
    let nights = ferry(&state_dir, &["schedule", "only", "22:00-06:00"]);
    assert_eq!(nights.status.code(), Some(0), "{}", stderr_of(&nights));
    let saved = std::fs::read_to_string(state_dir.join("state.ron")).expect("state");
    for bad in [
        vec!["schedule", "only", "25:00-01:00"],
        vec!["schedule", "limit", "funday 08:00-09:00", "1M"],
        vec!["schedule", "limit", "08:00-09:00", "fast"],
    ] {
        let refused = ferry(&state_dir, &bad);
        assert_eq!(refused.status.code(), Some(2), "{bad:?}");
        assert_eq!(
            stderr_of(&refused).lines().count(),
            1,
            "{}",
            stderr_of(&refused)
        );
        let unchanged = std::fs::read_to_string(state_dir.join("state.ron")).expect("state");
        assert_eq!(unchanged, saved, "{bad:?} changed the state");
    }
    let shown = stdout_of(&ferry(&state_dir, &["schedule"]));
    assert_eq!(
        shown,
        "limit mon-fri 08:00-18:00: 1.00 MiB/s\nonly between daily 22:00-06:00\n"
    );
    let cleared = ferry(&state_dir, &["schedule", "clear"]);
    assert_eq!(cleared.status.code(), Some(0));
    assert!(stdout_of(&ferry(&state_dir, &["schedule"])).starts_with("no schedule"));
}

/// `ferry set ID` changes a saved transfer's priority, cost policy and
/// limit (issue 32, item 2); a bad value changes nothing.
#[test]
fn set_changes_a_saved_transfers_options() {
    let server = TestServer::start(|_, _| crate::support::server::Reply::status(503));
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let url = server.url("/later.bin").to_string();
    let downloads_text = downloads.to_string_lossy().into_owned();
    let mut child = spawn_ferry(&state_dir, &["get", &url, "-d", &downloads_text, "--quiet"]);
    crate::support::wait_until_saved(&state_dir, |_| true);
    child.kill().expect("kill");
    child.wait().expect("reap");
    let output = ferry(&state_dir, &["list", "--json"]);
    let transfers: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let transfer_id = transfers[0]["id"].as_str().expect("id").to_owned();
    // What is saved: state.ron with its journal, as any reader sees it.
    let saved = || {
        ferry::store::read_state(&state_dir)
            .expect("state")
            .state
            .transfers
            .remove(0)
            .spec
    };

    for bad in [
        vec!["set", &transfer_id[..]],
        vec!["set", &transfer_id[..], "--limit-rate", "fast"],
    ] {
        let refused = ferry(&state_dir, &bad);
        assert_eq!(
            refused.status.code(),
            Some(2),
            "{bad:?}: {}",
            stderr_of(&refused)
        );
    }
    assert_eq!(saved().priority, ferry::model::Priority::Default);

    let changed = ferry(
        &state_dir,
        &[
            "set",
            &transfer_id[..6],
            "--priority",
            "high",
            "--cost-policy",
            "always",
            "--limit-rate",
            "1M",
        ],
    );
    assert_eq!(changed.status.code(), Some(0), "{}", stderr_of(&changed));
    let spec = saved();
    assert_eq!(spec.priority, ferry::model::Priority::High);
    assert_eq!(spec.cost_policy, ferry::model::CostPolicy::Always);
    assert_eq!(spec.max_bytes_per_second, Some(1_048_576));
}

/// `ferry remove ID` and `ferry clear` take ended transfers off the list;
/// finished files stay on disk.
#[test]
fn remove_and_clear_take_transfers_off_the_list_and_keep_files() {
    let server = TestServer::start(|request, _| {
        if request.path == "/keep/gone.bin" {
            crate::support::server::Reply::status(404)
        } else {
            serve_bytes(request, b"kept bytes", None)
        }
    });
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let downloads_text = downloads.to_string_lossy().into_owned();
    for name in ["a.bin", "b.bin", "gone.bin"] {
        let url = server.url(&format!("/keep/{name}")).to_string();
        ferry(&state_dir, &["get", &url, "-d", &downloads_text, "--quiet"]);
    }
    let listed = || -> Vec<(String, String)> {
        let output = ferry(&state_dir, &["list", "--json"]);
        let transfers: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
        transfers
            .as_array()
            .expect("array")
            .iter()
            .map(|transfer| {
                (
                    transfer["id"].as_str().expect("id").to_owned(),
                    transfer["status"].as_str().expect("status").to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(listed().len(), 3);

    let nothing_said = ferry(&state_dir, &["clear"]);
    assert_eq!(nothing_said.status.code(), Some(2));
    assert_eq!(listed().len(), 3);

    let cleared = ferry(&state_dir, &["clear", "--failed"]);
    assert_eq!(cleared.status.code(), Some(0), "{}", stderr_of(&cleared));
    assert!(stderr_of(&cleared).contains("cleared 1 transfer"));
    let left = listed();
    assert_eq!(left.len(), 2);
    assert!(left.iter().all(|(_, status)| status == "Completed"));

    let removed = ferry(&state_dir, &["remove", &left[0].0[..6]]);
    assert_eq!(removed.status.code(), Some(0), "{}", stderr_of(&removed));
    assert_eq!(listed().len(), 1);
    let cleared = ferry(&state_dir, &["clear", "--completed"]);
    assert_eq!(cleared.status.code(), Some(0), "{}", stderr_of(&cleared));
    assert!(listed().is_empty());
    assert_eq!(file_names(&downloads), vec!["a.bin", "b.bin"]);
}
