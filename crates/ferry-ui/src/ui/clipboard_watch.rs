//! Watching the clipboard (a setting, off by default): a link to a file a
//! download manager takes (an archive, a disc image, a video, music, a
//! document, a package) copied anywhere offers itself in the add dialog,
//! once per link. What the clipboard held when watching began is not
//! offered: only what is copied afterwards.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use url::Url;

use crate::desktop::Clipboard;
use crate::engine::input::parse_download_url;

/// How often the clipboard is read while watching.
pub const CHECK_EVERY: Duration = Duration::from_secs(1);

/// The file types worth offering, by the last extension of the URL's path.
const FILE_EXTENSIONS: &[&str] = &[
    "7z", "aac", "apk", "appimage", "avi", "bin", "bz2", "cbz", "deb", "dmg", "doc", "docx",
    "epub", "exe", "flac", "flatpak", "gz", "img", "iso", "jar", "m4a", "m4v", "mkv", "mobi",
    "mov", "mp3", "mp4", "msi", "odp", "ods", "odt", "ogg", "opus", "pdf", "pkg", "ppt", "pptx",
    "rar", "rpm", "snap", "tar", "tgz", "torrent", "txz", "wav", "webm", "xls", "xlsx", "xz",
    "zip", "zst",
];

#[derive(Debug, Default)]
pub struct ClipboardWatch {
    /// The clipboard's text at the last look (`None`: not looked yet).
    last_text: Option<Option<String>>,
    /// Links offered already.
    offered: HashSet<Url>,
    last_check: Option<Instant>,
}

impl ClipboardWatch {
    /// A link newly copied to the clipboard, worth offering, if one is
    /// there; reads the clipboard at most every [`CHECK_EVERY`].
    pub fn check(&mut self, clipboard: &mut dyn Clipboard, now: Instant) -> Option<Url> {
        if self
            .last_check
            .is_some_and(|checked| now.duration_since(checked) < CHECK_EVERY)
        {
            return None;
        }
        self.last_check = Some(now);
        let text = clipboard.text().map(|text| text.trim().to_owned());
        let is_first_look = self.last_text.is_none();
        if self.last_text.as_ref() == Some(&text) {
            return None;
        }
        self.last_text = Some(text.clone());
        if is_first_look {
            return None;
        }
        let url = parse_download_url(&text?).ok()?;
        (is_file_link(&url) && self.offered.insert(url.clone())).then_some(url)
    }

    /// Watching stopped: the next look starts afresh.
    pub fn stop(&mut self) {
        self.last_text = None;
        self.last_check = None;
    }
}

/// Whether `url` names a file of a type a download manager takes.
pub fn is_file_link(url: &Url) -> bool {
    let Some(name) = url
        .path_segments()
        .and_then(|mut segments| segments.next_back())
    else {
        return false;
    };
    let Some((_, extension)) = name.rsplit_once('.') else {
        return false;
    };
    let extension = extension.to_ascii_lowercase();
    FILE_EXTENSIONS.contains(&extension.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clipboard whose text the test sets.
    struct Copied(Option<String>);

    impl Clipboard for Copied {
        fn text(&mut self) -> Option<String> {
            self.0.clone()
        }
    }

    #[test]
    fn a_newly_copied_file_link_is_offered_once() {
        let mut watch = ClipboardWatch::default();
        let mut clipboard = Copied(Some("https://127.0.0.1/before.iso".to_owned()));
        let start = Instant::now();
        let at = |secs: u64| start + Duration::from_secs(secs);
        assert_eq!(
            watch.check(&mut clipboard, at(0)),
            None,
            "there before watching"
        );
        clipboard.0 = Some("  https://127.0.0.1/pub/debian.ISO\n".to_owned());
        assert_eq!(
            watch.check(&mut clipboard, at(0)),
            None,
            "not read again so soon"
        );
        let offered = watch.check(&mut clipboard, at(1)).expect("offered");
        assert_eq!(offered.as_str(), "https://127.0.0.1/pub/debian.ISO");
        assert_eq!(watch.check(&mut clipboard, at(2)), None, "unchanged");
        clipboard.0 = Some("hello".to_owned());
        assert_eq!(watch.check(&mut clipboard, at(3)), None);
        clipboard.0 = Some("https://127.0.0.1/pub/debian.ISO".to_owned());
        assert_eq!(watch.check(&mut clipboard, at(4)), None, "never twice");
        clipboard.0 = Some("https://127.0.0.1/page.html".to_owned());
        assert_eq!(watch.check(&mut clipboard, at(5)), None, "not a file");
    }
}
