//! Where browsers look for native messaging hosts, and ferry's manifest
//! in each: the Chromium family (Chromium, Chrome, Brave, Edge, Vivaldi,
//! Opera) under `~/.config/…/NativeMessagingHosts/`, Firefox and LibreWolf
//! under `~/.mozilla/native-messaging-hosts/` and
//! `~/.librewolf/native-messaging-hosts/`, and their Flatpak variants
//! under `~/.var/app/ID/`. A manifest names the host program and the one
//! extension allowed to start it.

use std::path::{Path, PathBuf};

/// The host's name, as the extension asks for it.
pub const HOST_NAME: &str = "ferry.native_host";

/// The Chromium extension's ID, fixed by the `"key"` in
/// `browser/manifest.json`.
pub const CHROMIUM_EXTENSION_ID: &str = "ijpcffkecmjalnikncjicmmkmnmobdnl";

/// The Firefox add-on's ID (`browser_specific_settings.gecko.id`).
pub const FIREFOX_ADDON_ID: &str = "ferry-extension@ferry";

/// How a browser finds hosts and names the extension allowed to use one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Chromium,
    Firefox,
}

/// One browser of this user, found or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Browser {
    pub name: &'static str,
    pub family: Family,
    /// Its profile folder; the browser is taken as installed for this user
    /// when it exists.
    pub profile: PathBuf,
}

impl Browser {
    /// The folder the browser reads host manifests from.
    pub fn manifest_folder(&self) -> PathBuf {
        match self.family {
            Family::Chromium => self.profile.join("NativeMessagingHosts"),
            Family::Firefox => self.profile.join("native-messaging-hosts"),
        }
    }

    /// ferry's manifest in it.
    pub fn manifest_path(&self) -> PathBuf {
        self.manifest_folder().join(format!("{HOST_NAME}.json"))
    }

    pub fn is_found(&self) -> bool {
        self.profile.is_dir()
    }

    /// ferry's manifest for this browser, starting `host`.
    pub fn manifest(&self, host: &Path) -> serde_json::Value {
        let mut manifest = serde_json::json!({
            "name": HOST_NAME,
            "description": "ferry download manager: downloads handed over by the browser",
            "path": host,
            "type": "stdio",
        });
        match self.family {
            Family::Chromium => {
                manifest["allowed_origins"] =
                    serde_json::json!([format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/")]);
            }
            Family::Firefox => {
                manifest["allowed_extensions"] = serde_json::json!([FIREFOX_ADDON_ID]);
            }
        }
        manifest
    }
}

/// Every browser ferry knows, in `home` (and `config`, the XDG config
/// folder, usually `home/.config`).
pub fn known_browsers(home: &Path, config: &Path) -> Vec<Browser> {
    let chromium = |name, folder: &str| Browser {
        name,
        family: Family::Chromium,
        profile: config.join(folder),
    };
    let firefox = |name, folder: &str| Browser {
        name,
        family: Family::Firefox,
        profile: home.join(folder),
    };
    let flatpak = |name, family, app: &str, folder: &str| Browser {
        name,
        family,
        profile: home.join(".var/app").join(app).join(folder),
    };
    vec![
        chromium("Chromium", "chromium"),
        chromium("Google Chrome", "google-chrome"),
        chromium("Brave", "BraveSoftware/Brave-Browser"),
        chromium("Microsoft Edge", "microsoft-edge"),
        chromium("Vivaldi", "vivaldi"),
        chromium("Opera", "opera"),
        firefox("Firefox", ".mozilla"),
        firefox("LibreWolf", ".librewolf"),
        flatpak(
            "Chromium (Flatpak)",
            Family::Chromium,
            "org.chromium.Chromium",
            "config/chromium",
        ),
        flatpak(
            "Google Chrome (Flatpak)",
            Family::Chromium,
            "com.google.Chrome",
            "config/google-chrome",
        ),
        flatpak(
            "Brave (Flatpak)",
            Family::Chromium,
            "com.brave.Browser",
            "config/BraveSoftware/Brave-Browser",
        ),
        flatpak(
            "Firefox (Flatpak)",
            Family::Firefox,
            "org.mozilla.firefox",
            ".mozilla",
        ),
        flatpak(
            "LibreWolf (Flatpak)",
            Family::Firefox,
            "io.gitlab.librewolf-community",
            ".librewolf",
        ),
    ]
}

/// The extension that started the host, from its arguments: Chromium
/// passes `chrome-extension://ID/` first; Firefox passes the manifest's
/// path, then the add-on's ID. Anything else is refused, in words.
pub fn check_caller(arguments: &[String]) -> Result<Family, String> {
    let chromium_origin = format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/");
    if arguments.first() == Some(&chromium_origin) {
        return Ok(Family::Chromium);
    }
    if arguments.get(1).map(String::as_str) == Some(FIREFOX_ADDON_ID) {
        return Ok(Family::Firefox);
    }
    Err(format!(
        "ferry's native host answers only ferry's extension ({chromium_origin} or \
         {FIREFOX_ADDON_ID}); it was started for {:?}",
        arguments.first().map(String::as_str).unwrap_or("nobody")
    ))
}

/// Why ferry will not write into `folder` (made when missing): a folder
/// that is a symbolic link, or not this user's, could send the manifest
/// somewhere else or let another user replace the host.
pub fn check_folder(folder: &Path) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::symlink_metadata(folder)
        .map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
    if metadata.file_type().is_symlink() {
        return Err(format!(
            "{} is a symbolic link; ferry writes its manifest into real folders only",
            folder.display()
        ));
    }
    if !metadata.is_dir() {
        return Err(format!("{} is not a folder", folder.display()));
    }
    if metadata.uid() != rustix::process::geteuid().as_raw() {
        return Err(format!(
            "{} belongs to another user; ferry writes only into your own folders",
            folder.display()
        ));
    }
    Ok(())
}

/// Writes ferry's manifest for `browser`, starting `host`; the path of
/// what was written.
pub fn install(browser: &Browser, host: &Path) -> Result<PathBuf, String> {
    check_folder(&browser.profile)?;
    let folder = browser.manifest_folder();
    if !folder.exists() {
        std::fs::create_dir(&folder)
            .map_err(|error| format!("cannot make {}: {error}", folder.display()))?;
    }
    check_folder(&folder)?;
    let path = browser.manifest_path();
    let text =
        serde_json::to_string_pretty(&browser.manifest(host)).map_err(|error| error.to_string())?;
    let unfinished = folder.join(format!(".{HOST_NAME}.json.new"));
    std::fs::write(&unfinished, text + "\n")
        .and_then(|()| std::fs::rename(&unfinished, &path))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(path)
}

/// Removes ferry's manifest for `browser`; true when there was one.
pub fn uninstall(browser: &Browser) -> Result<bool, String> {
    let path = browser.manifest_path();
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(format!("cannot remove {}: {error}", path.display())),
    }
}

/// The host program ferry's manifest for `browser` starts, if it has one.
pub fn installed_host(browser: &Browser) -> Option<PathBuf> {
    let text = std::fs::read_to_string(browser.manifest_path()).ok()?;
    let manifest: serde_json::Value = serde_json::from_str(&text).ok()?;
    manifest["path"].as_str().map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ferrys_extension_may_start_the_host() {
        let arguments = |list: &[&str]| {
            list.iter()
                .map(|text| (*text).to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            check_caller(&arguments(&[&format!(
                "chrome-extension://{CHROMIUM_EXTENSION_ID}/"
            )])),
            Ok(Family::Chromium)
        );
        assert_eq!(
            check_caller(&arguments(&[
                "/home/a/.mozilla/native-messaging-hosts/x.json",
                FIREFOX_ADDON_ID
            ])),
            Ok(Family::Firefox)
        );
        for stranger in [
            &["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"][..],
            &["/x.json", "evil@example"][..],
            &[][..],
        ] {
            assert!(check_caller(&arguments(stranger)).is_err(), "{stranger:?}");
        }
    }

    #[test]
    fn the_manifests_name_the_host_and_the_one_extension() {
        let home = Path::new("/home/a");
        let browsers = known_browsers(home, &home.join(".config"));
        let chromium = &browsers[0];
        assert_eq!(
            chromium.manifest_path(),
            Path::new("/home/a/.config/chromium/NativeMessagingHosts/ferry.native_host.json")
        );
        let manifest = chromium.manifest(Path::new("/usr/lib/ferry/native-host"));
        assert_eq!(manifest["path"], "/usr/lib/ferry/native-host");
        assert_eq!(
            manifest["allowed_origins"][0],
            format!("chrome-extension://{CHROMIUM_EXTENSION_ID}/")
        );
        let firefox = browsers
            .iter()
            .find(|browser| browser.name == "Firefox")
            .expect("firefox");
        assert_eq!(
            firefox.manifest_path(),
            Path::new("/home/a/.mozilla/native-messaging-hosts/ferry.native_host.json")
        );
        assert_eq!(
            firefox.manifest(Path::new("/h"))["allowed_extensions"][0],
            FIREFOX_ADDON_ID
        );
    }

    #[test]
    fn a_linked_profile_folder_is_refused() {
        let home = tempfile::tempdir().expect("home");
        let real = home.path().join("real");
        std::fs::create_dir(&real).expect("mkdir");
        std::os::unix::fs::symlink(&real, home.path().join("chromium")).expect("link");
        let browser = Browser {
            name: "Chromium",
            family: Family::Chromium,
            profile: home.path().join("chromium"),
        };
        let refused = install(&browser, Path::new("/h")).expect_err("a link");
        assert!(refused.contains("symbolic link"), "{refused}");
        assert!(!real.join("NativeMessagingHosts").exists());
    }
}
