//! HTTPS from the command line: certificates checked against the system's
//! roots, and a private CA trusted with `--ca-cert`.

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
    let der = {
        use rustls::pki_types::pem::PemObject;
        rustls::pki_types::CertificateDer::from_pem_slice(certificate.as_bytes()).expect("PEM")
    };
    let fingerprint = {
        use sha2::Digest;
        sha2::Sha256::digest(der.as_ref())
            .iter()
            .map(|byte| format!("{byte:02X}"))
            .collect::<Vec<_>>()
            .join(":")
    };
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
