//! The browser hand-off as a user meets it: `ferry browser install` in a
//! fresh home, a real Chromium with ferry's extension, a loopback site
//! whose file needs the page's session cookie and its referrer. ferry's
//! host and service take the download; without ferry, Chromium keeps it.
//! And the host on its own: who may start it, its framing and limits.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferry::desktop::browser::manifests::{CHROMIUM_EXTENSION_ID, FIREFOX_ADDON_ID};
use ferry::model::Status;

use crate::cli::stderr_of;
use crate::support::browsers::Browser;
use crate::support::server::{RecordedRequest, Reply, TestServer, serve_bytes};
use crate::support::{ferry_binary, test_bytes, wait_until_saved};

const SESSION: &str = "sid=S3SSION-71";

/// `ferry ARGUMENTS` as the user of `home`.
fn ferry_at_home(home: &Path, state_dir: &Path, arguments: &[&str]) -> Output {
    Command::new(ferry_binary())
        .arg("--state-dir")
        .arg(state_dir)
        .args(arguments)
        .env("HOME", home)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(Stdio::null())
        .output()
        .expect("run ferry")
}

/// A home where Chromium and Firefox have run once (their profile
/// folders exist) and whose download folder is `home/Downloads`, for
/// ferry and the browsers.
fn fresh_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("home");
    std::fs::create_dir_all(home.path().join(".config/chromium")).expect("profile");
    std::fs::create_dir_all(home.path().join(".mozilla")).expect("profile");
    std::fs::create_dir_all(home.path().join("Downloads")).expect("downloads");
    std::fs::write(
        home.path().join(".config/user-dirs.dirs"),
        "XDG_DOWNLOAD_DIR=\"$HOME/Downloads\"\n",
    )
    .expect("user dirs");
    home
}

/// A site: `/` sets a session cookie and follows its link to `/file.bin`
/// after a moment (the extension is loaded by then); the file is served
/// only with that cookie and the page as referrer.
fn site(body: &Arc<Vec<u8>>) -> TestServer {
    let served = Arc::clone(body);
    let page: &'static str = "<html><body><a id=go href=/file.bin>the file</a>\
        <script>setTimeout(() => document.getElementById('go').click(), 2500)</script>\
        </body></html>";
    TestServer::start(move |request, _| match request.path.as_str() {
        "/" => Reply {
            status: 200,
            body: page.as_bytes().to_vec(),
            ..Reply::default()
        }
        .with_header("Content-Type", "text/html")
        .with_header("Set-Cookie", &format!("{SESSION}; HttpOnly; Path=/")),
        "/file.bin" if is_from_the_page(request) => serve_bytes(request, &served, Some("\"b1\""))
            .with_header("Content-Disposition", "attachment; filename=\"file.bin\""),
        "/file.bin" => Reply::status(403),
        _ => Reply::status(404),
    })
}

fn is_from_the_page(request: &RecordedRequest) -> bool {
    request
        .header("cookie")
        .is_some_and(|cookie| cookie.contains(SESSION))
        && request.header("referer").is_some_and(|referer| {
            referer.ends_with('/') && referer.starts_with("http://127.0.0.1:")
        })
}

/// [`fresh_home`] after `ferry browser install`; its state folder, and
/// what install said.
fn home_with_ferry_installed() -> (tempfile::TempDir, PathBuf, String) {
    let home = fresh_home();
    let state_dir = home.path().join("state");
    let installed = ferry_at_home(home.path(), &state_dir, &["browser", "install"]);
    assert_eq!(
        installed.status.code(),
        Some(0),
        "{}",
        stderr_of(&installed)
    );
    let said = String::from_utf8_lossy(&installed.stdout).into_owned();
    (home, state_dir, said)
}

fn files_in(folder: &Path) -> Vec<String> {
    crate::support::file_names(folder)
}

/// Waits until `check` holds, at most `seconds`.
fn wait_until(seconds: u64, what: &str, check: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !check() {
        assert!(Instant::now() < deadline, "{what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The whole round trip in the browser `open` starts (`name` as `ferry
/// browser status` calls it; `agent` in its user agent): the page's link is
/// followed, the extension hands the download to ferry (start without
/// asking), and ferry fetches it with the page's HttpOnly session cookie,
/// its referrer and the browser's user agent; the file is byte-exact, the
/// browser keeps no copy, the cookie is not on disk, and `ferry browser
/// status` saw the extension.
fn round_trip(open: fn(&Path, &str) -> Browser, name: &str, agent: &str, seed: u8) {
    let body = Arc::new(test_bytes(700_000, seed));
    let server = site(&body);
    let (home, state_dir, said) = home_with_ferry_installed();
    assert!(said.contains(&format!("{name}: ")), "{said}");
    assert!(said.contains(CHROMIUM_EXTENSION_ID), "{said}");
    let off = ferry_at_home(home.path(), &state_dir, &["browser", "ask", "off"]);
    assert_eq!(off.status.code(), Some(0), "{}", stderr_of(&off));

    let browser = open(home.path(), server.url("/").as_str());
    let done = wait_until_saved(&state_dir, |transfer| transfer.status.is_terminal());
    assert_eq!(done.status, Status::Completed, "{:?}", done.error);
    let downloads = home.path().join("Downloads");
    assert_eq!(
        std::fs::read(downloads.join("file.bin")).expect("ferry's file"),
        *body
    );
    // The browser's own copy was cancelled and erased: nothing else appears.
    std::thread::sleep(Duration::from_secs(1));
    drop(browser);
    assert_eq!(files_in(&downloads), vec!["file.bin"]);
    let fetched: Vec<RecordedRequest> = server
        .requests()
        .into_iter()
        .filter(|request| request.path == "/file.bin")
        .collect();
    let by_ferry = fetched.last().expect("ferry's request");
    assert!(is_from_the_page(by_ferry), "{:?}", by_ferry.headers);
    assert!(
        by_ferry
            .header("user-agent")
            .is_some_and(|user_agent| user_agent.contains(agent)),
        "{:?}",
        by_ferry.header("user-agent")
    );
    assert_eq!(
        crate::support::files_holding(&state_dir, "S3SSION-71"),
        Vec::<String>::new(),
        "the session cookie is on disk"
    );
    let status = ferry_at_home(home.path(), &state_dir, &["browser", "status"]);
    let said = String::from_utf8_lossy(&status.stdout).into_owned();
    assert!(said.contains(&format!("{name}: host installed")), "{said}");
    assert!(
        said.contains("its extension last talked to ferry"),
        "{said}"
    );
    let _ = ferry_at_home(home.path(), &state_dir, &["quit"]);
}

#[test]
fn a_link_followed_in_chromium_is_downloaded_by_ferry_with_the_pages_cookie() {
    round_trip(Browser::chromium, "Chromium", "Chrome/", 81);
}

#[test]
fn a_link_followed_in_firefox_is_downloaded_by_ferry_with_the_pages_cookie() {
    round_trip(Browser::firefox, "Firefox", "Firefox/", 83);
}

// A host that never answers (hung): after a second the extension lets
// Chromium download the file itself, as if ferry were not there. (And
// `uninstall` removes what `install` wrote.)
#[test]
fn without_ferry_chromium_keeps_the_download() {
    let body = Arc::new(test_bytes(300_000, 82));
    let server = site(&body);
    let (home, state_dir, _) = home_with_ferry_installed();
    let removed = ferry_at_home(home.path(), &state_dir, &["browser", "uninstall"]);
    assert_eq!(removed.status.code(), Some(0), "{}", stderr_of(&removed));
    // The extension stays loaded from a copy, as a user's would.
    let extension = home.path().join(".local/share/ferry/browser");
    assert!(
        !extension.exists(),
        "uninstall removes the extension's folder"
    );
    assert!(
        !home
            .path()
            .join(".config/chromium/NativeMessagingHosts/ferry.native_host.json")
            .exists()
    );
    let again = ferry_at_home(home.path(), &state_dir, &["browser", "install"]);
    assert_eq!(again.status.code(), Some(0));
    let host = home.path().join(".local/share/ferry/native-host");
    std::fs::write(&host, "#!/bin/sh\nexec sleep 30\n").expect("a host that hangs");

    let _chromium = Browser::chromium(home.path(), server.url("/").as_str());
    let downloads = home.path().join("Downloads");
    wait_until(40, "Chromium did not download the file itself", || {
        std::fs::read(downloads.join("file.bin")).is_ok_and(|bytes| bytes == *body)
    });
    assert!(
        ferry::store::read_state(&state_dir)
            .map_or(true, |loaded| loaded.state.transfers.is_empty()),
        "ferry holds a transfer"
    );
}

/// `ferry native-host ARGUMENTS` fed `input`: its exit code, its replies
/// (decoded) and its stderr. No display: a window it starts cannot open.
fn host(state_dir: &Path, arguments: &[&str], input: &[u8]) -> (Option<i32>, Vec<String>, String) {
    let mut child = Command::new(ferry_binary())
        .arg("--state-dir")
        .arg(state_dir)
        .arg("native-host")
        .args(arguments)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("host");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("write");
    drop(stdin);
    let output = child.wait_with_output().expect("wait");
    let mut replies = Vec::new();
    let mut rest = output.stdout.as_slice();
    while rest.len() >= 4 {
        let length = u32::from_ne_bytes(rest[..4].try_into().expect("4 bytes")) as usize;
        replies.push(String::from_utf8_lossy(&rest[4..4 + length]).into_owned());
        rest = &rest[4 + length..];
    }
    assert!(rest.is_empty(), "a reply was cut");
    (
        output.status.code(),
        replies,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn framed(body: &[u8]) -> Vec<u8> {
    let mut bytes = (body.len() as u32).to_ne_bytes().to_vec();
    bytes.extend_from_slice(body);
    bytes
}

// The host answers only ferry's extension, reads framed messages up to
// 1 MiB, turns down what it does not understand one message at a time,
// stops at a broken frame, and starts the service when none runs.
#[test]
fn the_native_host_answers_only_ferrys_extension_within_its_limits() {
    let root = tempfile::tempdir().expect("dir");
    let state_dir: PathBuf = root.path().join("state");
    let chromium = format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/");

    let (code, replies, stderr) = host(
        &state_dir,
        &["chrome-extension://abcdefghijklmnopabcdefghijklmnop/"],
        &framed(br#"{"type":"hello"}"#),
    );
    assert_eq!(code, Some(2));
    assert!(replies.is_empty());
    assert!(
        stderr.contains("answers only ferry's extension"),
        "{stderr}"
    );
    assert!(!state_dir.exists(), "a stranger started the service");

    let mut input = framed(br#"{"type":"hello"}"#);
    input.extend(framed(b"\xff\xfe not utf-8"));
    input.extend(framed(br#"{"type":"settings","download_folder":"/etc"}"#));
    input.extend(framed(br#"{"type":"download","url":"data:text/plain,hi"}"#));
    input.extend([7, 0]);
    let (code, replies, _) = host(&state_dir, &[&chromium], &input);
    assert_eq!(code, Some(2), "{replies:?}");
    assert_eq!(replies.len(), 5, "{replies:?}");
    assert!(
        replies[0].starts_with(r#"{"ok":true,"version":"#),
        "{}",
        replies[0]
    );
    assert!(replies[1].contains("not UTF-8"), "{}", replies[1]);
    assert!(replies[2].contains("does not understand"), "{}", replies[2]);
    assert!(
        replies[3].contains("the browser keeps data: links"),
        "{}",
        replies[3]
    );
    assert!(
        replies[4].contains("within a message's length"),
        "{}",
        replies[4]
    );

    // Over 1 MiB: refused before its body is read.
    let mut oversized = ((1024 * 1024 + 1) as u32).to_ne_bytes().to_vec();
    oversized.extend(vec![b' '; 64]);
    let (code, replies, _) = host(
        &state_dir,
        &[
            "/home/a/.mozilla/native-messaging-hosts/ferry.native_host.json",
            FIREFOX_ADDON_ID,
        ],
        &oversized,
    );
    assert_eq!(code, Some(2));
    assert!(replies[0].contains("over ferry's limit"), "{replies:?}");
    let _ = crate::cli::ferry(&state_dir, &["quit"]);
}

/// Connects a window that draws, and returns the first request it gets.
fn first_window_request(
    folder: &crate::support::service::ServiceFolder,
) -> (ferry::service::RemoteEngine, ferry::service::WindowRequest) {
    let mut window = folder.client();
    let mut requests = window.take_window_requests().expect("requests");
    window.window_ready();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(request) = requests.try_recv() {
            return (window, request);
        }
        assert!(Instant::now() < deadline, "the window got nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
}

// "Download all links with ferry…": the page's http and https links, each
// once, go to the window to pick from (never added by themselves).
#[test]
fn a_pages_links_go_to_the_window_to_pick_from() {
    let folder = crate::support::service::ServiceFolder::new();
    let chromium = format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/");
    let message = br#"{"type":"links","links":["http://127.0.0.1:9/a.zip",
        "javascript:void(0)","http://127.0.0.1:9/a.zip#top","https://127.0.0.1:9/b.pdf",
        "mailto:a@b.c"],"referrer":"http://127.0.0.1:9/list"}"#;
    let (code, replies, stderr) = host(&folder.state_dir(), &[&chromium], &framed(message));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(replies, vec![r#"{"ok":true,"asked":true}"#.to_owned()]);
    let (window, request) = first_window_request(&folder);
    let ferry::service::WindowRequest::PickLinks(links) = request else {
        panic!("{request:?}");
    };
    let links: Vec<&str> = links.links.iter().map(url::Url::as_str).collect();
    assert_eq!(
        links,
        vec!["http://127.0.0.1:9/a.zip", "https://127.0.0.1:9/b.pdf"]
    );
    assert!(window.handle().snapshot().is_empty());
}

// By default a download from the browser waits in ferry's add dialog.
// With no window open, the host starts one and the service keeps the
// download for it; the window that opens next gets it, cookies and all,
// and nothing is added before the user says so.
#[test]
fn a_browser_download_waits_for_the_next_window_when_none_is_open() {
    let folder = crate::support::service::ServiceFolder::new();
    let state_dir = folder.state_dir();
    let chromium = format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/");
    let message = br#"{"type":"download","url":"http://127.0.0.1:9/report.pdf",
        "referrer":"http://127.0.0.1:9/","fileName":"report.pdf","size":2048,
        "cookies":[{"name":"sid","value":"KEPT-FOR-WINDOW","domain":"127.0.0.1",
        "hostOnly":true,"path":"/","secure":false}]}"#;
    let (code, replies, stderr) = host(&state_dir, &[&chromium], &framed(message));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(replies, vec![r#"{"ok":true,"asked":true}"#.to_owned()]);

    let (window, request) = first_window_request(&folder);
    let ferry::service::WindowRequest::AddFromBrowser(download) = request else {
        panic!("{request:?}");
    };
    assert_eq!(download.url.as_str(), "http://127.0.0.1:9/report.pdf");
    assert_eq!(download.file_name.as_deref(), Some("report.pdf"));
    assert_eq!(download.cookies[0].value, "KEPT-FOR-WINDOW");
    assert!(window.handle().snapshot().is_empty(), "added before asking");
    assert_eq!(
        crate::support::files_holding(&state_dir, "KEPT-FOR-WINDOW"),
        Vec::<String>::new()
    );
}
