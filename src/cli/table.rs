//! Columns for the terminal: text padded to a width as the terminal draws
//! it (a Hangul syllable takes two cells, an accent none), so `ferry list`
//! and the other tables line up in every language.

use unicode_width::UnicodeWidthStr;

/// How many cells `text` takes in a terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` then spaces, `cells` wide (as it is when already wider).
pub fn left(text: &str, cells: usize) -> String {
    format!("{text}{}", " ".repeat(cells.saturating_sub(width(text))))
}

/// Spaces then `text`, `cells` wide.
pub fn right(text: &str, cells: usize) -> String {
    format!("{}{text}", " ".repeat(cells.saturating_sub(width(text))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_and_accented_letters_take_their_cells() {
        assert_eq!(left("완료됨", 8), "완료됨  ");
        assert_eq!(left("échoué", 8), "échoué  ");
        assert_eq!(right("5 s", 5), "  5 s");
        assert_eq!(left("too long", 3), "too long");
    }
}
