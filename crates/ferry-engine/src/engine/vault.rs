//! A transfer's secrets between runs: its credentials and secret header
//! values never go to state.ron; a [`SecretVault`] (the user's keyring,
//! implemented by `ferry-desktop`) keeps them, and a transfer that had
//! them gets them back when the engine starts. The settings' proxy
//! credentials are kept the same way, under [`PROXY_ACCOUNT`]. Without a vault, or when
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

/// Where secrets are kept, as text, by account: a transfer's id, or
/// [`PROXY_ACCOUNT`]. Calls may block (D-Bus).
pub trait SecretVault: Send + Sync {
    /// Keeps `secrets` for `account`, replacing what was kept.
    fn keep(&self, account: &str, secrets: &str) -> Result<(), String>;
    /// What was kept for `account`, if anything.
    fn fetch(&self, account: &str) -> Result<Option<String>, String>;
    /// Forgets what was kept for `account` (nothing kept is fine).
    fn forget(&self, account: &str) -> Result<(), String>;
}

/// The account of the settings' proxy credentials.
pub const PROXY_ACCOUNT: &str = "proxy";

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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    proxy_credentials: Option<Credentials>,
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
        spec.holds_secrets().then(|| TransferSecrets {
            credentials: spec.credentials.clone(),
            headers,
            cookies: spec.cookies.clone(),
            proxy_credentials: spec.proxy_credentials.clone(),
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
        if spec.proxy_credentials.is_none() {
            spec.proxy_credentials = self.proxy_credentials;
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
    Keep(String, String),
    Forget(String),
}

/// The actor's side of the vault.
pub(crate) struct Vault {
    jobs: Option<mpsc::Sender<Job>>,
}

/// The most the engine's start waits for the vault (a keyring that has
/// to start, on a busy machine, can take seconds).
const RESTORE_WAIT: Duration = Duration::from_secs(10);

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
                    let (account, result) = match job {
                        Job::Keep(account, text) => {
                            let result = vault.keep(&account, &text);
                            (account, result)
                        }
                        Job::Forget(account) => {
                            let result = vault.forget(&account);
                            (account, result)
                        }
                    };
                    if let Err(error) = result
                        && !std::mem::replace(&mut has_failed, true)
                    {
                        tracing::warn!(
                            %account,
                            %error,
                            "the keyring did not take secrets: they are kept in memory only"
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
        let secrets = TransferSecrets::of(spec).map(|secrets| serde_json::to_string(&secrets));
        self.keep_text(spec.transfer_id.to_string(), secrets);
    }

    /// Keeps `text` for `account`, or forgets what it holds for `None`.
    fn keep_text(&self, account: String, text: Option<serde_json::Result<String>>) {
        let Some(jobs) = &self.jobs else {
            return;
        };
        let job = match text {
            Some(Ok(text)) => Job::Keep(account, text),
            Some(Err(error)) => {
                tracing::warn!(%account, %error, "cannot put secrets into words");
                return;
            }
            None => Job::Forget(account),
        };
        let _ = jobs.send(job);
    }

    pub fn forget(&self, transfer_id: TransferId) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Job::Forget(transfer_id.to_string()));
        }
    }

    /// Keeps the settings' proxy credentials (forgets them for `None`).
    pub fn keep_proxy_credentials(&self, credentials: Option<&Credentials>) {
        self.keep_text(
            PROXY_ACCOUNT.to_owned(),
            credentials.map(serde_json::to_string),
        );
    }
}

/// What the vault kept for `accounts`, fetched on a thread of its own and
/// waited for at most [`RESTORE_WAIT`] in all: a vault that does not
/// answer delays the start, never blocks it.
fn fetch_all(vault: Arc<dyn SecretVault>, accounts: Vec<String>) -> Vec<(String, String)> {
    let (found, results) = mpsc::channel();
    let fetching = std::thread::Builder::new()
        .name("ferry-vault-restore".to_owned())
        .spawn(move || {
            for account in accounts {
                let result = vault.fetch(&account);
                if found.send((account, result)).is_err() {
                    return;
                }
            }
        });
    if let Err(error) = fetching {
        tracing::warn!(%error, "cannot start the keyring's thread");
        return Vec::new();
    }
    let deadline = std::time::Instant::now() + RESTORE_WAIT;
    let mut kept = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match results.recv_timeout(left) {
            Ok((account, Ok(Some(text)))) => kept.push((account, text)),
            Ok((_, Ok(None))) => {}
            Ok((account, Err(error))) => {
                tracing::warn!(%account, %error, "cannot read secrets from the keyring");
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return kept,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                tracing::warn!("the keyring did not answer in time; some secrets are missing");
                return kept;
            }
        }
    }
}

/// The settings' proxy credentials the vault kept, if any.
pub(crate) fn restore_proxy_credentials(link: &VaultLink) -> Option<Credentials> {
    let vault = link.0.clone()?;
    let (_, text) = fetch_all(vault, vec![PROXY_ACCOUNT.to_owned()]).pop()?;
    serde_json::from_str(&text)
        .inspect_err(|error| {
            tracing::warn!(%error, "the keyring holds something else for the proxy");
        })
        .ok()
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
    let accounts = wanted.iter().map(TransferId::to_string).collect();
    for (account, text) in fetch_all(vault, accounts) {
        let Some(transfer_id) = wanted
            .iter()
            .copied()
            .find(|transfer_id| transfer_id.to_string() == account)
        else {
            continue;
        };
        let secrets = serde_json::from_str::<TransferSecrets>(&text);
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
