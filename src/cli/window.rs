//! `ferry` with no command: hand over to the `ferry-window` binary installed
//! beside `ferry`. The window lives in its own executable so that the command
//! line does not map the window's code (egui, winit, fonts), and a cold
//! `ferry get` reads a much smaller binary before it starts.

use ferry_i18n::tr;
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
            return anyhow::Error::new(error).context(tr!("cli-where-installed"));
        }
    };
    let window = ferry.with_file_name(WINDOW_BINARY);
    let mut command = std::process::Command::new(&window);
    if let Some(state_dir) = state_dir {
        command.arg("--state-dir").arg(state_dir);
    }
    let error = command.exec();
    if error.kind() == ErrorKind::NotFound {
        return anyhow::anyhow!(tr!(
            "cli-window-not-installed",
            path = window.display().to_string()
        ));
    }
    anyhow::Error::new(error).context(tr!(
        "cli-cannot-start-window",
        path = window.display().to_string()
    ))
}

/// The ferry window (what `ferry` with no command opens): `ferry-window`'s
/// command line, here so its man page is made with ferry's.
#[derive(Debug, clap::Parser)]
#[command(name = "ferry-window", version)]
pub struct WindowArgs {
    /// Directory holding state.ron (default: the XDG data directory).
    #[arg(long, env = "FERRY_STATE_DIR", value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// A URL to offer in the add dialog (how the desktop hands over a link
    /// opened with ferry).
    #[arg(value_name = "URL", conflicts_with_all = ["show", "monitor"])]
    pub url: Option<String>,
    /// Show this transfer (its full ID) in the window.
    #[arg(long, value_name = "ID", conflicts_with = "monitor")]
    pub show: Option<String>,
    /// Open the compact always-on-top monitor instead of the window.
    #[arg(long)]
    pub monitor: bool,
}
