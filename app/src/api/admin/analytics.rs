//! The analytics dashboard and the overview's counts.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One daily series over the range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesView {
    pub key: String,
    pub label: String,
    pub total: u64,
    /// The total as shown: a count, or money ("Rp 350.000", "US$19.99").
    pub total_text: String,
    /// A bar chart generated on the server by `domain::analytics::bar_chart_svg`
    /// (our markup, text escaped there); safe for `inner_html`.
    pub svg: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopPath {
    pub path: String,
    pub views: u64,
}

/// One Jakarta day with paid orders: rupiah and dollar orders apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SalesDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub orders_idr: u64,
    pub revenue_idr: String,
    pub orders_usd: u64,
    pub revenue_usd: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnalyticsView {
    /// The range actually shown, `YYYY-MM-DD`, both ends included.
    pub from: String,
    pub to: String,
    pub days: u64,
    pub series: Vec<SeriesView>,
    pub top_paths: Vec<TopPath>,
    /// Paid orders and revenue per day of payment (orders paid or
    /// fulfilled; refunds and chargebacks left out), IDR and USD apart.
    pub sales: Vec<SeriesView>,
    /// The days of the range with paid orders, oldest first.
    pub sales_days: Vec<SalesDay>,
    /// Every tool's uses per Jakarta day.
    pub tool_uses: SeriesView,
    /// Each tool's uses over the range, in the catalogue's order.
    pub tool_totals: Vec<ToolUseRow>,
}

/// One tool's uses over the range, guests and members apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolUseRow {
    pub slug: String,
    pub name: String,
    pub guest_uses: u64,
    pub member_uses: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminCounts {
    pub unread_contacts: u64,
    pub waitlist_entries: u64,
    pub members: u64,
    /// Page views over the last 7 days (today included, UTC).
    pub page_views_7d: u64,
}

#[cfg(feature = "ssr")]
fn parse_day(s: &str, label: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::invalid(format!("Tanggal {label} tidak valid (format YYYY-MM-DD).")))
}

/// The range from two `YYYY-MM-DD` strings; empty means the last 30 days
/// up to today (UTC).
#[cfg(feature = "ssr")]
fn range(
    from: &str,
    to: &str,
    today: chrono::NaiveDate,
) -> Result<domain::analytics::DateRange, AppError> {
    use domain::analytics::DateRange;
    let to = parse_day(to, "akhir")?.unwrap_or(today);
    let from = match parse_day(from, "awal")? {
        Some(d) => d,
        None => DateRange::last_days(30, to).from,
    };
    Ok(DateRange::new(from, to)?)
}

#[server(endpoint = "admin/analytics")]
pub async fn get_analytics(from: String, to: String) -> Result<AnalyticsView, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    use domain::analytics::{bar_chart_svg, overview, revenue, stats::total, tool_usage};
    let range = range(&from, &to, domain::jakarta::date(chrono::Utc::now()))?;
    let o = overview(&st.db, range).await?;
    let rev = revenue(&st.db, range).await?;
    let tools = tool_usage(&st.db, range).await?;
    let series = [
        ("page_views", "Kunjungan halaman", &o.page_views),
        ("signups", "Pendaftaran member", &o.signups),
        ("waitlist", "Gabung waitlist", &o.waitlist_joins),
        ("contacts", "Pesan kontak", &o.contacts),
    ]
    .into_iter()
    .map(|(key, label, points)| SeriesView {
        key: key.to_owned(),
        label: label.to_owned(),
        total: total(points),
        total_text: total(points).to_string(),
        svg: bar_chart_svg(label, points),
    })
    .collect();
    let count = |n: u64| n.to_string();
    let rupiah = |n: u64| money::rupiah(i64::try_from(n).unwrap_or(i64::MAX));
    let dollars = |n: u64| money::usd_cents(i64::try_from(n).unwrap_or(i64::MAX));
    type Text = fn(u64) -> String;
    let sales = [
        (
            "orders_idr",
            "Pesanan lunas (Rupiah)",
            &rev.orders_idr,
            count as Text,
        ),
        (
            "revenue_idr",
            "Pendapatan Rupiah (Rp)",
            &rev.revenue_idr,
            rupiah,
        ),
        ("orders_usd", "Pesanan lunas (USD)", &rev.orders_usd, count),
        (
            "revenue_usd",
            "Pendapatan USD (sen)",
            &rev.revenue_usd_cents,
            dollars,
        ),
    ]
    .into_iter()
    .map(|(key, label, points, text)| SeriesView {
        key: key.to_owned(),
        label: label.to_owned(),
        total: total(points),
        total_text: text(total(points)),
        svg: bar_chart_svg(label, points),
    })
    .collect();
    let sales_days = rev
        .orders_idr
        .iter()
        .zip(&rev.revenue_idr)
        .zip(rev.orders_usd.iter().zip(&rev.revenue_usd_cents))
        .filter(|((n_idr, _), (n_usd, _))| n_idr.value + n_usd.value > 0)
        .map(|((n_idr, idr), (n_usd, usd))| SalesDay {
            day: n_idr.day.format("%Y-%m-%d").to_string(),
            orders_idr: n_idr.value,
            revenue_idr: rupiah(idr.value),
            orders_usd: n_usd.value,
            revenue_usd: dollars(usd.value),
        })
        .collect();
    Ok(AnalyticsView {
        from: range.from.format("%Y-%m-%d").to_string(),
        to: range.to.format("%Y-%m-%d").to_string(),
        days: range.len_days(),
        series,
        top_paths: o
            .top_paths
            .into_iter()
            .map(|(path, views)| TopPath { path, views })
            .collect(),
        sales,
        sales_days,
        tool_uses: SeriesView {
            key: "tool_uses".to_owned(),
            label: "Pemakaian tools".to_owned(),
            total: total(&tools.daily),
            total_text: total(&tools.daily).to_string(),
            svg: bar_chart_svg("Pemakaian tools", &tools.daily),
        },
        tool_totals: tools
            .per_tool
            .into_iter()
            .map(|t| ToolUseRow {
                slug: t.slug,
                name: t.name,
                guest_uses: t.guest_uses,
                member_uses: t.member_uses,
            })
            .collect(),
    })
}

/// What the overview page counts.
#[server(endpoint = "admin/counts")]
pub async fn get_admin_counts() -> Result<AdminCounts, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    use domain::{
        analytics::{overview, stats::total, DateRange},
        backoffice::{contacts, members, waitlist},
    };
    let unread_contacts = contacts::counts(&st.db).await?.unread;
    let waitlist_entries = waitlist::products(&st.db)
        .await?
        .iter()
        .map(|(_, n)| n)
        .sum();
    let members = members::list(&st.db, "", members::MemberFilter::All, 1, 1)
        .await?
        .total;
    let week = DateRange::last_days(7, domain::jakarta::date(chrono::Utc::now()));
    let page_views_7d = total(&overview(&st.db, week).await?.page_views);
    Ok(AdminCounts {
        unread_contacts,
        waitlist_entries,
        members,
        page_views_7d,
    })
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn empty_means_the_last_30_days() {
        let r = super::range("", "", d("2026-11-30")).unwrap();
        assert_eq!((r.from, r.to), (d("2026-11-01"), d("2026-11-30")));
        let r = super::range("2026-11-10", "2026-11-12", d("2026-11-30")).unwrap();
        assert_eq!(r.len_days(), 3);
        assert!(super::range("2026-11-12", "2026-11-10", d("2026-11-30")).is_err());
        assert!(super::range("kemarin", "", d("2026-11-30")).is_err());
    }
}
