//! Service orders for admins (issue 14): every order, filtered by state,
//! and one with its brief, quote, timeline and files. The forms on the
//! detail page are plain posts (`server::service_orders`).
use crate::{api::service_orders::TimelineRow, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminServiceOrderRow {
    pub id: i32,
    pub service: String,
    pub state: String,
    pub state_label: String,
    pub budget: String,
    pub deadline: String,
    pub created: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminFile {
    pub id: i32,
    pub name: String,
    pub size: String,
    pub approval_label: Option<String>,
    pub comment: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminServiceOrder {
    pub id: i32,
    pub service: String,
    pub member: String,
    pub state: String,
    pub state_label: String,
    pub brief: String,
    pub budget: String,
    pub deadline: String,
    /// "Rp 7.500.000 · berlaku sampai 17 Januari 2026 — scope".
    pub quote: Option<(String, String, String)>,
    pub checkout: Option<(i32, String, String)>,
    pub can_quote: bool,
    pub can_work: bool,
    pub attachments: Vec<AdminFile>,
    pub deliverables: Vec<AdminFile>,
    pub timeline: Vec<TimelineRow>,
}

/// `state` is "" for every order, or a state's name (`briefed`, …).
#[server(endpoint = "admin/service-orders")]
pub async fn get_admin_service_orders(
    state: String,
) -> Result<Vec<AdminServiceOrderRow>, AppError> {
    use crate::api::service_orders::convert;
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let filter = match state.as_str() {
        "" => None,
        name => Some(
            convert::parse_state(name).ok_or_else(|| AppError::invalid("Status tidak dikenal."))?,
        ),
    };
    let rows = domain::service_orders::admin_list(&st.db, filter, chrono::Utc::now()).await?;
    Ok(rows
        .into_iter()
        .map(|(o, s)| AdminServiceOrderRow {
            id: o.id,
            service: o.service_title,
            state: convert::state_name(s).to_owned(),
            state_label: convert::state_label(s).to_owned(),
            budget: format!(
                "{} – {}",
                money::rupiah(o.budget_min_idr),
                money::rupiah(o.budget_max_idr)
            ),
            deadline: domain::jakarta::tanggal(domain::jakarta::start_of_day(o.deadline)),
            created: domain::jakarta::tanggal(o.created_at),
        })
        .collect())
}

#[server(endpoint = "admin/service-order")]
pub async fn get_admin_service_order(id: i32) -> Result<AdminServiceOrder, AppError> {
    use crate::api::service_orders::convert;
    use domain::{
        entities::service_order::ServiceOrderState as State,
        service_orders::{transition, Step},
    };
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let d = domain::service_orders::admin_detail(&st.db, id, chrono::Utc::now()).await?;
    let o = &d.order;
    let file = |f: &domain::entities::service_order_file::Model| AdminFile {
        id: f.id,
        name: f.file_name.clone(),
        size: domain::deliverables::files::size_label(f.size_bytes),
        approval_label: f.approval.map(|a| convert::approval_label(a).to_owned()),
        comment: f.revision_comment.clone(),
    };
    Ok(AdminServiceOrder {
        id: o.id,
        service: o.service_title.clone(),
        member: format!("{} <{}>", d.member.0, d.member.1),
        state: convert::state_name(d.state).to_owned(),
        state_label: convert::state_label(d.state).to_owned(),
        brief: o.brief.clone(),
        budget: format!(
            "{} – {}",
            money::rupiah(o.budget_min_idr),
            money::rupiah(o.budget_max_idr)
        ),
        deadline: domain::jakarta::tanggal(domain::jakarta::start_of_day(o.deadline)),
        quote: match (o.quote_price_idr, o.quote_valid_until) {
            (Some(p), Some(u)) => Some((
                money::rupiah(p),
                domain::service_orders::valid_through(u),
                o.quote_scope.clone().unwrap_or_default(),
            )),
            _ => None,
        },
        checkout: d.checkout.as_ref().map(|c| {
            (
                c.id,
                c.order_code.clone(),
                crate::api::purchases::convert::order_status(c.status)
                    .1
                    .to_owned(),
            )
        }),
        can_quote: transition(d.state, Step::SendQuote).is_ok(),
        can_work: transition(d.state, Step::Deliver).is_ok() && d.state != State::Completed,
        attachments: d.attachments.iter().map(file).collect(),
        deliverables: d.deliverables.iter().map(|(f, _)| file(f)).collect(),
        timeline: d
            .timeline
            .iter()
            .map(|e| TimelineRow {
                when: domain::jakarta::waktu(e.created_at),
                what: convert::event_label(e.kind).to_owned(),
                note: e.note.clone(),
            })
            .collect(),
    })
}
