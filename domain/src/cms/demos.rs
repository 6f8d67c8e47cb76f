//! Live demos, listed on /demos (no page of their own).
use super::{common, no_rules, FieldInput, FieldSpec, KindSpec, Publish};

const FIELDS: &[FieldSpec] = &[
    common::TITLE,
    common::SLUG,
    common::SUMMARY,
    FieldSpec::new(
        "tech_stack",
        "Teknologi",
        FieldInput::Line { max: 300 },
        true,
    )
    .help("Mis. Rust, Leptos, PostgreSQL."),
    FieldSpec::new("demo_url", "URL demo", FieldInput::Url, false),
    common::COVER,
    common::PUBLISHED,
    common::SORT_ORDER,
];

pub(super) const SPEC: KindSpec = KindSpec {
    fields: FIELDS,
    title: "title",
    publish: Publish::Flag("published"),
    rules: no_rules,
};
