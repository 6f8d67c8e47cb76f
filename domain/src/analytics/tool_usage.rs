//! Tool usage over a range, for *Analitik*: uses per Jakarta day, and per
//! tool with guests and members apart. Summed in SQL (one row per visitor,
//! tool and day is far too many rows to read), decoded as i64 on both
//! backends.
use super::stats::{zero_filled, DailyPoint, DateRange};
use crate::{
    entities::{tool, tool_usage},
    error::DomainResult,
    tools::quota::day_key,
    Database,
};
use chrono::NaiveDate;
use sea_orm::{
    sea_query::{Alias, Expr, Func, SimpleExpr},
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// One tool's uses over the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolTotals {
    pub slug: String,
    pub name: String,
    pub guest_uses: u64,
    pub member_uses: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolUsage {
    /// Every tool's uses, one point per day of the range.
    pub daily: Vec<DailyPoint>,
    /// Every tool in the catalogue's order, unused ones with zeros.
    pub per_tool: Vec<ToolTotals>,
}

/// `SUM(uses)` as BIGINT on both backends.
fn summed_uses() -> SimpleExpr {
    Func::cast_as(
        Func::sum(Expr::col(tool_usage::Column::Uses)),
        Alias::new("BIGINT"),
    )
    .into()
}

fn in_range(range: DateRange) -> sea_orm::Select<tool_usage::Entity> {
    tool_usage::Entity::find()
        .filter(tool_usage::Column::Day.gte(day_key(range.from)))
        .filter(tool_usage::Column::Day.lte(day_key(range.to)))
}

pub async fn tool_usage(db: &Database, range: DateRange) -> DomainResult<ToolUsage> {
    let by_day: Vec<(String, i64)> = in_range(range)
        .select_only()
        .column(tool_usage::Column::Day)
        .column_as(summed_uses(), "uses")
        .group_by(tool_usage::Column::Day)
        .into_tuple()
        .all(db.reader())
        .await?;
    let by_day: HashMap<NaiveDate, u64> = by_day
        .into_iter()
        .filter_map(|(day, n)| {
            let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?;
            Some((day, n.max(0) as u64))
        })
        .collect();
    // A guest's row has no user.
    let guest = tool_usage::Column::UserId.is_null();
    let by_tool: Vec<(String, bool, i64)> = in_range(range)
        .select_only()
        .column(tool_usage::Column::ToolSlug)
        .column_as(guest.clone(), "guest")
        .column_as(summed_uses(), "uses")
        .group_by(tool_usage::Column::ToolSlug)
        .group_by(guest)
        .into_tuple()
        .all(db.reader())
        .await?;
    let tools = tool::Entity::find()
        .order_by_asc(tool::Column::SortOrder)
        .order_by_asc(tool::Column::Id)
        .all(db.reader())
        .await?;
    let per_tool = tools
        .into_iter()
        .map(|t| {
            let uses = |as_guest: bool| {
                by_tool
                    .iter()
                    .filter(|(slug, g, _)| *slug == t.slug && *g == as_guest)
                    .map(|(_, _, n)| (*n).max(0) as u64)
                    .sum()
            };
            ToolTotals {
                guest_uses: uses(true),
                member_uses: uses(false),
                slug: t.slug,
                name: t.name,
            }
        })
        .collect();
    Ok(ToolUsage {
        daily: zero_filled(range, &by_day),
        per_tool,
    })
}
