//! The admin's landing page: what needs attention and what changed lately.
use super::widgets::load_error;
use crate::api::admin::session::{get_admin, get_audit_log};
use leptos::prelude::*;

#[component]
pub fn AdminOverviewPage() -> impl IntoView {
    let admin = Resource::new(|| (), |_| get_admin());
    let recent = Resource::new(|| (), |_| get_audit_log(String::new(), 1));
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
