use crate::resource::resource;
use crate::{api::account::get_overview, components::error_panel::ErrorPanel};
use leptos::prelude::*;

#[component]
pub fn OverviewPage() -> impl IntoView {
    let overview = resource(|| (), |_| get_overview());
    view! {
        <Transition fallback=|| view! { <p class="text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    Ok(o) => view! {
                        <h1 class="text-3xl font-bold text-white">{format!("Halo, {}!", o.member.name)}</h1>
                        <p class="mt-2 text-slate-300">"Semua pembelian, unduhan dan langgananmu ada di sini."</p>
                        <dl class="mt-8 grid gap-4 sm:grid-cols-3">
                            <div class="card p-5">
                                <dt class="text-sm text-slate-300">"Sesi aktif"</dt>
                                <dd class="mt-1 text-3xl font-bold text-white">{o.active_sessions}</dd>
                            </div>
                            <div class="card p-5">
                                <dt class="text-sm text-slate-300">"Daftar tunggu diikuti"</dt>
                                <dd class="mt-1 text-3xl font-bold text-white">{o.waitlists.len()}</dd>
                            </div>
                            <div class="card p-5">
                                <dt class="text-sm text-slate-300">"Jenis akun"</dt>
                                <dd class="mt-1 text-3xl font-bold text-white">{if o.member.is_client { "Klien" } else { "Member" }}</dd>
                            </div>
                        </dl>
                        <section aria-labelledby="aktivitas" class="mt-10">
                            <h2 id="aktivitas" class="text-xl font-semibold text-white">"Aktivitas terbaru"</h2>
                            <ul class="mt-4 space-y-3">
                                {o.recent.into_iter().map(|s| view! {
                                    <li class="card p-4 text-sm text-slate-300">
                                        {format!("Masuk dari {} ({}) — {}", s.device, s.ip, s.started)}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                        {(!o.waitlists.is_empty()).then(|| view! {
                            <section aria-labelledby="menunggu" class="mt-10">
                                <h2 id="menunggu" class="text-xl font-semibold text-white">"Kamu menunggu"</h2>
                                <ul class="mt-4 flex flex-wrap gap-2">
                                    {o.waitlists.into_iter().map(|w| view! { <li class="tag">{w}</li> }).collect_view()}
                                </ul>
                            </section>
                        })}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
