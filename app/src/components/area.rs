//! The frame of the two signed-in areas (member dashboard and admin): a
//! sidebar menu that marks the current page, a top bar, and the main
//! region, which says when hydration finished (`data-hydrated`), for tests.
use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_location};

/// Whether menu entry `href` is the page at `path`: the area's home only
/// for itself, any other entry also for the pages below it.
pub fn is_current(path: &str, href: &str, home: &str) -> bool {
    if href == home {
        path == home
    } else {
        crate::shell::within(path, href)
    }
}

#[component]
pub fn AreaShell(
    /// The area's home, e.g. "/dashboard".
    home: &'static str,
    brand: &'static str,
    nav_label: &'static str,
    menu: &'static [(&'static str, &'static str)],
    /// The top bar's content.
    #[prop(into)]
    topbar: ViewFn,
) -> impl IntoView {
    // Effects run only in the browser.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let location = use_location();
    let entries = move || {
        let path = location.pathname.get();
        menu.iter()
            .map(|(href, label)| {
                let current = is_current(&path, href, home).then_some("page");
                view! { <li><a href=*href class="side-link" aria-current=current>{*label}</a></li> }
            })
            .collect_view()
    };
    view! {
        <a href="#konten" class="skip-link">"Langsung ke konten"</a>
        <div class="min-h-screen lg:flex">
            <aside class="border-b border-white/10 bg-[#050816] lg:w-64 lg:border-b-0 lg:border-r">
                <div class="px-4 py-4">
                    <a href=home class="flex items-center gap-2 text-lg font-bold text-white">
                        <span class="logo-orb" aria-hidden="true"></span>{brand}
                    </a>
                </div>
                <nav aria-label=nav_label class="overflow-x-auto px-2 pb-3">
                    <ul class="flex gap-1 lg:flex-col">{entries}</ul>
                </nav>
            </aside>
            <div class="min-w-0 flex-1">
                <header class="flex items-center justify-between gap-4 border-b border-white/10 px-4 py-3 md:px-8">
                    {topbar.run()}
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
    use super::is_current;

    #[test]
    fn current_menu_entry() {
        assert!(is_current("/admin", "/admin", "/admin"));
        assert!(!is_current("/admin/posts", "/admin", "/admin"));
        assert!(is_current("/admin/posts/3", "/admin/posts", "/admin"));
        assert!(!is_current("/admin/postsx", "/admin/posts", "/admin"));
        assert!(is_current(
            "/dashboard/orders",
            "/dashboard/orders",
            "/dashboard"
        ));
    }
}
