use crate::{
    components::layout::SiteLayout,
    pages::{home::HomePage, not_found::NotFound},
};
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=|| view! { <SiteLayout><NotFound/></SiteLayout> }>
                <ParentRoute path=path!("") view=|| view! { <SiteLayout><leptos_router::components::Outlet/></SiteLayout> }>
                    <Route path=path!("") view=HomePage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
