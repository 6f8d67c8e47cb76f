//! `/admin/subscriptions`: every subscription, filtered by status, bundle
//! and the member's e-mail; the filters live in the query string (a plain
//! GET form, a view shareable as a link). `/admin/subscriptions/{id}`: one
//! subscription, its periods, and extend / cancel with a reason.
use super::{orders::encode, widgets::load_error};
use crate::api::admin::subscriptions::{
    get_subscription, get_subscription_bundles, get_subscriptions, CancelSubscription,
    ExtendSubscription, SubscriptionDetail,
};
use crate::resource::resource;
use crate::status::{badge, SUBSCRIPTION_STATUSES};
use leptos::{form::ActionForm, prelude::*};
use leptos_router::hooks::{use_params_map, use_query_map};

const BASE: &str = "/admin/subscriptions";

/// The listing's query string, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    status: String,
    bundle: String,
    q: String,
}

impl Filters {
    /// The link to `page` with these filters (empty ones left out).
    fn href(&self, page: u64) -> String {
        let mut pairs: Vec<String> = [
            ("status", &self.status),
            ("bundle", &self.bundle),
            ("q", &self.q),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
        if page > 1 {
            pairs.push(format!("page={page}"));
        }
        if pairs.is_empty() {
            BASE.to_owned()
        } else {
            format!("{BASE}?{}", pairs.join("&"))
        }
    }
}

fn page_link(href: Option<String>, label: &'static str, rel: &'static str) -> impl IntoView {
    match href {
        Some(href) => view! { <a href=href class="btn-ghost" rel=rel>{label}</a> }.into_any(),
        None => view! { <span class="btn-ghost opacity-50">{label}</span> }.into_any(),
    }
}

#[component]
pub fn SubscriptionsAdminPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Filters {
            status: get("status"),
            bundle: get("bundle"),
            q: get("q"),
        }
    });
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    });
    let subs = resource(
        move || (filters.get(), page.get()),
        |(f, p)| get_subscriptions(f.status, f.bundle, f.q, p),
    );
    let bundles = resource(|| (), |_| get_subscription_bundles());
    view! {
        <h1 class="text-3xl font-bold text-white">"Langganan"</h1>
        <p class="mt-2 text-slate-300">"Langganan member: paket SaaS dan lisensi per periode. Waktu dalam WIB; pencarian mencocokkan email member."</p>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let result = subs.await;
                let bundle_list = bundles.await.unwrap_or_default();
                let f = filters.get_untracked();
                let e_status = match &result {
                    Err(e) => e.fields.get("status").cloned(),
                    Ok(_) => None,
                };
                let status_options = std::iter::once(&("", "Semua status"))
                    .chain(SUBSCRIPTION_STATUSES)
                    .map(|(v, label)| view! { <option value=*v selected=*v == f.status>{*label}</option> })
                    .collect_view();
                let bundle_options = std::iter::once((String::new(), "Semua paket dan produk".to_owned()))
                    .chain(bundle_list)
                    .map(|(slug, name)| {
                        let selected = slug == f.bundle;
                        view! { <option value=slug selected=selected>{name}</option> }
                    })
                    .collect_view();
                let form = view! {
                    <form method="get" action=BASE class="mt-6 flex flex-wrap items-end gap-4">
                        <div>
                            <label for="s-status" class="field-label">"Status"</label>
                            <select id="s-status" name="status" class="field-input"
                                aria-invalid=e_status.is_some().then_some("true")
                                aria-describedby=e_status.is_some().then_some("s-status-error")>
                                {status_options}
                            </select>
                            {e_status.clone().map(|m| view! { <p id="s-status-error" class="field-error">{m}</p> })}
                        </div>
                        <div>
                            <label for="s-bundle" class="field-label">"Paket atau produk"</label>
                            <select id="s-bundle" name="bundle" class="field-input">{bundle_options}</select>
                        </div>
                        <div class="max-w-md">
                            <label for="s-q" class="field-label">"Cari (email)"</label>
                            <input id="s-q" name="q" type="search" class="field-input" value=f.q.clone()/>
                        </div>
                        <button type="submit" class="btn-primary">"Tampilkan"</button>
                        <a href=BASE class="btn-ghost">"Hapus filter"</a>
                    </form>
                };
                let body = match result {
                    Err(e) => load_error(e).into_any(),
                    Ok(p) if p.rows.is_empty() => view! { <p class="mt-6 text-slate-300">"Tidak ada langganan yang cocok."</p> }.into_any(),
                    Ok(p) => {
                        let prev = (p.page > 1).then(|| f.href(p.page - 1));
                        let next = (p.page < p.total_pages).then(|| f.href(p.page + 1));
                        view! {
                            <section aria-labelledby="daftar-langganan" class="mt-6">
                                <h2 id="daftar-langganan" class="sr-only">"Daftar langganan"</h2>
                                <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Tabel, dapat digeser">
                                    <table class="admin-table">
                                        <caption class="sr-only">{format!("Langganan, {} baris, terbaru di atas", p.total)}</caption>
                                        <thead><tr>
                                            <th scope="col">"Member"</th><th scope="col">"Paket / produk"</th><th scope="col">"Periode"</th>
                                            <th scope="col">"Status"</th><th scope="col">"Berakhir"</th>
                                        </tr></thead>
                                        <tbody>
                                            {p.rows.into_iter().map(|r| view! {
                                                <tr data-subscription=r.id>
                                                    <td><a href=format!("{BASE}/{}", r.id) class="footer-link">{r.member}</a><br/><span class="break-all text-sm">{r.email}</span></td>
                                                    <td>{r.bundle}</td>
                                                    <td>{r.period}</td>
                                                    <td><span class=badge(&r.status)>{r.status_label}</span></td>
                                                    <td class="whitespace-nowrap">{r.expires}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <nav aria-label="Halaman" class="mt-6 flex items-center gap-4 text-sm text-slate-300">
                                    {page_link(prev, "← Sebelumnya", "prev")}
                                    <span>{format!("Halaman {} dari {}", p.page, p.total_pages)}</span>
                                    {page_link(next, "Berikutnya →", "next")}
                                </nav>
                            </section>
                        }.into_any()
                    }
                };
                view! { {form} {body} }
            })}
        </Transition>
    }
}

#[component]
pub fn SubscriptionAdminPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0)
    });
    let extend = ServerAction::<ExtendSubscription>::new();
    let cancel = ServerAction::<CancelSubscription>::new();
    let changes = move || (extend.version().get(), cancel.version().get());
    let sub = resource(
        move || (id.get(), changes()),
        |(id, _)| get_subscription(id),
    );
    view! {
        <p><a href=BASE class="footer-link">"← Semua langganan"</a></p>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match sub.await {
                    Err(e) => view! {
                        <h1 class="mt-2 text-3xl font-bold text-white">"Langganan"</h1>
                        {load_error(e)}
                    }.into_any(),
                    Ok(s) => detail_view(s, extend, cancel).into_any(),
                }
            })}
        </Transition>
    }
}

fn detail_view(
    s: SubscriptionDetail,
    extend: ServerAction<ExtendSubscription>,
    cancel: ServerAction<CancelSubscription>,
) -> impl IntoView {
    let id = s.row.id;
    let field_error = move |v: Option<Result<SubscriptionDetail, crate::error::AppError>>,
                            f: &str| {
        v.and_then(|r| r.err())
            .and_then(|e| e.fields.get(f).cloned())
    };
    let days_error = move || field_error(extend.value().get(), "days");
    let extend_reason_error = move || field_error(extend.value().get(), "reason");
    let cancel_reason_error = move || field_error(cancel.value().get(), "reason");
    let facts = view! {
        <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt class="text-slate-400">"Status"</dt><dd><span class=badge(&s.row.status)>{s.row.status_label.clone()}</span></dd>
            <dt class="text-slate-400">"Paket atau produk"</dt><dd class="text-white">{format!("{} ({})", s.row.bundle, s.bundle_slug)}</dd>
            <dt class="text-slate-400">"Periode"</dt><dd>{s.row.period.clone()}</dd>
            <dt class="text-slate-400">"Member"</dt><dd class="text-white">{s.row.member.clone()}</dd>
            <dt class="text-slate-400">"Email"</dt><dd class="break-all">{s.row.email.clone()}</dd>
            <dt class="text-slate-400">"Mulai"</dt><dd>{s.starts.clone()}</dd>
            <dt class="text-slate-400">"Berakhir"</dt><dd>{s.row.expires.clone()}</dd>
            <dt class="text-slate-400">"Pengingat"</dt><dd>{if s.warned { "Sudah dikirim untuk periode ini" } else { "Belum dikirim untuk periode ini" }}</dd>
        </dl>
    };
    let actions = view! {
        <section aria-labelledby="tindakan-langganan" class="card mt-6 p-6">
            <h2 id="tindakan-langganan" class="text-xl font-semibold text-white">"Tindakan"</h2>
            <ActionForm action=extend attr:class="mt-4 flex max-w-xl flex-col gap-3" attr:aria-label="Perpanjang langganan">
                <input type="hidden" name="id" value=id/>
                <div class="field">
                    <label for="x-days" class="field-label">"Tambah hari"</label>
                    <input id="x-days" name="days" type="number" min="1" max="366" class="field-input"
                        aria-describedby="x-days-hint x-days-error"
                        aria-invalid=move || days_error().is_some().then_some("true")/>
                    <p id="x-days-hint" class="field-hint">"1–366 hari dari tanggal berakhir (atau dari hari ini jika sudah berakhir). Kosongkan untuk satu periode."</p>
                    <p id="x-days-error" class="field-error">{days_error}</p>
                </div>
                <div class="field">
                    <label for="x-reason" class="field-label">"Alasan"</label>
                    <textarea id="x-reason" name="reason" class="field-input" rows="2" required minlength="3" maxlength="500"
                        aria-describedby="x-reason-error"
                        aria-invalid=move || extend_reason_error().is_some().then_some("true")></textarea>
                    <p id="x-reason-error" class="field-error">{extend_reason_error}</p>
                </div>
                <button type="submit" class="btn-ghost self-start">"Perpanjang"</button>
            </ActionForm>
            {s.can_cancel.then(|| view! {
                <ActionForm action=cancel attr:class="mt-6 flex max-w-xl flex-col gap-3" attr:aria-label="Batalkan langganan">
                    <input type="hidden" name="id" value=id/>
                    <div class="field">
                        <label for="c-reason" class="field-label">"Alasan pembatalan"</label>
                        <textarea id="c-reason" name="reason" class="field-input" rows="2" required minlength="3" maxlength="500"
                            aria-describedby="c-reason-hint c-reason-error"
                            aria-invalid=move || cancel_reason_error().is_some().then_some("true")></textarea>
                        <p id="c-reason-hint" class="field-hint">"Akses member berakhir sekarang; uang tidak dikembalikan otomatis."</p>
                        <p id="c-reason-error" class="field-error">{cancel_reason_error}</p>
                    </div>
                    <button type="submit" class="btn-ghost self-start">"Batalkan langganan"</button>
                </ActionForm>
            })}
            {super::widgets::outcome(extend.value(), "Langganan diperpanjang.")}
            {super::widgets::outcome(cancel.value(), "Langganan dibatalkan.")}
        </section>
    };
    let periods = view! {
        <section aria-labelledby="riwayat-langganan" class="mt-8">
            <h2 id="riwayat-langganan" class="text-xl font-semibold text-white">"Riwayat perpanjangan"</h2>
            <ol class="mt-4 flex flex-col gap-3">
                {s.periods.into_iter().map(|p| view! {
                    <li class="card p-4 text-sm text-slate-300" data-period="">
                        <span class="text-white">{p.at}</span>
                        " · "
                        {match p.order_href {
                            Some(href) => view! { <a href=href class="footer-link">{p.source}</a> }.into_any(),
                            None => view! { <span>{p.source}</span> }.into_any(),
                        }}
                        {format!(" · {} → {}", p.from, p.to)}
                        {(!p.note.is_empty()).then(|| view! { <p class="mt-1">{format!("Alasan: {}", p.note)}</p> })}
                        {p.revoked.map(|at| view! { <p class="mt-1">{format!("Dana dikembalikan {at}: periode ini dicabut.")}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    };
    view! {
        <h1 class="mt-2 text-3xl font-bold text-white">{format!("Langganan {}", s.row.bundle)}</h1>
        <section aria-label="Data langganan" class="card mt-6 p-6 text-slate-300" data-subscription=id>
            {facts}
        </section>
        {actions}
        {periods}
    }
}
