//! A real Chromium (Debian `chromium`) on its own Xvfb display, with
//! ferry's extension loaded unpacked, its profile in a home folder made
//! for the test (where `ferry browser install` put the host's manifest).
//! Not headless: extensions need a real browser window. Everything it
//! started is killed when dropped.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Chromium {
    browser: Child,
    xvfb: Child,
}

impl Chromium {
    /// Opens `url` as the user of `home`, with the extension in
    /// `home/.local/share/ferry/browser`.
    pub fn open(home: &Path, url: &str) -> Chromium {
        let (xvfb, display) = super::notifications::start_display();
        let browser = Command::new("chromium")
            .arg("--no-sandbox")
            .arg(format!(
                "--user-data-dir={}",
                home.join(".config/chromium").display()
            ))
            .arg(format!(
                "--load-extension={}",
                home.join(".local/share/ferry/browser").display()
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
            ])
            .env("HOME", home)
            .env("DISPLAY", &display)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("FERRY_STATE_DIR")
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium (Debian package chromium) must be installed");
        Chromium { browser, xvfb }
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        // Its zygote, renderers and the native host are in its group.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.browser.id())])
            .status();
        let _ = self.browser.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}
