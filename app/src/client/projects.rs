//! `/client/projects`, `/client/projects/{id}` (milestones as a timeline,
//! deliverables with their decisions, the thread's link) and
//! `/client/deliverables` (every project's, waiting ones first).
use super::widgets::{
    deliverable_card, milestone_timeline, project_badge, project_card, DataAge, PostOutcome,
};
use crate::{
    api::client::{get_client_deliverables, get_client_project, get_client_projects},
    components::page::{load_hydrated, route_param},
};
use leptos::prelude::*;

#[component]
pub fn ClientProjectsPage() -> impl IntoView {
    view! {
        <h1 class="text-3xl font-bold text-white">"Proyek"</h1>
        {load_hydrated(|| (), |_| get_client_projects(), |o| view! {
            <DataAge as_of=o.as_of live=o.live/>
            {if o.data.is_empty() {
                view! { <p class="mt-6 text-slate-300">"Belum ada proyek atas namamu."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-6 grid gap-4 md:grid-cols-2">
                        {o.data.into_iter().map(project_card).collect_view()}
                    </ul>
                }.into_any()
            }}
        })}
    }
}

#[component]
pub fn ClientProjectPage() -> impl IntoView {
    let id = route_param("id");
    view! {
        <PostOutcome/>
        {load_hydrated(id, get_client_project, |o| {
            let live = o.live;
            let v = o.data;
            let p = v.project;
            let back = format!("/client/projects/{}", p.id);
            view! {
                <p class="text-sm"><a class="footer-link" href="/client/projects">"← Semua proyek"</a></p>
                <h1 class="mt-2 text-3xl font-bold text-white">{p.name.clone()}</h1>
                <p class="mt-2 flex flex-wrap items-center gap-3">
                    <span class=project_badge(&p.status)>{p.status_label.clone()}</span>
                    <span class="text-sm text-slate-400">{format!("{}% selesai", p.progress)}</span>
                    {p.due.clone().map(|d| view! { <span class="text-sm text-slate-400">{format!("Tenggat {d}")}</span> })}
                </p>
                <DataAge as_of=o.as_of live/>
                <p class="mt-4 text-slate-300">{p.summary.clone()}</p>
                <p class="mt-4">
                    <a class="btn-ghost" href=format!("/client/messages?project={}", p.id)>"Pesan tentang proyek ini"</a>
                </p>
                <section class="mt-8" aria-labelledby="linimasa">
                    <h2 id="linimasa" class="text-xl font-semibold text-white">"Milestone"</h2>
                    {if v.milestones.is_empty() {
                        view! { <p class="mt-3 text-slate-300">"Belum ada milestone."</p> }.into_any()
                    } else {
                        milestone_timeline(v.milestones, false).into_any()
                    }}
                </section>
                <section class="mt-10" aria-labelledby="hasil">
                    <h2 id="hasil" class="text-xl font-semibold text-white">"Hasil kerja"</h2>
                    {if v.deliverables.is_empty() {
                        view! { <p class="mt-3 text-slate-300">"Belum ada hasil kerja yang dikirim."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-4 flex flex-col gap-4">
                                {v.deliverables.into_iter().map(|d| deliverable_card(d, live, back.clone())).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }
        })}
    }
}

#[component]
pub fn ClientDeliverablesPage() -> impl IntoView {
    view! {
        <PostOutcome/>
        <h1 class="text-3xl font-bold text-white">"Hasil kerja"</h1>
        {load_hydrated(|| (), |_| get_client_deliverables(), |o| {
            let live = o.live;
            view! {
                <DataAge as_of=o.as_of live/>
                {if o.data.is_empty() {
                    view! { <p class="mt-6 text-slate-300">"Belum ada hasil kerja yang dikirim."</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-6 flex flex-col gap-4">
                            {o.data.into_iter().map(|d| deliverable_card(d, live, "/client/deliverables".to_owned())).collect_view()}
                        </ul>
                    }.into_any()
                }}
            }
        })}
    }
}
