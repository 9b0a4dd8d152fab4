//! SVG to PNG, at build time, with resvg.
//!
//! The fonts are the theme's own (DejaVu Sans, with every Vietnamese
//! letter), compiled in and handed to resvg explicitly: no system font is
//! ever looked up, so a chart image comes out byte for byte the same on
//! every machine. The font database is loaded once per process and shared
//! by every thread.
//!
//! Rasterizing is most of what a chart costs, so a PNG is made once per
//! SVG: [`png_kept`] looks it up in a [`Store`] by [`key`] (a digest of the
//! SVG, the fonts and this rasterizer's settings) and makes it only when the
//! store has no intact copy. The store on disk is `crate::chart_cache`.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

/// The family every image uses.
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans";

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

/// Where PNGs already made are kept, by [`key`]. A store never fails a
/// build: a PNG it cannot give back or keep is simply made again.
pub trait Store: Sync {
    /// The PNG kept under `key`, if any (checked by the caller).
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    /// Keeps `png`, made from the SVG of `key`.
    fn put(&self, key: &str, png: &[u8]);
}

/// No store: every PNG is made.
pub struct NoStore;

impl Store for NoStore {
    fn get(&self, _key: &str) -> Option<Vec<u8>> {
        None
    }
    fn put(&self, _key: &str, _png: &[u8]) {}
}

/// Bumped when what [`png`] makes of the same SVG changes (its options or
/// its encoding), so that kept PNGs are not taken for the new ones.
const RASTER_FORMAT: u32 = 1;

/// What a PNG is made from, as 64 hex digits: the SVG, the fonts, this
/// rasterizer's settings and the annals version (which pins resvg's).
pub(crate) fn key(svg: &str) -> String {
    use sha2::{Digest, Sha256};
    static MAKER: OnceLock<Sha256> = OnceLock::new();
    let mut hasher = MAKER
        .get_or_init(|| {
            let mut h = Sha256::new();
            h.update(format!("annals {} raster {RASTER_FORMAT}\n", env!("CARGO_PKG_VERSION")));
            for font in FONTS {
                h.update((font.len() as u64).to_le_bytes());
                h.update(font);
            }
            h
        })
        .clone();
    hasher.update(svg.as_bytes());
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The PNG of `svg`, from `store` when it holds an intact one, else made
/// (and kept there).
pub(crate) fn png_kept(svg: &str, store: &dyn Store) -> Result<Vec<u8>, RasterError> {
    let key = key(svg);
    if let Some(png) = store.get(&key).filter(|png| intact(png)) {
        return Ok(png);
    }
    let png = png(svg)?;
    store.put(&key, &png);
    Ok(png)
}

/// Whether `bytes` are a whole PNG: the signature, then chunks whose CRCs
/// hold, `IHDR` first and `IEND` last with nothing after it. A kept file cut
/// short or changed anywhere fails this (then it is made again).
pub(crate) fn intact(bytes: &[u8]) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let Some(mut rest) = bytes.strip_prefix(SIGNATURE) else { return false };
    let mut first = true;
    while rest.len() >= 12 {
        let length = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let Some(end) = length.checked_add(12).filter(|&end| end <= rest.len()) else { return false };
        let (kind, crc) = (&rest[4..8], &rest[8 + length..end]);
        if crc32fast::hash(&rest[4..8 + length]).to_be_bytes() != crc || (first && kind != b"IHDR") {
            return false;
        }
        if kind == b"IEND" {
            return end == rest.len();
        }
        first = false;
        rest = &rest[end..];
    }
    false
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
        assert!(intact(&a) && intact(&blank));
    }

    /// A store in memory that counts what it is asked.
    #[derive(Default)]
    struct Memory {
        kept: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
        puts: std::sync::atomic::AtomicUsize,
    }

    impl Store for Memory {
        fn get(&self, key: &str) -> Option<Vec<u8>> {
            self.kept.lock().unwrap().get(key).cloned()
        }
        fn put(&self, key: &str, png: &[u8]) {
            self.puts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.kept.lock().unwrap().insert(key.to_string(), png.to_vec());
        }
    }

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"60\" height=\"20\">\
                       <rect x=\"4\" y=\"4\" width=\"30\" height=\"10\" fill=\"#17375e\"/></svg>";

    #[test]
    fn a_png_is_made_once_per_svg_and_kept() {
        let store = Memory::default();
        let made = png_kept(SVG, &store).unwrap();
        assert_eq!(made, png(SVG).unwrap());
        assert_eq!(png_kept(SVG, &store).unwrap(), made);
        assert_eq!(store.puts.load(std::sync::atomic::Ordering::Relaxed), 1, "the second came from the store");
        // Another SVG is another key.
        let other = SVG.replace("#17375e", "#c0392b");
        assert_ne!(key(&other), key(SVG));
        assert_ne!(png_kept(&other, &store).unwrap(), made);
        assert_eq!(store.puts.load(std::sync::atomic::Ordering::Relaxed), 2);
        assert_eq!(key(SVG).len(), 64);
        assert!(key(SVG).bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn a_damaged_kept_png_is_made_again() {
        let good = png(SVG).unwrap();
        let mut flipped = good.clone();
        flipped[good.len() / 2] ^= 0x10;
        let damaged: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"not a png".to_vec(),
            good[..good.len() - 1].to_vec(),
            good[..good.len() / 2].to_vec(),
            flipped,
            [good.as_slice(), b"x"].concat(),
            [&good[..8], &[0xff, 0xff, 0xff, 0xff][..], &good[12..]].concat(),
        ];
        for bad in damaged {
            assert!(!intact(&bad), "{} bytes taken for intact", bad.len());
            let store = Memory::default();
            store.kept.lock().unwrap().insert(key(SVG), bad);
            assert_eq!(png_kept(SVG, &store).unwrap(), good);
            assert_eq!(store.kept.lock().unwrap().get(&key(SVG)), Some(&good), "the kept copy is put right");
        }
    }
}
