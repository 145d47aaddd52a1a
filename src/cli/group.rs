//! `ferry group add NAME [--serialized]`, `ferry group list` and `ferry
//! group remove NAME`: named transfer groups. Members are added with `ferry get --group NAME`.

use ferry_i18n::tr;

use super::table;
use std::path::Path;

use super::{exit, session};
use crate::engine::Command;
use crate::engine::input::{check_group_name, parse_when_done};
use crate::model::{GroupBehavior, Status, Transfer, TransferMap, WhenDone};

/// Creates the group, or changes its behavior.
pub fn add(state_dir: &Path, name: &str, serialized: bool) -> anyhow::Result<u8> {
    let name = check_group_name(name)?;
    let behavior = if serialized {
        GroupBehavior::Serialized
    } else {
        GroupBehavior::Parallel
    };
    session::apply_one(state_dir, |_| Command::PutGroup {
        name: name.clone(),
        behavior,
    })?;
    let words = match behavior {
        GroupBehavior::Serialized => tr!("cli-group-serialized", name = name.as_str()),
        GroupBehavior::Parallel => tr!("cli-group-parallel", name = name.as_str()),
    };
    eprintln!("ferry: {words}");
    Ok(exit::SUCCESS)
}

/// Deletes the group; its transfers stay, in no group.
pub fn remove(state_dir: &Path, name: &str) -> anyhow::Result<u8> {
    let name = check_group_name(name)?;
    session::apply_one(state_dir, |_| Command::RemoveGroup { name: name.clone() })?;
    eprintln!("ferry: {}", tr!("cli-group-deleted", name = name.as_str()));
    Ok(exit::SUCCESS)
}

/// What the group does each time it runs dry: `notify`, `open-folder`,
/// `open-file`, `run PROGRAM [ARG...]`, or `off`.
pub fn when_done(
    state_dir: &Path,
    name: &str,
    words: &[String],
    timeout_secs: u64,
) -> anyhow::Result<u8> {
    let name = check_group_name(name)?;
    let when_done = match words {
        [off] if off == "off" => WhenDone::default(),
        words => parse_when_done(words, timeout_secs)?,
    };
    let words = when_done.describe();
    session::apply_one(state_dir, |_| Command::SetGroupWhenDone {
        name: name.clone(),
        when_done: when_done.clone(),
    })?;
    eprintln!(
        "ferry: {}",
        tr!("cli-group-when-done", name = name.as_str(), action = words)
    );
    Ok(exit::SUCCESS)
}

/// Prints every group with its behavior and how many members wait or run,
/// then the completion groups and where they stand.
pub fn list(state_dir: &Path) -> anyhow::Result<u8> {
    let (state, _) = session::read_state(state_dir)?;
    if state.groups.is_empty() && state.completion_groups.is_empty() {
        eprintln!("ferry: {}", tr!("cli-no-groups"));
        return Ok(exit::SUCCESS);
    }
    if !state.groups.is_empty() {
        list_named_groups(&state);
    }
    if !state.completion_groups.is_empty() {
        let by_id: TransferMap<&Transfer> = state
            .transfers
            .iter()
            .map(|transfer| (transfer.transfer_id(), transfer))
            .collect();
        say!("");
        say!(
            "{}  {}  {}  {}",
            table::left(&tr!("cli-column-when"), 8),
            table::left(&tr!("cli-column-done-for"), 24),
            table::left(&tr!("cli-column-action"), 20),
            tr!("cli-column-state")
        );
        for group in &state.completion_groups {
            let ended = super::list::ended_members(group, &by_id);
            say!(
                "{}  {}  {}  {}",
                table::left(&group.id.to_string()[..8], 8),
                table::left(&group.name, 24),
                table::left(&group.when_done.describe(), 20),
                group.state_words(ended)
            );
            if let Some(firing) = &group.firing {
                for line in firing.outcome.output_tail() {
                    say!("{:<8}  | {line}", "");
                }
            }
        }
    }
    Ok(exit::SUCCESS)
}

fn list_named_groups(state: &crate::store::PersistedState) {
    say!(
        "{} {} {} {}  {}",
        table::left(&tr!("cli-column-group"), 24),
        table::left(&tr!("cli-column-behavior"), 11),
        table::right(&tr!("cli-column-members"), 8),
        table::right(&tr!("cli-column-unfinished"), 10),
        tr!("cli-column-when-done")
    );
    for group in &state.groups {
        let members = state
            .transfers
            .iter()
            .filter(|transfer| transfer.spec.group.as_deref() == Some(group.name.as_str()));
        let (count, unfinished) = members.fold((0, 0), |(count, unfinished), transfer| {
            let open = !matches!(transfer.status, Status::Completed | Status::Canceled);
            (count + 1, unfinished + usize::from(open))
        });
        let behavior = match group.behavior {
            GroupBehavior::Serialized => tr!("cli-behavior-serialized"),
            GroupBehavior::Parallel => tr!("cli-behavior-parallel"),
        };
        say!(
            "{} {} {} {}  {}",
            table::left(&group.name, 24),
            table::left(&behavior, 11),
            table::right(&count.to_string(), 8),
            table::right(&unfinished.to_string(), 10),
            if group.when_done == WhenDone::default() {
                "–".to_owned()
            } else {
                group.when_done.describe()
            }
        );
    }
}
