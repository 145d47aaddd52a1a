//! Attacks from hostile servers and neighbours (issue 37): each test
//! reproduces one on loopback. A wrong file is worse than a failed one.

use std::sync::Arc;

use ferry::engine::Command;
use ferry::model::{Status, TransferSpec, UploadMethod};

use crate::support::server::{RecordedRequest, Reply, TestServer, serve_bytes};
use crate::support::test_bytes;
use crate::support::{Harness, fast_config};

const SIZE: usize = 1_000_000;
const HALF: usize = SIZE / 2;

// A resume answered `200` with the same strong ETag, a Content-Range of the
// missing half and that half as the body used to be published as the file.
#[test]
fn a_half_sent_as_the_whole_same_version_is_never_published() {
    let body = Arc::new(test_bytes(SIZE, 70));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, index| {
        if index == 0 {
            return serve_bytes(request, &served, Some("\"h1\"")).cut_after(HALF);
        }
        Reply {
            status: 200,
            body: served[HALF..].to_vec(),
            ..Reply::default()
        }
        .with_header("ETag", "\"h1\"")
        .with_header(
            "Content-Range",
            &format!("bytes {HALF}-{}/{SIZE}", SIZE - 1),
        )
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/half.bin")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error, "{transfer:?}");
    let words = transfer.error.expect("an error").to_string();
    assert!(words.contains("broken"), "{words}");
    assert!(
        !harness.downloaded_names().contains(&"half.bin".to_owned()),
        "nothing published: {:?}",
        harness.downloaded_names()
    );
}

// A server that cuts every response at 50 % and ignores Range used to be
// downloaded forever: "an attempt that made progress" reset the count each
// time, though it fetched the same half again.
#[test]
fn the_same_half_fetched_again_is_not_progress() {
    let body = Arc::new(test_bytes(SIZE, 71));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |_, _| {
        Reply {
            status: 200,
            body: served.to_vec(),
            ..Reply::default()
        }
        .with_header("ETag", "\"c1\"")
        .cut_after(HALF)
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/cut.bin")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error, "{transfer:?}");
    let requests = server.requests().len();
    assert!(
        requests <= 1 + harness.config.max_retries as usize + 1,
        "{requests} requests"
    );
}

// Each response a little longer than the last: every attempt brings new
// bytes, but the work is bounded by a few copies of the file.
#[test]
fn the_bytes_fetched_for_one_file_are_bounded() {
    const BIG: usize = 4 * SIZE;
    let body = Arc::new(test_bytes(BIG, 72));
    let served = Arc::clone(&body);
    // 50 %, 55 %, 60 %, …: the whole would come with the 11th response.
    let server = TestServer::start(move |_, index| {
        Reply {
            status: 200,
            body: served.to_vec(),
            ..Reply::default()
        }
        .with_header("ETag", "\"c2\"")
        .cut_after(BIG / 2 + index * BIG / 20)
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/growing.bin")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error, "{transfer:?}");
    let words = transfer.error.expect("an error").to_string();
    assert!(words.contains("without finishing it"), "{words}");
    assert!(server.requests().len() < 10, "{}", server.requests().len());
}

// Each connection kept up to 1 MiB in its buffer: on a slow link a crash
// lost many seconds of transfer. Buffered bytes now reach the disk at the
// checkpoint tick: here 300 KB then nothing (the connection stays open, no
// stall for minutes) must be durable long before anything else happens.
#[test]
fn bytes_on_a_slow_link_are_durable_within_a_checkpoint() {
    let body = Arc::new(test_bytes(4 * SIZE, 73));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| {
        serve_bytes(request, &served, Some("\"s1\"")).stall_after(300_000)
    });
    let harness = Harness::start_with(ferry::engine::EngineConfig {
        stall_timeout: std::time::Duration::from_secs(600),
        min_speed_bytes_per_sec: 0,
        ..fast_config()
    });
    let mut spec = harness.spec(server.url("/slow.bin"));
    spec.connections = Some(1);
    let transfer_id = harness.add(spec);
    let transfer = harness.wait_for(transfer_id, |transfer| transfer.bytes_on_disk() >= 300_000);
    assert_eq!(transfer.status, Status::Running);
}

// Slowloris: one byte now and then never trips the stall timeout; the
// lowest average speed frees the slot, and a trickle is not progress, so
// the retries run out.
#[test]
fn a_trickle_below_the_lowest_speed_fails() {
    for size in [SIZE, 10_000] {
        let body = Arc::new(test_bytes(size, 74));
        let served = Arc::clone(&body);
        let server = TestServer::start(move |request, _| {
            serve_bytes(request, &served, Some("\"t1\""))
                .drip(1, std::time::Duration::from_millis(200))
        });
        let harness = Harness::start_with(ferry::engine::EngineConfig {
            min_speed_bytes_per_sec: 1000,
            min_speed_window: std::time::Duration::from_secs(1),
            ..fast_config()
        });
        let transfer_id = harness.add(harness.spec(server.url("/trickle.bin")));
        let transfer = harness.wait_settled(transfer_id);
        assert_eq!(transfer.status, Status::Error, "{transfer:?}");
        let words = transfer.error.expect("an error").to_string();
        assert!(words.contains("too slow"), "{words}");
    }
}

// A neighbour who can write in the download folder replaced a paused
// download's `NAME.part` with a link to a file of the user's: the resume
// wrote the server's bytes into that file and published the link.
#[test]
fn a_resume_never_writes_through_a_link_put_in_place_of_the_part_file() {
    for link in ["symbolic", "hard"] {
        let body = Arc::new(test_bytes(3 * SIZE, 75));
        let served = Arc::clone(&body);
        let server = TestServer::start(move |request, _| {
            serve_bytes(request, &served, Some("\"p1\""))
                .drip(16 * 1024, std::time::Duration::from_millis(10))
        });
        let harness = Harness::start();
        let victim_dir = tempfile::tempdir().expect("dir");
        let victim = victim_dir.path().join("authorized_keys");
        std::fs::write(&victim, b"ssh-ed25519 AAAA me\n").expect("write");
        let transfer_id = harness.add(harness.spec(server.url("/linked.bin")));
        harness.wait_for(transfer_id, |transfer| transfer.bytes_on_disk() > 100_000);
        harness.call(Command::Pause(transfer_id)).expect("pause");
        harness.wait_settled(transfer_id);
        let part = harness.download_dir.path().join("linked.bin.part");
        std::fs::remove_file(&part).expect("remove the part file");
        match link {
            "symbolic" => std::os::unix::fs::symlink(&victim, &part).expect("symlink"),
            _ => std::fs::hard_link(&victim, &part).expect("hard link"),
        }
        harness.call(Command::Resume(transfer_id)).expect("resume");
        let transfer = harness.wait_completed(transfer_id);
        assert_eq!(
            std::fs::read(&victim).expect("victim"),
            b"ssh-ed25519 AAAA me\n",
            "{link} link"
        );
        let published = harness.download_dir.path().join("linked.bin");
        assert!(
            std::fs::symlink_metadata(&published)
                .expect("published")
                .is_file()
        );
        assert_eq!(harness.read_download("linked.bin"), *body);
        assert_eq!(transfer.restarts, 1, "{link}: started over in a new file");
        // The range request was not sent: the bytes on disk did not count.
        let requests = server.requests();
        assert_eq!(requests.last().expect("a request").header("range"), None);
    }
}

/// A tus server that answers OPTIONS and creation as tus says, creates its
/// upload at `location`, and answers every PATCH and HEAD with `patch` and
/// `head` (given the request).
fn hostile_tus(
    location: String,
    patch: impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static,
    head: impl Fn(&RecordedRequest) -> Reply + Send + Sync + 'static,
) -> impl Fn(&RecordedRequest, usize) -> Reply + Send + Sync + 'static {
    move |request, _| {
        let tus = |reply: Reply| reply.with_header("Tus-Resumable", "1.0.0");
        match request.method.as_str() {
            "OPTIONS" => tus(Reply::status(204))
                .with_header("Tus-Version", "1.0.0")
                .with_header("Tus-Extension", "creation,termination"),
            "POST" => tus(Reply::status(201)).with_header("Location", &location),
            "PATCH" => tus(patch(request)),
            "HEAD" => tus(head(request)),
            _ => Reply::status(204),
        }
    }
}

/// How a hostile tus server answers one kind of request.
type TusAnswer = fn(&RecordedRequest) -> Reply;

fn upload_spec(harness: &Harness, url: url::Url, bytes: &[u8]) -> TransferSpec {
    let file = harness.download_dir.path().join("upload.bin");
    std::fs::write(&file, bytes).expect("write the file to send");
    TransferSpec::upload(url, file, UploadMethod::Resumable)
}

// A tus server over https pointed its upload to plain http: the file left
// in clear while ferry said it went to the https address.
#[test]
fn a_tus_upload_never_moves_from_https_to_plain_http() {
    let plain = TestServer::start(|_, _| Reply::status(204));
    let location = plain.url("/files/1").to_string();
    let (server, certificate) = TestServer::start_https(hostile_tus(
        location,
        |_| Reply::status(204),
        |_| Reply::status(200),
    ));
    let roots = tempfile::NamedTempFile::new().expect("roots");
    std::fs::write(roots.path(), certificate).expect("write roots");
    let harness = Harness::start_with(ferry::engine::EngineConfig {
        extra_ca_cert: Some(roots.path().to_owned()),
        ..fast_config()
    });
    let mut spec = upload_spec(&harness, server.url("/files"), &test_bytes(100_000, 76));
    spec.request_headers.push(ferry::model::HeaderPair {
        name: "Authorization".to_owned(),
        value: "Bearer TOPSECRET".to_owned(),
    });
    let transfer_id = harness.add(spec);
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Error, "{transfer:?}");
    let words = transfer.error.expect("an error").to_string();
    assert!(words.contains("https to plain http"), "{words}");
    assert!(plain.requests().is_empty(), "nothing went in clear");
}

// A server that answers every PATCH 204 with the same offset, or 409 again
// and again, had 27.5 GiB sent in 40 s; an offset beyond the file's size
// was shown as "completed 133 %".
#[test]
fn a_tus_server_that_takes_no_byte_fails_the_upload_after_a_few_chunks() {
    let bytes = test_bytes(100_000, 77);
    let answers: [(&str, TusAnswer, TusAnswer); 3] = [
        (
            "the same offset",
            |_| Reply::status(204).with_header("Upload-Offset", "0"),
            |_| Reply::status(200).with_header("Upload-Offset", "0"),
        ),
        (
            "409 again and again",
            |_| Reply::status(409),
            |_| Reply::status(200).with_header("Upload-Offset", "0"),
        ),
        (
            "an offset beyond the file",
            |_| Reply::status(409),
            |_| Reply::status(200).with_header("Upload-Offset", "133000"),
        ),
    ];
    for (what, patch, head) in answers {
        let server = TestServer::start(hostile_tus("/files/1".to_owned(), patch, head));
        let harness = Harness::start();
        let transfer_id = harness.add(upload_spec(&harness, server.url("/files"), &bytes));
        let transfer = harness.wait_settled(transfer_id);
        assert_eq!(transfer.status, Status::Error, "{what}: {transfer:?}");
        let patches = server
            .requests()
            .iter()
            .filter(|request| request.method == "PATCH")
            .count();
        assert!(patches <= 4 * 5 + 5, "{what}: {patches} PATCH requests");
        assert!(transfer.progress.bytes_sent <= bytes.len() as u64, "{what}");
    }
}

// A server sent ~320 KB of headers with each response: every header was
// kept, state.ron grew to tens of MB and the service's welcome outgrew its
// frame limit, for good. The record is bounded; the table is welcomed in
// pieces (see service::protocol's test).
#[test]
fn a_flood_of_response_headers_leaves_a_small_record() {
    let body = Arc::new(test_bytes(100_000, 78));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| {
        let mut reply = serve_bytes(request, &served, Some("\"f1\""));
        for index in 0..80 {
            reply = reply.with_header(&format!("X-Flood-{index}"), &"f".repeat(4000));
        }
        reply
    });
    let mut harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/flood.bin")));
    let transfer = harness.wait_completed(transfer_id);
    let response = transfer.response.expect("a response");
    let kept: usize = response
        .headers
        .iter()
        .map(|(name, value)| name.len() + value.len())
        .sum();
    assert!(kept <= 16 * 1024, "{kept} bytes of headers kept");
    assert!(
        response.headers_left_out > 60,
        "{}",
        response.headers_left_out
    );
    assert!(
        response.header("etag").is_some(),
        "the first headers are kept"
    );
    harness.restart();
    let state = std::fs::metadata(harness.state_dir.path().join("state.ron")).expect("state");
    assert!(
        state.len() < 32 * 1024,
        "state.ron is {} bytes",
        state.len()
    );
}

// Settings out of range made every transfer wait forever, silently; ranges
// past the end showed 90071992547409 %; a byte order mark made the file
// "corrupt".
#[test]
fn a_state_file_with_a_bom_and_settings_out_of_range_loads_set_right() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("state.ron"),
        "\u{FEFF}(version: 2, settings: (max_simultaneous_transfers: 0, connections_per_download: 0), \
         transfers: [(spec: (transfer_id: 5, url: \"http://127.0.0.1:9/a.iso\", destination: Folder(\"/tmp\")), \
         status: PausedByApplication, progress: (bytes_received: 90071992547409, total_bytes_to_receive: Some(1000)), \
         ranges: [(start: 0, end: 900000)])])",
    )
    .expect("write");
    let loaded = ferry::store::read_state(dir.path()).expect("read");
    assert_eq!(loaded.state.settings.max_simultaneous_transfers, 4);
    assert_eq!(loaded.state.settings.connections_per_download, 8);
    let transfer = &loaded.state.transfers[0];
    assert_eq!(transfer.progress.bytes_received, 1000);
    assert_eq!(transfer.bytes_on_disk(), 1000);
    assert_eq!(loaded.warnings.len(), 3, "{:?}", loaded.warnings);
    assert!(
        loaded
            .warnings
            .iter()
            .all(|warning| !warning.contains("could not be read")),
        "{:?}",
        loaded.warnings
    );
}

// A path that is not UTF-8 finished its transfer, then the state could not
// be saved and ferry never exited, SIGTERM or not. It is refused up front,
// in one line, with nothing created.
#[test]
fn a_path_that_is_not_utf8_is_refused_up_front() {
    use std::os::unix::ffi::OsStrExt;
    let server = TestServer::start(|request, _| serve_bytes(request, b"bytes", None));
    let root = tempfile::tempdir().expect("dir");
    let state_dir = root.path().join("state");
    let bad = root.path().join(std::ffi::OsStr::from_bytes(b"x\xff.bin"));
    std::fs::write(&bad, b"to send").expect("a file with such a name");
    let url = server.url("/f.bin").to_string();
    let runs: [Vec<std::ffi::OsString>; 3] = [
        vec![
            "get".into(),
            url.clone().into(),
            "-o".into(),
            bad.clone().into(),
        ],
        vec!["put".into(), bad.clone().into(), url.clone().into()],
        vec![
            "get".into(),
            url.into(),
            "-d".into(),
            root.path()
                .join(std::ffi::OsStr::from_bytes(b"d\xfe"))
                .into(),
        ],
    ];
    for arguments in runs {
        let output = std::process::Command::new(crate::support::ferry_binary())
            .arg("--state-dir")
            .arg(&state_dir)
            .args(&arguments)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run ferry");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}: {stderr}");
        assert!(stderr.contains("not valid UTF-8"), "{stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
    assert!(server.requests().is_empty());
    assert!(!state_dir.join("state.ron").exists());
}

// `Add` over the socket resolved a relative destination against the
// service's working folder (whichever client started it). The engine
// refuses relative paths; the service runs from `/`.
#[test]
fn a_relative_destination_is_refused_by_the_engine() {
    let harness = Harness::start();
    let spec = TransferSpec::download(
        "http://127.0.0.1:9/a.bin".parse().expect("url"),
        ferry::model::Destination::Folder("relative/folder".into()),
    );
    let refused = harness
        .call(Command::Add {
            spec: Box::new(spec),
            start: true,
        })
        .expect_err("refused");
    assert!(refused.to_string().contains("relative path"), "{refused}");
    assert!(harness.handle.snapshot().is_empty());
}

// The extra CA file was read without a bound (`--ca-cert /dev/zero` grew
// the service to 9.6 GB, a FIFO hung it), and a CA file of the settings
// that went away kept the service from ever starting again.
#[test]
fn a_ca_file_is_a_small_regular_file_and_a_missing_one_is_a_warning() {
    let root = tempfile::tempdir().expect("dir");
    let fifo = root.path().join("ca.fifo");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .expect("mkfifo");
    let large = root.path().join("large.pem");
    std::fs::write(&large, vec![b'A'; 2 * 1024 * 1024]).expect("write");
    for (ca, words) in [
        (std::path::PathBuf::from("/dev/zero"), "not a regular file"),
        (fifo, "not a regular file"),
        (large, "larger than"),
    ] {
        let mut child = std::process::Command::new(crate::support::ferry_binary())
            .arg("--state-dir")
            .arg(root.path().join("state"))
            .args(["get", "http://127.0.0.1:9/a.bin", "--ca-cert"])
            .arg(&ca)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("ferry hangs on --ca-cert {}", ca.display());
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
            .expect("read");
        assert_eq!(status.code(), Some(2), "{}: {stderr}", ca.display());
        assert!(stderr.contains(words), "{}: {stderr}", ca.display());
    }

    // A CA of the settings that went away: the engine starts without it.
    let state_dir = root.path().join("settings-state");
    std::fs::create_dir(&state_dir).expect("mkdir");
    std::fs::write(
        state_dir.join("state.ron"),
        "(version: 2, settings: (extra_ca_cert: Some(\"/nonexistent/ferry/ca.pem\")))",
    )
    .expect("write");
    let (engine, warnings) =
        ferry::engine::Engine::open(&state_dir, fast_config(), None).expect("the engine starts");
    assert!(
        warnings
            .iter()
            .any(|warning| warning.contains("running without it")),
        "{warnings:?}"
    );
    engine.shutdown();
}
