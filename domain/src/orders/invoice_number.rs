//! Invoice numbers without gaps per year: `INV/2026/000123`.
//!
//! The number is taken in the transaction that marks the order paid, from
//! a per-year counter row that the transaction holds locked until it ends:
//! a rolled-back payment gives its number back, two payments never share
//! one, and none is skipped.
use crate::{entities::invoice_counter, error::DomainResult, jakarta};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::{
    sea_query::{Expr, OnConflict},
    ActiveValue::Set,
    ConnectionTrait, EntityTrait, ExprTrait,
};

/// The next number of the Jakarta year of `paid_at`, through `txn`.
pub async fn next_invoice_number(
    txn: &impl ConnectionTrait,
    paid_at: DateTime<Utc>,
) -> DomainResult<String> {
    let year = jakarta::date(paid_at).year();
    let row = invoice_counter::Entity::insert(invoice_counter::ActiveModel {
        year: Set(year),
        last_number: Set(1),
    })
    .on_conflict(
        OnConflict::column(invoice_counter::Column::Year)
            .value(
                invoice_counter::Column::LastNumber,
                Expr::col((invoice_counter::Entity, invoice_counter::Column::LastNumber)).add(1),
            )
            .to_owned(),
    )
    .exec_with_returning(txn)
    .await?;
    Ok(format_number(row.year, row.last_number))
}

pub fn format_number(year: i32, n: i32) -> String {
    format!("INV/{year}/{n:06}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_zero_padded_per_year() {
        assert_eq!(super::format_number(2026, 123), "INV/2026/000123");
        assert_eq!(super::format_number(2027, 1_000_000), "INV/2027/1000000");
    }
}
