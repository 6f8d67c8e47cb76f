//! The public site's frame: skip link, navbar, main landmark and footer.
use crate::{
    api::site::{get_site_info, get_visitor},
    components::{drawn::Drawing, page::load_once},
    model::SiteInfo,
};
use leptos::prelude::*;

pub const NAV_ITEMS: &[(&str, &str)] = &[
    ("/services", "Layanan"),
    ("/portfolio", "Portofolio"),
    ("/products", "Produk"),
    ("/saas", "SaaS"),
    ("/blog", "Blog"),
    ("/about", "Tentang"),
    ("/contact", "Kontak"),
];

const FOOTER_LINKS: &[(&str, &str)] = &[
    ("/tools", "Tools gratis"),
    ("/demos", "Demo aplikasi"),
    ("/resources", "Sumber daya"),
    ("/waitlist", "Daftar tunggu"),
    ("/portfolio", "Studi kasus"),
    ("/privacy-policy", "Kebijakan privasi"),
    ("/disclaimer", "Disclaimer"),
];

#[component]
pub fn SiteLayout(children: Children) -> impl IntoView {
    view! {
        <a href="#konten" class="skip-link">"Langsung ke konten"</a>
        <div class="starfield" aria-hidden="true"></div>
        <Navbar/>
        <main id="konten" tabindex="-1" class="relative">
            {children()}
        </main>
        {footer()}
    }
}

/// The footer is the same on every page until the settings (or the year)
/// change: drawn once per content generation, like the pages' own parts.
fn footer() -> AnyView {
    let drawing = Drawing::start_shared();
    if let Some(drawn) = drawing.kept() {
        return drawn;
    }
    let info = load_once(get_site_info());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (info, drawing) = (info.clone(), drawing.clone());
                Suspend::new(async move {
                    info.await.ok().map(|info| drawing.draw(None, || view! { <Footer info/> }))
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// The navbar. A guest's is the same on every page, so the server draws it
/// once (and once more without hydration marks, for the pages that never
/// hydrate); a member's shows their name, looked up per request.
#[component]
fn Navbar() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if crate::ssr::session::is_guest() {
        use std::sync::OnceLock;
        static GUEST: [OnceLock<String>; 2] = [OnceLock::new(), OnceLock::new()];
        use crate::components::drawn::{html_of, request_never_hydrates};
        let unmarked = request_never_hydrates();
        let html = GUEST[usize::from(unmarked)]
            .get_or_init(|| html_of(navbar(guest_account().into_any()), unmarked));
        return leptos::tachys::html::InertElement::new(html.as_str()).into_any();
    }
    navbar(view! { <Account/> }.into_any()).into_any()
}

fn navbar(account: AnyView) -> impl IntoView {
    let links = || {
        NAV_ITEMS
            .iter()
            .map(|(href, label)| {
                view! {
                    <li>
                        <a href=*href class="nav-link">{*label}</a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <header class="sticky top-0 z-40 border-b border-white/10 bg-[#070b1a]/80 backdrop-blur">
            <nav aria-label="Navigasi utama" class="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
                <a href="/" class="flex items-center gap-2 text-lg font-bold tracking-wide text-white">
                    <span class="logo-orb" aria-hidden="true"></span>
                    "Tiranyx"
                </a>
                <ul class="hidden items-center gap-1 lg:flex">{links()}</ul>
                <div class="flex items-center gap-2">
                    {account}
                    <a href="/contact" class="btn-primary hidden lg:inline-flex">"Konsultasi gratis"</a>
                    // A <details> menu opens without JavaScript and by keyboard.
                    <details class="mobile-menu lg:hidden">
                        <summary class="nav-link cursor-pointer">"Menu"</summary>
                        <ul class="absolute left-0 right-0 top-full flex flex-col gap-1 border-b border-white/10 bg-[#070b1a] px-4 py-3">
                            {links()}
                        </ul>
                    </details>
                </div>
            </nav>
        </header>
    }
}

/// "Masuk" and "Daftar" for a guest; the member's own area for a member.
#[component]
fn Account() -> impl IntoView {
    let visitor = load_once(get_visitor());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let visitor = visitor.clone();
                Suspend::new(async move {
                    match visitor.await.ok().flatten() {
                        Some(name) => view! {
                            <a href="/dashboard" class="nav-link" data-account="member">
                                <span class="sr-only">"Akun saya: "</span>
                                <span class="inline-block max-w-[10rem] truncate align-bottom">{name}</span>
                            </a>
                        }.into_any(),
                        None => guest_account().into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn guest_account() -> impl IntoView {
    view! {
        <a href="/login" class="nav-link" data-account="guest">"Masuk"</a>
        <a href="/register" class="btn-ghost hidden sm:inline-flex">"Daftar"</a>
    }
}

#[component]
fn Footer(info: SiteInfo) -> impl IntoView {
    view! {
        <footer class="relative mt-24 border-t border-white/10 bg-[#050816]">{footer_content(info)}</footer>
    }
}

fn footer_content(info: SiteInfo) -> impl IntoView {
    let wa = format!("https://wa.me/{}", info.whatsapp);
    let mail = format!("mailto:{}", info.contact_email);
    view! {
        <div class="mx-auto grid max-w-6xl gap-10 px-4 py-12 md:grid-cols-4">
            <div>
                <p class="text-lg font-bold text-white">{info.site_name.clone()}</p>
                <p class="mt-2 text-sm text-slate-300">{info.tagline}</p>
                <p class="mt-4 text-sm text-slate-400">{info.address}</p>
            </div>
            <div>
                <h2 class="text-sm font-semibold uppercase tracking-wider text-slate-200">"Hubungi kami"</h2>
                <ul class="mt-3 space-y-2 text-sm">
                    <li><a class="footer-link" href=mail>{info.contact_email}</a></li>
                    <li><a class="footer-link" href=wa rel="noopener">"WhatsApp"</a></li>
                </ul>
            </div>
            <div>
                <h2 class="text-sm font-semibold uppercase tracking-wider text-slate-200">"Jelajahi"</h2>
                <ul class="mt-3 space-y-2 text-sm">
                    {FOOTER_LINKS.iter().map(|(href, label)| view! {
                        <li><a class="footer-link" href=*href>{*label}</a></li>
                    }).collect_view()}
                </ul>
            </div>
            <div>
                <h2 class="text-sm font-semibold uppercase tracking-wider text-slate-200">"Ikuti kami"</h2>
                <ul class="mt-3 space-y-2 text-sm">
                    <li><a class="footer-link" href=info.instagram rel="noopener">"Instagram"</a></li>
                    <li><a class="footer-link" href=info.linkedin rel="noopener">"LinkedIn"</a></li>
                    <li><a class="footer-link" href=info.github rel="noopener">"GitHub"</a></li>
                </ul>
            </div>
        </div>
        <p class="border-t border-white/10 py-6 text-center text-xs text-slate-400">
            {format!("© {} {}. Seluruh hak cipta dilindungi.", info.year, info.site_name)}
        </p>
    }
}
