//! The library API of completion groups, in the shape of Windows'
//! `BackgroundTransferCompletionGroup`: create a group, give it to a
//! [`super::Downloader`] (or add transfers), `enable()` once every member
//! was added; the engine fires it once after they all ended.

use crate::model::{CompletionGroup, CompletionGroupId, Firing, TransferId, WhenDone};

use super::{Command, EngineError, EngineHandle};

/// A completion group the engine keeps (state.ron), by its id.
#[derive(Clone, Debug)]
pub struct TransferCompletionGroup {
    handle: EngineHandle,
    id: CompletionGroupId,
}

impl TransferCompletionGroup {
    /// Creates a group, not enabled and without members, that will do
    /// `when_done`.
    pub async fn create(
        handle: &EngineHandle,
        name: &str,
        when_done: WhenDone,
    ) -> Result<Self, EngineError> {
        let group = CompletionGroup::new(name, when_done);
        let id = group.id;
        handle
            .call(Command::CreateCompletionGroup(Box::new(group)))
            .await?;
        Ok(TransferCompletionGroup {
            handle: handle.clone(),
            id,
        })
    }

    /// A group the engine already knows (after a restart).
    pub fn attach(handle: &EngineHandle, id: CompletionGroupId) -> Self {
        TransferCompletionGroup {
            handle: handle.clone(),
            id,
        }
    }

    pub fn id(&self) -> CompletionGroupId {
        self.id
    }

    /// Adds a transfer (it may be added to the engine after); refused once
    /// the group is enabled.
    pub async fn add(&self, transfer_id: TransferId) -> Result<(), EngineError> {
        self.handle
            .call(Command::AddToCompletionGroup {
                group: self.id,
                members: vec![transfer_id],
            })
            .await
    }

    /// Every member was added: the group fires once they all ended
    /// (Windows' `Enable`).
    pub async fn enable(&self) -> Result<(), EngineError> {
        self.handle
            .call(Command::EnableCompletionGroup(self.id))
            .await
    }

    /// The group as the engine last reported it.
    pub fn group(&self) -> Option<CompletionGroup> {
        self.handle
            .completion_groups()
            .into_iter()
            .find(|group| group.id == self.id)
    }

    pub fn is_enabled(&self) -> bool {
        self.group().is_some_and(|group| group.enabled)
    }

    /// Waits until the group fired and its action reported; `None` if the
    /// group is gone or the engine stopped first.
    pub async fn wait_until_fired(&self) -> Option<Firing> {
        let mut changes = self.handle.subscribe_changes();
        loop {
            let firing = self.group()?.firing;
            if let Some(firing) = firing
                && firing.outcome != crate::model::ActionOutcome::Started
            {
                return Some(firing);
            }
            changes.changed().await.ok()?;
        }
    }
}
