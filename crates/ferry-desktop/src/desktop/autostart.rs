//! "Start with my session": an XDG autostart entry that starts ferry's
//! service when the user logs in (`$XDG_CONFIG_HOME/autostart/ferry.desktop`).
//! The entry's presence is the setting; there is no copy in state.ron.

use std::io;
use std::path::{Path, PathBuf};

/// The entry as packaged; its `Exec=ferry ` gets the installed path.
const ENTRY_TEMPLATE: &str = include_str!("../../../../packaging/ferry-autostart.desktop");

/// Whether the service starts with the session, and changing it.
pub trait Autostart {
    fn is_enabled(&self) -> bool;
    fn set_enabled(&self, is_enabled: bool) -> io::Result<()>;
}

/// The user's real autostart folder, with an entry that runs `ferry_program`.
pub struct XdgAutostart {
    entry_path: Option<PathBuf>,
    ferry_program: PathBuf,
}

impl XdgAutostart {
    pub fn new(ferry_program: PathBuf) -> Self {
        let config_home = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .or_else(|| directories::BaseDirs::new().map(|dirs| dirs.config_dir().to_owned()));
        XdgAutostart {
            entry_path: config_home.map(|dir| dir.join("autostart").join("ferry.desktop")),
            ferry_program,
        }
    }
}

impl Autostart for XdgAutostart {
    fn is_enabled(&self) -> bool {
        self.entry_path.as_deref().is_some_and(Path::is_file)
    }

    fn set_enabled(&self, is_enabled: bool) -> io::Result<()> {
        let Some(entry_path) = &self.entry_path else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                "no config folder (is HOME set?)",
            ));
        };
        if !is_enabled {
            return match std::fs::remove_file(entry_path) {
                Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
                other => other,
            };
        }
        if let Some(folder) = entry_path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        std::fs::write(entry_path, entry_text(&self.ferry_program))
    }
}

/// The autostart entry for `ferry_program` (an absolute path: a session
/// starting may not have the user's PATH).
pub fn entry_text(ferry_program: &Path) -> String {
    ENTRY_TEMPLATE.replace("Exec=ferry ", &format!("Exec={} ", ferry_program.display()))
}

/// No desktop: never enabled, and changing it does nothing (tests).
pub struct NoAutostart;

impl Autostart for NoAutostart {
    fn is_enabled(&self) -> bool {
        false
    }

    fn set_enabled(&self, _is_enabled: bool) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_runs_the_installed_ferry_daemon() {
        let text = entry_text(Path::new("/home/ana/.cargo/bin/ferry"));
        assert!(
            text.lines()
                .any(|line| line == "Exec=/home/ana/.cargo/bin/ferry daemon --detached"),
            "{text}"
        );
    }
}
