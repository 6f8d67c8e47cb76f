//! The waitlists: who waits for which product, and a CSV export.
use crate::{
    audit::{self, Actor},
    content::{newest_page, search_any, Page},
    entities::waitlist_entry,
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

/// Every product slug that has entries, with how many, by slug.
pub async fn products(db: &Database) -> DomainResult<Vec<(String, u64)>> {
    let rows: Vec<(String, i64)> = waitlist_entry::Entity::find()
        .select_only()
        .column(waitlist_entry::Column::ProductSlug)
        .column_as(waitlist_entry::Column::Id.count(), "n")
        .group_by(waitlist_entry::Column::ProductSlug)
        .order_by_asc(waitlist_entry::Column::ProductSlug)
        .into_tuple()
        .all(db.reader())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(slug, n)| (slug, n.max(0) as u64))
        .collect())
}

fn filtered(product_slug: Option<&str>) -> sea_orm::Select<waitlist_entry::Entity> {
    let mut find = waitlist_entry::Entity::find();
    if let Some(slug) = product_slug {
        find = find.filter(waitlist_entry::Column::ProductSlug.eq(slug));
    }
    find
}

/// Newest first; `q` matches the e-mail address or the name.
pub async fn list(
    db: &Database,
    product_slug: Option<&str>,
    q: &str,
    page: u64,
    per_page: u64,
) -> DomainResult<Page<waitlist_entry::Model>> {
    let mut find = filtered(product_slug);
    if let Some(search) = search_any(
        &[waitlist_entry::Column::Email, waitlist_entry::Column::Name],
        q,
    ) {
        find = find.filter(search);
    }
    let order = (
        waitlist_entry::Column::CreatedAt,
        waitlist_entry::Column::Id,
    );
    newest_page(db, find, order, page, per_page).await
}

/// A cell that a spreadsheet would not run as a formula: text starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.
pub fn safe_cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// An admin exports the entries as CSV (`product,email,name,joined_at`),
/// oldest first, with `joined_at` in RFC 3339 UTC: read and audited
/// (`waitlist.export`) in one transaction, so there is no export without
/// its audit row. Cells are quoted by the csv writer and defused against
/// formula injection.
pub async fn export_csv(
    db: &Database,
    actor: &Actor,
    product_slug: Option<&str>,
    now: DateTime<Utc>,
) -> DomainResult<String> {
    let txn = db.writer().begin().await?;
    let entries = filtered(product_slug)
        .order_by_asc(waitlist_entry::Column::CreatedAt)
        .order_by_asc(waitlist_entry::Column::Id)
        .all(&txn)
        .await?;
    let summary = format!(
        "mengunduh CSV waitlist {}",
        product_slug.unwrap_or("semua produk")
    );
    audit::record(
        &txn,
        actor,
        "waitlist.export",
        "waitlist",
        None,
        &summary,
        now,
    )
    .await?;
    let csv = to_csv(&entries)?;
    txn.commit().await?;
    Ok(csv)
}

fn to_csv(entries: &[waitlist_entry::Model]) -> DomainResult<String> {
    let csv_err =
        |e: &dyn std::fmt::Display| DomainError::Internal(format!("writing the CSV: {e}"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["product", "email", "name", "joined_at"])
        .map_err(|e| csv_err(&e))?;
    for e in entries {
        out.write_record([
            safe_cell(&e.product_slug),
            safe_cell(&e.email),
            safe_cell(e.name.as_deref().unwrap_or_default()),
            e.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        ])
        .map_err(|e| csv_err(&e))?;
    }
    let bytes = out.into_inner().map_err(|e| csv_err(&e))?;
    String::from_utf8(bytes).map_err(|e| csv_err(&e))
}

#[cfg(test)]
mod tests {
    use super::safe_cell;

    #[test]
    fn formula_cells_are_defused() {
        for (raw, safe) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+62 812", "'+62 812"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Dewi", "Dewi"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(safe_cell(raw), safe, "{raw:?}");
        }
    }
}
