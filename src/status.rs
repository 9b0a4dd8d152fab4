//! The vintage of a figure ([`Status`]: estimate, preliminary, final) and
//! the reading of a `status:` value, in a report or as site.yaml's default.
//!
//! Its own module because three readers need it (`config`, `content::report`,
//! `content::revision`) and the pages, charts and open data show it.

use crate::content::fields::Fields;
use crate::content::yaml::Pos;
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};

/// The vintage of a figure (Vietnamese statistics law: ước tính, sơ bộ, chính thức).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Estimate,
    Preliminary,
    #[default]
    Final,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Estimate, Status::Preliminary, Status::Final];

    pub fn parse(text: &str) -> Option<Status> {
        match text.trim() {
            "estimate" => Some(Status::Estimate),
            "preliminary" => Some(Status::Preliminary),
            "final" => Some(Status::Final),
            _ => None,
        }
    }

    /// The word of the contract and of open data: `estimate`, `preliminary`, `final`.
    pub fn id(self) -> &'static str {
        match self {
            Status::Estimate => "estimate",
            Status::Preliminary => "preliminary",
            Status::Final => "final",
        }
    }

    pub fn is_final(self) -> bool {
        self == Status::Final
    }
}

/// Reads a `status:` value (report or site.yaml).
pub fn read(fields: &Fields, diags: &mut Diagnostics) -> Option<Status> {
    let text = fields.string("status", diags)?;
    let parsed = Status::parse(&text);
    if parsed.is_none() {
        let pos = fields.get("status").map_or(Pos::default(), |n| n.pos);
        let ids: Vec<&str> = Status::ALL.iter().map(|s| s.id()).collect();
        diags.push(
            Diagnostic::error(
                fields.file(),
                pos,
                format!("status \"{text}\" is not one of estimate, preliminary, final"),
            )
            .with_hint(format!(
                "write `status: estimate`, `status: preliminary` or `status: final` ({})",
                suggestion(&text, &ids)
            )),
        );
    }
    parsed
}
