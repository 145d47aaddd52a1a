//! `ferry limit RATE`: the download speed limit of all transfers together,
//! saved with the settings ("off" lifts it).

use std::path::Path;

use super::{exit, session};
use crate::engine::rate::parse_rate;
use crate::engine::{Command, EngineConfig};
use crate::model::Settings;

pub fn run(state_dir: &Path, rate_text: &str) -> anyhow::Result<u8> {
    let rate = parse_rate(rate_text).map_err(|words| anyhow::anyhow!(words))?;
    let config = EngineConfig {
        resume_on_start: false,
        ..EngineConfig::default()
    };
    let engine = session::start_engine(state_dir, config)?;
    let handle = engine.handle();
    let runtime = session::cli_runtime()?;
    let settings = Settings {
        download_limit: rate,
        ..handle.settings()
    };
    let result = runtime.block_on(handle.call(Command::UpdateSettings(Box::new(settings))));
    engine.shutdown();
    result?;
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
