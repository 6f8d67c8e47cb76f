//! The agency's services, at /services/{slug}.
use super::{common, no_rules, FieldInput, FieldSpec, KindSpec, Publish};

const FIELDS: &[FieldSpec] = &[
    common::TITLE,
    common::SLUG,
    common::SUMMARY,
    common::BODY,
    FieldSpec::new("icon", "Ikon", FieldInput::Line { max: 64 }, true)
        .help("Nama ikon, mis. code, search, cart."),
    FieldSpec::new(
        "price_from_idr",
        "Harga mulai (Rp)",
        FieldInput::MoneyIdr,
        false,
    )
    .help("Kosongkan bila harga dibahas per proyek."),
    common::SORT_ORDER,
    common::PUBLISHED,
];

pub(super) const SPEC: KindSpec = KindSpec {
    fields: FIELDS,
    title: "title",
    publish: Publish::Flag("published"),
    rules: no_rules,
};
