//! How long the first message takes (the loader parses its language's
//! file and English): `cargo run --release -p ferry-i18n --example first_message`.
// An example's output is read by a person at a terminal.
#![allow(clippy::disallowed_macros)]

fn main() {
    for locale in ferry_i18n::Locale::ALL {
        ferry_i18n::isolate_this_thread(locale);
        let started = std::time::Instant::now();
        let words = ferry_i18n::tr!("status-paused");
        let first = started.elapsed();
        let started = std::time::Instant::now();
        let again = ferry_i18n::tr!("status-paused");
        println!(
            "{}: first message {:.2} ms, then {:.1} µs ({words}, {again})",
            locale.code(),
            first.as_secs_f64() * 1000.0,
            started.elapsed().as_secs_f64() * 1e6
        );
    }
}
