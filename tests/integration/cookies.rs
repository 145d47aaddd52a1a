//! Cookies: each transfer's jar sends a cookie only to the host and path it
//! belongs to, on every redirect and every connection, and keeps what its
//! servers set on the way (a login redirect).

use std::sync::Arc;

use ferry::model::Status;

use crate::cli::{ferry, stderr_of};
use crate::support::server::{Reply, TestServer, serve_bytes};
use crate::support::{Harness, test_bytes};

// A site that sets its session cookie on a redirect and wants it back:
// without a jar the download failed with 403.
#[test]
fn a_cookie_set_on_a_login_redirect_is_sent_after() {
    let body = Arc::new(test_bytes(300_000, 51));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| match request.path.as_str() {
        "/login" => Reply::status(302)
            .with_header("Location", "/file.bin")
            .with_header("Set-Cookie", "session=s3ss; Path=/; HttpOnly"),
        _ if request.header("cookie") == Some("session=s3ss") => {
            serve_bytes(request, &served, Some("\"c1\""))
        }
        _ => Reply::status(403),
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/login")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed, "{:?}", transfer.error);
    assert_eq!(harness.read_download("file.bin"), *body);
}

// A cookies.txt with cookies for two hosts (127.0.0.1 and localhost, both
// this machine): a segmented download from one host, through a redirect,
// sends that host's cookie on every connection and never the other's;
// a redirect to the other host sends only the other's.
#[test]
fn a_cookies_txt_gives_each_host_its_own_cookies_only() {
    let body = Arc::new(test_bytes(8_000_000, 52));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| match request.path.as_str() {
        "/go" => Reply::status(302).with_header("Location", "/big.bin"),
        "/away" => {
            let port = request
                .header("host")
                .and_then(|host| host.rsplit(':').next())
                .unwrap_or_default()
                .to_owned();
            Reply::status(302)
                .with_header("Location", &format!("http://localhost:{port}/other.bin"))
        }
        _ => serve_bytes(request, &served, Some("\"c2\"")),
    });
    let root = tempfile::tempdir().expect("dir");
    let cookies = root.path().join("cookies.txt");
    std::fs::write(
        &cookies,
        "# Netscape HTTP Cookie File\n\
         127.0.0.1\tFALSE\t/\tFALSE\t0\there\there-value\n\
         localhost\tFALSE\t/\tFALSE\t0\tthere\tthere-value\n",
    )
    .expect("write");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let state_dir = root.path().join("state");
    for (path, name) in [("/go", "big.bin"), ("/away", "other.bin")] {
        let got = ferry(
            &state_dir,
            &[
                "get",
                server.url(path).as_str(),
                "-c",
                "8",
                "--cookies",
                cookies.to_str().expect("utf-8"),
                "-d",
                downloads.to_str().expect("utf-8"),
                "--quiet",
            ],
        );
        assert_eq!(got.status.code(), Some(0), "{}", stderr_of(&got));
        assert_eq!(std::fs::read(downloads.join(name)).expect("file"), *body);
    }
    let requests = server.requests();
    let ranged = requests
        .iter()
        .filter(|request| request.path == "/big.bin" && request.header("range").is_some())
        .count();
    assert!(
        ranged >= 2,
        "{ranged} range requests: the download was segmented"
    );
    for request in &requests {
        let host = request.header("host").unwrap_or_default();
        let cookie = request.header("cookie");
        if host.starts_with("localhost") {
            assert_eq!(cookie, Some("there=there-value"), "{} {host}", request.path);
        } else {
            assert_eq!(cookie, Some("here=here-value"), "{} {host}", request.path);
        }
    }
    assert!(
        requests.iter().any(|request| request
            .header("host")
            .unwrap_or_default()
            .starts_with("localhost")),
        "the redirect to the other host was followed"
    );
}

// A cookies.txt that is not one is a clear error, and nothing starts.
#[test]
fn a_broken_cookies_txt_is_one_clear_error() {
    let root = tempfile::tempdir().expect("dir");
    let cookies = root.path().join("cookies.txt");
    std::fs::write(&cookies, "127.0.0.1\tMAYBE\t/\tFALSE\t0\ta\tb\n").expect("write");
    let state_dir = root.path().join("state");
    let got = ferry(
        &state_dir,
        &[
            "get",
            "http://127.0.0.1:9/never.bin",
            "--cookies",
            cookies.to_str().expect("utf-8"),
        ],
    );
    let stderr = stderr_of(&got);
    assert_eq!(got.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("line 1"), "{stderr}");
    assert!(!state_dir.exists(), "nothing created");
}

// With no keyring, cookies are lost with a killed process: the transfer
// waits for them, and the same `ferry get --cookies` gives them back and
// finishes it by range.
#[test]
fn a_rerun_with_its_cookies_finishes_a_killed_download() {
    let body = Arc::new(test_bytes(3_000_000, 53));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| {
        if request.header("cookie") == Some("pass=ok") {
            serve_bytes(request, &served, Some("\"c3\""))
                .drip(16 * 1024, std::time::Duration::from_millis(10))
        } else {
            Reply::status(403)
        }
    });
    let root = tempfile::tempdir().expect("dir");
    let cookies = root.path().join("cookies.txt");
    std::fs::write(&cookies, "127.0.0.1\tFALSE\t/\tFALSE\t0\tpass\tok\n").expect("write");
    let state_dir = root.path().join("state");
    let url = server.url("/kept.bin").to_string();
    let root_text = root.path().to_string_lossy().into_owned();
    let get = [
        "get",
        url.as_str(),
        "--cookies",
        cookies.to_str().expect("utf-8"),
        "-d",
        root_text.as_str(),
        "--quiet",
    ];
    let mut child = crate::support::spawn_ferry(&state_dir, &get);
    crate::support::wait_until_saved(&state_dir, |transfer| transfer.bytes_on_disk() > 100_000);
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    let asked_before = server.requests().len();

    let finished = ferry(&state_dir, &get);
    assert_eq!(finished.status.code(), Some(0), "{}", stderr_of(&finished));
    assert_eq!(
        std::fs::read(root.path().join("kept.bin")).expect("file"),
        *body
    );
    let after = &server.requests()[asked_before..];
    assert!(
        after
            .iter()
            .all(|request| request.header("cookie") == Some("pass=ok")),
        "every request after the rerun carried the cookie"
    );
    assert!(
        after
            .iter()
            .any(|request| request.header("range").is_some())
    );
}

// An upload to a site that wants its session cookie: `ferry put
// --cookies` sends the cookie that belongs to the upload's host.
#[test]
fn an_upload_sends_its_hosts_cookie() {
    let server = TestServer::start(|request, _| {
        if request.header("cookie") == Some("up=yes") {
            Reply::status(201)
        } else {
            Reply::status(403)
        }
    });
    let root = tempfile::tempdir().expect("dir");
    let cookies = root.path().join("cookies.txt");
    std::fs::write(
        &cookies,
        "127.0.0.1\tFALSE\t/\tFALSE\t0\tup\tyes\nlocalhost\tFALSE\t/\tFALSE\t0\tother\tno\n",
    )
    .expect("write");
    let file = root.path().join("report.txt");
    std::fs::write(&file, b"uploaded with a cookie").expect("write");
    let put = ferry(
        &root.path().join("state"),
        &[
            "put",
            file.to_str().expect("utf-8"),
            server.url("/inbox/report.txt").as_str(),
            "--cookies",
            cookies.to_str().expect("utf-8"),
            "--quiet",
        ],
    );
    assert_eq!(put.status.code(), Some(0), "{}", stderr_of(&put));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].body, b"uploaded with a cookie");
}

// A download from a private browser window keeps its cookies only until
// it completes: then they are gone from memory (and the keyring), as the
// private window's own are when it closes. Another download keeps its.
#[test]
fn a_private_windows_cookies_are_forgotten_once_its_download_completes() {
    let body = Arc::new(test_bytes(200_000, 53));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| {
        if request.header("cookie") == Some("sid=PRIVATE") {
            serve_bytes(request, &served, Some("\"p1\""))
        } else {
            Reply::status(403)
        }
    });
    let harness = Harness::start();
    let cookie = ferry::model::GivenCookie {
        domain: "127.0.0.1".to_owned(),
        include_subdomains: false,
        path: "/".to_owned(),
        secure: false,
        expires_unix_secs: None,
        name: "sid".to_owned(),
        value: "PRIVATE".to_owned(),
    };
    let mut ids = Vec::new();
    for (name, is_private) in [("private.bin", true), ("kept.bin", false)] {
        let mut spec = harness.spec(server.url(&format!("/{name}")));
        spec.cookies = vec![cookie.clone()];
        spec.is_private = is_private;
        ids.push(harness.add(spec));
    }
    for transfer_id in &ids {
        let transfer = harness.wait_settled(*transfer_id);
        assert_eq!(transfer.status, Status::Completed, "{:?}", transfer.error);
    }
    assert_eq!(harness.read_download("private.bin"), *body);
    let private = harness.handle.transfer(ids[0]).expect("private");
    assert!(private.spec.cookies.is_empty(), "the private cookie stays");
    assert!(!private.spec.has_secrets);
    let kept = harness.handle.transfer(ids[1]).expect("kept");
    assert_eq!(kept.spec.cookies, vec![cookie]);
}

// A cookie the server sets on the file's own response is a secret: the
// response record (state.ron, the window, list --json) keeps its name
// only, never its value.
#[test]
fn a_cookie_the_server_sets_is_not_kept_in_the_response_record() {
    let body = Arc::new(test_bytes(100_000, 54));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| {
        serve_bytes(request, &served, Some("\"s1\""))
            .with_header("Set-Cookie", "session=SERVER-SECRET-77; Path=/; HttpOnly")
    });
    let harness = Harness::start();
    let transfer_id = harness.add(harness.spec(server.url("/with-cookie.bin")));
    let transfer = harness.wait_settled(transfer_id);
    assert_eq!(transfer.status, Status::Completed, "{:?}", transfer.error);
    let response = transfer.response.expect("a response");
    assert!(
        response
            .headers
            .iter()
            .any(|(name, value)| name == "set-cookie" && !value.contains("SERVER-SECRET"))
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(harness.handle.saved()).expect("saved");
    assert_eq!(
        crate::support::files_holding(harness.state_dir.path(), "SERVER-SECRET-77"),
        Vec::<String>::new()
    );
}
