//! Completion groups in the actor: their commands, the check that fires a
//! group once every member ended (saved before anything runs, so a group
//! fires once across crashes), what the firing reported, and the
//! per-transfer notices.

use std::time::Instant;

use tokio::sync::oneshot;

use crate::engine::completion::{self, EndedTransfers};
use crate::engine::input::check_group_name;
use crate::engine::{EngineError, Event};
use crate::model::{
    ActionOutcome, CompletionAction, CompletionGroup, CompletionGroupId, Firing, MemberResult,
    Status, TransferId, WhenDone,
};

use super::Actor;

/// What the actor keeps for completion groups and notices.
pub(super) struct Completions {
    /// Transfers that ended and wait to be told.
    ended: EndedTransfers,
    /// A member ended or a group changed: look for groups to fire.
    check_due: bool,
    /// Firings whose action has not reported yet.
    running: usize,
    outcomes_sender: tokio::sync::mpsc::Sender<(CompletionGroupId, ActionOutcome)>,
    pub outcomes: tokio::sync::mpsc::Receiver<(CompletionGroupId, ActionOutcome)>,
}

impl Completions {
    pub fn new() -> Self {
        let (outcomes_sender, outcomes) = tokio::sync::mpsc::channel(64);
        Completions {
            ended: EndedTransfers::default(),
            check_due: true,
            running: 0,
            outcomes_sender,
            outcomes,
        }
    }

    /// No action is running.
    pub fn is_idle(&self) -> bool {
        self.running == 0
    }
}

/// Groups loaded from state.ron: an action found started was cut by a
/// crash or a quit; it is reported, never run again.
pub(super) fn loaded_groups(mut groups: Vec<CompletionGroup>) -> Vec<CompletionGroup> {
    for group in &mut groups {
        if let Some(firing) = &mut group.firing
            && firing.outcome == ActionOutcome::Started
        {
            firing.outcome = ActionOutcome::Interrupted;
        }
    }
    groups
}

impl Actor {
    /// A transfer moved to `status`: a group may fire, and the desktop may
    /// hear of it.
    pub(super) fn note_transfer_end(&mut self, transfer_id: TransferId, status: Status) {
        if !status.is_terminal() {
            return;
        }
        self.completions.check_due = true;
        if !self.config.notify_each_transfer
            || !self.settings.notifications_enabled
            || !completion::is_noticed(status, self.settings.notify_failures_only)
        {
            return;
        }
        let result = {
            let table = self.table.read();
            // A member of a group that notifies is told with its group.
            let is_told_by_group = table.completion_groups().iter().any(|group| {
                group.when_done.notify && !group.has_fired() && group.members.contains(&transfer_id)
            });
            if is_told_by_group {
                return;
            }
            let Some(transfer) = table.get(transfer_id) else {
                return;
            };
            MemberResult::of(transfer)
        };
        self.completions.ended.push(result, Instant::now());
    }

    /// A transfer left the list: a fired group none of whose members is
    /// left goes too (state.ron keeps groups as long as their transfers).
    pub(super) fn forget_fired_groups_of(&mut self, transfer_id: TransferId) {
        let is_changed = {
            let mut table = self.table.write();
            let orphaned: Vec<CompletionGroupId> = table
                .completion_groups()
                .iter()
                .filter(|group| {
                    group.has_fired()
                        && group.members.contains(&transfer_id)
                        && group
                            .members
                            .iter()
                            .all(|member| table.get(*member).is_none())
                })
                .map(|group| group.id)
                .collect();
            table
                .completion_groups_mut()
                .retain(|group| !orphaned.contains(&group.id));
            !orphaned.is_empty()
        };
        if is_changed {
            self.completion_groups_changed();
        }
    }

    /// Tells the desktop of the transfers that ended, once their burst is over.
    pub(super) fn tell_ended_transfers(&mut self) {
        for notice in self.completions.ended.take_due(Instant::now()) {
            self.config.desktop.notify(notice);
        }
    }

    pub(super) fn handle_completion_command(
        &mut self,
        command: CompletionCommand,
    ) -> Result<(), EngineError> {
        match command {
            CompletionCommand::Create(mut group) => {
                check_when_done(&group.when_done)?;
                // Members may be named before they are added (their ids
                // are the caller's), so none ends before the group knows
                // it; an enabled group's members must exist.
                if group.enabled {
                    self.check_members(&group.members)?;
                }
                group.firing = None;
                let mut table = self.table.write();
                if table.completion_group_mut(group.id).is_some() {
                    return Err(EngineError::Service(format!(
                        "completion group {} exists already",
                        group.id
                    )));
                }
                table.completion_groups_mut().push(*group);
            }
            CompletionCommand::AddMembers { group, members } => {
                let mut table = self.table.write();
                let found = table
                    .completion_group_mut(group)
                    .ok_or(EngineError::UnknownCompletionGroup(group))?;
                if found.enabled {
                    return Err(EngineError::CompletionGroupEnabled(group));
                }
                for member in members {
                    if !found.members.contains(&member) {
                        found.members.push(member);
                    }
                }
            }
            CompletionCommand::Enable(group) => {
                self.table
                    .write()
                    .completion_group_mut(group)
                    .ok_or(EngineError::UnknownCompletionGroup(group))?
                    .enabled = true;
            }
            CompletionCommand::Remove(group) => {
                let mut table = self.table.write();
                let groups = table.completion_groups_mut();
                let before = groups.len();
                groups.retain(|found| found.id != group);
                if groups.len() == before {
                    return Err(EngineError::UnknownCompletionGroup(group));
                }
            }
            CompletionCommand::SetForGroup { name, when_done } => {
                self.set_group_when_done(&name, when_done)?;
            }
        }
        self.completion_groups_changed();
        Ok(())
    }

    fn check_members(&self, members: &[TransferId]) -> Result<(), EngineError> {
        let table = self.table.read();
        match members.iter().find(|member| table.get(**member).is_none()) {
            Some(unknown) => Err(EngineError::UnknownTransfer(*unknown)),
            None => Ok(()),
        }
    }

    /// A named group's notification and action: its members that have not
    /// ended join the group's open completion group (one is opened if
    /// needed); later members join as they are added.
    fn set_group_when_done(&mut self, name: &str, when_done: WhenDone) -> Result<(), EngineError> {
        check_when_done(&when_done)?;
        let name = check_group_name(name)?;
        {
            let mut table = self.table.write();
            let group = table
                .group_mut(&name)
                .ok_or_else(|| EngineError::UnknownGroup(name.clone()))?;
            group.when_done = when_done.clone();
            let unended: Vec<TransferId> = table
                .iter()
                .filter(|transfer| {
                    transfer.spec.group.as_deref() == Some(name.as_str())
                        && !transfer.status.is_terminal()
                })
                .map(|transfer| transfer.transfer_id())
                .collect();
            let groups = table.completion_groups_mut();
            if when_done == WhenDone::default() {
                groups.retain(|group| !is_open_for(group, &name));
            } else if let Some(open) = groups.iter_mut().find(|group| is_open_for(group, &name)) {
                open.when_done = when_done;
                for member in unended {
                    if !open.members.contains(&member) {
                        open.members.push(member);
                    }
                }
            } else if !unended.is_empty() {
                groups.push(open_group_for(&name, when_done, unended));
            }
        }
        self.groups_changed();
        Ok(())
    }

    /// A transfer was added to the named group `name`: it joins the
    /// group's open completion group, if the group has a when-done.
    pub(super) fn join_group_completion(&mut self, name: &str, transfer_id: TransferId) {
        {
            let mut table = self.table.write();
            let Some(when_done) = table
                .group(name)
                .map(|group| group.when_done.clone())
                .filter(|when_done| *when_done != WhenDone::default())
            else {
                return;
            };
            let groups = table.completion_groups_mut();
            match groups.iter_mut().find(|group| is_open_for(group, name)) {
                Some(open) => open.members.push(transfer_id),
                None => groups.push(open_group_for(name, when_done, vec![transfer_id])),
            }
        }
        self.completion_groups_changed();
    }

    pub(super) fn completion_groups_changed(&mut self) {
        self.completions.check_due = true;
        self.persistence.mark_dirty();
        self.emit_if_heard(|actor| {
            Event::CompletionGroupsChanged(actor.table.read().completion_groups().to_vec())
        });
    }

    /// Fires every enabled group whose members all ended: the firing is
    /// recorded and saved first; only once it is on disk do the
    /// notification and the action run.
    pub(super) fn fire_ready_groups(&mut self) {
        if !std::mem::take(&mut self.completions.check_due) || self.shutting_down {
            return;
        }
        let fired_unix_secs = jiff::Timestamp::now().as_second().max(0) as u64;
        let mut fired = Vec::new();
        {
            let mut table = self.table.write();
            let ready: Vec<usize> = table
                .completion_groups()
                .iter()
                .enumerate()
                .filter(|(_, group)| {
                    group.enabled
                        && !group.has_fired()
                        && group.ended_members(|member| {
                            table.get(member).map(|transfer| transfer.status)
                        }) == group.members.len()
                })
                .map(|(index, _)| index)
                .collect();
            for index in ready {
                let results =
                    completion::member_results(&table.completion_groups()[index], |member| {
                        table.get(member).map(MemberResult::of)
                    });
                let group = &mut table.completion_groups_mut()[index];
                let firing = Firing {
                    fired_unix_secs,
                    results,
                    outcome: if group.when_done.action.is_some() {
                        ActionOutcome::Started
                    } else {
                        ActionOutcome::NoAction
                    },
                };
                group.firing = Some(firing.clone());
                fired.push((group.clone(), firing));
            }
        }
        if fired.is_empty() {
            return;
        }
        self.completion_groups_changed();
        self.completions.check_due = false;
        let (saved_sender, saved) = oneshot::channel();
        self.persistence.after_save(saved_sender);
        self.completions.running += fired.len();
        let desktop = self.config.desktop.clone();
        let outcomes = self.completions.outcomes_sender.clone();
        tokio::spawn(async move {
            // Nothing runs before the firing is on disk.
            let is_saved = saved.await.is_ok();
            for (group, firing) in fired {
                let group_id = group.id;
                let desktop = desktop.clone();
                let outcomes = outcomes.clone();
                tokio::spawn(async move {
                    let outcome = if is_saved {
                        completion::fire(group, firing, desktop).await
                    } else {
                        ActionOutcome::Failed("the state could not be saved".to_owned())
                    };
                    let _ = outcomes.send((group_id, outcome)).await;
                });
            }
        });
    }

    /// A firing's action ended: record how.
    pub(super) fn record_outcome(&mut self, group_id: CompletionGroupId, outcome: ActionOutcome) {
        self.completions.running = self.completions.running.saturating_sub(1);
        if let ActionOutcome::Failed(reason) = &outcome {
            tracing::warn!(group = %group_id, %reason, "a completion action failed");
        }
        {
            let mut table = self.table.write();
            let Some(firing) = table
                .completion_group_mut(group_id)
                .and_then(|group| group.firing.as_mut())
            else {
                return;
            };
            firing.outcome = outcome;
        }
        self.completion_groups_changed();
    }
}

/// The completion-group commands, as the actor takes them apart.
pub(super) enum CompletionCommand {
    Create(Box<CompletionGroup>),
    AddMembers {
        group: CompletionGroupId,
        members: Vec<TransferId>,
    },
    Enable(CompletionGroupId),
    Remove(CompletionGroupId),
    SetForGroup {
        name: String,
        when_done: WhenDone,
    },
}

/// A program must be absolute: it was looked up in PATH by whoever made
/// the group, in their environment, once.
fn check_when_done(when_done: &WhenDone) -> Result<(), EngineError> {
    match &when_done.action {
        Some(CompletionAction::Run(run)) if !run.program.is_absolute() => {
            Err(EngineError::RelativeActionProgram(run.program.clone()))
        }
        _ => Ok(()),
    }
}

/// The completion group a named group keeps open for its members.
fn is_open_for(group: &CompletionGroup, name: &str) -> bool {
    group.transfer_group.as_deref() == Some(name) && !group.has_fired()
}

fn open_group_for(name: &str, when_done: WhenDone, members: Vec<TransferId>) -> CompletionGroup {
    CompletionGroup {
        members,
        enabled: true,
        transfer_group: Some(name.to_owned()),
        ..CompletionGroup::new(name, when_done)
    }
}
