//! The tools' catalogue rows and which code computes each.
use crate::{entities::tool, error::DomainResult, DomainError};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The tools this code computes, by slug. A catalogue row with another
/// slug is not a working tool and is never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolKind {
    Whatsapp,
    Utm,
    Estimate,
    Snippet,
}

impl ToolKind {
    pub const ALL: [ToolKind; 4] = [
        ToolKind::Whatsapp,
        ToolKind::Utm,
        ToolKind::Estimate,
        ToolKind::Snippet,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ToolKind::Whatsapp => "tautan-whatsapp",
            ToolKind::Utm => "pembuat-utm",
            ToolKind::Estimate => "estimasi-biaya-website",
            ToolKind::Snippet => "cek-snippet-seo",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// Enabled tools with code behind them, in their order.
pub async fn list_enabled(conn: &impl ConnectionTrait) -> DomainResult<Vec<tool::Model>> {
    Ok(tool::Entity::find()
        .filter(tool::Column::Enabled.eq(true))
        .order_by_asc(tool::Column::SortOrder)
        .order_by_asc(tool::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .filter(|t| ToolKind::from_slug(&t.slug).is_some())
        .collect())
}

/// The enabled tool `slug`; `NotFound` when unknown, disabled or without code.
pub async fn find_enabled(
    conn: &impl ConnectionTrait,
    slug: &str,
) -> DomainResult<(tool::Model, ToolKind)> {
    let kind = ToolKind::from_slug(slug).ok_or(DomainError::NotFound)?;
    let row = tool::Entity::find()
        .filter(tool::Column::Slug.eq(slug))
        .filter(tool::Column::Enabled.eq(true))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok((row, kind))
}
