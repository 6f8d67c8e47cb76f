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
            <OrderForm slug=card.slug/>
        </article>
    }
}

/// "Pesan layanan": the brief, a plain multipart post to
/// `/services/{slug}/order` (`server::service_orders::order`); a guest is
/// sent to log in first, a refusal comes back as `?gagal=code`.
#[component]
fn OrderForm(slug: String) -> impl IntoView {
    view! {
        <section id="pesan" class="card mt-12 p-6" aria-labelledby="pesan-judul">
            <h2 id="pesan-judul" class="text-2xl font-bold text-white">"Pesan layanan"</h2>
            <p class="mt-2 text-sm text-slate-300">
                "Ceritakan kebutuhanmu. Tim kami mengirim penawaran harga ke dashboard dan emailmu; kamu perlu masuk ke akunmu."
            </p>
            <crate::pages::checkout::RefusedAlert/>
            <form method="post" action=format!("/services/{slug}/order") enctype="multipart/form-data"
                class="mt-6 flex flex-col gap-4">
                <div class="field">
                    <label for="brief" class="field-label">"Apa yang kamu butuhkan?"</label>
                    <p id="brief-hint" class="field-hint">"Tujuan, halaman atau fitur yang dibayangkan, contoh yang kamu suka (20–5000 karakter)."</p>
                    <textarea id="brief" name="brief" rows="6" required minlength="20" maxlength="5000"
                        aria-describedby="brief-hint" class="field-input"></textarea>
                </div>
                <div class="grid gap-4 sm:grid-cols-2">
                    <div class="field">
                        <label for="budget_min" class="field-label">"Anggaran terendah (Rp)"</label>
                        <input id="budget_min" name="budget_min" inputmode="numeric" required placeholder="5.000.000" class="field-input"/>
                    </div>
                    <div class="field">
                        <label for="budget_max" class="field-label">"Anggaran tertinggi (Rp)"</label>
                        <input id="budget_max" name="budget_max" inputmode="numeric" required placeholder="15.000.000" class="field-input"/>
                    </div>
                </div>
                <div class="field">
                    <label for="deadline" class="field-label">"Tenggat"</label>
                    <input id="deadline" name="deadline" type="date" required class="field-input"/>
                </div>
                <div class="field">
                    <label for="attachments" class="field-label">"Lampiran " <span class="text-slate-400">"(opsional)"</span></label>
                    <p id="attachments-hint" class="field-hint">"Maksimal 5 file, 20 MB per file."</p>
                    <input id="attachments" name="attachments" type="file" multiple aria-describedby="attachments-hint"/>
                </div>
                <button type="submit" class="btn-primary self-start">"Kirim brief"</button>
            </form>
        </section>
    }
}
