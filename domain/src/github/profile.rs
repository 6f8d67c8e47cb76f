//! The member's GitHub username in their profile: given once, it is used
//! by every GitHub product they buy (copied to the purchase when it is
//! paid), and it fills the purchases already waiting for one.
use super::{access::queue_invite_in, GithubUsername};
use crate::{
    entities::{
        user,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    error::{DomainError, DomainResult, Refusal},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};

/// The member's GitHub username, as they typed it.
pub async fn profile_username(db: &Database, user_id: i32) -> DomainResult<Option<String>> {
    let found: Option<Option<String>> = user::Entity::find_by_id(user_id)
        .select_only()
        .column(user::Column::GithubUsername)
        .into_tuple()
        .one(db.reader())
        .await?;
    Ok(found.flatten())
}

/// The username paid GitHub purchases of `user_id` start with, read through
/// the caller's transaction.
pub(crate) async fn profile_username_in(
    conn: &impl ConnectionTrait,
    user_id: i32,
) -> DomainResult<Option<String>> {
    let found: Option<Option<String>> = user::Entity::find_by_id(user_id)
        .select_only()
        .column(user::Column::GithubUsername)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(found
        .flatten()
        .filter(|u| GithubUsername::parse(u).is_some()))
}

/// Sets (or, with an empty `raw`, clears) the member's GitHub username. A
/// username GitHub would not allow is refused and nothing changes. Their
/// GitHub purchases waiting for a username get this one, and their
/// invitations are queued, in the same transaction. Returns how many
/// purchases it filled.
pub async fn set_profile_username(
    db: &Database,
    user_id: i32,
    raw: &str,
    now: DateTime<Utc>,
) -> DomainResult<u64> {
    let username = if raw.trim().is_empty() {
        None
    } else {
        Some(
            GithubUsername::parse(raw)
                .ok_or(DomainError::Refused(Refusal::GithubUsernameInvalid))?,
        )
    };
    let txn = db.writer().begin().await?;
    let set = user::Entity::update_many()
        .col_expr(
            user::Column::GithubUsername,
            Expr::value(username.as_ref().map(|u| u.as_str().to_owned())),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    if set.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    let Some(username) = username else {
        txn.commit().await?;
        return Ok(0);
    };
    let waiting: Vec<i32> = user_purchase::Entity::find()
        .select_only()
        .column(user_purchase::Column::Id)
        .filter(user_purchase::Column::UserId.eq(user_id))
        .filter(user_purchase::Column::DeliveryType.eq(DeliveryType::GithubInvite))
        .filter(user_purchase::Column::DeliveryStatus.eq(DeliveryStatus::Pending))
        .filter(user_purchase::Column::GithubUsername.is_null())
        .into_tuple()
        .all(&txn)
        .await?;
    let mut filled = 0;
    for purchase_id in waiting {
        let res = user_purchase::Entity::update_many()
            .col_expr(
                user_purchase::Column::GithubUsername,
                Expr::value(Some(username.as_str().to_owned())),
            )
            .col_expr(user_purchase::Column::UpdatedAt, Expr::value(now))
            .filter(user_purchase::Column::Id.eq(purchase_id))
            .filter(user_purchase::Column::DeliveryStatus.eq(DeliveryStatus::Pending))
            .filter(user_purchase::Column::GithubUsername.is_null())
            .exec(&txn)
            .await?;
        if res.rows_affected == 1 {
            queue_invite_in(&txn, purchase_id, now).await?;
            filled += 1;
        }
    }
    txn.commit().await?;
    Ok(filled)
}
