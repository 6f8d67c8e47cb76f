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
use leptos_router::LazyRoute;
use std::future::Future;

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

            #[leptos::lazy($group)]
            pub fn show(page: Page) -> AnyView {
                match page {
                    $(Page::$route => $page().into_any()),*
                }
            }

            $(
                #[derive(Debug)]
                pub struct $route;

                impl LazyRoute for $route {
                    fn data() -> Self {
                        $route
                    }

                    fn view(_route: Self) -> impl Future<Output = AnyView> {
                        show(Page::$route)
                    }

                    // Hydrating a page waits for its code: the router walks
                    // the server's HTML only once the view can be built.
                    fn preload() -> impl Future<Output = ()> {
                        __preload_show()
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
