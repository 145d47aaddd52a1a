//! What the actor tells the outside, with its invariants in one place:
//! events go out only while someone reads them (`EventsWanted`), a reader
//! too slow for them gets `Event::Lagged` before the next one (and re-reads
//! the snapshot), and watchers and the waker hear of a change once per turn,
//! never while idle (an idle window does not repaint).

use tokio::sync::{mpsc, watch};

use crate::engine::{Event, EventsWanted, Waker};

pub(super) struct Outbox {
    events: mpsc::Sender<Event>,
    /// Off while nobody reads events.
    events_wanted: EventsWanted,
    /// An event was dropped: `Lagged` goes before the next one.
    is_lagged: bool,
    /// Something changed since watchers were last told.
    has_news: bool,
    changes: watch::Sender<u64>,
    waker: Option<Waker>,
}

impl Outbox {
    pub fn new(
        events: mpsc::Sender<Event>,
        events_wanted: EventsWanted,
        changes: watch::Sender<u64>,
        waker: Option<Waker>,
    ) -> Self {
        Outbox {
            events,
            events_wanted,
            is_lagged: false,
            // The first turn tells watchers what was loaded.
            has_news: true,
            changes,
            waker,
        }
    }

    /// Someone reads the events now.
    pub fn is_heard(&self) -> bool {
        !self.events.is_closed() && self.events_wanted.is_on()
    }

    /// Something changed that watchers should hear of, without an event.
    pub fn note_news(&mut self) {
        self.has_news = true;
    }

    /// Sends `event` if someone reads events; a full channel drops it and
    /// sends `Lagged` before the next one.
    pub fn emit(&mut self, event: Event) {
        self.has_news = true;
        if !self.is_heard() {
            return;
        }
        if self.is_lagged {
            if self.events.try_send(Event::Lagged).is_err() {
                return;
            }
            self.is_lagged = false;
        }
        match self.events.try_send(event) {
            Ok(()) | Err(mpsc::error::TrySendError::Closed(_)) => {}
            Err(mpsc::error::TrySendError::Full(_)) => self.is_lagged = true,
        }
    }

    /// Tells watchers and the waker that something changed (nothing while
    /// idle).
    pub fn after_change(&mut self) {
        if !std::mem::take(&mut self.has_news) {
            return;
        }
        self.changes.send_modify(|generation| *generation += 1);
        if let Some(waker) = &self.waker {
            waker();
        }
    }
}
