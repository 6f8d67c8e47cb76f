use crate::{
    api::home::get_home_page,
    components::{error_panel::ErrorPanel, icon::Icon, page_meta::PageMeta},
    format::{rupiah, usd_cents},
    model::{HomeData, PortfolioCard, PostCard, ProductCard, ServiceCard},
};
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <PageMeta
            title="Tiranyx — Agensi Digital, Produk Digital & Platform Member"
            description="Tiranyx membangun website, aplikasi web, toko online dan otomasi AI untuk bisnis Indonesia, plus template dan source code siap pakai."
            path="/"
        />
        <Hero/>
        <Suspense fallback=|| view! { <p class="sr-only">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match get_home_page().await {
                    Ok(home) => view! { <HomeSections home/> }.into_any(),
                    Err(error) => view! { <ErrorPanel error/> }.into_any(),
                }
            })}
        </Suspense>
    }
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
                    <a href="/#kontak" class="btn-primary">"Mulai proyek"</a>
                    <a href="/#produk" class="btn-ghost">"Lihat produk digital"</a>
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
        </section>
        <section aria-labelledby="produk" class="mx-auto max-w-6xl px-4 py-16">
            <SectionHeading id="produk" eyebrow="Produk digital" title="Siap pakai, langsung dikirim"/>
            <ul class="grid gap-6 md:grid-cols-3">
                {products.into_iter().map(|p| view! { <ProductItem p/> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="blog" class="mx-auto max-w-6xl px-4 py-16">
            <SectionHeading id="blog" eyebrow="Blog" title="Tulisan terbaru"/>
            <ul class="grid gap-6 md:grid-cols-3">
                {posts.into_iter().map(|p| view! { <PostItem p/> }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="kontak" class="mx-auto max-w-6xl px-4 py-16">
            <div class="card flex flex-col items-start gap-6 p-8 md:flex-row md:items-center md:justify-between">
                <div>
                    <h2 id="kontak" class="text-2xl font-bold text-white">"Punya ide produk digital?"</h2>
                    <p class="mt-2 text-slate-300">"Ceritakan kebutuhanmu, kami balas dalam satu hari kerja."</p>
                </div>
                <a href="mailto:halo@tiranyx.co.id" class="btn-primary">"Kirim email ke tim kami"</a>
            </div>
        </section>
    }
}

#[component]
fn ServiceItem(s: ServiceCard) -> impl IntoView {
    view! {
        <li class="card p-6">
            <span class="icon-badge"><Icon name=s.icon/></span>
            <h3 class="mt-4 text-xl font-semibold text-white">{s.title}</h3>
            <p class="mt-2 text-slate-300">{s.summary}</p>
            {s.price_from_idr.map(|p| view! {
                <p class="mt-4 text-sm text-cyan-300">"Mulai " {rupiah(p)}</p>
            })}
        </li>
    }
}

#[component]
fn PortfolioItem(p: PortfolioCard) -> impl IntoView {
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
        </li>
    }
}

#[component]
fn ProductItem(p: ProductCard) -> impl IntoView {
    view! {
        <li class="card flex flex-col p-6">
            <p class="text-xs font-semibold uppercase tracking-wider text-cyan-300">{p.category}</p>
            <h3 class="mt-3 text-xl font-semibold text-white">{p.name}</h3>
            <p class="mt-2 flex-1 text-slate-300">{p.tagline}</p>
            <p class="mt-4 text-2xl font-bold text-white">{rupiah(p.price_idr)}</p>
            {p.price_usd_cents.map(|c| view! { <p class="text-sm text-slate-400">{usd_cents(c)}</p> })}
            <p class="mt-3 text-sm text-slate-300">{p.delivery_label}</p>
        </li>
    }
}

#[component]
fn PostItem(p: PostCard) -> impl IntoView {
    view! {
        <li class="card flex flex-col p-6">
            <p class="text-xs font-semibold uppercase tracking-wider text-violet-300">{p.category}</p>
            <h3 class="mt-3 text-xl font-semibold text-white">{p.title}</h3>
            <p class="mt-2 flex-1 text-slate-300">{p.excerpt}</p>
            <p class="mt-4 text-sm text-slate-400">
                {p.author_name} " · " <time datetime=p.published_iso>{p.published_on}</time>
            </p>
        </li>
    }
}
