//! Opening a file or folder with the desktop's default application.

use std::path::Path;

/// Opens paths for the person.
pub trait Opener {
    fn open(&self, path: &Path);
}

/// `xdg-open`, reaped on a named thread so no zombie is left behind.
pub struct XdgOpener;

impl Opener for XdgOpener {
    fn open(&self, path: &Path) {
        let path = path.to_owned();
        let spawned = std::thread::Builder::new()
            .name("ferry-open".to_owned())
            .spawn(
                move || match std::process::Command::new("xdg-open").arg(&path).status() {
                    Ok(status) if status.success() => {}
                    Ok(status) => {
                        tracing::warn!(path = %path.display(), %status, "xdg-open failed")
                    }
                    Err(error) => {
                        tracing::warn!(path = %path.display(), %error, "cannot run xdg-open")
                    }
                },
            );
        if let Err(error) = spawned {
            tracing::warn!(%error, "cannot start xdg-open");
        }
    }
}

pub(super) struct NoOpener;

impl Opener for NoOpener {
    fn open(&self, _path: &Path) {}
}
