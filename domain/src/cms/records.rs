//! What the CMS reads back: listing rows, edit-form records, the search.
use super::{ContentStatus, Values};
use chrono::{DateTime, Utc};

/// A row of the admin listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentSummary {
    pub id: i32,
    pub title: String,
    pub slug: String,
    pub status: ContentStatus,
    pub updated_at: DateTime<Utc>,
    /// Posts' and case studies' publication time.
    pub publish_at: Option<DateTime<Utc>>,
}

/// One item as its edit form shows it: every field of
/// [`ContentKind::fields`] is present in `values`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentRecord {
    pub id: i32,
    pub status: ContentStatus,
    pub values: Values,
    pub updated_at: DateTime<Utc>,
}

/// The admin listing's search: `q` matches title or slug, ignoring case;
/// `page` is 1-based.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub q: String,
    pub status: Option<ContentStatus>,
    pub page: u64,
    pub per_page: u64,
}
