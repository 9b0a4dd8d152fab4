//! The state of an output folder: what it holds, as the build that wrote
//! it knew it ([`State`] in [`STATE`], beside `output::MARKER`): the
//! archive's digest, the templates' hash, and every file's length and hash
//! ([`Stamp`]). A full build (`output::Staging`) writes it; an incremental
//! build (`output_spare`) reads it to know what to write again.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::render::digest::Digest;

/// The state file of an output folder (beside `output::MARKER`).
pub const STATE: &str = ".annals-state.json";

/// Bumped when the state's meaning changes: an older state is not trusted.
const FORMAT: u32 = 1;

/// A file's length and hash.
pub type Stamp = (u64, u64);

/// What an output folder holds, as the build that wrote it knew it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub format: u32,
    /// The annals version that wrote it: another version renders afresh.
    pub annals: String,
    /// The templates (names and texts) the pages were rendered with.
    pub templates: u64,
    pub(crate) digest: Digest,
    /// Every file but the marker and this state, by path.
    pub files: BTreeMap<String, Stamp>,
}

impl State {
    pub(crate) fn new(templates: u64, digest: Digest, files: BTreeMap<String, Stamp>) -> State {
        State { format: FORMAT, annals: env!("CARGO_PKG_VERSION").into(), templates, digest, files }
    }

    /// The state of `folder`, when it has one this annals can trust.
    pub fn read(folder: &Path) -> Option<State> {
        State::read_stamped(folder).map(|(state, _)| state)
    }

    /// [`State::read`], and the stamp of the state file.
    pub fn read_stamped(folder: &Path) -> Option<(State, Stamp)> {
        let text = fs::read(folder.join(STATE)).ok()?;
        let state: State = serde_json::from_slice(&text).ok()?;
        (state.format == FORMAT && state.annals == env!("CARGO_PKG_VERSION")).then(|| (state, stamp(&text)))
    }

    /// Writes the state into `folder`; returns its stamp.
    pub(crate) fn write(&self, folder: &Path) -> io::Result<Stamp> {
        let bytes = serde_json::to_vec(self).map_err(io::Error::other)?;
        // Through a file beside it, renamed over it: never written in place
        // (the two trees of an incremental build share unchanged files).
        let temp = folder.join(format!(".annals-tmp-state-{}", std::process::id()));
        fs::write(&temp, &bytes)?;
        if let Err(err) = fs::rename(&temp, folder.join(STATE)) {
            let _ = fs::remove_file(&temp);
            return Err(err);
        }
        Ok(stamp(&bytes))
    }
}

/// The hash of a file's bytes.
pub fn stamp(bytes: &[u8]) -> Stamp {
    let mut h = crate::render::fingerprint::Fx(0);
    h.bytes(bytes);
    (bytes.len() as u64, h.0)
}

/// A writer that hashes what goes through it as [`stamp`] would.
pub(crate) struct Hashing<W: Write> {
    inner: W,
    hash: crate::render::fingerprint::Fx,
    /// The bytes after the last whole eight.
    tail: [u8; 8],
    tail_len: usize,
    len: u64,
}

impl<W: Write> Hashing<W> {
    pub(crate) fn new(inner: W) -> Self {
        Hashing { inner, hash: crate::render::fingerprint::Fx(0), tail: [0; 8], tail_len: 0, len: 0 }
    }

    fn absorb(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.tail_len > 0 {
            let take = (8 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 8 {
                return;
            }
            self.hash.word(u64::from_le_bytes(self.tail));
            self.tail_len = 0;
        }
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.hash.word(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    pub(crate) fn finish(self) -> Stamp {
        let mut hash = self.hash;
        let mut last = [0u8; 8];
        last[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        hash.word(u64::from_le_bytes(last));
        hash.word(self.len);
        (self.len, hash.0)
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.absorb(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_while_writing_gives_the_stamp_of_the_bytes() {
        let text: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        for cuts in [vec![], vec![1], vec![3, 11], vec![8, 16, 17], vec![999]] {
            let mut out = Hashing::new(Vec::new());
            let mut at = 0;
            for cut in cuts.iter().copied().chain([text.len()]) {
                out.write_all(&text[at..cut]).unwrap();
                at = cut;
            }
            assert_eq!(out.finish(), stamp(&text), "{cuts:?}");
        }
        assert_eq!(Hashing::new(Vec::new()).finish(), stamp(b""));
    }
}
