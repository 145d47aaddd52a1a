//! The `ferry` binary as users run it: exit codes, bad input, kill -9 and
//! resume, list, pause/resume/cancel.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::Duration;

use crate::support::server::{TestServer, serve_bytes};
use crate::support::{ferry_binary, file_names, spawn_ferry, test_bytes};

mod languages;
mod saved_state;

/// Runs ferry on `state_dir`, away from the person's session bus (their
/// notifications, their keyring).
pub(crate) fn ferry(state_dir: &Path, arguments: &[&str]) -> Output {
    Command::new(ferry_binary())
        .arg("--state-dir")
        .arg(state_dir)
        .args(arguments)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(Stdio::null())
        .output()
        .expect("run ferry")
}

pub(crate) fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn bad_input_exits_2_with_one_line_and_creates_nothing() {
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let downloads_text = downloads.to_string_lossy().into_owned();
    let long_url = format!("http://127.0.0.1:9/{}", "a".repeat(100_000));
    let cases: Vec<Vec<&str>> = vec![
        vec!["get", "not a url", "-d", &downloads_text],
        vec!["get", "file:///etc/passwd", "-d", &downloads_text],
        vec!["get", "data:,hello", "-d", &downloads_text],
        vec!["get", "javascript:alert(1)", "-d", &downloads_text],
        vec!["get", "gopher://127.0.0.1/file", "-d", &downloads_text],
        vec!["get", "http://127.0.0.1:9/x", "-d", "/etc/hostname"],
        vec!["get", "http://127.0.0.1:9/x", "-d", "/etc/hostname/sub"],
        vec!["get", "127.0.0.1:9/x", "-d", &downloads_text],
        vec!["get", "example.org/x.iso", "-d", &downloads_text],
        vec!["get", &long_url, "-d", &downloads_text],
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
        vec![
            "get",
            "http://127.0.0.1:9/x",
            "-d",
            &downloads_text,
            "--when-done",
            "run",
            "no-such-ferry-action",
        ],
        vec![
            "add",
            "http://127.0.0.1:9/x",
            "-d",
            &downloads_text,
            "--when-done",
            "email",
        ],
        vec![
            "get",
            "http://127.0.0.1:9/x",
            "-d",
            &downloads_text,
            "--when-done",
            "notify",
            "--quiet",
        ],
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
    let mut child = spawn_ferry(
        &state_dir,
        &[
            "get",
            url.as_str(),
            "-d",
            downloads_text.as_str(),
            "--quiet",
        ],
    );
    crate::support::wait_until_saved(&state_dir, |transfer| {
        transfer.status == ferry::model::Status::Running
            && transfer.progress.total_bytes_to_receive.is_some()
    });
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
    // What Windows' progress and response show, for scripts too.
    assert_eq!(transfers[0]["priority"], "default");
    assert_eq!(transfers[0]["restarts"], 0);
    assert_eq!(transfers[0]["has_response_changed"], false);
    assert_eq!(transfers[0]["response"]["status_code"], 200);
    assert_eq!(transfers[0]["response"]["is_resumable"], true);
    assert!(
        transfers[0]["response"]["actual_url"]
            .as_str()
            .is_some_and(|url| url.starts_with("http://127.0.0.1:"))
    );
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
    let mut child = spawn_ferry(
        &state_dir,
        &[
            "get",
            url.as_str(),
            "-d",
            downloads_text.as_str(),
            "--quiet",
        ],
    );
    crate::support::wait_until_saved(&state_dir, |transfer| {
        transfer.status == ferry::model::Status::Running
    });
    crate::support::wait_until_served(&state_dir);

    // While it runs: list sees it live, over the socket `get` serves.
    let listed = ferry(&state_dir, &["list", "--json"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_of(&listed));
    let transfers: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(transfers[0]["status"], "Running");
    let transfer_id = transfers[0]["id"].as_str().expect("id").to_owned();
    child.kill().expect("kill");
    child.wait().expect("reap");

    let listed = ferry(&state_dir, &["list"]);
    let table = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(table.contains("interrupted"), "{table}");
    assert!(table.contains("one.bin"), "{table}");

    // The same command again; `pause` reaches it over its socket and the
    // get ends, its transfer paused.
    let mut child = spawn_ferry(
        &state_dir,
        &[
            "get",
            url.as_str(),
            "-d",
            downloads_text.as_str(),
            "--quiet",
        ],
    );
    crate::support::wait_until_saved(&state_dir, |transfer| {
        transfer.status == ferry::model::Status::Running
    });
    crate::support::wait_until_served(&state_dir);
    let paused = ferry(&state_dir, &["pause", &transfer_id[..6]]);
    assert_eq!(paused.status.code(), Some(0), "{}", stderr_of(&paused));
    assert_eq!(child.wait().expect("reap").code(), Some(1));
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
    // Without a display the window binary says there is no graphical
    // session, and starts nothing (issue 42, item 10).
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no graphical session here"), "{stderr}");
    assert!(stderr.contains("ferry get URL"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!state_dir.join("state.lock").exists());
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

// `ferry schedule | true` and `ferry policy | true` panicked with exit
// 101: they wrote with print!, which panics on a closed pipe (print! is
// now refused by clippy.toml).
#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    let root = tempfile::tempdir().expect("dir");
    for arguments in [&["schedule"][..], &["policy"][..], &["list"][..]] {
        let mut child = Command::new(ferry_binary())
            .arg("--state-dir")
            .arg(root.path().join("state"))
            .args(arguments)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("wait");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{arguments:?}: {}",
            stderr_of(&output)
        );
    }
}

/// `ferry limit` alone shows the limits; `-d` creates its folders; a URL
/// without a scheme or far too long is told plainly (issue 42, item 12).
#[test]
fn small_conveniences_of_the_command_line() {
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let shown = ferry(&state_dir, &["limit"]);
    assert_eq!(shown.status.code(), Some(0), "{}", stderr_of(&shown));
    let text = String::from_utf8_lossy(&shown.stdout).into_owned();
    assert!(text.contains("download limit: unlimited"), "{text}");
    let set = ferry(&state_dir, &["limit", "2M"]);
    assert_eq!(set.status.code(), Some(0), "{}", stderr_of(&set));
    let shown = ferry(&state_dir, &["limit"]);
    let text = String::from_utf8_lossy(&shown.stdout).into_owned();
    assert!(text.contains("download limit: 2.00 MiB/s"), "{text}");
    let lifted = ferry(&state_dir, &["limit", "off"]);
    assert_eq!(lifted.status.code(), Some(0), "{}", stderr_of(&lifted));
    let quit = ferry(&state_dir, &["quit"]);
    assert_eq!(quit.status.code(), Some(0), "{}", stderr_of(&quit));

    let body = Arc::new(test_bytes(10_000, 5));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, None));
    let nested = root.path().join("new/sub");
    let fetched = ferry(
        &root.path().join("state-get"),
        &[
            "get",
            server.url("/made.bin").as_str(),
            "-d",
            nested.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(fetched.status.code(), Some(0), "{}", stderr_of(&fetched));
    assert_eq!(std::fs::read(nested.join("made.bin")).expect("file"), *body);

    let schemeless = ferry(&state_dir, &["get", "example.org/x.iso"]);
    assert!(
        stderr_of(&schemeless).contains("write https://example.org/x.iso"),
        "{}",
        stderr_of(&schemeless)
    );
    let long = format!("http://127.0.0.1:9/{}", "a".repeat(100_000));
    let refused = ferry(&state_dir, &["get", &long]);
    let words = stderr_of(&refused);
    assert!(words.contains("ferry takes URLs of up to"), "{words}");
    assert!(words.len() < 400, "the URL is not printed whole: {words}");
}

/// `--sha256` takes a checksum file as published beside downloads and
/// uses the line for the file; a file that does not match is kept as
/// NAME.corrupt, and ferry says so (issue 42, item 9).
#[test]
fn sha256_takes_a_sums_file_and_a_mismatch_is_kept_aside() {
    let root = tempfile::tempdir().expect("dir");
    let body = Arc::new(test_bytes(300_000, 17));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, None));
    let downloads = root.path().join("downloads");
    let sums = root.path().join("SHA256SUMS");
    std::fs::write(
        &sums,
        format!(
            "{}  other.iso\n{} *disk.iso\n",
            "0".repeat(64),
            crate::support::sha256_hex(&body)
        ),
    )
    .expect("sums");
    let good = ferry(
        &root.path().join("state"),
        &[
            "get",
            server.url("/disk.iso").as_str(),
            "-d",
            downloads.to_str().expect("utf-8"),
            "--sha256",
            sums.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(good.status.code(), Some(0), "{}", stderr_of(&good));
    assert_eq!(
        std::fs::read(downloads.join("disk.iso")).expect("file"),
        *body
    );

    let bad = ferry(
        &root.path().join("state"),
        &[
            "get",
            server.url("/other.iso").as_str(),
            "-d",
            downloads.to_str().expect("utf-8"),
            "--sha256",
            sums.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(bad.status.code(), Some(1), "{}", stderr_of(&bad));
    assert!(
        stderr_of(&bad).contains("other.iso.corrupt"),
        "{}",
        stderr_of(&bad)
    );
    assert!(!downloads.join("other.iso").exists());
    assert_eq!(
        std::fs::read(downloads.join("other.iso.corrupt")).expect("kept"),
        *body
    );

    let missing = ferry(
        &root.path().join("state"),
        &[
            "get",
            server.url("/third.iso").as_str(),
            "--sha256",
            sums.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(missing.status.code(), Some(2), "{}", stderr_of(&missing));
    assert!(
        stderr_of(&missing).contains("no line for third.iso"),
        "{}",
        stderr_of(&missing)
    );
}

/// `--sha256 URL` reads the checksum file at that URL and `--sha256 auto`
/// the one beside the download (NAME.sha256); a missing one is said before
/// anything starts (issue 42, item 9).
#[test]
fn sha256_from_a_url_or_beside_the_download() {
    let root = tempfile::tempdir().expect("dir");
    let body = Arc::new(test_bytes(100_000, 23));
    let hash = crate::support::sha256_hex(&body);
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| match request.path.as_str() {
        "/pub/SHA256SUMS" => {
            serve_bytes(request, format!("{hash}  tool.tar.gz\n").as_bytes(), None)
        }
        "/pub/tool.tar.gz.sha256" => serve_bytes(request, format!("{hash}\n").as_bytes(), None),
        "/pub/tool.tar.gz" | "/pub/lonely.bin" => serve_bytes(request, &served, None),
        _ => crate::support::server::Reply::status(404),
    });
    let downloads = root.path().join("downloads");
    let get = |url: &str, sha256: &str, state: &str| {
        ferry(
            &root.path().join(state),
            &[
                "get",
                url,
                "-d",
                downloads.to_str().expect("utf-8"),
                "--sha256",
                sha256,
            ],
        )
    };
    let sums_url = server.url("/pub/SHA256SUMS");
    let by_url = get(
        server.url("/pub/tool.tar.gz").as_str(),
        sums_url.as_str(),
        "s1",
    );
    assert_eq!(by_url.status.code(), Some(0), "{}", stderr_of(&by_url));
    std::fs::remove_file(downloads.join("tool.tar.gz")).expect("rm");
    let auto = get(server.url("/pub/tool.tar.gz").as_str(), "auto", "s2");
    assert_eq!(auto.status.code(), Some(0), "{}", stderr_of(&auto));
    assert_eq!(
        std::fs::read(downloads.join("tool.tar.gz")).expect("file"),
        *body
    );
    let missing = get(server.url("/pub/lonely.bin").as_str(), "auto", "s3");
    assert_eq!(missing.status.code(), Some(2), "{}", stderr_of(&missing));
    assert!(
        stderr_of(&missing).contains("lonely.bin.sha256"),
        "{}",
        stderr_of(&missing)
    );
    assert!(!downloads.join("lonely.bin").exists());
}
