//! Blog posts: draft, scheduled for a time, or published. The public sees a
//! post when it is published and its `published_at` has passed (see
//! [`crate::content::posts::visible_condition`]); scheduled posts are
//! flipped to published by [`super::publish_due_posts`].
use super::{common, fields::Parsed, FieldInput, FieldSpec, KindSpec, Publish, Row};
use crate::forms::FieldErrors;
use chrono::{DateTime, Utc};

const STATUSES: &[(&str, &str)] = &[
    ("draft", "Draf"),
    ("scheduled", "Terjadwal"),
    ("published", "Terbit"),
];

const FIELDS: &[FieldSpec] = &[
    common::TITLE,
    common::SLUG,
    FieldSpec::new("excerpt", "Ringkasan", FieldInput::Text { max: 500 }, true)
        .help("Tampil di daftar artikel dan sebagai cuplikan."),
    FieldSpec::new("body_md", "Isi artikel", FieldInput::Markdown, true).help("Markdown."),
    common::COVER,
    FieldSpec::new("category", "Kategori", FieldInput::Line { max: 80 }, true),
    FieldSpec::new("tags", "Tag", FieldInput::Tags, false).help("Pisahkan dengan koma."),
    FieldSpec::new(
        "author_name",
        "Penulis",
        FieldInput::Line { max: 120 },
        true,
    ),
    FieldSpec::new(
        "seo_title",
        "Judul SEO",
        FieldInput::Line { max: 200 },
        false,
    )
    .help("Kosongkan untuk memakai judul."),
    FieldSpec::new(
        "seo_description",
        "Deskripsi SEO",
        FieldInput::Text { max: 320 },
        false,
    )
    .help("Kosongkan untuk memakai ringkasan."),
    FieldSpec::new("status", "Status", FieldInput::Select(STATUSES), true),
    FieldSpec::new("publish_at", "Waktu terbit", FieldInput::DateTime, false).help(
        "Waktu Jakarta (WIB). Wajib untuk artikel terjadwal; \
         kosongkan saat menerbitkan untuk memakai waktu sekarang.",
    ),
];

pub(super) const SPEC: KindSpec = KindSpec {
    fields: FIELDS,
    title: "title",
    publish: Publish::Status,
    rules,
};

/// A scheduled post needs its time; a published one without a time is
/// published now; a draft keeps whatever time was typed.
fn rules(row: &mut Row, errors: &mut FieldErrors, now: DateTime<Utc>) {
    let publish_at = row.get("publish_at").and_then(Parsed::as_time);
    let status = row.get("status").map(Parsed::as_text);
    match status {
        Some("scheduled") if publish_at.is_none() && row.contains_key("publish_at") => {
            errors.add(
                "publish_at",
                "Waktu terbit wajib diisi untuk artikel terjadwal.",
            );
        }
        Some("published") if publish_at.is_none() && row.contains_key("publish_at") => {
            row.insert("publish_at", Parsed::Time(Some(now)));
        }
        _ => {}
    }
}
