//! `/admin/service-orders` (filtered by state) and
//! `/admin/service-orders/{id}`: the brief, the member, the quote form, the
//! progress note and deliverable upload forms, the files and the timeline.
//! The forms are plain posts (`server::service_orders`) that come back
//! here with `?ok=…` or `?gagal=code`.
use crate::resource::resource;
use crate::{
    admin::widgets::PostResult,
    api::admin::service_orders::{
        get_admin_service_order, get_admin_service_orders, AdminFile, AdminServiceOrder,
        AdminServiceOrderRow,
    },
    components::{
        error_panel::ErrorPanel,
        page::{load_hydrated, query_param, route_param},
    },
};
use leptos::prelude::*;

const STATES: [(&str, &str); 10] = [
    ("", "Semua"),
    ("briefed", "Menunggu penawaran"),
    ("quoted", "Penawaran dikirim"),
    ("quote_expired", "Penawaran kedaluwarsa"),
    ("awaiting_payment", "Menunggu pembayaran"),
    ("in_progress", "Sedang dikerjakan"),
    ("delivered", "Menunggu persetujuan"),
    ("revision_requested", "Sedang direvisi"),
    ("completed", "Selesai"),
    ("cancelled", "Dibatalkan"),
];

#[component]
pub fn ServiceOrdersAdminPage() -> impl IntoView {
    let state = query_param("status");
    let rows = resource(state.clone(), |s| {
        get_admin_service_orders(s.unwrap_or_default())
    });
    view! {
        <h1 class="text-3xl font-bold text-white">"Pesanan layanan"</h1>
        <form method="get" class="mt-6 flex flex-wrap items-end gap-3">
            <label class="field field-label">"Status"
                <select name="status" class="field-input font-normal">
                    {move || {
                        let current = state().unwrap_or_default();
                        STATES.iter().map(|(v, l)| view! {
                            <option value=*v selected=current == *v>{*l}</option>
                        }).collect_view()
                    }}
                </select>
            </label>
            <button type="submit" class="btn-ghost">"Saring"</button>
        </form>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="mt-6 text-slate-300" data-empty="">"Tidak ada pesanan layanan."</p>
                    }.into_any(),
                    Ok(list) => table(list).into_any(),
                }
            })}
        </Transition>
    }
}

fn table(rows: Vec<AdminServiceOrderRow>) -> impl IntoView {
    view! {
        <div class="mt-8 overflow-x-auto" tabindex="0" role="region" aria-label="Pesanan layanan">
            <table class="admin-table">
                <thead><tr>
                    <th scope="col">"Pesanan"</th><th scope="col">"Status"</th>
                    <th scope="col">"Anggaran"</th><th scope="col">"Tenggat"</th><th scope="col">"Masuk"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|o| view! {
                        <tr data-service-order=o.id>
                            <td><a href=format!("/admin/service-orders/{}", o.id)>{format!("{} #{}", o.service, o.id)}</a></td>
                            <td><span class="badge" data-state=o.state>{o.state_label}</span></td>
                            <td>{o.budget}</td><td>{o.deadline}</td><td>{o.created}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ServiceOrderAdminPage() -> impl IntoView {
    let id = route_param("id");
    view! {
        <PostResult ok="Tersimpan dan dikirim ke anggota."/>
        {load_hydrated(
            move || id().parse().unwrap_or(0),
            get_admin_service_order,
            |o| view! { <AdminOrderView o/> },
        )}
    }
}

fn files(title: &'static str, order: i32, list: Vec<AdminFile>) -> impl IntoView {
    (!list.is_empty()).then(|| view! {
        <section class="card mt-6 p-5">
            <h2 class="text-xl font-semibold text-white">{title}</h2>
            <ul class="mt-3 flex flex-col gap-2 text-sm text-slate-300">
                {list.into_iter().map(|f| view! {
                    <li>
                        <a href=format!("/admin/service-orders/{order}/files/{}", f.id) rel="external" download="">
                            {format!("{} ({})", f.name, f.size)}
                        </a>
                        {f.approval_label.map(|l| view! { " · "<span class="badge">{l}</span> })}
                        {f.comment.map(|c| view! { <p class="whitespace-pre-line text-slate-400">{format!("Catatan revisi: {c}")}</p> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
fn AdminOrderView(o: AdminServiceOrder) -> impl IntoView {
    let id = o.id;
    let base = format!("/admin/service-orders/{id}");
    view! {
        <h1 class="text-3xl font-bold text-white">{format!("{} #{}", o.service, o.id)}</h1>
        <p class="mt-2"><span class="badge" data-state=o.state.clone()>{o.state_label.clone()}</span></p>
        <section class="card mt-6 p-5">
            <h2 class="text-xl font-semibold text-white">"Brief"</h2>
            <p class="mt-2 text-sm text-slate-400">{o.member.clone()}</p>
            <p class="mt-3 whitespace-pre-line text-slate-300">{o.brief.clone()}</p>
            <p class="mt-3 text-sm text-slate-400">{format!("Anggaran {} · tenggat {}", o.budget, o.deadline)}</p>
        </section>
        {files("Lampiran brief", id, o.attachments.clone())}
        {o.quote.clone().map(|(price, until, scope)| view! {
            <section class="card mt-6 p-5" data-quote="">
                <h2 class="text-xl font-semibold text-white">"Penawaran"</h2>
                <p class="mt-2 text-white">{format!("{price} · berlaku sampai {until}")}</p>
                <p class="mt-2 whitespace-pre-line text-slate-300">{scope}</p>
            </section>
        })}
        {o.checkout.clone().map(|(order_id, code, status)| view! {
            <p class="mt-4 text-sm text-slate-400">
                "Tagihan "<a href=format!("/admin/orders/{order_id}")>{code}</a>{format!(": {status}")}
            </p>
        })}
        {o.can_quote.then(|| view! {
            <form method="post" action=format!("{base}/quote") class="card mt-6 flex flex-col gap-3 p-5">
                <h2 class="text-xl font-semibold text-white">"Kirim penawaran"</h2>
                <label class="field field-label">"Harga (Rp)"
                    <input name="price" inputmode="numeric" required class="field-input font-normal"/>
                </label>
                <label class="field field-label">"Lingkup pekerjaan"
                    <textarea name="scope" rows="4" required minlength="10" class="field-input font-normal"></textarea>
                </label>
                <label class="field field-label">"Berlaku sampai (WIB)"
                    <input name="valid_until" type="date" required class="field-input font-normal"/>
                </label>
                <button type="submit" class="btn-primary self-start">"Kirim penawaran"</button>
            </form>
        })}
        {o.can_work.then(|| view! {
            <form method="post" action=format!("{base}/note") class="card mt-6 flex flex-col gap-3 p-5">
                <h2 class="text-xl font-semibold text-white">"Kabar progres"</h2>
                <label class="field field-label">"Catatan untuk anggota"
                    <textarea name="note" rows="3" required class="field-input font-normal"></textarea>
                </label>
                <button type="submit" class="btn-ghost self-start">"Kirim catatan"</button>
            </form>
            <form method="post" action=format!("{base}/deliverables") enctype="multipart/form-data"
                class="card mt-6 flex flex-col gap-3 p-5">
                <h2 class="text-xl font-semibold text-white">"Unggah hasil kerja"</h2>
                <label class="field field-label">"File (disimpan privat)"
                    <input name="file" type="file" required class="field-input font-normal"/>
                </label>
                <button type="submit" class="btn-primary self-start">"Unggah"</button>
            </form>
        })}
        {files("Hasil kerja", id, o.deliverables.clone())}
        <section class="mt-8">
            <h2 class="text-xl font-semibold text-white">"Linimasa"</h2>
            <ol class="mt-4 flex flex-col gap-3" data-timeline="">
                {o.timeline.into_iter().map(|e| view! {
                    <li class="text-sm text-slate-300">
                        <span class="text-slate-400">{e.when}</span>" · "
                        <strong class="text-white">{e.what}</strong>
                        {(!e.note.is_empty()).then(|| view! { <span class="whitespace-pre-line">{format!(": {}", e.note)}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}
