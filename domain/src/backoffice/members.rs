//! Member accounts as the admin sees them: search, details, verifying an
//! address by hand, disabling and enabling an account.
use super::DomainError;
use crate::{
    audit::{self, Actor},
    content::{newest_page, search_any, Page},
    entities::{
        user::{self, UserType},
        user_session,
    },
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};

/// One member with what the admin needs to judge the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSummary {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub user_type: UserType,
    /// Their Ixonomic client id, when the agency made them a client.
    pub ixonomic_client_id: Option<String>,
    pub verified: bool,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    /// The latest activity of any of their sessions.
    pub last_seen_at: Option<DateTime<Utc>>,
    /// Sessions that have not expired.
    pub active_sessions: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MemberFilter {
    #[default]
    All,
    /// E-mail address not verified yet.
    Unverified,
    Disabled,
    /// Accounts of the agency's clients.
    Clients,
}

impl MemberFilter {
    /// The value used in the admin's query string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Unverified => "unverified",
            Self::Disabled => "disabled",
            Self::Clients => "clients",
        }
    }

    /// The inverse of [`MemberFilter::as_str`]; anything else is `All`.
    pub fn parse(s: &str) -> Self {
        match s {
            "unverified" => Self::Unverified,
            "disabled" => Self::Disabled,
            "clients" => Self::Clients,
            _ => Self::All,
        }
    }
}

/// Newest first; `q` matches the name, the e-mail address or the phone.
pub async fn list(
    db: &Database,
    q: &str,
    filter: MemberFilter,
    page: u64,
    per_page: u64,
) -> DomainResult<Page<user::Model>> {
    let mut find = user::Entity::find();
    find = match filter {
        MemberFilter::All => find,
        MemberFilter::Unverified => find.filter(user::Column::EmailVerifiedAt.is_null()),
        MemberFilter::Disabled => find.filter(user::Column::DisabledAt.is_not_null()),
        MemberFilter::Clients => find.filter(user::Column::UserType.eq(UserType::Client)),
    };
    if let Some(search) = search_any(
        &[user::Column::Name, user::Column::Email, user::Column::Phone],
        q,
    ) {
        find = find.filter(search);
    }
    let order = (user::Column::CreatedAt, user::Column::Id);
    newest_page(db, find, order, page, per_page).await
}

pub async fn get(db: &Database, id: i32, now: DateTime<Utc>) -> Result<MemberSummary, DomainError> {
    let user = user::Entity::find_by_id(id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let sessions: Vec<(DateTime<Utc>, DateTime<Utc>)> = user_session::Entity::find()
        .select_only()
        .column(user_session::Column::LastSeenAt)
        .column(user_session::Column::ExpiresAt)
        .filter(user_session::Column::UserId.eq(id))
        .into_tuple()
        .all(db.reader())
        .await?;
    Ok(MemberSummary {
        id: user.id,
        name: user.name,
        email: user.email,
        user_type: user.user_type,
        ixonomic_client_id: user.ixonomic_client_id,
        verified: user.email_verified_at.is_some(),
        disabled: user.disabled_at.is_some(),
        created_at: user.created_at,
        last_seen_at: sessions.iter().map(|(seen, _)| *seen).max(),
        active_sessions: sessions.iter().filter(|(_, exp)| *exp > now).count() as u64,
    })
}

async fn find_in(txn: &DatabaseTransaction, id: i32) -> Result<user::Model, DomainError> {
    user::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Marks the e-mail address verified, for a member who cannot receive the
/// link (audited as `user.verify`). An already verified account is left
/// as it is.
pub async fn verify(
    db: &Database,
    actor: &Actor,
    id: i32,
    now: DateTime<Utc>,
) -> Result<user::Model, DomainError> {
    let txn = db.writer().begin().await?;
    let mut user = find_in(&txn, id).await?;
    if user.email_verified_at.is_none() {
        user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(now))
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        user.email_verified_at = Some(now);
        user.updated_at = now;
        audit::record(
            &txn,
            actor,
            "user.verify",
            "user",
            Some(id),
            &format!("memverifikasi email {}", user.email),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(user)
}

/// Disables the account and ends all its sessions at once (audited as
/// `user.disable`). Returns how many sessions ended; an account that is
/// already disabled is left as it is.
pub async fn disable(
    db: &Database,
    actor: &Actor,
    id: i32,
    now: DateTime<Utc>,
) -> Result<u64, DomainError> {
    let txn = db.writer().begin().await?;
    let user = find_in(&txn, id).await?;
    if user.disabled_at.is_some() {
        return Ok(0);
    }
    user::Entity::update_many()
        .col_expr(user::Column::DisabledAt, Expr::value(now))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let ended = user_session::Entity::delete_many()
        .filter(user_session::Column::UserId.eq(id))
        .exec(&txn)
        .await?
        .rows_affected;
    audit::record(
        &txn,
        actor,
        "user.disable",
        "user",
        Some(id),
        &format!("menonaktifkan akun {}; {ended} sesi diakhiri", user.email),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(ended)
}

/// Lets a disabled account log in again (audited as `user.enable`); an
/// account that is not disabled is left as it is.
pub async fn enable(
    db: &Database,
    actor: &Actor,
    id: i32,
    now: DateTime<Utc>,
) -> Result<user::Model, DomainError> {
    let txn = db.writer().begin().await?;
    let mut user = find_in(&txn, id).await?;
    if user.disabled_at.is_some() {
        user::Entity::update_many()
            .col_expr(
                user::Column::DisabledAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(user::Column::UpdatedAt, Expr::value(now))
            .filter(user::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        user.disabled_at = None;
        user.updated_at = now;
        audit::record(
            &txn,
            actor,
            "user.enable",
            "user",
            Some(id),
            &format!("mengaktifkan kembali akun {}", user.email),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(user)
}
