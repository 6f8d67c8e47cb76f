//! The client portal's data (issue 15): overview, projects with their
//! milestones and deliverables, invoices and message threads, each for the
//! signed-in client only (`current_client`; the domain checks every
//! project id against the client's own projects). What Ixonomic gives
//! comes [`Dated`]: when it is the last good answer, the pages say
//! "data per …" and offer no approval or payment.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Data with its age: `live` is false when Ixonomic could not be reached
/// and this is its last good answer, from `as_of` (WIB).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dated<T> {
    pub data: T,
    pub as_of: String,
    pub live: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectRow {
    pub id: String,
    pub name: String,
    pub status: String,
    pub status_label: String,
    pub summary: String,
    /// "15 Desember 2026", when it has a due date.
    pub due: Option<String>,
    pub progress: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRow {
    pub project_id: String,
    pub project_name: String,
    pub title: String,
    pub status: String,
    pub status_label: String,
    pub due: Option<String>,
    pub completed: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliverableRow {
    pub id: String,
    pub project_id: String,
    pub project_name: String,
    pub title: String,
    pub description: String,
    pub preview_url: Option<String>,
    pub status: String,
    pub status_label: String,
    pub submitted: Option<String>,
    pub comment: Option<String>,
    /// Waits for the client's decision.
    pub awaiting: bool,
    /// The key the decision forms carry: a double click or a resent form
    /// decides once.
    pub decision_key: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub description: String,
    pub quantity: u32,
    pub unit_price: String,
    pub total: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub id: String,
    pub number: String,
    pub status: String,
    pub status_label: String,
    pub amount: String,
    pub issued: String,
    pub due: String,
    pub lines: Vec<InvoiceLine>,
    /// Open for payment through the site now.
    pub payable: bool,
    /// A payment started here waits to be finished.
    pub pending: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientOverview {
    pub name: String,
    pub projects: Vec<ProjectRow>,
    pub milestones: Vec<MilestoneRow>,
    pub awaiting: Vec<DeliverableRow>,
    pub unpaid: Vec<InvoiceRow>,
    pub unread_messages: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectView {
    pub project: ProjectRow,
    pub milestones: Vec<MilestoneRow>,
    pub deliverables: Vec<DeliverableRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageRow {
    /// Written by the client (shown on the right).
    pub mine: bool,
    pub author: String,
    pub body: String,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadRow {
    pub project_id: String,
    pub project_name: String,
    pub last: String,
    pub last_at: Option<String>,
    pub unread: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessagesView {
    /// One per project of the client, newest message first.
    pub threads: Vec<ThreadRow>,
    /// The open thread's project and its messages, oldest first.
    pub open: Option<(ProjectRow, Vec<MessageRow>)>,
}

#[server(endpoint = "client/overview")]
pub async fn get_client_overview() -> Result<Dated<ClientOverview>, AppError> {
    let (st, client) = convert::client().await?;
    let now = chrono::Utc::now();
    let fresh = domain::clients::portal::overview(&st.db, &st.ixonomic, &client, now).await?;
    let paid = domain::clients::invoices::paid_here(&st.db, client.user_id).await?;
    let unread = domain::clients::messages::threads_of_client(&st.db, client.user_id)
        .await?
        .iter()
        .map(|t| t.unread_for_client)
        .sum();
    let o = &fresh.data;
    let mut unpaid = Vec::new();
    for i in &o.unpaid_invoices {
        if !paid.contains_key(&i.id) {
            unpaid.push(convert::invoice(&st.db, &client, i, &paid, fresh.live, now).await?);
        }
    }
    let data = ClientOverview {
        name: client.name.clone(),
        projects: o.active_projects.iter().map(convert::project).collect(),
        milestones: o
            .next_milestones
            .iter()
            .map(|(p, m)| convert::milestone(p, m))
            .collect(),
        awaiting: o
            .awaiting_approval
            .iter()
            .map(|(p, d)| convert::deliverable(p, d))
            .collect(),
        unpaid,
        unread_messages: unread,
    };
    Ok(convert::dated(data, fresh.as_of, fresh.live))
}

#[server(endpoint = "client/projects")]
pub async fn get_client_projects() -> Result<Dated<Vec<ProjectRow>>, AppError> {
    let (st, client) = convert::client().await?;
    let fresh =
        domain::clients::portal::projects(&st.db, &st.ixonomic, &client, chrono::Utc::now())
            .await?;
    let rows = fresh.data.iter().map(convert::project).collect();
    Ok(convert::dated(rows, fresh.as_of, fresh.live))
}

#[server(endpoint = "client/project")]
pub async fn get_client_project(id: String) -> Result<Dated<ProjectView>, AppError> {
    let (st, client) = convert::client().await?;
    let fresh =
        domain::clients::portal::project(&st.db, &st.ixonomic, &client, &id, chrono::Utc::now())
            .await?;
    let d = &fresh.data;
    let view = ProjectView {
        project: convert::project(&d.project),
        milestones: d
            .milestones
            .iter()
            .map(|m| convert::milestone(&d.project, m))
            .collect(),
        deliverables: d
            .deliverables
            .iter()
            .map(|x| convert::deliverable(&d.project, x))
            .collect(),
    };
    Ok(convert::dated(view, fresh.as_of, fresh.live))
}

/// Every project's deliverables, those waiting for the client first.
#[server(endpoint = "client/deliverables")]
pub async fn get_client_deliverables() -> Result<Dated<Vec<DeliverableRow>>, AppError> {
    let (st, client) = convert::client().await?;
    let now = chrono::Utc::now();
    let fresh = domain::clients::portal::deliverables(&st.db, &st.ixonomic, &client, now).await?;
    let mut rows: Vec<DeliverableRow> = fresh
        .data
        .iter()
        .map(|(p, d)| convert::deliverable(p, d))
        .collect();
    rows.sort_by_key(|d| !d.awaiting);
    Ok(convert::dated(rows, fresh.as_of, fresh.live))
}

#[server(endpoint = "client/invoices")]
pub async fn get_client_invoices() -> Result<Dated<Vec<InvoiceRow>>, AppError> {
    let (st, client) = convert::client().await?;
    let now = chrono::Utc::now();
    let fresh = domain::clients::portal::invoices(&st.db, &st.ixonomic, &client, now).await?;
    let paid = domain::clients::invoices::paid_here(&st.db, client.user_id).await?;
    let mut rows = Vec::new();
    for i in &fresh.data {
        rows.push(convert::invoice(&st.db, &client, i, &paid, fresh.live, now).await?);
    }
    Ok(convert::dated(rows, fresh.as_of, fresh.live))
}

/// The client's threads, and the one of `project` opened (marked read).
#[server(endpoint = "client/messages")]
pub async fn get_client_messages(project: Option<String>) -> Result<MessagesView, AppError> {
    use domain::{clients::messages, entities::client_message::Author};
    let (st, client) = convert::client().await?;
    let now = chrono::Utc::now();
    let projects = domain::clients::portal::projects(&st.db, &st.ixonomic, &client, now).await?;
    let summaries = messages::threads_of_client(&st.db, client.user_id).await?;
    let mut threads: Vec<ThreadRow> = projects
        .data
        .iter()
        .map(|p| {
            let s = summaries.iter().find(|s| s.project_id == p.id);
            ThreadRow {
                project_id: p.id.clone(),
                project_name: p.name.clone(),
                last: s.map(|s| s.last_body_excerpt.clone()).unwrap_or_default(),
                last_at: s.map(|s| domain::jakarta::waktu(s.last_at)),
                unread: s.map_or(0, |s| s.unread_for_client),
            }
        })
        .collect();
    threads.sort_by_key(|t| {
        std::cmp::Reverse(
            summaries
                .iter()
                .find(|s| s.project_id == t.project_id)
                .map(|s| s.last_at),
        )
    });
    let open = match project.filter(|p| !p.is_empty()) {
        None => None,
        Some(id) => {
            // Only the client's own project (else not found).
            let p = projects
                .data
                .iter()
                .find(|p| p.id == id)
                .ok_or_else(AppError::not_found)?;
            messages::mark_read_by_client(&st.db, client.user_id, &id, now).await?;
            let rows = messages::thread(&st.db, client.user_id, &id)
                .await?
                .into_iter()
                .map(|m| MessageRow {
                    mine: m.author == Author::Client,
                    author: if m.author == Author::Client {
                        client.name.clone()
                    } else {
                        "Tim Tiranyx".to_owned()
                    },
                    body: m.body,
                    at: domain::jakarta::waktu(m.created_at),
                })
                .collect();
            Some((convert::project(p), rows))
        }
    };
    Ok(MessagesView { threads, open })
}

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use super::*;
    use crate::ssr::ServerState;
    use chrono::{DateTime, Utc};
    use domain::clients::{
        ixonomic::contract::{
            Deliverable, DeliverableStatus as D, Invoice, InvoiceStatus as I, Milestone,
            MilestoneStatus as M, Project, ProjectStatus as P,
        },
        ClientAccount,
    };
    use std::collections::HashMap;

    pub async fn client() -> Result<(ServerState, ClientAccount), AppError> {
        let u = crate::ssr::session::current_member().await?;
        let st = crate::ssr::state()?;
        let client = domain::clients::client_of(&st.db, u.user_id).await?;
        Ok((st, client))
    }

    pub fn dated<T>(data: T, as_of: DateTime<Utc>, live: bool) -> Dated<T> {
        Dated {
            data,
            as_of: domain::jakarta::waktu(as_of),
            live,
        }
    }

    pub fn project_status(s: P) -> (&'static str, &'static str) {
        match s {
            P::Planning => ("planning", "Perencanaan"),
            P::InProgress => ("in_progress", "Dikerjakan"),
            P::Review => ("review", "Tahap review"),
            P::OnHold => ("on_hold", "Ditunda"),
            P::Completed => ("completed", "Selesai"),
        }
    }

    pub fn project(p: &Project) -> ProjectRow {
        let (status, label) = project_status(p.status);
        ProjectRow {
            id: p.id.clone(),
            name: p.name.clone(),
            status: status.to_owned(),
            status_label: label.to_owned(),
            summary: p.summary.clone(),
            due: p.due_on.map(domain::jakarta::hari),
            progress: p.progress_percent.min(100),
        }
    }

    pub fn milestone(p: &Project, m: &Milestone) -> MilestoneRow {
        let (status, label) = match m.status {
            M::Pending => ("pending", "Belum dimulai"),
            M::InProgress => ("in_progress", "Berjalan"),
            M::Done => ("done", "Selesai"),
        };
        MilestoneRow {
            project_id: p.id.clone(),
            project_name: p.name.clone(),
            title: m.title.clone(),
            status: status.to_owned(),
            status_label: label.to_owned(),
            due: m.due_on.map(domain::jakarta::hari),
            completed: m.completed_at.map(domain::jakarta::tanggal),
        }
    }

    pub fn deliverable(p: &Project, d: &Deliverable) -> DeliverableRow {
        let (status, label) = match d.status {
            D::InProgress => ("in_progress", "Sedang dikerjakan"),
            D::AwaitingApproval => ("awaiting_approval", "Menunggu persetujuanmu"),
            D::Approved => ("approved", "Disetujui"),
            D::ChangesRequested => ("changes_requested", "Perubahan diminta"),
        };
        DeliverableRow {
            id: d.id.clone(),
            project_id: p.id.clone(),
            project_name: p.name.clone(),
            title: d.title.clone(),
            description: d.description.clone(),
            // Only web links: Ixonomic's text is not trusted as markup.
            preview_url: d
                .preview_url
                .clone()
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            status: status.to_owned(),
            status_label: label.to_owned(),
            submitted: d.submitted_at.map(domain::jakarta::waktu),
            comment: d.client_comment.clone(),
            awaiting: d.status == D::AwaitingApproval,
            decision_key: domain::random::hex_token(16),
        }
    }

    pub async fn invoice(
        db: &domain::Database,
        client: &ClientAccount,
        i: &Invoice,
        paid_here: &HashMap<String, DateTime<Utc>>,
        live: bool,
        now: DateTime<Utc>,
    ) -> Result<InvoiceRow, AppError> {
        let here = paid_here.contains_key(&i.id);
        let (status, label) = match i.status {
            _ if here => ("paid", "Lunas (dibayar lewat situs)"),
            I::Unpaid => ("unpaid", "Belum dibayar"),
            I::Overdue => ("overdue", "Lewat jatuh tempo"),
            I::Paid => ("paid", "Lunas"),
            I::Void => ("void", "Dibatalkan"),
        };
        let open = matches!(i.status, I::Unpaid | I::Overdue) && !here;
        let pending = open
            && domain::clients::invoices::pending_order(db, client.user_id, &i.id, now)
                .await?
                .is_some();
        Ok(InvoiceRow {
            id: i.id.clone(),
            number: i.number.clone(),
            status: status.to_owned(),
            status_label: label.to_owned(),
            amount: money::rupiah(i.amount),
            issued: domain::jakarta::hari(i.issued_on),
            due: domain::jakarta::hari(i.due_on),
            lines: i
                .items
                .iter()
                .map(|l| InvoiceLine {
                    description: l.description.clone(),
                    quantity: l.quantity,
                    unit_price: money::rupiah(l.unit_price),
                    total: money::rupiah(l.total),
                })
                .collect(),
            payable: open && live,
            pending,
        })
    }
}
