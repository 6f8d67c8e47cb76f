use crate::{
    api::services::{get_service, get_services},
    components::{
        cards::ServiceItem,
        icon::Icon,
        markdown::MarkdownBody,
        page::{load_page, route_param, PageHeader},
        page_meta::PageMeta,
    },
    format::rupiah,
    model::ServiceDetail,
};
use leptos::prelude::*;

/// `/services`
#[component]
pub fn ServicesPage() -> impl IntoView {
    view! {
        <PageMeta
            title="Layanan"
            description="Layanan Tiranyx: pengembangan website dan aplikasi web, e-commerce, branding, pemasaran digital, otomasi AI dan konsultasi strategi digital."
            path="/services"
        />
        <PageHeader
            eyebrow="Layanan"
            title="Dari ide sampai produk yang berjalan"
            lead="Tim kecil yang mengerjakan semuanya sendiri: riset, desain, pengembangan, peluncuran dan perawatan."
        />
        <section class="mx-auto max-w-6xl px-4">
            <h2 class="sr-only">"Daftar layanan"</h2>
            {load_page(get_services, |services| view! {
                <ul class="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
                    {services.into_iter().map(|s| view! { <ServiceItem s/> }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// `/services/{id}` — the id is the service's slug.
#[component]
pub fn ServicePage() -> impl IntoView {
    let slug = route_param("id");
    view! { {load_page(move || get_service(slug()), |service| view! { <ServiceView service/> })} }
}

#[component]
fn ServiceView(service: ServiceDetail) -> impl IntoView {
    let ServiceDetail { card, body_html } = service;
    view! {
        <PageMeta title=card.title.clone() description=card.summary.clone() path=format!("/services/{}", card.slug)/>
        <article class="mx-auto max-w-3xl px-4 pb-10 pt-14">
            <span class="icon-badge"><Icon name=card.icon/></span>
            <h1 class="mt-5 text-4xl font-extrabold leading-tight text-white md:text-5xl">{card.title}</h1>
            <p class="mt-4 text-lg text-slate-300">{card.summary}</p>
            {card.price_from_idr.map(|p| view! {
                <p class="mt-4 text-lg font-semibold text-cyan-300">"Mulai " {rupiah(p)}</p>
            })}
            <div class="mt-10"><MarkdownBody html=body_html/></div>
            <div class="mt-10 flex flex-wrap gap-4">
                <a href="/contact" class="btn-primary">"Diskusikan kebutuhanmu"</a>
                <a href="/services" class="btn-ghost">"← Semua layanan"</a>
            </div>
        </article>
    }
}
