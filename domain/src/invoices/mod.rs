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
