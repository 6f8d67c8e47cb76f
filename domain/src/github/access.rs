//! The use cases of GitHub delivery: the member gives a username
//! ([`set_username`]), the `github.invite` job invites them
//! ([`invite_purchase`]), a refund queues `github.revoke`
//! ([`queue_revoke_in`], [`revoke_access`]).
use super::{client::Outage, Github, GithubUsername, Invite, Removed};
use crate::{
    entities::{
        order::{self, OrderStatus},
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    error::{DomainError, DomainResult, Refusal},
    jobs::{self, JobError, NewJob},
    orders::{transition, EventSource},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};

/// Invites the buyer of one purchase.
pub const INVITE_JOB: &str = "github.invite";
/// Takes a refunded purchase's access back.
pub const REVOKE_JOB: &str = "github.revoke";

/// Rate limits are waited out, not counted as failures, within this many
/// attempts.
const INVITE_ATTEMPTS: i32 = 12;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvitePayload {
    pub purchase_id: i32,
}

/// What to take back: carried in the job, as the purchase may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevokePayload {
    pub purchase_id: i32,
    pub repo: String,
    pub username: GithubUsername,
    /// None when the user had access before (GitHub answered 204): access
    /// this purchase did not give is not taken away.
    pub invitation_id: Option<i64>,
}

/// What the member reads when GitHub knows no such user.
pub const UNKNOWN_USER: &str =
    "Username GitHub tidak ditemukan. Periksa ejaannya, lalu kirim username yang benar.";

/// Queues (or arms again) the purchase's one invitation job, through the
/// caller's transaction.
pub(crate) async fn queue_invite_in(
    conn: &impl ConnectionTrait,
    purchase_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let job = NewJob::new(INVITE_JOB, &InvitePayload { purchase_id })
        .dedupe(format!("{INVITE_JOB}:{purchase_id}"))
        .max_attempts(INVITE_ATTEMPTS);
    Ok(jobs::rearm_in(conn, job, now).await?)
}

/// The member gives (or corrects) the GitHub username of their own
/// `github_invite` purchase that waits for one or failed: stored, and the
/// invitation queued. Another member's purchase, or one already delivered
/// or revoked, is `NotFound`; a username GitHub would not allow is refused
/// and nothing changes.
pub async fn set_username(
    db: &Database,
    user_id: i32,
    purchase_id: i32,
    raw: &str,
    now: DateTime<Utc>,
) -> DomainResult<GithubUsername> {
    let username =
        GithubUsername::parse(raw).ok_or(DomainError::Refused(Refusal::GithubUsernameInvalid))?;
    let txn = db.writer().begin().await?;
    let set = user_purchase::Entity::update_many()
        .col_expr(
            user_purchase::Column::GithubUsername,
            Expr::value(Some(username.as_str().to_owned())),
        )
        .col_expr(
            user_purchase::Column::DeliveryStatus,
            Expr::value(DeliveryStatus::Pending),
        )
        .col_expr(
            user_purchase::Column::DeliveryError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(user_purchase::Column::UpdatedAt, Expr::value(now))
        .filter(user_purchase::Column::Id.eq(purchase_id))
        .filter(user_purchase::Column::UserId.eq(user_id))
        .filter(user_purchase::Column::DeliveryType.eq(DeliveryType::GithubInvite))
        .filter(
            user_purchase::Column::DeliveryStatus
                .is_in([DeliveryStatus::Pending, DeliveryStatus::Failed]),
        )
        .exec(&txn)
        .await?;
    if set.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    queue_invite_in(&txn, purchase_id, now).await?;
    txn.commit().await?;
    Ok(username)
}

/// What an invitation job did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invited {
    /// Invited; the purchase is delivered and the order fulfilled.
    Sent { invitation_id: i64 },
    /// The user already had access; delivered.
    HadAccess,
    /// GitHub refused the username; the purchase failed with a reason the
    /// member reads.
    Refused,
    /// No username yet.
    Waiting,
    /// Nothing to do: delivered before, revoked, not a GitHub purchase, the
    /// order not paid.
    Nothing,
}

/// The `github.invite` job: invites the purchase's buyer (see the
/// module). Idempotent: only a pending purchase with a username is
/// invited, and its state changes by one conditional update on the
/// username that was invited, so a second run changes nothing and does not
/// call GitHub.
pub async fn invite_purchase(
    db: &Database,
    github: &Github,
    purchase_id: i32,
    now: DateTime<Utc>,
) -> Result<Invited, JobError> {
    let purchase = user_purchase::Entity::find_by_id(purchase_id)
        .one(db.writer())
        .await
        .map_err(db_error)?;
    let Some(purchase) = purchase.filter(|p| p.delivery_type == DeliveryType::GithubInvite) else {
        return Ok(Invited::Nothing);
    };
    if purchase.delivery_status != DeliveryStatus::Pending {
        return Ok(Invited::Nothing);
    }
    let Some(username) = purchase
        .github_username
        .as_deref()
        .and_then(GithubUsername::parse)
    else {
        return Ok(Invited::Waiting);
    };
    let paid = order::Entity::find_by_id(purchase.order_id)
        .one(db.writer())
        .await
        .map_err(db_error)?
        .is_some_and(|o| o.status == OrderStatus::Paid);
    if !paid {
        return Ok(Invited::Nothing);
    }
    let Some(repo) = purchase.github_repo.as_deref() else {
        return Err(format!("product {} has no github_repo", purchase.product_slug).into());
    };
    let answer = github.invite(repo, &username, now).await.map_err(outage)?;
    let txn = db.writer().begin().await.map_err(db_error)?;
    let (status, invitation_id, error, outcome) = match answer {
        Invite::Invited { invitation_id } => (
            DeliveryStatus::Delivered,
            Some(invitation_id),
            None,
            Invited::Sent { invitation_id },
        ),
        Invite::AlreadyCollaborator => (DeliveryStatus::Delivered, None, None, Invited::HadAccess),
        Invite::UnknownUser => (
            DeliveryStatus::Failed,
            None,
            Some(UNKNOWN_USER.to_owned()),
            Invited::Refused,
        ),
        Invite::Rejected(why) => {
            tracing::warn!(purchase_id, %why, "GitHub refused an invitation");
            let msg = format!(
                "GitHub menolak undangan untuk username ini ({why}). Periksa username-nya, atau hubungi kami."
            );
            (DeliveryStatus::Failed, None, Some(msg), Invited::Refused)
        }
    };
    let delivered = status == DeliveryStatus::Delivered;
    let moved = user_purchase::Entity::update_many()
        .col_expr(user_purchase::Column::DeliveryStatus, Expr::value(status))
        .col_expr(
            user_purchase::Column::GithubInvitationId,
            Expr::value(invitation_id),
        )
        .col_expr(user_purchase::Column::DeliveryError, Expr::value(error))
        .col_expr(
            user_purchase::Column::DeliveredAt,
            Expr::value(delivered.then_some(now)),
        )
        .col_expr(user_purchase::Column::UpdatedAt, Expr::value(now))
        .filter(user_purchase::Column::Id.eq(purchase_id))
        .filter(user_purchase::Column::DeliveryStatus.eq(DeliveryStatus::Pending))
        .filter(user_purchase::Column::GithubUsername.eq(username.as_str()))
        .exec(&txn)
        .await
        .map_err(db_error)?;
    if moved.rows_affected == 0 {
        // Changed while GitHub answered: refunded (take back what was just
        // given), or another username given (invite that one).
        let now_purchase = user_purchase::Entity::find_by_id(purchase_id)
            .one(&txn)
            .await
            .map_err(db_error)?;
        let result = match now_purchase {
            Some(p) if p.delivery_status == DeliveryStatus::Revoked => {
                if let Invited::Sent { invitation_id } = outcome {
                    let payload = RevokePayload {
                        purchase_id,
                        repo: repo.to_owned(),
                        username,
                        invitation_id: Some(invitation_id),
                    };
                    queue_revoke_job(&txn, &payload, now)
                        .await
                        .map_err(domain_error)?;
                }
                Ok(Invited::Nothing)
            }
            Some(p) if p.delivery_status == DeliveryStatus::Pending => {
                Err("the username changed during the invitation; inviting the new one".into())
            }
            _ => Ok(Invited::Nothing),
        };
        txn.commit().await.map_err(db_error)?;
        return result;
    }
    if delivered {
        transition(
            &txn,
            purchase.order_id,
            OrderStatus::Fulfilled,
            EventSource::System,
            "undangan GitHub terkirim",
            now,
        )
        .await
        .map_err(domain_error)?;
    }
    txn.commit().await.map_err(db_error)?;
    Ok(outcome)
}

/// In the transaction that revokes `purchase` (a refund, a chargeback):
/// queues taking back the access it gave. Nothing for a purchase that
/// gave none.
pub(crate) async fn queue_revoke_in(
    txn: &DatabaseTransaction,
    purchase: &user_purchase::Model,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    if purchase.delivery_type != DeliveryType::GithubInvite
        || purchase.delivery_status != DeliveryStatus::Delivered
    {
        return Ok(());
    }
    let (Some(repo), Some(username)) = (
        purchase.github_repo.clone(),
        purchase
            .github_username
            .as_deref()
            .and_then(GithubUsername::parse),
    ) else {
        return Ok(());
    };
    let Some(invitation_id) = purchase.github_invitation_id else {
        // The user had access before this purchase (204): not ours to
        // take away.
        return Ok(());
    };
    let payload = RevokePayload {
        purchase_id: purchase.id,
        repo,
        username,
        invitation_id: Some(invitation_id),
    };
    queue_revoke_job(txn, &payload, now).await
}

async fn queue_revoke_job(
    conn: &impl ConnectionTrait,
    payload: &RevokePayload,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let key = format!(
        "{REVOKE_JOB}:{}:{}",
        payload.purchase_id,
        payload.invitation_id.unwrap_or_default()
    );
    let job = NewJob::new(REVOKE_JOB, payload)
        .dedupe(key)
        .max_attempts(INVITE_ATTEMPTS);
    jobs::enqueue_in(conn, job, now).await?;
    Ok(())
}

/// What a revocation job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// The pending invitation was deleted.
    InvitationDeleted,
    /// The invitation had been accepted: the collaborator was removed.
    CollaboratorRemoved,
    /// Nothing left to take back (declined, or removed before).
    NothingLeft,
}

/// The `github.revoke` job: deletes the pending invitation; when GitHub no
/// longer has it (accepted), removes the collaborator. Idempotent: a
/// second run finds nothing and says so.
pub async fn revoke_access(
    github: &Github,
    payload: &RevokePayload,
    now: DateTime<Utc>,
) -> Result<Revoked, JobError> {
    if let Some(id) = payload.invitation_id {
        match github
            .remove_invitation(&payload.repo, id, now)
            .await
            .map_err(outage)?
        {
            Removed::Removed => return Ok(Revoked::InvitationDeleted),
            Removed::NotThere => {}
        }
    }
    match github
        .remove_collaborator(&payload.repo, &payload.username, now)
        .await
        .map_err(outage)?
    {
        Removed::Removed => Ok(Revoked::CollaboratorRemoved),
        Removed::NotThere => Ok(Revoked::NothingLeft),
    }
}

fn outage(o: Outage) -> JobError {
    match o {
        Outage::RetryAt { at, .. } => JobError::retry_at(o.to_string(), at),
        Outage::Unavailable(_) => o.to_string().into(),
    }
}

fn db_error(e: sea_orm::DbErr) -> JobError {
    format!("database: {e}").into()
}

fn domain_error(e: DomainError) -> JobError {
    e.to_string().into()
}
