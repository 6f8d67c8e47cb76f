//! Agency clients (issue 15): members the agency linked to their Ixonomic
//! client id. The portal (`/client`) reads their projects and invoices
//! from Ixonomic ([`ixonomic`]), keeps their message threads here, and
//! lets them pay an invoice through the site's checkout.
pub mod account;
pub mod demo;
pub mod invoices;
pub mod ixonomic;
pub mod messages;
pub mod portal;

pub use account::{end_client, make_client};

use crate::{
    entities::user::{self, UserType},
    error::{DomainError, DomainResult, Refusal},
    Database,
};
use sea_orm::EntityTrait;

/// A member who is an agency client: whose Ixonomic data the portal shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAccount {
    pub user_id: i32,
    pub name: String,
    pub email: String,
    /// Their id in Ixonomic (`?client_id=`).
    pub ixonomic_id: String,
}

/// The client behind member `user_id`: refused (`NotAClient`) for a member
/// the agency has not made a client, or not linked to Ixonomic yet.
pub async fn client_of(db: &Database, user_id: i32) -> DomainResult<ClientAccount> {
    let user = user::Entity::find_by_id(user_id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    match (user.user_type, user.ixonomic_client_id) {
        (UserType::Client, Some(ixonomic_id)) if user.disabled_at.is_none() => Ok(ClientAccount {
            user_id: user.id,
            name: user.name,
            email: user.email,
            ixonomic_id,
        }),
        _ => Err(DomainError::Refused(Refusal::NotAClient)),
    }
}
