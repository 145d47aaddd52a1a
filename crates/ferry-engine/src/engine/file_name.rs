//! Safe file names. The server never chooses a path: whatever it suggests
//! (Content-Disposition, the URL) is reduced to one safe component inside the
//! folder the user chose.

use std::path::{Path, PathBuf};

use url::Url;

/// Longest name this module produces, in bytes. Leaves room under the
/// 255-byte limit for ` (NNNN)` and `.part`.
pub const MAX_NAME_BYTES: usize = 240;

/// Names Windows reserves; refused so files survive a copy to a FAT stick.
const RESERVED_STEMS: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Characters a name never keeps: separators, controls, and every character
/// that is invisible or changes how others display: format characters
/// (`Cf`: bidirectional controls can make `exe.txt` display as `txt.exe`,
/// zero-width ones hide parts of a name), line and paragraph separators,
/// and Unicode's default-ignorable code points (fillers, variation
/// selectors, tags).
fn is_unsafe_char(character: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    character.is_control()
        || matches!(character, '/' | '\\' | '\0')
        || matches!(
            character.general_category(),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
        || is_default_ignorable(character)
}

/// Unicode's `Default_Ignorable_Code_Point` (DerivedCoreProperties.txt, a
/// set Unicode keeps stable): code points shown as nothing.
fn is_default_ignorable(character: char) -> bool {
    matches!(character,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}'
        | '\u{17B4}'..='\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}'
        | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Reduces a suggested name to one safe path component, or None when nothing
/// usable is left. Only the last component of a path-like suggestion is kept.
pub fn sanitize_file_name(suggested: &str) -> Option<String> {
    let last_component = suggested
        .rsplit(['/', '\\'])
        .find(|component| !component.trim().is_empty())
        .unwrap_or("");
    let cleaned: String = last_component
        .chars()
        .filter(|character| !is_unsafe_char(*character))
        .collect();
    // Leading dots would hide the file (or make `..`); trailing dots and
    // spaces confuse other systems; leading spaces hide in listings. Dots
    // and spaces are trimmed together, so ". x" does not leave " x" (which
    // a second pass would change: reducing must be done once for all).
    let trimmed = trim_dots_and_spaces(&cleaned).to_owned();
    if trimmed.is_empty() {
        return None;
    }
    let stem = trimmed.split('.').next().unwrap_or("").trim();
    let name = if RESERVED_STEMS
        .iter()
        .any(|reserved| stem.eq_ignore_ascii_case(reserved))
    {
        format!("_{trimmed}")
    } else {
        trimmed
    };
    // A cut may end the name in a space or a dot.
    let cut = truncate_keeping_extension(&name, MAX_NAME_BYTES);
    let name = trim_dots_and_spaces(&cut);
    (!name.is_empty()).then(|| name.to_owned())
}

/// `name` without the dots and white space at either end.
fn trim_dots_and_spaces(name: &str) -> &str {
    name.trim_matches(|character: char| character == '.' || character.is_whitespace())
}

/// Cuts `name` to at most `max_bytes` bytes on a character boundary, keeping
/// a short extension when there is one.
fn truncate_keeping_extension(name: &str, max_bytes: usize) -> String {
    if name.len() <= max_bytes {
        return name.to_owned();
    }
    let (stem, extension) = split_extension(name);
    let extension = if extension.len() <= 16 { extension } else { "" };
    let room = max_bytes - extension.len();
    let mut cut = room.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{}", &stem[..cut], extension)
}

/// `("archive.tar", ".gz")`; the extension includes its dot, or is empty.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name, ""),
    }
}

/// The name a Content-Disposition header suggests (`filename*` preferred,
/// RFC 6266), made safe.
pub fn name_from_content_disposition(header_value: &[u8]) -> Option<String> {
    let disposition = parse_net::parse_content_disposition(header_value).ok()?;
    let filename = disposition.filename()?;
    let mut buffer = vec![0_u8; filename.max_decoded_len().min(64 * 1024)];
    let decoded = filename.decode_into(&mut buffer).ok()?;
    sanitize_file_name(decoded)
}

/// The name the URL's last path segment suggests, percent-decoded and made
/// safe.
pub fn name_from_url(url: &Url) -> Option<String> {
    let segment = url
        .path_segments()?
        .rev()
        .find(|segment| !segment.is_empty())?;
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    sanitize_file_name(&decoded)
}

/// `NAME (n).ext` for n >= 1, `NAME.ext` for n = 0.
pub fn numbered_name(name: &str, number: u32) -> String {
    if number == 0 {
        return name.to_owned();
    }
    let (stem, extension) = split_extension(name);
    // Keep `.tar.gz` together.
    let (stem, extension) = match stem.strip_suffix(".tar") {
        Some(inner) if !inner.is_empty() => (inner, format!(".tar{extension}")),
        _ => (stem, extension.to_owned()),
    };
    format!("{stem} ({number}){extension}")
}

/// Where the bytes of `final_path` go until they are all there.
pub fn part_path(final_path: &Path) -> PathBuf {
    // A final path ends in its file name, so `.part` goes at the end of the
    // whole path (what `with_file_name` gives, without taking the path
    // apart into components for every file).
    let mut part = final_path.as_os_str().to_owned();
    part.push(".part");
    PathBuf::from(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Found by the `file_name` fuzz target: ". \u{1}>" became " >", which
    /// a second pass reduced to ">". Reducing is now done once for all.
    #[test]
    fn dots_spaces_and_removed_characters_are_trimmed_together() {
        assert_eq!(sanitize_file_name(". \u{1}>").as_deref(), Some(">"));
        assert_eq!(
            sanitize_file_name(" . report.pdf . ").as_deref(),
            Some("report.pdf")
        );
        for suggested in [". \u{1}>", " . report.pdf . ", "..\u{202e} x", "a\u{7}. "] {
            let once = sanitize_file_name(suggested);
            assert_eq!(
                once.as_deref().and_then(sanitize_file_name),
                once,
                "{suggested:?}"
            );
        }
    }

    #[test]
    fn the_part_file_sits_beside_the_final_file() {
        for (final_path, part) in [
            (
                "/home/me/Downloads/file.tar.gz",
                "/home/me/Downloads/file.tar.gz.part",
            ),
            ("relative/name (1).iso", "relative/name (1).iso.part"),
            ("plain", "plain.part"),
        ] {
            assert_eq!(part_path(Path::new(final_path)), PathBuf::from(part));
            assert_eq!(
                part_path(Path::new(final_path)),
                Path::new(final_path).with_file_name(format!(
                    "{}.part",
                    Path::new(final_path)
                        .file_name()
                        .expect("name")
                        .to_string_lossy()
                ))
            );
        }
    }

    #[test]
    fn path_traversal_keeps_only_the_last_component() {
        assert_eq!(
            sanitize_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            sanitize_file_name("..\\..\\boot.ini").as_deref(),
            Some("boot.ini")
        );
        assert_eq!(sanitize_file_name(".."), None);
        assert_eq!(sanitize_file_name("/"), None);
        assert_eq!(sanitize_file_name(".bashrc").as_deref(), Some("bashrc"));
    }

    #[test]
    fn bidi_and_control_characters_are_removed() {
        assert_eq!(
            sanitize_file_name("invoice\u{202E}fdp.exe").as_deref(),
            Some("invoicefdp.exe")
        );
        assert_eq!(
            sanitize_file_name("a\nb\u{7}.txt").as_deref(),
            Some("ab.txt")
        );
    }

    // These survived name cleaning (issue 37): invisible word joiner,
    // Mongolian vowel separator, interlinear annotations, tag characters,
    // a line separator, the Hangul filler.
    #[test]
    fn invisible_and_format_characters_are_removed() {
        for hidden in [
            '\u{2060}',
            '\u{180E}',
            '\u{FFF9}',
            '\u{FFFA}',
            '\u{FFFB}',
            '\u{E0041}',
            '\u{E007F}',
            '\u{2028}',
            '\u{2029}',
            '\u{3164}',
            '\u{00AD}',
            '\u{FE0F}',
            '\u{115F}',
            '\u{FFA0}',
        ] {
            assert_eq!(
                sanitize_file_name(&format!("re{hidden}port.pdf")).as_deref(),
                Some("report.pdf"),
                "U+{:04X}",
                hidden as u32
            );
        }
        // Names in other scripts are kept whole.
        for kept in ["보고서 2026.pdf", "résumé.txt", "報告.docx", "отчёт.odt"] {
            assert_eq!(sanitize_file_name(kept).as_deref(), Some(kept));
        }
    }

    #[test]
    fn reserved_names_are_prefixed() {
        assert_eq!(sanitize_file_name("CON.txt").as_deref(), Some("_CON.txt"));
        assert_eq!(sanitize_file_name("nul").as_deref(), Some("_nul"));
    }

    #[test]
    fn long_names_keep_their_extension() {
        let name = format!("{}.iso", "é".repeat(300));
        let safe = sanitize_file_name(&name).expect("a name");
        assert!(safe.len() <= MAX_NAME_BYTES);
        assert!(safe.ends_with(".iso"));
    }

    #[test]
    fn content_disposition_prefers_filename_star() {
        let header = b"attachment; filename=\"plain.txt\"; filename*=UTF-8''%ED%95%9C%EA%B8%80%20r%C3%A9sum%C3%A9.pdf";
        assert_eq!(
            name_from_content_disposition(header).as_deref(),
            Some("한글 résumé.pdf")
        );
        assert_eq!(
            name_from_content_disposition(b"attachment; filename=\"../../.ssh/authorized_keys\"")
                .as_deref(),
            Some("authorized_keys")
        );
    }

    #[test]
    fn url_names_are_decoded() {
        let url = Url::parse("http://127.0.0.1/files/caf%C3%A9%20menu.pdf?x=1").expect("url");
        assert_eq!(name_from_url(&url).as_deref(), Some("café menu.pdf"));
        let url = Url::parse("http://127.0.0.1/a/%2E%2E%2Fsecret").expect("url");
        assert_eq!(name_from_url(&url).as_deref(), Some("secret"));
    }

    #[test]
    fn numbering_keeps_extensions() {
        assert_eq!(numbered_name("a.txt", 1), "a (1).txt");
        assert_eq!(numbered_name("a.tar.gz", 2), "a (2).tar.gz");
        assert_eq!(numbered_name("README", 3), "README (3)");
    }

    proptest! {
        #[test]
        fn sanitized_names_are_one_safe_component(raw in any::<String>()) {
            if let Some(name) = sanitize_file_name(&raw) {
                prop_assert!(!name.is_empty());
                prop_assert!(name.len() <= 255);
                prop_assert!(name != "." && name != "..");
                prop_assert!(!name.starts_with('.'));
                prop_assert!(!name.chars().any(is_unsafe_char));
                prop_assert_eq!(Path::new(&name).components().count(), 1);
                prop_assert!(numbered_name(&name, 9999).len() + ".part".len() <= 255);
            }
        }

        #[test]
        fn hostile_paths_never_escape(parts in proptest::collection::vec("[a-z.]{0,4}|\\.\\.|/|\\\\", 0..8)) {
            let raw = parts.concat();
            if let Some(name) = sanitize_file_name(&raw) {
                let joined = Path::new("/downloads").join(&name);
                prop_assert_eq!(joined.parent(), Some(Path::new("/downloads")));
            }
        }
    }
}
