//! SVG to PNG, at build time, with resvg.
//!
//! The fonts are the theme's own (DejaVu Sans, with every Vietnamese
//! letter), compiled in and handed to resvg explicitly: no system font is
//! ever looked up, so a chart image comes out byte for byte the same on
//! every machine. The font database is loaded once per process and shared
//! by every thread.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

/// The family every image uses.
pub const FONT_FAMILY: &str = "DejaVu Sans";

const FONTS: &[&[u8]] = &[
    include_bytes!("../../themes/default/fonts/DejaVuSans.ttf"),
    include_bytes!("../../themes/default/fonts/DejaVuSans-Bold.ttf"),
];

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut fonts = usvg::fontdb::Database::new();
        for font in FONTS {
            fonts.load_font_data(font.to_vec());
        }
        fonts.set_sans_serif_family(FONT_FAMILY);
        usvg::Options {
            font_family: FONT_FAMILY.to_string(),
            languages: vec!["vi".into(), "en".into()],
            fontdb: Arc::new(fonts),
            ..usvg::Options::default()
        }
    })
}

/// Why an image could not be made (our own SVG: a bug if it happens).
#[derive(Debug)]
pub struct RasterError(pub String);

impl std::fmt::Display for RasterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The PNG of `svg` at its own size (its `width` and `height`).
pub fn png(svg: &str) -> Result<Vec<u8>, RasterError> {
    let tree = usvg::Tree::from_str(svg, options()).map_err(|e| RasterError(format!("the SVG did not parse: {e}")))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| RasterError(format!("no image of {}×{} pixels", size.width(), size.height())))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| RasterError(format!("the PNG could not be encoded: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_vietnamese_text_the_same_every_time() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"40\">\
                   <text x=\"4\" y=\"28\" font-size=\"20\">Đường truyền</text></svg>";
        let (a, b) = (png(svg).unwrap(), png(svg).unwrap());
        assert_eq!(a, b);
        assert_eq!(&a[1..4], b"PNG");
        // Text was drawn: the image is not a blank white one.
        let blank = png("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"40\"/>").unwrap();
        assert_ne!(a, blank);
    }
}
