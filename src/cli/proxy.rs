//! `ferry proxy`: the settings' proxy, the one every transfer without its
//! own `--proxy` goes through (what Settings › Network sets in the
//! window). `ferry proxy URL [--noproxy LIST]`, `ferry proxy none`,
//! `ferry proxy env`; without an argument it shows the setting. A user
//! name in the URL asks its password on the terminal; the service keeps
//! the credentials in the keyring, never in state.ron.

use std::path::Path;

use super::{exit, options, session};
use crate::engine::Command;
use crate::model::{ProxyChoice, SettingChange};
use crate::store;

pub fn run(state_dir: &Path, setting: Option<&str>, no_proxy: Option<&str>) -> anyhow::Result<u8> {
    let Some(setting) = setting else {
        if no_proxy.is_some() {
            anyhow::bail!("--noproxy goes with a proxy URL: ferry proxy URL --noproxy LIST");
        }
        return show(state_dir);
    };
    let (choice, credentials) = match setting.trim() {
        "none" | "direct" | "off" if no_proxy.is_none() => (ProxyChoice::Direct, None),
        "env" | "environment" if no_proxy.is_none() => (ProxyChoice::FromEnvironment, None),
        "none" | "direct" | "off" | "env" | "environment" => {
            anyhow::bail!("--noproxy goes with a proxy URL, not with {setting:?}")
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
        ProxyChoice::FromEnvironment => {
            "proxy: from the environment (http_proxy, https_proxy, all_proxy, no_proxy)".to_owned()
        }
        ProxyChoice::Direct => "proxy: none".to_owned(),
        ProxyChoice::Manual(proxy) if proxy.no_proxy.is_empty() => {
            format!("proxy: {}", proxy.url_text())
        }
        ProxyChoice::Manual(proxy) => {
            format!("proxy: {}, not for {}", proxy.url_text(), proxy.no_proxy)
        }
    }
}
