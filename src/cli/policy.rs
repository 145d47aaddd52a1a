//! `ferry policy`: what ferry sees of the network and the battery, the
//! user's switches that add to it (set them with the options), and how many
//! transfers wait for which condition.

use ferry_i18n::tr;
use std::path::Path;
use std::time::Duration;

use super::{PolicyArgs, Switch, exit, session};
use crate::engine::{Command, EngineHandle};
use crate::model::{PolicySwitches, Settings, Status, SystemConditions};

/// How long to wait for the first network and power readings.
const READING_WAIT: Duration = Duration::from_secs(5);

pub fn run(state_dir: &Path, arguments: &PolicyArgs) -> anyhow::Result<u8> {
    let report_text = session::with_engine(state_dir, async |handle| {
        let before = handle.settings();
        let after = Settings {
            policy: changed_switches(before.policy, arguments),
            ..before.clone()
        };
        if after != before {
            handle
                .call(Command::change_settings(&before, &after))
                .await?;
        }
        let conditions = first_reading(handle).await;
        Ok(report(handle, &conditions))
    })?;
    say!("{}", report_text.trim_end_matches('\n'));
    Ok(exit::SUCCESS)
}

fn changed_switches(mut switches: PolicySwitches, arguments: &PolicyArgs) -> PolicySwitches {
    let set = |field: &mut bool, switch: Option<Switch>| {
        if let Some(switch) = switch {
            *field = switch == Switch::On;
        }
    };
    set(&mut switches.metered, arguments.metered);
    set(&mut switches.over_data_limit, arguments.over_data_limit);
    set(
        &mut switches.block_background_data,
        arguments.block_background_data,
    );
    set(&mut switches.save_battery, arguments.save_battery);
    if let Some(percent) = arguments.battery_threshold {
        switches.battery_threshold_percent = percent;
    }
    switches
}

/// The conditions once both the network and the power supply were read
/// (or what is known after a few seconds).
async fn first_reading(handle: &EngineHandle) -> SystemConditions {
    let mut changes = handle.subscribe_changes();
    let deadline = tokio::time::Instant::now() + READING_WAIT;
    loop {
        let conditions = handle.conditions();
        if conditions.is_known() {
            return conditions;
        }
        tokio::select! {
            _ = changes.changed() => {}
            () = tokio::time::sleep_until(deadline) => return conditions,
        }
    }
}

fn report(handle: &EngineHandle, conditions: &SystemConditions) -> String {
    let switches = handle.settings().policy;
    let on_off = |on: bool| {
        if on {
            tr!("cli-switch-on")
        } else {
            tr!("cli-switch-off")
        }
    };
    let mut text = format!(
        "{}\n{}\n{}\n",
        tr!(
            "cli-policy-network",
            network = conditions.network.describe()
        ),
        tr!("cli-policy-power", power = conditions.power.describe()),
        tr!(
            "cli-policy-switches",
            metered = on_off(switches.metered),
            over_limit = on_off(switches.over_data_limit),
            block_background = on_off(switches.block_background_data),
            save_battery = on_off(switches.save_battery),
            threshold = switches.battery_threshold_percent
        ),
    );
    let transfers = handle.snapshot();
    let waiting: Vec<String> = [
        Status::PausedNoNetwork,
        Status::PausedCostedNetwork,
        Status::PausedSystemPolicy,
    ]
    .into_iter()
    .filter_map(|status| {
        let count = transfers
            .iter()
            .filter(|transfer| transfer.status == status)
            .count();
        (count > 0).then(|| format!("{count} {}", status.as_words()))
    })
    .collect();
    if !waiting.is_empty() {
        text.push_str(&format!(
            "{}\n",
            tr!("cli-policy-waiting", waiting = waiting.join("; "))
        ));
    }
    text
}
