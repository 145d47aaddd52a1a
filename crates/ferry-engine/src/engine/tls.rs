//! TLS for the engine's HTTP client: rustls checking certificates against
//! the system's roots (as reqwest does by default), plus the user's own CA
//! if one is given (`--ca-cert`, or the setting), for private servers, and
//! the certificates the user pinned for a host (a NAS or a router with a
//! self-signed certificate), as ssh's known_hosts: a pinned host is
//! trusted with that certificate only, whatever vouches for another. The
//! system's roots are read on the first HTTPS handshake, so a run with only
//! plain-HTTP URLs does not read them. The crypto provider is ring, which
//! keeps the binary smaller than aws-lc-rs.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use rustls_platform_verifier::Verifier;

use super::EngineError;
use crate::model::TransferError;

/// The client configuration: safe default protocol versions, the system's
/// roots and the certificates of `extra_ca` (a PEM file), the `pinned`
/// certificates (host → SHA-256 fingerprint), HTTP/2 and HTTP/1.1 offered
/// by ALPN. The file is read now, so a bad one is an error before any
/// transfer starts.
pub(super) fn client_config(
    extra_ca: Option<&Path>,
    pinned: &BTreeMap<String, String>,
) -> Result<rustls::ClientConfig, EngineError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let extra_roots = match extra_ca {
        Some(path) => read_certificates(path)?,
        None => Vec::new(),
    };
    let verifier = Arc::new(SystemRootsOnFirstUse {
        provider: Arc::clone(&provider),
        extra_roots,
        pinned: pinned.clone(),
        verifier: OnceLock::new(),
    });
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(EngineError::Tls)?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// The largest CA file read: a bundle of a few hundred certificates.
const MAX_CA_FILE_BYTES: u64 = 1024 * 1024;

/// The certificates of a PEM file; a file without any is an error, and so
/// is anything but a regular file of at most [`MAX_CA_FILE_BYTES`] (a FIFO
/// would hang the engine, `/dev/zero` fill its memory).
pub(super) fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, EngineError> {
    let unreadable = |reason: String| EngineError::CaCertificate {
        path: path.to_owned(),
        reason,
    };
    let text = read_bounded_file(path).map_err(unreadable)?;
    let certificates = CertificateDer::pem_slice_iter(&text)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| unreadable(pem_error_words(&error)))?;
    if certificates.is_empty() {
        return Err(unreadable("it holds no PEM certificate".to_owned()));
    }
    Ok(certificates)
}

/// The bytes of the regular file at `path`, at most [`MAX_CA_FILE_BYTES`].
fn read_bounded_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking, so opening a FIFO returns at once (and is refused).
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|error| error.to_string())?;
    let metadata = file.metadata().map_err(|error| error.to_string())?;
    if !metadata.is_file() {
        return Err("it is not a regular file".to_owned());
    }
    if metadata.len() > MAX_CA_FILE_BYTES {
        return Err(format!(
            "it is larger than {} KiB; a CA file holds a few certificates",
            MAX_CA_FILE_BYTES / 1024
        ));
    }
    let mut bytes = Vec::new();
    file.take(MAX_CA_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| error.to_string())?;
    if bytes.len() as u64 > MAX_CA_FILE_BYTES {
        return Err("it grew while it was read".to_owned());
    }
    Ok(bytes)
}

fn pem_error_words(error: &rustls::pki_types::pem::Error) -> String {
    match error {
        rustls::pki_types::pem::Error::Io(error) => error.to_string(),
        other => format!("not a PEM file ({other:?})"),
    }
}

/// A certificate a host showed and was refused for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    /// Its SHA-256 fingerprint.
    pub fingerprint: String,
    /// The fingerprint pinned for the host, when it was refused for not
    /// being that one.
    pub pinned: Option<String>,
}

/// What each host's last refused handshake showed, for the words of the
/// failure (rustls's error cannot carry it readably).
static REFUSED: std::sync::Mutex<Vec<(String, Refused)>> = std::sync::Mutex::new(Vec::new());

/// The most hosts whose refused certificate is kept.
const REFUSED_KEPT: usize = 64;

fn note_refused(host: &str, refused_now: Refused) {
    let mut refused = REFUSED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    refused.retain(|(known, _)| known != host);
    if refused.len() >= REFUSED_KEPT {
        refused.remove(0);
    }
    refused.push((host.to_owned(), refused_now));
}

/// The failure of a handshake with `host:port` whose certificate was
/// refused (`cause`, in rustls's words): another certificate than the one
/// pinned, or one nobody vouches for, with its fingerprint to compare.
pub(crate) fn certificate_refusal(host: &str, port: u16, cause: String) -> TransferError {
    match refused_certificate(host) {
        Some(Refused {
            fingerprint,
            pinned: Some(pinned),
        }) => TransferError::CertificateChanged {
            host: host.to_owned(),
            port,
            pinned,
            shown: fingerprint,
        },
        refused => TransferError::UntrustedCertificate {
            host: host.to_owned(),
            port,
            cause,
            fingerprint: refused.map(|refused| refused.fingerprint),
        },
    }
}

/// The certificate `host` last showed and was refused for.
pub(crate) fn refused_certificate(host: &str) -> Option<Refused> {
    let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
    REFUSED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .find(|(known, _)| *known == host)
        .map(|(_, refused)| refused.clone())
}

/// SHA-256 of a certificate's DER, as browsers and openssl show it:
/// upper-case hex pairs joined by colons.
pub fn fingerprint_of(certificate: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(certificate)
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The platform verifier with the extra roots, built on first use, after
/// the pinned certificates.
#[derive(Debug)]
struct SystemRootsOnFirstUse {
    provider: Arc<CryptoProvider>,
    extra_roots: Vec<CertificateDer<'static>>,
    /// Host (lower case, IPv6 without brackets) → SHA-256 fingerprint.
    pinned: BTreeMap<String, String>,
    verifier: OnceLock<Result<Verifier, rustls::Error>>,
}

impl SystemRootsOnFirstUse {
    fn verifier(&self) -> Result<&Verifier, rustls::Error> {
        self.verifier
            .get_or_init(|| {
                Verifier::new_with_extra_roots(
                    self.extra_roots.iter().cloned(),
                    Arc::clone(&self.provider),
                )
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

impl ServerCertVerifier for SystemRootsOnFirstUse {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let host = server_name.to_str().to_ascii_lowercase();
        if let Some(pinned) = self.pinned.get(&host) {
            // The user compared this certificate and trusts it for this
            // host: its name, issuer and dates are not asked about (a
            // router's certificate often has none that fit). The
            // handshake's signatures are still checked against it.
            let fingerprint = fingerprint_of(end_entity);
            if fingerprint == *pinned {
                return Ok(ServerCertVerified::assertion());
            }
            note_refused(
                &host,
                Refused {
                    fingerprint,
                    pinned: Some(pinned.clone()),
                },
            );
            return Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ));
        }
        self.verifier()?
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .inspect_err(|_| {
                note_refused(
                    &host,
                    Refused {
                        fingerprint: fingerprint_of(end_entity),
                        pinned: None,
                    },
                );
            })
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.verifier()?
            .verify_tls12_signature(message, cert, signature)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.verifier()?
            .verify_tls13_signature(message, cert, signature)
    }

    /// Asked for every ClientHello: the provider's schemes, which are the
    /// platform verifier's too, without loading any root.
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
