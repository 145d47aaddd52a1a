//! [`EngineHandle`]: the only door into the engine.

use tokio::sync::{mpsc, oneshot, watch};

use super::download::live::LiveFiles;
use super::reader::TransferReader;
use super::settle::Settled;
use super::table::{SharedSettings, SharedTable};
use super::{Command, EngineError};
use crate::model::{Settings, SystemConditions, Transfer, TransferGroup, TransferId};

/// What a handle sends to the engine.
#[derive(Debug)]
pub enum Envelope {
    /// A command and, for [`EngineHandle::call`], where to send its outcome.
    Command {
        command: Command,
        reply: Option<oneshot::Sender<Result<(), EngineError>>>,
    },
    /// Tell `settled` once every transfer of the list settled or is gone.
    WhenSettled {
        transfer_ids: Vec<TransferId>,
        settled: oneshot::Sender<()>,
    },
    /// Tell `saved` once everything applied so far is in state.ron.
    WhenSaved { saved: oneshot::Sender<()> },
}

/// Cheap to clone; every clone talks to the same engine.
#[derive(Clone, Debug)]
pub struct EngineHandle {
    commands: mpsc::Sender<Envelope>,
    table: SharedTable,
    settings: SharedSettings,
    changes: watch::Receiver<u64>,
    /// The files of running downloads; `None` for a client of the
    /// service, whose engine runs in another process.
    live: Option<LiveFiles>,
    conditions: watch::Receiver<SystemConditions>,
}

impl EngineHandle {
    pub fn new(
        commands: mpsc::Sender<Envelope>,
        table: SharedTable,
        settings: SharedSettings,
        changes: watch::Receiver<u64>,
        live: Option<LiveFiles>,
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
            .try_send(Envelope::Command {
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
            .send(Envelope::Command {
                command,
                reply: Some(reply_sender),
            })
            .await
            .map_err(|_| EngineError::Stopped)?;
        Ok(Submitted(reply_receiver))
    }

    /// For the service: sends a client's command in the client's order,
    /// waiting for room; with `wants_reply`, the outcome can be awaited,
    /// else a refusal comes back as [`super::Event::CommandFailed`].
    pub async fn submit_in_order(
        &self,
        command: Command,
        wants_reply: bool,
    ) -> Result<Option<Submitted>, EngineError> {
        if wants_reply {
            return self.submit(command).await.map(Some);
        }
        self.commands
            .send(Envelope::Command {
                command,
                reply: None,
            })
            .await
            .map_err(|_| EngineError::Stopped)?;
        Ok(None)
    }

    /// Blocking send, for threads outside any runtime (shutdown on drop).
    pub fn send_blocking(&self, command: Command) -> Result<(), EngineError> {
        self.commands
            .blocking_send(Envelope::Command {
                command,
                reply: None,
            })
            .map_err(|_| EngineError::Stopped)
    }

    /// A copy of every transfer, in arrival order.
    pub fn snapshot(&self) -> Vec<Transfer> {
        self.table.read().iter().cloned().collect()
    }

    /// Nothing runs or waits: every transfer ended or was paused by the
    /// user or a server's answer.
    pub fn is_every_transfer_settled(&self) -> bool {
        self.with_every_transfer(|transfers| {
            transfers
                .iter()
                .all(|transfer| transfer.status.is_settled())
        })
    }

    /// Reads every transfer in place, in arrival order (no transfer is
    /// copied; the engine waits to change one until `read` returns).
    pub fn with_every_transfer<R>(&self, read: impl FnOnce(&[&Transfer]) -> R) -> R {
        let table = self.table.read();
        let transfers: Vec<&Transfer> = table.iter().collect();
        read(&transfers)
    }

    /// The named groups, in creation order.
    pub fn groups(&self) -> Vec<TransferGroup> {
        self.table.read().groups().to_vec()
    }

    /// The completion groups, in creation order.
    pub fn completion_groups(&self) -> Vec<crate::model::CompletionGroup> {
        self.table.read().completion_groups().to_vec()
    }

    /// All transfers' speed over the last minutes, `[unix seconds, bytes
    /// per second]`, a sample a second.
    pub fn speed_history(&self) -> Vec<[f64; 2]> {
        self.table.read().speed_history()
    }

    /// The prefetch list, in the order entries were added.
    pub fn prefetch(&self) -> Vec<crate::model::PrefetchEntry> {
        self.table.read().prefetch().to_vec()
    }

    /// A copy of one transfer.
    pub fn transfer(&self, transfer_id: TransferId) -> Option<Transfer> {
        self.table.read().get(transfer_id).cloned()
    }

    /// Reads the transfers of `transfer_ids` that exist, in that order, in
    /// place: nothing is copied, and the engine waits to change a transfer
    /// until `read` returns, so `read` should only look.
    pub fn read_transfers<R>(
        &self,
        transfer_ids: &[TransferId],
        read: impl FnOnce(&mut dyn Iterator<Item = &Transfer>) -> R,
    ) -> R {
        let table = self.table.read();
        read(
            &mut transfer_ids
                .iter()
                .filter_map(|transfer_id| table.get(*transfer_id)),
        )
    }

    /// Resolves once every transfer in `transfer_ids` has settled
    /// ([`crate::model::Status::is_settled`]) or is gone, or the engine
    /// ended. The engine wakes the caller once, not at every change of a
    /// long list.
    pub async fn settled(&self, transfer_ids: Vec<TransferId>) -> Result<Settled, EngineError> {
        let (settled, receiver) = oneshot::channel();
        self.commands
            .send(Envelope::WhenSettled {
                transfer_ids,
                settled,
            })
            .await
            .map_err(|_| EngineError::Stopped)?;
        Ok(Settled(receiver))
    }

    /// Resolves once every command applied before it is saved in
    /// state.ron (a command line that changed something returns only then).
    pub async fn saved(&self) -> Result<(), EngineError> {
        let (saved, receiver) = oneshot::channel();
        self.commands
            .send(Envelope::WhenSaved { saved })
            .await
            .map_err(|_| EngineError::Stopped)?;
        receiver.await.map_err(|_| EngineError::Stopped)
    }

    /// A reader of the transfer's file (AsyncRead + AsyncSeek) while it
    /// downloads and after: reads wait until the bytes asked for are on disk.
    /// For a transfer in random-access mode, the bytes a reader waits for
    /// are fetched first.
    pub fn open_reader(&self, transfer_id: TransferId) -> Result<TransferReader, EngineError> {
        let live_files = self
            .live
            .as_ref()
            .ok_or(EngineError::ReaderNeedsLocalEngine)?;
        let live = {
            let table = self.table.read();
            let transfer = table
                .get(transfer_id)
                .ok_or(EngineError::UnknownTransfer(transfer_id))?;
            live_files.get_or_create(transfer)
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
