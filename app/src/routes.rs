use crate::{
    components::{
        area::{outside_area, BUNDLE_AREA},
        layout::SiteLayout,
    },
    pages::not_found::NotFound,
    shell::Area,
};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute},
    components::{Outlet, ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

/// Every page renders with `SsrMode::Async`: the whole page, data included,
/// is produced before the first byte is sent, so it is complete without
/// JavaScript, search engines see everything, and a status code set while
/// loading data (404, 500) still reaches the response. Public pages load data
/// with plain futures rather than resources, so no data is serialized into
/// the page for a hydration that never happens there.
///
/// The server knows every route. The browser bundles are built per
/// hydrated area (`scripts/bundles.sh`: `app` features `area-member` for
/// `/dashboard`, `area-client` for `/client`, `area-admin` for `/admin`), so
/// a member never downloads the admin's code; a bundle built without an
/// area feature (development) knows every route too.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <AreaRoutes/>
        </Router>
    }
}

/// The routes of this build. `BUNDLE_AREA` is a constant, so an area's
/// bundle compiles only its own branch: the other areas' pages are never
/// linked into it. On the server, a request whose path no area's route can
/// match gets the public routes only: building every route for it was a
/// tenth of a public page's render.
#[component]
fn AreaRoutes() -> impl IntoView {
    match BUNDLE_AREA {
        None if request_outside_areas() => view! {
            <Routes fallback=not_found>
                <PublicRoutes/>
            </Routes>
        }
        .into_any(),
        None => view! {
            <Routes fallback=not_found>
                <PublicRoutes/>
                <MemberRoutes/>
                <ClientRoutes/>
                <AdminRoutes/>
            </Routes>
        }
        .into_any(),
        Some(Area::Member) => {
            view! { <Routes fallback=outside_area><MemberRoutes/></Routes> }.into_any()
        }
        Some(Area::Client) => {
            view! { <Routes fallback=outside_area><ClientRoutes/></Routes> }.into_any()
        }
        Some(Area::Admin) => {
            view! { <Routes fallback=outside_area><AdminRoutes/></Routes> }.into_any()
        }
    }
}

/// Provided by the server to a request's render, not to the walk that lists
/// the routes (which renders with a stand-in request for `/` and must see
/// every route): the routes built may then be only those the request's path
/// can reach.
#[derive(Clone, Copy, Debug)]
pub struct RenderingRequest;

/// Whether this is a server render of a path that no route of a hydrated
/// area can match. `false` for the route list and in the browser.
fn request_outside_areas() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<RenderingRequest>().is_some()
            && with_context::<http::request::Parts, _>(|parts| outside_areas(parts.uri.path()))
                .unwrap_or(false)
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// Whether `path` cannot reach an area's routes: it names no area's prefix
/// in any case and has no percent-encoding (which the router decodes). Kept
/// broad on purpose: a false `false` only costs building every route.
#[cfg(feature = "ssr")]
fn outside_areas(path: &str) -> bool {
    let path = path.as_bytes();
    !path.contains(&b'%')
        && !crate::shell::HYDRATED_PREFIXES.iter().any(|(prefix, _)| {
            let word = prefix.trim_start_matches('/').as_bytes();
            path.windows(word.len())
                .any(|part| part.eq_ignore_ascii_case(word))
        })
}

/// What a path no route matches renders, on the server and in the browser.
pub fn not_found() -> impl IntoView {
    view! { <SiteLayout><NotFound/></SiteLayout> }
}

/// A page of a hydrated area, named by its group in `crate::lazy_pages`
/// (which names its component): in that area's own bundle a lazy route,
/// loaded when first shown; elsewhere (the server, the development bundle)
/// the page itself. Both render the same HTML.
macro_rules! area_page {
    ($area:literal, $group:ident::$route:ident) => {{
        #[cfg(all(feature = "lazy-pages", feature = $area))]
        let page = leptos_router::Lazy::<crate::lazy_pages::$group::$route>::new();
        #[cfg(not(all(feature = "lazy-pages", feature = $area)))]
        let page = crate::lazy_pages::$group::$route;
        page
    }};
}

/// A group of routes as every server render uses it: built once per
/// process and shared, rather than built and cloned (a deep copy) for each
/// render, which was about a tenth of an uncached public page's work
/// (callgrind). A group depends on nothing of a request: paths, modes and
/// page components. The browser builds its routes once anyway.
#[cfg(feature = "ssr")]
macro_rules! built_once {
    ($build:path) => {{
        static BUILT: std::sync::LazyLock<std::sync::Mutex<AnyNestedRoute>> =
            std::sync::LazyLock::new(|| std::sync::Mutex::new($build()));
        shared::SharedRoutes(&BUILT).into_any_nested_route()
    }};
}
#[cfg(not(feature = "ssr"))]
macro_rules! built_once {
    ($build:path) => {
        $build()
    };
}

#[cfg(feature = "ssr")]
mod shared {
    use leptos_router::{
        any_nested_match::AnyNestedMatch, any_nested_route::AnyNestedRoute, GeneratedRouteData,
        MatchNestedRoutes, RouteMatchId,
    };
    use std::sync::{Mutex, PoisonError};

    /// Routes built once, matched under a lock: a match only reads them,
    /// takes microseconds and returns an owned result. (The routes cannot be
    /// shared without one: they are `Send` but not `Sync`.) Copying this
    /// handle costs nothing.
    #[derive(Clone, Copy)]
    pub struct SharedRoutes(pub &'static Mutex<AnyNestedRoute>);

    impl SharedRoutes {
        fn with<T>(&self, f: impl FnOnce(&AnyNestedRoute) -> T) -> T {
            f(&self.0.lock().unwrap_or_else(PoisonError::into_inner))
        }
    }

    impl MatchNestedRoutes for SharedRoutes {
        type Data = AnyNestedMatch;
        type Match = AnyNestedMatch;

        fn match_nested<'a>(
            &'a self,
            path: &'a str,
        ) -> (Option<(RouteMatchId, AnyNestedMatch)>, &'a str) {
            let (matched, rest) = self.with(|routes| {
                let (matched, rest) = routes.match_nested(path);
                (matched, rest.len())
            });
            // What is left is the end of the path the match consumed the
            // start of.
            let start = path.len().saturating_sub(rest);
            (matched, path.get(start..).unwrap_or_default())
        }

        fn generate_routes(&self) -> impl IntoIterator<Item = GeneratedRouteData> + '_ {
            self.with(|routes| routes.generate_routes().into_iter().collect::<Vec<_>>())
        }

        fn optional(&self) -> bool {
            self.with(|routes| routes.optional())
        }
    }
}

/// The public site, the sign-in pages and the admin's password and code
/// pages: plain pages that never hydrate.
#[component(transparent)]
fn PublicRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    built_once!(public_routes)
}

fn public_routes() -> AnyNestedRoute {
    use crate::{
        admin::{AdminLoginPage, AdminTwoFactorPage},
        pages::{
            auth::{
                AuthLayout, ClientLoginPage, ForgotPasswordPage, LoginPage, RegisterPage,
                ResetPasswordPage, VerifyEmailPage,
            },
            blog::{BlogPage, PostPage},
            contact::ContactPage,
            home::HomePage,
            info::{AboutPage, DisclaimerPage, PrivacyPage},
            library::{DemosPage, ResourcePage, ResourcesPage},
            portfolio::{CaseStudyPage, PortfolioPage},
            products::{BundlePage, ProductPage, ProductsPage, SaasPage},
            services::{ServicePage, ServicesPage},
            tools::{ToolPage, ToolsIndexPage},
            waitlist::{WaitlistIndexPage, WaitlistPage},
        },
    };
    view! {
        <ParentRoute path=path!("") ssr=SsrMode::Async view=|| view! { <SiteLayout><Outlet/></SiteLayout> }>
            <Route path=path!("") ssr=SsrMode::Async view=HomePage/>
            <Route path=path!("about") ssr=SsrMode::Async view=AboutPage/>
            <Route path=path!("blog") ssr=SsrMode::Async view=BlogPage/>
            <Route path=path!("blog/:slug") ssr=SsrMode::Async view=PostPage/>
            <Route path=path!("services") ssr=SsrMode::Async view=ServicesPage/>
            <Route path=path!("services/:id") ssr=SsrMode::Async view=ServicePage/>
            <Route path=path!("portfolio") ssr=SsrMode::Async view=PortfolioPage/>
            <Route path=path!("portfolio/case-studies/:slug") ssr=SsrMode::Async view=CaseStudyPage/>
            <Route path=path!("products") ssr=SsrMode::Async view=ProductsPage/>
            <Route path=path!("products/:slug") ssr=SsrMode::Async view=ProductPage/>
            <Route path=path!("demos") ssr=SsrMode::Async view=DemosPage/>
            <Route path=path!("resources") ssr=SsrMode::Async view=ResourcesPage/>
            <Route path=path!("resources/:slug") ssr=SsrMode::Async view=ResourcePage/>
            <Route path=path!("waitlist") ssr=SsrMode::Async view=WaitlistIndexPage/>
            <Route path=path!("waitlist/:product") ssr=SsrMode::Async view=WaitlistPage/>
            <Route path=path!("saas") ssr=SsrMode::Async view=SaasPage/>
            <Route path=path!("saas/:bundle") ssr=SsrMode::Async view=BundlePage/>
            <Route path=path!("tools") ssr=SsrMode::Async view=ToolsIndexPage/>
            <Route path=path!("tools/:slug") ssr=SsrMode::Async view=ToolPage/>
            <Route path=path!("contact") ssr=SsrMode::Async view=ContactPage/>
            <Route path=path!("privacy-policy") ssr=SsrMode::Async view=PrivacyPage/>
            <Route path=path!("disclaimer") ssr=SsrMode::Async view=DisclaimerPage/>
        </ParentRoute>
        <ParentRoute path=path!("") ssr=SsrMode::Async view=|| view! { <AuthLayout><Outlet/></AuthLayout> }>
            <Route path=path!("login") ssr=SsrMode::Async view=LoginPage/>
            <Route path=path!("register") ssr=SsrMode::Async view=RegisterPage/>
            <Route path=path!("forgot-password") ssr=SsrMode::Async view=ForgotPasswordPage/>
            <Route path=path!("reset-password") ssr=SsrMode::Async view=ResetPasswordPage/>
            <Route path=path!("verify-email") ssr=SsrMode::Async view=VerifyEmailPage/>
            <Route path=path!("client/login") ssr=SsrMode::Async view=ClientLoginPage/>
        </ParentRoute>
        <Route path=path!("admin/login") ssr=SsrMode::Async view=AdminLoginPage/>
        <Route path=path!("admin/login/2fa") ssr=SsrMode::Async view=AdminTwoFactorPage/>
    }
    .into_inner()
    .into_any_nested_route()
}

/// The member area (hydrated).
#[component(transparent)]
fn MemberRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    built_once!(member_routes)
}

fn member_routes() -> AnyNestedRoute {
    use crate::dashboard::{DashboardLayout, OverviewPage};
    view! {
        // The member area hydrates; it still renders completely on the
        // server first (Async), so it works before the wasm arrives.
        <ParentRoute path=path!("dashboard") ssr=SsrMode::Async view=DashboardLayout>
            <Route path=path!("") ssr=SsrMode::Async view=OverviewPage/>
            <Route path=path!("orders") ssr=SsrMode::Async view={area_page!("area-member", member_purchases::Orders)}/>
            <Route path=path!("services") ssr=SsrMode::Async view={area_page!("area-member", member_services::ServiceOrders)}/>
            <Route path=path!("services/:id") ssr=SsrMode::Async view={area_page!("area-member", member_services::ServiceOrder)}/>
            <Route path=path!("subscriptions") ssr=SsrMode::Async view={area_page!("area-member", member_purchases::Subscriptions)}/>
            <Route path=path!("downloads") ssr=SsrMode::Async view={area_page!("area-member", member_purchases::Downloads)}/>
            <Route path=path!("tools") ssr=SsrMode::Async view={area_page!("area-member", member_purchases::Tools)}/>
            <Route path=path!("profile") ssr=SsrMode::Async view={area_page!("area-member", member_profile::Profile)}/>
        </ParentRoute>
    }
    .into_inner()
    .into_any_nested_route()
}

/// The agency clients' portal (hydrated).
#[component(transparent)]
fn ClientRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    built_once!(client_routes)
}

fn client_routes() -> AnyNestedRoute {
    use crate::client::{ClientLayout, ClientOverviewPage};
    view! {
        <ParentRoute path=path!("client") ssr=SsrMode::Async view=ClientLayout>
            <Route path=path!("") ssr=SsrMode::Async view=ClientOverviewPage/>
            <Route path=path!("projects") ssr=SsrMode::Async view={area_page!("area-client", client_pages::Projects)}/>
            <Route path=path!("projects/:id") ssr=SsrMode::Async view={area_page!("area-client", client_pages::Project)}/>
            <Route path=path!("deliverables") ssr=SsrMode::Async view={area_page!("area-client", client_pages::Deliverables)}/>
            <Route path=path!("invoices") ssr=SsrMode::Async view={area_page!("area-client", client_pages::Invoices)}/>
            <Route path=path!("messages") ssr=SsrMode::Async view={area_page!("area-client", client_pages::Messages)}/>
        </ParentRoute>
    }
    .into_inner()
    .into_any_nested_route()
}

/// The admin CMS (hydrated).
#[component(transparent)]
fn AdminRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    built_once!(admin_routes)
}

fn admin_routes() -> AnyNestedRoute {
    use crate::admin::{AdminLayout, AdminOverviewPage};
    view! {
        // The first login's two-factor enrolment hydrates (a form with steps),
        // unlike the other login pages.
        <Route path=path!("admin/login/enrol") ssr=SsrMode::Async view={area_page!("area-admin", admin_system::Enrol)}/>
        <ParentRoute path=path!("admin") ssr=SsrMode::Async view=AdminLayout>
            <Route path=path!("") ssr=SsrMode::Async view=AdminOverviewPage/>
            <Route path=path!("security") ssr=SsrMode::Async view={area_page!("area-admin", admin_system::Security)}/>
            <Route path=path!("audit") ssr=SsrMode::Async view={area_page!("area-admin", admin_system::Audit)}/>
            <Route path=path!("jobs") ssr=SsrMode::Async view={area_page!("area-admin", admin_system::Jobs)}/>
            <Route path=path!("tools") ssr=SsrMode::Async view={area_page!("area-admin", admin_system::Tools)}/>
            <Route path=path!("settings") ssr=SsrMode::Async view={area_page!("area-admin", admin_system::Settings)}/>
            <Route path=path!("service-orders") ssr=SsrMode::Async view={area_page!("area-admin", admin_commerce::ServiceOrders)}/>
            <Route path=path!("service-orders/:id") ssr=SsrMode::Async view={area_page!("area-admin", admin_commerce::ServiceOrder)}/>
            <Route path=path!("messages") ssr=SsrMode::Async view={area_page!("area-admin", admin_people::Messages)}/>
            <Route path=path!("messages/:user_id/:project_id") ssr=SsrMode::Async view={area_page!("area-admin", admin_people::Thread)}/>
            <Route path=path!("contacts") ssr=SsrMode::Async view={area_page!("area-admin", admin_people::Contacts)}/>
            <Route path=path!("waitlist") ssr=SsrMode::Async view={area_page!("area-admin", admin_people::Waitlist)}/>
            <Route path=path!("users") ssr=SsrMode::Async view={area_page!("area-admin", admin_people::Users)}/>
            <Route path=path!("analytics") ssr=SsrMode::Async view={area_page!("area-admin", admin_system::Analytics)}/>
            <Route path=path!("orders") ssr=SsrMode::Async view={area_page!("area-admin", admin_commerce::Orders)}/>
            <Route path=path!("orders/:id") ssr=SsrMode::Async view={area_page!("area-admin", admin_commerce::Order)}/>
            <Route path=path!("subscriptions") ssr=SsrMode::Async view={area_page!("area-admin", admin_commerce::Subscriptions)}/>
            <Route path=path!("subscriptions/:id") ssr=SsrMode::Async view={area_page!("area-admin", admin_commerce::Subscription)}/>
            // Content kinds last: the static screens above win over `:kind`.
            <Route path=path!(":kind") ssr=SsrMode::Async view={area_page!("area-admin", admin_content::ContentList)}/>
            <Route path=path!(":kind/new") ssr=SsrMode::Async view={area_page!("area-admin", admin_content::ContentEdit)}/>
            <Route path=path!(":kind/:id") ssr=SsrMode::Async view={area_page!("area-admin", admin_content::ContentEdit)}/>
        </ParentRoute>
    }
    .into_inner()
    .into_any_nested_route()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::{outside_areas, public_routes, shared::SharedRoutes, AnyNestedRoute};
    use leptos_router::MatchNestedRoutes;
    use std::sync::{LazyLock, Mutex};

    #[test]
    fn shared_routes_match_as_the_routes_they_share() {
        static BUILT: LazyLock<Mutex<AnyNestedRoute>> =
            LazyLock::new(|| Mutex::new(public_routes()));
        let (own, shared) = (public_routes(), SharedRoutes(&BUILT));
        for path in [
            "/",
            "/blog/kenapa-rust",
            "/saas/x",
            "/admin/login/2fa",
            "/nope/x",
        ] {
            let (mine, my_rest) = own.match_nested(path);
            let (theirs, their_rest) = shared.match_nested(path);
            assert_eq!(mine.is_some(), theirs.is_some(), "{path}");
            assert_eq!(my_rest, their_rest, "{path}");
        }
        assert!(shared.match_nested("/blog/kenapa-rust").0.is_some());
        assert!(shared.match_nested("/nope/x").0.is_none());
        assert_eq!(
            own.generate_routes().into_iter().count(),
            shared.generate_routes().into_iter().count(),
        );
    }

    #[test]
    fn only_paths_no_area_route_can_match_are_outside_the_areas() {
        for path in ["/", "/blog/kenapa-rust", "/products", "/saas/x", "/login"] {
            assert!(outside_areas(path), "{path}");
        }
        for path in [
            "/dashboard",
            "/client/login",
            "/admin/posts/3",
            "/ADMIN",
            "/Dashboard/orders",
            "/blog/admin-tips",
            "/%61dmin",
        ] {
            assert!(!outside_areas(path), "{path}");
        }
    }
}
