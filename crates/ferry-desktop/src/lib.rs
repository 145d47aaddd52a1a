//! The desktop around ferry ([`desktop`]): notifications, the tray icon,
//! file dialogs, opening files and folders, the clipboard, autostart. Used
//! by the window, the command line and the service's process; never by the
//! engine (it implements the engine's `CompletionDesktop`).

pub use ferry_engine::{engine, model, store};

pub mod desktop;
