//! A compact binary form of parsed reports and their rendered bodies, for
//! the report cache that `annals build` keeps beside the output
//! (`content::stored`).
//!
//! Hand-written rather than a serialisation crate: the types are few and
//! plain, the format needs no schema evolution (an entry of another format
//! version is not read at all, see `stored`), and decoding must never
//! panic or allocate more than the bytes it is given could hold, whatever
//! a damaged file holds. Every field is written in declaration order; the
//! encoders destructure each struct whole, so a field added to a report
//! does not compile until it is written here (and [`super::stored::FORMAT`]
//! bumped).

use std::path::PathBuf;

use super::markdown::{BodyPart, Heading, RenderedBody};
use super::report::{Metric, MetricValue, Report, Signer, Source};
use super::revision::{Revision, RevisionKind};
use super::yaml::Pos;
use crate::period::{Date, Period};
use crate::status::Status;

/// Bytes being written.
#[derive(Default)]
pub(super) struct Writer {
    pub(super) bytes: Vec<u8>,
}

/// Bytes being read; every read fails (None) past the end.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
}

impl Writer {
    pub(super) fn u64(&mut self, mut v: u64) {
        // LEB128: small numbers (lengths, lines, columns) take one byte.
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    pub(super) fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    pub(super) fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }

    fn f64(&mut self, v: f64) {
        self.bytes.extend_from_slice(&v.to_bits().to_le_bytes());
    }
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self.bytes.split_first()?;
            self.bytes = rest;
            v |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    pub(super) fn u8(&mut self) -> Option<u8> {
        let (&byte, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(byte)
    }

    pub(super) fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Some(head)
    }

    fn len(&mut self) -> Option<usize> {
        let len = usize::try_from(self.u64()?).ok()?;
        // Every element takes at least one byte: a longer count is damage.
        (len <= self.bytes.len()).then_some(len)
    }

    pub(super) fn str(&mut self) -> Option<&'a str> {
        let len = self.len()?;
        // simdutf8: the report cache is mostly Vietnamese text, which the
        // standard library's check walks byte by byte.
        simdutf8::basic::from_utf8(self.take(len)?).ok()
    }

    fn f64(&mut self) -> Option<f64> {
        let bytes = self.take(8)?;
        Some(f64::from_bits(u64::from_le_bytes(bytes.try_into().ok()?)))
    }
}

/// A value that can be written and read back.
pub(super) trait Codec: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader) -> Option<Self>;
}

impl Codec for String {
    fn put(&self, w: &mut Writer) {
        w.str(self);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        r.str().map(str::to_string)
    }
}

impl Codec for PathBuf {
    /// Only UTF-8 paths are kept (see `stored`); others never reach here.
    fn put(&self, w: &mut Writer) {
        w.str(&self.to_string_lossy());
    }
    fn get(r: &mut Reader) -> Option<Self> {
        r.str().map(PathBuf::from)
    }
}

impl Codec for bool {
    fn put(&self, w: &mut Writer) {
        w.u8(u8::from(*self));
    }
    fn get(r: &mut Reader) -> Option<Self> {
        match r.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Codec for u8 {
    fn put(&self, w: &mut Writer) {
        w.u8(*self);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        r.u8()
    }
}

impl Codec for usize {
    fn put(&self, w: &mut Writer) {
        w.u64(*self as u64);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        usize::try_from(r.u64()?).ok()
    }
}

impl Codec for i16 {
    fn put(&self, w: &mut Writer) {
        w.u64(u64::from(*self as u16));
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(u16::try_from(r.u64()?).ok()? as i16)
    }
}

impl Codec for f64 {
    fn put(&self, w: &mut Writer) {
        w.f64(*self);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        r.f64()
    }
}

impl<T: Codec> Codec for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.u8(0),
            Some(v) => {
                w.u8(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader) -> Option<Self> {
        match r.u8()? {
            0 => Some(None),
            1 => Some(Some(T::get(r)?)),
            _ => None,
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.u64(self.len() as u64);
        for v in self {
            v.put(w);
        }
    }
    fn get(r: &mut Reader) -> Option<Self> {
        let len = r.len()?;
        let mut out = Vec::with_capacity(len);
        for _ in 0..len {
            out.push(T::get(r)?);
        }
        Some(out)
    }
}

impl Codec for Pos {
    fn put(&self, w: &mut Writer) {
        let Pos { line, column } = self;
        line.put(w);
        column.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Pos { line: Codec::get(r)?, column: Codec::get(r)? })
    }
}

impl Codec for Period {
    fn put(&self, w: &mut Writer) {
        let Period { year, month } = self;
        year.put(w);
        month.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Period::new(Codec::get(r)?, Codec::get(r)?)
    }
}

impl Codec for Date {
    fn put(&self, w: &mut Writer) {
        let Date { year, month, day } = self;
        year.put(w);
        month.put(w);
        day.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Date { year: Codec::get(r)?, month: Codec::get(r)?, day: Codec::get(r)? })
    }
}

impl Codec for Status {
    fn put(&self, w: &mut Writer) {
        w.u8(match self {
            Status::Estimate => 0,
            Status::Preliminary => 1,
            Status::Final => 2,
        });
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Status::ALL.get(usize::from(r.u8()?)).copied()
    }
}

impl Codec for RevisionKind {
    fn put(&self, w: &mut Writer) {
        w.u8(match self {
            RevisionKind::Revision => 0,
            RevisionKind::Correction => 1,
        });
    }
    fn get(r: &mut Reader) -> Option<Self> {
        match r.u8()? {
            0 => Some(RevisionKind::Revision),
            1 => Some(RevisionKind::Correction),
            _ => None,
        }
    }
}

impl Codec for Signer {
    fn put(&self, w: &mut Writer) {
        let Signer { name, title, on_behalf } = self;
        name.put(w);
        title.put(w);
        on_behalf.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Signer { name: Codec::get(r)?, title: Codec::get(r)?, on_behalf: Codec::get(r)? })
    }
}

impl Codec for Source {
    fn put(&self, w: &mut Writer) {
        let Source { file, sha256, pos } = self;
        file.put(w);
        sha256.put(w);
        pos.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Source { file: Codec::get(r)?, sha256: Codec::get(r)?, pos: Codec::get(r)? })
    }
}

impl Codec for MetricValue {
    fn put(&self, w: &mut Writer) {
        let MetricValue { measure, value, pos } = self;
        measure.put(w);
        value.put(w);
        pos.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(MetricValue { measure: Codec::get(r)?, value: Codec::get(r)?, pos: Codec::get(r)? })
    }
}

impl Codec for Metric {
    fn put(&self, w: &mut Writer) {
        let Metric { indicator, pos, values } = self;
        indicator.put(w);
        pos.put(w);
        values.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Metric { indicator: Codec::get(r)?, pos: Codec::get(r)?, values: Codec::get(r)? })
    }
}

impl Codec for Revision {
    fn put(&self, w: &mut Writer) {
        let Revision {
            period,
            indicator,
            measure,
            value,
            kind,
            reason,
            publisher,
            status,
            pos,
            period_pos,
            indicator_pos,
            measure_pos,
            value_pos,
        } = self;
        period.put(w);
        indicator.put(w);
        measure.put(w);
        value.put(w);
        kind.put(w);
        reason.put(w);
        publisher.put(w);
        status.put(w);
        pos.put(w);
        period_pos.put(w);
        indicator_pos.put(w);
        measure_pos.put(w);
        value_pos.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Revision {
            period: Codec::get(r)?,
            indicator: Codec::get(r)?,
            measure: Codec::get(r)?,
            value: Codec::get(r)?,
            kind: Codec::get(r)?,
            reason: Codec::get(r)?,
            publisher: Codec::get(r)?,
            status: Codec::get(r)?,
            pos: Codec::get(r)?,
            period_pos: Codec::get(r)?,
            indicator_pos: Codec::get(r)?,
            measure_pos: Codec::get(r)?,
            value_pos: Codec::get(r)?,
        })
    }
}

impl Codec for Report {
    fn put(&self, w: &mut Writer) {
        let Report {
            file,
            period,
            publisher,
            title,
            number,
            issued,
            place,
            organization,
            signer,
            recipients,
            summary,
            tags,
            draft,
            source,
            metrics,
            status,
            revisions,
            body,
            body_line,
            period_pos,
        } = self;
        file.put(w);
        period.put(w);
        publisher.put(w);
        title.put(w);
        number.put(w);
        issued.put(w);
        place.put(w);
        organization.put(w);
        signer.put(w);
        recipients.put(w);
        summary.put(w);
        tags.put(w);
        draft.put(w);
        source.put(w);
        metrics.put(w);
        status.put(w);
        revisions.put(w);
        body.put(w);
        body_line.put(w);
        period_pos.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Report {
            file: Codec::get(r)?,
            period: Codec::get(r)?,
            publisher: Codec::get(r)?,
            title: Codec::get(r)?,
            number: Codec::get(r)?,
            issued: Codec::get(r)?,
            place: Codec::get(r)?,
            organization: Codec::get(r)?,
            signer: Codec::get(r)?,
            recipients: Codec::get(r)?,
            summary: Codec::get(r)?,
            tags: Codec::get(r)?,
            draft: Codec::get(r)?,
            source: Codec::get(r)?,
            metrics: Codec::get(r)?,
            status: Codec::get(r)?,
            revisions: Codec::get(r)?,
            body: Codec::get(r)?,
            body_line: Codec::get(r)?,
            period_pos: Codec::get(r)?,
        })
    }
}

impl Codec for BodyPart {
    fn put(&self, w: &mut Writer) {
        match self {
            BodyPart::Html(html) => {
                w.u8(0);
                html.put(w);
            }
            BodyPart::Metrics(ids) => {
                w.u8(1);
                ids.put(w);
            }
        }
    }
    fn get(r: &mut Reader) -> Option<Self> {
        match r.u8()? {
            0 => Some(BodyPart::Html(Codec::get(r)?)),
            1 => Some(BodyPart::Metrics(Codec::get(r)?)),
            _ => None,
        }
    }
}

impl Codec for Heading {
    fn put(&self, w: &mut Writer) {
        let Heading { level, id, text } = self;
        level.put(w);
        id.put(w);
        text.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(Heading { level: Codec::get(r)?, id: Codec::get(r)?, text: Codec::get(r)? })
    }
}

impl Codec for RenderedBody {
    fn put(&self, w: &mut Writer) {
        let RenderedBody { parts, headings, plain, first_paragraph } = self;
        parts.put(w);
        headings.put(w);
        plain.put(w);
        first_paragraph.put(w);
    }
    fn get(r: &mut Reader) -> Option<Self> {
        Some(RenderedBody {
            parts: Codec::get(r)?,
            headings: Codec::get(r)?,
            plain: Codec::get(r)?,
            first_paragraph: Codec::get(r)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        let text = "---\ntitle: Báo cáo tháng 8\nperiod: 2014-08\nnumber: 285/BC-STTTT\nissued: 2014-08-21\n\
                    signer: { name: Nguyễn Văn A, title: Giám đốc }\ntags: [viễn thông]\n---\n\n# Tình hình\n\nNội dung.\n";
        let mut diags = crate::diagnostics::Diagnostics::new();
        let config = crate::config::Config::parse(
            "title: T\nbase_url: https://example.org/\n",
            "site.yaml".as_ref(),
            &mut diags,
        )
        .expect("a config");
        let registry = crate::registry::Registry::default();
        crate::content::report::parse_report(text, "content/2014/2014-08.md".as_ref(), &config, &registry, &mut diags)
            .expect("a report")
    }

    #[test]
    fn a_report_and_its_body_come_back_the_same() {
        let report = report();
        let body = crate::content::markdown::render(&report.body, false);
        let mut w = Writer::default();
        report.put(&mut w);
        body.put(&mut w);
        let mut r = Reader::new(&w.bytes);
        assert_eq!(Report::get(&mut r), Some(report));
        assert_eq!(RenderedBody::get(&mut r), Some(body));
        assert!(r.is_empty());
    }

    #[test]
    fn damaged_bytes_are_refused_without_panicking() {
        let report = report();
        let mut w = Writer::default();
        report.put(&mut w);
        for cut in 0..w.bytes.len() {
            assert_eq!(Report::get(&mut Reader::new(&w.bytes[..cut])), None, "cut at {cut}");
        }
        // Every byte flipped: either refused or some report, never a panic.
        for i in 0..w.bytes.len() {
            let mut bytes = w.bytes.clone();
            bytes[i] ^= 0xff;
            let _ = Report::get(&mut Reader::new(&bytes));
        }
        let huge = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(Vec::<String>::get(&mut Reader::new(&huge)), None);
    }
}
