//! Making a member an agency client and ending it, from the admin's member
//! screen; both audited in the transaction of the change. A client keeps
//! the member dashboard; ending the status keeps their message threads.
use super::ClientAccount;
use crate::{
    admin::accounts::is_unique_violation,
    audit::{self, Actor},
    entities::user::{self, UserType},
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, TransactionTrait,
};

/// The longest Ixonomic id kept (client and project ids alike).
pub const ID_MAX_CHARS: usize = 64;

/// An Ixonomic id (client or project): trimmed, 1–64 characters of
/// `A–Z a–z 0–9 _ -`; else `field`'s message, naming `what`.
pub fn ixonomic_id(field: &'static str, what: &str, raw: &str) -> DomainResult<String> {
    let id = raw.trim();
    if id.is_empty() {
        return Err(DomainError::field(field, format!("Isi {what}.")));
    }
    if id.chars().count() > ID_MAX_CHARS
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(DomainError::field(
            field,
            format!(
                "{what} terdiri dari 1–{ID_MAX_CHARS} huruf, angka, garis bawah (_) atau tanda hubung (-)."
            ),
        ));
    }
    Ok(id.to_owned())
}

async fn user_in(txn: &DatabaseTransaction, user_id: i32) -> DomainResult<user::Model> {
    user::Entity::find_by_id(user_id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

fn kind(t: UserType) -> String {
    match t {
        UserType::Member => "member",
        UserType::Client => "client",
    }
    .to_owned()
}

/// Makes member `user_id` an agency client with Ixonomic client id
/// `ixonomic_client_id` (or changes their id), audited as
/// `user.make_client`. The id of another account is a `Conflict` on
/// `ixonomic_client_id`; a refused change writes nothing.
pub async fn make_client(
    db: &Database,
    actor: &Actor,
    user_id: i32,
    ixonomic_client_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<ClientAccount> {
    let id = ixonomic_id(
        "ixonomic_client_id",
        "ID klien Ixonomic",
        ixonomic_client_id,
    )?;
    let txn = db.writer().begin().await?;
    let user = user_in(&txn, user_id).await?;
    let taken = user::Entity::find()
        .filter(user::Column::IxonomicClientId.eq(id.as_str()))
        .filter(user::Column::Id.ne(user_id))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(DomainError::Conflict {
            field: "ixonomic_client_id",
        });
    }
    let updated = user::Entity::update_many()
        .col_expr(user::Column::UserType, Expr::value(UserType::Client))
        .col_expr(
            user::Column::IxonomicClientId,
            Expr::value(Some(id.clone())),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await;
    match updated {
        // Another admin linked the id in the meantime.
        Err(e) if is_unique_violation(&e) => {
            return Err(DomainError::Conflict {
                field: "ixonomic_client_id",
            })
        }
        other => other?,
    };
    let before = [
        ("jenis", kind(user.user_type)),
        (
            "ixonomic_client_id",
            user.ixonomic_client_id.clone().unwrap_or_default(),
        ),
    ];
    let after = [
        ("jenis", kind(UserType::Client)),
        ("ixonomic_client_id", id.clone()),
    ];
    audit::record(
        &txn,
        actor,
        "user.make_client",
        "user",
        Some(user_id),
        &format!(
            "menjadikan {} klien agensi: {}",
            user.email,
            audit::changes(&before, &after)
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(ClientAccount {
        user_id,
        name: user.name,
        email: user.email,
        ixonomic_id: id,
    })
}

/// Makes client `user_id` a member again (their Ixonomic id cleared; their
/// message threads stay), audited as `user.end_client`. A member who is not
/// a client is left as they are.
pub async fn end_client(
    db: &Database,
    actor: &Actor,
    user_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let txn = db.writer().begin().await?;
    let user = user_in(&txn, user_id).await?;
    if user.user_type == UserType::Member && user.ixonomic_client_id.is_none() {
        return Ok(());
    }
    user::Entity::update_many()
        .col_expr(user::Column::UserType, Expr::value(UserType::Member))
        .col_expr(user::Column::IxonomicClientId, Expr::value(None::<String>))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        "user.end_client",
        "user",
        Some(user_id),
        &format!(
            "mencabut status klien {} (ID Ixonomic {})",
            user.email,
            user.ixonomic_client_id.as_deref().unwrap_or("-")
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert_eq!(ixonomic_id("f", "ID", "  CL-0042_a ").unwrap(), "CL-0042_a");
        for bad in ["", "   ", "a b", "klien/1", "é", &"x".repeat(65)] {
            assert!(ixonomic_id("f", "ID", bad).is_err(), "{bad:?}");
        }
        assert!(ixonomic_id("f", "ID", &"x".repeat(64)).is_ok());
    }
}
