//! The fuzz targets on stable: each runs with bolero's random engine for
//! `FERRY_FUZZ_SECS` seconds (3 by default: CI's bounded run), or for
//! `FERRY_FUZZ_EXECUTIONS` inputs when set (the long runs of
//! docs/fuzzing.md), after replaying its regressions in
//! `fuzz/corpus/TARGET/`.

use std::path::Path;
use std::time::Duration;

fn run(name: &str, target: fn(&[u8])) {
    ferry_fuzz::replay(
        target,
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus")
            .join(name),
    );
    let check = bolero::check!().with_max_len(4096);
    // Executions when asked, else seconds.
    let executions = std::env::var("FERRY_FUZZ_EXECUTIONS")
        .ok()
        .and_then(|count| count.parse::<usize>().ok());
    let check = match executions {
        Some(executions) => check.with_iterations(executions),
        None => {
            let secs = std::env::var("FERRY_FUZZ_SECS")
                .ok()
                .and_then(|secs| secs.parse().ok())
                .unwrap_or(3);
            check.with_test_time(Duration::from_secs(secs))
        }
    };
    check.for_each(|input: &[u8]| target(input));
}

#[test]
fn file_name() {
    run("file_name", ferry_fuzz::file_name);
}

#[test]
fn resume_decision() {
    run("resume_decision", ferry_fuzz::resume_decision);
}

#[test]
fn resume_decision_picked() {
    run("resume_decision_picked", ferry_fuzz::resume_decision_picked);
}

#[test]
fn cookies_txt() {
    run("cookies_txt", ferry_fuzz::cookies_txt);
}

#[test]
fn service_frames() {
    run("service_frames", ferry_fuzz::service_frames);
}

#[test]
fn native_messaging() {
    run("native_messaging", ferry_fuzz::native_messaging);
}

#[test]
fn multipart_name() {
    run("multipart_name", ferry_fuzz::multipart_name);
}

#[test]
fn state_file() {
    run("state_file", ferry_fuzz::state_file);
}
