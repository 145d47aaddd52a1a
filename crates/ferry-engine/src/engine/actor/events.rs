//! The actor's status changes and batched progress events, told through
//! its [`Outbox`](super::outbox::Outbox), and the state handed to its
//! [`Persistence`](super::persistence::Persistence).

use crate::engine::Event;
use crate::model::{Status, TransferError, TransferId};

use super::Actor;

impl Actor {
    pub(super) fn set_status(
        &mut self,
        transfer_id: TransferId,
        status: Status,
        error: Option<TransferError>,
    ) {
        // Progress first, so a reader sees the last bytes before the status.
        self.flush_progress_events();
        {
            let mut table = self.table.write();
            let Some(transfer) = table.get_mut(transfer_id) else {
                return;
            };
            if transfer.status == status && transfer.error == error {
                return;
            }
            transfer.status = status;
            transfer.error.clone_from(&error);
            // A transfer that ended will not change again: its state.ron
            // line is made now, while others still run, instead of all of
            // them in the save after the last one (the one at exit).
            if status.is_terminal() && self.persistence.refresh(transfer) {
                table.mark_unchanged(transfer_id);
            }
        }
        if status == Status::Idle {
            self.admission.order_changed();
        }
        if status.is_terminal() {
            self.forget_current(transfer_id);
        }
        if status.is_settled() {
            self.settle_waiters.settled(transfer_id);
        }
        self.note_transfer_end(transfer_id, status);
        self.persistence.mark_dirty();
        self.emit(Event::StatusChanged {
            transfer_id,
            status,
            error,
        });
    }

    /// The network or power changed: tell the caller and apply the policy.
    pub(super) fn emit_conditions(&mut self) {
        let conditions = self.admission.take_conditions();
        tracing::info!(?conditions, "conditions");
        self.emit(Event::ConditionsChanged(Box::new(conditions)));
    }

    /// Samples all transfers' speed (once a second) into the table.
    pub(super) fn sample_speed(&mut self) {
        let now = tokio::time::Instant::now().into_std();
        let sample = {
            let table = self.table.read();
            let moved = self.running.keys().filter_map(|transfer_id| {
                Some((*transfer_id, table.get(*transfer_id)?.bytes_moved()))
            });
            self.speed_log.sample(now, moved)
        };
        if let Some(sample) = sample {
            self.table.write().push_speed_sample(sample);
        }
    }

    pub(super) fn flush_progress_events(&mut self) {
        if self.progress_dirty.is_empty() {
            return;
        }
        // The event is made only when someone reads events; the one-shot
        // flags are cleared either way.
        let is_heard = self.is_heard();
        let mut batch = Vec::new();
        {
            let mut table = self.table.write();
            for transfer_id in self.progress_dirty.drain() {
                let Some(transfer) = table.get(transfer_id) else {
                    continue;
                };
                let progress = &transfer.progress;
                let has_one_shot_flag = progress.has_restarted || progress.has_response_changed;
                if is_heard {
                    batch.push((transfer_id, progress.clone()));
                }
                // These flags are true in one report only (borrowing the
                // transfer to change counts as a change to save: only then).
                if has_one_shot_flag && let Some(transfer) = table.get_mut(transfer_id) {
                    transfer.progress.has_restarted = false;
                    transfer.progress.has_response_changed = false;
                }
            }
        }
        if is_heard {
            self.emit(Event::Progress(batch));
        }
    }

    /// Emits the event `make` builds when someone reads events; else the
    /// watchers and the waker are only told something changed (the event
    /// is not built: it may copy a list).
    pub(super) fn emit_if_heard(&mut self, make: impl FnOnce(&Self) -> Event) {
        if self.is_heard() {
            let event = make(self);
            self.emit(event);
        } else {
            self.outbox.note_news();
        }
    }

    /// Someone reads the events now.
    pub(super) fn is_heard(&self) -> bool {
        self.outbox.is_heard()
    }

    pub(super) fn emit(&mut self, event: Event) {
        self.outbox.emit(event);
    }

    /// Tells watchers and the waker that something changed (nothing while
    /// idle, so an idle window does not repaint).
    pub(super) fn after_change(&mut self) {
        self.outbox.after_change();
    }

    /// Hands the state to the (idle) saver; everyone waiting is told once
    /// it is on disk. With `whole`, state.ron is written whole (at the
    /// end), else what changed may go to its journal.
    pub(super) fn save(&mut self, whole: bool) {
        let saved = {
            let mut table = self.table.write();
            self.persistence.save(&mut table, &self.settings, whole)
        };
        if let Err(error) = saved {
            tracing::error!(%error, "cannot serialize the state");
            self.emit(Event::CommandFailed {
                transfer_id: None,
                error: error.to_string(),
            });
        }
    }
}
