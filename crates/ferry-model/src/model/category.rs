//! Categories by file type (Videos, Music, Archives, Documents, Programs,
//! Images), as IDM, FDM and AB Download Manager sort downloads: by the
//! file's extension, else by the server's Content-Type. A file of no
//! category is "Other". The rules are the user's to edit (Settings).

use serde::{Deserialize, Serialize};

/// What a file of no category is called.
pub const OTHER_CATEGORY: &str = "Other";

/// One category: its name (also its folder's name when downloads are
/// sorted into folders), the extensions and the MIME types it takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRule {
    pub name: String,
    /// Lowercase, without the dot ("mkv", "tar.gz").
    pub extensions: Vec<String>,
    /// Whole types ("application/pdf") or a family ending in `/` or `/*`
    /// ("video/*").
    #[serde(default)]
    pub mime_types: Vec<String>,
}

impl CategoryRule {
    fn new(name: &str, extensions: &str, mime_types: &str) -> Self {
        CategoryRule {
            name: name.to_owned(),
            extensions: extensions.split_whitespace().map(str::to_owned).collect(),
            mime_types: mime_types.split_whitespace().map(str::to_owned).collect(),
        }
    }

    fn takes_extension(&self, file_name: &str) -> bool {
        let lower = file_name.to_ascii_lowercase();
        self.extensions.iter().any(|extension| {
            lower
                .strip_suffix(extension.as_str())
                .is_some_and(|stem| stem.ends_with('.') && stem.len() > 1)
        })
    }

    fn takes_mime(&self, mime: &str) -> bool {
        let essence = mime
            .split(';')
            .next()
            .unwrap_or(mime)
            .trim()
            .to_ascii_lowercase();
        self.mime_types
            .iter()
            .any(|wanted| match wanted.strip_suffix('*') {
                Some(family) => essence.starts_with(family),
                None if wanted.ends_with('/') => essence.starts_with(wanted.as_str()),
                None => essence == *wanted,
            })
    }
}

/// The categories ferry starts with.
pub fn default_categories() -> Vec<CategoryRule> {
    vec![
        CategoryRule::new(
            "Videos",
            "mp4 mkv webm avi mov m4v mpg mpeg wmv flv ts 3gp",
            "video/*",
        ),
        CategoryRule::new("Music", "mp3 flac ogg opus m4a aac wav wma aiff", "audio/*"),
        CategoryRule::new(
            "Archives",
            "zip 7z rar tar gz tgz bz2 xz txz zst iso img",
            "application/zip application/x-7z-compressed application/vnd.rar application/x-tar application/gzip application/x-xz application/zstd application/x-iso9660-image",
        ),
        CategoryRule::new(
            "Documents",
            "pdf epub mobi doc docx odt ods odp xls xlsx ppt pptx txt csv rtf md",
            "application/pdf application/epub+zip text/csv application/msword application/vnd.oasis.opendocument.text",
        ),
        CategoryRule::new(
            "Programs",
            "deb rpm appimage flatpak snap exe msi dmg apk jar pkg sh run",
            "application/vnd.debian.binary-package application/x-rpm application/vnd.android.package-archive application/x-msdownload",
        ),
        CategoryRule::new(
            "Images",
            "jpg jpeg png gif webp svg bmp tiff heic avif",
            "image/*",
        ),
    ]
}

/// A category's name as the window shows it: ferry's own names (the
/// defaults and "Other") in the reader's language, a name the user gave
/// as written. The folder keeps the name itself.
pub fn category_words(name: &str) -> String {
    use ferry_i18n::tr;
    match name {
        "Videos" => tr!("category-videos"),
        "Music" => tr!("category-music"),
        "Archives" => tr!("category-archives"),
        "Documents" => tr!("category-documents"),
        "Programs" => tr!("category-programs"),
        "Images" => tr!("category-images"),
        OTHER_CATEGORY => tr!("category-other"),
        name => name.to_owned(),
    }
}

/// The category of a file named `file_name` (its extension first, then
/// the server's `mime` type); [`OTHER_CATEGORY`] when none takes it.
pub fn category_of<'a>(rules: &'a [CategoryRule], file_name: &str, mime: Option<&str>) -> &'a str {
    rules
        .iter()
        .find(|rule| rule.takes_extension(file_name))
        .or_else(|| {
            let mime = mime?;
            rules.iter().find(|rule| rule.takes_mime(mime))
        })
        .map_or(OTHER_CATEGORY, |rule| rule.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_fall_into_categories_by_extension_then_type() {
        let rules = default_categories();
        assert_eq!(category_of(&rules, "talk.MKV", None), "Videos");
        assert_eq!(category_of(&rules, "debian-12.iso", None), "Archives");
        assert_eq!(category_of(&rules, "src.tar.gz", None), "Archives");
        assert_eq!(
            category_of(&rules, "paper.pdf", Some("text/html")),
            "Documents"
        );
        assert_eq!(category_of(&rules, "download", Some("audio/mpeg")), "Music");
        assert_eq!(
            category_of(&rules, "get", Some("application/pdf; charset=binary")),
            "Documents"
        );
        assert_eq!(category_of(&rules, "notes", None), OTHER_CATEGORY);
        // A name that is only an extension is not of its category.
        assert_eq!(category_of(&rules, ".mp4", None), OTHER_CATEGORY);
    }
}
