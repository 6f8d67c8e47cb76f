use crate::{
    api::{home::get_home_page, site::get_organization_ld},
    components::{
        cards::{PortfolioItem, PostItem, ProductItem, ServiceItem},
        page::{load_drawn_page, JsonLd},
        page_meta::PageHead,
    },
    model::HomeData,
};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    load_drawn_page(
        || async { Ok((get_organization_ld().await?, get_home_page().await?)) },
        |_| {
            PageHead::new(
            "Tiranyx — Agensi Digital, Produk Digital & Platform Member",
            "Tiranyx membangun website, aplikasi web, toko online dan otomasi AI untuk bisnis Indonesia, plus template dan source code siap pakai.",
            "/",
        )
        },
        |(json, home)| view! { <JsonLd json/> <Hero/> <HomeSections home/> },
    )
}

#[component]
fn Hero() -> impl IntoView {
    view! {
        <section class="hero relative overflow-hidden">
            <div class="mx-auto max-w-6xl px-4 pb-20 pt-16 md:pb-28 md:pt-24">
                <p class="eyebrow">"Agensi digital · Toko produk digital · Platform member"</p>
                <h1 class="mt-4 max-w-3xl text-4xl font-extrabold leading-tight text-white md:text-6xl">
                    "Bangun produk digital yang "
                    <span class="text-gradient">"siap meluncur"</span>
                </h1>
                <p class="mt-6 max-w-2xl text-lg text-slate-300">
                    "Kami merancang dan membangun website, aplikasi web, toko online dan otomasi AI untuk bisnis Indonesia — cepat, aman, dan mudah dikelola."
                </p>
                <div class="mt-10 flex flex-wrap gap-4">
                    <a href="/contact" class="btn-primary">"Mulai proyek"</a>
                    <a href="/products" class="btn-ghost">"Lihat produk digital"</a>
                </div>
            </div>
        </section>
    }
}

#[component]
fn SectionHeading(id: &'static str, eyebrow: &'static str, title: &'static str) -> impl IntoView {
    view! {
        <div class="mb-10">
            <p class="eyebrow">{eyebrow}</p>
            <h2 id=id class="mt-2 text-3xl font-bold text-white md:text-4xl">{title}</h2>
        </div>
    }
}

#[component]
fn HomeSections(home: HomeData) -> impl IntoView {
    let HomeData {
        services,
        portfolio,
        posts,
        products,
    } = home;
    view! {
        <section aria-labelledby="layanan" class="mx-auto max-w-6xl px-4 py-16">
            <SectionHeading id="layanan" eyebrow="Layanan" title="Apa yang kami kerjakan"/>
            <ul class="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
                {services.into_iter().map(|s| view! { <ServiceItem s/> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="portofolio" class="mx-auto max-w-6xl px-4 py-16">
            <SectionHeading id="portofolio" eyebrow="Portofolio" title="Karya pilihan"/>
            <ul class="grid gap-6 md:grid-cols-3">
                {portfolio.into_iter().map(|p| view! { <PortfolioItem p/> }).collect_view()}
            </ul>
            <a href="/portfolio" class="btn-ghost mt-8">"Semua portofolio"</a>
        </section>
        <section aria-labelledby="produk" class="mx-auto max-w-6xl px-4 py-16">
            <SectionHeading id="produk" eyebrow="Produk digital" title="Siap pakai, langsung dikirim"/>
            <ul class="grid gap-6 md:grid-cols-3">
                {products.into_iter().map(|p| view! { <ProductItem p/> }).collect_view()}
            </ul>
            <a href="/products" class="btn-ghost mt-8">"Semua produk"</a>
        </section>
        <section aria-labelledby="blog" class="mx-auto max-w-6xl px-4 py-16">
            <SectionHeading id="blog" eyebrow="Blog" title="Tulisan terbaru"/>
            <ul class="grid gap-6 md:grid-cols-3">
                {posts.into_iter().map(|p| view! { <PostItem p/> }).collect_view()}
            </ul>
            <a href="/blog" class="btn-ghost mt-8">"Semua tulisan"</a>
        </section>
        <section aria-labelledby="kontak" class="mx-auto max-w-6xl px-4 py-16">
            <div class="card flex flex-col items-start gap-6 p-8 md:flex-row md:items-center md:justify-between">
                <div>
                    <h2 id="kontak" class="text-2xl font-bold text-white">"Punya ide produk digital?"</h2>
                    <p class="mt-2 text-slate-300">"Ceritakan kebutuhanmu, kami balas dalam satu hari kerja."</p>
                </div>
                <a href="/contact" class="btn-primary">"Hubungi kami"</a>
            </div>
        </section>
    }
}
