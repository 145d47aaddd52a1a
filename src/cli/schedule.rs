//! `ferry schedule`: time windows (local time) with their own global
//! download limit, and an "only run between" window. Without a subcommand it
//! shows the schedule.

use ferry_i18n::tr;
use std::path::Path;

use super::limit::words_for_rate;
use super::{ScheduleCommand, exit, input, session};
use crate::engine::Command;
use crate::engine::input::parse_time_window;
use crate::model::{LimitWindow, Schedule, SettingChange};
use crate::store;

pub fn run(state_dir: &Path, command: Option<&ScheduleCommand>) -> anyhow::Result<u8> {
    let change: Box<dyn FnOnce(&mut Schedule)> = match command {
        None => return show(state_dir),
        Some(ScheduleCommand::Limit { window, rate }) => {
            let window = parse_time_window(window)?;
            let download_limit = input::parse_rate(rate)?;
            Box::new(move |schedule: &mut Schedule| {
                schedule.limit_windows.push(LimitWindow {
                    window,
                    download_limit,
                });
            })
        }
        Some(ScheduleCommand::Only { window }) => {
            let window = match window.trim() {
                "off" | "always" | "any time" => None,
                text => Some(parse_time_window(text)?),
            };
            Box::new(move |schedule: &mut Schedule| schedule.only_between = window)
        }
        Some(ScheduleCommand::Clear) => Box::new(|schedule: &mut Schedule| {
            *schedule = Schedule::default();
        }),
    };
    let mut changed = Schedule::default();
    session::apply_one(state_dir, |handle| {
        let mut schedule = handle.settings().schedule;
        change(&mut schedule);
        changed = schedule.clone();
        Command::ChangeSettings(vec![SettingChange::Schedule(schedule)])
    })?;
    say!("{}", describe(&changed).trim_end_matches('\n'));
    Ok(exit::SUCCESS)
}

fn show(state_dir: &Path) -> anyhow::Result<u8> {
    let loaded = store::read_state(state_dir)?;
    for warning in &loaded.warnings {
        eprintln!("ferry: {warning}");
    }
    say!(
        "{}",
        describe(&loaded.state.settings.schedule).trim_end_matches('\n')
    );
    Ok(exit::SUCCESS)
}

fn describe(schedule: &Schedule) -> String {
    if schedule.is_empty() {
        return format!("{}\n", tr!("cli-no-schedule"));
    }
    let mut lines = schedule.lines(words_for_rate);
    if schedule.only_between.is_none() {
        lines.push(tr!("cli-runs-at-any-time"));
    }
    lines.iter().map(|line| format!("{line}\n")).collect()
}
