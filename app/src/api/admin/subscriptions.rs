//! The admin's subscriptions: the filtered listing, one subscription with
//! its periods, and the actions (extend, cancel). Thin: the rules and the
//! audit live in `domain::subscriptions::admin`.
use crate::{error::AppError, model::Paged};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionRow {
    pub id: i32,
    pub member: String,
    pub email: String,
    pub bundle: String,
    /// The API name (`active`, `expired`, `cancelled`), for the badge.
    pub status: String,
    pub status_label: String,
    /// "per bulan" / "per tahun".
    pub period: String,
    pub expires: String,
}

pub type SubscriptionList = Paged<SubscriptionRow>;

/// One extension: a paid order or an admin's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodView {
    pub at: String,
    /// "Pesanan #12" or "Admin".
    pub source: String,
    /// The admin's order page, for an order.
    pub order_href: Option<String>,
    pub from: String,
    pub to: String,
    pub note: String,
    /// When the order's money went back and the period was taken off.
    pub revoked: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionDetail {
    pub row: SubscriptionRow,
    pub bundle_slug: String,
    pub starts: String,
    /// When the expiry warning went out for the current period, if it did.
    pub warned: bool,
    pub periods: Vec<PeriodView>,
    pub can_cancel: bool,
}

#[cfg(feature = "ssr")]
mod convert {
    use super::*;
    use crate::api::{admin::wib, purchases::convert as shop};
    use domain::{
        entities::{subscription::SubscriptionStatus, subscription_period},
        subscriptions::admin::Listed,
    };

    pub fn row(l: Listed) -> SubscriptionRow {
        let (status, label) = shop::subscription_status(l.sub.status);
        SubscriptionRow {
            id: l.sub.id,
            member: l.name,
            email: l.email,
            bundle: l.sub.bundle_name,
            status: status.to_owned(),
            status_label: label.to_owned(),
            period: l.sub.period.per_label().to_owned(),
            expires: wib(l.sub.expires_at),
        }
    }

    fn period(p: subscription_period::Model) -> PeriodView {
        PeriodView {
            at: wib(p.created_at),
            source: p
                .order_id
                .map_or_else(|| "Admin".to_owned(), |id| format!("Pesanan #{id}")),
            order_href: p.order_id.map(|id| format!("/admin/orders/{id}")),
            from: wib(p.from_expires_at),
            to: wib(p.to_expires_at),
            note: p.note,
            revoked: p.revoked_at.map(wib),
        }
    }

    pub fn detail(l: Listed, periods: Vec<subscription_period::Model>) -> SubscriptionDetail {
        let warned = l.sub.warned_for == Some(l.sub.expires_at);
        let can_cancel = l.sub.status != SubscriptionStatus::Cancelled;
        SubscriptionDetail {
            bundle_slug: l.sub.bundle_slug.clone(),
            starts: wib(l.sub.starts_at),
            warned,
            can_cancel,
            periods: periods.into_iter().map(period).collect(),
            row: row(l),
        }
    }
}

/// Subscriptions, newest first. Every filter may be empty; an unknown
/// status is `invalid_input` with the field named.
#[server(endpoint = "admin/subscriptions")]
pub async fn get_subscriptions(
    status: String,
    bundle: String,
    q: String,
    page: u64,
) -> Result<SubscriptionList, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let filter = domain::subscriptions::admin::SubscriptionFilter { status, bundle, q };
    let found = domain::subscriptions::admin::list(&st.db, &filter, page).await?;
    Ok(Paged::from_page(found, convert::row))
}

/// The bundles subscribed to, `(slug, name)`, for the filter.
#[server(endpoint = "admin/subscriptions/bundles")]
pub async fn get_subscription_bundles() -> Result<Vec<(String, String)>, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    Ok(domain::subscriptions::admin::bundles(&st.db).await?)
}

#[cfg(feature = "ssr")]
async fn subscription_view(
    st: &crate::ssr::ServerState,
    id: i32,
) -> Result<SubscriptionDetail, AppError> {
    let (listed, periods) = domain::subscriptions::admin::detail(&st.db, id).await?;
    Ok(convert::detail(listed, periods))
}

#[server(endpoint = "admin/subscriptions/get")]
pub async fn get_subscription(id: i32) -> Result<SubscriptionDetail, AppError> {
    crate::ssr::session::current_admin().await?;
    subscription_view(&crate::ssr::state()?, id).await
}

/// Extends by `days` (blank: one period) with `reason`, audited.
#[server(endpoint = "admin/subscriptions/extend")]
pub async fn extend_subscription(
    id: i32,
    days: String,
    reason: String,
) -> Result<SubscriptionDetail, AppError> {
    use domain::subscriptions::admin;
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let by = admin::Extension::parse(&days)?;
    admin::extend(&st.db, &actor, id, by, &reason, chrono::Utc::now()).await?;
    subscription_view(&st, id).await
}

/// Cancels now with `reason`, audited; a cancelled one is `invalid_input`.
#[server(endpoint = "admin/subscriptions/cancel")]
pub async fn cancel_subscription(id: i32, reason: String) -> Result<SubscriptionDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::subscriptions::admin::cancel(&st.db, &actor, id, &reason, chrono::Utc::now()).await?;
    subscription_view(&st, id).await
}
