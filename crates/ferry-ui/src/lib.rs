//! ferry's window and monitor ([`ui`]): an eframe app over an
//! `EngineHandle`, a client of the service.

pub use ferry_service::{desktop, engine, model, service, store};

pub mod ui;
