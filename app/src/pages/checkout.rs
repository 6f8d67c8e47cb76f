//! Buying: the product page's box (price, method, "Beli"), which is a plain
//! form that works without JavaScript. Its post is `server::payments::buy`:
//! order on the server at the server's price, then off to the provider's
//! payment page. A guest is sent to login and back.
use crate::{
    components::page::query_param,
    error::ErrorCode,
    format::{query_path, rupiah, usd_cents},
    model::Checkout,
};
use leptos::prelude::*;

/// The alert for a refused buy (`?gagal=code` after the post's redirect).
#[component]
pub fn RefusedAlert() -> impl IntoView {
    let failed = query_param("gagal");
    move || {
        failed().and_then(|c| ErrorCode::parse(&c)).map(|code| {
            view! {
                <p class="form-status form-status-error mt-4" role="alert">{code.message()}</p>
            }
        })
    }
}

#[component]
pub fn BuyBox(
    slug: String,
    price_idr: i64,
    price_usd_cents: Option<i64>,
    checkout: Checkout,
    /// Where the item's page lives: `/products`, or `/saas` for a bundle
    /// (whose form posts to `/saas/{slug}/buy`).
    #[prop(default = "/products")]
    base: &'static str,
) -> impl IntoView {
    let page = format!("{base}/{slug}");
    if !checkout.midtrans && !checkout.paypal {
        return view! {
            <p class="mt-2 text-sm text-slate-300">
                "Pembayaran online sedang tidak tersedia. Hubungi kami lewat halaman kontak untuk membeli produk ini."
            </p>
            <a href="/contact" class="btn-primary mt-4 w-full">"Hubungi kami"</a>
        }
        .into_any();
    }
    if !checkout.signed_in {
        let login = format!("/login?next={}", query_path(&page));
        return view! {
            <p class="mt-2 text-sm text-slate-300">"Masuk ke akunmu untuk membeli; produk langsung muncul di dashboard setelah dibayar."</p>
            <a href=login class="btn-primary mt-4 w-full" data-buy="login">"Masuk untuk membeli"</a>
            <p class="mt-3 text-sm text-slate-400">"Belum punya akun? " <a href="/register" class="footer-link">"Daftar gratis"</a></p>
        }
        .into_any();
    }
    let action = format!("{page}/buy");
    let usd = price_usd_cents.filter(|_| checkout.paypal);
    // With JavaScript, Snap opens over the page and PayPal's own button
    // replaces "Beli sekarang" for dollars (`checkout.js`); the form below
    // works the same without it.
    let scripting = checkout.snap_js.is_some() || checkout.paypal_js.is_some();
    let snap = checkout.snap_js.clone().map(|(src, key)| {
        view! { <script src=src data-client-key=key defer></script> }
    });
    let paypal_sdk = checkout
        .paypal_js
        .clone()
        .map(|src| view! { <script src=src defer></script> });
    let checkout_js = scripting.then(|| view! { <script src="/js/checkout.js" defer></script> });
    let paypal_buttons = checkout.paypal_js.is_some().then(|| {
        view! { <div class="mt-4" data-paypal-buttons hidden></div> }
    });
    view! {
        <RefusedAlert/>
        {snap}
        {paypal_sdk}
        {checkout_js}
        <form method="post" action=action class="mt-4" data-buy="form" data-product=slug.clone()>
            <fieldset>
                <legend class="text-sm text-slate-300">"Metode pembayaran"</legend>
                <div class="mt-2 space-y-2">
                    {checkout.midtrans.then(|| view! {
                        <label class="flex items-start gap-3 rounded-lg border border-slate-700 p-3">
                            <input type="radio" name="method" value="midtrans" checked class="mt-1"/>
                            <span>
                                <span class="block font-semibold text-white">{format!("Rupiah — {}", rupiah(price_idr))}</span>
                                <span class="block text-sm text-slate-400">"Midtrans: transfer bank, e-wallet, QRIS, kartu"</span>
                            </span>
                        </label>
                    })}
                    {usd.map(|c| view! {
                        <label class="flex items-start gap-3 rounded-lg border border-slate-700 p-3">
                            <input type="radio" name="method" value="paypal" checked=!checkout.midtrans class="mt-1"/>
                            <span>
                                <span class="block font-semibold text-white">{format!("Dolar AS — {}", usd_cents(c))}</span>
                                <span class="block text-sm text-slate-400">"PayPal, untuk pembayaran internasional"</span>
                            </span>
                        </label>
                    })}
                </div>
            </fieldset>
            <button type="submit" class="btn-primary mt-4 w-full">"Beli sekarang"</button>
            {paypal_buttons}
            <p class="mt-3 text-xs text-slate-400">"Harga dihitung ulang di server saat pesanan dibuat. Pesanan yang belum dibayar kedaluwarsa dalam 24 jam."</p>
        </form>
    }
    .into_any()
}
