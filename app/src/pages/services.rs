use crate::{
    api::services::{get_service, get_services},
    components::{
        cards::ServiceItem,
        icon::Icon,
        markdown::MarkdownBody,
        page::{load_drawn, load_page, route_param, PageHeader},
        page_meta::PageMeta,
    },
    format::rupiah,
    forms::{Field, FieldKind, FormFeedback, FormStatus},
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
            {load_drawn(get_services, |services| view! {
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
/// sent to log in first, a refusal renders this page again with what was
/// typed and each field's message.
#[component]
fn OrderForm(slug: String) -> impl IntoView {
    let attachments_error = FormFeedback::current().errors.get("attachments").cloned();
    let no_success: Option<String> = None;
    view! {
        <section id="pesan" class="card mt-12 p-6" aria-labelledby="pesan-judul">
            <h2 id="pesan-judul" class="text-2xl font-bold text-white">"Pesan layanan"</h2>
            <p class="mt-2 text-sm text-slate-300">
                "Ceritakan kebutuhanmu. Tim kami mengirim penawaran harga ke dashboard dan emailmu; kamu perlu masuk ke akunmu."
            </p>
            <FormStatus success=no_success/>
            <form method="post" action=format!("/services/{slug}/order") enctype="multipart/form-data"
                class="mt-6 flex flex-col gap-4">
                <Field name="brief" label="Apa yang kamu butuhkan?" kind=FieldKind::TextArea required=true
                    hint="Tujuan, halaman atau fitur yang dibayangkan, contoh yang kamu suka (20–5000 karakter)."
                    minlength=20 maxlength=5000/>
                <div class="grid gap-4 sm:grid-cols-2">
                    <Field name="budget_min" label="Anggaran terendah (Rp)" kind=FieldKind::Text required=true
                        inputmode="numeric" placeholder="5.000.000"/>
                    <Field name="budget_max" label="Anggaran tertinggi (Rp)" kind=FieldKind::Text required=true
                        inputmode="numeric" placeholder="15.000.000"/>
                </div>
                <Field name="deadline" label="Tenggat" kind=FieldKind::Date required=true/>
                <div class="field">
                    <label for="f-attachments" class="field-label">"Lampiran " <span class="text-slate-400">"(opsional)"</span></label>
                    <p id="f-attachments-hint" class="field-hint">"Maksimal 5 file, 20 MB per file."</p>
                    <input id="f-attachments" name="attachments" type="file" multiple
                        aria-invalid=attachments_error.is_some().then_some("true")
                        aria-describedby="f-attachments-hint f-attachments-error"/>
                    <p id="f-attachments-error" class="field-error" data-error-for="attachments">{attachments_error}</p>
                </div>
                <button type="submit" class="btn-primary self-start">"Kirim brief"</button>
            </form>
        </section>
    }
    // Type-erased: with the page around it the view type is too deep.
    .into_any()
}
