use crate::{
    api::waitlist::{get_waitlist_target, get_waitlist_targets},
    components::{
        page::{load_page, query_param, route_param, PageHeader},
        page_meta::PageMeta,
    },
    forms::{Field, FieldKind, FormStatus, Honeypot},
    model::WaitlistTarget,
};
use leptos::prelude::*;

pub const WAITLIST_JOINED: &str =
    "Kamu sudah masuk daftar tunggu. Kami kabari lewat email begitu tersedia.";
pub const WAITLIST_ALREADY: &str =
    "Email ini sudah ada di daftar tunggu — tidak perlu mendaftar lagi.";

fn waiting(count: u64) -> String {
    format!("{count} orang sudah menunggu")
}

/// `/waitlist`
#[component]
pub fn WaitlistIndexPage() -> impl IntoView {
    view! {
        <PageMeta
            title="Daftar Tunggu"
            description="Masuk daftar tunggu produk dan paket SaaS Tiranyx, dan dapatkan kabar pertama saat tersedia."
            path="/waitlist"
        />
        <PageHeader eyebrow="Daftar tunggu" title="Jadi yang pertama tahu" lead="Pilih produk atau paket SaaS yang kamu tunggu."/>
        <section class="mx-auto max-w-6xl px-4">
            {load_page(get_waitlist_targets, |targets| view! {
                <ul class="grid gap-6 md:grid-cols-2 lg:grid-cols-3">
                    {targets.into_iter().map(|t| view! {
                        <li class="card card-link relative p-6">
                            <h2 class="text-lg font-semibold text-white">
                                <a class="stretched-link" href=format!("/waitlist/{}", t.slug)>{t.name}</a>
                            </h2>
                            <p class="mt-2 text-sm text-slate-300">{waiting(t.count)}</p>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// `/waitlist/{product}` — the form posts to the same path.
#[component]
pub fn WaitlistPage() -> impl IntoView {
    let slug = route_param("product");
    view! {
        {load_page(move || get_waitlist_target(slug()), |target| view! { <WaitlistForm target/> })}
        <script src="/js/forms.js" defer></script>
    }
}

#[component]
fn WaitlistForm(target: WaitlistTarget) -> impl IntoView {
    let success = query_param("status")().and_then(|s| match s.as_str() {
        "bergabung" => Some(WAITLIST_JOINED.to_owned()),
        "sudah" => Some(WAITLIST_ALREADY.to_owned()),
        _ => None,
    });
    let path = format!("/waitlist/{}", target.slug);
    view! {
        <PageMeta
            title=format!("Daftar tunggu: {}", target.name)
            description=format!("Masuk daftar tunggu {} dari Tiranyx.", target.name)
            path=path.clone()
        />
        <PageHeader eyebrow="Daftar tunggu" title=target.name.clone()/>
        <div class="mx-auto max-w-xl px-4 pb-10">
            <p class="text-slate-300" data-waitlist-count="">{waiting(target.count)}</p>
            <form method="post" action=path novalidate data-enhance="waitlist" class="card mt-6 flex flex-col gap-5 p-6">
                <FormStatus success/>
                <Field name="email" label="Email" kind=FieldKind::Email required=true autocomplete="email" maxlength=254/>
                <Field name="name" label="Nama" kind=FieldKind::Text autocomplete="name" maxlength=120/>
                <Honeypot/>
                <button type="submit" class="btn-primary self-start">"Masuk daftar tunggu"</button>
            </form>
        </div>
    }
}

/// `POST /waitlist/{product}`: joins the product's waitlist (twice is fine
/// and counted once), or the page again with the errors.
#[cfg(feature = "ssr")]
pub mod post {
    use super::{WAITLIST_ALREADY, WAITLIST_JOINED};
    use crate::{
        error::AppError,
        forms::post::{fail, rate_limited, read_form, wants_json, FormHost, Limit},
        pages::not_found::NOT_FOUND_PATH,
    };
    use axum::{
        body::Body,
        extract::{Path, State},
        http::Request,
        response::{IntoResponse, Redirect, Response},
        Json,
    };
    use domain::forms::waitlist::{self, JoinOutcome, WaitlistInput};
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct WaitlistForm {
        email: String,
        name: String,
        /// The honeypot: people leave it empty.
        website: String,
    }

    pub async fn handle<H: FormHost>(
        State(host): State<H>,
        Path(product): Path<String>,
        req: Request<Body>,
    ) -> Response {
        let json = wants_json(req.headers());
        // Checked before any path or query is built from it.
        if !domain::markdown::is_slug(&product) {
            let values = BTreeMap::new();
            return fail(&host, NOT_FOUND_PATH, json, values, AppError::not_found()).await;
        }
        let ip = host.client_ip(&req);
        let form: WaitlistForm = read_form(req).await;
        let path = format!("/waitlist/{product}");
        let values = BTreeMap::from([
            ("email".to_owned(), form.email.clone()),
            ("name".to_owned(), form.name.clone()),
        ]);
        if let Err(wait) = host.check(Limit::Waitlist, ip).await {
            return fail(&host, &path, json, values, rate_limited(wait)).await;
        }
        let db = &host.server().db;
        let outcome = if form.website.is_empty() {
            let input = WaitlistInput {
                email: form.email,
                name: form.name,
            };
            waitlist::join(db, &product, &input, chrono::Utc::now()).await
        } else {
            // A bot filled the honeypot: answer like a success, store nothing.
            Ok(JoinOutcome::Joined)
        };
        let (status, message) = match outcome {
            Ok(JoinOutcome::Joined) => ("bergabung", WAITLIST_JOINED),
            Ok(JoinOutcome::AlreadyJoined) => ("sudah", WAITLIST_ALREADY),
            Err(e) => return fail(&host, &path, json, values, e.into()).await,
        };
        if json {
            let count = waitlist::count(db, &product).await.unwrap_or_default();
            let body = serde_json::json!({
                "ok": true, "status": status, "message": message, "count": count
            });
            Json(body).into_response()
        } else {
            Redirect::to(&format!("{path}?status={status}")).into_response()
        }
    }
}
