//! Reading the clipboard (to pre-fill the Add dialog). Writing goes through
//! egui (`copy_text`).

/// Reads text from the clipboard.
pub trait Clipboard {
    fn text(&mut self) -> Option<String>;
}

/// The system clipboard (X11/Wayland through arboard), if there is one.
pub struct SystemClipboard(Option<arboard::Clipboard>);

impl SystemClipboard {
    pub fn new() -> Self {
        SystemClipboard(arboard::Clipboard::new().ok())
    }
}

impl Default for SystemClipboard {
    fn default() -> Self {
        Self::new()
    }
}

impl Clipboard for SystemClipboard {
    fn text(&mut self) -> Option<String> {
        self.0.as_mut()?.get_text().ok()
    }
}

pub(super) struct NoClipboard;

impl Clipboard for NoClipboard {
    fn text(&mut self) -> Option<String> {
        None
    }
}
