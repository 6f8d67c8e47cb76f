//! The member's licences on the downloads page: the key's last characters,
//! the status, the seats taken, and each activation with a plain form to
//! free it (works without JavaScript; the server checks it is the
//! member's own, `server::licenses::release`).
use crate::resource::resource;
use crate::{
    api::licenses::{get_licenses, InstanceRow, LicenseRow},
    components::{error_panel::ErrorPanel, page::query_param},
};
use leptos::prelude::*;

#[component]
pub fn LicensesSection() -> impl IntoView {
    let rows = resource(|| (), |_| get_licenses());
    let released = query_param("dilepas");
    // A refused release comes back as `?gagal=…`, shown once at the top of
    // the downloads page.
    view! {
        {move || released().map(|_| view! {
            <p class="form-status form-status-ok mt-6" role="status">
                "Aktivasi dilepas. Kuncinya bisa diaktifkan di perangkat lain."
            </p>
        })}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    Ok(list) if list.is_empty() => ().into_any(),
                    Ok(list) => license_cards(list).into_any(),
                }
            })}
        </Transition>
    }
}

fn license_cards(rows: Vec<LicenseRow>) -> impl IntoView {
    view! {
        <h2 class="mt-12 text-2xl font-bold text-white" id="lisensi">"Lisensi"</h2>
        <p class="mt-2 text-sm text-slate-400">
            "Kunci lengkap hanya ada di email pengirimannya; di sini tampil lima karakter terakhirnya."
        </p>
        <ul class="mt-6 flex flex-col gap-4">
            {rows.into_iter().map(|l| view! {
                <li class="card p-5" data-license="">
                    <div class="flex flex-wrap items-center justify-between gap-3">
                        <h3 class="text-lg font-semibold text-white">{l.product}</h3>
                        <span class=badge(&l.status)>{l.status_label}</span>
                    </div>
                    <p class="mt-2 text-sm text-slate-300">
                        "Kunci: "<code class="text-white">{l.key}</code>
                        {format!(" · {} dari {} aktivasi terpakai", l.usage, l.limit)}
                    </p>
                    {l.expires.map(|t| view! { <p class="mt-2 text-sm text-slate-400">{format!("Berlaku sampai {t}")}</p> })}
                    {instances(l.instances)}
                </li>
            }).collect_view()}
        </ul>
    }
}

fn instances(list: Vec<InstanceRow>) -> impl IntoView {
    (!list.is_empty()).then(|| view! {
        <ul class="mt-4 flex flex-col gap-2" aria-label="Aktivasi">
            {list.into_iter().map(|i| {
                let id = i.id.clone();
                view! {
                <li class="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-300" data-instance=id>
                    <span>{i.name.clone()}<span class="text-slate-400">{format!(" · sejak {}", i.since)}</span></span>
                    <form method="post" action="/dashboard/licenses/release">
                        <input type="hidden" name="instance_id" value=i.id/>
                        <button type="submit" class="btn-ghost px-3 py-1 text-sm">
                            "Lepas aktivasi"<span class="sr-only">{format!(" {}", i.name)}</span>
                        </button>
                    </form>
                </li>
            }}).collect_view()}
        </ul>
    })
}

fn badge(status: &str) -> &'static str {
    match status {
        "active" => "badge badge-ok",
        "inactive" => "badge badge-warn",
        _ => "badge",
    }
}
