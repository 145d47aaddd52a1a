//! Starting ferry's window or monitor as a process of its own (from the
//! tray, the monitor, the window's Monitor button).

use std::path::{Path, PathBuf};

/// Starts `ferry-window --state-dir STATE_DIR ARGUMENTS`: the one beside
/// this program (`ferry` and `ferry-window` are installed together), else
/// the one on PATH.
pub fn launch_window(state_dir: &Path, arguments: &[&str]) -> std::io::Result<()> {
    let program = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|folder| folder.join("ferry-window")))
        .filter(|program| program.is_file())
        .unwrap_or_else(|| PathBuf::from("ferry-window"));
    let mut child = std::process::Command::new(program)
        .arg("--state-dir")
        .arg(state_dir)
        .args(arguments)
        .stdin(std::process::Stdio::null())
        .spawn()?;
    // Waited for on a thread of its own, so it never lingers as a zombie.
    std::thread::Builder::new()
        .name("ferry-window-reaper".to_owned())
        .spawn(move || {
            let _ = child.wait();
        })
        .map(drop)
}
