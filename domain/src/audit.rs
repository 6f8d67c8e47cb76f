//! The admin audit trail: every change made in the admin (or by the CLI and
//! the scheduler) is written in the same transaction as the change itself,
//! so the trail never claims a change that was rolled back.
use crate::{
    content::{newest_page, search_any, Page},
    entities::audit_entry,
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

/// Who did something. `label` is the admin's e-mail, or `cli`/`scheduler`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub admin_id: Option<i32>,
    pub label: String,
    pub ip: Option<String>,
}

impl Actor {
    pub fn admin(admin_id: i32, email: &str, ip: Option<String>) -> Self {
        Self {
            admin_id: Some(admin_id),
            label: email.to_owned(),
            ip,
        }
    }

    pub fn system(label: &str) -> Self {
        Self {
            admin_id: None,
            label: label.to_owned(),
            ip: None,
        }
    }
}

/// Longest summary kept; long markdown bodies are summarised, not copied.
const SUMMARY_MAX_CHARS: usize = 2000;
/// Longest value quoted in a before/after summary.
const VALUE_MAX_CHARS: usize = 80;

pub async fn record(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    target_type: &str,
    target_id: Option<i32>,
    summary: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_entry::Entity::insert(audit_entry::ActiveModel {
        admin_id: Set(actor.admin_id),
        actor: Set(actor.label.chars().take(254).collect()),
        action: Set(action.to_owned()),
        target_type: Set(target_type.to_owned()),
        target_id: Set(target_id),
        summary: Set(summary.chars().take(SUMMARY_MAX_CHARS).collect()),
        ip: Set(actor.ip.clone()),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

fn quote(value: &str) -> String {
    let mut v: String = value.chars().take(VALUE_MAX_CHARS).collect();
    if value.chars().count() > VALUE_MAX_CHARS {
        v.push('…');
    }
    format!("«{v}»")
}

/// "field: «old» → «new»" for every field whose value changed, in the
/// order of `after`; "tidak ada perubahan" when none did.
pub fn changes(before: &[(&str, String)], after: &[(&str, String)]) -> String {
    let parts: Vec<String> = after
        .iter()
        .filter_map(|(field, new)| {
            let old = before.iter().find(|(f, _)| f == field).map(|(_, v)| v);
            match old {
                Some(old) if old == new => None,
                Some(old) => Some(format!("{field}: {} → {}", quote(old), quote(new))),
                None => Some(format!("{field}: {}", quote(new))),
            }
        })
        .collect();
    if parts.is_empty() {
        "tidak ada perubahan".to_owned()
    } else {
        parts.join("; ")
    }
}

/// Newest first; `query` matches the actor, the action or the summary.
pub async fn list(
    db: &Database,
    query: &str,
    page: u64,
    per_page: u64,
) -> DomainResult<Page<audit_entry::Model>> {
    let mut find = audit_entry::Entity::find();
    let cols = [
        audit_entry::Column::Actor,
        audit_entry::Column::Action,
        audit_entry::Column::Summary,
    ];
    if let Some(search) = search_any(&cols, query) {
        find = find.filter(search);
    }
    let order = (audit_entry::Column::CreatedAt, audit_entry::Column::Id);
    newest_page(db, find, order, page, per_page).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_lists_only_changed_fields() {
        let before = [("title", "Lama".to_owned()), ("price", "100".to_owned())];
        let after = [("title", "Lama".to_owned()), ("price", "150".to_owned())];
        assert_eq!(changes(&before, &after), "price: «100» → «150»");
        assert_eq!(changes(&after, &after), "tidak ada perubahan");
        assert_eq!(changes(&[], &after[..1]), "title: «Lama»");
    }

    #[test]
    fn long_values_are_cut() {
        let long = "x".repeat(500);
        let s = changes(&[], &[("body", long)]);
        assert!(s.chars().count() < 100, "{s}");
        assert!(s.ends_with("…»"));
    }
}
