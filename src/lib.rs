//! ferry: a download manager for the Linux desktop with the model of
//! Windows' Background Transfer API.
//!
//! The layers are the workspace's crates, and the arrows go one way:
//! `ferry` (this crate: [`cli`] and the binaries) -> `ferry-ui` ([`ui`]) ->
//! `ferry-service` ([`service`]) -> `ferry-desktop` ([`desktop`]) ->
//! `ferry-engine` ([`engine`]) -> `ferry-model` ([`model`], [`store`]).
//! Their modules are re-exported here under their own names.
//!
//! [`model`] is plain data. [`engine`] runs every transfer on its own thread
//! and is reached only through [`engine::EngineHandle`]: in the process that
//! runs it, or through [`service`] (the per-user service and its clients)
//! from the window and the commands. [`store`] makes the state survive
//! crashes. [`cli`] is the `ferry` command; [`ui`] the window, over
//! [`desktop`] services (file dialogs, opening files, clipboard, autostart).

pub use ferry_ui::{desktop, engine, model, service, store, ui};

pub mod cli;
