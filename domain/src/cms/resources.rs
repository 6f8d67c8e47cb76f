//! Resources (guides, templates, …), at /resources/{slug}.
use super::{common, no_rules, FieldInput, FieldSpec, KindSpec, Publish};

const KINDS: &[(&str, &str)] = &[
    ("guide", "Panduan"),
    ("template", "Template"),
    ("checklist", "Checklist"),
    ("ebook", "E-book"),
    ("tool", "Tool"),
];

const FIELDS: &[FieldSpec] = &[
    common::TITLE,
    common::SLUG,
    FieldSpec::new("kind", "Jenis", FieldInput::Select(KINDS), true),
    common::SUMMARY,
    FieldSpec::new("body_md", "Isi", FieldInput::Markdown, false).help("Markdown."),
    FieldSpec::new("url", "URL unduhan/tautan", FieldInput::Url, false),
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
