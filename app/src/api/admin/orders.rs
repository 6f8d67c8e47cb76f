//! The admin's orders: the filtered listing, one order with its timeline,
//! and the actions (e-mail again, cancel, mark refunded). Thin: the rules
//! and the audit live in `domain::backoffice::orders`.
use crate::{error::AppError, model::Paged};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: i32,
    pub code: String,
    pub buyer: String,
    pub email: String,
    pub item: String,
    /// "Rp 249.000" or "US$19.00".
    pub amount: String,
    /// "Midtrans" or "PayPal".
    pub provider: String,
    /// The API name (`pending`, `paid` …), for the badge's colour.
    pub status: String,
    pub status_label: String,
    pub created: String,
}

pub type OrderList = Paged<OrderRow>;

/// One entry of an order's timeline. `detail` is the raw notification or
/// a note: plain text, render it as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderEventView {
    pub at: String,
    pub source: String,
    pub outcome: String,
    pub from_status: String,
    pub to_status: String,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub id: i32,
    pub code: String,
    pub invoice_number: Option<String>,
    pub status: String,
    pub status_label: String,
    pub item: String,
    pub amount: String,
    /// The rupiah price, also for dollar orders.
    pub amount_idr: String,
    pub provider: String,
    pub provider_ref: Option<String>,
    pub buyer: String,
    pub email: String,
    pub phone: Option<String>,
    pub created: String,
    pub paid: Option<String>,
    pub expires: Option<String>,
    pub events: Vec<OrderEventView>,
    pub can_cancel: bool,
    /// Paid or fulfilled: it can be refunded and its e-mails sent again.
    pub is_paid: bool,
    /// A click-to-chat link to `WA_NOTIF_NUMBER` about this order, when
    /// the number is set.
    pub whatsapp: Option<String>,
    /// `/admin/orders/{id}/invoice.pdf`, when the order has an invoice.
    pub invoice_pdf: Option<String>,
    /// It delivered files: their links can be sent again.
    pub can_reissue_downloads: bool,
    /// Its purchase waits for the team to hand it over (manual delivery).
    pub awaits_hand_delivery: bool,
    /// How its purchase was delivered, once paid.
    pub delivery: Option<DeliveryFacts>,
}

/// A purchase's delivery as the admin reads it: the member's words, and
/// for a GitHub product the username and why an invitation failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveryFacts {
    pub status: String,
    pub status_label: String,
    pub github_username: Option<String>,
    pub github_state: Option<String>,
    pub error: Option<String>,
}

#[cfg(feature = "ssr")]
mod convert {
    use super::*;
    use crate::api::{admin::wib, purchases::convert as shop};
    use domain::entities::{
        order::{self, OrderStatus},
        order_event,
    };

    pub fn status(s: OrderStatus) -> (String, String) {
        let (key, label) = shop::order_status(s);
        (key.to_owned(), label.to_owned())
    }

    pub fn row(o: order::Model) -> OrderRow {
        let (status, status_label) = status(o.status);
        OrderRow {
            id: o.id,
            amount: domain::mail::orders::order_amount(&o),
            provider: o.payment_provider.label().to_owned(),
            created: wib(o.created_at),
            status,
            status_label,
            code: o.order_code,
            buyer: o.customer_name,
            email: o.customer_email,
            item: o.item_name,
        }
    }

    fn event(e: order_event::Model) -> OrderEventView {
        OrderEventView {
            at: wib(e.created_at),
            source: e.source,
            outcome: e.outcome,
            from_status: e.from_status,
            to_status: e.to_status,
            detail: e.detail,
        }
    }

    pub fn delivery(p: &domain::entities::user_purchase::Model) -> DeliveryFacts {
        let github = p.github_repo.is_some().then(|| shop::github(p));
        let ((status, status_label), github_state) = match github {
            Some((badge, row)) => (badge, Some(row.state)),
            None => (shop::delivery_status(p.delivery_status), None),
        };
        DeliveryFacts {
            status: status.to_owned(),
            status_label: status_label.to_owned(),
            github_username: p.github_username.clone(),
            github_state,
            error: p.delivery_error.clone(),
        }
    }

    pub fn detail(
        o: order::Model,
        events: Vec<order_event::Model>,
        st: &crate::ssr::ServerState,
    ) -> OrderDetail {
        use domain::backoffice::orders::{whatsapp_link, whatsapp_text};
        let (status, status_label) = status(o.status);
        let admin_page = st.site().link(&format!("/admin/orders/{}", o.id));
        let whatsapp = st
            .config
            .wa_notif_number
            .as_deref()
            .and_then(|n| whatsapp_link(n, &whatsapp_text(&o, &admin_page)));
        OrderDetail {
            id: o.id,
            invoice_pdf: o
                .invoice_number
                .as_ref()
                .map(|_| format!("/admin/orders/{}/invoice.pdf", o.id)),
            // Set by the caller, which looks at the purchase.
            can_reissue_downloads: false,
            awaits_hand_delivery: false,
            delivery: None,
            status,
            status_label,
            amount: domain::mail::orders::order_amount(&o),
            amount_idr: money::rupiah(o.amount_idr),
            provider: o.payment_provider.label().to_owned(),
            created: wib(o.created_at),
            paid: o.paid_at.map(wib),
            expires: (o.status == OrderStatus::Pending)
                .then_some(o.expires_at)
                .flatten()
                .map(wib),
            can_cancel: o.status == OrderStatus::Pending,
            is_paid: matches!(o.status, OrderStatus::Paid | OrderStatus::Fulfilled),
            whatsapp,
            events: events.into_iter().map(event).collect(),
            code: o.order_code,
            invoice_number: o.invoice_number,
            item: o.item_name,
            provider_ref: o.provider_ref,
            buyer: o.customer_name,
            email: o.customer_email,
            phone: o.customer_phone.filter(|p| !p.trim().is_empty()),
        }
    }
}

/// Orders, newest first. Every filter may be empty; an unknown status or
/// provider, or a bad range of `YYYY-MM-DD` days (Jakarta), is
/// `invalid_input` with the field named.
#[server(endpoint = "admin/orders")]
pub async fn get_orders(
    status: String,
    provider: String,
    from: String,
    to: String,
    q: String,
    page: u64,
) -> Result<OrderList, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let filter = domain::backoffice::orders::OrderFilter {
        status,
        provider,
        from,
        to,
        q,
    };
    let found = domain::backoffice::orders::list(&st.db, &filter, page).await?;
    Ok(Paged::from_page(found, convert::row))
}

/// The order as its page shows it.
#[cfg(feature = "ssr")]
async fn order_view(st: &crate::ssr::ServerState, id: i32) -> Result<OrderDetail, AppError> {
    let (order, events) = domain::backoffice::orders::detail(&st.db, id).await?;
    let reissue = domain::deliverables::can_reissue(&st.db, id).await?;
    let by_hand = domain::orders::awaiting_hand_delivery(&st.db, id).await?
        && order.status == domain::entities::order::OrderStatus::Paid;
    let purchase = domain::backoffice::orders::purchase_of(&st.db, id).await?;
    Ok(OrderDetail {
        can_reissue_downloads: reissue,
        awaits_hand_delivery: by_hand,
        delivery: purchase.as_ref().map(convert::delivery),
        ..convert::detail(order, events, st)
    })
}

#[server(endpoint = "admin/orders/get")]
pub async fn get_order(id: i32) -> Result<OrderDetail, AppError> {
    crate::ssr::session::current_admin().await?;
    order_view(&crate::ssr::state()?, id).await
}

/// Cancels a pending order (audited); another status is `order_closed`.
#[server(endpoint = "admin/orders/cancel")]
pub async fn cancel_order(id: i32) -> Result<OrderDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::backoffice::orders::cancel(&st.db, &actor, id, chrono::Utc::now()).await?;
    order_view(&st, id).await
}

/// Records that a paid order's money was returned in the provider's
/// dashboard (audited with `reason`); an unpaid order is `order_not_paid`.
#[server(endpoint = "admin/orders/refund")]
pub async fn refund_order(id: i32, reason: String) -> Result<OrderDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::backoffice::orders::mark_refunded(&st.db, &actor, id, &reason, chrono::Utc::now())
        .await?;
    order_view(&st, id).await
}

/// Marks a manual delivery handed over, with a note the member reads
/// (audited); the order is fulfilled.
#[server(endpoint = "admin/orders/deliver-by-hand")]
pub async fn deliver_by_hand(id: i32, note: String) -> Result<OrderDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let page = st.site().link("/dashboard/downloads");
    domain::orders::mark_delivered_by_hand(&st.db, &actor, id, &note, chrono::Utc::now(), &page)
        .await?;
    order_view(&st, id).await
}

/// Sends a file order's download links again with its downloads given back
/// (audited); an order without delivered files is `order_not_paid`.
#[server(endpoint = "admin/orders/reissue-downloads")]
pub async fn reissue_downloads(id: i32) -> Result<OrderDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::deliverables::reissue(&st.db, &st.deliverables, &actor, id, chrono::Utc::now()).await?;
    order_view(&st, id).await
}

/// Sends the order-confirmed and invoice e-mails of a paid order again
/// (audited); an unpaid order is `order_not_paid`.
#[server(endpoint = "admin/orders/resend")]
pub async fn resend_order_emails(id: i32) -> Result<OrderDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let site = st.site();
    domain::backoffice::orders::resend_emails(&st.db, &actor, id, &site, chrono::Utc::now())
        .await?;
    order_view(&st, id).await
}
