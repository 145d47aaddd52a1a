//! Secrets never touch disk in clear, and what ferry keeps is the user's
//! alone: a password in the URL, custom header values, the modes of the
//! state folder and its files.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ferry::model::Status;

use crate::support::keyring::SecretService;
use crate::support::server::{RecordedRequest, Reply, TestServer, serve_bytes};
use crate::support::service::ServiceFolder;
use crate::support::{files_holding, test_bytes, wait_until_saved};

const PASSWORD: &str = "s3cr3t-pw";
const API_KEY: &str = "TOPSECRET-KEY-41";
const PRIVATE_TOKEN: &str = "PRIVATE-TOKEN-97";

/// The request carries ana's password ("ana:s3cr3t-pw" in Basic form)
/// and the API key.
fn is_ana_with_the_key(request: &RecordedRequest) -> bool {
    request.header("authorization") == Some("Basic YW5hOnMzY3IzdC1wdw==")
        && request.header("x-api-key") == Some(API_KEY)
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).expect("metadata").mode() & 0o777
}

// `ferry get http://ana:secret@HOST/f -H 'X-Api-Key: …'` wrote the
// password (in the URL) and the key into state.ron and its backup.
#[test]
fn a_password_in_the_url_and_secret_headers_never_reach_the_state_folder() {
    let body = Arc::new(test_bytes(200_000, 31));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| {
        if !is_ana_with_the_key(request) {
            return Reply::status(401).with_header("WWW-Authenticate", "Basic realm=\"files\"");
        }
        serve_bytes(request, &served, Some("\"k1\""))
    });
    let folder = ServiceFolder::new();
    let url = server.url("/protected.bin").as_str().replacen(
        "http://",
        &format!("http://ana:{PASSWORD}@"),
        1,
    );
    folder.add_with(&[
        &url,
        "-H",
        &format!("X-Api-Key: {API_KEY}"),
        "-H",
        &format!("Private-Token: {PRIVATE_TOKEN}"),
        "-H",
        "User-Agent: ferry-test-agent",
    ]);
    let saved = wait_until_saved(&folder.state_dir(), |transfer| {
        transfer.status == Status::Completed
    });
    assert_eq!(
        std::fs::read(folder.downloads().join("protected.bin")).expect("downloaded"),
        *body
    );
    assert!(
        !saved.spec.url.as_str().contains("ana"),
        "the URL kept holds no user info: {}",
        saved.spec.url
    );
    // A second save makes the backup: it must be as clean.
    let listed = folder.ferry(&["list", "--json"]);
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    for secret in [PASSWORD, API_KEY, PRIVATE_TOKEN] {
        assert_eq!(
            files_holding(&folder.state_dir(), secret),
            Vec::<String>::new(),
            "{secret} is on disk"
        );
        assert!(!listed.contains(secret), "{secret} in ferry list --json");
    }
    // A plainly public header is kept, so the transfer needs nothing back
    // for it after a restart.
    assert!(
        saved
            .spec
            .request_headers
            .iter()
            .any(|header| header.value == "ferry-test-agent")
    );
}

// The state folder was created 0755 and its files 0644: every local user
// could read which URLs and files a person fetched.
#[test]
fn the_state_folder_and_its_files_are_the_users_alone() {
    let body = Arc::new(test_bytes(50_000, 32));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"m1\"")));
    let folder = ServiceFolder::new();
    let state_dir = folder.state_dir();
    // As an older ferry (or a wide umask) left them.
    std::fs::create_dir(&state_dir).expect("mkdir");
    std::fs::set_permissions(&state_dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    for name in ["service.log", "state.ron"] {
        let path = state_dir.join(name);
        let text = if name == "state.ron" {
            "(version: 2)\n"
        } else {
            "an old line\n"
        };
        std::fs::write(&path, text).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    folder.add(server.url("/modes.bin").as_str());
    wait_until_saved(&state_dir, |transfer| transfer.status == Status::Completed);
    let _ = folder.ferry(&["list"]);

    assert_eq!(mode_of(&state_dir), 0o700, "the state folder");
    for entry in std::fs::read_dir(&state_dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            assert_eq!(mode_of(&path), 0o600, "{}", path.display());
        }
    }
    for name in ["state.ron", "service.log"] {
        assert!(state_dir.join(name).exists(), "{name} exists");
    }
}

// After a kill -9 of the service, a transfer given a password and a secret
// header resumed without them (or waited for them): they were in memory
// only. They are in the keyring now, and only there.
#[test]
fn a_killed_service_resumes_with_the_secrets_kept_in_the_keyring() {
    let keyring = SecretService::start();
    let body = Arc::new(test_bytes(3_000_000, 33));
    let served = Arc::clone(&body);
    let slow = Arc::new(AtomicBool::new(true));
    let slow_switch = Arc::clone(&slow);
    let server = TestServer::start(move |request, _| {
        if !is_ana_with_the_key(request) {
            return Reply::status(401);
        }
        let reply = serve_bytes(request, &served, Some("\"kr\""));
        if slow_switch.load(Ordering::SeqCst) {
            reply.drip(16 * 1024, Duration::from_millis(10))
        } else {
            reply
        }
    });
    let folder = ServiceFolder::on_bus(&keyring.bus.address);
    let downloads = folder.downloads();
    let added = folder.ferry(&[
        "add",
        "-d",
        downloads.to_str().expect("utf-8"),
        server.url("/kept.bin").as_str(),
        "--user",
        &format!("ana:{PASSWORD}"),
        "-H",
        &format!("X-Api-Key: {API_KEY}"),
    ]);
    assert_eq!(
        added.status.code(),
        Some(0),
        "{}",
        crate::cli::stderr_of(&added)
    );
    assert!(
        !crate::cli::stderr_of(&added).contains("keyring"),
        "a keyring answers: {}",
        crate::cli::stderr_of(&added)
    );
    let running = wait_until_saved(&folder.state_dir(), |transfer| {
        transfer.bytes_on_disk() > 200_000
    });
    let transfer_id = running.transfer_id().to_string();
    assert_eq!(keyring.items_of(&transfer_id), 1, "one keyring entry");
    folder.kill_service();
    let asked_before = server.requests().len();
    slow.store(false, Ordering::SeqCst);

    // A command to the service starts it again; it resumes the transfer
    // (the service itself may have resumed and finished it before the
    // command's turn came, which the command then says).
    let resumed = folder.ferry(&["resume", &transfer_id]);
    let finished_first = crate::cli::stderr_of(&resumed).contains("is completed");
    assert!(
        resumed.status.code() == Some(0) || finished_first,
        "{}\nservice.log:\n{}",
        crate::cli::stderr_of(&resumed),
        std::fs::read_to_string(ferry::service::log_path(&folder.state_dir())).unwrap_or_default()
    );
    let done = wait_until_saved(&folder.state_dir(), |transfer| {
        transfer.status == Status::Completed || transfer.status == Status::Error
    });
    assert_eq!(done.status, Status::Completed, "{:?}", done.error);
    assert_eq!(
        std::fs::read(folder.downloads().join("kept.bin")).expect("downloaded"),
        *body
    );
    let resumed = &server.requests()[asked_before..];
    assert!(!resumed.is_empty());
    assert!(
        resumed
            .iter()
            .all(|request| request.header("x-api-key") == Some(API_KEY)),
        "the restarted service sent the key"
    );
    assert!(
        resumed
            .iter()
            .any(|request| request.header("range").is_some()),
        "it resumed, not started over"
    );
    for secret in [PASSWORD, API_KEY] {
        assert_eq!(
            files_holding(&folder.state_dir(), secret),
            Vec::<String>::new(),
            "{secret} is on disk"
        );
    }

    // Removing the transfer deletes its entry.
    let removed = folder.ferry(&["remove", &transfer_id]);
    assert_eq!(
        removed.status.code(),
        Some(0),
        "{}",
        crate::cli::stderr_of(&removed)
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while keyring.items_of(&transfer_id) != 0 {
        assert!(std::time::Instant::now() < deadline, "the entry stays");
        std::thread::sleep(Duration::from_millis(50));
    }
}

// Without a Secret Service the secrets stay in memory, and the command
// says so once instead of letting a restart surprise the person.
#[test]
fn without_a_keyring_the_command_says_secrets_stay_in_memory() {
    let server = TestServer::start(|_, _| Reply::status(401));
    let folder = ServiceFolder::new();
    let downloads = folder.downloads();
    let added = folder.ferry(&[
        "add",
        "-d",
        downloads.to_str().expect("utf-8"),
        server.url("/needs.bin").as_str(),
        "--user",
        "ana:pw",
    ]);
    assert_eq!(
        added.status.code(),
        Some(0),
        "{}",
        crate::cli::stderr_of(&added)
    );
    let stderr = crate::cli::stderr_of(&added);
    assert_eq!(
        stderr.matches("no keyring answers").count(),
        1,
        "said once: {stderr}"
    );
    assert!(stderr.contains("in memory only"), "{stderr}");
}

/// A server that wants ana's Basic password `pw` for `body`.
fn server_wanting_ana(body: &Arc<Vec<u8>>) -> TestServer {
    let served = Arc::clone(body);
    TestServer::start(move |request, _| {
        // "ana:pw" in Basic form.
        if request.header("authorization") == Some("Basic YW5hOnB3") {
            serve_bytes(request, &served, Some("\"a1\""))
        } else {
            Reply::status(401)
        }
    })
}

// `--user NAME` alone asks the password on the terminal (as curl does)
// instead of refusing, so it never has to be typed on the command line.
#[test]
fn user_without_a_password_asks_it_on_the_terminal() {
    let body = Arc::new(test_bytes(100_000, 34));
    let server = server_wanting_ana(&body);
    let root = tempfile::tempdir().expect("dir");
    let command = format!(
        "{} --state-dir {} get {} -d {} --user ana --quiet",
        crate::support::ferry_binary().display(),
        root.path().join("state").display(),
        server.url("/asked.bin"),
        root.path().display(),
    );
    // `script` gives ferry a terminal; the password is typed once the
    // prompt is up.
    let mut typed = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .spawn()
        .expect("script (Debian util-linux) must be installed");
    // The transcript, read as it comes; the password is typed once the
    // prompt shows.
    let mut stdout = typed.stdout.take().expect("stdout");
    let (chunks, seen) = std::sync::mpsc::channel::<Vec<u8>>();
    let reader = std::thread::Builder::new()
        .name("transcript".to_owned())
        .spawn(move || {
            use std::io::Read;
            let mut buffer = [0_u8; 4096];
            while let Ok(count) = stdout.read(&mut buffer) {
                if count == 0 || chunks.send(buffer[..count].to_vec()).is_err() {
                    break;
                }
            }
        })
        .expect("thread");
    let mut transcript = Vec::new();
    while !String::from_utf8_lossy(&transcript).contains("password for ana") {
        let chunk = seen
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no prompt: {}", String::from_utf8_lossy(&transcript)));
        transcript.extend(chunk);
    }
    let mut stdin = typed.stdin.take().expect("stdin");
    use std::io::Write;
    stdin.write_all(b"pw\n").expect("type");
    drop(stdin);
    let status = typed.wait().expect("wait");
    reader.join().expect("reader");
    transcript.extend(seen.try_iter().flatten());
    let transcript = String::from_utf8_lossy(&transcript).into_owned();
    // (Whether the typed password is echoed is rpassword's: it prints the
    // prompt before it turns echo off, so keys typed at once may echo.)
    assert!(status.success(), "{transcript}");
    assert_eq!(
        std::fs::read(root.path().join("asked.bin")).expect("downloaded"),
        *body
    );
}

// Without a terminal to ask on, `--user NAME` is one clear error and
// nothing is created.
#[test]
fn user_without_a_password_and_no_terminal_is_a_clear_error() {
    let server = TestServer::start(|_, _| Reply::status(401));
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    // setsid: no controlling terminal, as under a service or cron.
    let output = std::process::Command::new("setsid")
        .arg("-w")
        .arg(crate::support::ferry_binary())
        .arg("--state-dir")
        .arg(&state_dir)
        .args(["get", server.url("/never.bin").as_str(), "--user", "ana"])
        .arg("-d")
        .arg(root.path())
        .stdin(std::process::Stdio::null())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("setsid (Debian util-linux) must be installed");
    let stderr = crate::cli::stderr_of(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("--user ana:PASSWORD or --netrc"),
        "{stderr}"
    );
    assert!(!state_dir.exists(), "nothing created");
    assert!(server.requests().is_empty());
}

// `--netrc` takes the host's login and password from the user's netrc.
#[test]
fn netrc_gives_the_hosts_credentials() {
    let body = Arc::new(test_bytes(100_000, 35));
    let server = server_wanting_ana(&body);
    let root = tempfile::tempdir().expect("dir");
    let netrc = root.path().join("netrc");
    std::fs::write(
        &netrc,
        "machine example.invalid login eve password no\nmachine 127.0.0.1 login ana password pw\n",
    )
    .expect("write");
    let output = std::process::Command::new(crate::support::ferry_binary())
        .arg("--state-dir")
        .arg(root.path().join("state"))
        .args([
            "get",
            server.url("/netrc.bin").as_str(),
            "--netrc",
            "--quiet",
        ])
        .arg("-d")
        .arg(root.path())
        .env("NETRC", &netrc)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run ferry");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        crate::cli::stderr_of(&output)
    );
    assert_eq!(
        std::fs::read(root.path().join("netrc.bin")).expect("downloaded"),
        *body
    );
}

// A rerun of `ferry get --netrc` after a kill gives the netrc's
// credentials back to the transfer it re-attaches to (it gave none).
#[test]
fn a_rerun_with_netrc_finishes_a_killed_download() {
    let body = Arc::new(test_bytes(3_000_000, 36));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| {
        if request.header("authorization") == Some("Basic YW5hOnB3") {
            serve_bytes(request, &served, Some("\"n1\"")).drip(16 * 1024, Duration::from_millis(10))
        } else {
            Reply::status(401)
        }
    });
    let root = tempfile::tempdir().expect("dir");
    let netrc = root.path().join("netrc");
    std::fs::write(&netrc, "machine 127.0.0.1 login ana password pw\n").expect("write");
    let state_dir = root.path().join("state");
    let url = server.url("/netrc-kept.bin").to_string();
    let root_text = root.path().to_string_lossy().into_owned();
    let get = |state_dir: &Path| {
        let mut command = std::process::Command::new(crate::support::ferry_binary());
        command
            .arg("--state-dir")
            .arg(state_dir)
            .args([
                "get",
                url.as_str(),
                "--netrc",
                "--quiet",
                "-d",
                root_text.as_str(),
            ])
            .env("NETRC", &netrc)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdin(std::process::Stdio::null());
        command
    };
    let mut child = get(&state_dir).spawn().expect("spawn ferry");
    wait_until_saved(&state_dir, |transfer| transfer.bytes_on_disk() > 100_000);
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");

    let finished = get(&state_dir).output().expect("rerun");
    assert_eq!(
        finished.status.code(),
        Some(0),
        "{}",
        crate::cli::stderr_of(&finished)
    );
    assert_eq!(
        std::fs::read(root.path().join("netrc-kept.bin")).expect("file"),
        *body
    );
}

// Settings › Network (`ferry proxy`): one proxy for every transfer. Without
// its login it is named as the settings' proxy; with it, the login is in
// the keyring (account "proxy") and nowhere on disk, and a service killed
// and started again still goes through it. `ferry proxy none` forgets it.
#[test]
fn the_settings_proxy_keeps_its_login_in_the_keyring() {
    const PROXY_PASSWORD: &str = "Pr0xy-in-keyring";
    let keyring = SecretService::start();
    let proxy = crate::support::real_proxy::Tinyproxy::start_with_login("cy", PROXY_PASSWORD);
    let body = Arc::new(test_bytes(120_000, 34));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"sp\"")));
    let folder = ServiceFolder::on_bus(&keyring.bus.address);
    let downloads = folder.downloads();
    let downloads_text = downloads.to_str().expect("utf-8");
    let ok = |output: std::process::Output| {
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            crate::cli::stderr_of(&output)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };

    let shown = ok(folder.ferry(&["proxy", &format!("http://{}", proxy.address)]));
    assert_eq!(shown.trim(), format!("proxy: http://{}", proxy.address));
    let first = server.url("/first.bin");
    ok(folder.ferry(&["add", "-d", downloads_text, first.as_str()]));
    let refused = wait_until_saved(&folder.state_dir(), |transfer| {
        transfer.spec.url == first && transfer.status == Status::Error
    });
    let words = refused
        .error
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert!(
        words.contains(&format!(
            "the proxy {} (from Settings › Network) asks for credentials (407)",
            proxy.address
        )),
        "{words}"
    );

    ok(folder.ferry(&[
        "proxy",
        &format!("http://cy:{PROXY_PASSWORD}@{}", proxy.address),
    ]));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while keyring.items_of("proxy") != 1 {
        assert!(std::time::Instant::now() < deadline, "no keyring entry");
        std::thread::sleep(Duration::from_millis(50));
    }
    folder.kill_service();
    let second = server.url("/second.bin");
    ok(folder.ferry(&["add", "-d", downloads_text, second.as_str()]));
    let done = wait_until_saved(&folder.state_dir(), |transfer| {
        transfer.spec.url == second && transfer.status.is_terminal()
    });
    assert_eq!(done.status, Status::Completed, "{:?}", done.error);
    assert_eq!(
        std::fs::read(downloads.join("second.bin")).expect("downloaded"),
        *body
    );
    assert_eq!(
        crate::support::real_proxy::through_tinyproxy(&server.requests()),
        1,
        "the restarted service went through the proxy"
    );
    assert_eq!(
        files_holding(&folder.state_dir(), PROXY_PASSWORD),
        Vec::<String>::new()
    );
    let shown = ok(folder.ferry(&["proxy"]));
    assert!(!shown.contains(PROXY_PASSWORD), "{shown}");

    ok(folder.ferry(&["proxy", "none"]));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while keyring.items_of("proxy") != 0 {
        assert!(std::time::Instant::now() < deadline, "the entry stays");
        std::thread::sleep(Duration::from_millis(50));
    }
}
