//! A transfer's secrets between runs: its credentials and secret header
//! values never go to state.ron; a [`SecretVault`] (the user's keyring,
//! implemented by `ferry-desktop`) keeps them, and a transfer that had
//! them gets them back when the engine starts. Without a vault, or when
//! it does not answer, secrets live in memory only and such a transfer
//! waits for them after a restart (`TransferSpec::is_missing_secrets`).
//!
//! The actor never waits on the vault while it runs: what it keeps and
//! forgets goes, in order, to one worker thread. Only the start waits, a
//! bounded time, for the secrets of the transfers that had some.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::model::{
    Credentials, GivenCookie, HeaderPair, Transfer, TransferId, TransferSpec, is_sensitive_header,
};

/// Where secrets are kept, as text, by transfer. Calls may block (D-Bus).
pub trait SecretVault: Send + Sync {
    /// Keeps `secrets` for `transfer_id`, replacing what was kept.
    fn keep(&self, transfer_id: TransferId, secrets: &str) -> Result<(), String>;
    /// What was kept for `transfer_id`, if anything.
    fn fetch(&self, transfer_id: TransferId) -> Result<Option<String>, String>;
    /// Forgets what was kept for `transfer_id` (nothing kept is fine).
    fn forget(&self, transfer_id: TransferId) -> Result<(), String>;
}

/// The vault an engine uses, if any.
#[derive(Clone, Default)]
pub struct VaultLink(pub Option<Arc<dyn SecretVault>>);

impl std::fmt::Debug for VaultLink {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(if self.0.is_some() {
            "VaultLink(vault)"
        } else {
            "VaultLink(none)"
        })
    }
}

/// What of a spec is secret, as the vault keeps it.
#[derive(Serialize, Deserialize)]
struct TransferSecrets {
    #[serde(default)]
    credentials: Option<Credentials>,
    #[serde(default)]
    headers: Vec<HeaderPair>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    cookies: Vec<GivenCookie>,
}

impl TransferSecrets {
    /// The secrets `spec` holds now; `None` when it holds none.
    fn of(spec: &TransferSpec) -> Option<TransferSecrets> {
        let headers: Vec<HeaderPair> = spec
            .request_headers
            .iter()
            .filter(|header| is_sensitive_header(&header.name))
            .cloned()
            .collect();
        (spec.credentials.is_some() || !headers.is_empty() || !spec.cookies.is_empty()).then(|| {
            TransferSecrets {
                credentials: spec.credentials.clone(),
                headers,
                cookies: spec.cookies.clone(),
            }
        })
    }

    /// Gives `spec` back its secrets (headers set since are kept).
    fn restore_into(self, spec: &mut TransferSpec) {
        if spec.credentials.is_none() {
            spec.credentials = self.credentials;
        }
        if spec.cookies.is_empty() {
            spec.cookies = self.cookies;
        }
        for header in self.headers {
            let is_set = spec
                .request_headers
                .iter()
                .any(|kept| kept.name.eq_ignore_ascii_case(&header.name));
            if !is_set {
                spec.request_headers.push(header);
            }
        }
    }
}

enum Job {
    Keep(TransferId, String),
    Forget(TransferId),
}

/// The actor's side of the vault.
pub(crate) struct Vault {
    jobs: Option<mpsc::Sender<Job>>,
}

/// The most the engine's start waits for the vault.
const RESTORE_WAIT: Duration = Duration::from_secs(5);

impl Vault {
    /// Starts the worker (none without a vault).
    pub fn start(link: &VaultLink) -> Vault {
        let Some(vault) = link.0.clone() else {
            return Vault { jobs: None };
        };
        let (jobs, incoming) = mpsc::channel::<Job>();
        let spawned = std::thread::Builder::new()
            .name("ferry-vault".to_owned())
            .spawn(move || {
                let mut has_failed = false;
                for job in incoming {
                    let (transfer_id, result) = match job {
                        Job::Keep(transfer_id, text) => (transfer_id, vault.keep(transfer_id, &text)),
                        Job::Forget(transfer_id) => (transfer_id, vault.forget(transfer_id)),
                    };
                    if let Err(error) = result
                        && !std::mem::replace(&mut has_failed, true)
                    {
                        tracing::warn!(
                            %transfer_id,
                            %error,
                            "the keyring did not take a transfer's secrets: they are kept in memory only"
                        );
                    }
                }
            });
        match spawned {
            Ok(_) => Vault { jobs: Some(jobs) },
            Err(error) => {
                tracing::warn!(%error, "cannot start the keyring's thread; secrets stay in memory");
                Vault { jobs: None }
            }
        }
    }

    /// Keeps what `spec` holds of secrets now (forgets when it holds none).
    pub fn keep(&self, spec: &TransferSpec) {
        let Some(jobs) = &self.jobs else {
            return;
        };
        let job = match TransferSecrets::of(spec).map(|secrets| serde_json::to_string(&secrets)) {
            Some(Ok(text)) => Job::Keep(spec.transfer_id, text),
            Some(Err(error)) => {
                tracing::warn!(%error, "cannot put a transfer's secrets into words");
                return;
            }
            None => Job::Forget(spec.transfer_id),
        };
        let _ = jobs.send(job);
    }

    pub fn forget(&self, transfer_id: TransferId) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Job::Forget(transfer_id));
        }
    }
}

/// Gives the transfers that had secrets (and lost them with the last
/// process) what the vault kept, waiting at most [`RESTORE_WAIT`]; those
/// it has nothing for keep waiting for them.
pub(crate) fn restore_secrets(link: &VaultLink, transfers: &mut [Transfer]) {
    let Some(vault) = link.0.clone() else {
        return;
    };
    let wanted: Vec<TransferId> = transfers
        .iter()
        .filter(|transfer| transfer.spec.is_missing_secrets() && !transfer.status.is_terminal())
        .map(Transfer::transfer_id)
        .collect();
    if wanted.is_empty() {
        return;
    }
    let (found, results) = mpsc::channel();
    let fetching = std::thread::Builder::new()
        .name("ferry-vault-restore".to_owned())
        .spawn(move || {
            for transfer_id in wanted {
                if found.send((transfer_id, vault.fetch(transfer_id))).is_err() {
                    return;
                }
            }
        });
    if let Err(error) = fetching {
        tracing::warn!(%error, "cannot start the keyring's thread");
        return;
    }
    let deadline = std::time::Instant::now() + RESTORE_WAIT;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let (transfer_id, result) = match results.recv_timeout(left) {
            Ok(next) => next,
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                tracing::warn!(
                    "the keyring did not answer in time; some transfers wait for their secrets"
                );
                return;
            }
        };
        let secrets = match result {
            Ok(Some(text)) => serde_json::from_str::<TransferSecrets>(&text),
            Ok(None) => continue,
            Err(error) => {
                tracing::warn!(%transfer_id, %error, "cannot read a transfer's secrets from the keyring");
                continue;
            }
        };
        let Some(transfer) = transfers
            .iter_mut()
            .find(|transfer| transfer.transfer_id() == transfer_id)
        else {
            continue;
        };
        match secrets {
            Ok(secrets) => {
                secrets.restore_into(&mut transfer.spec);
                tracing::info!(%transfer_id, "secrets restored from the keyring");
            }
            Err(error) => {
                tracing::warn!(%transfer_id, %error, "the keyring holds something else for a transfer");
            }
        }
    }
}
