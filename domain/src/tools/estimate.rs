//! Website-cost estimate from the agency's own price list: the chosen
//! service's `price_from_idr` (published services with a price) is the
//! base and covers [`INCLUDED_PAGES`] pages; each page beyond adds
//! [`EXTRA_PAGE_PERCENT`] % of the base, each chosen feature its own
//! share of the base ([`FEATURES`]). The total is rounded up to a whole
//! Rp 100.000, and the range's top is 25 % above it: the spread we see
//! between a first estimate and a final quote.
use crate::{
    entities::service,
    error::{DomainError, DomainResult},
    forms::FieldErrors,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

pub const INCLUDED_PAGES: u32 = 5;
pub const EXTRA_PAGE_PERCENT: i64 = 6;
pub const MAX_PAGES: u32 = 200;
const ROUND_TO: i64 = 100_000;
const RANGE_PERCENT: i64 = 25;

/// Feature key (form value), label, share of the base in percent.
pub const FEATURES: [(&str, &str, i64); 7] = [
    (
        "pembayaran",
        "Pembayaran online (Midtrans, transfer, e-wallet)",
        30,
    ),
    ("akun", "Area member / login pelanggan", 35),
    ("reservasi", "Formulir pemesanan atau reservasi", 25),
    ("multibahasa", "Dua bahasa (Indonesia & Inggris)", 20),
    ("blog", "Blog / artikel yang bisa diisi sendiri", 15),
    ("seo", "Optimasi SEO dasar & Google Search Console", 10),
    ("whatsapp", "Tombol chat & notifikasi WhatsApp", 5),
];

/// A service that can be priced: published, with a starting price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub slug: String,
    pub title: String,
    pub price_from_idr: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub label: String,
    pub amount_idr: i64,
    /// `money::rupiah(amount_idr)`.
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub service_slug: String,
    pub service_title: String,
    pub pages: u32,
    pub lines: Vec<Line>,
    pub total_idr: i64,
    pub total: String,
    pub upper_idr: i64,
    pub upper: String,
}

/// The published services with a price, in the site's order.
pub async fn rates(conn: &impl ConnectionTrait) -> DomainResult<Vec<Rate>> {
    Ok(service::Entity::find()
        .filter(service::Column::Published.eq(true))
        .filter(service::Column::PriceFromIdr.is_not_null())
        .order_by_asc(service::Column::SortOrder)
        .order_by_asc(service::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|s| {
            Some(Rate {
                price_from_idr: s.price_from_idr.filter(|p| *p > 0)?,
                slug: s.slug,
                title: s.title,
            })
        })
        .collect())
}

/// Reads the form (`layanan`, `halaman`, `fitur` …) against `rates` and
/// computes the estimate.
pub fn from_form(
    rates: &[Rate],
    service_slug: &str,
    pages: &str,
    features: &[&str],
) -> Result<Estimate, DomainError> {
    let mut errors = FieldErrors::default();
    let rate = rates.iter().find(|r| r.slug == service_slug);
    if rate.is_none() {
        errors.add("layanan", "Pilih salah satu layanan dari daftar.");
    }
    let pages = match pages.parse::<u32>() {
        Ok(n) if (1..=MAX_PAGES).contains(&n) => Some(n),
        _ => {
            errors.add(
                "halaman",
                format!("Jumlah halaman harus angka bulat 1 sampai {MAX_PAGES}."),
            );
            None
        }
    };
    let mut chosen = Vec::new();
    for f in features {
        match FEATURES.iter().position(|(key, _, _)| key == f) {
            Some(i) if !chosen.contains(&i) => chosen.push(i),
            Some(_) => {}
            None => errors.add("fitur", "Ada fitur yang tidak dikenal. Pilih dari daftar."),
        }
    }
    match (rate, pages) {
        (Some(rate), Some(pages)) if errors.is_empty() => {
            chosen.sort_unstable();
            Ok(estimate(rate, pages, &chosen))
        }
        _ => Err(DomainError::Invalid(errors)),
    }
}

/// The estimate for `rate`, `pages` pages and the features at `chosen`
/// (indices into [`FEATURES`]).
pub fn estimate(rate: &Rate, pages: u32, chosen: &[usize]) -> Estimate {
    let base = rate.price_from_idr;
    let mut lines = vec![line(
        format!("{} (termasuk {INCLUDED_PAGES} halaman)", rate.title),
        base,
    )];
    let extra = pages.saturating_sub(INCLUDED_PAGES);
    if extra > 0 {
        lines.push(line(
            format!("{extra} halaman tambahan × {EXTRA_PAGE_PERCENT}% harga dasar"),
            base * EXTRA_PAGE_PERCENT * i64::from(extra) / 100,
        ));
    }
    for &i in chosen {
        let (_, label, percent) = FEATURES[i];
        lines.push(line(format!("{label} ({percent}%)"), base * percent / 100));
    }
    let sum: i64 = lines.iter().map(|l| l.amount_idr).sum();
    let total_idr = round_up(sum);
    let upper_idr = round_up(total_idr + total_idr * RANGE_PERCENT / 100);
    Estimate {
        service_slug: rate.slug.clone(),
        service_title: rate.title.clone(),
        pages,
        lines,
        total_idr,
        total: money::rupiah(total_idr),
        upper_idr,
        upper: money::rupiah(upper_idr),
    }
}

fn line(label: String, amount_idr: i64) -> Line {
    Line {
        label,
        amount_idr,
        amount: money::rupiah(amount_idr),
    }
}

fn round_up(idr: i64) -> i64 {
    (idr + ROUND_TO - 1) / ROUND_TO * ROUND_TO
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates() -> Vec<Rate> {
        vec![Rate {
            slug: "pengembangan-website".into(),
            title: "Pengembangan Website".into(),
            price_from_idr: 3_500_000,
        }]
    }

    #[test]
    fn base_plus_pages_plus_features() {
        // 3.500.000 + 7 × 6 % (1.470.000) + payment 30 % (1.050.000) + SEO 10 %
        // (350.000) = 6.370.000 → 6.400.000; top 8.000.000.
        let e = from_form(
            &rates(),
            "pengembangan-website",
            "12",
            &["seo", "pembayaran", "seo"],
        )
        .unwrap();
        let amounts: Vec<i64> = e.lines.iter().map(|l| l.amount_idr).collect();
        assert_eq!(amounts, vec![3_500_000, 1_470_000, 1_050_000, 350_000]);
        assert_eq!((e.total_idr, e.upper_idr), (6_400_000, 8_000_000));
        assert_eq!(e.total, money::rupiah(6_400_000));
        assert!(e.lines[2].label.starts_with("Pembayaran online"));
        // Five pages or fewer: the base alone.
        let e = from_form(&rates(), "pengembangan-website", "3", &[]).unwrap();
        assert_eq!((e.lines.len(), e.total_idr), (1, 3_500_000));
    }

    #[test]
    fn bad_input_is_named_by_field() {
        let Err(DomainError::Invalid(e)) = from_form(&rates(), "lain", "0", &["terbang"]) else {
            panic!()
        };
        for f in ["layanan", "halaman", "fitur"] {
            assert!(e.0.contains_key(f), "{f}");
        }
        for pages in ["", "-1", "2.5", "201", "99999999999"] {
            assert!(
                from_form(&rates(), "pengembangan-website", pages, &[]).is_err(),
                "{pages}"
            );
        }
    }
}
