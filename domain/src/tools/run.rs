//! One use of a tool: read and check its input, compute the result, then
//! count the use. Invalid input is answered before anything is counted,
//! and a use over quota computes nothing the visitor receives.
use super::{
    catalogue::{self, ToolKind},
    estimate, quota, snippet, utm, whatsapp, Allowance, Fields, Visitor,
};
use crate::{entities::tool, error::DomainResult, Database, DomainError};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A tool's result, tagged by tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToolOutput {
    Whatsapp(whatsapp::ChatLink),
    Utm(utm::TaggedUrl),
    Estimate(estimate::Estimate),
    Snippet(snippet::SnippetReport),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolUse {
    pub tool: tool::Model,
    pub output: ToolOutput,
    /// The visitor's standing after this use.
    pub allowance: Allowance,
}

/// Uses the enabled tool `slug` with `input` for `visitor` at `now`.
/// Errors: `NotFound` (unknown or disabled tool), `Invalid` (by field),
/// `Refused(ToolQuotaExceeded)`.
pub async fn use_tool(
    db: &Database,
    slug: &str,
    visitor: Visitor,
    input: &Fields,
    now: DateTime<Utc>,
) -> DomainResult<ToolUse> {
    let (_, kind) = catalogue::find_enabled(db.reader(), slug).await?;
    let output = compute(db, kind, input).await?;
    let allowance = quota::count_use(db, slug, visitor, now).await?;
    // Read again after counting: the row the count used is the truth.
    let (tool, _) = catalogue::find_enabled(db.reader(), slug).await?;
    Ok(ToolUse {
        tool,
        output,
        allowance,
    })
}

async fn compute(db: &Database, kind: ToolKind, f: &Fields) -> DomainResult<ToolOutput> {
    Ok(match kind {
        ToolKind::Whatsapp => ToolOutput::Whatsapp(
            whatsapp::chat_link(f.get("nomor"), f.get("pesan")).map_err(DomainError::Invalid)?,
        ),
        ToolKind::Utm => {
            let mut values = [""; 5];
            for (i, (_, field)) in utm::PARAMS.iter().enumerate() {
                values[i] = f.get(field);
            }
            ToolOutput::Utm(
                utm::tag(&utm::UtmInput {
                    url: f.get("url"),
                    values,
                })
                .map_err(DomainError::Invalid)?,
            )
        }
        ToolKind::Estimate => {
            let rates = estimate::rates(db.reader()).await?;
            ToolOutput::Estimate(estimate::from_form(
                &rates,
                f.get("layanan"),
                f.get("halaman"),
                &f.all("fitur"),
            )?)
        }
        ToolKind::Snippet => ToolOutput::Snippet(
            snippet::check(f.get("judul"), f.get("deskripsi"), f.get("url"))
                .map_err(DomainError::Invalid)?,
        ),
    })
}
