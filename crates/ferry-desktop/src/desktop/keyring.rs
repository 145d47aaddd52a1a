//! The user's keyring (the Secret Service: gnome-keyring, KWallet,
//! KeePassXC) as the engine's [`SecretVault`]: one entry per transfer,
//! service "ferry", account the transfer's id, holding its secrets as
//! JSON (and one, account "proxy", for the settings' proxy). Without a Secret Service every call fails at once, and the
//! engine keeps secrets in memory only.

use crate::engine::vault::{SecretVault, VaultLink};

/// The keyring's service name for ferry's entries.
const SERVICE: &str = "ferry";

pub struct Keyring;

impl Keyring {
    /// The keyring as the engine's vault.
    pub fn link() -> VaultLink {
        VaultLink(Some(std::sync::Arc::new(Keyring)))
    }

    /// Whether a Secret Service answers (and its default collection can
    /// be read); why not, in words.
    pub fn answers() -> Result<(), String> {
        let probe = keyring::Entry::new(SERVICE, "probe").map_err(|error| error.to_string())?;
        match probe.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(error.to_string()),
        }
    }

    fn entry(account: &str) -> Result<keyring::Entry, String> {
        keyring::Entry::new(SERVICE, account).map_err(|error| error.to_string())
    }
}

impl SecretVault for Keyring {
    fn keep(&self, account: &str, secrets: &str) -> Result<(), String> {
        Keyring::entry(account)?
            .set_password(secrets)
            .map_err(|error| error.to_string())
    }

    fn fetch(&self, account: &str) -> Result<Option<String>, String> {
        match Keyring::entry(account)?.get_password() {
            Ok(secrets) => Ok(Some(secrets)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(error.to_string()),
        }
    }

    fn forget(&self, account: &str) -> Result<(), String> {
        match Keyring::entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(error) => Err(error.to_string()),
        }
    }
}
