//! The frame of the two signed-in areas (member dashboard and admin): a
//! sidebar menu that marks the current page, a top bar, and the main
//! region, which says when hydration finished (`data-hydrated`), for tests.
//! Also what an area's own bundle knows of its area ([`BUNDLE_AREA`]) and how
//! it leaves it ([`leave_area_by_links`], [`outside_area`]).
use crate::shell::Area;
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

/// The route fallback of an area's own bundle. While hydrating, the path is
/// one the server answered with its 404 page, so the same page is drawn.
/// After that, a navigation the area's router took (links are left to the
/// browser by [`leave_area_by_links`]) leads to a page another bundle (or
/// none) hydrates: the browser loads it as a whole page.
pub fn outside_area() -> AnyView {
    let hydrating =
        Owner::current_shared_context().is_some_and(|context| context.during_hydration());
    if hydrating {
        return crate::routes::not_found().into_any();
    }
    #[cfg(feature = "hydrate")]
    {
        let location = use_location();
        let url = format!(
            "{}{}{}",
            location.pathname.get_untracked(),
            location.search.get_untracked(),
            location.hash.get_untracked()
        );
        // `replace`: the router has already pushed this URL.
        let _ = window().location().replace(&url);
    }
    ().into_any()
}

/// The area whose routes this bundle has, if it was built for exactly one
/// (`app` features `area-member`, `area-client`, `area-admin`); `None` on
/// the server and in a bundle with every route.
pub const BUNDLE_AREA: Option<Area> = bundle_area();

const fn bundle_area() -> Option<Area> {
    if cfg!(feature = "ssr") {
        return None;
    }
    match (
        cfg!(feature = "area-member"),
        cfg!(feature = "area-client"),
        cfg!(feature = "area-admin"),
    ) {
        (true, false, false) => Some(Area::Member),
        (false, true, false) => Some(Area::Client),
        (false, false, true) => Some(Area::Admin),
        _ => None,
    }
}

/// In an area's own bundle, a click on a link to a page outside the area is
/// left to the browser, a whole page load: the router would catch it and,
/// having no route for it, draw its fallback first (an empty page that Back
/// would then restore from the browser's cache). Just before the router sees
/// the click (capture phase, on the window) the link is marked
/// `rel="external"`, which the router leaves alone.
#[cfg(feature = "hydrate")]
pub fn leave_area_by_links() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(area) = BUNDLE_AREA else { return };
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let Some(anchor) = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a[href]").ok().flatten())
            .and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let same_site = window()
            .location()
            .origin()
            .is_ok_and(|origin| origin == anchor.origin());
        let rel = anchor.rel();
        if same_site
            && crate::shell::area_of(&anchor.pathname()) != Some(area)
            && !rel.split_whitespace().any(|word| word == "external")
        {
            anchor.set_rel(format!("{rel} external").trim());
        }
    });
    let _ = window().add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    on_click.forget();
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
