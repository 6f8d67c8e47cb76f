//! `/dashboard/services` and `/dashboard/services/{id}`: the member's
//! service orders, and one with its quote, timeline and deliverables. The
//! forms (accept the quote, approve a deliverable, ask for a revision) are
//! plain posts handled by `server::service_orders`, which checks the order
//! is the member's; a refusal comes back as `?gagal=code`.
use crate::resource::resource;
use crate::{
    api::service_orders::{
        get_service_order, get_service_orders, DeliverableRow, ServiceOrderRow, ServiceOrderView,
    },
    components::{
        error_panel::ErrorPanel,
        page::{load_hydrated, query_param, route_param},
    },
    pages::checkout::RefusedAlert,
};
use leptos::prelude::*;

#[component]
pub fn ServiceOrdersPage() -> impl IntoView {
    let rows = resource(|| (), |_| get_service_orders());
    view! {
        <h1 class="text-3xl font-bold text-white">"Layanan"</h1>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <div class="card mt-8 p-8 text-center" data-empty="">
                            <p class="text-slate-300">"Belum ada layanan yang kamu pesan."</p>
                            <a href="/services" class="btn-primary mt-6">"Lihat layanan"</a>
                        </div>
                    }.into_any(),
                    Ok(list) => order_list(list).into_any(),
                }
            })}
        </Transition>
    }
}

fn order_list(rows: Vec<ServiceOrderRow>) -> impl IntoView {
    view! {
        <ul class="mt-8 flex flex-col gap-4">
            {rows.into_iter().map(|o| view! {
                <li class="card p-5" data-service-order=o.id>
                    <div class="flex flex-wrap items-center justify-between gap-3">
                        <a class="text-lg font-semibold text-white" href=format!("/dashboard/services/{}", o.id)>
                            {format!("{} #{}", o.service, o.id)}
                        </a>
                        <span class="badge" data-state=o.state>{o.state_label}</span>
                    </div>
                    <p class="mt-2 text-sm text-slate-400">{format!("Dipesan {}", o.created)}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn ServiceOrderPage() -> impl IntoView {
    let id = route_param("id");
    let approved = query_param("disetujui");
    let revised = query_param("revisi");
    view! {
        <RefusedAlert/>
        {move || approved().map(|_| view! {
            <p class="form-status form-status-ok mb-6" role="status">"Hasil kerja disetujui. Terima kasih!"</p>
        })}
        {move || revised().map(|_| view! {
            <p class="form-status form-status-ok mb-6" role="status">"Permintaan revisi terkirim ke tim kami."</p>
        })}
        {load_hydrated(
            move || id().parse().unwrap_or(0),
            get_service_order,
            |o| view! { <OrderView o/> },
        )}
    }
}

#[component]
fn OrderView(o: ServiceOrderView) -> impl IntoView {
    let id = o.id;
    view! {
        <h1 class="text-3xl font-bold text-white">{format!("{} #{}", o.service, o.id)}</h1>
        <p class="mt-2"><span class="badge" data-state=o.state.clone()>{o.state_label.clone()}</span></p>
        <section class="card mt-8 p-5" aria-labelledby="brief">
            <h2 id="brief" class="text-xl font-semibold text-white">"Brief"</h2>
            <p class="mt-3 whitespace-pre-line text-slate-300">{o.brief.clone()}</p>
            <p class="mt-3 text-sm text-slate-400">{format!("Anggaran {} · tenggat {}", o.budget, o.deadline)}</p>
            {(!o.attachments.is_empty()).then(|| view! {
                <p class="mt-2 text-sm text-slate-400">{format!("Lampiran: {}", o.attachments.join(", "))}</p>
            })}
        </section>
        {o.quote.clone().map(|q| view! {
            <section class="card mt-6 p-5" aria-labelledby="penawaran" data-quote="">
                <h2 id="penawaran" class="text-xl font-semibold text-white">"Penawaran"</h2>
                <p class="mt-3 text-2xl font-bold text-white">{q.price}</p>
                <p class="mt-3 whitespace-pre-line text-slate-300">{q.scope}</p>
                <p class="mt-3 text-sm text-slate-400">{format!("Berlaku sampai {}", q.valid_through)}</p>
                {q.can_accept.then(|| view! {
                    <form method="post" action=format!("/dashboard/services/{id}/accept") class="mt-4">
                        <button type="submit" class="btn-primary">"Terima dan bayar"</button>
                    </form>
                })}
            </section>
        })}
        {o.checkout.clone().map(|(code, status)| view! {
            <p class="mt-4 text-sm text-slate-400">{format!("Tagihan {code}: {status}")}</p>
        })}
        {(!o.deliverables.is_empty()).then(|| view! {
            <section class="mt-8" aria-labelledby="hasil">
                <h2 id="hasil" class="text-xl font-semibold text-white">"Hasil kerja"</h2>
                <ul class="mt-4 flex flex-col gap-4">
                    {o.deliverables.clone().into_iter().map(|d| deliverable(id, d)).collect_view()}
                </ul>
            </section>
        })}
        <section class="mt-8" aria-labelledby="linimasa">
            <h2 id="linimasa" class="text-xl font-semibold text-white">"Linimasa"</h2>
            <ol class="mt-4 flex flex-col gap-3" data-timeline="">
                {o.timeline.into_iter().map(|e| view! {
                    <li class="text-sm text-slate-300">
                        <span class="text-slate-400">{e.when}</span>" · "
                        <strong class="text-white">{e.what}</strong>
                        {(!e.note.is_empty()).then(|| view! {
                            <span class="whitespace-pre-line">{format!(": {}", e.note)}</span>
                        })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

fn deliverable(order: i32, d: DeliverableRow) -> impl IntoView {
    let base = format!("/dashboard/services/{order}/files/{}", d.id);
    let field = format!("komentar-{}", d.id);
    view! {
        <li class="card p-5" data-deliverable=d.id>
            <div class="flex flex-wrap items-center justify-between gap-3">
                {match d.url.clone() {
                    // `rel="external"`: a file, not a page for the client router.
                    Some(url) => view! {
                        <a href=url rel="external" download="" class="font-semibold text-white">
                            {format!("{} ({})", d.name, d.size)}
                        </a>
                    }.into_any(),
                    None => view! { <span class="font-semibold text-white">{d.name.clone()}</span> }.into_any(),
                }}
                <span class="badge">{d.approval_label.clone()}</span>
            </div>
            {d.comment.clone().map(|c| view! {
                <p class="mt-2 whitespace-pre-line text-sm text-slate-400">{format!("Catatan revisi: {c}")}</p>
            })}
            {d.open.then(|| view! {
                <form method="post" action=format!("{base}/approve") class="mt-4">
                    <button type="submit" class="btn-primary">
                        "Setujui"<span class="sr-only">{format!(" {}", d.name)}</span>
                    </button>
                </form>
                <form method="post" action=format!("{base}/revision") class="mt-4 flex flex-col gap-2">
                    <label for=field.clone() class="field-label">"Apa yang perlu direvisi?"</label>
                    <textarea id=field name="comment" rows="3" required minlength="10" class="field-input"></textarea>
                    <button type="submit" class="btn-ghost self-start">"Minta revisi"</button>
                </form>
            })}
        </li>
    }
}
