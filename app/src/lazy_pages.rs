//! The pages of the hydrated areas that an area's bundle loads only when one
//! is first shown: a member's first visit to `/dashboard` downloads the area's
//! frame and overview, not the code of every dashboard page.
//!
//! Each page is one of Leptos' lazy routes whose view is drawn by its group's
//! split function (`#[lazy]`): `cargo leptos build --split`
//! (`scripts/bundles.sh`) moves the code only a group uses into its own wasm
//! file, fetched when one of its pages is first entered (and before hydrating
//! a page served with it), and code several groups use into shared chunks.
//! Pages that share most of their code form one group, so that a page needs
//! a few files rather than a hundred small chunks (one split per admin page
//! made 160 requests for `/admin/users`).
//!
//! This needs the split build, so only the areas' bundles turn it on (`app`
//! feature `lazy-pages`); the server and the development bundle route to the
//! same pages directly, and render the same HTML. The routes name a page as
//! `group::Route` in every build (`routes::area_page!`), so that the page a
//! route shows is written here once.
#![allow(unused_imports)] // each area's bundle uses one area's groups
use crate::{admin, client, dashboard};
use leptos::prelude::*;
#[cfg(feature = "lazy-pages")]
use leptos::wasm_split::SplitLoaderError;
use leptos_router::LazyRoute;

/// The tab's last page loaded whole because its code could not be fetched.
#[cfg(feature = "lazy-pages")]
const RELOADED_KEY: &str = "tiranyx-page-code-reloaded";

/// A page's code could not be fetched, twice (the network failed, or a
/// deploy replaced the files this visit began with): the browser loads the
/// page whole from the server, which serves it with the current files. Once
/// per address: if that fails too, the page stays as the server sent it.
#[cfg(feature = "lazy-pages")]
fn load_failed(error: SplitLoaderError) -> AnyView {
    leptos::logging::error!("a page's code could not be loaded: {error}");
    // The page being entered: the router pushes it to the history only once
    // its code is loaded, but its location already has it.
    let location = leptos_router::hooks::use_location();
    let href = format!(
        "{}{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked(),
        location.hash.get_untracked()
    );
    let storage = window().session_storage().ok().flatten();
    let last = storage
        .as_ref()
        .and_then(|s| s.get_item(RELOADED_KEY).ok().flatten());
    if last.as_deref() != Some(href.as_str()) {
        if let Some(storage) = &storage {
            let _ = storage.set_item(RELOADED_KEY, &href);
        }
        let _ = window().location().assign(&href);
    }
    ().into_any()
}

/// A group's code arrived: a later failure may load a page whole again.
#[cfg(feature = "lazy-pages")]
fn loaded() {
    if let Some(storage) = window().session_storage().ok().flatten() {
        let _ = storage.remove_item(RELOADED_KEY);
    }
}

/// `"area feature", group: Route => page component, …`: in that area's
/// bundle, a split function `group::show` drawing those pages and a lazy
/// route per page; in every other build (another area's bundle would keep
/// the group's code if it had the split function: it is an export), a
/// function per page that draws it. Group names are unique, as they name
/// the split files.
macro_rules! lazy_pages {
    ($area:literal, $group:ident: $($route:ident => $page:path),* $(,)?) => {
        #[cfg(all(feature = "lazy-pages", feature = $area))]
        pub mod $group {
            use super::*;

            /// Which page of the group to draw.
            #[derive(Clone, Copy, Debug)]
            #[repr(u8)]
            pub enum Page {
                $($route),*
            }

            // Leptos' `#[lazy]`, but `fallible`: a file that cannot be
            // fetched is an error to handle, not a panic that stops the
            // area's code for the rest of the visit.
            #[leptos::wasm_split::wasm_split(
                $group,
                wasm_split_path = ::leptos::wasm_split,
                preload(#[allow(non_snake_case)] load_group),
                fallible
            )]
            fn show(page: Page) -> Result<AnyView, SplitLoaderError> {
                Ok(match page {
                    $(Page::$route => $page().into_any()),*
                })
            }

            $(
                #[derive(Debug)]
                pub struct $route;

                impl LazyRoute for $route {
                    fn data() -> Self {
                        $route
                    }

                    async fn view(_route: Self) -> AnyView {
                        show(Page::$route).await.unwrap_or_else(load_failed)
                    }

                    // Hydrating a page waits for its code: the router walks
                    // the server's HTML only once the view can be built.
                    async fn preload() {
                        // A failed fetch is not kept: the retry fetches anew.
                        let result = match load_group().await {
                            Err(_) => load_group().await,
                            ok => ok,
                        };
                        match result {
                            Ok(()) => loaded(),
                            Err(e) => {
                                load_failed(e);
                            }
                        }
                    }
                }
            )*
        }

        #[cfg(not(all(feature = "lazy-pages", feature = $area)))]
        pub mod $group {
            use super::*;

            $(
                /// The page itself: this build routes to it directly.
                #[allow(non_snake_case)]
                pub fn $route() -> impl IntoView {
                    $page()
                }
            )*
        }
    };
}

lazy_pages! {
    "area-member", member_purchases:
    Orders => dashboard::OrdersPage,
    Subscriptions => dashboard::SubscriptionsPage,
    Downloads => dashboard::DownloadsPage,
    Tools => dashboard::ToolsPage,
}

lazy_pages! {
    "area-member", member_services:
    ServiceOrders => dashboard::ServiceOrdersPage,
    ServiceOrder => dashboard::ServiceOrderPage,
}

lazy_pages! {
    "area-member", member_profile:
    Profile => dashboard::ProfilePage,
}

lazy_pages! {
    "area-client", client_pages:
    Projects => client::ClientProjectsPage,
    Project => client::ClientProjectPage,
    Deliverables => client::ClientDeliverablesPage,
    Invoices => client::ClientInvoicesPage,
    Messages => client::ClientMessagesPage,
}

lazy_pages! {
    "area-admin", admin_content:
    ContentList => admin::ContentListPage,
    ContentEdit => admin::ContentEditPage,
}

lazy_pages! {
    "area-admin", admin_commerce:
    Orders => admin::OrdersAdminPage,
    Order => admin::OrderAdminPage,
    Subscriptions => admin::SubscriptionsAdminPage,
    Subscription => admin::SubscriptionAdminPage,
    ServiceOrders => admin::ServiceOrdersAdminPage,
    ServiceOrder => admin::ServiceOrderAdminPage,
}

lazy_pages! {
    "area-admin", admin_people:
    Users => admin::UsersPage,
    Messages => admin::ClientMessagesAdminPage,
    Thread => admin::ClientThreadAdminPage,
    Contacts => admin::ContactsPage,
    Waitlist => admin::WaitlistAdminPage,
}

lazy_pages! {
    "area-admin", admin_system:
    Settings => admin::SettingsPage,
    Tools => admin::ToolsAdminPage,
    Analytics => admin::AnalyticsPage,
    Jobs => admin::JobsPage,
    Audit => admin::AuditPage,
    Security => admin::SecurityPage,
    Enrol => admin::EnrolPage,
}
