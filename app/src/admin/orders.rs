//! `/admin/orders`: every order, filtered by status, payment method, days
//! (WIB) and code or e-mail; the filters and the page live in the query
//! string, so the form is a plain GET form and a view can be shared as a
//! link. `/admin/orders/{id}`: one order, its timeline and the actions.
use super::widgets::load_error;
use crate::api::admin::orders::{
    get_order, get_orders, CancelOrder, DeliverByHand, OrderDetail, RefundOrder, ReissueDownloads,
    ResendOrderEmails,
};
use crate::resource::resource;
use crate::status::{badge, ORDER_STATUSES};
use leptos::{form::ActionForm, prelude::*};
use leptos_router::hooks::{use_params_map, use_query_map};

const PROVIDERS: &[(&str, &str)] = &[("midtrans", "Midtrans"), ("paypal", "PayPal")];

/// The listing's query string, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    status: String,
    provider: String,
    from: String,
    to: String,
    q: String,
}

impl Filters {
    /// The query string of `page` with these filters (empty ones left out).
    fn href(&self, page: u64) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("status", &self.status),
            ("provider", &self.provider),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.clone()))
        .collect();
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let query = pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        if query.is_empty() {
            "/admin/orders".to_owned()
        } else {
            format!("/admin/orders?{query}")
        }
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
pub(super) fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Previous/next links: they work without JavaScript.
fn pager(filters: &Filters, page: u64, total_pages: u64) -> impl IntoView {
    let prev = (page > 1).then(|| filters.href(page - 1));
    let next = (page < total_pages).then(|| filters.href(page + 1));
    view! {
        <nav aria-label="Halaman" class="mt-6 flex items-center gap-4 text-sm text-slate-300">
            {match prev {
                Some(href) => view! { <a href=href class="btn-ghost" rel="prev">"← Sebelumnya"</a> }.into_any(),
                None => view! { <span class="btn-ghost opacity-50">"← Sebelumnya"</span> }.into_any(),
            }}
            <span>{format!("Halaman {page} dari {total_pages}")}</span>
            {match next {
                Some(href) => view! { <a href=href class="btn-ghost" rel="next">"Berikutnya →"</a> }.into_any(),
                None => view! { <span class="btn-ghost opacity-50">"Berikutnya →"</span> }.into_any(),
            }}
        </nav>
    }
}

/// `<option>`s: "all" (the empty value) first, then `items`.
fn options(
    all: &'static str,
    items: &'static [(&'static str, &'static str)],
    current: &str,
) -> impl IntoView {
    std::iter::once(&("", all))
        .chain(items)
        .map(|(value, label)| {
            let selected = *value == current;
            view! { <option value=*value selected=selected>{*label}</option> }
        })
        .collect_view()
}

#[component]
pub fn OrdersAdminPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Filters {
            status: get("status"),
            provider: get("provider"),
            from: get("from"),
            to: get("to"),
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
    let orders = resource(
        move || (filters.get(), page.get()),
        |(f, p)| get_orders(f.status, f.provider, f.from, f.to, f.q, p),
    );
    view! {
        <h1 class="text-3xl font-bold text-white">"Pesanan"</h1>
        <p class="mt-2 text-slate-300">"Semua pesanan toko. Tanggal dalam WIB; pencarian mencocokkan kode pesanan atau email pembeli."</p>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let result = orders.await;
                let f = filters.get_untracked();
                let error_of = |field: &str| match &result {
                    Err(e) => e.fields.get(field).cloned(),
                    Ok(_) => None,
                };
                let field_error = move |id: &'static str, message: Option<String>| {
                    message.map(|m| view! { <p id=id class="field-error">{m}</p> })
                };
                let (e_status, e_provider, e_from, e_to) =
                    (error_of("status"), error_of("provider"), error_of("from"), error_of("to"));
                let form = view! {
                    <form method="get" action="/admin/orders" class="mt-6 flex flex-wrap items-end gap-4">
                        <div>
                            <label for="o-status" class="field-label">"Status"</label>
                            <select id="o-status" name="status" class="field-input"
                                aria-invalid=e_status.is_some().then_some("true")
                                aria-describedby=e_status.is_some().then_some("o-status-error")>
                                {options("Semua status", ORDER_STATUSES, &f.status)}
                            </select>
                            {field_error("o-status-error", e_status.clone())}
                        </div>
                        <div>
                            <label for="o-provider" class="field-label">"Metode"</label>
                            <select id="o-provider" name="provider" class="field-input"
                                aria-invalid=e_provider.is_some().then_some("true")
                                aria-describedby=e_provider.is_some().then_some("o-provider-error")>
                                {options("Semua metode", PROVIDERS, &f.provider)}
                            </select>
                            {field_error("o-provider-error", e_provider.clone())}
                        </div>
                        <div>
                            <label for="o-from" class="field-label">"Dari"</label>
                            <input id="o-from" name="from" type="date" class="field-input" value=f.from.clone()
                                aria-invalid=e_from.is_some().then_some("true")
                                aria-describedby=e_from.is_some().then_some("o-from-error")/>
                            {field_error("o-from-error", e_from.clone())}
                        </div>
                        <div>
                            <label for="o-to" class="field-label">"Sampai"</label>
                            <input id="o-to" name="to" type="date" class="field-input" value=f.to.clone()
                                aria-invalid=e_to.is_some().then_some("true")
                                aria-describedby=e_to.is_some().then_some("o-to-error")/>
                            {field_error("o-to-error", e_to.clone())}
                        </div>
                        <div class="max-w-md">
                            <label for="o-q" class="field-label">"Cari (kode atau email)"</label>
                            <input id="o-q" name="q" type="search" class="field-input" value=f.q.clone()/>
                        </div>
                        <button type="submit" class="btn-primary">"Tampilkan"</button>
                        <a href="/admin/orders" class="btn-ghost">"Hapus filter"</a>
                    </form>
                };
                let body = match result {
                    Err(e) => load_error(e).into_any(),
                    Ok(p) if p.rows.is_empty() => view! { <p class="mt-6 text-slate-300">"Tidak ada pesanan yang cocok."</p> }.into_any(),
                    Ok(p) => view! {
                        <section aria-labelledby="daftar-pesanan" class="mt-6">
                            <h2 id="daftar-pesanan" class="sr-only">"Daftar pesanan"</h2>
                            <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Tabel, dapat digeser">
                                <table class="admin-table">
                                    <caption class="sr-only">{format!("Pesanan, {} pesanan, terbaru di atas", p.total)}</caption>
                                    <thead><tr>
                                        <th scope="col">"Kode"</th><th scope="col">"Pembeli"</th><th scope="col">"Item"</th>
                                        <th scope="col">"Jumlah"</th><th scope="col">"Metode"</th><th scope="col">"Status"</th>
                                        <th scope="col">"Dibuat"</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.rows.into_iter().map(|r| view! {
                                            <tr data-order=r.id>
                                                <td class="whitespace-nowrap"><a href=format!("/admin/orders/{}", r.id) class="footer-link">{r.code}</a></td>
                                                <td><span class="text-white">{r.buyer}</span><br/><span class="break-all text-sm">{r.email}</span></td>
                                                <td>{r.item}</td>
                                                <td class="whitespace-nowrap">{r.amount}</td>
                                                <td>{r.provider}</td>
                                                <td><span class=badge(&r.status)>{r.status_label}</span></td>
                                                <td class="whitespace-nowrap">{r.created}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {pager(&f, p.page, p.total_pages)}
                        </section>
                    }.into_any(),
                };
                view! { {form} {body} }
            })}
        </Transition>
    }
}

#[component]
pub fn OrderAdminPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i32>().ok())
            .unwrap_or(0)
    });
    let resend = ServerAction::<ResendOrderEmails>::new();
    let cancel = ServerAction::<CancelOrder>::new();
    let refund = ServerAction::<RefundOrder>::new();
    let reissue = ServerAction::<ReissueDownloads>::new();
    let by_hand = ServerAction::<DeliverByHand>::new();
    let changes = move || {
        (
            resend.version().get(),
            cancel.version().get(),
            refund.version().get(),
            reissue.version().get(),
            by_hand.version().get(),
        )
    };
    let order = resource(move || (id.get(), changes()), |(id, _)| get_order(id));
    view! {
        <p><a href="/admin/orders" class="footer-link">"← Semua pesanan"</a></p>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match order.await {
                    Err(e) => view! {
                        <h1 class="mt-2 text-3xl font-bold text-white">"Pesanan"</h1>
                        {load_error(e)}
                    }.into_any(),
                    Ok(o) => detail_view(o, Actions { resend, cancel, refund, reissue, by_hand }).into_any(),
                }
            })}
        </Transition>
    }
}

/// What an admin can do to an order.
#[derive(Clone, Copy)]
struct Actions {
    resend: ServerAction<ResendOrderEmails>,
    cancel: ServerAction<CancelOrder>,
    refund: ServerAction<RefundOrder>,
    reissue: ServerAction<ReissueDownloads>,
    by_hand: ServerAction<DeliverByHand>,
}

fn detail_view(o: OrderDetail, actions: Actions) -> impl IntoView {
    let Actions {
        resend,
        cancel,
        refund,
        reissue,
        by_hand,
    } = actions;
    let id = o.id;
    let note_error = move || {
        by_hand
            .value()
            .get()
            .and_then(|r| r.err())
            .and_then(|e| e.fields.get("note").cloned())
    };
    let reason_error = move || {
        refund
            .value()
            .get()
            .and_then(|r| r.err())
            .and_then(|e| e.fields.get("reason").cloned())
    };
    let facts = view! {
        <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <dt class="text-slate-400">"Status"</dt><dd><span class=badge(&o.status)>{o.status_label.clone()}</span></dd>
            <dt class="text-slate-400">"Item"</dt><dd class="text-white">{o.item.clone()}</dd>
            <dt class="text-slate-400">"Jumlah"</dt><dd>{o.amount.clone()}{(o.amount != o.amount_idr).then(|| format!(" (harga {})", o.amount_idr))}</dd>
            <dt class="text-slate-400">"Metode"</dt><dd>{o.provider.clone()}</dd>
            <dt class="text-slate-400">"Referensi pembayaran"</dt><dd class="break-all">{o.provider_ref.clone().unwrap_or_else(|| "-".into())}</dd>
            <dt class="text-slate-400">"Nomor faktur"</dt><dd>{o.invoice_number.clone().unwrap_or_else(|| "-".into())}</dd>
            <dt class="text-slate-400">"Pembeli"</dt><dd class="text-white">{o.buyer.clone()}</dd>
            <dt class="text-slate-400">"Email"</dt><dd class="break-all">{o.email.clone()}</dd>
            <dt class="text-slate-400">"Telepon"</dt><dd>{o.phone.clone().unwrap_or_else(|| "-".into())}</dd>
            <dt class="text-slate-400">"Dibuat"</dt><dd>{o.created.clone()}</dd>
            <dt class="text-slate-400">"Dibayar"</dt><dd>{o.paid.clone().unwrap_or_else(|| "-".into())}</dd>
            {o.expires.clone().map(|e| view! { <dt class="text-slate-400">"Kedaluwarsa"</dt><dd>{e}</dd> })}
            {o.delivery.clone().map(|d| view! {
                <dt class="text-slate-400">"Pengiriman"</dt>
                <dd data-delivery=d.status.clone()>
                    <span class=badge(&d.status)>{d.status_label}</span>
                    {d.github_username.map(|u| view! { <span class="ml-2 text-white">{format!("@{u}")}</span> })}
                    {d.github_state.map(|s| view! { <span class="mt-1 block text-sm">{s}</span> })}
                    {d.error.map(|e| view! { <span class="mt-1 block text-sm text-rose-300">{e}</span> })}
                </dd>
            })}
        </dl>
    };
    let links = view! {
        <div class="mt-4 flex flex-wrap items-center gap-4">
            {o.invoice_pdf.clone().map(|href| view! { <a href=href class="footer-link" data-invoice-pdf="">"Unduh faktur (PDF)"</a> })}
            {o.whatsapp.clone().map(|href| view! {
                <a href=href class="footer-link" target="_blank" rel="noopener" data-whatsapp="">"Kabari lewat WhatsApp"<span class="sr-only">" (membuka tab baru)"</span></a>
            })}
        </div>
    };
    let actions = view! {
        <section aria-labelledby="tindakan-pesanan" class="card mt-6 p-6">
            <h2 id="tindakan-pesanan" class="text-xl font-semibold text-white">"Tindakan"</h2>
            {(!o.can_cancel && !o.is_paid).then(|| view! {
                <p class="mt-3 text-slate-300">"Tidak ada tindakan untuk pesanan dengan status ini."</p>
            })}
            {o.is_paid.then(|| view! {
                <ActionForm action=resend attr:class="mt-4 flex flex-wrap items-center gap-3" attr:aria-label="Kirim ulang email">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="btn-ghost">"Kirim ulang email konfirmasi dan faktur"</button>
                </ActionForm>
            })}
            {o.awaits_hand_delivery.then(|| view! {
                <ActionForm action=by_hand attr:class="mt-4 flex max-w-xl flex-col gap-3" attr:aria-label="Tandai sudah diserahkan">
                    <input type="hidden" name="id" value=id/>
                    <div class="field">
                        <label for="d-note" class="field-label">"Catatan untuk pembeli"</label>
                        <textarea id="d-note" name="note" class="field-input" rows="3" required minlength="3" maxlength="1000"
                            aria-describedby="d-note-hint d-note-error"
                            aria-invalid=move || note_error().is_some().then_some("true")></textarea>
                        <p id="d-note-hint" class="field-hint">"Produk ini dikirim manual. Tulis apa yang diserahkan dan di mana pembeli menemukannya (3–1000 karakter); pembeli membacanya di dashboard dan email."</p>
                        <p id="d-note-error" class="field-error">{note_error}</p>
                    </div>
                    <button type="submit" class="btn-primary self-start">"Tandai sudah diserahkan"</button>
                </ActionForm>
            })}
            {o.can_reissue_downloads.then(|| view! {
                <ActionForm action=reissue attr:class="mt-4 flex flex-wrap items-center gap-3" attr:aria-label="Kirim ulang tautan unduhan">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="btn-ghost">"Kirim ulang tautan unduhan"</button>
                    <span class="text-sm text-slate-300">"Tautan baru (72 jam) ke email pembeli; jatah unduhannya dikembalikan."</span>
                </ActionForm>
            })}
            {o.can_cancel.then(|| view! {
                <ActionForm action=cancel attr:class="mt-4 flex flex-wrap items-center gap-3" attr:aria-label="Batalkan pesanan">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="btn-ghost">"Batalkan pesanan"</button>
                    <span class="text-sm text-slate-300">"Pembeli tidak bisa lagi membayar pesanan ini."</span>
                </ActionForm>
            })}
            {o.is_paid.then(|| view! {
                <ActionForm action=refund attr:class="mt-6 flex max-w-xl flex-col gap-3" attr:aria-label="Tandai dikembalikan">
                    <input type="hidden" name="id" value=id/>
                    <div class="field">
                        <label for="r-reason" class="field-label">"Alasan refund"</label>
                        <textarea id="r-reason" name="reason" class="field-input" rows="3" required minlength="3" maxlength="500"
                            aria-describedby="r-reason-hint r-reason-error"
                            aria-invalid=move || reason_error().is_some().then_some("true")></textarea>
                        <p id="r-reason-hint" class="field-hint">"Uangnya dikembalikan di dasbor Midtrans atau PayPal; di sini hanya dicatat (3–500 karakter)."</p>
                        <p id="r-reason-error" class="field-error">{reason_error}</p>
                    </div>
                    <button type="submit" class="btn-ghost self-start">"Tandai sudah dikembalikan"</button>
                </ActionForm>
            })}
            {super::widgets::outcome(resend.value(), "Email konfirmasi dan faktur dikirim ulang.")}
            {super::widgets::outcome(cancel.value(), "Pesanan dibatalkan.")}
            {super::widgets::outcome(reissue.value(), "Tautan unduhan baru dikirim ke pembeli.")}
            {super::widgets::outcome(by_hand.value(), "Ditandai sudah diserahkan; pembeli diberi tahu.")}
            {super::widgets::outcome(refund.value(), "Pesanan ditandai sudah dikembalikan.")}
        </section>
    };
    let timeline = view! {
        <section aria-labelledby="riwayat-pesanan" class="mt-8">
            <h2 id="riwayat-pesanan" class="text-xl font-semibold text-white">"Riwayat"</h2>
            {if o.events.is_empty() {
                view! { <p class="mt-3 text-slate-300">"Belum ada kejadian."</p> }.into_any()
            } else {
                view! {
                    <ol class="mt-4 flex flex-col gap-3">
                        {o.events.into_iter().map(|e| {
                            let moved = if e.from_status.is_empty() {
                                e.to_status.clone()
                            } else {
                                format!("{} → {}", e.from_status, e.to_status)
                            };
                            view! {
                                <li class="card p-4" data-event-outcome=e.outcome.clone()>
                                    <p class="text-sm text-slate-300">
                                        <span class="text-white">{e.at}</span>
                                        {format!(" · {} · {} · {}", e.source, moved, e.outcome)}
                                    </p>
                                    <details class="mt-2">
                                        <summary class="cursor-pointer text-sm text-slate-300">"Rincian"</summary>
                                        <pre class="mt-2 whitespace-pre-wrap break-all text-xs text-slate-300">{e.detail}</pre>
                                    </details>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    };
    view! {
        <div class="mt-2 flex flex-wrap items-center gap-4">
            <h1 class="text-3xl font-bold text-white">{format!("Pesanan {}", o.code)}</h1>
        </div>
        <section aria-label="Data pesanan" class="card mt-6 p-6 text-slate-300" data-order=id>
            {facts}
            {links}
        </section>
        {actions}
        {timeline}
    }
}
