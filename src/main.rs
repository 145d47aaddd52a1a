//! The `ferry` binary: parse the command line and run it; nothing else.

use std::process::ExitCode;

fn main() -> ExitCode {
    ferry::cli::main()
}
