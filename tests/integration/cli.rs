//! The `ferry` binary as users run it: exit codes, bad input, kill -9 and
//! resume, list, pause/resume/cancel.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::server::{TestServer, serve_bytes};
use crate::support::{ferry_binary, file_names, sha256_hex, test_bytes};

fn ferry(state_dir: &Path, arguments: &[&str]) -> Output {
    Command::new(ferry_binary())
        .arg("--state-dir")
        .arg(state_dir)
        .args(arguments)
        .stdin(Stdio::null())
        .output()
        .expect("run ferry")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn bad_input_exits_2_with_one_line_and_creates_nothing() {
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let downloads_text = downloads.to_string_lossy().into_owned();
    let missing = root.path().join("missing").to_string_lossy().into_owned();
    let cases: Vec<Vec<&str>> = vec![
        vec!["get", "not a url", "-d", &downloads_text],
        vec!["get", "file:///etc/passwd", "-d", &downloads_text],
        vec!["get", "data:,hello", "-d", &downloads_text],
        vec!["get", "javascript:alert(1)", "-d", &downloads_text],
        vec!["get", "ftp://127.0.0.1/file", "-d", &downloads_text],
        vec!["get", "http://127.0.0.1:9/x", "-d", &missing],
        vec!["get", "http://127.0.0.1:9/x", "-d", "/etc/hostname"],
        vec![
            "get",
            "http://127.0.0.1:9/x",
            "-H",
            "no colon here",
            "-d",
            &downloads_text,
        ],
        vec![
            "get",
            "http://127.0.0.1:9/x",
            "--sha256",
            "xyz",
            "-d",
            &downloads_text,
        ],
        vec!["get"],
    ];
    for arguments in cases {
        let output = ferry(&state_dir, &arguments);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{arguments:?}: {}",
            stderr_of(&output)
        );
        let stderr = stderr_of(&output);
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{arguments:?}: {stderr}"
        );
        assert!(stderr.starts_with("ferry: "), "{stderr}");
        assert!(
            !state_dir.exists(),
            "{arguments:?} created the state directory"
        );
        assert!(
            file_names(&downloads).is_empty(),
            "{arguments:?} created a file"
        );
    }
}

/// A bad line of a `-i` list is named by its line number (blank lines and
/// comments count as lines), and nothing is created.
#[test]
fn a_bad_url_in_a_list_is_named_by_its_line() {
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let list = root.path().join("urls.txt");
    std::fs::write(
        &list,
        "http://127.0.0.1:9/a\n\n# a comment\nhttp://127.0.0.1:9/b\nnot a url\n",
    )
    .expect("list");
    let output = ferry(
        &state_dir,
        &[
            "get",
            "-i",
            &list.to_string_lossy(),
            "-d",
            &downloads.to_string_lossy(),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("urls.txt line 5: "), "{stderr}");
    assert!(!state_dir.exists());
    assert!(file_names(&downloads).is_empty());
}

#[test]
fn kill_9_at_any_moment_then_rerun_gives_the_right_file() {
    // About 3 MB/s: a whole run needs ~4 s; checkpoints come every second.
    let body = Arc::new(test_bytes(12_000_000, 40));
    let server = TestServer::start_dripping(&body, "\"k9\"", 32 * 1024, Duration::from_millis(10));
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let url = server.url("/kill/payload.bin").to_string();
    let arguments = [
        "get",
        url.as_str(),
        "-d",
        downloads.to_str().expect("utf-8"),
        "--quiet",
    ];
    let kills = run_and_kill(
        &state_dir,
        &arguments,
        &[1300, 250, 1500, 60, 1200, 700],
        || {
            assert_state_never_claims_unwritten_bytes(&state_dir, &downloads);
        },
    );
    assert!(kills >= 3, "only {kills} kills landed mid-download");
    let started = Instant::now();
    let output = loop {
        let output = ferry(&state_dir, &arguments);
        if output.status.code() == Some(0) || started.elapsed() > Duration::from_secs(60) {
            break output;
        }
    };
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(file_names(&downloads), vec!["payload.bin"]);
    let saved = std::fs::read(downloads.join("payload.bin")).expect("file");
    assert_eq!(sha256_hex(&saved), sha256_hex(&body));
    let resumed_requests = server
        .requests()
        .iter()
        .filter(|request| request.header("range").is_some())
        .count();
    assert!(resumed_requests >= 1, "re-runs resumed by range");
}

/// Runs `ferry ARGUMENTS` once per delay and kills it with SIGKILL after
/// that many milliseconds if it still runs, checking the state after each
/// run. Returns how many kills landed mid-run.
fn run_and_kill(
    state_dir: &Path,
    arguments: &[&str],
    delays_ms: &[u64],
    check_after_each: impl Fn(),
) -> usize {
    let mut kills = 0;
    for delay in delays_ms {
        let mut child = Command::new(ferry_binary())
            .arg("--state-dir")
            .arg(state_dir)
            .args(arguments)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn ferry");
        std::thread::sleep(Duration::from_millis(*delay));
        if child.try_wait().expect("wait").is_none() {
            child.kill().expect("SIGKILL");
            kills += 1;
        }
        child.wait().expect("reap");
        check_after_each();
    }
    kills
}

/// After a kill, the state never claims more durable bytes than the `.part`
/// file holds (offsets are persisted only after the bytes are flushed).
fn assert_state_never_claims_unwritten_bytes(state_dir: &Path, downloads: &Path) {
    let Ok(loaded) = ferry::store::read_state(state_dir) else {
        return;
    };
    for transfer in &loaded.state.transfers {
        let Some(path) = &transfer.file_path else {
            continue;
        };
        if transfer.status == ferry::model::Status::Completed {
            continue;
        }
        let part = ferry::engine::file_name::part_path(path);
        let on_disk = std::fs::metadata(&part)
            .map(|metadata| metadata.len())
            .unwrap_or(0);
        assert!(
            transfer.bytes_on_disk() <= on_disk,
            "state claims {} bytes, {} has {on_disk}",
            transfer.bytes_on_disk(),
            part.display()
        );
        assert!(part.starts_with(downloads));
    }
}

/// A transfer stopped by SIGTERM (or the window's "Pause and quit") is
/// not "queued" while no ferry runs: nothing would run it.
#[test]
fn a_transfer_stopped_by_sigterm_is_listed_as_stopped_not_queued() {
    let body = Arc::new(test_bytes(3_000_000, 42));
    let server = TestServer::start_dripping(&body, "\"st\"", 16 * 1024, Duration::from_millis(10));
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let url = server.url("/term/one.bin").to_string();
    let downloads_text = downloads.to_string_lossy().into_owned();
    let mut child = Command::new(ferry_binary())
        .arg("--state-dir")
        .arg(&state_dir)
        .args([
            "get",
            url.as_str(),
            "-d",
            downloads_text.as_str(),
            "--quiet",
        ])
        .stdin(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(700));
    let terminated = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(terminated.success());
    let status = child.wait().expect("reap");
    assert_eq!(status.code(), Some(1));

    let listed = ferry(&state_dir, &["list"]);
    let table = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(table.contains("stopped until ferry runs"), "{table}");
    assert!(!table.contains("queued"), "{table}");
    let listed = ferry(&state_dir, &["list", "--json"]);
    let transfers: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(transfers[0]["status_words"], "stopped until ferry runs");
}

#[test]
fn list_pause_resume_and_cancel_from_the_command_line() {
    let body = Arc::new(test_bytes(3_000_000, 41));
    let server = TestServer::start_dripping(&body, "\"ls\"", 16 * 1024, Duration::from_millis(10));
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let url = server.url("/list/one.bin").to_string();
    let downloads_text = downloads.to_string_lossy().into_owned();
    let mut child = Command::new(ferry_binary())
        .arg("--state-dir")
        .arg(&state_dir)
        .args([
            "get",
            url.as_str(),
            "-d",
            downloads_text.as_str(),
            "--quiet",
        ])
        .stdin(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(700));

    // While it runs: list works, a second writer is refused clearly.
    let listed = ferry(&state_dir, &["list", "--json"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_of(&listed));
    let transfers: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(transfers[0]["status"], "Running");
    let transfer_id = transfers[0]["id"].as_str().expect("id").to_owned();
    let refused = ferry(&state_dir, &["pause", &transfer_id[..6]]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr_of(&refused).contains("another ferry process"),
        "{}",
        stderr_of(&refused)
    );
    child.kill().expect("kill");
    child.wait().expect("reap");

    let listed = ferry(&state_dir, &["list"]);
    let table = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(table.contains("interrupted"), "{table}");
    assert!(table.contains("one.bin"), "{table}");

    let paused = ferry(&state_dir, &["pause", &transfer_id[..6]]);
    assert_eq!(paused.status.code(), Some(0), "{}", stderr_of(&paused));
    let listed = ferry(&state_dir, &["list", "--json"]);
    let transfers: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(transfers[0]["status"], "PausedByApplication");

    let resumed = ferry(&state_dir, &["resume", &transfer_id]);
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr_of(&resumed));
    assert_eq!(
        std::fs::read(downloads.join("one.bin")).expect("file"),
        *body
    );

    let canceled = ferry(&state_dir, &["cancel", &transfer_id]);
    assert_eq!(
        canceled.status.code(),
        Some(2),
        "a completed transfer cannot be canceled"
    );
    let unknown = ferry(&state_dir, &["pause", "ffffffffffff"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn failed_download_exits_1() {
    let server = TestServer::start(|_, _| crate::support::server::Reply::status(404));
    let root = tempfile::tempdir().expect("dir");
    let url = server.url("/nothing.bin").to_string();
    let output = ferry(
        &root.path().join("state"),
        &[
            "get",
            url.as_str(),
            "-d",
            root.path().to_str().expect("utf-8"),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("404"), "{stderr}");
    assert!(!root.path().join("nothing.bin").exists());
}

#[test]
fn urls_from_a_list_file_all_download() {
    let server = TestServer::start(|request, _| {
        let body = request.path.as_bytes().to_vec();
        serve_bytes(request, &body, None)
    });
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let list = root.path().join("urls.txt");
    let urls: Vec<String> = (0..12)
        .map(|index| server.url(&format!("/many/f{index}.txt")).to_string())
        .collect();
    std::fs::write(&list, format!("# my list\n{}\n\n", urls.join("\n"))).expect("list");
    let output = ferry(
        &root.path().join("state"),
        &[
            "get",
            "-i",
            list.to_str().expect("utf-8"),
            "-d",
            downloads.to_str().expect("utf-8"),
            "-q",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(file_names(&downloads).len(), 12);
    assert_eq!(
        std::fs::read(downloads.join("f7.txt")).expect("file"),
        b"/many/f7.txt"
    );
}

#[test]
fn running_the_same_get_again_after_success_downloads_nothing() {
    let server = TestServer::start(|request, _| serve_bytes(request, b"once", Some("\"o\"")));
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let url = server.url("/once.txt").to_string();
    let folder = root.path().to_str().expect("utf-8").to_owned();
    let arguments = ["get", url.as_str(), "-d", folder.as_str()];
    assert_eq!(ferry(&state_dir, &arguments).status.code(), Some(0));
    let again = ferry(&state_dir, &arguments);
    assert_eq!(again.status.code(), Some(0), "{}", stderr_of(&again));
    assert_eq!(server.requests().len(), 1);
    // Once the file is gone, the same command downloads it again.
    std::fs::remove_file(root.path().join("once.txt")).expect("remove");
    assert_eq!(ferry(&state_dir, &arguments).status.code(), Some(0));
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        std::fs::read(root.path().join("once.txt")).expect("file"),
        b"once"
    );
}

#[test]
fn kill_9_of_a_segmented_download_then_rerun_gives_the_right_file() {
    // Four connections of about 1.6 MB/s each: a run needs ~2 s.
    let body = Arc::new(test_bytes(12_000_000, 42));
    let server = TestServer::start_dripping(&body, "\"k4\"", 16 * 1024, Duration::from_millis(10));
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let url = server.url("/kill/segments.bin").to_string();
    let arguments = [
        "get",
        url.as_str(),
        "-c",
        "4",
        "-d",
        downloads.to_str().expect("utf-8"),
        "--quiet",
    ];
    let kills = run_and_kill(&state_dir, &arguments, &[900, 300, 1100, 500], || {
        assert_durable_ranges_hold_the_right_bytes(&state_dir, &body);
    });
    assert!(kills >= 2, "only {kills} kills landed mid-download");
    let output = ferry(&state_dir, &arguments);
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(file_names(&downloads), vec!["segments.bin"]);
    let saved = std::fs::read(downloads.join("segments.bin")).expect("file");
    assert_eq!(sha256_hex(&saved), sha256_hex(&body));
    let starts: std::collections::HashSet<String> = server
        .requests()
        .iter()
        .filter_map(|request| request.header("range").map(str::to_owned))
        .collect();
    // The first connection asks without a range; the other three each
    // asked for their own share at least.
    assert!(
        starts.len() >= 3,
        "several segments were asked for: {starts:?}"
    );
}

/// After a kill, every byte range the state calls durable holds exactly the
/// server's bytes in the `.part` file.
fn assert_durable_ranges_hold_the_right_bytes(state_dir: &Path, body: &[u8]) {
    let Ok(loaded) = ferry::store::read_state(state_dir) else {
        return;
    };
    for transfer in &loaded.state.transfers {
        let Some(path) = &transfer.file_path else {
            continue;
        };
        let file = if transfer.status == ferry::model::Status::Completed {
            path.clone()
        } else {
            ferry::engine::file_name::part_path(path)
        };
        let on_disk = std::fs::read(&file).unwrap_or_default();
        for range in &transfer.ranges {
            let (start, end) = (range.start as usize, range.end as usize);
            assert!(
                end <= on_disk.len(),
                "state claims {range:?}, {} has {}",
                file.display(),
                on_disk.len()
            );
            assert!(
                on_disk[start..end] == body[start..end],
                "wrong bytes in durable range {range:?}"
            );
        }
    }
}

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
    assert_eq!(words, vec!["nightly", "serialized", "1", "0"]);
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

/// `ferry get` with the system's roots replaced by `roots` (a PEM file), or
/// with the system's own roots when `None`.
fn ferry_with_roots(state_dir: &Path, roots: Option<&Path>, arguments: &[&str]) -> Output {
    let mut command = Command::new(ferry_binary());
    command
        .arg("--state-dir")
        .arg(state_dir)
        .args(arguments)
        .stdin(Stdio::null())
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR");
    if let Some(roots) = roots {
        command.env("SSL_CERT_FILE", roots);
    }
    command.output().expect("run ferry")
}

#[test]
fn https_downloads_are_checked_against_the_system_roots() {
    let (server, certificate) =
        TestServer::start_https(|request, _| serve_bytes(request, b"sent over TLS", None));
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let downloads_text = downloads.to_string_lossy().into_owned();
    let url = server.url("/secret.txt").to_string();

    // No root vouches for the server's certificate: refused, nothing saved.
    let refused = ferry_with_roots(
        &root.path().join("state-refused"),
        None,
        &["get", &url, "-d", &downloads_text, "--quiet"],
    );
    assert_eq!(refused.status.code(), Some(1), "{}", stderr_of(&refused));
    assert!(
        stderr_of(&refused).contains("not trusted"),
        "{}",
        stderr_of(&refused)
    );
    assert!(file_names(&downloads).is_empty());

    // With the certificate among the roots (a private CA), it downloads.
    let trusted = root.path().join("roots.pem");
    std::fs::write(&trusted, certificate).expect("write roots");
    let saved = ferry_with_roots(
        &root.path().join("state-trusted"),
        Some(&trusted),
        &["get", &url, "-d", &downloads_text, "--quiet"],
    );
    assert_eq!(saved.status.code(), Some(0), "{}", stderr_of(&saved));
    assert_eq!(
        std::fs::read(downloads.join("secret.txt")).expect("read"),
        b"sent over TLS"
    );
}

/// `--ca-cert FILE` trusts a private CA besides the system's roots; a file
/// that is not a certificate is a clear error before anything starts.
#[test]
fn a_private_ca_given_with_ca_cert_is_trusted_besides_the_system_roots() {
    let (server, certificate) =
        TestServer::start_https(|request, _| serve_bytes(request, b"private CA", None));
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let downloads_text = downloads.to_string_lossy().into_owned();
    let url = server.url("/private.txt").to_string();
    let ca = root.path().join("ca.pem");
    std::fs::write(&ca, certificate).expect("write ca");
    let not_a_certificate = root.path().join("notes.txt");
    std::fs::write(&not_a_certificate, "just words\n").expect("write");

    let state_dir = root.path().join("state");
    for bad in [&not_a_certificate, &root.path().join("missing.pem")] {
        let refused = ferry_with_roots(
            &state_dir,
            None,
            &[
                "get",
                &url,
                "-d",
                &downloads_text,
                "--ca-cert",
                &bad.to_string_lossy(),
                "--quiet",
            ],
        );
        assert_eq!(refused.status.code(), Some(2), "{}", stderr_of(&refused));
        let words = stderr_of(&refused);
        assert_eq!(words.lines().count(), 1, "{words}");
        assert!(words.contains("cannot use the CA certificate"), "{words}");
        assert!(file_names(&downloads).is_empty());
    }

    let saved = ferry_with_roots(
        &state_dir,
        None,
        &[
            "get",
            &url,
            "-d",
            &downloads_text,
            "--ca-cert",
            &ca.to_string_lossy(),
            "--quiet",
        ],
    );
    assert_eq!(saved.status.code(), Some(0), "{}", stderr_of(&saved));
    assert_eq!(
        std::fs::read(downloads.join("private.txt")).expect("read"),
        b"private CA"
    );
}

fn ferry_without_display(binary: &Path, state_dir: &Path) -> Output {
    Command::new(binary)
        .arg("--state-dir")
        .arg(state_dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .stdin(Stdio::null())
        .output()
        .expect("run ferry")
}

#[test]
fn ferry_without_a_command_hands_over_to_the_window_binary() {
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let output = ferry_without_display(&ferry_binary(), &state_dir);
    // Without a display the window binary says it cannot open the window,
    // after opening the state in the folder given to `ferry`: so `ferry`
    // started it, with the same --state-dir.
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot open the window"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(state_dir.join("state.lock").is_file());
}

#[test]
fn ferry_without_the_window_binary_beside_it_says_so_and_changes_nothing() {
    let root = tempfile::tempdir().expect("dir");
    let alone = root.path().join("ferry");
    if std::fs::hard_link(ferry_binary(), &alone).is_err() {
        std::fs::copy(ferry_binary(), &alone).expect("copy ferry");
    }
    let state_dir = root.path().join("state");
    let output = ferry_without_display(&alone, &state_dir);
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let missing = root.path().join("ferry-window");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "ferry: the window is not installed: {} is missing (scripts/setup.sh installs it beside ferry)",
            missing.display()
        )
    );
    assert!(!state_dir.exists());
}
