//! The demo client a development site starts with (like the demo admin):
//! a verified member linked to an Ixonomic client id that the development
//! simulator serves projects and invoices for. Public on purpose; the
//! server creates it only with demo content outside production.
use crate::{
    accounts::PasswordHasher,
    entities::user::{self, UserType},
    error::DomainResult,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

pub const DEMO_CLIENT_EMAIL: &str = "klien@tiranyx.test";
pub const DEMO_CLIENT_PASSWORD: &str = "demo-klien-tiranyx";
pub const DEMO_CLIENT_IXONOMIC_ID: &str = "CL-DEMO-001";

/// Creates the demo client if it is missing (a restart keeps it).
pub async fn ensure_demo_client(
    db: &Database,
    hasher: &PasswordHasher,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let exists = user::Entity::find()
        .filter(user::Column::Email.eq(DEMO_CLIENT_EMAIL))
        .one(db.reader())
        .await?
        .is_some();
    if exists {
        return Ok(());
    }
    let password_hash = hasher.hash(DEMO_CLIENT_PASSWORD).await?;
    user::Entity::insert(user::ActiveModel {
        email: Set(DEMO_CLIENT_EMAIL.to_owned()),
        name: Set("Sekar Ayu (Batik Sekar)".to_owned()),
        password_hash: Set(password_hash),
        user_type: Set(UserType::Client),
        email_verified_at: Set(Some(now)),
        ixonomic_client_id: Set(Some(DEMO_CLIENT_IXONOMIC_ID.to_owned())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await?;
    Ok(())
}
