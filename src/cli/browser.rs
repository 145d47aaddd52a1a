//! `ferry browser install | uninstall | status | ask on|off`: the browser
//! hand-off for this user. `install` writes ferry's extension (built into
//! this binary, so it always matches it) and the host script into ferry's
//! data folder, and the host's manifest into every browser found;
//! `status` tells what is installed and when each browser's extension
//! last talked to ferry.

use ferry_i18n::tr;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::native_host::contact_path;
use super::{BrowserCommand, exit, session};
use crate::desktop::browser::manifests::{
    self, Browser, CHROMIUM_EXTENSION_ID, FIREFOX_ADDON_ID, Family, known_browsers,
};
use crate::engine::Command;
use crate::model::SettingChange;

/// The extension's files, as `browser/` in the source holds them.
const EXTENSION_FILES: [(&str, &[u8]); 12] = [
    (
        "manifest.json",
        include_bytes!("../../browser/manifest.json"),
    ),
    (
        "background.js",
        include_bytes!("../../browser/background.js"),
    ),
    ("popup.html", include_bytes!("../../browser/popup.html")),
    ("popup.js", include_bytes!("../../browser/popup.js")),
    ("options.html", include_bytes!("../../browser/options.html")),
    ("options.js", include_bytes!("../../browser/options.js")),
    (
        "_locales/en/messages.json",
        include_bytes!("../../browser/_locales/en/messages.json"),
    ),
    (
        "_locales/fr/messages.json",
        include_bytes!("../../browser/_locales/fr/messages.json"),
    ),
    (
        "_locales/ko/messages.json",
        include_bytes!("../../browser/_locales/ko/messages.json"),
    ),
    ("icon-32.png", include_bytes!("../../browser/icon-32.png")),
    ("icon-48.png", include_bytes!("../../browser/icon-48.png")),
    ("icon-128.png", include_bytes!("../../browser/icon-128.png")),
];

pub fn run(
    state_dir: &Path,
    explicit_state_dir: bool,
    command: &BrowserCommand,
) -> anyhow::Result<u8> {
    let places = Places::of_user()?;
    match command {
        BrowserCommand::Install => install(&places, state_dir, explicit_state_dir),
        BrowserCommand::Uninstall => uninstall(&places),
        BrowserCommand::Status => status(&places, state_dir),
        BrowserCommand::Ask { switch } => {
            let asks = matches!(switch, super::Switch::On);
            session::apply_one(state_dir, |_| {
                Command::ChangeSettings(vec![SettingChange::BrowserStartsWithoutAsking(!asks)])
            })?;
            say!(
                "{}",
                if asks {
                    tr!("cli-browser-asks")
                } else {
                    tr!("cli-browser-starts")
                }
            );
            Ok(exit::SUCCESS)
        }
    }
}

/// Where this user's browsers and ferry's own files are.
struct Places {
    browsers: Vec<Browser>,
    /// `~/.local/share/ferry`.
    data: PathBuf,
}

impl Places {
    fn of_user() -> anyhow::Result<Places> {
        let dirs =
            directories::BaseDirs::new().context("cannot find the home folder (is HOME set?)")?;
        Ok(Places {
            browsers: known_browsers(dirs.home_dir(), dirs.config_dir()),
            data: dirs.data_dir().join("ferry"),
        })
    }

    fn host(&self) -> PathBuf {
        self.data.join("native-host")
    }

    fn extension(&self) -> PathBuf {
        self.data.join("browser")
    }
}

fn install(places: &Places, state_dir: &Path, explicit_state_dir: bool) -> anyhow::Result<u8> {
    let ferry = std::env::current_exe().context("cannot find where ferry is installed")?;
    std::fs::create_dir_all(&places.data)
        .with_context(|| format!("cannot make {}", places.data.display()))?;
    manifests::check_folder(&places.data).map_err(anyhow::Error::msg)?;
    write_host_script(
        &places.host(),
        &ferry,
        explicit_state_dir.then_some(state_dir),
    )?;
    write_extension(&places.extension())?;
    let mut installed = 0;
    for browser in places.browsers.iter().filter(|browser| browser.is_found()) {
        match manifests::install(browser, &places.host()) {
            Ok(path) => {
                installed += 1;
                say!("{}: {}", browser.name, path.display());
            }
            Err(reason) => eprintln!("ferry: {}: {reason}", browser.name),
        }
    }
    if installed == 0 {
        say!("{}", tr!("cli-browser-none-found"));
    }
    say!(
        "{}",
        tr!(
            "cli-browser-extension-steps",
            folder = places.extension().display().to_string(),
            id = CHROMIUM_EXTENSION_ID
        )
    );
    Ok(exit::SUCCESS)
}

/// The script each manifest names: browsers start a program without
/// arguments of ferry's, so it calls `ferry native-host` (with the state
/// folder given to `install`, when one was).
pub(super) fn write_host_script(
    path: &Path,
    ferry: &Path,
    state_dir: Option<&Path>,
) -> anyhow::Result<()> {
    let quoted = |path: &Path| format!("'{}'", path.display().to_string().replace('\'', r"'\''"));
    let state = state_dir.map_or(String::new(), |dir| format!(" --state-dir {}", quoted(dir)));
    let script = format!(
        "#!/bin/sh\n# ferry's native messaging host, started by the browser for ferry's \
         extension.\n# Written by `ferry browser install`.\nexec {}{state} native-host \"$@\"\n",
        quoted(ferry)
    );
    let unfinished = path.with_extension("new");
    std::fs::write(&unfinished, script)
        .and_then(|()| {
            std::fs::set_permissions(&unfinished, std::fs::Permissions::from_mode(0o755))
        })
        .and_then(|()| std::fs::rename(&unfinished, path))
        .with_context(|| format!("cannot write {}", path.display()))
}

pub(super) fn write_extension(folder: &Path) -> anyhow::Result<()> {
    for (name, bytes) in EXTENSION_FILES {
        let path = folder.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot make {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn uninstall(places: &Places) -> anyhow::Result<u8> {
    let mut failed = false;
    for browser in &places.browsers {
        match manifests::uninstall(browser) {
            Ok(true) => say!(
                "{}: {}",
                browser.name,
                tr!(
                    "cli-browser-removed",
                    path = browser.manifest_path().display().to_string()
                )
            ),
            Ok(false) => {}
            Err(reason) => {
                failed = true;
                eprintln!("ferry: {}: {reason}", browser.name);
            }
        }
    }
    let host = places.host();
    if host.exists() {
        std::fs::remove_file(&host).with_context(|| format!("cannot remove {}", host.display()))?;
    }
    if places.extension().exists() {
        std::fs::remove_dir_all(places.extension())
            .with_context(|| format!("cannot remove {}", places.extension().display()))?;
    }
    say!("{}", tr!("cli-browser-uninstalled"));
    Ok(if failed {
        exit::TRANSFER_FAILED
    } else {
        exit::SUCCESS
    })
}

fn status(places: &Places, state_dir: &Path) -> anyhow::Result<u8> {
    let host = places.host();
    for browser in &places.browsers {
        if !browser.is_found() {
            continue;
        }
        let manifest = match manifests::installed_host(browser) {
            Some(path) if path == host && path.exists() => tr!("cli-browser-host-installed"),
            Some(path) => tr!("cli-browser-other-host", path = path.display().to_string()),
            None => tr!("cli-browser-host-not-installed"),
        };
        say!(
            "{}: {manifest}; {}",
            browser.name,
            last_contact_words(state_dir, browser.family)
        );
    }
    let folder = places.extension().display().to_string();
    say!(
        "{}",
        if places.extension().join("manifest.json").exists() {
            tr!("cli-browser-extension-folder", folder = folder)
        } else {
            tr!("cli-browser-extension-folder-unwritten", folder = folder)
        }
    );
    say!(
        "{}",
        tr!(
            "cli-browser-extension-ids",
            ids = format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/, {FIREFOX_ADDON_ID}")
        )
    );
    Ok(exit::SUCCESS)
}

fn last_contact_words(state_dir: &Path, family: Family) -> String {
    let contact = std::fs::read_to_string(contact_path(state_dir, family))
        .ok()
        .and_then(|text| text.trim().parse::<u64>().ok());
    let Some(at) = contact else {
        return tr!("cli-browser-never-talked");
    };
    let ago = crate::model::unix_now_secs().saturating_sub(at);
    tr!(
        "cli-browser-last-talked",
        ago = super::clock::age_words(ago)
    )
}
