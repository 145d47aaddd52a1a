//! A stand-in engine for UI tests and the UI benchmark: a real
//! [`EngineHandle`] whose commands are recorded instead of carried out, and
//! whose snapshot and events the test writes itself.

use tokio::sync::{mpsc, watch};

use super::handle::Envelope;
use super::table::{SharedSettings, SharedTable};
use super::{Command, EngineHandle, Event};
use crate::model::{SystemConditions, Transfer, TransferId};

/// The test's side of a fake engine.
pub struct FakeEngine {
    commands: mpsc::Receiver<Envelope>,
    table: SharedTable,
    changes: watch::Sender<u64>,
    events: mpsc::Sender<Event>,
    conditions: watch::Sender<SystemConditions>,
}

impl FakeEngine {
    /// A fake engine, the handle a UI uses, and the UI's event receiver.
    pub fn new() -> (FakeEngine, EngineHandle, mpsc::Receiver<Event>) {
        let (command_sender, commands) = mpsc::channel(1024);
        let (events, event_receiver) = mpsc::channel(64 * 1024);
        let (changes, change_receiver) = watch::channel(0);
        let table = SharedTable::default();
        let (conditions, conditions_receiver) = watch::channel(SystemConditions::default());
        let handle = EngineHandle::new(
            command_sender,
            table.clone(),
            SharedSettings::default(),
            change_receiver,
            None,
            conditions_receiver,
        );
        (
            FakeEngine {
                commands,
                table,
                changes,
                events,
                conditions,
            },
            handle,
            event_receiver,
        )
    }

    /// Every command the UI sent since the last call (answering `call`s Ok;
    /// the window never waits for transfers to settle).
    pub fn take_commands(&mut self) -> Vec<Command> {
        let mut received = Vec::new();
        while let Ok(envelope) = self.commands.try_recv() {
            if let Envelope::Command { command, reply } = envelope {
                if let Some(reply) = reply {
                    let _ = reply.send(Ok(()));
                }
                received.push(command);
            }
        }
        received
    }

    /// Puts a transfer in the snapshot and announces it.
    pub fn add_transfer(&self, transfer: Transfer) {
        self.table.write().insert(transfer.clone());
        self.send_event(Event::Added(Box::new(transfer)));
    }

    /// Changes a transfer in the snapshot (the test sends the event).
    pub fn update_transfer(&self, transfer_id: TransferId, change: impl FnOnce(&mut Transfer)) {
        if let Some(transfer) = self.table.write().get_mut(transfer_id) {
            change(transfer);
        }
    }

    /// Sets the network and power conditions the handle reports and
    /// announces them.
    pub fn set_conditions(&self, conditions: SystemConditions) {
        self.conditions.send_replace(conditions.clone());
        self.send_event(Event::ConditionsChanged(Box::new(conditions)));
    }

    pub fn send_event(&self, event: Event) {
        // A full channel means the UI stopped draining; the test will see it.
        let _ = self.events.try_send(event);
        self.changes.send_modify(|generation| *generation += 1);
    }
}
