//! Orders, services, subscriptions, downloads and tools. Commerce has not
//! landed yet, so no such records exist for anyone: each page says so and
//! points to where they come from. No placeholder rows.
use leptos::prelude::*;

#[component]
fn EmptySection(
    title: &'static str,
    text: &'static str,
    cta_href: &'static str,
    cta: &'static str,
) -> impl IntoView {
    view! {
        <h1 class="text-3xl font-bold text-white">{title}</h1>
        <div class="card mt-8 p-8 text-center">
            <p class="text-slate-300">{text}</p>
            <a href=cta_href class="btn-primary mt-6">{cta}</a>
        </div>
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    view! { <EmptySection title="Pesanan" text="Belum ada pesanan di akunmu." cta_href="/products" cta="Lihat produk"/> }
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    view! { <EmptySection title="Layanan" text="Belum ada layanan yang kamu pesan." cta_href="/services" cta="Lihat layanan"/> }
}

#[component]
pub fn SubscriptionsPage() -> impl IntoView {
    view! { <EmptySection title="Langganan" text="Kamu belum berlangganan apa pun." cta_href="/saas" cta="Lihat paket SaaS"/> }
}

#[component]
pub fn DownloadsPage() -> impl IntoView {
    view! { <EmptySection title="Unduhan" text="Belum ada file untuk diunduh. File produk yang kamu beli akan muncul di sini." cta_href="/products" cta="Lihat produk"/> }
}

#[component]
pub fn ToolsPage() -> impl IntoView {
    view! { <EmptySection title="Tools" text="Belum ada tools yang aktif di akunmu." cta_href="/products" cta="Lihat produk"/> }
}
