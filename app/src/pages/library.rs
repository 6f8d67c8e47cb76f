//! Demos and resources.
use crate::{
    api::catalog::{get_demos, get_resource, get_resources},
    components::{
        markdown::MarkdownBody,
        page::{load_drawn, load_page, route_param, PageHeader},
        page_meta::PageMeta,
    },
    model::ResourceDetail,
};
use leptos::prelude::*;

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "guide" => "Panduan",
        "template" => "Template",
        "checklist" => "Checklist",
        "ebook" => "E-book",
        _ => "Sumber daya",
    }
}

/// `/demos`
#[component]
pub fn DemosPage() -> impl IntoView {
    view! {
        <PageMeta
            title="Demo Aplikasi"
            description="Demo aplikasi buatan Tiranyx: sistem reservasi, dashboard, toko online dan otomasi AI, dengan teknologi yang dipakai."
            path="/demos"
        />
        <PageHeader eyebrow="Demo" title="Aplikasi yang sudah kami bangun" lead="Contoh fitur yang bisa kami sesuaikan untuk bisnismu."/>
        <section class="mx-auto max-w-6xl px-4">
            {load_drawn(get_demos, |demos| view! {
                <ul class="grid gap-6 md:grid-cols-2">
                    {demos.into_iter().map(|d| view! {
                        <li class="card p-6">
                            <h2 class="text-xl font-semibold text-white">{d.title}</h2>
                            <p class="mt-2 text-slate-300">{d.summary}</p>
                            <ul class="mt-4 flex flex-wrap gap-2" aria-label="Teknologi">
                                {d.tech_stack.into_iter().map(|t| view! { <li class="tag">{t}</li> }).collect_view()}
                            </ul>
                            {d.demo_url.map(|u| view! {
                                <a class="mt-5 inline-block font-semibold text-cyan-300 underline underline-offset-4" href=u rel="noopener">"Buka demo"</a>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// `/resources`
#[component]
pub fn ResourcesPage() -> impl IntoView {
    view! {
        <PageMeta
            title="Sumber Daya"
            description="Panduan, checklist dan template gratis dari Tiranyx untuk membangun dan merawat website bisnis."
            path="/resources"
        />
        <PageHeader eyebrow="Sumber daya" title="Panduan dan checklist gratis" lead="Bahan yang kami pakai sendiri, boleh kamu pakai juga."/>
        <section class="mx-auto max-w-6xl px-4">
            {load_drawn(get_resources, |items| view! {
                <ul class="grid gap-6 md:grid-cols-2">
                    {items.into_iter().map(|r| view! {
                        <li class="card card-link relative p-6">
                            <p class="text-xs font-semibold uppercase tracking-wider text-cyan-300">{kind_label(&r.kind)}</p>
                            <h2 class="mt-3 text-xl font-semibold text-white">
                                <a class="stretched-link" href=format!("/resources/{}", r.slug)>{r.title}</a>
                            </h2>
                            <p class="mt-2 text-slate-300">{r.summary}</p>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// `/resources/{slug}`
#[component]
pub fn ResourcePage() -> impl IntoView {
    let slug = route_param("slug");
    view! { {load_page(move || get_resource(slug()), |resource| view! { <ResourceView resource/> })} }
}

#[component]
fn ResourceView(resource: ResourceDetail) -> impl IntoView {
    let ResourceDetail { card, body_html } = resource;
    view! {
        <PageMeta title=card.title.clone() description=card.summary.clone() path=format!("/resources/{}", card.slug)/>
        <article class="mx-auto max-w-3xl px-4 pb-10 pt-14">
            <p class="eyebrow">{kind_label(&card.kind)}</p>
            <h1 class="mt-3 text-4xl font-extrabold leading-tight text-white md:text-5xl">{card.title}</h1>
            <p class="mt-4 text-lg text-slate-300">{card.summary}</p>
            <div class="mt-10"><MarkdownBody html=body_html/></div>
            {card.url.map(|u| view! {
                <a class="btn-primary mt-8" href=u rel="noopener">"Buka tautan terkait"</a>
            })}
            <a href="/resources" class="btn-ghost mt-8 ml-0 md:ml-4">"← Semua sumber daya"</a>
        </article>
    }
}
