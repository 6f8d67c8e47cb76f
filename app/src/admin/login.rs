//! `/admin/login` and its second step. Plain HTML posts to
//! `server::admin_auth`, answered with the page again and a message.
use crate::{
    components::{page::query_param, page_meta::PageMeta},
    forms::{Field, FieldKind, FormStatus},
    pages::auth::AuthLayout,
};
use leptos::prelude::*;

#[component]
pub fn AdminLoginPage() -> impl IntoView {
    let success = query_param("keluar")().map(|_| "Kamu sudah keluar dari admin.".to_owned());
    view! {
        <PageMeta title="Masuk admin" description="Masuk ke panel admin Tiranyx." path="/admin/login"/>
        <AuthLayout>
            <div class="card p-6 md:p-8">
                <h1 class="text-2xl font-bold text-white">"Masuk admin"</h1>
                <form method="post" action="/admin/login" class="mt-6 flex flex-col gap-5">
                    <FormStatus success/>
                    <Field name="email" label="Email" kind=FieldKind::Email required=true autocomplete="username" maxlength=254/>
                    <Field name="password" label="Kata sandi" kind=FieldKind::Password required=true autocomplete="current-password" maxlength=128/>
                    <button type="submit" class="btn-primary">"Masuk"</button>
                </form>
            </div>
        </AuthLayout>
    }
}

#[component]
pub fn AdminTwoFactorPage() -> impl IntoView {
    let success: Option<String> = None;
    view! {
        <PageMeta title="Verifikasi dua langkah" description="Masukkan kode dari aplikasi autentikator." path="/admin/login/2fa"/>
        <AuthLayout>
            <div class="card p-6 md:p-8">
                <h1 class="text-2xl font-bold text-white">"Verifikasi dua langkah"</h1>
                <p class="mt-2 text-slate-300">"Masukkan 6 digit kode dari aplikasi autentikator, atau salah satu kode pemulihan."</p>
                <form method="post" action="/admin/login/2fa" class="mt-6 flex flex-col gap-5">
                    <FormStatus success/>
                    <Field name="code" label="Kode" kind=FieldKind::Text required=true autocomplete="one-time-code" maxlength=20/>
                    <button type="submit" class="btn-primary">"Verifikasi"</button>
                </form>
            </div>
        </AuthLayout>
    }
}
