//! `ferry limit RATE`: the download speed limit of all transfers together,
//! saved with the settings ("off" lifts it).

use std::path::Path;

use super::{exit, input, session};
use crate::engine::Command;
use crate::model::Settings;

pub fn run(state_dir: &Path, rate_text: &str) -> anyhow::Result<u8> {
    let rate = input::parse_rate(rate_text)?;
    session::apply_one(state_dir, |handle| {
        Command::UpdateSettings(Box::new(Settings {
            download_limit: rate,
            ..handle.settings()
        }))
    })?;
    eprintln!("ferry: download limit: {}", words_for_rate(rate));
    Ok(exit::SUCCESS)
}

/// "2 MiB/s" or "unlimited".
pub fn words_for_rate(rate: Option<u64>) -> String {
    match rate {
        Some(bytes) => format!("{}/s", indicatif::HumanBytes(bytes)),
        None => "unlimited".to_owned(),
    }
}
