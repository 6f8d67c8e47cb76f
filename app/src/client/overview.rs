//! `/client`: what needs the client now — deliverables waiting for them,
//! unpaid invoices, the next milestones — and the active projects.
use super::invoices::invoice_card;
use super::widgets::{deliverable_card, milestone_timeline, project_card, DataAge, PostOutcome};
use crate::{api::client::get_client_overview, components::page::load_hydrated};
use leptos::prelude::*;

#[component]
pub fn ClientOverviewPage() -> impl IntoView {
    view! {
        <PostOutcome/>
        {load_hydrated(|| (), |_| get_client_overview(), |o| {
            let live = o.live;
            let d = o.data;
            view! {
                <h1 class="text-3xl font-bold text-white">{format!("Halo, {}", d.name)}</h1>
                <DataAge as_of=o.as_of live/>
                {(d.unread_messages > 0).then(|| view! {
                    <p class="mt-4 text-slate-200">
                        <a class="footer-link" href="/client/messages">{format!("{} pesan baru dari tim Tiranyx", d.unread_messages)}</a>
                    </p>
                })}
                <section class="mt-8" aria-labelledby="menunggu">
                    <h2 id="menunggu" class="text-xl font-semibold text-white">"Menunggu persetujuanmu"</h2>
                    {if d.awaiting.is_empty() {
                        view! { <p class="mt-3 text-slate-300">"Tidak ada hasil kerja yang menunggu keputusanmu."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-4 flex flex-col gap-4">
                                {d.awaiting.into_iter().map(|x| deliverable_card(x, live, "/client".to_owned())).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section class="mt-10" aria-labelledby="tagihan">
                    <h2 id="tagihan" class="text-xl font-semibold text-white">"Tagihan belum dibayar"</h2>
                    {if d.unpaid.is_empty() {
                        view! { <p class="mt-3 text-slate-300">"Semua tagihan sudah lunas."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-4 flex flex-col gap-4">
                                {d.unpaid.into_iter().map(invoice_card).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section class="mt-10" aria-labelledby="milestone">
                    <h2 id="milestone" class="text-xl font-semibold text-white">"Milestone berikutnya"</h2>
                    {if d.milestones.is_empty() {
                        view! { <p class="mt-3 text-slate-300">"Tidak ada milestone yang sedang berjalan."</p> }.into_any()
                    } else {
                        milestone_timeline(d.milestones, true).into_any()
                    }}
                </section>
                <section class="mt-10" aria-labelledby="aktif">
                    <h2 id="aktif" class="text-xl font-semibold text-white">"Proyek aktif"</h2>
                    {if d.projects.is_empty() {
                        view! { <p class="mt-3 text-slate-300">"Belum ada proyek yang berjalan."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-4 grid gap-4 md:grid-cols-2">
                                {d.projects.into_iter().map(project_card).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }
        })}
    }
}
