//! HTTPS from the command line: certificates checked against the system's
//! roots, a private CA trusted with `--ca-cert`, and a server's own
//! certificate pinned for its host with `--pin-cert` (known_hosts-like).

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::cli::stderr_of;
use crate::support::server::{TestServer, serve_bytes};
use crate::support::{ferry_binary, file_names};

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

/// A PEM certificate's SHA-256 fingerprint, as ferry shows it.
fn fingerprint_of_pem(pem: &str) -> String {
    use rustls::pki_types::pem::PemObject;
    use sha2::Digest;
    let der = rustls::pki_types::CertificateDer::from_pem_slice(pem.as_bytes()).expect("PEM");
    sha2::Sha256::digest(der.as_ref())
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":")
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
    // The refusal says which certificate: its SHA-256 fingerprint, as
    // browsers and openssl show it, to compare with the owner's.
    let fingerprint = fingerprint_of_pem(&certificate);
    assert!(
        stderr_of(&refused).contains(&format!("its SHA-256 fingerprint is {fingerprint}")),
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
        assert!(!state_dir.exists(), "the state folder was created");
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

// A certificate that is its own CA (what `openssl req -x509` makes by
// default) cannot be trusted with --ca-cert: webpki refuses a CA as the
// server's own certificate. The message said to use --ca-cert again; it
// says why that cannot work, and which certificate it was.
#[test]
fn a_self_made_ca_certificate_is_refused_without_offering_ca_cert() {
    let (server, certificate) =
        TestServer::start_https_self_made_ca(|request, _| serve_bytes(request, b"never", None));
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let roots = root.path().join("self.pem");
    std::fs::write(&roots, certificate).expect("write");
    let url = server.url("/self.txt").to_string();
    let refused = ferry_with_roots(
        &root.path().join("state"),
        Some(&roots),
        &["get", &url, "-d", &downloads.to_string_lossy(), "--quiet"],
    );
    let stderr = stderr_of(&refused);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("CaUsedAsEndEntity"), "{stderr}");
    assert!(stderr.contains("cannot make trusted"), "{stderr}");
    assert!(!stderr.contains("can be added with --ca-cert"), "{stderr}");
    assert!(stderr.contains("SHA-256 fingerprint is"), "{stderr}");
    assert!(file_names(&downloads).is_empty());
}

// A NAS or a router with a self-signed certificate: refused with its
// fingerprint; `--pin-cert` of that fingerprint trusts it for the host
// from then on (kept in the settings, later runs need no option); a wrong
// fingerprint, or another certificate from the pinned host (even one the
// roots vouch for), is refused loudly. TLS verification is never off.
#[test]
fn a_pinned_certificate_is_trusted_for_its_host_and_no_other_is() {
    let (server, certificate) = TestServer::start_https_self_made_ca(|request, _| {
        serve_bytes(request, b"from the NAS", None)
    });
    let fingerprint = fingerprint_of_pem(&certificate);
    let root = tempfile::tempdir().expect("dir");
    let downloads = root.path().join("downloads");
    std::fs::create_dir(&downloads).expect("mkdir");
    let downloads_text = downloads.to_string_lossy().into_owned();
    let state_dir = root.path().join("state");
    let get = |url: &str, extra: &[&str]| {
        let mut arguments = vec!["get", url, "-d", &downloads_text, "--quiet"];
        arguments.extend_from_slice(extra);
        ferry_with_roots(&state_dir, None, &arguments)
    };

    // Bad input: one line, nothing created.
    for (extra, url) in [
        (
            &["--pin-cert", "12:34"][..],
            server.url("/nas.txt").to_string(),
        ),
        (
            &["--pin-cert", &fingerprint][..],
            "http://127.0.0.1:9/plain.txt".to_owned(),
        ),
    ] {
        let bad = get(&url, extra);
        let stderr = stderr_of(&bad);
        assert_eq!(bad.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
    assert!(!state_dir.exists(), "bad input created the state folder");

    let wrong = "AB:".repeat(31) + "AB";
    let refused = get(server.url("/nas.txt").as_str(), &["--pin-cert", &wrong]);
    let stderr = stderr_of(&refused);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not the one you trusted"), "{stderr}");
    assert!(
        stderr.contains(&format!("it shows {fingerprint}")),
        "{stderr}"
    );
    assert!(file_names(&downloads).is_empty());

    let pinned = get(
        server.url("/nas.txt").as_str(),
        &["--pin-cert", &fingerprint.to_lowercase()],
    );
    assert_eq!(pinned.status.code(), Some(0), "{}", stderr_of(&pinned));
    assert_eq!(
        std::fs::read(downloads.join("nas.txt")).expect("read"),
        b"from the NAS"
    );
    let again = get(server.url("/again.txt").as_str(), &[]);
    assert_eq!(again.status.code(), Some(0), "kept: {}", stderr_of(&again));
    let settings = ferry::store::read_state(&state_dir)
        .expect("state")
        .state
        .settings;
    assert_eq!(
        settings.pinned_certificates.get("127.0.0.1"),
        Some(&fingerprint)
    );

    // Another server on the pinned host, whose certificate the roots vouch
    // for: refused, it is not the pinned one.
    let (other, other_certificate) =
        TestServer::start_https(|request, _| serve_bytes(request, b"an impostor", None));
    let roots = root.path().join("other.pem");
    std::fs::write(&roots, &other_certificate).expect("write");
    let changed = ferry_with_roots(
        &state_dir,
        Some(&roots),
        &[
            "get",
            other.url("/other.txt").as_str(),
            "-d",
            &downloads_text,
            "--quiet",
        ],
    );
    let stderr = stderr_of(&changed);
    assert_eq!(changed.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is not the one you trusted"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "--pin-cert {}",
            fingerprint_of_pem(&other_certificate)
        )),
        "{stderr}"
    );
    assert!(!downloads.join("other.txt").exists());
}
