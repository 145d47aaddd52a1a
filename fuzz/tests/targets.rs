//! The fuzz targets on stable: each runs with bolero's random engine for
//! `FERRY_FUZZ_SECS` seconds (3 by default: CI's bounded run), or for
//! `FERRY_FUZZ_EXECUTIONS` inputs when set (the long runs of
//! docs/fuzzing.md), after replaying its regressions in
//! `fuzz/corpus/TARGET/`. `cargo bolero test NAME` runs one under
//! libFuzzer instead.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a target runs outside libFuzzer.
enum Budget {
    Executions(usize),
    Time(Duration),
}

fn budget() -> Budget {
    let executions = std::env::var("FERRY_FUZZ_EXECUTIONS")
        .ok()
        .and_then(|count| count.parse().ok());
    match executions {
        Some(executions) => Budget::Executions(executions),
        None => {
            let secs = std::env::var("FERRY_FUZZ_SECS")
                .ok()
                .and_then(|secs| secs.parse().ok())
                .unwrap_or(3);
            Budget::Time(Duration::from_secs(secs))
        }
    }
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

/// A test per target. `check!()` must be written in the test's own
/// function: bolero names the target after the function it is in, and
/// `cargo bolero test NAME` finds it by that name.
macro_rules! targets {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            ferry_fuzz::replay(ferry_fuzz::$name, &corpus(stringify!($name)));
            let check = bolero::check!().with_max_len(4096);
            let check = match budget() {
                Budget::Executions(executions) => check.with_iterations(executions),
                Budget::Time(time) => check.with_test_time(time),
            };
            check.for_each(|input: &[u8]| ferry_fuzz::$name(input));
        }
    )*};
}

targets!(
    file_name,
    resume_decision,
    resume_decision_picked,
    cookies_txt,
    service_frames,
    native_messaging,
    multipart_name,
    state_file,
);
