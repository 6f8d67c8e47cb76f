//! Invoices (faktur) for paid orders.
//!
//! `pdf` renders one invoice as a one-page A4 PDF in Rust, with DejaVu Sans
//! embedded (`domain/assets/fonts/`), so nothing is downloaded or read from
//! the system at run time. The caller gathers the facts (seller from the
//! site settings, buyer, item, amount, payment method, dates) into an
//! [`InvoiceDocument`]; rendering cannot fail and the same document always
//! gives the same bytes.
pub mod pdf;

pub use pdf::{render, text_of, InvoiceDocument, Seller};

use crate::{
    content::settings,
    entities::order::{self, PaymentProvider},
    error::{DomainError, DomainResult},
    Database,
};

/// The invoice of a paid `order` as PDF bytes, or `NotFound` when the
/// order was never paid (it has no invoice number).
pub async fn for_order(db: &Database, order: &order::Model) -> DomainResult<Vec<u8>> {
    let (Some(number), Some(paid_at)) = (&order.invoice_number, order.paid_at) else {
        return Err(DomainError::NotFound);
    };
    let site = settings::load(db).await?;
    let amount = match (order.payment_provider, order.amount_usd_cents) {
        (PaymentProvider::Paypal, Some(cents)) => money::Amount::UsdCents(cents),
        _ => money::Amount::Idr(order.amount_idr),
    };
    let doc = InvoiceDocument {
        number: number.clone(),
        order_code: order.order_code.clone(),
        seller: Seller {
            name: site.site_name,
            address: site.address,
            email: site.contact_email,
            whatsapp: site.whatsapp,
        },
        buyer_name: order.customer_name.clone(),
        buyer_email: order.customer_email.clone(),
        item_name: order.item_name.clone(),
        amount,
        payment_method: order.payment_provider.label().to_owned(),
        ordered_at: order.created_at,
        paid_at,
    };
    Ok(render(&doc))
}

/// `INV/2026/000123` → `faktur-INV-2026-000123.pdf`.
pub fn file_name(number: &str) -> String {
    let safe: String = number
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("faktur-{safe}.pdf")
}
