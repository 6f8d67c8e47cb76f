use crate::{
    api::site::get_site_info,
    components::{
        page::{load_page, query_param, PageHeader},
        page_meta::PageMeta,
    },
    forms::{Field, FieldKind, FormStatus, Honeypot},
};
use leptos::prelude::*;

pub const CONTACT_SENT: &str =
    "Terima kasih! Pesanmu sudah kami terima dan akan kami balas dalam satu hari kerja.";

/// `/contact` — the form posts to the same path, handled by [`post`].
#[component]
pub fn ContactPage() -> impl IntoView {
    let sent = query_param("terkirim");
    let success = sent().map(|_| CONTACT_SENT.to_owned());
    view! {
        <PageMeta
            title="Kontak"
            description="Hubungi Tiranyx untuk konsultasi website, aplikasi web, toko online, branding atau otomasi AI. Kami balas dalam satu hari kerja."
            path="/contact"
        />
        <PageHeader eyebrow="Kontak" title="Ceritakan kebutuhanmu" lead="Isi formulir di bawah, atau hubungi kami langsung lewat email dan WhatsApp."/>
        <div class="mx-auto grid max-w-6xl gap-10 px-4 pb-10 lg:grid-cols-3">
            <form method="post" action="/contact" novalidate data-enhance="contact" class="card flex flex-col gap-5 p-6 lg:col-span-2">
                <FormStatus success/>
                <Field name="name" label="Nama" kind=FieldKind::Text required=true autocomplete="name" minlength=2 maxlength=120/>
                <Field name="email" label="Email" kind=FieldKind::Email required=true autocomplete="email" maxlength=254/>
                <Field name="phone" label="Nomor telepon / WhatsApp" kind=FieldKind::Tel autocomplete="tel" maxlength=24/>
                <Field name="message" label="Pesan" kind=FieldKind::TextArea required=true minlength=10 maxlength=5000
                    hint="Apa yang ingin kamu bangun, kapan, dan kira-kira anggarannya."/>
                <Honeypot/>
                <button type="submit" class="btn-primary self-start">"Kirim pesan"</button>
            </form>
            {load_page(get_site_info, |info| view! {
                <aside aria-label="Kontak langsung" class="card h-fit p-6">
                    <h2 class="text-lg font-semibold text-white">"Kontak langsung"</h2>
                    <dl class="mt-4 space-y-4 text-slate-300">
                        <div><dt class="text-sm text-slate-400">"Email"</dt>
                            <dd><a class="footer-link" href=format!("mailto:{}", info.contact_email)>{info.contact_email.clone()}</a></dd></div>
                        <div><dt class="text-sm text-slate-400">"WhatsApp"</dt>
                            <dd><a class="footer-link" href=format!("https://wa.me/{}", info.whatsapp) rel="noopener">{format!("+{}", info.whatsapp)}</a></dd></div>
                        <div><dt class="text-sm text-slate-400">"Alamat"</dt><dd>{info.address}</dd></div>
                    </dl>
                </aside>
            })}
        </div>
        <script src="/js/forms.js" defer></script>
    }
}

/// `POST /contact`: stored as an unread message for the admin inbox, or the
/// page again with the errors.
#[cfg(feature = "ssr")]
pub mod post {
    use super::CONTACT_SENT;
    use crate::forms::post::{fail, rate_limited, read_form, success, wants_json, FormHost, Limit};
    use axum::{body::Body, extract::State, http::Request, response::Response};
    use domain::forms::contact::{self, ContactInput};
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct ContactForm {
        name: String,
        email: String,
        phone: String,
        message: String,
        /// The honeypot: people leave it empty.
        website: String,
    }

    pub async fn handle<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
        let json = wants_json(req.headers());
        let ip = host.client_ip(&req);
        let form: ContactForm = read_form(req).await;
        let values = BTreeMap::from([
            ("name".to_owned(), form.name.clone()),
            ("email".to_owned(), form.email.clone()),
            ("phone".to_owned(), form.phone.clone()),
            ("message".to_owned(), form.message.clone()),
        ]);
        if let Err(wait) = host.check(Limit::Contact, ip).await {
            return fail(&host, "/contact", json, values, rate_limited(wait)).await;
        }
        let input = ContactInput {
            name: form.name,
            email: form.email,
            phone: form.phone,
            message: form.message,
            website: form.website,
        };
        let now = chrono::Utc::now();
        let db = &host.server().db;
        match contact::submit(db, &input, ip.map(|i| i.to_string()), now).await {
            Ok(_) => success(json, "/contact?terkirim=1", CONTACT_SENT),
            Err(e) => fail(&host, "/contact", json, values, e.into()).await,
        }
    }
}
