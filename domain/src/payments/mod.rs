//! Payment providers: what their notifications mean, checked before they
//! move an order (`crate::orders`).
pub mod midtrans;
