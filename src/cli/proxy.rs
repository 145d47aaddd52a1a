//! `ferry proxy`: the settings' proxy, the one every transfer without its
//! own `--proxy` goes through (what Settings › Network sets in the
//! window). `ferry proxy URL [--noproxy LIST]`, `ferry proxy none`,
//! `ferry proxy env`; without an argument it shows the setting. A user
//! name in the URL asks its password on the terminal; the service keeps
//! the credentials in the keyring, never in state.ron.

use ferry_i18n::tr;
use std::path::Path;

use super::{exit, options, session};
use crate::engine::Command;
use crate::model::{ProxyChoice, SettingChange};
use crate::store;

pub fn run(state_dir: &Path, setting: Option<&str>, no_proxy: Option<&str>) -> anyhow::Result<u8> {
    let Some(setting) = setting else {
        if no_proxy.is_some() {
            anyhow::bail!(tr!("cli-noproxy-needs-url"));
        }
        return show(state_dir);
    };
    let (choice, credentials) = match setting.trim() {
        "none" | "direct" | "off" if no_proxy.is_none() => (ProxyChoice::Direct, None),
        "env" | "environment" if no_proxy.is_none() => (ProxyChoice::FromEnvironment, None),
        "none" | "direct" | "off" | "env" | "environment" => {
            anyhow::bail!(tr!("cli-noproxy-not-with", setting = setting))
        }
        url => options::proxy_from_words(url, no_proxy.unwrap_or_default())?,
    };
    options::warn_when_no_keyring(credentials.is_some());
    let mut changes = vec![SettingChange::Proxy(choice.clone())];
    // A proxy set without a login forgets the one kept before.
    changes.push(SettingChange::ProxyCredentials(credentials));
    session::apply_one(state_dir, |_| Command::ChangeSettings(changes))?;
    say!("{}", describe(&choice));
    Ok(exit::SUCCESS)
}

fn show(state_dir: &Path) -> anyhow::Result<u8> {
    let loaded = store::read_state(state_dir)?;
    for warning in &loaded.warnings {
        eprintln!("ferry: {warning}");
    }
    say!("{}", describe(&loaded.state.settings.proxy));
    Ok(exit::SUCCESS)
}

fn describe(choice: &ProxyChoice) -> String {
    match choice {
        ProxyChoice::FromEnvironment => tr!("cli-proxy-environment"),
        ProxyChoice::Direct => tr!("cli-proxy-none"),
        ProxyChoice::Manual(proxy) if proxy.no_proxy.is_empty() => {
            tr!("cli-proxy-manual", url = proxy.url_text())
        }
        ProxyChoice::Manual(proxy) => tr!(
            "cli-proxy-manual-except",
            url = proxy.url_text(),
            except = proxy.no_proxy.as_str()
        ),
    }
}
