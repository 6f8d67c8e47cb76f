//! What a member sees of their own commerce records in the dashboard:
//! orders, ordered services, subscriptions, deliveries and tools. Every
//! query is scoped to one `user_id`; nobody reads another member's rows.
use crate::{
    entities::{
        order::{self, OrderItemKind},
        subscription,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    error::DomainResult,
    Database,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// A member's history is short; this bounds a page all the same.
const MAX_ROWS: u64 = 200;

/// Newest first; only `kind` when given (e.g. services).
pub async fn orders_of(
    db: &Database,
    user_id: i32,
    kind: Option<OrderItemKind>,
) -> DomainResult<Vec<order::Model>> {
    let mut find = order::Entity::find().filter(order::Column::UserId.eq(user_id));
    if let Some(kind) = kind {
        find = find.filter(order::Column::ItemKind.eq(kind));
    }
    Ok(find
        .order_by_desc(order::Column::CreatedAt)
        .order_by_desc(order::Column::Id)
        .limit(MAX_ROWS)
        .all(db.reader())
        .await?)
}

/// Latest expiry first.
pub async fn subscriptions_of(
    db: &Database,
    user_id: i32,
) -> DomainResult<Vec<subscription::Model>> {
    Ok(subscription::Entity::find()
        .filter(subscription::Column::UserId.eq(user_id))
        .order_by_desc(subscription::Column::ExpiresAt)
        .limit(MAX_ROWS)
        .all(db.reader())
        .await?)
}

/// Purchases delivered as something to keep (a file by e-mail, a GitHub
/// invitation, a license key, by hand): the downloads page.
pub async fn deliveries_of(db: &Database, user_id: i32) -> DomainResult<Vec<user_purchase::Model>> {
    Ok(user_purchase::Entity::find()
        .filter(user_purchase::Column::UserId.eq(user_id))
        .filter(user_purchase::Column::DeliveryType.ne(DeliveryType::WebAccess))
        .order_by_desc(user_purchase::Column::CreatedAt)
        .order_by_desc(user_purchase::Column::Id)
        .limit(MAX_ROWS)
        .all(db.reader())
        .await?)
}

/// The tools the member bought (web access); how much they use them is
/// `tools::quota::usage_table_of`.
pub async fn tools_of(db: &Database, user_id: i32) -> DomainResult<Vec<user_purchase::Model>> {
    Ok(user_purchase::Entity::find()
        .filter(user_purchase::Column::UserId.eq(user_id))
        .filter(user_purchase::Column::DeliveryType.eq(DeliveryType::WebAccess))
        // A refunded tool is no longer the member's.
        .filter(user_purchase::Column::DeliveryStatus.ne(DeliveryStatus::Revoked))
        .order_by_asc(user_purchase::Column::ProductName)
        .limit(MAX_ROWS)
        .all(db.reader())
        .await?)
}
