//! ferry: a download manager for the Linux desktop with the model of
//! Windows' Background Transfer API.
//!
//! Layers, and which way the arrows go (nothing points back up):
//! - [`cli`] (and later the window) -> [`engine`] -> [`model`]
//! - [`engine`] -> [`store`] (state.ron)
//!
//! [`model`] is plain data. [`engine`] runs every transfer on its own thread
//! and is reached only through [`engine::EngineHandle`]. [`store`] makes the
//! state survive crashes. [`cli`] is the `ferry` command.

pub mod cli;
pub mod engine;
pub mod model;
pub mod store;
