use crate::{api::admin::session::get_admin, components::page_meta::PageMeta};
use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_location};

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
    ("/admin/contacts", "Pesan kontak"),
    ("/admin/waitlist", "Waitlist"),
    ("/admin/users", "Member"),
    ("/admin/analytics", "Analitik"),
    ("/admin/settings", "Pengaturan situs"),
    ("/admin/security", "Keamanan akun"),
    ("/admin/audit", "Log audit"),
];

fn is_current(path: &str, href: &str) -> bool {
    if href == "/admin" {
        path == "/admin"
    } else {
        path == href || path.starts_with(&format!("{href}/"))
    }
}

#[component]
pub fn AdminLayout() -> impl IntoView {
    let admin = Resource::new(|| (), |_| get_admin());
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let location = use_location();
    let menu = move || {
        let path = location.pathname.get();
        MENU.iter()
            .map(|(href, label)| {
                let current = is_current(&path, href).then_some("page");
                view! { <li><a href=*href class="side-link" aria-current=current>{*label}</a></li> }
            })
            .collect_view()
    };
    view! {
        <PageMeta title="Admin" description="Panel admin Tiranyx." path="/admin"/>
        <a href="#konten" class="skip-link">"Langsung ke konten"</a>
        <div class="min-h-screen lg:flex">
            <aside class="border-b border-white/10 bg-[#050816] lg:w-60 lg:border-b-0 lg:border-r">
                <div class="px-4 py-4">
                    <a href="/admin" class="flex items-center gap-2 text-lg font-bold text-white">
                        <span class="logo-orb" aria-hidden="true"></span>"Tiranyx Admin"
                    </a>
                </div>
                <nav aria-label="Menu admin" class="overflow-x-auto px-2 pb-3">
                    <ul class="flex gap-1 lg:flex-col">{menu}</ul>
                </nav>
            </aside>
            <div class="min-w-0 flex-1">
                <header class="flex items-center justify-between gap-4 border-b border-white/10 px-4 py-3 md:px-8">
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
                </header>
                <main id="konten" tabindex="-1" class="px-4 py-8 md:px-8" data-hydrated=move || hydrated.get().then_some("true")>
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn current_menu_item() {
        assert!(super::is_current("/admin", "/admin"));
        assert!(!super::is_current("/admin/posts", "/admin"));
        assert!(super::is_current("/admin/posts/3", "/admin/posts"));
        assert!(!super::is_current("/admin/postsx", "/admin/posts"));
    }
}
