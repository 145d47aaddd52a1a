//! The options every transfer command takes (`get`, `put`): checked once,
//! then applied to a new transfer or to one the command re-attaches to.

use ferry_i18n::tr;
use std::time::Duration;

use super::{CostPolicyArg, PriorityArg, TransferOptions, input};
use crate::engine::{Command, EngineConfig, EngineHandle};
use crate::model::{
    CostPolicy, Credentials, HeaderPair, ManualProxy, Priority, ProxyChoice, SettingChange,
    TransferId, TransferSpec, canonical_fingerprint,
};

/// Says, once, when secrets given to this command cannot go to a keyring:
/// they live in the service's memory only and are asked again after a
/// restart.
pub fn warn_when_no_keyring(has_secrets: bool) {
    if !has_secrets {
        return;
    }
    if let Err(reason) = crate::desktop::Keyring::answers() {
        eprintln!(
            "ferry: {}",
            tr!("cli-no-keyring", reason = reason.to_string())
        );
    }
}

impl CheckedOptions {
    /// The credentials for `url`: `--user`'s, else those that were
    /// written in the URL, else `--netrc`'s for its host.
    pub fn credentials_for(
        &self,
        url: &url::Url,
        written_in_url: Option<&Credentials>,
    ) -> Option<Credentials> {
        self.credentials
            .clone()
            .or_else(|| written_in_url.cloned())
            .or_else(|| {
                self.netrc
                    .as_ref()
                    .and_then(|netrc| netrc.credentials_for(url.host_str()?))
            })
    }

    /// Whether a password or a secret header was given.
    pub fn has_secrets(&self) -> bool {
        self.credentials.is_some()
            || self
                .proxy
                .as_ref()
                .is_some_and(|(_, credentials)| credentials.is_some())
            || self.netrc.is_some()
            || !self.cookies.is_empty()
            || self
                .headers
                .iter()
                .any(|header| crate::model::is_sensitive_header(&header.name))
    }
}

/// What the user typed in [`TransferOptions`], checked.
pub struct CheckedOptions {
    pub headers: Vec<HeaderPair>,
    pub credentials: Option<Credentials>,
    /// `--netrc`'s entries, for URLs with no credentials of their own.
    pub netrc: Option<super::netrc::Netrc>,
    /// `--cookies`' cookies.
    pub cookies: Vec<crate::model::GivenCookie>,
    pub limit_rate: Option<u64>,
    /// `--proxy` (or `--noproxy '*'`) and the proxy's credentials.
    pub proxy: Option<(ProxyChoice, Option<Credentials>)>,
    /// `--pin-cert`'s fingerprint, in the form ferry keeps.
    pub pinned_fingerprint: Option<String>,
}

impl TransferOptions {
    /// Checks the headers, credentials and rate: one clear error, nothing
    /// touched.
    pub fn check(&self) -> anyhow::Result<CheckedOptions> {
        let limit_rate = match self.limit_rate.as_deref() {
            Some(text) => input::parse_rate(text)?,
            None => None,
        };
        let headers = self
            .headers
            .iter()
            .map(|text| input::parse_header(text))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let credentials = self
            .user
            .as_deref()
            .map(input::parse_credentials)
            .transpose()?;
        let netrc = (self.netrc && credentials.is_none())
            .then(super::netrc::Netrc::load_for_user)
            .transpose()?;
        let cookies = match &self.cookies {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|error| {
                    anyhow::anyhow!(
                        "--cookies: {}: {error}",
                        tr!("cli-cannot-read", path = path.display().to_string())
                    )
                })?;
                crate::engine::net::cookies::parse_cookies_txt(&text)
                    .map_err(|error| anyhow::anyhow!("--cookies {}: {error}", path.display()))?
            }
            None => Vec::new(),
        };
        let pinned_fingerprint = self
            .pin_cert
            .as_deref()
            .map(canonical_fingerprint)
            .transpose()
            .map_err(|error| anyhow::anyhow!("--pin-cert: {error}"))?;
        Ok(CheckedOptions {
            headers,
            credentials,
            netrc,
            cookies,
            limit_rate,
            proxy: self.checked_proxy()?,
            pinned_fingerprint,
        })
    }

    /// `--proxy` and `--noproxy`, with the proxy's password asked on the
    /// terminal when its URL names a user without one.
    fn checked_proxy(&self) -> anyhow::Result<Option<(ProxyChoice, Option<Credentials>)>> {
        let no_proxy = self.noproxy.as_deref().unwrap_or_default();
        let Some(text) = self.proxy.as_deref() else {
            return match no_proxy.trim() {
                "" => Ok(None),
                "*" => Ok(Some((ProxyChoice::Direct, None))),
                _ => anyhow::bail!(
                    "--noproxy LIST goes with --proxy URL ('*' alone means no proxy at all); \
                     the settings' proxy has its own list"
                ),
            };
        };
        let (proxy, credentials) = proxy_from_words(text, no_proxy)
            .map_err(|error| anyhow::anyhow!("--proxy: {error}"))?;
        Ok(Some((proxy, credentials)))
    }

    /// The engine for a command that runs only what it was given.
    pub fn engine_config(&self) -> EngineConfig {
        EngineConfig {
            connect_timeout: Duration::from_secs(self.timeouts.connect_timeout),
            response_timeout: Duration::from_secs(self.timeouts.response_timeout),
            stall_timeout: Duration::from_secs(self.timeouts.stall_timeout),
            resume_on_start: false,
            extra_ca_cert: self.ca_cert.clone(),
            ..EngineConfig::default()
        }
    }

    /// Sets the options on a new transfer.
    pub fn apply_to(&self, spec: &mut TransferSpec, checked: &CheckedOptions) {
        spec.request_headers = checked.headers.clone();
        spec.credentials = checked.credentials_for(&spec.url, None);
        spec.cookies = checked.cookies.clone();
        if let Some((proxy, credentials)) = &checked.proxy {
            spec.proxy = Some(proxy.clone());
            spec.proxy_credentials = credentials.clone();
        }
        spec.ftp_tls = self.ftp_ssl;
        spec.group = self.group.clone();
        spec.priority = self.priority.map_or(Priority::Default, Into::into);
        spec.cost_policy = self.cost_policy.map_or(CostPolicy::Default, Into::into);
        spec.recoverable_statuses = self.recoverable_statuses.clone();
        spec.unconstrained = self.unconstrained;
        spec.max_bytes_per_second = checked.limit_rate;
    }
}

/// A proxy as typed, with its credentials: a user name written in the
/// URL without a password asks the password on the terminal.
pub fn proxy_from_words(
    text: &str,
    no_proxy: &str,
) -> anyhow::Result<(ProxyChoice, Option<Credentials>)> {
    let (proxy, credentials) = ManualProxy::parse(text, no_proxy)?;
    let credentials = match credentials {
        Some(given) if given.password.is_empty() => {
            let prompt = format!(
                "ferry: {}: ",
                tr!("cli-proxy-password-prompt", user = given.user_name.as_str())
            );
            let password = rpassword::prompt_password(prompt).map_err(|error| {
                anyhow::anyhow!(tr!(
                    "cli-cannot-ask-proxy-password",
                    user = given.user_name.as_str(),
                    error = error.to_string()
                ))
            })?;
            Some(Credentials { password, ..given })
        }
        given => given,
    };
    Ok((ProxyChoice::Manual(proxy), credentials))
}

/// The setting `--pin-cert` makes: its certificate trusted for the host
/// of `urls` (in the settings, so the service and later runs trust it
/// too). The URLs must be https and all on one host: one certificate
/// belongs to one server.
pub fn pinned_certificate<'a>(
    checked: &CheckedOptions,
    urls: impl IntoIterator<Item = &'a url::Url>,
) -> anyhow::Result<Option<SettingChange>> {
    let Some(fingerprint) = &checked.pinned_fingerprint else {
        return Ok(None);
    };
    let mut hosts = std::collections::BTreeSet::new();
    for url in urls {
        if url.scheme() != "https" {
            anyhow::bail!(tr!("cli-pin-cert-not-https", url = url.as_str()));
        }
        hosts.insert(url.host_str().unwrap_or_default().to_owned());
    }
    if hosts.len() > 1 {
        anyhow::bail!(tr!("cli-pin-cert-one-host", count = hosts.len()));
    }
    Ok(hosts
        .into_iter()
        .next()
        .map(|host| SettingChange::PinCertificate {
            host,
            fingerprint: fingerprint.clone(),
        }))
}

/// Sends the setting [`pinned_certificate`] made, if any.
pub async fn pin(handle: &EngineHandle, pinned: Option<&SettingChange>) -> anyhow::Result<()> {
    if let Some(change) = pinned {
        handle
            .call(Command::ChangeSettings(vec![change.clone()]))
            .await?;
    }
    Ok(())
}

/// Sets the priority and the cost policy that were given, on a saved
/// transfer (a re-run, `ferry set`).
pub async fn set_policies(
    handle: &EngineHandle,
    transfer_id: TransferId,
    priority: Option<PriorityArg>,
    cost_policy: Option<CostPolicyArg>,
) -> anyhow::Result<()> {
    if let Some(priority) = priority {
        let priority = priority.into();
        handle
            .call(Command::SetPriority {
                transfer_id,
                priority,
            })
            .await?;
    }
    if let Some(cost_policy) = cost_policy {
        let cost_policy = cost_policy.into();
        handle
            .call(Command::SetCostPolicy {
                transfer_id,
                cost_policy,
            })
            .await?;
    }
    Ok(())
}

/// Gives a persisted transfer this run's headers, `credentials` and limit,
/// and the priority and cost policy if they were given, and queues it
/// again. A group or `--unconstrained` that differs is not changed: ferry
/// says so.
pub async fn reattach(
    handle: &EngineHandle,
    transfer_id: TransferId,
    options: &TransferOptions,
    checked: &CheckedOptions,
    credentials: Option<&Credentials>,
) -> anyhow::Result<()> {
    set_policies(handle, transfer_id, options.priority, options.cost_policy).await?;
    if let Some(transfer) = handle.transfer(transfer_id) {
        if options.group.is_some() && options.group != transfer.spec.group {
            let words = match transfer.spec.group.as_deref() {
                Some(group) => tr!(
                    "cli-stays-in-group",
                    id = transfer_id.short(),
                    group = group
                ),
                None => tr!("cli-stays-in-no-group", id = transfer_id.short()),
            };
            eprintln!("ferry: {words}");
        }
        if options.ftp_ssl && !transfer.spec.ftp_tls {
            anyhow::bail!(tr!("cli-started-without-ftp-ssl", id = transfer_id.short()));
        }
        if options.unconstrained && !transfer.spec.unconstrained {
            eprintln!(
                "ferry: {}",
                tr!("cli-keeps-pausing-on-battery", id = transfer_id.short())
            );
        }
    }
    for header in &checked.headers {
        handle
            .call(Command::SetRequestHeader {
                transfer_id,
                header: header.clone(),
            })
            .await?;
    }
    if !checked.cookies.is_empty() {
        handle
            .call(Command::SetCookies {
                transfer_id,
                cookies: checked.cookies.clone(),
            })
            .await?;
    }
    if let Some((proxy, proxy_credentials)) = &checked.proxy {
        handle
            .call(Command::SetProxy {
                transfer_id,
                proxy: Some(proxy.clone()),
                credentials: proxy_credentials.clone(),
            })
            .await?;
    }
    if let Some(credentials) = credentials {
        handle
            .call(Command::SetCredentials {
                transfer_id,
                credentials: Some(credentials.clone()),
            })
            .await?;
    }
    handle
        .call(Command::SetTransferLimit {
            transfer_id,
            bytes_per_second: checked.limit_rate,
        })
        .await?;
    // What was set above may have let it run and finish already (a cost
    // policy that no longer holds it back): nothing is left to resume.
    if let Err(error) = handle.call(Command::Resume(transfer_id)).await {
        let is_done = handle
            .transfer(transfer_id)
            .is_some_and(|transfer| transfer.status == crate::model::Status::Completed);
        if !is_done {
            return Err(error.into());
        }
    }
    Ok(())
}
