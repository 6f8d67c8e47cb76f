//! Daily series for the admin dashboard.
use crate::{
    entities::{
        contact_message,
        order::{self, OrderStatus, PaymentProvider},
        page_view_daily, user, waitlist_entry,
    },
    error::{DomainError, DomainResult},
    jakarta, Database,
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{
    sea_query::{Alias, Expr, Func},
    ColumnTrait, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// The longest range the dashboard shows.
pub const MAX_RANGE_DAYS: u64 = 366;
/// How many of the most viewed paths the overview lists.
pub const TOP_PATHS: u64 = 10;

/// Calendar days in UTC, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DateRange {
    /// `from` must not be after `to`, and the range spans at most 366 days.
    pub fn new(from: NaiveDate, to: NaiveDate) -> DomainResult<Self> {
        if from > to {
            return Err(DomainError::field(
                "from",
                "Tanggal awal tidak boleh setelah tanggal akhir.",
            ));
        }
        let range = Self { from, to };
        if range.len_days() > MAX_RANGE_DAYS {
            return Err(DomainError::field(
                "to",
                format!("Rentang tanggal paling panjang {MAX_RANGE_DAYS} hari."),
            ));
        }
        Ok(range)
    }

    /// The `n` days ending with `today` (`n` is kept within 1..=366).
    pub fn last_days(n: u32, today: NaiveDate) -> Self {
        let n = u64::from(n).clamp(1, MAX_RANGE_DAYS);
        Self {
            from: today.checked_sub_days(Days::new(n - 1)).unwrap_or(today),
            to: today,
        }
    }

    /// Number of days, both ends counted.
    pub fn len_days(&self) -> u64 {
        (self.to - self.from).num_days().max(0) as u64 + 1
    }

    /// Every day of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take(self.len_days() as usize)
    }

    /// The first instant of the range (days are Jakarta days).
    pub fn start(&self) -> DateTime<Utc> {
        jakarta::start_of_day(self.from)
    }

    /// The first instant after the range.
    pub fn end(&self) -> DateTime<Utc> {
        jakarta::start_of_day(self.to.checked_add_days(Days::new(1)).unwrap_or(self.to))
    }

    fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyPoint {
    pub day: NaiveDate,
    pub value: u64,
}

/// The sum of a series.
pub fn total(points: &[DailyPoint]) -> u64 {
    points.iter().map(|p| p.value).sum()
}

/// Every series has one point for each day of the range, zeros included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub page_views: Vec<DailyPoint>,
    pub signups: Vec<DailyPoint>,
    pub waitlist_joins: Vec<DailyPoint>,
    pub contacts: Vec<DailyPoint>,
    /// The most viewed paths over the range, most views first.
    pub top_paths: Vec<(String, u64)>,
}

pub async fn overview(db: &Database, range: DateRange) -> DomainResult<Overview> {
    let page_views = page_views_by_day(db, range).await?;
    let signups = bucket(
        range,
        user::Entity::find()
            .select_only()
            .column(user::Column::CreatedAt)
            .filter(user::Column::CreatedAt.gte(range.start()))
            .filter(user::Column::CreatedAt.lt(range.end()))
            .into_tuple::<DateTime<Utc>>()
            .all(db.reader())
            .await?,
    );
    let waitlist_joins = bucket(
        range,
        waitlist_entry::Entity::find()
            .select_only()
            .column(waitlist_entry::Column::CreatedAt)
            .filter(waitlist_entry::Column::CreatedAt.gte(range.start()))
            .filter(waitlist_entry::Column::CreatedAt.lt(range.end()))
            .into_tuple::<DateTime<Utc>>()
            .all(db.reader())
            .await?,
    );
    let contacts = bucket(
        range,
        contact_message::Entity::find()
            .select_only()
            .column(contact_message::Column::CreatedAt)
            .filter(contact_message::Column::CreatedAt.gte(range.start()))
            .filter(contact_message::Column::CreatedAt.lt(range.end()))
            .into_tuple::<DateTime<Utc>>()
            .all(db.reader())
            .await?,
    );
    let top_paths = top_paths(db, range).await?;
    Ok(Overview {
        page_views,
        signups,
        waitlist_joins,
        contacts,
        top_paths,
    })
}

/// Paid orders per Jakarta day of payment, rupiah and dollar orders apart
/// (a PayPal order with a USD amount is a dollar order, every other one a
/// rupiah order). Orders paid or fulfilled count; refunded, charged-back,
/// denied ones do not. Every series has one point per day of the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revenue {
    pub orders_idr: Vec<DailyPoint>,
    /// Whole rupiah.
    pub revenue_idr: Vec<DailyPoint>,
    pub orders_usd: Vec<DailyPoint>,
    /// US cents.
    pub revenue_usd_cents: Vec<DailyPoint>,
}

pub async fn revenue(db: &Database, range: DateRange) -> DomainResult<Revenue> {
    type Row = (Option<DateTime<Utc>>, PaymentProvider, i64, Option<i64>);
    let rows: Vec<Row> = order::Entity::find()
        .select_only()
        .column(order::Column::PaidAt)
        .column(order::Column::PaymentProvider)
        .column(order::Column::AmountIdr)
        .column(order::Column::AmountUsdCents)
        .filter(order::Column::Status.is_in([OrderStatus::Paid, OrderStatus::Fulfilled]))
        .filter(order::Column::PaidAt.gte(range.start()))
        .filter(order::Column::PaidAt.lt(range.end()))
        .into_tuple()
        .all(db.reader())
        .await?;
    let mut idr: Vec<(DateTime<Utc>, u64)> = Vec::new();
    let mut usd: Vec<(DateTime<Utc>, u64)> = Vec::new();
    for (paid_at, provider, amount_idr, amount_usd_cents) in rows {
        let Some(at) = paid_at else { continue };
        match (provider, amount_usd_cents) {
            (PaymentProvider::Paypal, Some(cents)) => usd.push((at, cents.max(0) as u64)),
            _ => idr.push((at, amount_idr.max(0) as u64)),
        }
    }
    let count = |v: &[(DateTime<Utc>, u64)]| bucket(range, v.iter().map(|(at, _)| *at).collect());
    Ok(Revenue {
        orders_idr: count(&idr),
        revenue_idr: sum_by_day(range, &idr),
        orders_usd: count(&usd),
        revenue_usd_cents: sum_by_day(range, &usd),
    })
}

/// Adds the amounts per Jakarta day.
fn sum_by_day(range: DateRange, amounts: &[(DateTime<Utc>, u64)]) -> Vec<DailyPoint> {
    let mut by_day: HashMap<NaiveDate, u64> = HashMap::new();
    for (at, amount) in amounts {
        let day = jakarta::date(*at);
        if range.contains(day) {
            *by_day.entry(day).or_insert(0) += amount;
        }
    }
    zero_filled(range, &by_day)
}

/// `SUM` of a BIGINT is NUMERIC on PostgreSQL; cast back so both backends
/// decode an i64.
fn summed_views() -> sea_orm::sea_query::SimpleExpr {
    Func::cast_as(
        Func::sum(Expr::col(page_view_daily::Column::Views)),
        Alias::new("BIGINT"),
    )
    .into()
}

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn in_range<E: EntityTrait>(find: sea_orm::Select<E>, range: DateRange) -> sea_orm::Select<E> {
    find.filter(page_view_daily::Column::Day.gte(day_key(range.from)))
        .filter(page_view_daily::Column::Day.lte(day_key(range.to)))
}

async fn page_views_by_day(db: &Database, range: DateRange) -> DomainResult<Vec<DailyPoint>> {
    let rows: Vec<(String, i64)> = in_range(page_view_daily::Entity::find(), range)
        .select_only()
        .column(page_view_daily::Column::Day)
        .column_as(summed_views(), "views")
        .group_by(page_view_daily::Column::Day)
        .into_tuple()
        .all(db.reader())
        .await?;
    let by_day: HashMap<NaiveDate, u64> = rows
        .into_iter()
        .filter_map(|(day, n)| {
            let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?;
            Some((day, n.max(0) as u64))
        })
        .collect();
    Ok(zero_filled(range, &by_day))
}

async fn top_paths(db: &Database, range: DateRange) -> DomainResult<Vec<(String, u64)>> {
    let rows: Vec<(String, i64)> = in_range(page_view_daily::Entity::find(), range)
        .select_only()
        .column(page_view_daily::Column::Path)
        .column_as(summed_views(), "views")
        .group_by(page_view_daily::Column::Path)
        .order_by(summed_views(), Order::Desc)
        .order_by_asc(page_view_daily::Column::Path)
        .limit(TOP_PATHS)
        .into_tuple()
        .all(db.reader())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(path, n)| (path, n.max(0) as u64))
        .collect())
}

/// Counts timestamps per Jakarta day. Done here rather than in SQL because
/// SQLite stores timestamps as text and PostgreSQL as `timestamptz`.
fn bucket(range: DateRange, stamps: Vec<DateTime<Utc>>) -> Vec<DailyPoint> {
    let mut by_day: HashMap<NaiveDate, u64> = HashMap::new();
    for at in stamps {
        let day = jakarta::date(at);
        if range.contains(day) {
            *by_day.entry(day).or_insert(0) += 1;
        }
    }
    zero_filled(range, &by_day)
}

pub(super) fn zero_filled(range: DateRange, by_day: &HashMap<NaiveDate, u64>) -> Vec<DailyPoint> {
    range
        .days()
        .map(|day| DailyPoint {
            day,
            value: by_day.get(&day).copied().unwrap_or(0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ranges_are_validated() {
        assert!(DateRange::new(d(2026, 11, 2), d(2026, 11, 1)).is_err());
        let one = DateRange::new(d(2026, 11, 1), d(2026, 11, 1)).unwrap();
        assert_eq!(one.len_days(), 1);
        assert!(DateRange::new(d(2026, 1, 1), d(2026, 12, 31)).is_ok());
        // 2028 is a leap year: 366 days fit, 367 do not.
        assert!(DateRange::new(d(2028, 1, 1), d(2028, 12, 31)).is_ok());
        let err = DateRange::new(d(2026, 1, 1), d(2027, 1, 2)).unwrap_err();
        assert!(err.to_string().contains("366 hari"), "{err}");
    }

    #[test]
    fn last_days_ends_today() {
        let r = DateRange::last_days(7, d(2026, 11, 3));
        assert_eq!((r.from, r.to), (d(2026, 10, 28), d(2026, 11, 3)));
        assert_eq!(r.days().count(), 7);
        assert_eq!(DateRange::last_days(0, d(2026, 11, 3)).len_days(), 1);
        assert_eq!(DateRange::last_days(9999, d(2026, 11, 3)).len_days(), 366);
        assert_eq!(r.end() - r.start(), chrono::Duration::days(7));
    }

    #[test]
    fn bucket_counts_per_day_and_fills_gaps() {
        let r = DateRange::new(d(2026, 11, 1), d(2026, 11, 3)).unwrap();
        let at = |day, h| jakarta::start_of_day(d(2026, 11, day)) + chrono::Duration::hours(h);
        let points = bucket(r, vec![at(1, 0), at(1, 23), at(3, 12), at(4, 0)]);
        let values: Vec<u64> = points.iter().map(|p| p.value).collect();
        assert_eq!(values, [2, 0, 1]);
        assert_eq!(total(&points), 3);
    }
}
