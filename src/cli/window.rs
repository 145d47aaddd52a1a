//! `ferry` with no command: hand over to the `ferry-window` binary installed
//! beside `ferry`. The window lives in its own executable so that the command
//! line does not map the window's code (egui, winit, fonts), and a cold
//! `ferry get` reads a much smaller binary before it starts.

use std::io::ErrorKind;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;

/// The window's executable, installed in the same folder as `ferry`.
const WINDOW_BINARY: &str = "ferry-window";

/// Replaces this process with `ferry-window` (same pid, terminal and
/// environment, so FERRY_STATE_DIR carries over); returns only on failure.
pub fn hand_over_to_window(state_dir: Option<PathBuf>) -> anyhow::Error {
    let ferry = match std::env::current_exe() {
        Ok(ferry) => ferry,
        Err(error) => {
            return anyhow::Error::new(error).context("cannot find where ferry is installed");
        }
    };
    let window = ferry.with_file_name(WINDOW_BINARY);
    let mut command = std::process::Command::new(&window);
    if let Some(state_dir) = state_dir {
        command.arg("--state-dir").arg(state_dir);
    }
    let error = command.exec();
    if error.kind() == ErrorKind::NotFound {
        return anyhow::anyhow!(
            "the window is not installed: {} is missing (scripts/setup.sh installs it beside ferry)",
            window.display()
        );
    }
    anyhow::Error::new(error).context(format!("cannot start the window ({})", window.display()))
}
