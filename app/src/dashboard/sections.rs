//! Orders, services, subscriptions, downloads and tools: the member's own
//! rows from the commerce tables, or an empty state pointing to where they
//! come from.
use crate::resource::resource;
use crate::{
    api::purchases::{
        confirm_return, get_deliveries, get_orders, get_subscriptions, get_tools, DeliveryRow,
        GithubRow, OrderRow, Renewal, SubscriptionRow, ToolDayRow, ToolTodayRow, ToolsOverview,
        TOOL_HISTORY_DAYS,
    },
    components::{error_panel::ErrorPanel, page::query_param},
    error::AppError,
    pages::checkout::RefusedAlert,
    status::badge,
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
    rows: crate::resource::Resource<Result<Vec<T>, AppError>>,
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

fn orders_table(rows: Vec<OrderRow>, caption: &'static str) -> impl IntoView {
    view! {
        <div class="mt-8 overflow-x-auto" tabindex="0" role="region" aria-label=caption>
            <table class="admin-table">
                <caption class="sr-only">{caption}</caption>
                <thead><tr>
                    <th scope="col">"Kode"</th><th scope="col">"Item"</th><th scope="col">"Jumlah"</th>
                    <th scope="col">"Pembayaran"</th><th scope="col">"Status"</th><th scope="col">"Tanggal"</th>
                    <th scope="col">"Tindakan"</th>
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
                            <td>{order_actions(o.id, o.open, o.invoice)}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Pay or cancel a pending order (plain forms: no JavaScript needed), or
/// the paid order's invoice number.
fn order_actions(id: i32, open: bool, invoice: Option<String>) -> impl IntoView {
    if open {
        view! {
            <div class="flex flex-wrap gap-2">
                <form method="post" action=format!("/dashboard/orders/{id}/pay")>
                    <button type="submit" class="btn-primary px-3 py-1 text-sm">"Bayar"</button>
                </form>
                <form method="post" action=format!("/dashboard/orders/{id}/cancel")>
                    <button type="submit" class="btn-ghost px-3 py-1 text-sm">"Batalkan"</button>
                </form>
            </div>
        }
        .into_any()
    } else {
        match invoice {
            // `rel="external"`: a file, not a page for the client router.
            // The name says what it does and contains the visible text.
            Some(number) => view! {
                <a href=format!("/dashboard/orders/{id}/invoice.pdf") rel="external" download=""
                    aria-label=format!("Unduh faktur {number} (PDF)")
                    class="footer-link whitespace-nowrap text-sm" data-invoice="">
                    {number.clone()}" (PDF)"
                </a>
            }
            .into_any(),
            None => view! { <span class="text-sm text-slate-400">"—"</span> }.into_any(),
        }
    }
}

/// `/dashboard/orders`, also where Snap's finish / error / pending
/// callbacks land (`?order_id=…`): that order's real status is asked of
/// the provider before the list is read.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let returned = query_param("order_id");
    let cancelled = query_param("dibatalkan");
    let rows = resource(returned, |code| async move {
        let notice = match code {
            Some(code) => confirm_return(code).await.ok().flatten(),
            None => None,
        };
        get_orders(String::new()).await.map(|rows| (notice, rows))
    });
    let list = resource(
        move || (),
        move |_| async move { rows.await.map(|(_, r)| r) },
    );
    view! {
        <RefusedAlert/>
        {move || cancelled().map(|_| view! {
            <p class="form-status form-status-ok mb-6" role="status">"Pesanan dibatalkan."</p>
        })}
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                rows.await.ok().and_then(|(notice, _)| notice).map(|n| view! {
                    <p class="form-status form-status-ok mb-6" role="status" data-confirmed="">{n}</p>
                })
            })}
        </Suspense>
        {section(
            "Pesanan",
            list,
            ("Belum ada pesanan di akunmu.", "/products", "Lihat produk"),
            |rows| orders_table(rows, "Semua pesananmu, terbaru di atas"),
        )}
    }
}

#[component]
pub fn SubscriptionsPage() -> impl IntoView {
    let rows = resource(|| (), |_| get_subscriptions());
    view! {
        {section(
            "Langganan",
            rows,
            (
                "Kamu belum berlangganan apa pun.",
                "/saas",
                "Lihat paket SaaS",
            ),
            subscription_cards,
        )}
        <RefusedAlert/>
    }
}

/// "Perpanjang": the item's checkout (`POST /saas/{slug}/buy`, or
/// `/products/{slug}/buy` for a licence), a plain form; the new period
/// starts at the current expiry.
fn renew_form(slug: &str, r: Renewal) -> impl IntoView {
    let action = r.action.clone();
    let both = r.idr.is_some() && r.usd.is_some();
    let option = move |method: &'static str, label: String, checked: bool| {
        view! {
            <label class="flex items-center gap-2 text-sm text-slate-200">
                <input type="radio" name="method" value=method checked=checked/>
                {label}
            </label>
        }
    };
    let idr = r
        .idr
        .map(|l| option("midtrans", format!("Rupiah (Midtrans) — {l}"), true));
    let usd = r
        .usd
        .map(|l| option("paypal", format!("Dolar AS (PayPal) — {l}"), !both));
    view! {
        <form method="post" action=action class="mt-4 space-y-2" data-renew=slug.to_owned()>
            <input type="hidden" name="from" value="dashboard"/>
            <fieldset class="space-y-1">
                <legend class="text-sm text-slate-300">"Metode pembayaran"</legend>
                {idr}
                {usd}
            </fieldset>
            <button type="submit" class="btn-primary">"Perpanjang"</button>
        </form>
    }
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
                    <p class="mt-2 text-sm text-slate-300">{format!("Mulai {} · berakhir {}", s.starts, s.expires)}</p>
                    {s.renew.map(|r| renew_form(&s.bundle_slug, r))}
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn DownloadsPage() -> impl IntoView {
    let rows = resource(|| (), |_| get_deliveries());
    let github_set = query_param("github");
    view! {
        // A refused download link lands here (`?gagal=link_expired`, …).
        <RefusedAlert/>
        {move || github_set().map(|_| view! {
            <p class="form-status form-status-ok mt-4" role="status">
                "Username GitHub disimpan. Undangannya kami kirim sebentar lagi."
            </p>
        })}
        {section(
            "Unduhan",
            rows,
            (
                "Belum ada file atau lisensi. Produk digital yang kamu beli akan muncul di sini.",
                "/products",
                "Lihat produk",
            ),
            delivery_cards,
        )}
        <super::licenses::LicensesSection/>
    }
}

fn delivery_cards(rows: Vec<DeliveryRow>) -> impl IntoView {
    view! {
        <ul class="mt-8 flex flex-col gap-4">
            {rows.into_iter().map(|d| view! {
                <li class="card p-5" data-delivery="" id=format!("pembelian-{}", d.purchase_id)>
                    <div class="flex flex-wrap items-center justify-between gap-3">
                        <h2 class="text-lg font-semibold text-white">{d.product}</h2>
                        <span class=badge(&d.status)>{d.status_label}</span>
                    </div>
                    <p class="mt-2 text-sm text-slate-300">{d.how}</p>
                    {d.github_repo.map(|r| view! {
                        <p class="mt-2 text-sm text-slate-300">"Repositori: "<code class="text-white">{r}</code></p>
                    })}
                    {d.github.map(|g| github_invitation(d.purchase_id, g))}
                    {d.delivered.map(|t| view! { <p class="mt-2 text-sm text-slate-400">{format!("Dikirim {t}")}</p> })}
                    {(!d.files.is_empty()).then(|| view! {
                        <ul class="mt-3 flex flex-col gap-2" aria-label="File">
                            {d.files.into_iter().map(|f| view! {
                                <li class="flex flex-wrap items-baseline gap-x-3">
                                    // A file, not a page for the client router.
                                    <a href=f.url rel="external" class="footer-link font-semibold" data-file-link="">{f.name}</a>
                                    <span class="text-sm text-slate-400">{format!("{} · tautan berlaku sampai {}", f.size, f.until)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {d.downloads.map(|u| view! { <p class="mt-2 text-sm text-slate-400">{u}</p> })}
                    {d.note.map(|n| view! {
                        <div class="mt-3 rounded-lg border border-slate-700 p-3">
                            <p class="text-sm font-semibold text-white">"Catatan dari tim kami"</p>
                            <p class="mt-1 whitespace-pre-line text-sm text-slate-200" data-delivery-note="">{n}</p>
                        </div>
                    })}
                </li>
            }).collect_view()}
        </ul>
    }
}

/// A GitHub invitation's state, and the plain form (no JavaScript needed)
/// that gives or corrects the username while one is needed.
fn github_invitation(purchase_id: i32, g: GithubRow) -> impl IntoView {
    let field = format!("github-username-{purchase_id}");
    view! {
        <div class="mt-3" data-github="">
            <p class="text-sm text-slate-200" data-github-state="">
                {g.state}
                {g.invitations_url.map(|u| view! {
                    " "<a href=u rel="external noopener" class="footer-link">"Buka undangan di GitHub"</a>
                })}
            </p>
            {g.error.map(|e| view! {
                <p class="form-status form-status-error mt-2" role="alert" data-github-error="">{e}</p>
            })}
            {g.can_set.then(|| view! {
                <form method="post" action=format!("/dashboard/purchases/{purchase_id}/github")
                    class="mt-3 flex flex-wrap items-end gap-3">
                    <div class="field">
                        <label for=field.clone() class="field-label">"Username GitHub"</label>
                        <input id=field name="github_username" type="text" required=true
                            maxlength="40" autocomplete="off" spellcheck="false"
                            pattern="@?[A-Za-z0-9](-?[A-Za-z0-9]){0,38}"
                            title="1–39 huruf, angka, atau tanda hubung tunggal"
                            value=g.username.unwrap_or_default()
                            class="field-input"/>
                    </div>
                    <button type="submit" class="btn-primary px-3 py-1 text-sm">"Kirim undangan"</button>
                </form>
            })}
        </div>
    }
}

#[component]
pub fn ToolsPage() -> impl IntoView {
    let overview = resource(|| (), |_| get_tools());
    view! {
        <h1 class="text-3xl font-bold text-white">"Tools"</h1>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    Ok(o) => tools_overview(o).into_any(),
                }
            })}
        </Transition>
    }
}

/// Uses per tool per Jakarta day over the last week, zeros included.
fn usage_history(tools: &[ToolTodayRow], days: Vec<ToolDayRow>) -> impl IntoView {
    let caption = format!("Pemakaian per hari, {TOOL_HISTORY_DAYS} hari terakhir");
    view! {
        <h2 class="mt-10 text-xl font-semibold text-white">{caption.clone()}</h2>
        <div class="mt-4 overflow-x-auto" tabindex="0" role="region" aria-label=caption>
            <table class="admin-table" data-tool-history="">
                <caption class="sr-only">{caption.clone()}</caption>
                <thead><tr>
                    <th scope="col">"Tanggal"</th>
                    {tools.iter().map(|t| view! { <th scope="col">{t.name.clone()}</th> }).collect_view()}
                    <th scope="col">"Jumlah"</th>
                </tr></thead>
                <tbody>
                    {days.into_iter().map(|d| {
                        let total: u32 = d.uses.iter().sum();
                        view! {
                            <tr>
                                <th scope="row" class="whitespace-nowrap">{d.day}</th>
                                {d.uses.into_iter().map(|n| view! { <td>{n}</td> }).collect_view()}
                                <td>{total}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Each public tool with today's use against the member's plan (the
/// quota `POST /api/tools/{slug}/use` counts), then the web access bought.
fn tools_overview(mut o: ToolsOverview) -> impl IntoView {
    let history = usage_history(&o.today, std::mem::take(&mut o.days));
    let resets = o.today.first().map(|t| t.quota.resets_at_text.clone());
    let plan = o
        .today
        .first()
        .map(|t| t.quota.plan.clone())
        .unwrap_or_default();
    view! {
        <p class="mt-4 text-slate-300">
            {format!(
                "Paketmu: {}. Jatah kembali penuh pada {}.",
                if plan == "pass" { "Tools Pass" } else { "Member" },
                resets.unwrap_or_default()
            )}
            {(plan != "pass").then(|| view! {
                " "<a class="footer-link" href="/products/tools-pass">"Tools Pass"</a>" menaikkan jatah harianmu."
            })}
        </p>
        <ul class="mt-6 grid gap-4 md:grid-cols-2">
            {o.today.into_iter().map(|t| view! {
                <li class="card p-5" data-tool=t.slug.clone()>
                    <h2 class="text-lg font-semibold text-white">
                        <a class="footer-link" href=format!("/tools/{}", t.slug)>{t.name}</a>
                    </h2>
                    <p class="mt-2 text-sm text-slate-300">{format!(
                        "Hari ini dipakai {} dari {} kali · sisa {}",
                        t.quota.used, t.quota.limit, t.quota.remaining
                    )}</p>
                </li>
            }).collect_view()}
        </ul>
        {history}
        <h2 class="mt-10 text-xl font-semibold text-white">"Akses web yang kamu beli"</h2>
        {if o.bought.is_empty() {
            view! { <Empty text="Belum ada tools atau akses web yang kamu beli." cta_href="/products" cta="Lihat produk"/> }.into_any()
        } else {
            view! {
                <ul class="mt-4 grid gap-4 md:grid-cols-2">
                    {o.bought.into_iter().map(|t| view! {
                        <li class="card p-5" data-purchase=t.slug.clone()>
                            <h3 class="text-lg font-semibold text-white">{t.name}</h3>
                            <p class="mt-2 text-sm text-slate-300">{format!("Aktif sejak {}", t.since)}</p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
