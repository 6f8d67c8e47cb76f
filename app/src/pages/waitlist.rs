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
