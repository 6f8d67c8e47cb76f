//! Orders as the admin sees them: a filtered listing, one order with its
//! timeline, and the admin's few actions: e-mail the receipt again, cancel
//! a pending order, mark a paid one refunded (the money itself is returned
//! in Midtrans or PayPal). Each action is one transaction holding the
//! order's move (through `orders::transition`, so the timeline keeps it)
//! or the e-mails, and the audit row.
use super::DomainError;
use crate::{
    analytics::DateRange,
    audit::{self, Actor},
    content::{contains_ci, newest_page, Page},
    entities::{
        order::{self, OrderStatus, PaymentProvider},
        order_event, user_purchase,
    },
    error::{DomainResult, Refusal},
    forms::FieldErrors,
    jakarta,
    mail::{self, orders as order_mail},
    orders::{
        status::{record, Event},
        transition, EventSource, Site, Step,
    },
    Database,
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

/// Rows per page of the admin's order listing.
pub const PER_PAGE: u64 = 25;
/// A refund reason's length, in characters.
pub const REASON_MIN_CHARS: usize = 3;
pub const REASON_MAX_CHARS: usize = 500;

/// The listing's filters as typed in the query string; every field may be
/// empty (no filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    /// An [`OrderStatus`] name (`pending`, `paid`, …).
    pub status: String,
    /// `midtrans` or `paypal`.
    pub provider: String,
    /// First Jakarta day of `created_at`, `YYYY-MM-DD`.
    pub from: String,
    /// Last Jakarta day of `created_at`, `YYYY-MM-DD`, included.
    pub to: String,
    /// Part of the order code or of the buyer's e-mail address.
    pub q: String,
}

/// [`OrderFilter`] once checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidFilter {
    pub status: Option<OrderStatus>,
    pub provider: Option<PaymentProvider>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub q: String,
}

fn parse_day(raw: &str) -> Result<Option<NaiveDate>, ()> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

impl OrderFilter {
    /// Unknown status or provider, unreadable days, `from` after `to` or a
    /// range longer than 366 days are field errors.
    pub fn validate(&self) -> DomainResult<ValidFilter> {
        let mut errors = FieldErrors::default();
        let status = match self.status.trim() {
            "" => None,
            s => OrderStatus::parse(s).or_else(|| {
                errors.add("status", "Status pesanan tidak dikenal.");
                None
            }),
        };
        let provider = match self.provider.trim() {
            "" => None,
            p => PaymentProvider::parse(p).or_else(|| {
                errors.add("provider", "Metode pembayaran tidak dikenal.");
                None
            }),
        };
        let bad_day = "Tanggal tidak valid (format YYYY-MM-DD).";
        let from = parse_day(&self.from).unwrap_or_else(|()| {
            errors.add("from", bad_day);
            None
        });
        let to = parse_day(&self.to).unwrap_or_else(|()| {
            errors.add("to", bad_day);
            None
        });
        if let (Some(f), Some(t)) = (from, to) {
            if let Err(DomainError::Invalid(range_errors)) = DateRange::new(f, t) {
                for (field, message) in range_errors.0 {
                    errors.add(field, message);
                }
            }
        }
        if !errors.is_empty() {
            return Err(DomainError::Invalid(errors));
        }
        Ok(ValidFilter {
            status,
            provider,
            from,
            to,
            q: self.q.trim().to_owned(),
        })
    }
}

/// Newest first, [`PER_PAGE`] a page.
pub async fn list(
    db: &Database,
    filter: &OrderFilter,
    page: u64,
) -> DomainResult<Page<order::Model>> {
    let f = filter.validate()?;
    let mut find = order::Entity::find();
    if let Some(s) = f.status {
        find = find.filter(order::Column::Status.eq(s));
    }
    if let Some(p) = f.provider {
        find = find.filter(order::Column::PaymentProvider.eq(p));
    }
    if let Some(from) = f.from {
        find = find.filter(order::Column::CreatedAt.gte(jakarta::start_of_day(from)));
    }
    if let Some(to) = f.to {
        let next = to.checked_add_days(Days::new(1)).unwrap_or(to);
        find = find.filter(order::Column::CreatedAt.lt(jakarta::start_of_day(next)));
    }
    if !f.q.is_empty() {
        find = find.filter(
            Condition::any()
                .add(contains_ci(order::Column::OrderCode, &f.q))
                .add(contains_ci(order::Column::CustomerEmail, &f.q)),
        );
    }
    let order = (order::Column::CreatedAt, order::Column::Id);
    newest_page(db, find, order, page, PER_PAGE).await
}

/// The order and its timeline, oldest event first.
pub async fn detail(
    db: &Database,
    id: i32,
) -> DomainResult<(order::Model, Vec<order_event::Model>)> {
    let order = order::Entity::find_by_id(id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let events = order_event::Entity::find()
        .filter(order_event::Column::OrderId.eq(id))
        .order_by_asc(order_event::Column::CreatedAt)
        .order_by_asc(order_event::Column::Id)
        .all(db.reader())
        .await?;
    Ok((order, events))
}

/// What the order delivered, once paid: its purchase (delivery status,
/// the GitHub invitation's username and failure), if it has one.
pub async fn purchase_of(db: &Database, id: i32) -> DomainResult<Option<user_purchase::Model>> {
    Ok(user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(id))
        .one(db.reader())
        .await?)
}

async fn find_in(txn: &DatabaseTransaction, id: i32) -> DomainResult<order::Model> {
    order::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

fn is_paid(status: OrderStatus) -> bool {
    matches!(status, OrderStatus::Paid | OrderStatus::Fulfilled)
}

/// Moves the order inside `txn`; anything but `Changed` is `refusal`, and
/// dropping the uncommitted `txn` then leaves no trace.
async fn move_order(
    txn: &DatabaseTransaction,
    id: i32,
    to: OrderStatus,
    note: &str,
    refusal: Refusal,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    match transition(txn, id, to, EventSource::Admin, note, now).await? {
        Step::Changed => Ok(()),
        Step::Duplicate | Step::Ignored => Err(refusal.into()),
    }
}

/// Cancels a pending order (audited as `order.cancel`). Any other status
/// is `OrderClosed`, and nothing is written.
pub async fn cancel(
    db: &Database,
    actor: &Actor,
    id: i32,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    let txn = db.writer().begin().await?;
    let order = find_in(&txn, id).await?;
    if order.status != OrderStatus::Pending {
        return Err(Refusal::OrderClosed.into());
    }
    let note = format!("dibatalkan admin {}", actor.label);
    move_order(
        &txn,
        id,
        OrderStatus::Cancelled,
        &note,
        Refusal::OrderClosed,
        now,
    )
    .await?;
    audit::record(
        &txn,
        actor,
        "order.cancel",
        "order",
        Some(id),
        &format!("membatalkan pesanan {}", order.order_code),
        now,
    )
    .await?;
    let order = find_in(&txn, id).await?;
    txn.commit().await?;
    Ok(order)
}

/// The reason, trimmed, or the field error `reason`.
pub fn check_reason(reason: &str) -> DomainResult<String> {
    let reason = reason.trim();
    let n = reason.chars().count();
    if n == 0 {
        return Err(DomainError::field("reason", "Alasan refund wajib diisi."));
    }
    if !(REASON_MIN_CHARS..=REASON_MAX_CHARS).contains(&n) {
        return Err(DomainError::field(
            "reason",
            format!("Alasan refund {REASON_MIN_CHARS}–{REASON_MAX_CHARS} karakter."),
        ));
    }
    Ok(reason.to_owned())
}

/// Records that a paid (or fulfilled) order's money was returned in the
/// provider's dashboard (audited as `order.refund`, with the reason). The
/// reason is required; another status is `OrderNotPaid`, and nothing is
/// written.
pub async fn mark_refunded(
    db: &Database,
    actor: &Actor,
    id: i32,
    reason: &str,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    let reason = check_reason(reason)?;
    let txn = db.writer().begin().await?;
    let order = find_in(&txn, id).await?;
    if !is_paid(order.status) {
        return Err(Refusal::OrderNotPaid.into());
    }
    let note = format!("refund dicatat admin {}: {reason}", actor.label);
    move_order(
        &txn,
        id,
        OrderStatus::Refunded,
        &note,
        Refusal::OrderNotPaid,
        now,
    )
    .await?;
    audit::record(
        &txn,
        actor,
        "order.refund",
        "order",
        Some(id),
        &format!(
            "menandai pesanan {} ({}) dikembalikan; alasan: {reason}",
            order.order_code,
            order_mail::order_amount(&order)
        ),
        now,
    )
    .await?;
    let order = find_in(&txn, id).await?;
    txn.commit().await?;
    Ok(order)
}

/// Queues the order-confirmed and invoice e-mails of a paid (or
/// fulfilled) order again, to the buyer's address (audited as
/// `order.resend_emails`; the timeline keeps a note). Another status is
/// `OrderNotPaid`.
pub async fn resend_emails(
    db: &Database,
    actor: &Actor,
    id: i32,
    site: &Site,
    now: DateTime<Utc>,
) -> DomainResult<order::Model> {
    let txn = db.writer().begin().await?;
    let order = find_in(&txn, id).await?;
    if !is_paid(order.status) {
        return Err(Refusal::OrderNotPaid.into());
    }
    let orders_page = site.link("/dashboard/orders");
    mail::outbox::queue_in(
        &txn,
        &order_mail::order_confirmed(&order, &orders_page),
        now,
    )
    .await?;
    mail::outbox::queue_in(&txn, &order_mail::invoice(&order, &orders_page), now).await?;
    let note = format!(
        "email konfirmasi dan faktur dikirim ulang ke {} oleh admin {}",
        order.customer_email, actor.label
    );
    let event = Event {
        source: EventSource::Admin,
        detail: &note,
        external_id: None,
    };
    record(&txn, id, &event, "resent", order.status, order.status, now).await?;
    audit::record(
        &txn,
        actor,
        "order.resend_emails",
        "order",
        Some(id),
        &format!(
            "mengirim ulang email konfirmasi dan faktur pesanan {} ke {}",
            order.order_code, order.customer_email
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(order)
}

/// A WhatsApp click-to-chat link to `number` (any spelling: `+62 812-…`,
/// `0812…`; a leading 0 becomes Indonesia's 62) with `text` filled in, or
/// None when the number has too few digits to be one.
pub fn whatsapp_link(number: &str, text: &str) -> Option<String> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix('0') {
        Some(rest) => format!("62{rest}"),
        None => digits,
    };
    if !(8..=15).contains(&digits.len()) {
        return None;
    }
    let text: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
    // `+` for a space is form encoding; wa.me wants `%20`.
    Some(format!(
        "https://wa.me/{digits}?text={}",
        text.replace('+', "%20")
    ))
}

/// What the admin's WhatsApp message about a paid order says.
pub fn whatsapp_text(order: &order::Model, admin_page: &str) -> String {
    format!(
        "Pesanan {} ({}) dari {} <{}>: {}, status {}. {admin_page}",
        order.order_code,
        order.item_name,
        order.customer_name,
        order.customer_email,
        order_mail::order_amount(order),
        order.status.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatsapp_links_use_international_digits_and_encode_the_text() {
        let link = whatsapp_link("+62 812-3456-7890", "Pesanan TRX-1 & 50% lunas").unwrap();
        assert_eq!(
            link,
            "https://wa.me/6281234567890?text=Pesanan%20TRX-1%20%26%2050%25%20lunas"
        );
        assert_eq!(
            whatsapp_link("0812 3456 7890", "a").unwrap(),
            "https://wa.me/6281234567890?text=a"
        );
        assert_eq!(whatsapp_link("12", "a"), None);
        assert_eq!(whatsapp_link("", "a"), None);
    }

    #[test]
    fn filters_are_checked() {
        let bad = OrderFilter {
            status: "lunas".into(),
            provider: "ovo".into(),
            ..Default::default()
        };
        let Err(DomainError::Invalid(f)) = bad.validate() else {
            panic!("field errors expected")
        };
        assert!(f.get("status").is_some() && f.get("provider").is_some());
        let ok = OrderFilter {
            status: " paid ".into(),
            q: "  TRX ".into(),
            ..Default::default()
        };
        let v = ok.validate().unwrap();
        assert_eq!((v.status, v.q.as_str()), (Some(OrderStatus::Paid), "TRX"));
    }
}
