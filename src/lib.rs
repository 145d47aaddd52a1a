//! ferry: a download manager for the Linux desktop with the model of
//! Windows' Background Transfer API.
//!
//! Layers, and which way the arrows go (nothing points back up):
//! - [`ui`] (the window) and [`cli`] -> [`service`] -> [`engine`] -> [`model`];
//!   [`ui`] -> [`desktop`]
//! - [`engine`] -> [`store`] (state.ron)
//!
//! [`model`] is plain data. [`engine`] runs every transfer on its own thread
//! and is reached only through [`engine::EngineHandle`]: in the process that
//! runs it, or through [`service`] (the per-user service and its clients)
//! from the window and the commands. [`store`] makes the state survive
//! crashes. [`cli`] is the `ferry` command; [`ui`] the window, over
//! [`desktop`] services (file dialogs, opening files, clipboard, autostart).

pub mod cli;
pub mod desktop;
pub mod engine;
pub mod model;
pub mod service;
pub mod store;
pub mod ui;
