//! The window photographing itself (for the README and for checking the UI
//! under Xvfb): after a few seconds of real work, save a PNG and close.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the window runs before the picture, so speeds and plots have data.
const SETTLE_TIME: Duration = Duration::from_secs(4);

pub struct ScreenshotPlan {
    pub path: PathBuf,
    pub opened: Instant,
    pub requested: bool,
    /// Settings is opened first (`FERRY_SCREENSHOT_SETTINGS=1`), for the
    /// pictures of each language's dialogs.
    pub opens_settings: bool,
}

impl ScreenshotPlan {
    pub fn new(path: PathBuf) -> Self {
        ScreenshotPlan {
            path,
            opened: Instant::now(),
            requested: false,
            opens_settings: std::env::var_os("FERRY_SCREENSHOT_SETTINGS")
                .is_some_and(|value| value == "1"),
        }
    }

    /// Asks for the screenshot once the window has settled; the callback
    /// saves it and closes the window.
    pub fn tick(&mut self, ctx: &egui::Context) {
        if self.requested {
            return;
        }
        if self.opened.elapsed() < SETTLE_TIME {
            ctx.request_repaint_after(Duration::from_millis(200));
            return;
        }
        self.requested = true;
        let path = self.path.clone();
        let closer = ctx.clone();
        ctx.request_screenshot(move |image| {
            match save_png(&path, &image) {
                Ok(()) => eprintln!("ferry: screenshot saved to {}", path.display()),
                Err(error) => eprintln!("ferry: cannot save the screenshot: {error}"),
            }
            closer.send_viewport_cmd(egui::ViewportCommand::Close);
            closer.request_repaint();
        });
        ctx.request_repaint();
    }
}

fn save_png(path: &Path, image: &Arc<egui::ColorImage>) -> Result<(), Box<dyn std::error::Error>> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let [width, height] = image.size;
    let mut encoder = png::Encoder::new(file, u32::try_from(width)?, u32::try_from(height)?);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    let pixels: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|pixel| pixel.to_srgba_unmultiplied())
        .collect();
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(())
}
