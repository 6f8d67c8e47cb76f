//! Orders, services, subscriptions, downloads and tools: the member's own
//! rows from the commerce tables, or an empty state pointing to where they
//! come from.
use crate::{
    api::purchases::{
        get_deliveries, get_orders, get_subscriptions, get_tools, DeliveryRow, OrderRow,
        SubscriptionRow, ToolRow,
    },
    components::error_panel::ErrorPanel,
    error::AppError,
};
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};

#[component]
fn Empty(text: &'static str, cta_href: &'static str, cta: &'static str) -> impl IntoView {
    view! {
        <div class="card mt-8 p-8 text-center" data-empty="">
            <p class="text-slate-300">{text}</p>
            <a href=cta_href class="btn-primary mt-6">{cta}</a>
        </div>
    }
}

/// A page of the member's rows: a heading, then the rows drawn by `rows`,
/// an empty state pointing to where such rows come from, or the error.
fn section<T, V>(
    title: &'static str,
    rows: Resource<Result<Vec<T>, AppError>>,
    empty: (&'static str, &'static str, &'static str),
    draw: fn(Vec<T>) -> V,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let (text, cta_href, cta) = empty;
    view! {
        <h1 class="text-3xl font-bold text-white">{title}</h1>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <Empty text cta_href cta/> }.into_any(),
                    Ok(list) => draw(list).into_any(),
                }
            })}
        </Transition>
    }
}

fn badge(status: &str) -> &'static str {
    match status {
        "paid" | "active" | "delivered" => "badge badge-ok",
        "pending" => "badge badge-warn",
        _ => "badge",
    }
}

fn orders_table(rows: Vec<OrderRow>, caption: &'static str) -> impl IntoView {
    view! {
        <div class="mt-8 overflow-x-auto" tabindex="0" role="region" aria-label=caption>
            <table class="admin-table">
                <caption class="sr-only">{caption}</caption>
                <thead><tr>
                    <th scope="col">"Kode"</th><th scope="col">"Item"</th><th scope="col">"Jumlah"</th>
                    <th scope="col">"Pembayaran"</th><th scope="col">"Status"</th><th scope="col">"Tanggal"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|o| {
                        let code = o.code.clone();
                        view! {
                        <tr data-order=code>
                            <td><code>{o.code}</code></td>
                            <td>{o.item}</td>
                            <td class="whitespace-nowrap">{o.amount}</td>
                            <td>{o.provider}</td>
                            <td><span class=badge(&o.status)>{o.status_label}</span></td>
                            <td class="whitespace-nowrap">{o.created}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| get_orders(String::new()));
    section(
        "Pesanan",
        rows,
        ("Belum ada pesanan di akunmu.", "/products", "Lihat produk"),
        |rows| orders_table(rows, "Semua pesananmu, terbaru di atas"),
    )
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| get_orders("service".to_owned()));
    section(
        "Layanan",
        rows,
        (
            "Belum ada layanan yang kamu pesan.",
            "/services",
            "Lihat layanan",
        ),
        |rows| orders_table(rows, "Layanan yang kamu pesan"),
    )
}

#[component]
pub fn SubscriptionsPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| get_subscriptions());
    section(
        "Langganan",
        rows,
        (
            "Kamu belum berlangganan apa pun.",
            "/saas",
            "Lihat paket SaaS",
        ),
        subscription_cards,
    )
}

fn subscription_cards(rows: Vec<SubscriptionRow>) -> impl IntoView {
    view! {
        <ul class="mt-8 grid gap-4 md:grid-cols-2">
            {rows.into_iter().map(|s| view! {
                <li class="card p-5" data-subscription=s.bundle_slug.clone()>
                    <div class="flex items-center justify-between gap-3">
                        <h2 class="text-lg font-semibold text-white">{s.bundle}</h2>
                        <span class=badge(&s.status)>{s.status_label}</span>
                    </div>
                    <p class="mt-2 text-sm text-slate-300">{format!("{} – {}", s.starts, s.expires)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn DownloadsPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| get_deliveries());
    section(
        "Unduhan",
        rows,
        (
            "Belum ada file atau lisensi. Produk digital yang kamu beli akan muncul di sini.",
            "/products",
            "Lihat produk",
        ),
        delivery_cards,
    )
}

fn delivery_cards(rows: Vec<DeliveryRow>) -> impl IntoView {
    view! {
        <ul class="mt-8 flex flex-col gap-4">
            {rows.into_iter().map(|d| view! {
                <li class="card p-5" data-delivery="">
                    <div class="flex flex-wrap items-center justify-between gap-3">
                        <h2 class="text-lg font-semibold text-white">{d.product}</h2>
                        <span class=badge(&d.status)>{d.status_label}</span>
                    </div>
                    <p class="mt-2 text-sm text-slate-300">{d.how}</p>
                    {d.license_key.map(|k| view! {
                        <p class="mt-2 text-sm text-slate-300">"Kunci lisensi: "<code class="text-white">{k}</code></p>
                    })}
                    {d.github_repo.map(|r| view! {
                        <p class="mt-2 text-sm text-slate-300">"Repositori: "<code class="text-white">{r}</code></p>
                    })}
                    {d.delivered.map(|t| view! { <p class="mt-2 text-sm text-slate-400">{format!("Dikirim {t}")}</p> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ToolsPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| get_tools());
    section(
        "Tools",
        rows,
        (
            "Belum ada tools yang aktif di akunmu.",
            "/products",
            "Lihat produk",
        ),
        tool_cards,
    )
}

fn tool_cards(rows: Vec<ToolRow>) -> impl IntoView {
    view! {
        <ul class="mt-8 grid gap-4 md:grid-cols-2">
            {rows.into_iter().map(|t| view! {
                <li class="card p-5" data-tool=t.slug.clone()>
                    <h2 class="text-lg font-semibold text-white">{t.name}</h2>
                    <p class="mt-2 text-sm text-slate-300">{format!("Aktif sejak {} · dipakai {} kali hari ini", t.since, t.uses_today)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}
