//! Renders the committed image assets: the app icon's PNG sizes from assets/headroom-icon.svg, and
//! the menu-bar template images (1x, 2x) from the app's own icon renderer.
//!
//! `cargo run --example icons` rewrites assets/icon/*.png and assets/menubar/*.png; run it after
//! changing the SVG or src/ui/icon.rs, and commit the result (tests/bundle.rs checks the set).

use std::path::Path;

use headroom_core::model::Pressure;
use headroom_core::ui::icon::{self, IconState};
use resvg::{tiny_skia, usvg};

/// The sizes an .icns needs for every Finder and Dock size at 1x and 2x.
const APP_ICON_SIZES: [u32; 7] = [16, 32, 64, 128, 256, 512, 1024];

fn write_png(path: &Path, width: u32, height: u32, rgba: Vec<u8>) -> Result<(), String> {
    let image = icns::Image::from_data(icns::PixelFormat::RGBA, width, height, rgba).map_err(|e| e.to_string())?;
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    image.write_png(std::io::BufWriter::new(file)).map_err(|e| format!("{}: {e}", path.display()))
}

fn main() -> Result<(), String> {
    let root = &Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let svg = std::fs::read(root.join("assets/headroom-icon.svg")).map_err(|e| e.to_string())?;
    let tree = usvg::Tree::from_data(&svg, &usvg::Options::default()).map_err(|e| e.to_string())?;
    for size in APP_ICON_SIZES {
        let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("empty icon size")?;
        let scale = size as f32 / tree.size().width();
        resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
        // tiny-skia keeps premultiplied alpha; PNG wants it straight.
        let rgba = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        let path = root.join(format!("assets/icon/headroom-{size}.png"));
        write_png(&path, size, size, rgba)?;
        println!("{}", path.display());
    }
    // The menu-bar template: black with alpha, as macOS expects; 22 pt at 1x and 2x.
    for (name, size) in [("template.png", 22), ("template@2x.png", 44)] {
        let image = icon::render(IconState::new(55, 100, Pressure::Normal, true), size);
        let path = root.join("assets/menubar").join(name);
        write_png(&path, image.width, image.height, image.pixels)?;
        println!("{}", path.display());
    }
    preview(&root.join("target/icon-preview.png"))
}

/// A sheet to look at (not committed): the tray icon at 2 %, 50 % and 95 % used in each pressure,
/// at 16 and 22 px, on a light and a dark menu bar, each pixel drawn 8 × 8.
fn preview(path: &Path) -> Result<(), String> {
    const ZOOM: u32 = 8;
    let cells: Vec<IconState> = [Pressure::Normal, Pressure::Warn, Pressure::Critical]
        .into_iter()
        .flat_map(|pressure| [2, 50, 95].map(|used| IconState::new(used, 100, pressure, false)))
        .collect();
    let (cell, gap) = (22 * ZOOM, 4 * ZOOM);
    let width = (cell + gap) * cells.len() as u32;
    let height = (cell + gap) * 4;
    let mut sheet = vec![0u8; (width * height * 4) as usize];
    for (row, (size, background)) in
        [(16, [236u8, 236, 236]), (22, [236, 236, 236]), (16, [40, 40, 44]), (22, [40, 40, 44])].into_iter().enumerate()
    {
        for (column, state) in cells.iter().enumerate() {
            let image = icon::render(*state, size);
            let (left, top) = (column as u32 * (cell + gap), row as u32 * (cell + gap));
            for y in 0..cell {
                for x in 0..cell {
                    let (ix, iy) = (x / ZOOM, y / ZOOM);
                    let i = ((iy * size + ix) * 4) as usize;
                    let pixel = if ix < size && iy < size {
                        [image.pixels[i], image.pixels[i + 1], image.pixels[i + 2], image.pixels[i + 3]]
                    } else {
                        [0; 4]
                    };
                    let alpha = u32::from(pixel[3]);
                    let blend = |c: usize| {
                        ((u32::from(pixel[c]) * alpha + u32::from(background[c]) * (255 - alpha)) / 255) as u8
                    };
                    let at = (((top + y) * width + left + x) * 4) as usize;
                    sheet[at..at + 4].copy_from_slice(&[blend(0), blend(1), blend(2), 255]);
                }
            }
        }
    }
    write_png(path, width, height, sheet)?;
    println!("{}", path.display());
    Ok(())
}
