//! What another backend behind an [`EngineHandle`](super::EngineHandle)
//! needs. The engine is one backend: its actor owns the table. The
//! service's client is another: it keeps a mirror of the service's table
//! and answers the handle from it. The fake engine of the UI tests is a
//! third: it records the commands. Each builds a handle over its own
//! [`SharedTable`] and [`SharedSettings`] with
//! [`EngineHandle::new`](super::EngineHandle::new), takes the handle's
//! [`Envelope`]s from a channel of [`COMMAND_CAPACITY`], sends events on
//! one of [`EVENT_CAPACITY`], and answers `settled` with
//! [`SettleWaiters`].

pub use super::handle::Envelope;
pub use super::settle::SettleWaiters;
pub use super::table::{SharedSettings, SharedTable, TransferTable};
pub use super::{COMMAND_CAPACITY, EVENT_CAPACITY};
