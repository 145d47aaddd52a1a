//! The `ferry-window` binary: the window over the state, which `ferry` with
//! no command hands over to. Apart from `ferry` so that the command line does
//! not load the window's code; see `cli::hand_over_to_window`.

use std::process::ExitCode;

use clap::Parser;
use ferry::cli::WindowArgs;
use ferry::model::TransferId;
use ferry::service::WindowRequest;

/// The same allocator as `ferry` (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
