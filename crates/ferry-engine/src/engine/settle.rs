//! Callers waiting until a list of transfers has settled (see
//! [`crate::model::Status::is_settled`]): the engine wakes each caller once,
//! when the last transfer of its list settles, instead of at every change.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::oneshot;

use crate::model::{TransferId, TransferSet};

/// The waiters, kept by the engine.
#[derive(Debug, Default)]
pub struct SettleWaiters {
    waiters: Vec<Waiter>,
}

#[derive(Debug)]
struct Waiter {
    unsettled: TransferSet,
    settled: oneshot::Sender<()>,
}

impl SettleWaiters {
    /// Tells `settled` once none of `unsettled` is left (at once if none is).
    pub fn add(&mut self, unsettled: TransferSet, settled: oneshot::Sender<()>) {
        if unsettled.is_empty() {
            // The caller may have stopped waiting; nothing to do then.
            let _ = settled.send(());
            return;
        }
        self.waiters.push(Waiter { unsettled, settled });
    }

    /// `transfer_id` settled or is gone: wakes the callers it was the last
    /// one for, and forgets callers that stopped waiting.
    pub fn settled(&mut self, transfer_id: TransferId) {
        if self.waiters.is_empty() {
            return;
        }
        let waiters = std::mem::take(&mut self.waiters);
        for mut waiter in waiters {
            waiter.unsettled.remove(&transfer_id);
            if waiter.unsettled.is_empty() {
                let _ = waiter.settled.send(());
            } else if !waiter.settled.is_closed() {
                self.waiters.push(waiter);
            }
        }
    }
}

/// Resolves once every transfer of the list settled or is gone, or the
/// engine ended. From [`super::EngineHandle::settled`].
#[derive(Debug)]
pub struct Settled(pub(super) oneshot::Receiver<()>);

impl Future for Settled {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        // An error means the engine ended: nothing will change any more.
        Pin::new(&mut self.0).poll(context).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_is_told_once_the_last_of_its_transfers_settled() {
        let (first, second) = (TransferId::new_random(), TransferId::new_random());
        let mut waiters = SettleWaiters::default();
        let (sender, mut receiver) = oneshot::channel();
        waiters.add(TransferSet::from_iter([first, second]), sender);
        waiters.settled(first);
        assert!(receiver.try_recv().is_err(), "told before the last settled");
        waiters.settled(second);
        assert_eq!(receiver.try_recv(), Ok(()));
        assert!(waiters.waiters.is_empty());
    }

    #[test]
    fn a_caller_with_nothing_unsettled_is_told_at_once_and_a_gone_one_is_forgotten() {
        let mut waiters = SettleWaiters::default();
        let (sender, mut receiver) = oneshot::channel();
        waiters.add(TransferSet::default(), sender);
        assert_eq!(receiver.try_recv(), Ok(()));

        let (first, second) = (TransferId::new_random(), TransferId::new_random());
        let (sender, receiver) = oneshot::channel();
        waiters.add(TransferSet::from_iter([first, second]), sender);
        drop(receiver);
        waiters.settled(first);
        assert!(waiters.waiters.is_empty());
    }
}
