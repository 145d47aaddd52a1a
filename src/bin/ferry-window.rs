//! The `ferry-window` binary: the window over the state, which `ferry` with
//! no command hands over to. Apart from `ferry` so that the command line does
//! not load the window's code; see `cli::hand_over_to_window`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use ferry::model::TransferId;
use ferry::service::WindowRequest;

/// The same allocator as `ferry` (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The ferry window (what `ferry` with no command opens).
#[derive(Debug, Parser)]
#[command(name = "ferry-window", version)]
struct WindowArgs {
    /// Directory holding state.ron (default: the XDG data directory).
    #[arg(long, env = "FERRY_STATE_DIR", value_name = "DIR")]
    state_dir: Option<PathBuf>,
    /// A URL to offer in the add dialog (how the desktop hands over a link
    /// opened with ferry).
    #[arg(value_name = "URL", conflicts_with_all = ["show", "monitor"])]
    url: Option<String>,
    /// Show this transfer (its full ID) in the window.
    #[arg(long, value_name = "ID", conflicts_with = "monitor")]
    show: Option<String>,
    /// Open the compact always-on-top monitor instead of the window.
    #[arg(long)]
    monitor: bool,
}

fn main() -> ExitCode {
    ferry_i18n::select_from_environment();
    let arguments = WindowArgs::parse();
    ferry::cli::init_logging();
    let opened = ferry::cli::state_dir(arguments.state_dir).and_then(|state_dir| {
        if arguments.monitor {
            return ferry::ui::run_monitor(&state_dir);
        }
        let request = match (arguments.url, arguments.show) {
            (Some(url), _) => Some(WindowRequest::AddUrl(url)),
            (None, Some(typed)) => Some(WindowRequest::ShowTransfer(
                typed.parse::<TransferId>().map_err(|_| {
                    anyhow::anyhow!("--show takes a transfer's ID, as `ferry list --json` shows it")
                })?,
            )),
            (None, None) => None,
        };
        ferry::ui::run_window(&state_dir, request)
    });
    match opened {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ferry: {error:#}");
            ExitCode::from(ferry::cli::exit::BAD_INPUT)
        }
    }
}
