//! "Pesan layanan": the member's brief creates a service order waiting for
//! the admin's quote; the admins are e-mailed.
use super::{event, link, mail_admins, member_actor, By};
use crate::{
    audit,
    deliverables::{
        files::{check_file, content_type, discard, store},
        Deliverables, FileRules,
    },
    entities::{
        service,
        service_order::{self, ServiceOrderState},
        service_order_event::EventKind,
        service_order_file::{self, FileRole},
    },
    error::{DomainError, DomainResult},
    forms::FieldErrors,
    jakarta,
    mail::service_orders as service_mail,
    orders::{Buyer, Site},
    Database,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

/// At most this many files with one brief.
pub const MAX_ATTACHMENTS: usize = 5;
/// A brief's file is at most this big (or `DELIVERABLE_MAX_MB` if smaller).
pub const ATTACHMENT_MAX_BYTES: u64 = 20 * 1024 * 1024;
/// The longest brief kept.
pub const BRIEF_MAX_CHARS: usize = 5000;
/// The largest budget one can type (Rp 100 miliar): beyond it is a typo.
const BUDGET_MAX_IDR: i64 = 100_000_000_000;

/// A file sent with the brief.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The brief form, as typed.
#[derive(Debug, Clone, Default)]
pub struct BriefInput {
    pub service_slug: String,
    /// What is needed.
    pub brief: String,
    /// Rupiah, as typed ("5.000.000", "Rp 5000000").
    pub budget_min: String,
    pub budget_max: String,
    /// `YYYY-MM-DD`, a Jakarta calendar day.
    pub deadline: String,
    pub attachments: Vec<Attachment>,
}

/// Rupiah as people type it: digits with optional dots or spaces and "Rp".
pub(crate) fn parse_rupiah(raw: &str) -> Option<i64> {
    let digits: String = raw
        .trim()
        .trim_start_matches("Rp")
        .trim_start_matches("rp")
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | ','))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The brief checked: (brief, budget min, budget max, deadline).
fn validate(
    input: &BriefInput,
    now: DateTime<Utc>,
) -> Result<(String, i64, i64, NaiveDate), FieldErrors> {
    let mut errors = FieldErrors::default();
    let brief = input.brief.trim().to_owned();
    if brief.chars().count() < 20 {
        errors.add(
            "brief",
            "Ceritakan kebutuhanmu minimal 20 karakter: apa yang dibuat, untuk siapa, dan contohnya.",
        );
    } else if brief.chars().count() > BRIEF_MAX_CHARS {
        errors.add(
            "brief",
            format!("Brief maksimal {BRIEF_MAX_CHARS} karakter."),
        );
    }
    let min = parse_rupiah(&input.budget_min);
    let max = parse_rupiah(&input.budget_max);
    match min {
        Some(v) if v > 0 && v <= BUDGET_MAX_IDR => {}
        _ => errors.add(
            "budget_min",
            "Isi anggaran terendah dalam Rupiah, misalnya 5.000.000.",
        ),
    }
    match (min, max) {
        (_, Some(v)) if v <= 0 || v > BUDGET_MAX_IDR => errors.add(
            "budget_max",
            "Isi anggaran tertinggi dalam Rupiah, misalnya 15.000.000.",
        ),
        (Some(lo), Some(hi)) if hi < lo => errors.add(
            "budget_max",
            "Anggaran tertinggi tidak boleh lebih kecil dari anggaran terendah.",
        ),
        (_, None) => errors.add(
            "budget_max",
            "Isi anggaran tertinggi dalam Rupiah, misalnya 15.000.000.",
        ),
        _ => {}
    }
    let deadline = NaiveDate::parse_from_str(input.deadline.trim(), "%Y-%m-%d").ok();
    match deadline {
        None => errors.add("deadline", "Pilih tanggal tenggat."),
        Some(d) if d <= jakarta::date(now) => {
            errors.add("deadline", "Tenggat harus setelah hari ini.")
        }
        Some(_) => {}
    }
    if input.attachments.len() > MAX_ATTACHMENTS {
        errors.add(
            "attachments",
            format!("Lampirkan paling banyak {MAX_ATTACHMENTS} file."),
        );
    }
    match (errors.is_empty(), min, max, deadline) {
        (true, Some(lo), Some(hi), Some(d)) => Ok((brief, lo, hi, d)),
        _ => Err(errors),
    }
}

/// The member `buyer` orders service `input.service_slug` (published) with
/// a brief: the order (`briefed`), its attachments in private storage
/// (`rules`' whitelist, at most [`ATTACHMENT_MAX_BYTES`] each), the
/// timeline's first line, the audit row and the admins' e-mail, in one
/// transaction. Bad input writes nothing and keeps no file.
pub async fn submit_brief(
    db: &Database,
    d: &Deliverables,
    rules: &FileRules,
    site: &Site,
    buyer: &Buyer,
    input: &BriefInput,
    now: DateTime<Utc>,
) -> DomainResult<service_order::Model> {
    let service = service::Entity::find()
        .filter(service::Column::Slug.eq(input.service_slug.trim()))
        .filter(service::Column::Published.eq(true))
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let (brief, budget_min, budget_max, deadline) =
        validate(input, now).map_err(DomainError::Invalid)?;
    let member_rules = FileRules {
        extensions: rules.extensions.clone(),
        max_bytes: rules.max_bytes.min(ATTACHMENT_MAX_BYTES),
    };
    let mut checked = Vec::new();
    for a in &input.attachments {
        let (name, ext) = check_file(
            &member_rules,
            "attachments",
            &a.name,
            &a.bytes,
            "File lampiran kosong. Pilih file lain.",
        )?;
        checked.push((name, ext, a));
    }
    let mut written: Vec<String> = Vec::new();
    let mut stored = Vec::new();
    for (name, ext, a) in checked {
        match store(d, &ext, &a.bytes).await {
            Ok(stored_name) => {
                written.push(stored_name.clone());
                stored.push((name, ext, stored_name, a.bytes.len() as i64));
            }
            Err(e) => {
                remove_all(d, &written).await;
                return Err(e);
            }
        }
    }
    let result = async {
        let txn = db.writer().begin().await?;
        let (name, email) = super::member_of(&txn, buyer.user_id).await?;
        let order = service_order::Entity::insert(service_order::ActiveModel {
            user_id: Set(buyer.user_id),
            service_slug: Set(service.slug.clone()),
            service_title: Set(service.title.clone()),
            brief: Set(brief.clone()),
            budget_min_idr: Set(budget_min),
            budget_max_idr: Set(budget_max),
            deadline: Set(deadline),
            state: Set(ServiceOrderState::Briefed),
            quote_price_idr: Set(None),
            quote_scope: Set(None),
            quote_valid_until: Set(None),
            quoted_at: Set(None),
            order_id: Set(None),
            completed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec_with_returning(&txn)
        .await?;
        for (file_name, ext, stored_name, size) in &stored {
            service_order_file::Entity::insert(service_order_file::ActiveModel {
                service_order_id: Set(order.id),
                role: Set(FileRole::Brief),
                file_name: Set(file_name.clone()),
                stored_name: Set(stored_name.clone()),
                content_type: Set(content_type(ext).to_owned()),
                size_bytes: Set(*size),
                approval: Set(None),
                revision_comment: Set(None),
                decided_at: Set(None),
                created_at: Set(now),
                ..Default::default()
            })
            .exec_without_returning(&txn)
            .await?;
        }
        let note = match stored.len() {
            0 => String::new(),
            n => format!("{n} lampiran"),
        };
        event(
            &txn,
            order.id,
            EventKind::BriefSubmitted,
            By::Member(buyer.user_id),
            &note,
            None,
            now,
        )
        .await?;
        audit::record(
            &txn,
            &member_actor(&email),
            "service_order.brief",
            "service_order",
            Some(order.id),
            &format!("memesan layanan {} (#{})", service.title, order.id),
            now,
        )
        .await?;
        let page = link(site, &super::admin_path(order.id));
        let who = format!("{name} <{email}>");
        mail_admins(
            &txn,
            |to| service_mail::brief_to_admin(to, &order, &who, &page),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok::<_, DomainError>(order)
    }
    .await;
    if result.is_err() {
        remove_all(d, &written).await;
    }
    result
}

/// Removes files written for a step that did not commit.
async fn remove_all(d: &Deliverables, stored_names: &[String]) {
    for name in stored_names {
        discard(d, name).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> BriefInput {
        BriefInput {
            service_slug: "website".into(),
            brief: "Website profil perusahaan lima halaman dengan formulir kontak.".into(),
            budget_min: "5.000.000".into(),
            budget_max: "Rp 15000000".into(),
            deadline: "2026-03-01".into(),
            attachments: Vec::new(),
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-01-10T03:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_good_brief_reads_rupiah_as_typed() {
        let (_, lo, hi, d) = validate(&input(), now()).unwrap();
        assert_eq!((lo, hi), (5_000_000, 15_000_000));
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
    }

    #[test]
    fn every_field_is_checked_at_once() {
        let bad = BriefInput {
            brief: "web".into(),
            budget_min: "lima juta".into(),
            budget_max: "-1".into(),
            deadline: "2026-01-10".into(),
            ..input()
        };
        let e = validate(&bad, now()).unwrap_err();
        for f in ["brief", "budget_min", "budget_max", "deadline"] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
        let upside_down = BriefInput {
            budget_min: "9000000".into(),
            budget_max: "1000000".into(),
            ..input()
        };
        let e = validate(&upside_down, now()).unwrap_err();
        assert!(e.get("budget_max").unwrap().contains("lebih kecil"));
        // Today in Jakarta is not in the future; tomorrow is.
        let today = BriefInput {
            deadline: "2026-01-10".into(),
            ..input()
        };
        assert!(validate(&today, now()).is_err());
        let tomorrow = BriefInput {
            deadline: "2026-01-11".into(),
            ..input()
        };
        assert!(validate(&tomorrow, now()).is_ok());
    }
}
