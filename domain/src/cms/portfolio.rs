//! Portfolio items, listed on /portfolio (no page of their own).
use super::{common, no_rules, FieldInput, FieldSpec, KindSpec, Publish};

const FIELDS: &[FieldSpec] = &[
    common::TITLE,
    common::SLUG,
    FieldSpec::new("client_name", "Klien", FieldInput::Line { max: 200 }, true),
    FieldSpec::new("category", "Kategori", FieldInput::Line { max: 80 }, true),
    common::SUMMARY,
    common::COVER,
    FieldSpec::new("project_url", "URL proyek", FieldInput::Url, false),
    FieldSpec::new("tags", "Tag", FieldInput::Tags, false).help("Pisahkan dengan koma."),
    FieldSpec::new(
        "year",
        "Tahun",
        FieldInput::Integer {
            min: 1990,
            max: 2100,
        },
        true,
    ),
    common::FEATURED,
    common::PUBLISHED,
    common::SORT_ORDER,
];

pub(super) const SPEC: KindSpec = KindSpec {
    fields: FIELDS,
    title: "title",
    publish: Publish::Flag("published"),
    rules: no_rules,
};
