//! SaaS bundles, at /saas/{slug}. Like products, `name` is the title and
//! `active` means "on sale"; `features` holds one feature per line.
use super::{common, fields::Parsed, products, FieldInput, FieldSpec, KindSpec, Publish, Row};
use crate::forms::FieldErrors;
use chrono::{DateTime, Utc};

/// The values of [`crate::entities::subscription::BillingPeriod`].
const PERIODS: &[(&str, &str)] = &[("monthly", "Bulanan"), ("yearly", "Tahunan")];

const FIELDS: &[FieldSpec] = &[
    common::NAME,
    common::SLUG,
    FieldSpec::new("tagline", "Tagline", FieldInput::Line { max: 300 }, true),
    FieldSpec::new("description_md", "Deskripsi", FieldInput::Markdown, true).help("Markdown."),
    FieldSpec::new("features", "Fitur", FieldInput::Text { max: 20_000 }, true)
        .help("Satu fitur per baris."),
    products::PRICE_IDR,
    products::PRICE_USD,
    FieldSpec::new(
        "period",
        "Periode langganan",
        FieldInput::Select(PERIODS),
        true,
    )
    .help("Yang dibeli satu pembayaran: sebulan atau setahun langganan. Berlaku untuk pembayaran berikutnya."),
    products::GITHUB_REPO,
    common::ACTIVE,
    common::SORT_ORDER,
];

pub(super) const SPEC: KindSpec = KindSpec {
    fields: FIELDS,
    title: "name",
    publish: Publish::Flag("active"),
    rules,
};

fn rules(row: &mut Row, errors: &mut FieldErrors, _: DateTime<Utc>) {
    products::check_github_repo(row, errors);
    if let Some(Parsed::Text(features)) = row.get_mut("features") {
        *features = feature_lines(features);
    }
}

/// One trimmed feature per line, blank lines dropped, `\n` line endings.
fn feature_lines(raw: &str) -> String {
    raw.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_one_per_line() {
        assert_eq!(feature_lines(" A \r\n\r\n B\n"), "A\nB");
    }
}
