//! Named transfer groups: creating, changing and deleting them, and the
//! member made current (Windows' `MakeCurrentInTransferGroup`).

use crate::engine::table::TransferTable;
use crate::engine::{EngineError, Event};
use crate::model::{GroupBehavior, Transfer, TransferGroup, TransferId};

use super::Actor;

impl Actor {
    /// Creates the group `name` or changes its behavior.
    pub(super) fn put_group(&mut self, name: String, behavior: GroupBehavior) {
        {
            let mut table = self.table.write();
            match table.group_mut(&name) {
                Some(group) => group.behavior = behavior,
                None => table.put_group(TransferGroup::new(name, behavior)),
            }
        }
        self.groups_changed();
    }

    /// Deletes a group; its members stay, in no group (a serialized
    /// group's waiting members may then run together).
    pub(super) fn remove_group(&mut self, name: &str) -> Result<(), EngineError> {
        let members: Vec<TransferId> = {
            let mut table = self.table.write();
            if !table.remove_group(name) {
                return Err(EngineError::UnknownGroup(name.to_owned()));
            }
            let members: Vec<TransferId> = table
                .iter()
                .filter(|transfer| transfer.spec.group.as_deref() == Some(name))
                .map(Transfer::transfer_id)
                .collect();
            for transfer_id in &members {
                if let Some(transfer) = table.get_mut(*transfer_id) {
                    transfer.spec.group = None;
                }
            }
            members
        };
        for transfer_id in members {
            let transfer = self.table.read().get(transfer_id).cloned();
            if let Some(transfer) = transfer {
                self.emit(Event::TransferChanged(Box::new(transfer)));
            }
        }
        self.admission.order_changed();
        self.groups_changed();
        Ok(())
    }

    /// "Download next": `transfer_id` becomes its group's current member.
    pub(super) fn make_current(&mut self, transfer_id: TransferId) -> Result<(), EngineError> {
        self.status_allowing(
            transfer_id,
            || ferry_i18n::tr!("engine-what-making-current"),
            |status| !status.is_terminal(),
        )?;
        {
            let mut table = self.table.write();
            let group = group_of_mut(&mut table, transfer_id)
                .ok_or(EngineError::NotInGroup(transfer_id))?;
            group.current = Some(transfer_id);
        }
        self.groups_changed();
        Ok(())
    }

    /// A transfer that ended, or left, is no longer its group's current one.
    pub(super) fn forget_current(&mut self, transfer_id: TransferId) {
        {
            let mut table = self.table.write();
            match group_of_mut(&mut table, transfer_id) {
                Some(group) if group.current == Some(transfer_id) => group.current = None,
                _ => return,
            }
        }
        self.groups_changed();
    }

    /// A group changed: save and tell the caller.
    pub(super) fn groups_changed(&mut self) {
        let groups = self.table.read().groups().to_vec();
        self.persistence.mark_dirty();
        self.emit(Event::GroupsChanged(groups));
    }
}

/// The group `transfer_id` belongs to, to change it.
pub(super) fn group_of_mut(
    table: &mut TransferTable,
    transfer_id: TransferId,
) -> Option<&mut TransferGroup> {
    let name = table.get(transfer_id)?.spec.group.clone()?;
    table.group_mut(&name)
}
