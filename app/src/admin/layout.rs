use crate::resource::resource;
use crate::{
    api::admin::session::get_admin,
    components::{area::AreaShell, page_meta::PageMeta},
};
use leptos::prelude::*;

const MENU: &[(&str, &str)] = &[
    ("/admin", "Ringkasan"),
    ("/admin/posts", "Artikel"),
    ("/admin/portfolio", "Portofolio"),
    ("/admin/case-studies", "Studi kasus"),
    ("/admin/resources", "Resource"),
    ("/admin/demos", "Demo"),
    ("/admin/services", "Layanan"),
    ("/admin/products", "Produk"),
    ("/admin/saas", "Bundel SaaS"),
    ("/admin/orders", "Pesanan"),
    ("/admin/subscriptions", "Langganan"),
    ("/admin/service-orders", "Pesanan layanan"),
    ("/admin/messages", "Pesan klien"),
    ("/admin/contacts", "Pesan kontak"),
    ("/admin/waitlist", "Waitlist"),
    ("/admin/users", "Member"),
    ("/admin/tools", "Tools"),
    ("/admin/analytics", "Analitik"),
    ("/admin/settings", "Pengaturan situs"),
    ("/admin/security", "Keamanan akun"),
    ("/admin/jobs", "Tugas latar"),
    ("/admin/audit", "Log audit"),
];

#[component]
pub fn AdminLayout() -> impl IntoView {
    let admin = resource(|| (), |_| get_admin());
    view! {
        <PageMeta title="Admin" description="Panel admin Tiranyx." path="/admin"/>
        <AreaShell home="/admin" brand="Tiranyx Admin" nav_label="Menu admin" menu=MENU topbar=move || view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    admin.await.ok().map(|a| view! {
                        <p class="text-sm text-slate-300">{format!("Admin: {}", a.email)}</p>
                    })
                })}
            </Transition>
            <div class="flex items-center gap-3">
                <a href="/" class="footer-link text-sm">"Lihat situs"</a>
                <form method="post" action="/admin/logout">
                    <button type="submit" class="btn-ghost">"Keluar"</button>
                </form>
            </div>
        }/>
    }
}
