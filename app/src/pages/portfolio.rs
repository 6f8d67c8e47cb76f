use crate::{
    api::portfolio::{get_case_study, get_portfolio},
    components::{
        cards::{CaseStudyItem, PortfolioItem},
        markdown::MarkdownBody,
        page::{load_drawn, load_page, route_param, PageHeader},
        page_meta::PageMeta,
    },
    model::{CaseStudyDetail, PortfolioList},
};
use leptos::prelude::*;

/// `/portfolio`
#[component]
pub fn PortfolioPage() -> impl IntoView {
    view! {
        <PageMeta
            title="Portofolio & Studi Kasus"
            description="Karya Tiranyx untuk bisnis Indonesia: toko online, aplikasi web, branding dan otomasi AI, lengkap dengan studi kasus dan hasilnya."
            path="/portfolio"
        />
        <PageHeader
            eyebrow="Portofolio"
            title="Karya dan hasilnya"
            lead="Beberapa proyek yang kami kerjakan, dan cerita lengkap di balik sebagian di antaranya."
        />
        {load_drawn(get_portfolio, |list| view! { <PortfolioView list/> })}
    }
}

#[component]
fn PortfolioView(list: PortfolioList) -> impl IntoView {
    let PortfolioList {
        items,
        case_studies,
    } = list;
    view! {
        <section aria-labelledby="studi-kasus" class="mx-auto max-w-6xl px-4 py-8">
            <h2 id="studi-kasus" class="text-2xl font-bold text-white">"Studi kasus"</h2>
            <ul class="mt-6 grid gap-6 md:grid-cols-3">
                {case_studies.into_iter().map(|c| view! { <CaseStudyItem c/> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="semua-proyek" class="mx-auto max-w-6xl px-4 py-8">
            <h2 id="semua-proyek" class="text-2xl font-bold text-white">"Semua proyek"</h2>
            <ul class="mt-6 grid gap-6 md:grid-cols-2 lg:grid-cols-3">
                {items.into_iter().map(|e| view! {
                    <PortfolioItem p=e.card case_study=e.case_study_slug.unwrap_or_default()/>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `/portfolio/case-studies/{slug}`
#[component]
pub fn CaseStudyPage() -> impl IntoView {
    let slug = route_param("slug");
    view! { {load_page(move || get_case_study(slug()), |study| view! { <CaseStudyView study/> })} }
}

#[component]
fn CaseStudyView(study: CaseStudyDetail) -> impl IntoView {
    let CaseStudyDetail {
        card,
        published_on,
        body_html,
    } = study;
    view! {
        <PageMeta
            title=format!("Studi kasus: {}", card.title)
            description=card.summary.clone()
            path=format!("/portfolio/case-studies/{}", card.slug)
            og_type="article"
        />
        <article class="mx-auto max-w-3xl px-4 pb-10 pt-14">
            <p class="eyebrow">{format!("Studi kasus · {}", card.client_name)}</p>
            <h1 class="mt-3 text-4xl font-extrabold leading-tight text-white md:text-5xl">{card.title}</h1>
            <p class="mt-4 text-lg text-slate-300">{card.summary}</p>
            <p class="card mt-6 p-4 font-semibold text-violet-100">{card.results}</p>
            {published_on.map(|d| view! { <p class="mt-4 text-sm text-slate-400">{format!("Diterbitkan {d}")}</p> })}
            <div class="mt-10"><MarkdownBody html=body_html/></div>
            <div class="mt-10 flex flex-wrap gap-4">
                <a href="/contact" class="btn-primary">"Mulai proyek serupa"</a>
                <a href="/portfolio" class="btn-ghost">"← Portofolio"</a>
            </div>
        </article>
    }
}
