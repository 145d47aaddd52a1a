//! Proxies as `ferry get` meets them: from the environment, from
//! `--proxy` and `--noproxy`, and from the settings; SOCKS5 and HTTP
//! carry the download (real tinyproxy and microsocks with logins); a
//! proxy ferry cannot use, cannot reach or that wants credentials is a
//! clear error that names it and where it came from.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use crate::cli::stderr_of;
use crate::support::real_proxy::{Microsocks, Tinyproxy, through_tinyproxy};
use crate::support::server::{TestServer, serve_bytes};
use crate::support::socks::SocksProxy;
use crate::support::{ferry_binary, file_names, files_holding, test_bytes};

const PROXY_VARIABLES: [&str; 8] = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

/// `ferry get URL` into `downloads` with only `all_proxy` set.
fn get_through(all_proxy: &str, state_dir: &Path, downloads: &Path, url: &str) -> Output {
    get_with_proxy("all_proxy", all_proxy, state_dir, downloads, url)
}

/// `ferry get URL` into `downloads` with only `variable` set to `proxy`.
fn get_with_proxy(
    variable: &str,
    proxy: &str,
    state_dir: &Path,
    downloads: &Path,
    url: &str,
) -> Output {
    ferry_get(&[(variable, proxy)], state_dir, downloads, url, &[])
}

/// `ferry get URL [arguments]` into `downloads`, with only the proxy
/// variables of `environment` set.
fn ferry_get(
    environment: &[(&str, &str)],
    state_dir: &Path,
    downloads: &Path,
    url: &str,
    arguments: &[&str],
) -> Output {
    let mut command = Command::new(ferry_binary());
    for variable in PROXY_VARIABLES {
        command.env_remove(variable);
    }
    command
        .envs(environment.iter().copied())
        .arg("--state-dir")
        .arg(state_dir)
        .args(["get", url, "-d", &downloads.to_string_lossy(), "--quiet"])
        .args(["--connect-timeout", "5"])
        .args(arguments)
        .stdin(Stdio::null())
        .output()
        .expect("run ferry")
}

#[test]
fn all_proxy_socks5_carries_the_download() {
    let body = Arc::new(test_bytes(300_000, 70));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"p\"")));
    let proxy = SocksProxy::start();
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let url = server.url("/via/socks.bin").to_string();
    for scheme in ["socks5", "socks5h"] {
        let output = get_through(
            &format!("{scheme}://{}", proxy.address),
            &root.path().join(format!("state-{scheme}")),
            &downloads,
            &url,
        );
        assert_eq!(
            output.status.code(),
            Some(0),
            "{scheme}: {}",
            stderr_of(&output)
        );
    }
    assert_eq!(
        std::fs::read(downloads.join("socks.bin")).expect("file"),
        *body
    );
    let origin = format!("127.0.0.1:{}", server.url("/").port().expect("port"));
    assert_eq!(proxy.targets(), vec![origin.clone(), origin]);
}

#[test]
fn a_proxy_ferry_cannot_use_is_named_at_once() {
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let state_dir = root.path().join("state");
    let output = get_through(
        "gopher://127.0.0.1:9",
        &state_dir,
        &downloads,
        "http://127.0.0.1:9/file.bin",
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("all_proxy"), "{stderr}");
    assert!(stderr.contains("gopher://127.0.0.1:9"), "{stderr}");
    assert!(file_names(&downloads).is_empty());
    assert!(!state_dir.exists(), "the state folder was created");
}

// A proxy that wants credentials was reported as the server answering
// 407 and the fix offered was --user (the origin's credentials). It is
// named, with where its credentials go; given there, it carries the
// download. Real tinyproxy with BasicAuth.
#[test]
fn a_proxy_that_wants_credentials_is_named_and_carries_with_them() {
    let body = Arc::new(test_bytes(200_000, 71));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"p7\"")));
    let proxy = Tinyproxy::start_with_login("ana", "pw");
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let url = server.url("/through.bin");

    let refused = get_with_proxy(
        "http_proxy",
        &format!("http://{}", proxy.address),
        &root.path().join("state1"),
        &downloads,
        url.as_str(),
    );
    let stderr = stderr_of(&refused);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "the proxy {} (from http_proxy) asks for credentials (407)",
            proxy.address
        )),
        "{stderr}"
    );
    assert!(server.requests().is_empty(), "nothing reached the origin");

    let carried = get_with_proxy(
        "http_proxy",
        &format!("http://ana:pw@{}", proxy.address),
        &root.path().join("state2"),
        &downloads,
        url.as_str(),
    );
    assert_eq!(carried.status.code(), Some(0), "{}", stderr_of(&carried));
    assert_eq!(
        std::fs::read(downloads.join("through.bin")).expect("file"),
        *body
    );
    assert!(!server.requests().is_empty());
}

/// A proxy that cannot be reached is blamed, not the origin: a dead HTTP
/// proxy was reported as "cannot connect to" the origin's address.
#[test]
fn a_proxy_that_cannot_be_reached_is_named_as_the_problem() {
    let server = TestServer::start(|request, _| serve_bytes(request, b"never", None));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed_address = closed.local_addr().expect("address");
    drop(closed);
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    for (variable, proxy, named) in [
        (
            "all_proxy",
            format!("socks5://{closed_address}"),
            format!("cannot connect to the proxy {closed_address} (from all_proxy)"),
        ),
        (
            "http_proxy",
            closed_address.to_string(),
            format!("cannot connect to the proxy {closed_address} (from http_proxy)"),
        ),
    ] {
        let output = get_with_proxy(
            variable,
            &proxy,
            &root.path().join(format!("state-{variable}")),
            &downloads,
            server.url("/far.bin").as_str(),
        );
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&named), "{stderr}");
    }
    assert!(server.requests().is_empty());
    assert!(file_names(&downloads).is_empty());
}

// `--proxy` sends one download through a proxy of the user's choosing,
// whatever the environment says: real tinyproxy (HTTP, BasicAuth) and
// microsocks (SOCKS5, user and password). Without the login each is named
// as the one refusing ("from --proxy"); with it the file is byte-exact,
// and the proxy's password is in none of ferry's files.
#[test]
fn the_proxy_option_carries_through_real_proxies_with_their_logins() {
    let body = Arc::new(test_bytes(250_000, 72));
    let served = Arc::clone(&body);
    let server = TestServer::start(move |request, _| serve_bytes(request, &served, Some("\"q\"")));
    let http_proxy = Tinyproxy::start_with_login("ana", "Pr0xyPass");
    let socks_proxy = Microsocks::start_socks_with_login("bo", "S0cksPass");
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    // A dead proxy in the environment: --proxy wins over it.
    let environment = [("http_proxy", "http://127.0.0.1:9")];
    for (proxy, scheme, login, name) in [
        (&http_proxy, "http", "ana:Pr0xyPass", "via-http.bin"),
        (&socks_proxy, "socks5h", "bo:S0cksPass", "via-socks.bin"),
    ] {
        let url = server.url(&format!("/{name}")).to_string();
        let state_dir = root.path().join(format!("state-{scheme}"));
        let refused = ferry_get(
            &environment,
            &state_dir,
            &downloads,
            &url,
            &["--proxy", &format!("{scheme}://{}", proxy.address)],
        );
        let stderr = stderr_of(&refused);
        assert_eq!(refused.status.code(), Some(1), "{scheme}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "the proxy {} (from --proxy) asks for",
                proxy.address
            )),
            "{scheme}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("--proxy {scheme}://NAME@{}", proxy.address)),
            "{scheme}: {stderr}"
        );
        let carried = ferry_get(
            &environment,
            &state_dir,
            &downloads,
            &url,
            &["--proxy", &format!("{scheme}://{login}@{}", proxy.address)],
        );
        assert_eq!(
            carried.status.code(),
            Some(0),
            "{scheme}: {}",
            stderr_of(&carried)
        );
        assert_eq!(std::fs::read(downloads.join(name)).expect("file"), *body);
        assert!(
            !files_holding(&state_dir, &proxy.address).is_empty(),
            "the proxy is kept with the transfer"
        );
        let password = login.split_once(':').expect("login").1;
        assert_eq!(
            files_holding(&state_dir, password),
            Vec::<String>::new(),
            "{scheme}: the proxy's password is on disk"
        );
    }
    let requests = server.requests();
    assert_eq!(
        through_tinyproxy(&requests),
        1,
        "exactly the HTTP proxy's download came through tinyproxy"
    );
    assert_eq!(
        requests.len(),
        2,
        "the refused attempts never reached the origin"
    );
}

// `--noproxy '*'` goes direct whatever the environment says; a host in
// `--noproxy LIST` goes direct past `--proxy`; a dead `--proxy` is named.
#[test]
fn noproxy_goes_direct_and_a_dead_proxy_option_is_named() {
    let server = TestServer::start(|request, _| serve_bytes(request, b"direct", None));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = closed.local_addr().expect("address").to_string();
    drop(closed);
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let dead_url = format!("http://{dead}");
    let environment = [("http_proxy", dead_url.as_str())];

    let all_direct = ferry_get(
        &environment,
        &root.path().join("state1"),
        &downloads,
        server.url("/one.txt").as_str(),
        &["--noproxy", "*"],
    );
    assert_eq!(
        all_direct.status.code(),
        Some(0),
        "{}",
        stderr_of(&all_direct)
    );

    let listed = ferry_get(
        &[],
        &root.path().join("state2"),
        &downloads,
        server.url("/two.txt").as_str(),
        &["--proxy", &dead_url, "--noproxy", "localhost,127.0.0.1"],
    );
    assert_eq!(listed.status.code(), Some(0), "{}", stderr_of(&listed));
    assert_eq!(file_names(&downloads), vec!["one.txt", "two.txt"]);

    let refused = ferry_get(
        &[],
        &root.path().join("state3"),
        &downloads,
        server.url("/three.txt").as_str(),
        &["--proxy", &dead_url],
    );
    let stderr = stderr_of(&refused);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot connect to the proxy {dead} (from --proxy)"
        )),
        "{stderr}"
    );

    // Bad input: one line, nothing created.
    let state_dir = root.path().join("state4");
    for arguments in [
        &["--proxy", "gopher://127.0.0.1:70"][..],
        &["--noproxy", ".lan"][..],
    ] {
        let bad = ferry_get(
            &[],
            &state_dir,
            &downloads,
            server.url("/four.txt").as_str(),
            arguments,
        );
        let stderr = stderr_of(&bad);
        assert_eq!(bad.status.code(), Some(2), "{arguments:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
    assert!(!state_dir.exists(), "bad input created the state folder");
}
