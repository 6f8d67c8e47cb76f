//! Who uses a tool, which plan they are on, and the one counter of uses.
//!
//! A use is counted by one conditional update in a transaction: the day's
//! row is made if missing (`INSERT … ON CONFLICT DO NOTHING`), then
//! `uses = uses + 1 … WHERE uses < limit`. No use is ever read and then
//! written back, so simultaneous uses never pass the quota: on PostgreSQL
//! the update waits for a concurrent one's row lock and re-checks its
//! condition; SQLite has one writer. Days are Jakarta days.
use super::{catalogue, TOOLS_PASS_SLUG};
use crate::{
    entities::{
        tool, tool_usage,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    error::{DomainResult, Refusal},
    jakarta, net, Database,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Serialize;
use std::net::IpAddr;

/// Whose uses are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visitor {
    /// Not signed in: counted per client (IPv4, or IPv6 /64); None when
    /// the address is unknown (all such guests share one count).
    Guest(Option<IpAddr>),
    /// A signed-in member, counted per account.
    Member(i32),
}

impl Visitor {
    /// The counter's key: `member:<id>` or `guest:<client key>`.
    pub fn subject(&self) -> String {
        match self {
            Visitor::Guest(ip) => format!(
                "guest:{}",
                ip.map_or_else(|| "-".to_owned(), |ip| net::client_key(ip).to_string())
            ),
            Visitor::Member(id) => format!("member:{id}"),
        }
    }

    pub fn user_id(&self) -> Option<i32> {
        match self {
            Visitor::Member(id) => Some(*id),
            Visitor::Guest(_) => None,
        }
    }
}

/// The quota a visitor gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    Guest,
    Member,
    /// A member with an active tools pass ([`TOOLS_PASS_SLUG`]).
    Pass,
}

impl Plan {
    pub fn daily_quota(self, tool: &tool::Model) -> u32 {
        let q = match self {
            Plan::Guest => tool.guest_daily_quota,
            Plan::Member => tool.member_daily_quota,
            Plan::Pass => tool.pass_daily_quota,
        };
        u32::try_from(q).unwrap_or(0)
    }

    /// "Tamu", "Member", "Tools Pass".
    pub fn label(self) -> &'static str {
        match self {
            Plan::Guest => "Tamu",
            Plan::Member => "Member",
            Plan::Pass => "Tools Pass",
        }
    }
}

/// A visitor's standing with one tool today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Allowance {
    pub plan: Plan,
    /// Uses a day on this plan.
    pub limit: u32,
    /// Uses counted today (this one included, after a use).
    pub used: u32,
    /// The next midnight in Jakarta, when `used` starts again from 0.
    pub resets_at: DateTime<Utc>,
}

impl Allowance {
    pub fn remaining(&self) -> u32 {
        self.limit.saturating_sub(self.used)
    }
}

/// The Jakarta day of `now` as stored (`YYYY-MM-DD`).
pub fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// The next midnight in Jakarta after `now`.
pub fn next_reset(now: DateTime<Utc>) -> DateTime<Utc> {
    jakarta::start_of_day(jakarta::date(now) + Duration::days(1))
}

/// A member holds the tools pass while they have a delivered, not revoked
/// web-access purchase of [`TOOLS_PASS_SLUG`] (a refund revokes it).
pub async fn plan_of(conn: &impl ConnectionTrait, visitor: Visitor) -> DomainResult<Plan> {
    let Visitor::Member(user_id) = visitor else {
        return Ok(Plan::Guest);
    };
    let passes = user_purchase::Entity::find()
        .filter(user_purchase::Column::UserId.eq(user_id))
        .filter(user_purchase::Column::ProductSlug.eq(TOOLS_PASS_SLUG))
        .filter(user_purchase::Column::DeliveryType.eq(DeliveryType::WebAccess))
        .filter(user_purchase::Column::DeliveryStatus.eq(DeliveryStatus::Delivered))
        .count(conn)
        .await?;
    Ok(if passes > 0 { Plan::Pass } else { Plan::Member })
}

async fn used_today(
    conn: &impl ConnectionTrait,
    slug: &str,
    subject: &str,
    day: &str,
) -> DomainResult<u32> {
    Ok(tool_usage::Entity::find()
        .filter(tool_usage::Column::ToolSlug.eq(slug))
        .filter(tool_usage::Column::Subject.eq(subject))
        .filter(tool_usage::Column::Day.eq(day))
        .one(conn)
        .await?
        .map_or(0, |u| u32::try_from(u.uses).unwrap_or(0)))
}

/// The visitor's standing with `tool` at `now`, without counting a use.
pub async fn allowance(
    db: &Database,
    tool: &tool::Model,
    visitor: Visitor,
    now: DateTime<Utc>,
) -> DomainResult<Allowance> {
    let conn = db.reader();
    let plan = plan_of(conn, visitor).await?;
    let day = day_key(jakarta::date(now));
    Ok(Allowance {
        plan,
        limit: plan.daily_quota(tool),
        used: used_today(conn, &tool.slug, &visitor.subject(), &day).await?,
        resets_at: next_reset(now),
    })
}

/// Counts one use of the enabled tool `slug` by `visitor` on the Jakarta
/// day of `now`, or refuses with [`Refusal::ToolQuotaExceeded`] when the
/// day's quota is used up (nothing is written then). The one place a use
/// is counted.
pub async fn count_use(
    db: &Database,
    slug: &str,
    visitor: Visitor,
    now: DateTime<Utc>,
) -> DomainResult<Allowance> {
    let txn = db.writer().begin().await?;
    let (tool, _) = catalogue::find_enabled(&txn, slug).await?;
    let plan = plan_of(&txn, visitor).await?;
    let limit = plan.daily_quota(&tool);
    let resets_at = next_reset(now);
    let refused = Refusal::ToolQuotaExceeded { plan, resets_at };
    if limit == 0 {
        return Err(refused.into());
    }
    let subject = visitor.subject();
    let day = day_key(jakarta::date(now));
    tool_usage::Entity::insert(tool_usage::ActiveModel {
        tool_slug: Set(tool.slug.clone()),
        subject: Set(subject.clone()),
        user_id: Set(visitor.user_id()),
        day: Set(day.clone()),
        uses: Set(0),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        tool_usage::Column::Subject,
        tool_usage::Column::ToolSlug,
        tool_usage::Column::Day,
    ])
    .exec(&txn)
    .await?;
    let counted = tool_usage::Entity::update_many()
        .col_expr(
            tool_usage::Column::Uses,
            Expr::col(tool_usage::Column::Uses).add(1),
        )
        .filter(tool_usage::Column::ToolSlug.eq(&tool.slug))
        .filter(tool_usage::Column::Subject.eq(&subject))
        .filter(tool_usage::Column::Day.eq(&day))
        .filter(tool_usage::Column::Uses.lt(limit as i32))
        .exec(&txn)
        .await?;
    if counted.rows_affected == 0 {
        // Dropping the transaction rolls the empty row back, if it was new.
        return Err(refused.into());
    }
    let used = used_today(&txn, &tool.slug, &subject, &day).await?;
    txn.commit().await?;
    Ok(Allowance {
        plan,
        limit,
        used,
        resets_at,
    })
}

/// One tool's uses on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DailyUse {
    /// Jakarta day, `YYYY-MM-DD`.
    pub day: String,
    pub tool_slug: String,
    pub tool_name: String,
    pub uses: u32,
}

/// A member's uses per tool per day over the `days` Jakarta days ending
/// with today, newest day first.
pub async fn usage_of(
    db: &Database,
    user_id: i32,
    days: u32,
    now: DateTime<Utc>,
) -> DomainResult<Vec<DailyUse>> {
    let today = jakarta::date(now);
    let first = day_key(today - Duration::days(i64::from(std::cmp::max(days, 1)) - 1));
    let conn = db.reader();
    let names: std::collections::HashMap<String, String> = tool::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.slug, t.name))
        .collect();
    Ok(tool_usage::Entity::find()
        .filter(tool_usage::Column::Subject.eq(Visitor::Member(user_id).subject()))
        .filter(tool_usage::Column::Day.gte(first))
        .filter(tool_usage::Column::Day.lte(day_key(today)))
        .order_by_desc(tool_usage::Column::Day)
        .order_by_asc(tool_usage::Column::ToolSlug)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| DailyUse {
            tool_name: names
                .get(&u.tool_slug)
                .cloned()
                .unwrap_or_else(|| u.tool_slug.clone()),
            day: u.day,
            tool_slug: u.tool_slug,
            uses: u32::try_from(u.uses).unwrap_or(0),
        })
        .collect())
}

/// A member's uses as a table: the enabled tools as columns, and every
/// Jakarta day of the last `days` (newest first, days without use too) as
/// rows, so the dashboard shows a gap as a zero rather than hiding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageTable {
    pub tools: Vec<tool::Model>,
    /// Each day with one count per tool, in the order of `tools`.
    pub days: Vec<(NaiveDate, Vec<u32>)>,
}

pub async fn usage_table_of(
    db: &Database,
    user_id: i32,
    days: u32,
    now: DateTime<Utc>,
) -> DomainResult<UsageTable> {
    let tools = catalogue::list_enabled(db.reader()).await?;
    let uses = usage_of(db, user_id, days, now).await?;
    let today = jakarta::date(now);
    let days = (0..i64::from(std::cmp::max(days, 1)))
        .map(|back| {
            let day = today - Duration::days(back);
            let key = day_key(day);
            let counts = tools
                .iter()
                .map(|t| {
                    uses.iter()
                        .find(|u| u.day == key && u.tool_slug == t.slug)
                        .map_or(0, |u| u.uses)
                })
                .collect();
            (day, counts)
        })
        .collect();
    Ok(UsageTable { tools, days })
}

/// Every enabled tool with the member's standing today: the dashboard.
pub async fn today_of(
    db: &Database,
    user_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<Vec<(tool::Model, Allowance)>> {
    let mut out = Vec::new();
    for tool in catalogue::list_enabled(db.reader()).await? {
        let a = allowance(db, &tool, Visitor::Member(user_id), now).await?;
        out.push((tool, a));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guests_are_counted_per_client_key() {
        let a = Visitor::Guest(Some("2001:db8:1:2::1".parse().unwrap()));
        let b = Visitor::Guest(Some("2001:db8:1:2:ffff::9".parse().unwrap()));
        assert_eq!(a.subject(), b.subject());
        assert_eq!(a.subject(), "guest:2001:db8:1:2::");
        assert_eq!(Visitor::Guest(None).subject(), "guest:-");
        assert_eq!(Visitor::Member(7).subject(), "member:7");
    }

    #[test]
    fn the_day_ends_at_midnight_in_jakarta() {
        // 16:59:59 UTC is 23:59:59 WIB; the reset is 17:00 UTC.
        let t: DateTime<Utc> = "2026-12-01T16:59:59Z".parse().unwrap();
        assert_eq!(
            next_reset(t),
            "2026-12-01T17:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        let after: DateTime<Utc> = "2026-12-01T17:00:00Z".parse().unwrap();
        assert_eq!(
            next_reset(after),
            "2026-12-02T17:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(day_key(jakarta::date(t)), "2026-12-01");
        assert_eq!(day_key(jakarta::date(after)), "2026-12-02");
    }
}
