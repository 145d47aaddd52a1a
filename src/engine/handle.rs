//! [`EngineHandle`]: the only door into the engine.

use tokio::sync::{mpsc, oneshot, watch};

use super::download::live::LiveFiles;
use super::reader::TransferReader;
use super::table::{SharedSettings, SharedTable};
use super::{Command, EngineError};
use crate::model::{Settings, Status, SystemConditions, Transfer, TransferGroup, TransferId};

/// A command and, for [`EngineHandle::call`], where to send its outcome.
#[derive(Debug)]
pub(crate) struct Envelope {
    pub command: Command,
    pub reply: Option<oneshot::Sender<Result<(), EngineError>>>,
}

/// Cheap to clone; every clone talks to the same engine.
#[derive(Clone, Debug)]
pub struct EngineHandle {
    commands: mpsc::Sender<Envelope>,
    table: SharedTable,
    settings: SharedSettings,
    changes: watch::Receiver<u64>,
    live: LiveFiles,
    conditions: watch::Receiver<SystemConditions>,
}

impl EngineHandle {
    pub(crate) fn new(
        commands: mpsc::Sender<Envelope>,
        table: SharedTable,
        settings: SharedSettings,
        changes: watch::Receiver<u64>,
        live: LiveFiles,
        conditions: watch::Receiver<SystemConditions>,
    ) -> Self {
        EngineHandle {
            commands,
            table,
            settings,
            changes,
            live,
            conditions,
        }
    }

    /// The network and the power supply as the engine sees them now.
    pub fn conditions(&self) -> SystemConditions {
        self.conditions.borrow().clone()
    }

    /// Sends a command without waiting (never blocks; for UI threads). A
    /// refusal comes back as [`super::Event::CommandFailed`].
    pub fn send(&self, command: Command) -> Result<(), EngineError> {
        self.commands
            .try_send(Envelope {
                command,
                reply: None,
            })
            .map_err(|error| match error {
                mpsc::error::TrySendError::Full(_) => EngineError::Busy,
                mpsc::error::TrySendError::Closed(_) => EngineError::Stopped,
            })
    }

    /// Sends a command and waits until the engine has applied it.
    pub async fn call(&self, command: Command) -> Result<(), EngineError> {
        self.submit(command).await?.applied().await
    }

    /// Sends a command without waiting for it to be applied, so a burst of
    /// commands costs one round trip: await the returned [`Submitted`] later.
    pub async fn submit(&self, command: Command) -> Result<Submitted, EngineError> {
        let (reply_sender, reply_receiver) = oneshot::channel();
        self.commands
            .send(Envelope {
                command,
                reply: Some(reply_sender),
            })
            .await
            .map_err(|_| EngineError::Stopped)?;
        Ok(Submitted(reply_receiver))
    }

    /// Blocking send, for threads outside any runtime (shutdown on drop).
    pub(crate) fn send_blocking(&self, command: Command) -> Result<(), EngineError> {
        self.commands
            .blocking_send(Envelope {
                command,
                reply: None,
            })
            .map_err(|_| EngineError::Stopped)
    }

    /// A copy of every transfer, in arrival order.
    pub fn snapshot(&self) -> Vec<Transfer> {
        self.table.read().iter().cloned().collect()
    }

    /// The named groups, in creation order.
    pub fn groups(&self) -> Vec<TransferGroup> {
        self.table.read().groups().to_vec()
    }

    /// A copy of one transfer.
    pub fn transfer(&self, transfer_id: TransferId) -> Option<Transfer> {
        self.table.read().get(transfer_id).cloned()
    }

    /// How many of `transfer_ids`, from the front, have a status `accept`s
    /// (`None`: unknown). Stops at the first it refuses, so a caller waiting
    /// for a long list to finish in order pays for each transfer about once.
    pub fn count_leading(
        &self,
        transfer_ids: &[TransferId],
        accept: impl Fn(Option<Status>) -> bool,
    ) -> usize {
        let table = self.table.read();
        transfer_ids
            .iter()
            .take_while(|transfer_id| {
                accept(table.get(**transfer_id).map(|transfer| transfer.status))
            })
            .count()
    }

    /// A reader of the transfer's file (AsyncRead + AsyncSeek) while it
    /// downloads and after: reads wait until the bytes asked for are on disk.
    /// For a transfer in random-access mode, the bytes a reader waits for
    /// are fetched first.
    pub fn open_reader(&self, transfer_id: TransferId) -> Result<TransferReader, EngineError> {
        let live = {
            let table = self.table.read();
            let transfer = table
                .get(transfer_id)
                .ok_or(EngineError::UnknownTransfer(transfer_id))?;
            self.live.get_or_create(transfer)
        };
        Ok(TransferReader::new(live))
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        self.settings
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// A receiver that is marked changed whenever the snapshot changed.
    pub fn subscribe_changes(&self) -> watch::Receiver<u64> {
        self.changes.clone()
    }
}

/// A command sent with [`EngineHandle::submit`], not yet known to be applied.
#[must_use = "a submitted command's result is only known once awaited"]
pub struct Submitted(oneshot::Receiver<Result<(), EngineError>>);

impl Submitted {
    /// Waits until the engine has applied the command; its result.
    pub async fn applied(self) -> Result<(), EngineError> {
        self.0.await.map_err(|_| EngineError::Stopped)?
    }
}
