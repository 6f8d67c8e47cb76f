//! Case studies, at /portfolio/case-studies/{slug}, optionally linked to a
//! portfolio item.
use super::{common, fields::Parsed, FieldInput, FieldSpec, KindSpec, Publish, Row};
use crate::forms::FieldErrors;
use chrono::{DateTime, Utc};

const FIELDS: &[FieldSpec] = &[
    common::TITLE,
    common::SLUG,
    FieldSpec::new(
        "portfolio_item_id",
        "ID item portofolio",
        FieldInput::Integer {
            min: 1,
            max: i32::MAX as i64,
        },
        false,
    )
    .help("Opsional: nomor item portofolio yang dibahas."),
    FieldSpec::new("client_name", "Klien", FieldInput::Line { max: 200 }, true),
    common::SUMMARY,
    common::BODY,
    common::COVER,
    FieldSpec::new("results", "Hasil", FieldInput::Line { max: 500 }, false)
        .help("Satu kalimat hasil utama, mis. \"Konversi naik 38%\"."),
    common::PUBLISHED,
    FieldSpec::new("publish_at", "Tanggal terbit", FieldInput::DateTime, false)
        .help("Waktu Jakarta (WIB). Kosongkan untuk memakai waktu saat diterbitkan."),
];

pub(super) const SPEC: KindSpec = KindSpec {
    fields: FIELDS,
    title: "title",
    publish: Publish::Flag("published"),
    rules,
};

/// A published case study without a date is dated now.
fn rules(row: &mut Row, _: &mut FieldErrors, now: DateTime<Utc>) {
    let published = row.get("published").is_some_and(Parsed::as_bool);
    if published && matches!(row.get("publish_at"), Some(Parsed::Time(None))) {
        row.insert("publish_at", Parsed::Time(Some(now)));
    }
}
