//! Starting ferry's own programs as processes of their own: the window or
//! the monitor (from the tray, the monitor, the window's Monitor button) and
//! the service (from its clients).

use std::path::{Path, PathBuf};

/// `name` beside the running program (`ferry` and `ferry-window` are
/// installed together), else `name` on PATH.
pub fn sibling_program(name: &str) -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|folder| folder.join(name)))
        .filter(|program| program.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// Starts `ferry-window --state-dir STATE_DIR ARGUMENTS`.
pub fn launch_window(state_dir: &Path, arguments: &[&str]) -> std::io::Result<()> {
    let child = std::process::Command::new(sibling_program("ferry-window"))
        .arg("--state-dir")
        .arg(state_dir)
        .args(arguments)
        .stdin(std::process::Stdio::null())
        .spawn()?;
    reap_in_background(child);
    Ok(())
}

/// Waits for `child` on a thread of its own, so that it does not linger
/// as a zombie while this process lives on.
pub fn reap_in_background(mut child: std::process::Child) {
    let spawned = std::thread::Builder::new()
        .name("ferry-reaper".to_owned())
        .spawn(move || {
            let _ = child.wait();
        });
    if spawned.is_err() {
        tracing::warn!("cannot start a thread to wait for a child process");
    }
}
