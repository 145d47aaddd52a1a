//! ferry's background engine ([`engine`]): every transfer runs on its own
//! thread, reached only through [`engine::EngineHandle`]. It depends on the
//! model and the store, never on a window, a tray or the desktop: a UI is
//! woken through a callback it gives.

pub use ferry_model::{model, store};

pub mod engine;
