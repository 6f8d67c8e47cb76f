use crate::{
    components::layout::SiteLayout,
    pages::{home::HomePage, not_found::NotFound},
};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{Outlet, ParentRoute, Route, Router, Routes},
    path, SsrMode,
};

/// Public pages render with `SsrMode::Async`: the whole page, data included,
/// is produced before the first byte is sent, so it is complete without
/// JavaScript, search engines see everything, and a status code set while
/// loading data (404, 500) still reaches the response. They load data with
/// plain futures rather than resources, so no data is serialized into the
/// page for a hydration that never happens there.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=|| view! { <SiteLayout><NotFound/></SiteLayout> }>
                <ParentRoute path=path!("") ssr=SsrMode::Async view=|| view! { <SiteLayout><Outlet/></SiteLayout> }>
                    <Route path=path!("") ssr=SsrMode::Async view=HomePage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
