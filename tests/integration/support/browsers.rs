//! Real browsers on their own Xvfb display, with ferry's extension loaded
//! from the home folder made for the test (where `ferry browser install`
//! wrote it and the host's manifest): Chromium (Debian `chromium`) loads
//! it unpacked, Firefox (Debian `firefox-esr`) from a proxy file in a
//! fresh profile. Not headless: extensions need a real browser window.
//! Everything the browser started is killed when dropped.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use ferry::desktop::browser::manifests::FIREFOX_ADDON_ID;

/// A browser and its display.
pub struct Browser {
    browser: Child,
    xvfb: Child,
}

/// Where `ferry browser install` writes the extension in `home`.
fn extension_folder(home: &Path) -> std::path::PathBuf {
    home.join(".local/share/ferry/browser")
}

impl Browser {
    /// Chromium opening `url` as the user of `home`.
    pub fn chromium(home: &Path, url: &str) -> Browser {
        let mut command = Command::new("chromium");
        command
            .arg("--no-sandbox")
            .arg(format!(
                "--user-data-dir={}",
                home.join(".config/chromium").display()
            ))
            .arg(format!(
                "--load-extension={}",
                extension_folder(home).display()
            ))
            .args([
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-gpu",
                "--password-store=basic",
                url,
            ]);
        Browser::start(command, home, "chromium (Debian package chromium)")
    }

    /// Firefox ESR opening `url` as the user of `home`, in a new profile
    /// that loads the extension unsigned and downloads into
    /// `home/Downloads` without asking.
    pub fn firefox(home: &Path, url: &str) -> Browser {
        let profile = home.join("firefox-profile");
        std::fs::create_dir_all(profile.join("extensions")).expect("profile");
        std::fs::write(
            profile.join("extensions").join(FIREFOX_ADDON_ID),
            extension_folder(home).display().to_string(),
        )
        .expect("the extension's proxy file");
        let preferences = [
            ("xpinstall.signatures.required", "false".to_owned()),
            ("extensions.autoDisableScopes", "0".to_owned()),
            ("extensions.enabledScopes", "15".to_owned()),
            (
                "extensions.originControls.grantByDefault",
                "true".to_owned(),
            ),
            ("browser.shell.checkDefaultBrowser", "false".to_owned()),
            ("browser.download.useDownloadDir", "true".to_owned()),
            ("browser.download.folderList", "2".to_owned()),
            (
                "browser.download.dir",
                format!("{:?}", home.join("Downloads").display().to_string()),
            ),
            ("browser.safebrowsing.downloads.enabled", "false".to_owned()),
            ("app.update.enabled", "false".to_owned()),
            (
                "datareporting.policy.dataSubmissionEnabled",
                "false".to_owned(),
            ),
            ("network.captive-portal-service.enabled", "false".to_owned()),
        ];
        let user_js: String = preferences
            .iter()
            .map(|(name, value)| format!("user_pref({name:?}, {value});\n"))
            .collect();
        std::fs::write(profile.join("user.js"), user_js).expect("user.js");
        let mut command = Command::new("firefox-esr");
        command
            .arg("--profile")
            .arg(&profile)
            .args(["--no-remote", url]);
        Browser::start(command, home, "firefox-esr (Debian package firefox-esr)")
    }

    fn start(mut command: Command, home: &Path, what: &str) -> Browser {
        let (xvfb, display) = super::notifications::start_display();
        let browser = command
            .env("HOME", home)
            .env("DISPLAY", &display)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("FERRY_STATE_DIR")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("{what} must be installed: {error}"));
        Browser { browser, xvfb }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Its helper processes and the native host are in its group.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.browser.id())])
            .status();
        let _ = self.browser.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}
