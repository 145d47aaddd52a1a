//! What the actor does with secrets: a transfer's (credentials, secret
//! headers, cookies, its proxy's login), kept in the vault whenever they
//! change and forgotten when a private window's download completes; and
//! the settings' proxy with its login.

use crate::engine::EngineError;
use crate::model::{Credentials, ManualProxy, ProxyChoice, TransferId, TransferSpec};

use super::Actor;

impl Actor {
    /// Changes what of a transfer's spec may be secret (headers,
    /// credentials, cookies), notes whether it holds secrets now, and
    /// hands them to the vault (which forgets them when none are left).
    pub(super) fn change_secrets(
        &mut self,
        transfer_id: TransferId,
        change: impl FnOnce(&mut TransferSpec),
    ) -> Result<(), EngineError> {
        let spec = self.with_transfer(transfer_id, |transfer| {
            change(&mut transfer.spec);
            transfer.spec.note_secrets();
            transfer.spec.clone()
        })?;
        self.vault.keep(&spec);
        Ok(())
    }

    /// A finished download from a private browser window keeps none of
    /// its secrets (its cookies), in memory or in the keyring.
    pub(super) fn forget_private_secrets(&mut self, transfer_id: TransferId) {
        let is_private = self
            .table
            .read()
            .get(transfer_id)
            .is_some_and(|transfer| transfer.spec.is_private);
        if is_private {
            let _ = self.change_secrets(transfer_id, |spec| {
                spec.cookies.clear();
                spec.credentials = None;
                spec.proxy_credentials = None;
                spec.request_headers
                    .retain(|header| !crate::model::is_sensitive_header(&header.name));
            });
        }
    }

    /// Follows the settings' proxy `choice`, with the credentials given
    /// alongside (`Some(None)` forgets them). Credentials not given stay
    /// while the proxy stays; another proxy does not inherit them.
    pub(super) fn change_proxy(
        &mut self,
        choice: &ProxyChoice,
        given: Option<Option<Credentials>>,
    ) {
        let is_same_proxy = *choice == self.settings.proxy;
        if is_same_proxy && given.is_none() {
            return;
        }
        let credentials = match choice {
            ProxyChoice::Manual(_) => given.flatten(),
            _ => None,
        };
        if credentials != self.proxy_credentials {
            self.vault.keep_proxy_credentials(credentials.as_ref());
            self.proxy_credentials = credentials;
        }
        self.clients
            .set_proxy(choice.clone(), self.proxy_credentials.as_ref());
    }
}

/// A transfer's own proxy, checked as the settings' is; credentials
/// written in its URL are taken out and returned apart.
pub(super) fn checked_proxy(
    proxy: Option<ProxyChoice>,
) -> Result<(Option<ProxyChoice>, Option<Credentials>), EngineError> {
    match proxy {
        Some(ProxyChoice::Manual(proxy)) => {
            let (checked, credentials) = ManualProxy::parse(proxy.url.as_str(), &proxy.no_proxy)?;
            Ok((Some(ProxyChoice::Manual(checked)), credentials))
        }
        other => Ok((other, None)),
    }
}
