//! The engine as a per-user service ([`service`]): the socket's protocol,
//! the server that runs beside the engine, and the client whose mirror of
//! the table stands behind an ordinary `EngineHandle`.

pub use ferry_desktop::{desktop, engine, model, store};

pub mod service;
