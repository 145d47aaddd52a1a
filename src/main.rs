//! The `ferry` binary: parse the command line, then run a CLI command or,
//! with no command, hand over to the window (`ferry-window`); nothing else.

use std::process::ExitCode;

/// mimalloc: many threads allocate and free small objects for every request,
/// which glibc's malloc serves slowly. Built without transparent huge
/// pages, which would double the resident memory of a large download.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ferry_i18n::select_from_environment();
    let cli = ferry::cli::parse();
    if cli.command.is_some() {
        return ferry::cli::run_to_exit_code(cli);
    }
    let error = ferry::cli::hand_over_to_window(cli.state_dir);
    eprintln!("ferry: {error:#}");
    ExitCode::from(ferry::cli::exit::BAD_INPUT)
}
