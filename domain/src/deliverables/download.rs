//! Links for a purchase's files, and opening one: the link must verify and
//! be unexpired, the purchase delivered and not taken back, the file one of
//! its product's, and the purchase under its download limit. A counted
//! download is logged (time, IP) in the transaction that counts it.
use super::{files::size_label, Deliverables, Link, LinkError};
use crate::{
    audit::{self, Actor},
    entities::{
        download_event, order, product, product_file,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    error::{DomainError, DomainResult, Refusal},
    mail, Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::{Expr, ExprTrait as _},
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use std::net::IpAddr;

/// A signed link to one file, as mailed or shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLink {
    pub file_name: String,
    pub size_label: String,
    pub url: String,
    pub expires: DateTime<Utc>,
}

/// The files of `purchase`'s product, each with a fresh link from `now`.
pub async fn links_of(
    conn: &impl ConnectionTrait,
    d: &Deliverables,
    purchase: &user_purchase::Model,
    now: DateTime<Utc>,
) -> DomainResult<Vec<FileLink>> {
    let Some(product) = product::Entity::find()
        .filter(product::Column::Slug.eq(&purchase.product_slug))
        .one(conn)
        .await?
    else {
        return Ok(Vec::new());
    };
    let files = product_file::Entity::find()
        .filter(product_file::Column::ProductId.eq(product.id))
        .order_by_asc(product_file::Column::Id)
        .all(conn)
        .await?;
    Ok(files
        .into_iter()
        .map(|f| {
            let link = Link::new(purchase.id, f.id, now);
            FileLink {
                url: d.url(&link),
                expires: link.expires(),
                size_label: size_label(f.size_bytes),
                file_name: f.file_name,
            }
        })
        .collect())
}

/// A file to send: its name in private storage and what to call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub stored_name: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// Opens the download `token` grants. `counted` is false for the later
/// parts of a ranged download (a resumed transfer is one download).
pub async fn open(
    db: &Database,
    d: &Deliverables,
    token: &str,
    ip: IpAddr,
    counted: bool,
    now: DateTime<Utc>,
) -> DomainResult<Download> {
    let link = d.signer.verify(token, now).map_err(|e| match e {
        LinkError::Expired => Refusal::LinkExpired,
        LinkError::Malformed | LinkError::Forged => Refusal::LinkInvalid,
    })?;
    let txn = db.writer().begin().await?;
    let purchase = user_purchase::Entity::find_by_id(link.purchase_id)
        .one(&txn)
        .await?
        .filter(|p| p.delivery_type == DeliveryType::EmailFile)
        .ok_or(Refusal::LinkInvalid)?;
    match purchase.delivery_status {
        DeliveryStatus::Delivered => {}
        DeliveryStatus::Revoked => return Err(Refusal::OrderNotPaid.into()),
        _ => return Err(Refusal::LinkInvalid.into()),
    }
    let file = product_file::Entity::find_by_id(link.file_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let product_of_file = product::Entity::find_by_id(file.product_id)
        .one(&txn)
        .await?;
    if product_of_file.is_none_or(|p| p.slug != purchase.product_slug) {
        return Err(Refusal::LinkInvalid.into());
    }
    if counted {
        // Conditional: concurrent downloads never pass the limit.
        let taken = user_purchase::Entity::update_many()
            .col_expr(
                user_purchase::Column::DownloadCount,
                Expr::col(user_purchase::Column::DownloadCount).add(1),
            )
            .filter(user_purchase::Column::Id.eq(purchase.id))
            .filter(user_purchase::Column::DownloadCount.lt(d.limit as i32))
            .exec(&txn)
            .await?;
        if taken.rows_affected == 0 {
            return Err(Refusal::DownloadLimitReached.into());
        }
        download_event::Entity::insert(download_event::ActiveModel {
            purchase_id: Set(purchase.id),
            file_id: Set(file.id),
            ip: Set(ip.to_string()),
            created_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(Download {
        stored_name: file.stored_name,
        file_name: file.file_name,
        content_type: file.content_type,
        size: file.size_bytes,
    })
}

/// Queues the `delivery-ready` e-mail of a delivered `purchase` in `txn`,
/// with fresh links. Used by delivery and by [`reissue`].
pub(crate) async fn queue_delivery_mail(
    txn: &sea_orm::DatabaseTransaction,
    d: &Deliverables,
    order: &order::Model,
    purchase: &user_purchase::Model,
    now: DateTime<Utc>,
) -> DomainResult<usize> {
    let links = links_of(txn, d, purchase, now).await?;
    if links.is_empty() {
        return Ok(0);
    }
    let mut page = d.site.clone();
    page.set_path("/dashboard/downloads");
    let email = mail::deliveries::delivery_ready(order, &links, page.as_str());
    mail::outbox::queue_in(txn, &email, now).await?;
    Ok(links.len())
}

/// Whether order `order_id` delivered files whose links can be sent again.
pub async fn can_reissue(db: &Database, order_id: i32) -> DomainResult<bool> {
    Ok(user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .filter(user_purchase::Column::DeliveryType.eq(DeliveryType::EmailFile))
        .filter(user_purchase::Column::DeliveryStatus.eq(DeliveryStatus::Delivered))
        .one(db.reader())
        .await?
        .is_some())
}

/// An admin sends order `order_id`'s download links again and gives the
/// purchase its downloads back (audited as `order.reissue_downloads`).
pub async fn reissue(
    db: &Database,
    d: &Deliverables,
    actor: &Actor,
    order_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<usize> {
    let txn = db.writer().begin().await?;
    let order = order::Entity::find_by_id(order_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let purchase = user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .filter(user_purchase::Column::DeliveryType.eq(DeliveryType::EmailFile))
        .filter(user_purchase::Column::DeliveryStatus.eq(DeliveryStatus::Delivered))
        .one(&txn)
        .await?
        .ok_or(Refusal::OrderNotPaid)?;
    user_purchase::Entity::update_many()
        .col_expr(user_purchase::Column::DownloadCount, Expr::value(0))
        .col_expr(user_purchase::Column::UpdatedAt, Expr::value(now))
        .filter(user_purchase::Column::Id.eq(purchase.id))
        .exec(&txn)
        .await?;
    let sent = queue_delivery_mail(&txn, d, &order, &purchase, now).await?;
    if sent == 0 {
        return Err(DomainError::field(
            "files",
            "Produk ini belum punya file untuk dikirim. Unggah file di halaman produk.",
        ));
    }
    audit::record(
        &txn,
        actor,
        "order.reissue_downloads",
        "order",
        Some(order_id),
        &format!(
            "mengirim ulang {sent} tautan unduhan pesanan {} ke {}",
            order.order_code, order.customer_email
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(sent)
}
