//! The client portal's use cases: what the pages call. Every read asks
//! Ixonomic and stores the answer; when Ixonomic fails (the reason is
//! logged, never the key) it gives the last stored answer, dated and
//! marked not live, so the portal shows "data per {time}" with approving
//! disabled instead of an error. Nothing stored and Ixonomic down is
//! `IxonomicUnavailable`. Every project id is checked against the signed-in
//! client's own project list before it is used.
use super::{
    ixonomic::{
        contract::{
            DecisionKind, DecisionRequest, Deliverable, DeliverableStatus, Invoice, InvoiceStatus,
            Milestone, MilestoneStatus, Project, ProjectStatus,
        },
        snapshot::{self, deliverables_of, milestones_of},
        valid_id, Decided, Ixonomic, Outage,
    },
    ClientAccount,
};
use crate::{
    audit,
    entities::ixonomic_approval::{self, ApprovalState, Decision},
    error::{DomainError, DomainResult, Refusal},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// An answer and how fresh it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Fresh<T> {
    pub data: T,
    /// When Ixonomic gave this answer.
    pub as_of: DateTime<Utc>,
    /// False: Ixonomic failed now, this is the last good answer.
    pub live: bool,
}

impl<T> Fresh<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Fresh<U> {
        Fresh {
            data: f(self.data),
            as_of: self.as_of,
            live: self.live,
        }
    }

    /// Both answers: live only if both are, as old as the older.
    fn and<U>(self, other: Fresh<U>) -> Fresh<(T, U)> {
        Fresh {
            data: (self.data, other.data),
            as_of: self.as_of.min(other.as_of),
            live: self.live && other.live,
        }
    }
}

/// One resource, live (and stored) or from the snapshot.
async fn fetch<T, F>(
    db: &Database,
    client: &ClientAccount,
    resource: &str,
    call: F,
    now: DateTime<Utc>,
) -> DomainResult<Fresh<T>>
where
    T: Serialize + DeserializeOwned,
    F: Future<Output = Result<T, Outage>>,
{
    let client_id = client.ixonomic_id.as_str();
    match call.await {
        Ok(data) => {
            // The answer is shown even if it cannot be stored now.
            if let Err(e) = snapshot::store(db.writer(), client_id, resource, &data, now).await {
                tracing::warn!(client_id, resource, error = %e, "ixonomic snapshot not stored");
            }
            Ok(Fresh {
                data,
                as_of: now,
                live: true,
            })
        }
        Err(outage) => {
            tracing::warn!(client_id, resource, %outage, "ixonomic failed; using the snapshot");
            match snapshot::load(db.reader(), client_id, resource).await? {
                Some(s) => Ok(Fresh {
                    data: s.data,
                    as_of: s.fetched_at,
                    live: false,
                }),
                None => Err(DomainError::Refused(Refusal::IxonomicUnavailable)),
            }
        }
    }
}

/// The client's projects.
pub async fn projects(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    now: DateTime<Utc>,
) -> DomainResult<Fresh<Vec<Project>>> {
    let call = ix.projects(&client.ixonomic_id);
    let mut fresh: Fresh<Vec<Project>> = fetch(db, client, "projects", call, now).await?;
    // Whatever Ixonomic sends, only this client's projects are shown.
    fresh.data.retain(|p| p.client_id == client.ixonomic_id);
    Ok(fresh)
}

/// One of the client's projects, or NotFound (never asked of Ixonomic).
async fn own_project(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    project_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<Fresh<Project>> {
    if !valid_id(project_id) {
        return Err(DomainError::NotFound);
    }
    let list = projects(db, ix, client, now).await?;
    let found = list.data.iter().find(|p| p.id == project_id).cloned();
    match found {
        Some(p) => Ok(list.map(|_| p)),
        None => Err(DomainError::NotFound),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectDetail {
    pub project: Project,
    pub milestones: Vec<Milestone>,
    pub deliverables: Vec<Deliverable>,
}

async fn milestones_and_deliverables(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    project_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<Fresh<(Vec<Milestone>, Vec<Deliverable>)>> {
    let (m_res, d_res) = (milestones_of(project_id), deliverables_of(project_id));
    let (m, d) = tokio::join!(
        fetch(db, client, &m_res, ix.milestones(project_id), now),
        fetch(db, client, &d_res, ix.deliverables(project_id), now),
    );
    Ok(m?.and(d?))
}

/// A project with its milestones and deliverables; NotFound when it is
/// not the client's.
pub async fn project(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    project_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<Fresh<ProjectDetail>> {
    let project = own_project(db, ix, client, project_id, now).await?;
    let parts = milestones_and_deliverables(db, ix, client, project_id, now).await?;
    Ok(project
        .and(parts)
        .map(|(project, (milestones, deliverables))| ProjectDetail {
            project,
            milestones,
            deliverables,
        }))
}

/// The client's invoices.
pub async fn invoices(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    now: DateTime<Utc>,
) -> DomainResult<Fresh<Vec<Invoice>>> {
    let call = ix.invoices(&client.ixonomic_id);
    let mut fresh: Fresh<Vec<Invoice>> = fetch(db, client, "invoices", call, now).await?;
    fresh.data.retain(|i| i.client_id == client.ixonomic_id);
    Ok(fresh)
}

/// One of the client's invoices; NotFound when it is not theirs.
pub async fn invoice(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    invoice_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<Fresh<Invoice>> {
    if !valid_id(invoice_id) {
        return Err(DomainError::NotFound);
    }
    let list = invoices(db, ix, client, now).await?;
    let found = list.data.iter().find(|i| i.id == invoice_id).cloned();
    match found {
        Some(i) => Ok(list.map(|_| i)),
        None => Err(DomainError::NotFound),
    }
}

/// The portal's home page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Not completed.
    pub active_projects: Vec<Project>,
    /// Not done, soonest due first (undated last), at most
    /// [`NEXT_MILESTONES`].
    pub next_milestones: Vec<(Project, Milestone)>,
    pub awaiting_approval: Vec<(Project, Deliverable)>,
    /// Unpaid or overdue.
    pub unpaid_invoices: Vec<Invoice>,
}

pub const NEXT_MILESTONES: usize = 5;

/// Everything the home page shows: live only if every call was; as old
/// as the oldest answer. The projects' calls run side by side. A project whose milestones or deliverables were
/// never stored and cannot be fetched now is left out of those lists (and
/// the overview is not live), rather than refusing the whole page.
pub async fn overview(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    now: DateTime<Utc>,
) -> DomainResult<Fresh<Overview>> {
    // Side by side, so a slow Ixonomic costs one timeout per round, not
    // one per call.
    let (projects, invoices) =
        tokio::join!(projects(db, ix, client, now), invoices(db, ix, client, now));
    let mut fresh = projects?
        .and(invoices?)
        .map(|(projects, invoices)| Overview {
            active_projects: projects
                .into_iter()
                .filter(|p| p.status != ProjectStatus::Completed)
                .collect(),
            next_milestones: Vec::new(),
            awaiting_approval: Vec::new(),
            unpaid_invoices: invoices
                .into_iter()
                .filter(|i| matches!(i.status, InvoiceStatus::Unpaid | InvoiceStatus::Overdue))
                .collect(),
        });
    let all = parts_of_each(db, ix, client, &fresh.data.active_projects, now).await?;
    for (project, parts) in fresh.data.active_projects.clone().into_iter().zip(all) {
        let Some(parts) = parts else {
            fresh.live = false;
            continue;
        };
        fresh.live &= parts.live;
        fresh.as_of = fresh.as_of.min(parts.as_of);
        let (milestones, deliverables) = parts.data;
        let o = &mut fresh.data;
        o.next_milestones.extend(
            milestones
                .into_iter()
                .filter(|m| m.status != MilestoneStatus::Done)
                .map(|m| (project.clone(), m)),
        );
        o.awaiting_approval.extend(
            deliverables
                .into_iter()
                .filter(|d| d.status == DeliverableStatus::AwaitingApproval)
                .map(|d| (project.clone(), d)),
        );
    }
    let next = &mut fresh.data.next_milestones;
    next.sort_by_key(|(_, m)| (m.due_on.is_none(), m.due_on));
    next.truncate(NEXT_MILESTONES);
    Ok(fresh)
}

/// Every project's milestones and deliverables, asked side by side, in
/// the projects' order; None for a project Ixonomic cannot answer for and
/// nothing is stored.
async fn parts_of_each(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    projects: &[Project],
    now: DateTime<Utc>,
) -> DomainResult<Vec<Option<Fresh<(Vec<Milestone>, Vec<Deliverable>)>>>> {
    let mut calls = tokio::task::JoinSet::new();
    for (n, project) in projects.iter().enumerate() {
        let (db, ix, client, id) = (db.clone(), ix.clone(), client.clone(), project.id.clone());
        calls.spawn(async move {
            (
                n,
                milestones_and_deliverables(&db, &ix, &client, &id, now).await,
            )
        });
    }
    let mut all: Vec<_> = projects.iter().map(|_| None).collect();
    while let Some(done) = calls.join_next().await {
        let (n, result) = done.map_err(|e| DomainError::Internal(format!("portal call: {e}")))?;
        all[n] = match result {
            Ok(parts) => Some(parts),
            Err(DomainError::Refused(Refusal::IxonomicUnavailable)) => None,
            Err(e) => return Err(e),
        };
    }
    Ok(all)
}

/// Every deliverable of the client's projects, with its project, the
/// project list asked once.
pub async fn deliverables(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    now: DateTime<Utc>,
) -> DomainResult<Fresh<Vec<(Project, Deliverable)>>> {
    let mut fresh = projects(db, ix, client, now).await?;
    let all = parts_of_each(db, ix, client, &fresh.data, now).await?;
    let mut rows = Vec::new();
    for (project, parts) in fresh.data.iter().zip(all) {
        let Some(parts) = parts else {
            fresh.live = false;
            continue;
        };
        fresh.live &= parts.live;
        fresh.as_of = fresh.as_of.min(parts.as_of);
        rows.extend(parts.data.1.into_iter().map(|d| (project.clone(), d)));
    }
    Ok(fresh.map(|_| rows))
}

/// Whether `key` is an idempotency key the page may send: 16–80 of
/// `[A-Za-z0-9_-]`.
pub fn valid_idempotency_key(key: &str) -> bool {
    (16..=80).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

const COMMENT_MIN: usize = 5;
const COMMENT_MAX: usize = 2000;

/// The client approves a deliverable or asks for changes.
///
/// The decision is written first under its idempotency key (one row per
/// key, whoever races), then sent with `Idempotency-Key`. A decision whose
/// row is already `sent` is answered from the deliverables snapshot, with
/// no second request. A `pending` one (a retry after an outage, or two
/// clicks at once) is sent again with the same key: Ixonomic answers a
/// repeated key with the first answer and decides nothing more, so a
/// decision is never made twice and never lost.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    db: &Database,
    ix: &Ixonomic,
    client: &ClientAccount,
    project_id: &str,
    deliverable_id: &str,
    decision: DecisionKind,
    comment: Option<String>,
    idempotency_key: &str,
    now: DateTime<Utc>,
) -> DomainResult<Deliverable> {
    let comment = comment
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    let length = comment.as_deref().map_or(0, |c| c.chars().count());
    if decision == DecisionKind::RequestChanges && !(COMMENT_MIN..=COMMENT_MAX).contains(&length) {
        return Err(DomainError::field(
            "comment",
            "Tuliskan perubahan yang Anda minta (5–2000 karakter).",
        ));
    }
    if length > COMMENT_MAX {
        return Err(DomainError::field(
            "comment",
            "Komentar paling panjang 2000 karakter.",
        ));
    }
    if !valid_idempotency_key(idempotency_key) {
        return Err(DomainError::field(
            "idempotency_key",
            "Formulir ini kedaluwarsa. Muat ulang halaman lalu coba lagi.",
        ));
    }
    if !valid_id(deliverable_id) {
        return Err(DomainError::NotFound);
    }
    own_project(db, ix, client, project_id, now).await?;
    if ix.breaker_open() {
        return Err(DomainError::Refused(Refusal::IxonomicUnavailable));
    }

    let row = approval_row(
        db,
        client,
        project_id,
        deliverable_id,
        decision,
        &comment,
        idempotency_key,
        now,
    )
    .await?;
    if row.state == ApprovalState::Sent {
        let stored = snapshot::load::<Vec<Deliverable>>(
            db.reader(),
            &client.ixonomic_id,
            &deliverables_of(project_id),
        )
        .await?;
        let decided = stored.and_then(|s| s.data.into_iter().find(|d| d.id == deliverable_id));
        if let Some(d) = decided {
            return Ok(d);
        }
        // Not stored: asking again with the same key is harmless.
    }

    let request = DecisionRequest {
        client_id: client.ixonomic_id.clone(),
        deliverable_id: deliverable_id.to_owned(),
        decision,
        comment: row.comment.clone(),
    };
    let deliverable = match ix.decide(project_id, &request, idempotency_key).await {
        Decided::Decided(d) => d,
        Decided::NotAwaiting => return Err(DomainError::Refused(Refusal::DeliverableNotAwaiting)),
        Decided::NotFound => return Err(DomainError::NotFound),
        Decided::Rejected(message) => {
            tracing::warn!(
                project_id,
                deliverable_id,
                message,
                "ixonomic rejected a decision"
            );
            return Err(DomainError::field(
                "comment",
                "Ixonomic menolak keputusan ini. Periksa isian lalu coba lagi.",
            ));
        }
        Decided::Outage(outage) => {
            tracing::warn!(project_id, deliverable_id, %outage, "ixonomic decision not sent; stays pending");
            return Err(DomainError::Refused(Refusal::IxonomicUnavailable));
        }
    };
    mark_sent(db, client, &row, now).await?;
    remember(db, client, project_id, &deliverable, now).await;
    Ok(deliverable)
}

/// The decision's row under its key: written if new (`ON CONFLICT DO
/// NOTHING`, so racing clicks make one row), then read. A key already used
/// for another decision is a conflict.
#[allow(clippy::too_many_arguments)]
async fn approval_row(
    db: &Database,
    client: &ClientAccount,
    project_id: &str,
    deliverable_id: &str,
    decision: DecisionKind,
    comment: &Option<String>,
    key: &str,
    now: DateTime<Utc>,
) -> DomainResult<ixonomic_approval::Model> {
    let decision = match decision {
        DecisionKind::Approve => Decision::Approve,
        DecisionKind::RequestChanges => Decision::RequestChanges,
    };
    ixonomic_approval::Entity::insert(ixonomic_approval::ActiveModel {
        user_id: Set(client.user_id),
        project_id: Set(project_id.to_owned()),
        deliverable_id: Set(deliverable_id.to_owned()),
        decision: Set(decision),
        comment: Set(comment.clone()),
        idempotency_key: Set(key.to_owned()),
        state: Set(ApprovalState::Pending),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([ixonomic_approval::Column::IdempotencyKey])
    .exec_without_returning(db.writer())
    .await?;
    let row = ixonomic_approval::Entity::find()
        .filter(ixonomic_approval::Column::IdempotencyKey.eq(key))
        .one(db.writer())
        .await?
        .ok_or_else(|| DomainError::Internal("approval row vanished".into()))?;
    let same = row.user_id == client.user_id
        && row.project_id == project_id
        && row.deliverable_id == deliverable_id
        && row.decision == decision;
    if !same {
        return Err(DomainError::Conflict {
            field: "idempotency_key",
        });
    }
    Ok(row)
}

/// `sent`, with its audit entry, in one transaction; only the request that
/// moves the row from `pending` writes the entry.
async fn mark_sent(
    db: &Database,
    client: &ClientAccount,
    row: &ixonomic_approval::Model,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let txn = db.writer().begin().await?;
    let moved = ixonomic_approval::Entity::update_many()
        .col_expr(
            ixonomic_approval::Column::State,
            Expr::value(ApprovalState::Sent),
        )
        .col_expr(ixonomic_approval::Column::SentAt, Expr::value(Some(now)))
        .filter(ixonomic_approval::Column::Id.eq(row.id))
        .filter(ixonomic_approval::Column::State.eq(ApprovalState::Pending))
        .exec(&txn)
        .await?
        .rows_affected;
    if moved == 1 {
        let (action, label) = match row.decision {
            Decision::Approve => ("client.deliverable_approved", "disetujui"),
            Decision::RequestChanges => ("client.changes_requested", "minta revisi"),
        };
        let summary = format!(
            "{} {}: deliverable {} proyek {}{}",
            client.ixonomic_id,
            label,
            row.deliverable_id,
            row.project_id,
            row.comment
                .as_deref()
                .map(|c| format!(" — «{c}»"))
                .unwrap_or_default(),
        );
        let actor = crate::service_orders::member_actor(&client.email);
        audit::record(
            &txn,
            &actor,
            action,
            "ixonomic_approval",
            Some(row.id),
            &summary,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The decided deliverable replaces its old self in the project's
/// deliverables snapshot, so the pages (and a repeated key) see the
/// decision at once, without another call.
async fn remember(
    db: &Database,
    client: &ClientAccount,
    project_id: &str,
    decided: &Deliverable,
    now: DateTime<Utc>,
) {
    let resource = deliverables_of(project_id);
    let result = async {
        let stored =
            snapshot::load::<Vec<Deliverable>>(db.reader(), &client.ixonomic_id, &resource).await?;
        let (mut list, at) = stored.map_or((Vec::new(), now), |s| (s.data, s.fetched_at));
        match list.iter_mut().find(|d| d.id == decided.id) {
            Some(d) => *d = decided.clone(),
            None => list.push(decided.clone()),
        }
        snapshot::store(db.writer(), &client.ixonomic_id, &resource, &list, at).await
    }
    .await;
    if let Err(e) = result {
        tracing::warn!(project_id, error = %e, "deliverables snapshot not updated after a decision");
    }
}
