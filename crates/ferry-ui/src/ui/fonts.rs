//! Fonts for every script: egui's own fonts plus, when the system has one, a
//! font with CJK coverage found through fontconfig (Korean, Japanese and
//! Chinese file names are common). Without one, egui's fonts are used and
//! unknown glyphs show as boxes, nothing worse.

use std::path::PathBuf;
use std::sync::Arc;

/// Well-known places, for systems without `fc-list`.
const KNOWN_CJK_FONTS: [&str; 4] = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
];

/// Adds a CJK fallback font if one is installed; returns its path.
pub fn install_fallback_fonts(ctx: &egui::Context) -> Option<PathBuf> {
    let path = find_cjk_font()?;
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "cannot read the CJK font");
            return None;
        }
    };
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "cjk-fallback".to_owned(),
        Arc::new(egui::FontData::from_owned(bytes)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("cjk-fallback".to_owned());
    }
    ctx.set_fonts(fonts);
    Some(path)
}

fn find_cjk_font() -> Option<PathBuf> {
    let from_fontconfig = std::process::Command::new("fc-list")
        .args([":lang=ko:style=Regular", "file"])
        .output()
        .ok()
        .and_then(|output| {
            let listing = String::from_utf8_lossy(&output.stdout).into_owned();
            let mut files: Vec<PathBuf> = listing
                .lines()
                .filter_map(|line| line.trim().strip_suffix(':'))
                .map(PathBuf::from)
                .filter(|path| {
                    path.extension().is_some_and(|extension| {
                        ["ttf", "otf", "ttc"]
                            .iter()
                            .any(|known| extension == *known)
                    })
                })
                .collect();
            files.sort();
            files.into_iter().next()
        });
    from_fontconfig.or_else(|| {
        KNOWN_CJK_FONTS
            .iter()
            .map(PathBuf::from)
            .find(|path| path.is_file())
    })
}
