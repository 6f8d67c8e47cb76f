//! Cards used by the home page and the listings.
use crate::{
    components::icon::Icon,
    format::{rupiah, usd_cents},
    model::{BundleCard, CaseStudyCard, PortfolioCard, PostCard, ProductCard, ServiceCard},
};
use leptos::prelude::*;

#[component]
pub fn ServiceItem(s: ServiceCard) -> impl IntoView {
    let href = format!("/services/{}", s.slug);
    view! {
        <li class="card card-link relative p-6">
            <span class="icon-badge"><Icon name=s.icon/></span>
            <h3 class="mt-4 text-xl font-semibold text-white">
                <a href=href class="stretched-link">{s.title}</a>
            </h3>
            <p class="mt-2 text-slate-300">{s.summary}</p>
            {s.price_from_idr.map(|p| view! {
                <p class="mt-4 text-sm text-cyan-300">"Mulai " {rupiah(p)}</p>
            })}
        </li>
    }
}

#[component]
pub fn PortfolioItem(
    p: PortfolioCard,
    #[prop(optional, into)] case_study: String,
) -> impl IntoView {
    view! {
        <li class="card flex flex-col p-6">
            <p class="text-xs font-semibold uppercase tracking-wider text-violet-300">
                {format!("{} · {}", p.category, p.year)}
            </p>
            <h3 class="mt-3 text-xl font-semibold text-white">{p.title}</h3>
            <p class="mt-1 text-sm text-slate-400">{p.client_name}</p>
            <p class="mt-3 flex-1 text-slate-300">{p.summary}</p>
            <ul class="mt-4 flex flex-wrap gap-2" aria-label="Teknologi">
                {p.tags.into_iter().map(|t| view! { <li class="tag">{t}</li> }).collect_view()}
            </ul>
            {(!case_study.is_empty()).then(|| view! {
                <a class="mt-5 text-sm font-semibold text-cyan-300 underline underline-offset-4" href=format!("/portfolio/case-studies/{case_study}")>
                    "Baca studi kasus"
                </a>
            })}
        </li>
    }
}

#[component]
pub fn CaseStudyItem(c: CaseStudyCard) -> impl IntoView {
    let href = format!("/portfolio/case-studies/{}", c.slug);
    view! {
        <li class="card card-link relative flex flex-col p-6">
            <p class="text-xs font-semibold uppercase tracking-wider text-cyan-300">{c.client_name}</p>
            <h3 class="mt-3 text-xl font-semibold text-white">
                <a href=href class="stretched-link">{c.title}</a>
            </h3>
            <p class="mt-2 flex-1 text-slate-300">{c.summary}</p>
            <p class="mt-4 text-sm font-semibold text-violet-200">{c.results}</p>
        </li>
    }
}

#[component]
pub fn ProductItem(p: ProductCard) -> impl IntoView {
    let href = format!("/products/{}", p.slug);
    view! {
        <li class="card card-link relative flex flex-col p-6">
            <p class="text-xs font-semibold uppercase tracking-wider text-cyan-300">{p.category}</p>
            <h3 class="mt-3 text-xl font-semibold text-white">
                <a href=href class="stretched-link">{p.name}</a>
            </h3>
            <p class="mt-2 flex-1 text-slate-300">{p.tagline}</p>
            <p class="mt-4 text-2xl font-bold text-white">{rupiah(p.price_idr)}{p.per.map(|per| view! { " "<span class="text-sm font-normal text-slate-300">{per}</span> })}</p>
            {p.price_usd_cents.map(|c| view! { <p class="text-sm text-slate-400">{usd_cents(c)}</p> })}
            <p class="mt-3 text-sm text-slate-300">{p.delivery_label}</p>
        </li>
    }
}

#[component]
pub fn BundleItem(b: BundleCard) -> impl IntoView {
    let href = format!("/saas/{}", b.slug);
    view! {
        <li class="card card-link relative flex flex-col p-6">
            <h3 class="text-xl font-semibold text-white">
                <a href=href class="stretched-link">{b.name}</a>
            </h3>
            <p class="mt-2 text-slate-300">{b.tagline}</p>
            <ul class="mt-4 flex-1 space-y-1 text-sm text-slate-300">
                {b.features.into_iter().take(4).map(|f| view! { <li>"✓ " {f}</li> }).collect_view()}
            </ul>
            <p class="mt-5 text-2xl font-bold text-white">{rupiah(b.price_idr)}" "<span class="text-sm font-normal text-slate-300">{b.per.clone()}</span></p>
            {b.price_usd_cents.map(|c| view! { <p class="text-sm text-slate-400">{usd_cents(c)}</p> })}
        </li>
    }
}

#[component]
pub fn PostItem(p: PostCard) -> impl IntoView {
    let href = format!("/blog/{}", p.slug);
    view! {
        <li class="card card-link relative flex flex-col p-6">
            <p class="text-xs font-semibold uppercase tracking-wider text-violet-300">{p.category}</p>
            <h3 class="mt-3 text-xl font-semibold text-white">
                <a href=href class="stretched-link">{p.title}</a>
            </h3>
            <p class="mt-2 flex-1 text-slate-300">{p.excerpt}</p>
            <p class="mt-4 text-sm text-slate-400">
                {p.author_name} " · " <time datetime=p.published_iso>{p.published_on}</time>
            </p>
        </li>
    }
}
