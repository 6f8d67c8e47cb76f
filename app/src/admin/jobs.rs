//! Background jobs: failed ones with a retry button, and the queue.
use super::widgets::load_error;
use crate::api::admin::jobs::{get_jobs, retry_job};
use crate::resource::resource;
use leptos::prelude::*;

const TABS: &[(&str, &str)] = &[("failed", "Gagal"), ("pending", "Menunggu")];

#[component]
pub fn JobsPage() -> impl IntoView {
    let status = RwSignal::new("failed".to_owned());
    let retry = Action::new(|id: &i32| retry_job(*id));
    let jobs = resource(
        move || (status.get(), retry.version().get()),
        |(s, _)| get_jobs(s),
    );
    view! {
        <h1 class="text-3xl font-bold text-white">"Tugas latar"</h1>
        <p class="mt-2 max-w-2xl text-slate-300">
            "Email, pengiriman produk, dan pekerjaan terjadwal berjalan di latar dan dicoba ulang otomatis. \
             Tugas yang gagal di semua percobaan tampil di sini; perbaiki penyebabnya, lalu ulangi."
        </p>
        <div class="mt-6 flex gap-2" role="group" aria-label="Status tugas">
            {TABS.iter().map(|(key, label)| {
                let key = (*key).to_owned();
                let pressed = { let key = key.clone(); move || (status.get() == key).to_string() };
                view! {
                    <button type="button" class="btn-ghost" aria-pressed=pressed
                        on:click=move |_| status.set(key.clone())>{*label}</button>
                }
            }).collect_view()}
        </div>
        {move || retry.value().get().and_then(|r| r.err()).map(load_error)}
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match jobs.await {
                    Err(e) => load_error(e).into_any(),
                    Ok(rows) if rows.is_empty() => view! {
                        <p class="mt-6 text-slate-300">"Tidak ada tugas di sini."</p>
                    }.into_any(),
                    Ok(rows) => view! {
                        <div class="mt-6 overflow-x-auto" tabindex="0" role="region" aria-label="Tabel tugas, dapat digeser">
                            <table class="admin-table">
                                <caption class="sr-only">"Tugas latar, terbaru di atas"</caption>
                                <thead><tr>
                                    <th scope="col">"#"</th><th scope="col">"Jenis"</th><th scope="col">"Percobaan"</th>
                                    <th scope="col">"Waktu"</th><th scope="col">"Galat terakhir"</th><th scope="col">"Aksi"</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|j| {
                                        let failed = status.get_untracked() == "failed";
                                        let id = j.id;
                                        view! {
                                            <tr>
                                                <td>{j.id}</td>
                                                <td><code>{j.kind}</code></td>
                                                <td class="whitespace-nowrap">{j.attempts}</td>
                                                <td class="whitespace-nowrap">{j.when}</td>
                                                <td class="max-w-md break-words">{j.last_error}</td>
                                                <td>{failed.then(|| view! {
                                                    <button type="button" class="btn-ghost"
                                                        on:click=move |_| { retry.dispatch(id); }>"Ulangi"</button>
                                                })}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
