//! The service: `ferry daemon` started on demand by its clients (the real
//! binary), the window's client library, and the socket between them:
//! several clients at once, a SIGKILLed service started again by the next
//! client, other users and garbage refused, and the idle exit.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferry::engine::Event;
use ferry::model::Status;
use ferry::service::{WindowRequest, socket_path};

use crate::cli::stderr_of;
use crate::support::server::TestServer;
use crate::support::service::{ServiceFolder, status_of, wait_until};
use crate::support::{ferry_binary, sha256_hex, test_bytes};

#[test]
fn ferry_add_shows_in_a_connected_window_and_in_list_with_one_writer() {
    let body = Arc::new(test_bytes(2_000_000, 3));
    let server = TestServer::start_dripping(&body, "\"two\"", 64 * 1024, Duration::from_millis(5));
    let folder = ServiceFolder::new();
    // The window's client starts the service.
    let mut window = folder.client();
    let mut events = window.take_events().expect("events");
    let pid = window.service_pid();

    let ids = folder.add(server.url("/two/clients.bin").as_str());
    assert_eq!(ids.len(), 1);
    let handle = window.handle();
    wait_until(&handle, "the window sees the transfer", |handle| {
        status_of(handle, &ids[0]).is_some()
    });
    let listed = folder.ferry(&["list", "--json"]);
    let transfers: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(transfers.as_array().expect("array").len(), 1);
    assert!(
        transfers[0]["id"]
            .as_str()
            .expect("id")
            .starts_with(&ids[0])
    );

    wait_until(&handle, "it completes", |handle| {
        status_of(handle, &ids[0]) == Some(Status::Completed)
    });
    let saved = std::fs::read(folder.downloads().join("clients.bin")).expect("file");
    assert_eq!(sha256_hex(&saved), sha256_hex(&body));
    // The window heard it as events, as from a local engine.
    let mut heard = Vec::new();
    while let Ok(event) = events.try_recv() {
        heard.push(event);
    }
    assert!(heard.iter().any(|event| matches!(event, Event::Added(_))));
    assert!(heard.iter().any(|event| matches!(
        event,
        Event::StatusChanged {
            status: Status::Completed,
            ..
        }
    )));
    // One service, one writer: the one the window started.
    assert_eq!(folder.service_pid(), Some(pid));
    assert_eq!(
        ferry::store::lock_holder_pid(&folder.state_dir()),
        Some(pid)
    );
}

#[test]
fn a_killed_service_is_started_again_by_the_next_client_and_finishes_byte_exact() {
    // About 1.6 MB/s a connection: the plain one needs ~8 s, the one with
    // four connections ~2 s.
    let body = Arc::new(test_bytes(12_000_000, 17));
    let server = TestServer::start_dripping(&body, "\"k\"", 16 * 1024, Duration::from_millis(10));
    let folder = ServiceFolder::new();
    folder.add(server.url("/k/plain.bin").as_str());
    let downloads = folder.downloads();
    let segmented = folder.ferry(&[
        "add",
        server.url("/k/segmented.bin").as_str(),
        "-c",
        "4",
        "-d",
        downloads.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        segmented.status.code(),
        Some(0),
        "{}",
        stderr_of(&segmented)
    );
    // Killed once state.ron says both have bytes on disk, and neither is
    // done.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let saved = ferry::store::read_state(&folder.state_dir()).expect("state");
        let transfers = &saved.state.transfers;
        if transfers.len() == 2
            && transfers
                .iter()
                .all(|transfer| transfer.bytes_on_disk() > 0)
        {
            assert!(
                transfers
                    .iter()
                    .all(|transfer| transfer.status == Status::Running)
            );
            break;
        }
        assert!(Instant::now() < deadline, "no durable bytes saved");
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = folder.service_pid().expect("a service runs");
    folder.kill_service();
    let requests_before = server.requests().len();

    // The next client finds the dead socket, starts a new service, which
    // continues both transfers.
    let window = folder.client();
    assert_ne!(window.service_pid(), pid);
    let handle = window.handle();
    wait_until(&handle, "both complete", |handle| {
        handle
            .snapshot()
            .iter()
            .all(|transfer| transfer.status == Status::Completed)
    });
    for name in ["plain.bin", "segmented.bin"] {
        let saved = std::fs::read(downloads.join(name)).expect("file");
        assert_eq!(sha256_hex(&saved), sha256_hex(&body), "{name}");
    }
    // Nothing started over from zero: every request after the kill asked
    // for a range, under the validator.
    let after: Vec<_> = server
        .requests()
        .into_iter()
        .skip(requests_before)
        .collect();
    assert!(!after.is_empty());
    for request in &after {
        let range = request.header("range").unwrap_or_default();
        assert!(
            range.starts_with("bytes=") && !range.starts_with("bytes=0-"),
            "a request after the kill started from zero: {range:?}"
        );
        assert_eq!(request.header("if-range"), Some("\"k\""));
    }
}

/// A frame of the socket's protocol: a 4-byte big-endian length, then it.
fn frame(payload: &[u8]) -> Vec<u8> {
    let mut bytes = u32::try_from(payload.len())
        .expect("short")
        .to_be_bytes()
        .to_vec();
    bytes.extend_from_slice(payload);
    bytes
}

/// Reads one frame, or `None` when the service closed the connection.
fn read_frame(stream: &mut UnixStream) -> Option<Vec<u8>> {
    let mut length = [0_u8; 4];
    stream.read_exact(&mut length).ok()?;
    let mut payload = vec![0_u8; u32::from_be_bytes(length) as usize];
    stream.read_exact(&mut payload).ok()?;
    Some(payload)
}

/// True when the service closed this connection (after what it sent).
fn is_dropped(stream: &mut UnixStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).is_ok()
}

#[test]
fn garbage_and_other_versions_on_the_socket_are_dropped_and_the_service_serves_on() {
    let body = Arc::new(test_bytes(100_000, 5));
    let server = TestServer::start_dripping(&body, "\"g\"", 16 * 1024, Duration::from_millis(5));
    let folder = ServiceFolder::new();
    let window = folder.client();
    let socket = socket_path(&folder.state_dir()).expect("socket path");

    // Another version: a clear refusal, then the end.
    let mut other_version = UnixStream::connect(&socket).expect("connect");
    other_version
        .write_all(&frame(br#"{"Hello":{"protocol":999,"version":"9.9.9"}}"#))
        .expect("write");
    let answer = read_frame(&mut other_version).expect("an answer");
    let answer = String::from_utf8(answer).expect("utf-8");
    assert!(
        answer.contains("Refused") && answer.contains("9.9.9"),
        "{answer}"
    );
    assert!(is_dropped(&mut other_version));

    // Random bytes, a huge length, half a message, JSON that is no hello.
    let mut random = UnixStream::connect(&socket).expect("connect");
    // The service may drop it before the last bytes arrive.
    let _ = random.write_all(&test_bytes(4096, 99));
    assert!(is_dropped(&mut random));
    let mut huge = UnixStream::connect(&socket).expect("connect");
    let mut huge_frame = u32::MAX.to_be_bytes().to_vec();
    huge_frame.extend_from_slice(b"{}");
    huge.write_all(&huge_frame).expect("write");
    assert!(is_dropped(&mut huge));
    let mut half = UnixStream::connect(&socket).expect("connect");
    half.write_all(&frame(br#"{"Hello":{"protocol":1,"version":"0.1.0"}}"#)[..20])
        .expect("write");
    drop(half);
    let mut not_hello = UnixStream::connect(&socket).expect("connect");
    not_hello
        .write_all(&frame(br#"{"Quit":null}"#))
        .expect("write");
    let answer = read_frame(&mut not_hello).map(String::from_utf8);
    assert!(matches!(answer, Some(Ok(text)) if text.contains("Refused")));
    assert!(is_dropped(&mut not_hello));

    // A client that says hello, then never reads while much happens.
    let mut deaf = UnixStream::connect(&socket).expect("connect");
    deaf.write_all(&frame(
        format!(
            r#"{{"Hello":{{"protocol":{},"version":"0.1.0"}}}}"#,
            ferry::service::PROTOCOL_VERSION
        )
        .as_bytes(),
    ))
    .expect("write");
    let list: String = (0..300)
        .map(|index| format!("{}\n", server.url(&format!("/g/{index}.bin"))))
        .collect();
    let list_path = folder.root.path().join("list.txt");
    std::fs::write(&list_path, list).expect("list");
    let downloads = folder.downloads();
    let added = folder.ferry(&[
        "add",
        "-i",
        list_path.to_str().expect("utf-8"),
        "-d",
        downloads.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert_eq!(
        added.status.code(),
        Some(0),
        "{} / service log: {}",
        stderr_of(&added),
        std::fs::read_to_string(folder.state_dir().join("service.log")).unwrap_or_default()
    );

    // The others are served throughout: the window sees all 300 finish.
    let handle = window.handle();
    wait_until(&handle, "300 transfers complete", |handle| {
        let snapshot = handle.snapshot();
        snapshot.len() == 300
            && snapshot
                .iter()
                .all(|transfer| transfer.status == Status::Completed)
    });
    let listed = folder.ferry(&["list", "--json"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_of(&listed));
    drop(deaf);
    assert_eq!(folder.service_pid(), Some(window.service_pid()));
}

#[test]
fn another_user_cannot_reach_the_service() {
    let has_setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    assert!(has_setpriv, "setpriv (util-linux) is needed");
    let folder = ServiceFolder::new();
    let window = folder.client();
    let socket = socket_path(&folder.state_dir()).expect("socket path");
    let as_nobody = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg("cat")
        .arg(&socket)
        .stdin(Stdio::null())
        .output()
        .expect("run as nobody");
    // The socket's folder is the owner's alone (0700): the kernel refuses
    // before the service would check the peer's uid.
    assert!(!as_nobody.status.success());
    let words = String::from_utf8_lossy(&as_nobody.stderr).into_owned();
    assert!(words.contains("Permission denied"), "{words}");
    let mode = std::fs::metadata(socket.parent().expect("folder"))
        .map(|metadata| std::os::unix::fs::PermissionsExt::mode(&metadata.permissions()))
        .expect("folder");
    assert_eq!(mode & 0o777, 0o700);
    // The owner is still served.
    assert_eq!(folder.service_pid(), Some(window.service_pid()));
}

#[test]
fn the_service_exits_when_idle_and_stays_while_a_transfer_waits() {
    let folder = ServiceFolder::new();
    let state_dir = folder.state_dir();
    let start_with_short_idle = |arguments: &[&str]| {
        Command::new(ferry_binary())
            .arg("--state-dir")
            .arg(&state_dir)
            .args(arguments)
            .env("FERRY_IDLE_EXIT_SECS", "1")
            .stdin(Stdio::null())
            .output()
            .expect("run ferry")
    };
    let set = start_with_short_idle(&["service", "--keep-running", "off"]);
    assert_eq!(set.status.code(), Some(0), "{}", stderr_of(&set));
    // Nothing to do and no client: it goes within a few seconds.
    let deadline = Instant::now() + Duration::from_secs(15);
    while ferry::store::is_locked(&state_dir) {
        assert!(Instant::now() < deadline, "the idle service did not exit");
        std::thread::sleep(Duration::from_millis(50));
    }

    // "Keep running in the background" is for a service the user started
    // or a window used: one a one-off command started goes once idle all
    // the same (issue 42, item 11) ...
    let on = start_with_short_idle(&["service", "--keep-running", "on"]);
    assert_eq!(on.status.code(), Some(0), "{}", stderr_of(&on));
    let deadline = Instant::now() + Duration::from_secs(15);
    while ferry::store::is_locked(&state_dir) {
        assert!(Instant::now() < deadline, "a command's idle service stayed");
        std::thread::sleep(Duration::from_millis(50));
    }
    // ... until a window drew over it.
    let limit = Command::new(ferry_binary())
        .arg("--state-dir")
        .arg(&state_dir)
        .args(["limit", "off"])
        .env("FERRY_IDLE_EXIT_SECS", "3")
        .stdin(Stdio::null())
        .output()
        .expect("run ferry");
    assert_eq!(limit.status.code(), Some(0), "{}", stderr_of(&limit));
    {
        let options = ferry::service::ClientOptions {
            is_window: true,
            ..ferry::service::ClientOptions::running_service_only()
        };
        let window = ferry::service::RemoteEngine::connect(&state_dir, options, None)
            .expect("connect")
            .expect("the service runs");
        window.window_ready();
        std::thread::sleep(Duration::from_millis(300));
    }
    std::thread::sleep(Duration::from_secs(5));
    assert!(
        ferry::store::is_locked(&state_dir),
        "a service a window used left despite keep-running"
    );
    let quit = folder.ferry(&["quit"]);
    assert_eq!(quit.status.code(), Some(0), "{}", stderr_of(&quit));
    let deadline = Instant::now() + Duration::from_secs(15);
    while ferry::store::is_locked(&state_dir) {
        assert!(Instant::now() < deadline, "the service did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
    let off = start_with_short_idle(&["service", "--keep-running", "off"]);
    assert_eq!(off.status.code(), Some(0), "{}", stderr_of(&off));

    // A transfer waiting for an unmetered network keeps it.
    let metered = start_with_short_idle(&["policy", "--metered", "on"]);
    assert_eq!(metered.status.code(), Some(0), "{}", stderr_of(&metered));
    let downloads = folder.downloads();
    let waiting = start_with_short_idle(&[
        "add",
        "http://127.0.0.1:9/waits.bin",
        "--cost-policy",
        "unrestricted-only",
        "-d",
        downloads.to_str().expect("utf-8"),
    ]);
    assert_eq!(waiting.status.code(), Some(0), "{}", stderr_of(&waiting));
    std::thread::sleep(Duration::from_secs(4));
    assert!(
        ferry::store::is_locked(&state_dir),
        "the service left a waiting transfer"
    );
    let listed = folder.ferry(&["list"]);
    let table = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert!(
        table.contains("waiting for an unmetered network"),
        "{table}"
    );
}

/// `ferry-window URL` without a display, as the desktop runs it for a link.
fn window_binary_with_link(state_dir: &std::path::Path, url: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ferry-window"))
        .arg("--state-dir")
        .arg(state_dir)
        .arg(url)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .stdin(Stdio::null())
        .output()
        .expect("run ferry-window")
}

#[test]
fn a_link_opened_with_ferry_goes_to_the_open_window() {
    let folder = ServiceFolder::new();
    // No window yet: ferry-window would open one (and cannot, here).
    let alone = window_binary_with_link(&folder.state_dir(), "https://127.0.0.1:9/first.iso");
    assert_eq!(alone.status.code(), Some(2), "{}", stderr_of(&alone));
    // Without a display it says so and starts no service (issue 42, item 10).
    assert!(
        stderr_of(&alone).contains("no graphical session here"),
        "{}",
        stderr_of(&alone)
    );
    assert!(!ferry::store::is_locked(&folder.state_dir()));
    assert!(folder.service_pid().is_none());

    let mut window = folder.client();
    let mut offers = window.take_window_requests().expect("requests");
    let handed = window_binary_with_link(&folder.state_dir(), "https://127.0.0.1:9/linked.iso");
    // It gave the link to the open window and opened nothing.
    assert_eq!(handed.status.code(), Some(0), "{}", stderr_of(&handed));
    let deadline = Instant::now() + Duration::from_secs(10);
    let offered = loop {
        if let Ok(request) = offers.try_recv() {
            break request;
        }
        assert!(Instant::now() < deadline, "the window got no link");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(
        offered,
        WindowRequest::AddUrl("https://127.0.0.1:9/linked.iso".to_owned())
    );
    // Nothing was added before the user says where it goes.
    assert!(window.handle().snapshot().is_empty());
}

#[test]
fn ferry_quit_closes_the_windows_instead_of_starting_another_service() {
    let folder = ServiceFolder::new();
    let mut window = folder.client();
    let mut requests = window.take_window_requests().expect("requests");
    let quit = folder.ferry(&["quit"]);
    assert_eq!(quit.status.code(), Some(0), "{}", stderr_of(&quit));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(request) = requests.try_recv() {
            assert_eq!(request, WindowRequest::Close);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the window was not told to close"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The window's client, which may start a service, started none.
    std::thread::sleep(Duration::from_secs(2));
    assert!(!ferry::store::is_locked(&folder.state_dir()));
    assert_eq!(folder.service_pid(), None);
    drop(window);
}

#[test]
fn list_reads_the_saved_state_when_the_service_is_of_another_version() {
    let folder = ServiceFolder::new();
    // A transfer saved by an earlier run, with no service running.
    let added = folder.ferry(&["group", "add", "kept"]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr_of(&added));
    let quit = folder.ferry(&["quit"]);
    assert_eq!(quit.status.code(), Some(0), "{}", stderr_of(&quit));
    // Something of another version listens on the socket and refuses.
    let socket = socket_path(&folder.state_dir()).expect("socket path");
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    let other_version = std::thread::Builder::new()
        .name("other-version".to_owned())
        .spawn(move || {
            for stream in listener.incoming().take(2) {
                let mut stream = stream.expect("accept");
                let _ = read_frame(&mut stream);
                let _ = stream.write_all(&frame(
                    br#"{"Refused":{"reason":"this service is version 0.0.1"}}"#,
                ));
            }
        })
        .expect("thread");
    let listed = folder.ferry(&["group", "list"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_of(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("kept"));
    assert!(
        stderr_of(&listed).contains("version 0.0.1"),
        "{}",
        stderr_of(&listed)
    );
    let listed = folder.ferry(&["list"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_of(&listed));
    other_version.join().expect("the stand-in");
    let _ = std::fs::remove_file(&socket);
}

/// A hello of this protocol, as a frame, with `padding` in its version.
fn hello_frame(padding: &str) -> Vec<u8> {
    frame(
        format!(
            r#"{{"Hello":{{"protocol":{},"version":"0.1.0{padding}"}}}}"#,
            ferry::service::PROTOCOL_VERSION
        )
        .as_bytes(),
    )
}

// The service read a first frame of up to 64 MiB from anyone who connected
// (8 such connections held 526 MB), and served any number of clients, each
// holding its own copy of the welcome. A hello is small; clients are
// counted.
#[test]
fn a_huge_hello_is_not_read_and_clients_are_counted() {
    let folder = ServiceFolder::new();
    let _window = folder.client();
    let socket = socket_path(&folder.state_dir()).expect("socket path");

    let mut huge_hello = UnixStream::connect(&socket).expect("connect");
    // The service may drop it before the last bytes arrive.
    let _ = huge_hello.write_all(&hello_frame(&"x".repeat(1024 * 1024)));
    huge_hello
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    assert_eq!(
        read_frame(&mut huge_hello),
        None,
        "no welcome for a 1 MiB hello"
    );

    let mut clients = Vec::new();
    let refused = loop {
        assert!(clients.len() < 1000, "no limit on clients");
        let mut client = UnixStream::connect(&socket).expect("connect");
        // A refused client may be answered and dropped before its hello
        // is written (the write then fails); the answer is there to read.
        let _ = client.write_all(&hello_frame(""));
        let Some(answer) = read_frame(&mut client) else {
            let log =
                std::fs::read_to_string(folder.state_dir().join("service.log")).unwrap_or_default();
            panic!(
                "client {} got no answer; the service's log:\n{log}",
                clients.len() + 1
            );
        };
        let answer = String::from_utf8(answer).expect("utf-8");
        if answer.contains("Refused") {
            break answer;
        }
        clients.push(client);
    };
    assert!(refused.contains("at most"), "{refused}");
    assert!(clients.len() >= 100, "{} clients served", clients.len());
    drop(clients);
    // Once they left, a client is served again; the service runs from `/`
    // (no client's folder is held busy or resolves its paths).
    std::thread::sleep(Duration::from_millis(500));
    let pid = folder.service_pid().expect("served again");
    assert_eq!(
        std::fs::read_link(format!("/proc/{pid}/cwd")).expect("cwd"),
        std::path::PathBuf::from("/")
    );
}

/// `ferry resume ID` with a service running hands the transfer to it and
/// returns; `--wait` follows it to the end (issue 42, item 11).
#[test]
fn resume_returns_when_the_service_carries_on_and_wait_follows_to_the_end() {
    let folder = ServiceFolder::new();
    let body = Arc::new(test_bytes(600_000, 12));
    let server = TestServer::start_dripping(&body, "\"r\"", 16 * 1024, Duration::from_millis(20));
    let window = folder.client();
    let handle = window.handle();
    let ids = folder.add(server.url("/resumed.bin").as_str());
    let id = ids[0].clone();
    let paused = folder.ferry(&["pause", &id]);
    assert_eq!(paused.status.code(), Some(0), "{}", stderr_of(&paused));

    let resumed = folder.ferry(&["resume", &id]);
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr_of(&resumed));
    assert!(
        stderr_of(&resumed).contains("resumed"),
        "{}",
        stderr_of(&resumed)
    );
    assert_ne!(
        status_of(&handle, &id),
        Some(Status::Completed),
        "returned only once it completed"
    );

    let paused = folder.ferry(&["pause", &id]);
    assert_eq!(paused.status.code(), Some(0), "{}", stderr_of(&paused));
    let waited = folder.ferry(&["resume", &id, "--wait"]);
    assert_eq!(waited.status.code(), Some(0), "{}", stderr_of(&waited));
    assert_eq!(
        std::fs::read(folder.downloads().join("resumed.bin")).expect("file"),
        *body
    );
}

/// `ferry list` shows each transfer's speed, time left and group while the
/// service runs it; `ferry group list` lines up under its header and says
/// "–" for no when-done (issue 42, item 14).
#[test]
fn list_shows_speed_eta_and_group_and_group_list_lines_up() {
    let folder = ServiceFolder::new();
    let body = Arc::new(test_bytes(3_000_000, 14));
    let server = TestServer::start_dripping(&body, "\"l\"", 16 * 1024, Duration::from_millis(20));
    let grouped = folder.ferry(&["group", "add", "nightly"]);
    assert_eq!(grouped.status.code(), Some(0), "{}", stderr_of(&grouped));
    let ids = folder.add_with(&[server.url("/listed.bin").as_str(), "--group", "nightly"]);
    let window = folder.client();
    wait_until(&window.handle(), "it runs", |handle| {
        handle
            .snapshot()
            .iter()
            .any(|transfer| transfer.progress.bytes_received > 100_000)
    });
    let listed = folder.ferry(&["list"]);
    let table = String::from_utf8_lossy(&listed.stdout).into_owned();
    let mut lines = table.lines();
    let header = lines.next().expect("a header");
    for column in ["ID", "STATUS", "PROGRESS", "SPEED", "ETA", "GROUP", "NAME"] {
        assert!(header.contains(column), "{table}");
    }
    let row = lines
        .find(|line| line.starts_with(&ids[0][..8]))
        .expect("the row");
    assert!(row.contains("/s"), "a speed: {table}");
    assert!(row.contains("nightly"), "the group: {table}");
    assert!(row.contains("listed.bin"), "{table}");

    let groups = folder.ferry(&["group", "list"]);
    let text = String::from_utf8_lossy(&groups.stdout).into_owned();
    let mut lines = text.lines();
    let header = lines.next().expect("a header");
    let row = lines.next().expect("a row");
    let end_of = |line: &str, word: &str| line.find(word).map(|at| at + word.len());
    // The count ends where its column's title ends.
    assert_eq!(
        end_of(header, "UNFINISHED"),
        row.rfind('1').map(|at| at + 1),
        "{text}"
    );
    assert!(row.trim_end().ends_with('–'), "{text}");
    let _ = folder.ferry(&["cancel", &ids[0]]);
}

/// The service keeps the minutes of speed before a window opens, so the
/// window draws them (issue 42, item 5).
#[test]
fn a_window_that_opens_gets_the_speed_of_the_minutes_before() {
    let folder = ServiceFolder::new();
    let body = Arc::new(test_bytes(2_000_000, 19));
    let server = TestServer::start_dripping(&body, "\"s\"", 16 * 1024, Duration::from_millis(20));
    let ids = folder.add(server.url("/measured.bin").as_str());
    // The service measures while no window is open.
    std::thread::sleep(Duration::from_secs(3));
    let window = folder.client();
    let history = window.handle().speed_history();
    assert!(
        history.iter().any(|[_, speed]| *speed > 100_000.0),
        "{history:?}"
    );
    let _ = folder.ferry(&["cancel", &ids[0]]);
}
