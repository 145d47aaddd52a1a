//! `ferry group add NAME [--serialized]`, `ferry group list` and `ferry
//! group remove NAME`: named transfer groups. Members are added with `ferry get --group NAME`.

use std::path::Path;

use super::{exit, session};
use crate::engine::Command;
use crate::engine::input::check_group_name;
use crate::model::{GroupBehavior, Status};

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
    eprintln!("ferry: group {name:?} is {}", behavior.as_str());
    Ok(exit::SUCCESS)
}

/// Deletes the group; its transfers stay, in no group.
pub fn remove(state_dir: &Path, name: &str) -> anyhow::Result<u8> {
    let name = check_group_name(name)?;
    session::apply_one(state_dir, |_| Command::RemoveGroup { name: name.clone() })?;
    eprintln!("ferry: group {name:?} deleted; its transfers stay, in no group");
    Ok(exit::SUCCESS)
}

/// Prints every group with its behavior and how many members wait or run.
pub fn list(state_dir: &Path) -> anyhow::Result<u8> {
    let (state, _) = session::read_state(state_dir)?;
    if state.groups.is_empty() {
        eprintln!("ferry: no groups yet; `ferry group add NAME` creates one");
        return Ok(exit::SUCCESS);
    }
    say!(
        "{:<24} {:<11} {:>8} {:>9}",
        "GROUP",
        "BEHAVIOR",
        "MEMBERS",
        "UNFINISHED"
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
        say!(
            "{:<24} {:<11} {:>8} {:>9}",
            group.name,
            group.behavior.as_str(),
            count,
            unfinished
        );
    }
    Ok(exit::SUCCESS)
}
