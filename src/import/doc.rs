//! `.doc` (Word 97–2003 binary): the OLE compound file is opened with the
//! `cfb` crate; the Word format's text is read here.
//!
//! What is read, after [MS-DOC]:
//! - the FIB at the start of the `WordDocument` stream: which table stream
//!   (`0Table`/`1Table`) holds the document's tables, the length of the main
//!   text (`ccpText`) and where the piece table, the paragraph and character
//!   properties and the font table are;
//! - the piece table (`Clx` → `PlcPcd`): the text is a list of pieces, each
//!   either 8-bit ("compressed", Windows-1252) or UTF-16LE, at a file offset;
//! - the paragraph properties (`PlcBtePapx` → PAPX FKP pages): whether a
//!   paragraph is in a table (`sprmPFInTable`) and whether its mark ends a
//!   row (`sprmPFTtp`), so that `0x07` marks give rows of cells;
//! - the character properties (`PlcBteChpx` → CHPX FKP pages) and the font
//!   table (`SttbfFfn`): the font of each run, so text typed in TCVN3
//!   (`.VnTime`) or VNI (`VNI-Times`) fonts is converted to Unicode. Text
//!   whose font is not named on the run (it comes from a style) is
//!   converted when the whole of such text reads as one of those codes.
//!
//! Fields keep their result and drop their instructions; pictures and
//! other anchors are dropped. Anything out of bounds is an error for the
//! user, never a panic.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::document::{Block, Document};
use super::legacy::{self, Legacy};

/// Largest stream read out of the compound file.
const MAX_STREAM: u64 = 64 * 1024 * 1024;

const SAVE_AS_DOCX: &str = "open it in Word or LibreOffice and save it as .docx, then import that";

/// Reads a `.doc` file.
pub fn read(bytes: &[u8]) -> Result<Document, String> {
    catch_unwind(AssertUnwindSafe(|| read_inner(bytes)))
        .unwrap_or_else(|_| Err(format!("the .doc reader failed on this file (it may be damaged): {SAVE_AS_DOCX}")))
}

/// The first bytes of every OLE compound file.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn read_inner(bytes: &[u8]) -> Result<Document, String> {
    if bytes.starts_with(b"PK") {
        return Err("this is a .docx (a zip file) named .doc: rename it to .docx and import it".to_string());
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(format!("this is an RTF file named .doc: {SAVE_AS_DOCX}"));
    }
    if !bytes.starts_with(&OLE_MAGIC) {
        return Err(format!(
            "this is not a Word 97-2003 document (.doc): it does not start like one; if it opens in Word, {SAVE_AS_DOCX}"
        ));
    }
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(&format!("{e}")))?;
    if file.is_stream("/EncryptedPackage") || file.is_stream("/EncryptionInfo") {
        return Err(encrypted());
    }
    if !file.is_stream("/WordDocument") {
        return Err(format!(
            "this file holds no WordDocument stream: it is not a Word document (an Excel or PowerPoint file?); {SAVE_AS_DOCX}"
        ));
    }
    let word = stream(&mut file, "/WordDocument")?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.which_table { "/1Table" } else { "/0Table" };
    if !file.is_stream(table_name) {
        return Err(damaged(&format!("its {} stream is missing", &table_name[1..])));
    }
    let table = stream(&mut file, table_name)?;
    let pieces =
        pieces(slice(&table, fib.clx.0, fib.clx.1).ok_or_else(|| damaged("its piece table is out of bounds"))?)?;
    let data = if file.is_stream("/Data") { stream(&mut file, "/Data")? } else { Vec::new() };
    let paragraphs =
        slice(&table, fib.papx.0, fib.papx.1).map(|plc| paragraph_runs(&word, plc, &data)).unwrap_or_default();
    let characters = slice(&table, fib.chpx.0, fib.chpx.1).map(|plc| character_runs(&word, plc)).unwrap_or_default();
    let fonts = slice(&table, fib.fonts.0, fib.fonts.1).map(font_names).unwrap_or_default();
    let lists = Lists::parse(&table, fib.lists, fib.overrides);
    let chars = text(&word, &pieces, fib.ccp_text)?;
    Ok(build(&chars, &paragraphs, &characters, &fonts, &lists))
}

fn encrypted() -> String {
    "this .doc is protected by a password: open it in Word, remove the password (File → Info → Protect Document → Encrypt with Password, leave it empty) and save it as .docx, then import that".to_string()
}

fn damaged(what: &str) -> String {
    format!("this .doc is damaged ({what}): {SAVE_AS_DOCX}")
}

fn stream(file: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    file.open_stream(name)
        .and_then(|s| s.take(MAX_STREAM).read_to_end(&mut data))
        .map_err(|e| damaged(&format!("cannot read its {} stream: {e}", &name[1..])))?;
    Ok(data)
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn slice(data: &[u8], offset: u32, len: u32) -> Option<&[u8]> {
    if len == 0 {
        return None;
    }
    let start = usize::try_from(offset).ok()?;
    data.get(start..start.checked_add(usize::try_from(len).ok()?)?)
}

/// What the reader needs of the File Information Block.
#[derive(Debug)]
struct Fib {
    which_table: bool,
    ccp_text: u32,
    /// (offset, length) in the table stream.
    clx: (u32, u32),
    papx: (u32, u32),
    chpx: (u32, u32),
    fonts: (u32, u32),
    lists: (u32, u32),
    overrides: (u32, u32),
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, String> {
        if u16_at(word, 0) != Some(0xA5EC) {
            return Err(format!(
                "this is not a Word document (its WordDocument stream does not start as one); {SAVE_AS_DOCX}"
            ));
        }
        let nfib = u16_at(word, 2).unwrap_or(0);
        let flags = u16_at(word, 0x0A).ok_or_else(|| damaged("its header is cut short"))?;
        if flags & 0x0100 != 0 {
            return Err(encrypted());
        }
        if nfib < 0x00C1 {
            return Err(format!(
                "this is a Word 6.0/95 document (an older format than Word 97-2003, which annals reads): {SAVE_AS_DOCX}"
            ));
        }
        let short = || damaged("its header is cut short");
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lw_at = 34 + csw * 2;
        let cslw = usize::from(u16_at(word, lw_at).ok_or_else(short)?);
        let lw = lw_at + 2;
        let ccp_text = u32_at(word, lw + 3 * 4).filter(|_| cslw > 3).ok_or_else(short)?;
        let fc_at = lw + cslw * 4;
        let count = usize::from(u16_at(word, fc_at).ok_or_else(short)?);
        let blob = fc_at + 2;
        let pair = |i: usize| -> Option<(u32, u32)> {
            if i >= count {
                return None;
            }
            Some((u32_at(word, blob + i * 8)?, u32_at(word, blob + i * 8 + 4)?))
        };
        let clx = pair(33).ok_or_else(short)?;
        Ok(Fib {
            which_table: flags & 0x0200 != 0,
            ccp_text,
            clx,
            chpx: pair(12).unwrap_or_default(),
            papx: pair(13).unwrap_or_default(),
            fonts: pair(15).unwrap_or_default(),
            lists: pair(73).unwrap_or_default(),
            overrides: pair(74).unwrap_or_default(),
        })
    }
}

/// One piece of the text: characters [`cp`, `cp_end`) are at file offset
/// `fc`, one byte each when `compressed`, else two.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

/// The `Clx`: property records (skipped), then the piece table.
fn pieces(clx: &[u8]) -> Result<Vec<Piece>, String> {
    let mut at = 0usize;
    loop {
        match clx.get(at) {
            Some(1) => {
                let cb = usize::from(u16_at(clx, at + 1).ok_or_else(|| damaged("its piece table is cut short"))?);
                at += 3 + cb;
            }
            Some(2) => break,
            _ => return Err(damaged("its piece table cannot be found")),
        }
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(|| damaged("its piece table is cut short"))?;
    let plc = usize::try_from(lcb)
        .ok()
        .and_then(|lcb| clx.get(at + 5..at + 5 + lcb))
        .ok_or_else(|| damaged("its piece table is cut short"))?;
    if plc.len() < 16 || !(plc.len() - 4).is_multiple_of(12) {
        return Err(damaged("its piece table has a wrong length"));
    }
    let n = (plc.len() - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (Some(cp), Some(cp_end), Some(raw)) =
            (u32_at(plc, i * 4), u32_at(plc, (i + 1) * 4), u32_at(plc, (n + 1) * 4 + i * 8 + 2))
        else {
            return Err(damaged("its piece table is cut short"));
        };
        if cp_end < cp {
            return Err(damaged("its piece table is out of order"));
        }
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        out.push(Piece { cp, cp_end, fc: if compressed { fc / 2 } else { fc }, compressed });
    }
    Ok(out)
}

/// The Windows-1252 characters of bytes 0x80..=0x9F, as compressed pieces
/// hold them ([MS-DOC] 2.4.1 maps them the same way).
fn cp1252(byte: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match byte {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(byte - 0x80)])).unwrap_or('\u{FFFD}'),
        b => char::from(b),
    }
}

/// A character of the main text and the file offset it is stored at.
#[derive(Clone, Copy, Debug)]
struct Placed {
    c: char,
    fc: u32,
}

/// The main text (`ccpText` characters), piece by piece.
fn text(word: &[u8], pieces: &[Piece], ccp_text: u32) -> Result<Vec<Placed>, String> {
    let mut out = Vec::new();
    let limit = ccp_text.min(u32::try_from(word.len()).unwrap_or(u32::MAX));
    for piece in pieces {
        if piece.cp >= limit {
            break;
        }
        let count = piece.cp_end.min(limit) - piece.cp;
        let width = if piece.compressed { 1 } else { 2 };
        let start = usize::try_from(piece.fc).map_err(|_| damaged("a piece of text is out of bounds"))?;
        let len = usize::try_from(count).unwrap_or(usize::MAX).saturating_mul(width);
        let Some(data) = start.checked_add(len).and_then(|end| word.get(start..end)) else {
            return Err(damaged("a piece of its text is out of bounds"));
        };
        if piece.compressed {
            for (i, &b) in data.iter().enumerate() {
                out.push(Placed { c: cp1252(b), fc: piece.fc + i as u32 });
            }
        } else {
            let units = data.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]]));
            let mut offset = piece.fc;
            for decoded in char::decode_utf16(units) {
                let c = decoded.unwrap_or('\u{FFFD}');
                out.push(Placed { c, fc: offset });
                offset += 2 * c.len_utf16() as u32;
            }
        }
    }
    Ok(out)
}

/// Properties of a run of file offsets [`start`, `end`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Run<T> {
    start: u32,
    end: u32,
    value: T,
}

/// What the reader needs of a paragraph's properties.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Para {
    in_table: bool,
    /// Its mark ends a table row.
    row_end: bool,
    /// Table depth (`sprmPItap`); 0 outside tables.
    depth: u32,
    /// Automatic numbering: (`ilfo`, level), from `sprmPIlfo`, `sprmPIlvl`.
    list: (u16, u8),
}

impl Para {
    fn set(&mut self, sprm: u16, operand: &[u8]) {
        let on = operand.first().is_some_and(|&b| b != 0);
        match sprm {
            0x2416 => self.in_table = on,
            0x2417 => self.row_end = on,
            0x6649 => self.depth = u32_at(operand, 0).unwrap_or(0),
            0x460B => self.list.0 = u16_at(operand, 0).unwrap_or(0),
            0x260A => self.list.1 = operand.first().copied().unwrap_or(0),
            _ => {}
        }
    }
}

fn find<T: Copy + Default>(runs: &[Run<T>], fc: u32) -> Option<T> {
    let i = runs.partition_point(|r| r.end <= fc);
    runs.get(i).filter(|r| r.start <= fc).map(|r| r.value)
}

/// The FKP pages a `PlcBte*` names, each read by `page`.
fn bin_table<T>(word: &[u8], plc: &[u8], mut page: impl FnMut(&[u8], &mut Vec<Run<T>>)) -> Vec<Run<T>> {
    let mut runs = Vec::new();
    if plc.len() < 12 || !(plc.len() - 4).is_multiple_of(8) {
        return runs;
    }
    let n = (plc.len() - 4) / 8;
    for i in 0..n.min(100_000) {
        let Some(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else { break };
        let at = usize::try_from(pn & 0x003F_FFFF).unwrap_or(usize::MAX).saturating_mul(512);
        if let Some(fkp) = at.checked_add(512).and_then(|end| word.get(at..end)) {
            page(fkp, &mut runs);
        }
    }
    runs.sort_by_key(|r| r.start);
    runs
}

/// Each sprm of a `grpprl` as (sprm, operand).
fn sprms(grpprl: &[u8]) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while let Some(sprm) = u16_at(grpprl, at) {
        at += 2;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match sprm {
                // sprmTDefTable and sprmTDefTable10: a 2-byte length (+1).
                0xD608 | 0xD606 => {
                    let cb = usize::from(u16_at(grpprl, at).unwrap_or(0));
                    at += 2;
                    cb.saturating_sub(1)
                }
                _ => {
                    let cb = usize::from(grpprl.get(at).copied().unwrap_or(0));
                    at += 1;
                    cb
                }
            },
        };
        let Some(operand) = grpprl.get(at..at + size) else { break };
        out.push((sprm, operand));
        at += size;
    }
    out
}

/// PAPX FKP pages: paragraph runs with their table properties.
fn paragraph_runs(word: &[u8], plc: &[u8], data: &[u8]) -> Vec<Run<Para>> {
    bin_table(word, plc, |fkp, runs| {
        let crun = usize::from(fkp[511]);
        for i in 0..crun {
            let (Some(start), Some(end)) = (u32_at(fkp, i * 4), u32_at(fkp, (i + 1) * 4)) else { break };
            let Some(&offset) = fkp.get((crun + 1) * 4 + i * 13) else { break };
            let mut para = Para::default();
            let at = usize::from(offset) * 2;
            if offset != 0
                && let Some(&cb) = fkp.get(at)
            {
                let (data_at, len) = if cb != 0 {
                    (at + 1, usize::from(cb) * 2 - 1)
                } else {
                    (at + 2, usize::from(fkp.get(at + 1).copied().unwrap_or(0)) * 2)
                };
                // The style index (2 bytes), then the sprms.
                if let Some(grpprl) = fkp.get(data_at + 2..(data_at + len).min(511)) {
                    for (sprm, operand) in sprms(grpprl) {
                        if sprm == 0x6646 {
                            // sprmPHugePapx: the properties are in the Data stream.
                            let huge = u32_at(operand, 0)
                                .and_then(|at| usize::try_from(at).ok())
                                .and_then(|at| Some((at, usize::from(u16_at(data, at)?))))
                                .and_then(|(at, cb)| data.get(at + 2..at + 2 + cb));
                            for (sprm, operand) in sprms(huge.unwrap_or_default()) {
                                para.set(sprm, operand);
                            }
                        } else {
                            para.set(sprm, operand);
                        }
                    }
                }
            }
            if para.in_table && para.depth == 0 {
                para.depth = 1;
            }
            if para.depth > 0 {
                para.in_table = true;
            }
            runs.push(Run { start, end, value: para });
        }
    })
}

/// CHPX FKP pages: character runs with their font (`sprmCRgFtc0`).
fn character_runs(word: &[u8], plc: &[u8]) -> Vec<Run<Option<u16>>> {
    bin_table(word, plc, |fkp, runs| {
        let crun = usize::from(fkp[511]);
        for i in 0..crun {
            let (Some(start), Some(end)) = (u32_at(fkp, i * 4), u32_at(fkp, (i + 1) * 4)) else { break };
            let Some(&offset) = fkp.get((crun + 1) * 4 + i) else { break };
            let at = usize::from(offset) * 2;
            let mut font = None;
            if offset != 0
                && let Some(&cb) = fkp.get(at)
                && let Some(grpprl) = fkp.get(at + 1..(at + 1 + usize::from(cb)).min(511))
            {
                for (sprm, operand) in sprms(grpprl) {
                    if sprm == 0x4A4F {
                        font = u16_at(operand, 0);
                    }
                }
            }
            runs.push(Run { start, end, value: font });
        }
    })
}

/// The font table (`SttbfFfn`): each font's name.
fn font_names(sttb: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let count = usize::from(u16_at(sttb, 0).unwrap_or(0));
    let mut at = 4usize;
    for _ in 0..count {
        let Some(&cb) = sttb.get(at) else { break };
        let ffn = sttb.get(at + 1..at + 1 + usize::from(cb)).unwrap_or_default();
        let name: Vec<u16> = ffn
            .get(39..)
            .unwrap_or_default()
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]]))
            .take_while(|&u| u != 0)
            .collect();
        names.push(String::from_utf16_lossy(&name));
        at += 1 + usize::from(cb);
    }
    names
}

/// One level of a list: its first number, its number format (`nfc`) and
/// its text, where characters 0..=8 stand for the numbers of those levels.
#[derive(Clone, Debug, Default, PartialEq)]
struct Level {
    start: u32,
    nfc: u8,
    text: Vec<u16>,
}

/// The document's lists (`PlfLst` and the levels after it) and list
/// overrides (`PlfLfo`), which paragraphs name by 1-based index.
#[derive(Debug, Default)]
struct Lists {
    /// lsid → levels.
    lists: Vec<(i32, Vec<Level>)>,
    /// ilfo - 1 → lsid.
    overrides: Vec<i32>,
}

impl Lists {
    fn parse(table: &[u8], lists: (u32, u32), overrides: (u32, u32)) -> Lists {
        let mut out = Lists::default();
        let (Some(plf), Ok(start)) = (slice(table, lists.0, lists.1), usize::try_from(lists.0)) else {
            return out;
        };
        let count = usize::from(u16_at(plf, 0).unwrap_or(0)).min(4096);
        // The levels follow the PlfLst in the table stream.
        let mut at = start + plf.len();
        for i in 0..count {
            let lstf = 2 + i * 28;
            let (Some(lsid), Some(&flags)) = (u32_at(plf, lstf), plf.get(lstf + 26)) else { break };
            let levels = if flags & 1 != 0 { 1 } else { 9 };
            let mut read = Vec::new();
            for _ in 0..levels {
                let Some(lvlf) = table.get(at..at + 28) else { return out };
                let start_at = u32_at(lvlf, 0).unwrap_or(1);
                let (chpx, papx) = (usize::from(lvlf[24]), usize::from(lvlf[25]));
                let xst = at + 28 + papx + chpx;
                let cch = usize::from(u16_at(table, xst).unwrap_or(0));
                let text: Vec<u16> = table
                    .get(xst + 2..xst + 2 + cch * 2)
                    .unwrap_or_default()
                    .chunks_exact(2)
                    .map(|u| u16::from_le_bytes([u[0], u[1]]))
                    .collect();
                read.push(Level { start: start_at, nfc: lvlf[4], text });
                at = xst + 2 + cch * 2;
            }
            out.lists.push((lsid as i32, read));
        }
        if let Some(plf) = slice(table, overrides.0, overrides.1) {
            let count = usize::try_from(u32_at(plf, 0).unwrap_or(0)).unwrap_or(0).min(4096);
            for i in 0..count {
                let Some(lsid) = u32_at(plf, 4 + i * 16) else { break };
                out.overrides.push(lsid as i32);
            }
        }
        out
    }

    /// The label of the next item of list override `ilfo` at `level`.
    fn label(&self, (ilfo, level): (u16, u8), counters: &mut Vec<(i32, Vec<u32>)>) -> Option<String> {
        if ilfo == 0 || ilfo > 0x07FE {
            return None;
        }
        let lsid = *self.overrides.get(usize::from(ilfo) - 1)?;
        let levels = &self.lists.iter().find(|(id, _)| *id == lsid)?.1;
        let level = usize::from(level).min(levels.len().checked_sub(1)?);
        let this = levels.get(level)?;
        let counts = match counters.iter().position(|(id, _)| *id == lsid) {
            Some(i) => &mut counters[i].1,
            None => {
                counters.push((lsid, Vec::new()));
                &mut counters.last_mut()?.1
            }
        };
        counts.truncate(level + 1);
        while counts.len() <= level {
            let start = levels.get(counts.len()).map_or(1, |l| l.start);
            counts.push(start.saturating_sub(1));
        }
        counts[level] += 1;
        match this.nfc {
            23 => return Some("-".to_string()),
            255 => return None,
            _ => {}
        }
        let mut label = String::new();
        for &unit in &this.text {
            if unit < 9 {
                let i = usize::from(unit);
                let n = counts.get(i).copied().unwrap_or(1).max(1);
                let nfc = levels.get(i).map_or(0, |l| l.nfc);
                label.push_str(&super::docx::format_number(n, nfc_name(nfc)));
            } else if let Some(c) = char::from_u32(u32::from(unit)) {
                label.push(c);
            }
        }
        let label = label.trim().to_string();
        (!label.is_empty()).then_some(label)
    }
}

/// A Word number format code as the `.docx` name of it.
fn nfc_name(nfc: u8) -> &'static str {
    match nfc {
        1 => "upperRoman",
        2 => "lowerRoman",
        3 => "upperLetter",
        4 => "lowerLetter",
        22 => "decimalZero",
        _ => "decimal",
    }
}

/// How a character's text is to be read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Code {
    /// The run names its font: its code (or Unicode), and whether it is a
    /// capital-letter face (`.VnTimeH`).
    Font(Option<Legacy>, bool),
    /// No font on the run: decided for the whole document.
    Unknown,
}

/// The text of one paragraph or cell, kept in runs of one code.
#[derive(Default)]
struct Pending {
    runs: Vec<(String, Code)>,
}

impl Pending {
    fn push(&mut self, c: char, code: Code) {
        match self.runs.last_mut() {
            Some((text, last)) if *last == code => text.push(c),
            _ => self.runs.push((c.to_string(), code)),
        }
    }

    fn take(&mut self, unknown: Option<Legacy>) -> String {
        let mut out = String::new();
        for (text, code) in self.runs.drain(..) {
            let (legacy, capitals) = match code {
                Code::Font(f, capitals) => (f, capitals),
                Code::Unknown => (unknown, false),
            };
            // Symbol-font characters (U+F020..U+F0FF) stand for their byte.
            let text: String = if legacy.is_some() {
                text.chars()
                    .map(|c| match u32::from(c) {
                        0xF020..=0xF0FF => char::from_u32(u32::from(c) - 0xF000).unwrap_or(c),
                        _ => c,
                    })
                    .collect()
            } else {
                text
            };
            let converted = legacy::convert(&text, legacy);
            out.push_str(&if capitals { converted.to_uppercase() } else { converted });
        }
        out
    }
}

/// The characters to blocks: paragraphs, and tables from the cell (`0x07`)
/// and row marks; fields keep their results.
fn build(
    chars: &[Placed],
    paragraphs: &[Run<Para>],
    characters: &[Run<Option<u16>>],
    fonts: &[String],
    lists: &Lists,
) -> Document {
    let code_of = |fc: u32| match find(characters, fc).flatten() {
        Some(ftc) => {
            let name = fonts.get(usize::from(ftc)).map_or("", String::as_str);
            let code = legacy::font_code(name);
            Code::Font(code, code == Some(Legacy::Tcvn3) && legacy::font_is_capitals(name))
        }
        None => Code::Unknown,
    };
    // Fields: 0x13 instruction 0x14 result 0x15; nested ones too.
    let mut visible = Vec::with_capacity(chars.len());
    let mut fields: Vec<bool> = Vec::new(); // true once past the separator
    for p in chars {
        match p.c {
            '\u{13}' => fields.push(false),
            '\u{14}' => {
                if let Some(f) = fields.last_mut() {
                    *f = true;
                }
            }
            '\u{15}' => {
                fields.pop();
            }
            _ if fields.iter().all(|&f| f) => visible.push(*p),
            _ => {}
        }
    }
    let codes: Vec<Code> = visible.iter().map(|p| code_of(p.fc)).collect();
    let unknown_text: String =
        visible.iter().zip(&codes).filter(|(_, c)| **c == Code::Unknown).map(|(p, _)| p.c).collect();
    let unknown = legacy::detect(&unknown_text);

    let mut doc = Document::default();
    let mut pending = Pending::default();
    let mut cell: Vec<String> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let known = !paragraphs.is_empty();
    let mut last_was_cell_end = false;
    let mut counters = Vec::new();
    let flush_table = |doc: &mut Document, rows: &mut Vec<Vec<String>>, row: &mut Vec<String>| {
        if !row.is_empty() {
            rows.push(std::mem::take(row));
        }
        if !rows.is_empty() {
            doc.blocks.push(Block::Table(std::mem::take(rows)));
        }
    };
    for (p, &code) in visible.iter().zip(&codes) {
        let para = find(paragraphs, p.fc).unwrap_or_default();
        match p.c {
            '\r' | '\u{c}' | '\u{e}' => {
                let mut text = pending.take(unknown);
                if !text.trim().is_empty()
                    && let Some(label) = lists.label(para.list, &mut counters)
                {
                    text = format!("{label} {}", text.trim_start());
                }
                let in_table = if known { para.in_table } else { !row.is_empty() };
                if in_table {
                    if !(para.row_end || para.depth > 1 && text.trim().is_empty()) {
                        cell.push(text);
                    }
                } else {
                    flush_table(&mut doc, &mut rows, &mut row);
                    doc.push_text(&text);
                }
                last_was_cell_end = false;
            }
            '\u{7}' => {
                let mut text = pending.take(unknown);
                if !text.trim().is_empty()
                    && let Some(label) = lists.label(para.list, &mut counters)
                {
                    text = format!("{label} {}", text.trim_start());
                }
                let row_end =
                    if known { para.row_end } else { last_was_cell_end && text.is_empty() && cell.is_empty() };
                if row_end {
                    rows.push(std::mem::take(&mut row));
                    cell.clear();
                    last_was_cell_end = false;
                } else {
                    cell.push(text);
                    let joined: Vec<String> = cell
                        .drain(..)
                        .map(|l| super::document::clean(&l).trim().to_string())
                        .filter(|l| !l.is_empty())
                        .collect();
                    row.push(joined.join("\n"));
                    last_was_cell_end = true;
                }
            }
            '\u{b}' => pending.push('\n', code),
            '\u{1e}' => pending.push('-', code),
            // An optional hyphen: how Word and LibreOffice keep byte 0xAD,
            // which is TCVN3's `ư` (dropped from Unicode text by `clean`).
            '\u{1f}' => pending.push('\u{ad}', code),
            '\u{1}' | '\u{2}' | '\u{3}' | '\u{4}' | '\u{5}' | '\u{8}' => {}
            c => pending.push(c, code),
        }
    }
    let rest = pending.take(unknown);
    if !rest.trim().is_empty() {
        doc.push_text(&rest);
    }
    if !cell.is_empty() {
        row.push(cell.join("\n"));
    }
    flush_table(&mut doc, &mut rows, &mut row);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(text: &str) -> Vec<Placed> {
        text.chars().enumerate().map(|(i, c)| Placed { c, fc: i as u32 }).collect()
    }

    #[test]
    fn sprm_operands_are_sized_by_their_code() {
        // sprmPFInTable(1), sprmPItap(4), sprmPChgTabs (variable), sprmPFTtp(1).
        let grpprl = [0x16, 0x24, 1, 0x49, 0x66, 2, 0, 0, 0, 0x15, 0xC6, 2, 9, 9, 0x17, 0x24, 1];
        let got: Vec<u16> = sprms(&grpprl).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, vec![0x2416, 0x6649, 0xC615, 0x2417]);
        assert_eq!(sprms(&grpprl)[1].1, &[2, 0, 0, 0]);
        // Cut short: no panic, what was whole is kept.
        assert_eq!(sprms(&grpprl[..5]).len(), 1);
    }

    /// `|` is a cell mark, `#` a row mark; text between `[` and `]` is in the table.
    fn laid_out(spec: &str) -> (Vec<Placed>, Vec<Run<Para>>) {
        let mut chars = Vec::new();
        let mut paragraphs = Vec::new();
        let (mut in_table, mut start) = (false, 0u32);
        for c in spec.chars() {
            let fc = chars.len() as u32;
            match c {
                '[' => in_table = true,
                ']' => in_table = false,
                '|' | '#' | '\r' => {
                    chars.push(Placed { c: if c == '\r' { '\r' } else { '\u{7}' }, fc });
                    let value = Para { in_table, row_end: c == '#', depth: u32::from(in_table), list: (0, 0) };
                    paragraphs.push(Run { start, end: fc + 1, value });
                    start = fc + 1;
                }
                c => chars.push(Placed { c, fc }),
            }
        }
        paragraphs.push(Run { start, end: u32::MAX, value: Para::default() });
        (chars, paragraphs)
    }

    #[test]
    fn cells_rows_fields_and_breaks() {
        let spec = "Số: 1\r[A\rB|C|#1||2|#]Xem \u{13}HYPERLINK \"x\"\u{14}trang\u{15} này\u{b}tiếp\r";
        let (chars, paragraphs) = laid_out(spec);
        let doc = build(&chars, &paragraphs, &[], &[], &Lists::default());
        assert_eq!(
            doc.blocks,
            vec![
                Block::Line("Số: 1".into()),
                Block::Table(vec![vec!["A\nB".into(), "C".into()], vec!["1".into(), "".into(), "2".into()]]),
                Block::Line("Xem trang này".into()),
                Block::Line("tiếp".into()),
            ]
        );
        // Without paragraph properties, two marks in a row end a row.
        let plain: Vec<Placed> = chars.clone();
        let doc = build(&plain, &[], &[], &[], &Lists::default());
        assert!(matches!(&doc.blocks[1], Block::Line(l) if l == "A"), "{:?}", doc.blocks);
    }

    #[test]
    fn runs_in_legacy_fonts_are_converted() {
        let chars = placed("B\u{b8}o c\u{b8}o\rV\u{ec}\r");
        let characters = vec![Run { start: 0, end: 8, value: Some(1) }, Run { start: 8, end: 11, value: Some(0) }];
        let fonts = vec!["Times New Roman".to_string(), ".VnTime".to_string()];
        let doc = build(&chars, &[], &characters, &fonts, &Lists::default());
        assert_eq!(doc.blocks, vec![Block::Line("Báo cáo".into()), Block::Line("Vì".into())]);
    }

    #[test]
    fn what_is_not_a_doc_is_a_message() {
        assert!(read(b"PK\x03\x04 zip").unwrap_err().contains("rename it to .docx"));
        assert!(read(b"{\\rtf1 x}").unwrap_err().contains("RTF"));
        assert!(read(b"hello").unwrap_err().starts_with("this is not a Word 97-2003 document"));
        assert!(read(&[]).is_err());
    }
}
