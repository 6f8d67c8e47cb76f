//! The audit log: who changed what, when, with a before/after summary.
use super::widgets::{load_error, Pager};
use crate::api::admin::session::get_audit_log;
use crate::resource::resource;
use leptos::prelude::*;

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let log = resource(
        move || (query.get(), page.get()),
        |(q, p)| get_audit_log(q, p),
    );
    view! {
        <h1 class="text-3xl font-bold text-white">"Log audit"</h1>
        <div class="mt-6 max-w-md">
            <label for="a-q" class="field-label">"Cari (admin, aksi, ringkasan)"</label>
            <input id="a-q" type="search" class="field-input" prop:value=move || query.get()
                on:change=move |ev| { query.set(event_target_value(&ev)); page.set(1); }/>
        </div>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Err(e) => load_error(e).into_any(),
                    Ok(p) if p.rows.is_empty() => view! { <p class="mt-6 text-slate-300">"Belum ada catatan."</p> }.into_any(),
                    Ok(p) => view! {
                        <div class="mt-6 overflow-x-auto" tabindex="0" role="region" aria-label="Tabel, dapat digeser">
                            <table class="admin-table">
                                <caption class="sr-only">"Catatan audit, terbaru di atas"</caption>
                                <thead><tr><th scope="col">"Waktu"</th><th scope="col">"Admin"</th><th scope="col">"Aksi"</th><th scope="col">"Objek"</th><th scope="col">"Ringkasan"</th><th scope="col">"IP"</th></tr></thead>
                                <tbody>
                                    {p.rows.into_iter().map(|r| view! {
                                        <tr>
                                            <td class="whitespace-nowrap">{r.when}</td>
                                            <td>{r.actor}</td>
                                            <td><code>{r.action}</code></td>
                                            <td>{r.target}</td>
                                            <td class="max-w-md break-words">{r.summary}</td>
                                            <td>{r.ip}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pager page total_pages=p.total_pages/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
