//! Rows for tests of code that reads the commerce tables before checkout
//! exists to write them. Compiled only with the `test-support` feature
//! (tests of this crate and of `server`), never into the binary.
use crate::{
    entities::{
        order::{self, OrderItemKind, OrderStatus, PaymentProvider},
        subscription::{self, SubscriptionStatus},
        tool_usage,
        user_purchase::{self, DeliveryStatus},
        DeliveryType,
    },
    Database,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};

/// What an order buys: kind, slug, name and price in rupiah.
pub type Item<'a> = (OrderItemKind, &'a str, &'a str, i64);

/// A paid (or other `status`) order of `user_id`; returns its id.
pub async fn order(
    db: &Database,
    user_id: i32,
    code: &str,
    (kind, slug, name, amount_idr): Item<'_>,
    status: OrderStatus,
    now: DateTime<Utc>,
) -> i32 {
    order::Entity::insert(order::ActiveModel {
        order_code: Set(code.to_owned()),
        user_id: Set(user_id),
        item_kind: Set(kind),
        item_slug: Set(slug.to_owned()),
        item_name: Set(name.to_owned()),
        amount_idr: Set(amount_idr),
        amount_usd_cents: Set(None),
        payment_provider: Set(PaymentProvider::Midtrans),
        provider_ref: Set(None),
        status: Set(status),
        customer_name: Set("Pembeli Uji".into()),
        customer_email: Set("pembeli@example.id".into()),
        customer_phone: Set(None),
        paid_at: Set((status == OrderStatus::Paid).then_some(now)),
        expires_at: Set((status == OrderStatus::Pending).then_some(now + Duration::hours(24))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(db.writer())
    .await
    .expect("insert order")
    .last_insert_id
}

/// The purchase a paid product order delivers.
pub async fn purchase(
    db: &Database,
    user_id: i32,
    order_id: i32,
    product: (&str, &str),
    delivery_type: DeliveryType,
    license_key: Option<&str>,
    now: DateTime<Utc>,
) {
    user_purchase::Entity::insert(user_purchase::ActiveModel {
        user_id: Set(user_id),
        order_id: Set(order_id),
        product_slug: Set(product.0.to_owned()),
        product_name: Set(product.1.to_owned()),
        delivery_type: Set(delivery_type),
        delivery_status: Set(DeliveryStatus::Delivered),
        license_key: Set(license_key.map(str::to_owned)),
        github_repo: Set(None),
        github_username: Set(None),
        delivered_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .expect("insert purchase");
}

/// A subscription to a bundle for 30 days from `now`.
pub async fn subscription(db: &Database, user_id: i32, bundle: (&str, &str), now: DateTime<Utc>) {
    subscription::Entity::insert(subscription::ActiveModel {
        user_id: Set(user_id),
        order_id: Set(None),
        item_kind: Set(crate::entities::order::OrderItemKind::Saas),
        bundle_slug: Set(bundle.0.to_owned()),
        bundle_name: Set(bundle.1.to_owned()),
        status: Set(SubscriptionStatus::Active),
        starts_at: Set(now),
        expires_at: Set(now + Duration::days(30)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .expect("insert subscription");
}

pub async fn tool_use(db: &Database, user_id: i32, tool: &str, day: &str, uses: i32) {
    tool_usage::Entity::insert(tool_usage::ActiveModel {
        subject: Set(format!("member:{user_id}")),
        user_id: Set(Some(user_id)),
        tool_slug: Set(tool.to_owned()),
        day: Set(day.to_owned()),
        uses: Set(uses),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .expect("insert tool usage");
}

/// The licence of the purchase of order `order_id`, issued as delivery
/// issues it; its key.
pub async fn license_for_order(
    db: &Database,
    order_id: i32,
    now: DateTime<Utc>,
) -> crate::licenses::LicenseKey {
    use sea_orm::{ColumnTrait, QueryFilter};
    let purchase = user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order_id))
        .one(db.writer())
        .await
        .expect("read purchase")
        .expect("the order has a purchase");
    crate::licenses::issue_in(db.writer(), &purchase, now)
        .await
        .expect("issue licence")
        .expect("a new licence")
        .0
}

/// One member's full set: a paid product order delivered with a licence
/// (its key is returned), a paid web-access tool used 3 times today, a
/// pending service order (its quote accepted) and an active subscription.
/// `tag` keeps order codes unique.
pub async fn member_purchases(
    db: &Database,
    user_id: i32,
    tag: &str,
    now: DateTime<Utc>,
) -> crate::licenses::LicenseKey {
    let product = ("faktur-kilat-aplikasi-invoice", "Faktur Kilat");
    let item = (OrderItemKind::Product, product.0, product.1, 249_000);
    let code = format!("TRX-{tag}-1");
    let id = order(db, user_id, &code, item, OrderStatus::Paid, now).await;
    purchase(
        db,
        user_id,
        id,
        product,
        DeliveryType::LicenseKey,
        None,
        now,
    )
    .await;
    let key = license_for_order(db, id, now).await;

    let tool = ("cek-seo", "Cek SEO Instan");
    let item = (OrderItemKind::Product, tool.0, tool.1, 99_000);
    let code = format!("TRX-{tag}-2");
    let id = order(db, user_id, &code, item, OrderStatus::Paid, now).await;
    purchase(db, user_id, id, tool, DeliveryType::WebAccess, None, now).await;
    // Tool usage is counted per Jakarta day, like the dashboard reads it.
    let today = crate::jakarta::date(now).format("%Y-%m-%d").to_string();
    tool_use(db, user_id, "cek-seo", &today, 3).await;

    let item = (
        OrderItemKind::Service,
        "website-company-profile",
        "Website Company Profile",
        4_500_000,
    );
    let code = format!("TRX-{tag}-3");
    let service_order = order(db, user_id, &code, item, OrderStatus::Pending, now).await;
    awaiting_service_order(db, user_id, item, service_order, now).await;
    subscription(db, user_id, ("paket-umkm", "Paket UMKM"), now).await;
    key
}

/// A service order whose quote (the item's price) was accepted and whose
/// checkout order `order_id` waits for payment.
pub async fn awaiting_service_order(
    db: &Database,
    user_id: i32,
    (_, slug, name, price_idr): Item<'_>,
    order_id: i32,
    now: DateTime<Utc>,
) {
    use crate::entities::service_order::{self, ServiceOrderState};
    service_order::Entity::insert(service_order::ActiveModel {
        user_id: Set(user_id),
        service_slug: Set(slug.to_owned()),
        service_title: Set(name.to_owned()),
        brief: Set("Website profil perusahaan lima halaman.".into()),
        budget_min_idr: Set(price_idr / 2),
        budget_max_idr: Set(price_idr * 2),
        deadline: Set(crate::jakarta::date(now) + Duration::days(30)),
        state: Set(ServiceOrderState::AwaitingPayment),
        quote_price_idr: Set(Some(price_idr)),
        quote_scope: Set(Some("Lima halaman.".into())),
        quote_valid_until: Set(Some(now + Duration::days(7))),
        quoted_at: Set(Some(now)),
        order_id: Set(Some(order_id)),
        completed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(db.writer())
    .await
    .expect("insert service order");
}

/// An active product; its id.
pub async fn product(
    db: &Database,
    (slug, name): (&str, &str),
    price_idr: i64,
    price_usd_cents: Option<i64>,
    delivery_type: DeliveryType,
) -> i32 {
    let now = Utc::now();
    crate::entities::product::Entity::insert(crate::entities::product::ActiveModel {
        slug: Set(slug.to_owned()),
        name: Set(name.to_owned()),
        tagline: Set("Produk uji".into()),
        description_md: Set("Produk uji.".into()),
        category: Set("Template".into()),
        price_idr: Set(price_idr),
        price_usd_cents: Set(price_usd_cents),
        delivery_type: Set(delivery_type),
        delivery_note: Set(String::new()),
        github_repo: Set(None),
        cover_url: Set(None),
        featured: Set(false),
        active: Set(true),
        sort_order: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(db.writer())
    .await
    .expect("insert product")
    .last_insert_id
}

/// File delivery for tests: a fixed signing secret, files in `dir`, links
/// to the test site, `limit` downloads per purchase.
pub fn deliverables(dir: &std::path::Path, limit: u32) -> crate::deliverables::Deliverables {
    crate::deliverables::Deliverables {
        signer: crate::deliverables::LinkSigner::new(secrecy::SecretString::from(
            "rahasia-unduhan-uji-yang-cukup-panjang-000".to_owned(),
        )),
        files: crate::storage::Area::local(dir).expect("a test's private files folder"),
        dir: dir.to_owned(),
        site: url::Url::parse("http://127.0.0.1:3000").expect("test site URL"),
        limit,
    }
}
