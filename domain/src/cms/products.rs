//! Digital products in the shop, at /products/{slug}. `name` is the title
//! and `active` means "on sale".
use super::{common, fields::Parsed, FieldInput, FieldSpec, KindSpec, Publish, Row};
use crate::forms::FieldErrors;
use chrono::{DateTime, Utc};

/// The values of [`crate::entities::DeliveryType`].
const DELIVERY_TYPES: &[(&str, &str)] = &[
    ("web_access", "Akses web"),
    ("email_file", "Berkas lewat email"),
    ("github_invite", "Undangan repo GitHub"),
    ("license_key", "Kunci lisensi"),
    ("manual", "Manual oleh tim"),
];

pub(super) const PRICE_IDR: FieldSpec =
    FieldSpec::new("price_idr", "Harga (Rp)", FieldInput::MoneyIdr, true)
        .help("Rupiah tanpa desimal, mis. 1500000.");
pub(super) const PRICE_USD: FieldSpec = FieldSpec::new(
    "price_usd_cents",
    "Harga USD (sen)",
    FieldInput::UsdCents,
    false,
)
.help("Dalam sen: 1250 berarti US$12.50. Kosongkan bila hanya dijual dalam rupiah.");
pub(super) const GITHUB_REPO: FieldSpec = FieldSpec::new(
    "github_repo",
    "Repo GitHub",
    FieldInput::Line { max: 200 },
    false,
)
.help("Format pemilik/nama-repo, untuk pengiriman lewat undangan GitHub.");

/// Copied into each licence when it is delivered; an empty value (stored
/// as 0) means `licenses::DEFAULT_ACTIVATION_LIMIT`.
const ACTIVATION_LIMIT: FieldSpec = FieldSpec::new(
    "license_activation_limit",
    "Batas aktivasi lisensi",
    FieldInput::Integer { min: 1, max: 1000 },
    false,
)
.help("Untuk kunci lisensi: di berapa perangkat atau situs satu kunci boleh aktif. Kosong berarti 1. Berlaku untuk lisensi yang terkirim sesudahnya.");

/// The values of [`crate::entities::subscription::BillingPeriod`]; empty
/// for a product bought once.
const PERIODS: &[(&str, &str)] = &[("monthly", "Bulanan"), ("yearly", "Tahunan")];

const PERIOD: FieldSpec = FieldSpec::new(
    "period",
    "Langganan lisensi",
    FieldInput::Select(PERIODS),
    false,
)
.help("Untuk kunci lisensi yang dijual per periode: tiap pembayaran memperpanjang lisensi pembeli. Kosong berarti sekali beli, berlaku selamanya.");

const FIELDS: &[FieldSpec] = &[
    common::NAME,
    common::SLUG,
    FieldSpec::new("tagline", "Tagline", FieldInput::Line { max: 300 }, true),
    FieldSpec::new("description_md", "Deskripsi", FieldInput::Markdown, true).help("Markdown."),
    FieldSpec::new("category", "Kategori", FieldInput::Line { max: 80 }, true),
    PRICE_IDR,
    PRICE_USD,
    FieldSpec::new(
        "delivery_type",
        "Cara pengiriman",
        FieldInput::Select(DELIVERY_TYPES),
        true,
    ),
    FieldSpec::new(
        "delivery_note",
        "Yang diterima pembeli",
        FieldInput::Text { max: 500 },
        true,
    ),
    GITHUB_REPO,
    ACTIVATION_LIMIT,
    PERIOD,
    common::COVER,
    common::FEATURED,
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
    check_github_repo(row, errors);
    check_period(row, errors);
}

/// Only a licence can run out with its subscription: the other delivery
/// types are kept for good once delivered.
fn check_period(row: &Row, errors: &mut FieldErrors) {
    let period = row.get("period").map(Parsed::as_text).unwrap_or("");
    let delivery = row.get("delivery_type").map(Parsed::as_text).unwrap_or("");
    if !period.is_empty() && delivery != "license_key" {
        errors.add(
            "period",
            "Langganan hanya untuk produk dengan kunci lisensi. Kosongkan, atau pilih pengiriman kunci lisensi.",
        );
    }
}

/// "owner/repo" as GitHub allows them: owner of letters, digits and inner
/// hyphens (at most 39), repo of letters, digits, `.`, `-`, `_`.
pub(super) fn is_github_repo(value: &str) -> bool {
    let Some((owner, repo)) = value.split_once('/') else {
        return false;
    };
    let owner_ok = (1..=39).contains(&owner.len())
        && !owner.starts_with('-')
        && !owner.ends_with('-')
        && owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let repo_ok = (1..=100).contains(&repo.len())
        && repo != "."
        && repo != ".."
        && repo
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    owner_ok && repo_ok
}

pub(super) fn check_github_repo(row: &Row, errors: &mut FieldErrors) {
    let repo = row.get("github_repo").map(Parsed::as_text).unwrap_or("");
    if !repo.is_empty() && !is_github_repo(repo) {
        errors.add(
            "github_repo",
            "Repo GitHub harus berformat pemilik/nama-repo, mis. tiranyx/starter-kit.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_repos() {
        for ok in ["tiranyx/starter-kit", "a/b", "Org-1/repo.rs", "x/_y"] {
            assert!(is_github_repo(ok), "{ok}");
        }
        for bad in [
            "tiranyx",
            "/repo",
            "owner/",
            "-x/y",
            "a/b/c",
            "a/..",
            "a b/c",
            "https://github.com/a/b",
        ] {
            assert!(!is_github_repo(bad), "{bad}");
        }
    }
}
