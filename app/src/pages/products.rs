use crate::{
    api::catalog::{get_bundle, get_bundles, get_product, get_products},
    components::{
        cards::{BundleItem, ProductItem},
        markdown::MarkdownBody,
        page::{
            load_drawn, load_drawn_page, load_page_drawn_for_guests, query_param, route_param,
            JsonLd, PageHeader,
        },
        page_meta::{PageHead, PageMeta},
    },
    format::{query_value, rupiah, usd_cents},
    model::{BundleDetail, ProductDetail, ProductList},
};
use leptos::prelude::*;

use super::checkout::BuyBox;

/// `/products?kategori=…`
#[component]
pub fn ProductsPage() -> impl IntoView {
    let category = query_param("kategori");
    view! {
        <PageHeader
            eyebrow="Produk digital"
            title="Template, source code dan jasa siap pakai"
            lead="Dibayar dengan rupiah (Midtrans) atau dolar (PayPal), dikirim otomatis sesuai jenis produknya."
        />
        {load_drawn_page(
            move || get_products(category()),
            product_list_head,
            |list| view! { <ProductListView list/> },
        )}
    }
}

fn product_list_head(list: &ProductList) -> PageHead {
    let (title, path) = match &list.category {
        Some(c) => (
            format!("Produk: {c}"),
            format!("/products?kategori={}", query_value(c)),
        ),
        None => ("Produk digital".to_owned(), "/products".to_owned()),
    };
    PageHead::new(
        title,
        "Template website, source code, e-book dan jasa dari Tiranyx dengan harga rupiah dan pengiriman otomatis.",
        path,
    )
}

#[component]
fn ProductListView(list: ProductList) -> impl IntoView {
    let ProductList {
        products,
        categories,
        category,
    } = list;
    view! {
        <div class="mx-auto max-w-6xl px-4">
            <nav aria-label="Kategori produk" class="flex flex-wrap gap-2">
                <a href="/products" class="chip" aria-current=category.is_none().then_some("page")>"Semua"</a>
                {categories.into_iter().map(|c| {
                    let current = (category.as_deref() == Some(c.as_str())).then_some("page");
                    view! {
                        <a href=format!("/products?kategori={}", query_value(&c)) class="chip" aria-current=current>{c.clone()}</a>
                    }
                }).collect_view()}
            </nav>
            <h2 class="sr-only">"Daftar produk"</h2>
            <ul class="mt-10 grid gap-6 md:grid-cols-2 lg:grid-cols-3">
                {products.into_iter().map(|p| view! { <ProductItem p/> }).collect_view()}
            </ul>
        </div>
    }
}

/// `/products/{slug}`
#[component]
pub fn ProductPage() -> impl IntoView {
    let slug = route_param("slug");
    load_page_drawn_for_guests(
        move || get_product(slug()),
        |p: &ProductDetail| {
            PageHead::new(
                p.card.name.clone(),
                p.card.tagline.clone(),
                format!("/products/{}", p.card.slug),
            )
        },
        |product| view! { <ProductView product/> },
    )
}

#[component]
fn ProductView(product: ProductDetail) -> impl IntoView {
    let ProductDetail {
        card,
        checkout,
        delivery_note,
        description_html,
        waitlist_count: _,
        json_ld,
    } = product;
    view! {
        <JsonLd json=json_ld/>
        <article class="mx-auto grid max-w-6xl gap-10 px-4 pb-10 pt-14 lg:grid-cols-3">
            <div class="lg:col-span-2">
                <p class="eyebrow">{card.category}</p>
                <h1 class="mt-3 text-4xl font-extrabold leading-tight text-white md:text-5xl">{card.name.clone()}</h1>
                <p class="mt-4 text-lg text-slate-300">{card.tagline}</p>
                <div class="mt-10"><MarkdownBody html=description_html/></div>
            </div>
            <aside aria-label="Harga dan pengiriman" class="card h-fit p-6 lg:sticky lg:top-24">
                <p class="text-3xl font-bold text-white">{rupiah(card.price_idr)}{card.per.clone().map(|per| view! { " "<span class="text-base font-normal text-slate-300">{per}</span> })}</p>
                {card.price_usd_cents.map(|c| view! { <p class="mt-1 text-slate-300">{format!("atau {} via PayPal", usd_cents(c))}</p> })}
                {card.per.is_some().then(|| view! { <p class="mt-1 text-sm text-slate-400">"Lisensi berlangganan: perpanjang kapan saja dari dashboard, masa berlakunya bertambah dari tanggal berakhir."</p> })}
                <h2 class="mt-6 text-sm font-semibold uppercase tracking-wider text-slate-200">"Yang kamu terima"</h2>
                <p class="mt-2 text-slate-300">{card.delivery_label}</p>
                <p class="mt-1 text-sm text-slate-400">{delivery_note}</p>
                <h2 class="mt-6 text-sm font-semibold uppercase tracking-wider text-slate-200">"Pembelian"</h2>
                <BuyBox slug=card.slug.clone() price_idr=card.price_idr price_usd_cents=card.price_usd_cents checkout/>
            </aside>
        </article>
    }
}

/// `/saas`
#[component]
pub fn SaasPage() -> impl IntoView {
    view! {
        <PageMeta
            title="SaaS White-Label"
            description="Paket SaaS white-label dari Tiranyx: source code lengkap, pasang dengan merek Anda sendiri, akses repositori GitHub privat."
            path="/saas"
        />
        <PageHeader
            eyebrow="SaaS white-label"
            title="Jalankan SaaS dengan merek Anda sendiri"
            lead="Source code lengkap yang kami pakai sendiri, dikirim sebagai akses ke repositori GitHub privat."
        />
        <section class="mx-auto max-w-6xl px-4">
            <h2 class="sr-only">"Daftar paket SaaS"</h2>
            {load_drawn(get_bundles, |bundles| view! {
                <ul class="grid gap-6 md:grid-cols-3">
                    {bundles.into_iter().map(|b| view! { <BundleItem b/> }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// `/saas/{bundle}`
#[component]
pub fn BundlePage() -> impl IntoView {
    let slug = route_param("bundle");
    load_page_drawn_for_guests(
        move || get_bundle(slug()),
        |b: &BundleDetail| {
            PageHead::new(
                b.card.name.clone(),
                b.card.tagline.clone(),
                format!("/saas/{}", b.card.slug),
            )
        },
        |bundle| view! { <BundleView bundle/> },
    )
}

#[component]
fn BundleView(bundle: BundleDetail) -> impl IntoView {
    let BundleDetail {
        card,
        checkout,
        description_html,
        waitlist_count,
        json_ld,
    } = bundle;
    let waitlist = format!("/waitlist/{}", card.slug);
    view! {
        <JsonLd json=json_ld/>
        <article class="mx-auto grid max-w-6xl gap-10 px-4 pb-10 pt-14 lg:grid-cols-3">
            <div class="lg:col-span-2">
                <p class="eyebrow">"SaaS white-label"</p>
                <h1 class="mt-3 text-4xl font-extrabold leading-tight text-white md:text-5xl">{card.name}</h1>
                <p class="mt-4 text-lg text-slate-300">{card.tagline}</p>
                <div class="mt-10"><MarkdownBody html=description_html/></div>
            </div>
            <aside aria-label="Harga dan fitur" class="card h-fit p-6">
                <p class="text-3xl font-bold text-white">{rupiah(card.price_idr)}" "<span class="text-base font-normal text-slate-300">{card.per.clone()}</span></p>
                {card.price_usd_cents.map(|c| view! { <p class="mt-1 text-slate-300">{format!("atau {} via PayPal", usd_cents(c))}</p> })}
                <h2 class="mt-6 text-sm font-semibold uppercase tracking-wider text-slate-200">"Fitur"</h2>
                <ul class="mt-2 space-y-1 text-sm text-slate-300">
                    {card.features.into_iter().map(|f| view! { <li>"✓ " {f}</li> }).collect_view()}
                </ul>
                <h2 class="mt-6 text-sm font-semibold uppercase tracking-wider text-slate-200">"Berlangganan"</h2>
                <p class="mt-1 text-sm text-slate-400">{format!("Satu pembayaran memperpanjang langganan {}; perpanjang kapan saja dari dashboard.", card.per)}</p>
                <BuyBox slug=card.slug.clone() price_idr=card.price_idr price_usd_cents=card.price_usd_cents checkout base="/saas"/>
                <a href=waitlist class="btn-ghost mt-6 w-full">"Masuk daftar tunggu"</a>
                <p class="mt-3 text-sm text-slate-400">{format!("{waitlist_count} orang sudah menunggu")}</p>
            </aside>
        </article>
    }
}
