//! The `ferry-window` binary: the window over the state, which `ferry` with
//! no command hands over to. Apart from `ferry` so that the command line does
//! not load the window's code; see `cli::hand_over_to_window`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

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
    #[arg(value_name = "URL")]
    url: Option<String>,
}

fn main() -> ExitCode {
    let arguments = WindowArgs::parse();
    ferry::cli::init_logging();
    let opened = ferry::cli::state_dir(arguments.state_dir)
        .and_then(|state_dir| ferry::ui::run_window(&state_dir, arguments.url));
    match opened {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ferry: {error:#}");
            ExitCode::from(ferry::cli::exit::BAD_INPUT)
        }
    }
}
