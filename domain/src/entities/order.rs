use sea_orm::entity::prelude::*;

/// One checkout: a product, a service or a SaaS bundle, paid in IDR through
/// Midtrans or in USD through PayPal.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub order_code: String,
    pub user_id: i32,
    pub item_kind: OrderItemKind,
    pub item_slug: String,
    pub item_name: String,
    pub amount_idr: i64,
    pub amount_usd_cents: Option<i64>,
    pub payment_provider: PaymentProvider,
    pub provider_ref: Option<String>,
    pub status: OrderStatus,
    pub customer_name: String,
    pub customer_email: String,
    pub customer_phone: Option<String>,
    pub paid_at: Option<DateTimeUtc>,
    /// An unpaid order expires then (the `orders.expire_due` job).
    pub expires_at: Option<DateTimeUtc>,
    /// Snap token, or PayPal's order id: paying again reuses it.
    pub payment_token: Option<String>,
    /// Snap's `redirect_url`, or PayPal's approve link.
    #[sea_orm(column_type = "Text", nullable)]
    pub payment_url: Option<String>,
    /// `INV/2026/000123`, given in the transaction that marks it paid.
    #[sea_orm(unique)]
    pub invoice_number: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum OrderItemKind {
    #[sea_orm(string_value = "product")]
    Product,
    #[sea_orm(string_value = "service")]
    Service,
    #[sea_orm(string_value = "saas")]
    Saas,
    /// An agency client's Ixonomic invoice, paid through the site.
    #[sea_orm(string_value = "invoice")]
    Invoice,
}

impl OrderItemKind {
    /// The page where the buyer sees this order: a client's invoice in the
    /// portal, everything else among the member's orders. Payment returns
    /// and the confirmation e-mails link there.
    pub fn buyer_page(self) -> &'static str {
        match self {
            OrderItemKind::Invoice => "/client/invoices",
            _ => "/dashboard/orders",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PaymentProvider {
    #[sea_orm(string_value = "midtrans")]
    Midtrans,
    #[sea_orm(string_value = "paypal")]
    Paypal,
}

/// Where an order is; the allowed moves are `domain::orders::step`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum OrderStatus {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "paid")]
    Paid,
    /// Everything bought has been delivered.
    #[sea_orm(string_value = "fulfilled")]
    Fulfilled,
    #[sea_orm(string_value = "expired")]
    Expired,
    #[sea_orm(string_value = "cancelled")]
    Cancelled,
    /// Refused by the provider (fraud check, or a reversed settlement).
    #[sea_orm(string_value = "denied")]
    Denied,
    #[sea_orm(string_value = "refunded")]
    Refunded,
    #[sea_orm(string_value = "chargeback")]
    Chargeback,
}

impl OrderStatus {
    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Paid => "paid",
            OrderStatus::Fulfilled => "fulfilled",
            OrderStatus::Expired => "expired",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Denied => "denied",
            OrderStatus::Refunded => "refunded",
            OrderStatus::Chargeback => "chargeback",
        }
    }

    /// The status an API name (see [`Self::as_str`]) names.
    pub fn parse(name: &str) -> Option<Self> {
        <Self as sea_orm::Iterable>::iter().find(|s| s.as_str() == name)
    }

    /// The money went (or goes) back to the buyer: what the order gave is
    /// taken back.
    pub fn takes_money_back(self) -> bool {
        matches!(
            self,
            OrderStatus::Denied | OrderStatus::Refunded | OrderStatus::Chargeback
        )
    }
}

impl PaymentProvider {
    /// Its name as people know it.
    pub fn label(self) -> &'static str {
        match self {
            PaymentProvider::Midtrans => "Midtrans",
            PaymentProvider::Paypal => "PayPal",
        }
    }

    /// The stored and API name.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentProvider::Midtrans => "midtrans",
            PaymentProvider::Paypal => "paypal",
        }
    }

    /// The provider an API name (see [`Self::as_str`]) names.
    pub fn parse(name: &str) -> Option<Self> {
        [PaymentProvider::Midtrans, PaymentProvider::Paypal]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
