//! About, privacy policy and disclaimer.
use crate::{
    api::site::{get_organization_ld, get_static_page},
    components::{
        markdown::MarkdownBody,
        page::{load_drawn, load_drawn_page, JsonLd},
        page_meta::PageHead,
    },
};
use leptos::prelude::*;

#[component]
fn StaticPageView(slug: &'static str, description: &'static str) -> impl IntoView {
    load_drawn_page(
        move || get_static_page(slug.to_owned()),
        move |page| PageHead::new(page.title.clone(), description, format!("/{slug}")),
        move |page| {
            view! {
                <article class="mx-auto max-w-3xl px-4 pb-10 pt-14">
                    <h1 class="text-4xl font-extrabold leading-tight text-white md:text-5xl">{page.title}</h1>
                    <div class="mt-10"><MarkdownBody html=page.html/></div>
                </article>
            }
        },
    )
}

/// `/about`, with the organisation's JSON-LD.
#[component]
pub fn AboutPage() -> impl IntoView {
    view! {
        <StaticPageView
            slug="about"
            description="Tiranyx adalah agensi digital di Bandung yang membangun website, aplikasi web, toko online dan otomasi AI untuk bisnis Indonesia."
        />
        {load_drawn(get_organization_ld, |json| view! { <JsonLd json/> })}
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <StaticPageView slug="privacy-policy" description="Kebijakan privasi Tiranyx: data yang kami kumpulkan, untuk apa, berapa lama, dan hak-hakmu."/>
    }
}

#[component]
pub fn DisclaimerPage() -> impl IntoView {
    view! {
        <StaticPageView slug="disclaimer" description="Disclaimer Tiranyx tentang konten, portofolio, produk digital dan tautan eksternal."/>
    }
}
