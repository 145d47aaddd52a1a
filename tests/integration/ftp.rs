//! FTP downloads against a real server (pyftpdlib): anonymous and with a
//! login, byte-exact; FTP's replies in plain words (530, 550, a folder);
//! a resume with REST only when SIZE and MDTM still match what was
//! recorded, a start over when the file changed; several connections.

use std::path::Path;
use std::time::Duration;

use ferry::model::{Status, Validator};

use crate::cli::{ferry, stderr_of};
use crate::support::ftp::FtpServer;
use crate::support::{Harness, file_names, test_bytes};

fn get(state_dir: &Path, downloads: &Path, url: &str, extra: &[&str]) -> std::process::Output {
    let mut arguments = vec![
        "get",
        url,
        "-d",
        downloads.to_str().expect("utf-8"),
        "--quiet",
    ];
    arguments.extend_from_slice(extra);
    ferry(state_dir, &arguments)
}

// `ferry get ftp://…` as a user types it: anonymous, then a login given
// with --user; a wrong login, a missing file and a folder are each one
// clear line, and nothing is left in the download folder.
#[test]
fn ferry_get_downloads_over_ftp_and_says_what_the_server_refused() {
    let server = FtpServer::start();
    let public = test_bytes(300_000, 91);
    let private = test_bytes(120_000, 92);
    server.put(&server.public, "public.bin", &public);
    std::fs::create_dir(server.public.join("folder")).expect("mkdir");
    server.put(&server.private, "private.bin", &private);
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let state_dir = root.path().join("state");

    let anonymous = get(&state_dir, &downloads, &server.url("/public.bin"), &[]);
    assert_eq!(
        anonymous.status.code(),
        Some(0),
        "{}",
        stderr_of(&anonymous)
    );
    assert_eq!(
        std::fs::read(downloads.join("public.bin")).expect("file"),
        public
    );

    let wrong = get(
        &state_dir,
        &downloads,
        &server.url("/private.bin"),
        &["--user", "ana:nope"],
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr_of(&wrong).contains("refused the login"),
        "{}",
        stderr_of(&wrong)
    );
    let given = get(
        &state_dir,
        &downloads,
        &server.url("/private.bin"),
        &["--user", "ana:pw"],
    );
    assert_eq!(given.status.code(), Some(0), "{}", stderr_of(&given));
    assert_eq!(
        std::fs::read(downloads.join("private.bin")).expect("file"),
        private
    );

    let missing = get(&state_dir, &downloads, &server.url("/missing.bin"), &[]);
    assert_eq!(missing.status.code(), Some(1));
    let said = stderr_of(&missing);
    assert!(said.contains("no such file on the FTP server"), "{said}");
    assert!(
        said.contains("(550 /missing.bin is not retrievable.)"),
        "{said}"
    );
    let folder = get(&state_dir, &downloads, &server.url("/folder"), &[]);
    assert_eq!(folder.status.code(), Some(1));
    assert!(
        stderr_of(&folder).contains("this is a folder on the FTP server"),
        "{}",
        stderr_of(&folder)
    );
    assert_eq!(file_names(&downloads), vec!["private.bin", "public.bin"]);
}

/// A run refused because the server's certificate is not trusted, with
/// the fingerprint to compare.
fn refused_as_untrusted(output: &std::process::Output) {
    let said = stderr_of(output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("not trusted"), "{said}");
    assert!(said.contains("SHA-256 fingerprint"), "{said}");
}

/// A harness whose download of `name` from `server` is stopped (the
/// engine shut down, as at a reboot) once some of it is on disk; the
/// engine starts again (and resumes it) with `restart`.
/// The server saw the login and the data go over TLS (AUTH TLS, PROT P).
fn assert_went_over_tls(server: &FtpServer) {
    let commands = server.commands();
    for wanted in ["AUTH TLS", "PROT P"] {
        assert!(
            commands.iter().any(|command| command == wanted),
            "no {wanted}: {commands:?}"
        );
    }
}

fn stopped_part_way(server: &FtpServer, name: &str) -> (Harness, ferry::model::TransferId) {
    let mut harness = Harness::start();
    let url = url::Url::parse(&server.url(&format!("/{name}"))).expect("url");
    let mut spec = harness.spec(url);
    spec.connections = Some(1);
    let transfer_id = harness.add(spec);
    harness.wait_for(transfer_id, |transfer| {
        transfer.bytes_on_disk() >= 256 * 1024
    });
    if let Some(engine) = harness.engine.take() {
        engine.shutdown();
    }
    (harness, transfer_id)
}

// An FTP download stopped part way resumes with REST where the bytes on
// disk end, because SIZE and MDTM are what was recorded; the file is
// byte-exact and did not start over.
#[test]
fn an_ftp_download_resumes_with_rest_when_the_file_is_the_same() {
    let server = FtpServer::start_throttled(512 * 1024);
    let body = test_bytes(2_000_000, 93);
    server.put(&server.public, "same.bin", &body);
    let (mut harness, transfer_id) = stopped_part_way(&server, "same.bin");
    harness.restart();
    let kept = harness.handle.transfer(transfer_id).expect("transfer");
    assert!(matches!(
        kept.validator,
        Some(Validator::SizeAndModified {
            size: 2_000_000,
            ..
        })
    ));
    let done = harness.wait_settled(transfer_id);
    assert_eq!(done.status, Status::Completed, "{:?}", done.error);
    assert!(!crate::support::saw_restart_in_progress(
        &harness.drain_events()
    ));
    assert_eq!(harness.read_download("same.bin"), body);
    let rests: Vec<String> = server
        .commands()
        .into_iter()
        .filter(|command| command.starts_with("REST "))
        .collect();
    assert!(
        rests.iter().any(|rest| rest != "REST 0"),
        "no REST past 0: {rests:?}"
    );
}

// The file changed on the server while the download waited (another size
// and date): nothing of the old version is kept, the download starts over
// and the file is the new one whole.
#[test]
fn an_ftp_download_starts_over_when_the_file_changed() {
    let server = FtpServer::start_throttled(512 * 1024);
    server.put(&server.public, "moving.bin", &test_bytes(2_000_000, 94));
    let (mut harness, transfer_id) = stopped_part_way(&server, "moving.bin");
    std::thread::sleep(Duration::from_millis(1100));
    let newer = test_bytes(1_500_000, 95);
    server.put(&server.public, "moving.bin", &newer);
    harness.restart();
    let done = harness.wait_settled(transfer_id);
    assert_eq!(done.status, Status::Completed, "{:?}", done.error);
    assert!(
        crate::support::saw_restart_in_progress(&harness.drain_events()),
        "it did not say it started over"
    );
    assert_eq!(harness.read_download("moving.bin"), newer);
}

// A large file over several connections: each fetches its share with
// REST at the share's start; the file is byte-exact.
#[test]
fn a_large_ftp_download_uses_several_connections() {
    let server = FtpServer::start_throttled(2 * 1024 * 1024);
    let body = test_bytes(6_000_000, 96);
    server.put(&server.public, "large.bin", &body);
    let harness = Harness::start();
    let url = url::Url::parse(&server.url("/large.bin")).expect("url");
    let mut spec = harness.spec(url);
    spec.connections = Some(8);
    let transfer_id = harness.add(spec);
    let done = harness.wait_settled(transfer_id);
    assert_eq!(done.status, Status::Completed, "{:?}", done.error);
    assert_eq!(harness.read_download("large.bin"), body);
    let retrievals = server
        .commands()
        .iter()
        .filter(|command| command.starts_with("RETR "))
        .count();
    assert!(retrievals >= 2, "{retrievals} RETR");
}

// A server that takes two connections from one address (more get 421)
// and knows no EPSV (500): the download goes on with the connections it
// got, in plain passive mode, and the file is byte-exact.
#[test]
fn a_server_with_few_connections_and_no_epsv_still_gives_the_whole_file() {
    let server = FtpServer::start_with(2 * 1024 * 1024, 2, false);
    let body = test_bytes(6_000_000, 97);
    server.put(&server.public, "limited.bin", &body);
    let harness = Harness::start();
    let url = url::Url::parse(&server.url("/limited.bin")).expect("url");
    let mut spec = harness.spec(url);
    spec.connections = Some(4);
    let transfer_id = harness.add(spec);
    let done = harness.wait_settled(transfer_id);
    assert_eq!(done.status, Status::Completed, "{:?}", done.error);
    assert_eq!(harness.read_download("limited.bin"), body);
    let commands = server.commands();
    assert!(
        commands.iter().any(|command| command == "PASV"),
        "{commands:?}"
    );
}

// FTP over explicit TLS (`--ftp-ssl`) to a server that requires it: the
// server's certificate is checked as for HTTPS (refused with its
// fingerprint until trusted), then the file comes byte-exact; without
// --ftp-ssl the server's refusal is said.
#[test]
fn ftp_ssl_checks_the_certificate_and_downloads_over_tls() {
    let (server, certificate) = FtpServer::start_tls();
    let body = test_bytes(400_000, 98);
    server.put(&server.public, "secret.bin", &body);
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let state_dir = root.path().join("state");
    let ca = root.path().join("server.pem");
    std::fs::write(&ca, &certificate).expect("pem");
    let url = server.url("/secret.bin");

    let plain = get(&state_dir, &downloads, &url, &[]);
    assert_eq!(plain.status.code(), Some(1));
    assert!(
        stderr_of(&plain).contains("FTP server"),
        "{}",
        stderr_of(&plain)
    );
    // A re-run with --ftp-ssl never quietly goes on without TLS.
    let again = get(&state_dir, &downloads, &url, &["--ftp-ssl"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr_of(&again).contains("was started without --ftp-ssl"),
        "{}",
        stderr_of(&again)
    );
    let untrusted = get(
        &root.path().join("state-tls"),
        &downloads,
        &url,
        &["--ftp-ssl"],
    );
    refused_as_untrusted(&untrusted);
    assert!(file_names(&downloads).is_empty());

    let fresh_state = root.path().join("state-trusted");
    let trusted = get(
        &fresh_state,
        &downloads,
        &url,
        &["--ftp-ssl", "--ca-cert", ca.to_str().expect("utf-8")],
    );
    assert_eq!(trusted.status.code(), Some(0), "{}", stderr_of(&trusted));
    assert_eq!(
        std::fs::read(downloads.join("secret.bin")).expect("file"),
        body
    );
    assert_went_over_tls(&server);
}

// The setting "FTP always over TLS" puts an ftp:// download that did not
// ask for TLS over it (AUTH TLS, PROT P), certificate checked.
#[test]
fn the_ftp_over_tls_setting_puts_every_ftp_download_over_tls() {
    let (server, certificate) = FtpServer::start_tls();
    let body = test_bytes(300_000, 41);
    server.put(&server.public, "setting.bin", &body);
    let root = tempfile::tempdir().expect("dir");
    let ca = root.path().join("server.pem");
    std::fs::write(&ca, &certificate).expect("pem");
    let harness = Harness::start_with(ferry::engine::EngineConfig {
        extra_ca_cert: Some(ca),
        ..crate::support::fast_config()
    });
    harness.update_settings(|settings| settings.ftp_over_tls = true);
    let url = url::Url::parse(&server.url("/setting.bin")).expect("url");
    let spec = harness.spec(url);
    assert!(!spec.ftp_tls);
    let transfer_id = harness.add(spec);
    let transfer = harness.wait_completed(transfer_id);
    assert_eq!(transfer.status, Status::Completed);
    assert_eq!(harness.read_download("setting.bin"), body);
    assert_went_over_tls(&server);
}

// `ferry get ftp://…` killed with SIGKILL three times, each once more of
// the file was durable, then run again: it resumes with REST from what
// was durable (the server's log shows REST past 0) and the file is
// byte-exact.
#[test]
fn kill_9_during_an_ftp_download_then_rerun_resumes_with_rest() {
    let server = FtpServer::start_throttled(1024 * 1024);
    let body = test_bytes(5_000_000, 99);
    server.put(&server.public, "killed.bin", &body);
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let state_dir = root.path().join("state");
    let url = server.url("/killed.bin");
    let arguments = [
        "get",
        url.as_str(),
        "-d",
        downloads.to_str().expect("utf-8"),
        "-c",
        "1",
        "--quiet",
    ];
    for round in 1..=3_u64 {
        let mut child = crate::support::spawn_ferry(&state_dir, &arguments);
        crate::support::wait_until_saved(&state_dir, |transfer| {
            transfer.bytes_on_disk() >= round * 900_000
        });
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
    }
    let finished = ferry(&state_dir, &arguments);
    assert_eq!(finished.status.code(), Some(0), "{}", stderr_of(&finished));
    assert_eq!(
        std::fs::read(downloads.join("killed.bin")).expect("file"),
        body
    );
    let commands = server.commands();
    assert!(
        commands
            .iter()
            .any(|command| command.starts_with("REST ") && command != "REST 0"),
        "no resume with REST: {commands:?}"
    );
}

// `ftps://` (implicit TLS: TLS from the first byte, as curl's ftps://)
// against a real vsftpd that requires it for the login and the data: its
// certificate is checked as for HTTPS, then the file is byte-exact.
#[test]
fn ftps_urls_use_implicit_tls_with_the_certificate_checked() {
    let server = crate::support::ftp::ImplicitFtps::start();
    let body = test_bytes(500_000, 100);
    std::fs::write(server.public.join("report.pdf"), &body).expect("file");
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let url = server.url("/report.pdf");
    let untrusted = get(&root.path().join("state1"), &downloads, &url, &[]);
    refused_as_untrusted(&untrusted);
    let ca = root.path().join("server.pem");
    std::fs::write(&ca, &server.certificate).expect("pem");
    let trusted = get(
        &root.path().join("state2"),
        &downloads,
        &url,
        &["--ca-cert", ca.to_str().expect("utf-8")],
    );
    assert_eq!(trusted.status.code(), Some(0), "{}", stderr_of(&trusted));
    assert_eq!(
        std::fs::read(downloads.join("report.pdf")).expect("file"),
        body
    );
}
