//! The pseudo-locale: English made to look foreign but stay readable
//! ("[Ådd å döwñlöåd·······]"), for finding text that escaped translation
//! and layouts too tight for longer languages.

use std::borrow::Cow;

/// Fluent's transform for the pseudo-locale's text (not its arguments,
/// which are data: file names, URLs, numbers): letters with accents.
pub fn accented(text: &str) -> Cow<'_, str> {
    Cow::Owned(text.chars().map(accent).collect())
}

fn accent(letter: char) -> char {
    match letter {
        'a' => 'å',
        'e' => 'ë',
        'i' => 'ï',
        'o' => 'ö',
        'u' => 'ü',
        'y' => 'ÿ',
        'c' => 'ç',
        'n' => 'ñ',
        'A' => 'Å',
        'E' => 'Ë',
        'I' => 'Ï',
        'O' => 'Ö',
        'U' => 'Ü',
        'C' => 'Ç',
        'N' => 'Ñ',
        other => other,
    }
}

/// A whole message in brackets and 40 % longer, as French and German
/// often are.
pub fn framed(message: &str) -> String {
    let length = message.chars().count();
    let padding = (length * 2).div_ceil(5);
    format!("[{message}{}]", "·".repeat(padding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pseudo_locale_is_longer_bracketed_and_accented() {
        assert_eq!(accented("Add a download"), "Ådd å döwñlöåd");
        assert_eq!(framed("Pause"), "[Pause··]");
        assert_eq!(framed(""), "[]");
    }
}
