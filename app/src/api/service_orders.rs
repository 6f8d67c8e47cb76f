//! The member's service orders for the dashboard (issue 14): the list and
//! one order with its quote, timeline and deliverables. Only the member's
//! own: anyone else's is `not_found`.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceOrderRow {
    pub id: i32,
    pub service: String,
    /// The state's stored name (`briefed`, `quoted`, …).
    pub state: String,
    pub state_label: String,
    pub created: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceOrderView {
    pub id: i32,
    pub service: String,
    pub state: String,
    pub state_label: String,
    pub brief: String,
    /// "Rp 5.000.000 – Rp 15.000.000".
    pub budget: String,
    pub deadline: String,
    pub quote: Option<QuoteView>,
    /// The checkout order's code and status once the quote is accepted.
    pub checkout: Option<(String, String)>,
    pub timeline: Vec<TimelineRow>,
    pub attachments: Vec<String>,
    pub deliverables: Vec<DeliverableRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteView {
    pub price: String,
    pub scope: String,
    /// "17 Januari 2026": the last day it can be accepted.
    pub valid_through: String,
    /// The member can accept (and pay) it now.
    pub can_accept: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineRow {
    pub when: String,
    pub what: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliverableRow {
    pub id: i32,
    pub name: String,
    pub size: String,
    /// A fresh signed link (72 hours).
    pub url: Option<String>,
    pub approval_label: String,
    pub comment: Option<String>,
    /// Waits for the member's decision.
    pub open: bool,
}

#[server(endpoint = "account/service-orders")]
pub async fn get_service_orders() -> Result<Vec<ServiceOrderRow>, AppError> {
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    let now = chrono::Utc::now();
    let rows = domain::service_orders::member_list(&st.db, u.user_id, now).await?;
    Ok(rows
        .into_iter()
        .map(|(o, state)| ServiceOrderRow {
            id: o.id,
            service: o.service_title,
            state: convert::state_name(state).to_owned(),
            state_label: convert::state_label(state).to_owned(),
            created: domain::jakarta::tanggal(o.created_at),
        })
        .collect())
}

#[server(endpoint = "account/service-order")]
pub async fn get_service_order(id: i32) -> Result<ServiceOrderView, AppError> {
    use domain::entities::service_order::ServiceOrderState as State;
    use domain::entities::service_order_file::Approval;
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    let now = chrono::Utc::now();
    let d =
        domain::service_orders::member_detail(&st.db, &st.deliverables, u.user_id, id, now).await?;
    let o = &d.order;
    let quote = match (o.quote_price_idr, o.quote_valid_until) {
        (Some(price), Some(until)) => Some(QuoteView {
            price: money::rupiah(price),
            scope: o.quote_scope.clone().unwrap_or_default(),
            valid_through: domain::service_orders::valid_through(until),
            can_accept: matches!(d.state, State::Quoted | State::AwaitingPayment),
        }),
        _ => None,
    };
    Ok(ServiceOrderView {
        id: o.id,
        service: o.service_title.clone(),
        state: convert::state_name(d.state).to_owned(),
        state_label: convert::state_label(d.state).to_owned(),
        brief: o.brief.clone(),
        budget: format!(
            "{} – {}",
            money::rupiah(o.budget_min_idr),
            money::rupiah(o.budget_max_idr)
        ),
        deadline: domain::jakarta::tanggal(domain::jakarta::start_of_day(o.deadline)),
        quote,
        checkout: d.checkout.as_ref().map(|c| {
            (
                c.order_code.clone(),
                super::purchases::convert::order_status(c.status)
                    .1
                    .to_owned(),
            )
        }),
        timeline: d
            .timeline
            .iter()
            .map(|e| TimelineRow {
                when: domain::jakarta::waktu(e.created_at),
                what: convert::event_label(e.kind).to_owned(),
                note: e.note.clone(),
            })
            .collect(),
        attachments: d.attachments.iter().map(|f| f.file_name.clone()).collect(),
        deliverables: d
            .deliverables
            .iter()
            .map(|(f, link)| DeliverableRow {
                id: f.id,
                name: f.file_name.clone(),
                size: domain::deliverables::files::size_label(f.size_bytes),
                url: link.as_ref().map(|l| l.url.clone()),
                approval_label: match f.approval {
                    Some(Approval::Pending) | None => "Menunggu persetujuanmu",
                    Some(a) => convert::approval_label(a),
                }
                .to_owned(),
                comment: f.revision_comment.clone(),
                open: f.approval == Some(Approval::Pending)
                    && matches!(d.state, State::Delivered | State::RevisionRequested),
            })
            .collect(),
    })
}

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use domain::entities::{
        service_order::ServiceOrderState as State, service_order_event::EventKind,
    };

    pub fn state_name(s: State) -> &'static str {
        match s {
            State::Briefed => "briefed",
            State::Quoted => "quoted",
            State::QuoteExpired => "quote_expired",
            State::AwaitingPayment => "awaiting_payment",
            State::InProgress => "in_progress",
            State::Delivered => "delivered",
            State::RevisionRequested => "revision_requested",
            State::Completed => "completed",
            State::Cancelled => "cancelled",
        }
    }

    /// The state a name of [`state_name`] names.
    pub fn parse_state(name: &str) -> Option<State> {
        use State::*;
        [
            Briefed,
            Quoted,
            QuoteExpired,
            AwaitingPayment,
            InProgress,
            Delivered,
            RevisionRequested,
            Completed,
            Cancelled,
        ]
        .into_iter()
        .find(|s| state_name(*s) == name)
    }

    pub fn approval_label(a: domain::entities::service_order_file::Approval) -> &'static str {
        use domain::entities::service_order_file::Approval;
        match a {
            Approval::Pending => "Menunggu persetujuan",
            Approval::Approved => "Disetujui",
            Approval::Revision => "Diminta revisi",
            Approval::Replaced => "Diganti versi baru",
        }
    }

    pub fn state_label(s: State) -> &'static str {
        match s {
            State::Briefed => "Menunggu penawaran",
            State::Quoted => "Penawaran dikirim",
            State::QuoteExpired => "Penawaran kedaluwarsa",
            State::AwaitingPayment => "Menunggu pembayaran",
            State::InProgress => "Sedang dikerjakan",
            State::Delivered => "Menunggu persetujuanmu",
            State::RevisionRequested => "Sedang direvisi",
            State::Completed => "Selesai",
            State::Cancelled => "Dibatalkan",
        }
    }

    pub fn event_label(k: EventKind) -> &'static str {
        match k {
            EventKind::BriefSubmitted => "Brief dikirim",
            EventKind::QuoteSent => "Penawaran dikirim",
            EventKind::QuoteAccepted => "Penawaran diterima",
            EventKind::Paid => "Pembayaran diterima",
            EventKind::PaymentUnexpected => "Pembayaran di luar proses",
            EventKind::ProgressNote => "Kabar progres",
            EventKind::DeliverableAdded => "Hasil kerja diunggah",
            EventKind::DeliverableApproved => "Hasil kerja disetujui",
            EventKind::RevisionRequested => "Revisi diminta",
            EventKind::Completed => "Pesanan selesai",
            EventKind::Cancelled => "Pesanan dibatalkan",
        }
    }
}
