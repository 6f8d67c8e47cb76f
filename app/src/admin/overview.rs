//! The admin's landing page: what needs attention and what changed lately.
use super::widgets::load_error;
use crate::api::admin::{
    analytics::get_admin_counts,
    session::{get_admin, get_audit_log},
};
use crate::resource::resource;
use leptos::prelude::*;

#[component]
pub fn AdminOverviewPage() -> impl IntoView {
    let admin = resource(|| (), |_| get_admin());
    let recent = resource(|| (), |_| get_audit_log(String::new(), 1));
    let counts = resource(|| (), |_| get_admin_counts());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                admin.await.ok().map(|a| view! {
                    <h1 class="text-3xl font-bold text-white">{format!("Halo, {}", a.name)}</h1>
                    {(!a.two_factor_enabled).then(|| view! {
                        <p class="form-status form-status-error mt-4" role="status">
                            "Verifikasi dua langkah belum aktif untuk akunmu. "
                            <a href="/admin/security" class="underline">"Aktifkan sekarang"</a>
                        </p>
                    })}
                })
            })}
        </Transition>
        <section aria-labelledby="angka" class="mt-8">
            <h2 id="angka" class="text-xl font-semibold text-white">"Sekilas"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match counts.await {
                        Err(e) => load_error(e).into_any(),
                        Ok(c) => view! {
                            <ul class="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                                {[
                                    ("/admin/contacts", "Pesan belum dibaca", c.unread_contacts),
                                    ("/admin/waitlist", "Orang di waitlist", c.waitlist_entries),
                                    ("/admin/users", "Member", c.members),
                                    ("/admin/analytics", "Kunjungan 7 hari terakhir", c.page_views_7d),
                                ].into_iter().map(|(href, label, n)| view! {
                                    <li class="card card-link p-4">
                                        <a href=href class="block">
                                            <span class="block text-sm text-slate-300">{label}</span>
                                            <span class="mt-1 block text-2xl font-bold text-white">{n}</span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section aria-labelledby="terbaru" class="mt-8">
            <h2 id="terbaru" class="text-xl font-semibold text-white">"Perubahan terbaru"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match recent.await {
                        Err(e) => load_error(e).into_any(),
                        Ok(p) => view! {
                            <ul class="mt-4 flex flex-col gap-2 text-slate-300">
                                {p.rows.into_iter().take(8).map(|r| view! {
                                    <li><span class="text-white">{r.when}</span>" · "{r.actor}" · "<code>{r.action}</code>" · "{r.summary}</li>
                                }).collect_view()}
                            </ul>
                            <a href="/admin/audit" class="footer-link mt-4 inline-block">"Lihat semua catatan"</a>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
