//! The development payment simulator: Midtrans (Snap and its status API)
//! and PayPal (OAuth2, Orders v2, webhooks and their verification),
//! GitHub's invitation calls (so demo GitHub products are delivered), and
//! the agency's Ixonomic API (so the client portal has projects to show),
//! answered by this server itself under `/_dev/…` with the documented
//! request and response shapes, so a newcomer buys a demo product end to
//! end with no account anywhere. The buyer sees a "pay / fail / leave
//! pending" (or "approve / cancel") page; a choice sends real signed
//! notifications back to the site's own endpoints, exactly as the
//! providers would. It also answers as the AI writing assistant's
//! provider (`ai`: chat completions, streamed or not, and a placeholder
//! image), so the editor's "Bantu tulis" works with no key.
//!
//! On only with `PAYMENT_SIMULATOR=true` (default in `scripts/dev.sh`);
//! the configuration refuses it in production. Transactions live in
//! memory: a restart forgets them (the orders do not).
mod ai;
mod ai_text;
mod github;
mod ixonomic;
mod midtrans;
mod paypal;
mod placeholder_png;

use crate::AppState;
use axum::Router;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

/// What the simulated providers remember.
#[derive(Default)]
struct State {
    /// Snap transactions by token, and tokens by order id.
    midtrans: HashMap<String, midtrans::SimTransaction>,
    midtrans_orders: HashMap<String, String>,
    /// PayPal orders by id, and ids by `PayPal-Request-Id`.
    paypal_orders: HashMap<String, paypal::SimOrder>,
    paypal_requests: HashMap<String, String>,
}

#[derive(Default, Clone)]
pub struct Shared(Arc<Mutex<State>>);

impl Shared {
    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        // A poisoned lock only means a panic elsewhere mid-update; the maps
        // are still usable for a development tool.
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

/// The simulator's routes, merged into the app when it is on.
pub fn routes() -> Router<AppState> {
    midtrans::routes()
        .merge(paypal::routes())
        .merge(github::routes())
        .merge(ixonomic::routes())
        .merge(ai::routes())
        .layer(axum::Extension(Shared::default()))
}

fn escape(s: &str) -> String {
    domain::mail::templates::escape_html(s)
}

/// A simulator page in the site's style; `body_html` is trusted markup
/// built with [`escape`].
fn page_frame(title: &str, body_html: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title>\
         <link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main class=\"mx-auto max-w-lg px-4 py-16\">\
         <div class=\"card p-8\">\
         <p class=\"eyebrow\">Simulator pengembangan</p>\
         <h1 class=\"mt-3 text-2xl font-bold text-white\">{title}</h1>\
         <p class=\"mt-3 text-slate-300\">Tidak ada uang yang berpindah. Halaman ini menggantikan \
         penyedia pembayaran selama pengembangan dan mengirim notifikasi bertanda tangan ke situs.</p>\
         {body_html}</div></main></body></html>",
        title = escape(title),
        css = crate::assets::stylesheet_href(),
    )
}
