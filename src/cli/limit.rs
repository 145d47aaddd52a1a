//! `ferry limit RATE [--upload]`: the download (or upload) speed limit of
//! all transfers together, saved with the settings ("off" lifts it);
//! without RATE, the limits as they are.

use ferry_i18n::tr;
use std::path::Path;

use super::{exit, input, session};
use crate::engine::Command;
use crate::model::SettingChange;

pub fn run(state_dir: &Path, rate_text: Option<&str>, upload: bool) -> anyhow::Result<u8> {
    let Some(rate_text) = rate_text else {
        let (state, _) = session::read_state(state_dir)?;
        say!(
            "{}",
            tr!(
                "cli-download-limit",
                limit = words_for_rate(state.settings.download_limit)
            )
        );
        say!(
            "{}",
            tr!(
                "cli-upload-limit",
                limit = words_for_rate(state.settings.upload_limit)
            )
        );
        if !state.settings.schedule.limit_windows.is_empty() {
            say!("{}", tr!("cli-schedule-sets-limits"));
        }
        return Ok(exit::SUCCESS);
    };
    let rate = input::parse_rate(rate_text)?;
    session::apply_one(state_dir, |_| {
        Command::ChangeSettings(vec![if upload {
            SettingChange::UploadLimit(rate)
        } else {
            SettingChange::DownloadLimit(rate)
        }])
    })?;
    let words = if upload {
        tr!("cli-upload-limit", limit = words_for_rate(rate))
    } else {
        tr!("cli-download-limit", limit = words_for_rate(rate))
    };
    eprintln!("ferry: {words}");
    Ok(exit::SUCCESS)
}

/// "2 MiB/s" or "unlimited".
pub fn words_for_rate(rate: Option<u64>) -> String {
    match rate {
        Some(bytes) => ferry_i18n::current().speed(bytes as f64),
        None => tr!("settings-unlimited"),
    }
}
