//! Building blocks shared by the public pages.
use crate::resource::resource;
use crate::{
    components::{drawn::Drawing, error_panel::ErrorPanel, page_meta::PageHead},
    error::AppError,
};
use futures::future::{BoxFuture, FutureExt, Shared};
use leptos::prelude::*;
use std::future::Future;

/// Loads a page's data on the server and renders it, or the error inside the
/// layout with the error's status code (404 for an unknown slug).
///
/// The load starts once, when the page is built: public pages render on the
/// server only (they never hydrate, see `shell::needs_hydration`), so their
/// parameters cannot change under them.
pub fn load_page<T, Fut, V>(
    load: impl FnOnce() -> Fut,
    render: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView
where
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let data = load_once(untrack(load));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let data = data.clone();
                let render = render.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => render(value).into_any(),
                        Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// [`load_page`] for a page whose visible part depends on nothing but its
/// data (kept per content generation) and its address: `head` (its meta
/// tags) and `body` are drawn once per generation and address on the
/// server; later renders register the kept head in their own `<head>` and
/// copy the HTML, without reading the data (see [`Drawing`]).
#[track_caller]
pub fn load_drawn_page<T, Fut, V>(
    load: impl FnOnce() -> Fut,
    head: impl Fn(&T) -> PageHead + Send + Sync + Clone + 'static,
    body: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> AnyView
where
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    drawn(load, move |value: &T| Some(head(value)), body)
}

/// [`load_drawn_page`] for a page whose only part that depends on the
/// visitor is whether they are signed in (a product's buy box): drawn for a
/// guest (no member cookie), whose page is the same for every guest, and
/// built per request for anyone else.
#[track_caller]
pub fn load_page_drawn_for_guests<T, Fut, V>(
    load: impl FnOnce() -> Fut,
    head: impl Fn(&T) -> PageHead + Send + Sync + Clone + 'static,
    body: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> AnyView
where
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    if visitor_is_guest() {
        return load_drawn_page(load, head, body);
    }
    load_page(load, move |value: T| {
        view! { {head(&value).into_view()} {body(value)} }
    })
    .into_any()
}

fn visitor_is_guest() -> bool {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::session::is_guest()
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// [`load_drawn_page`] for a part of a page that has no meta tags of its own.
#[track_caller]
pub fn load_drawn<T, Fut, V>(
    load: impl FnOnce() -> Fut,
    body: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> AnyView
where
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    drawn(load, |_: &T| None, body)
}

#[track_caller]
fn drawn<T, Fut, V>(
    load: impl FnOnce() -> Fut,
    head: impl Fn(&T) -> Option<PageHead> + Send + Sync + Clone + 'static,
    body: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> AnyView
where
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let drawing = Drawing::start();
    if let Some(drawn) = drawing.kept() {
        return drawn;
    }
    load_page(load, move |value: T| {
        let body = body.clone();
        drawing.draw(head(&value), move || body(value))
    })
    .into_any()
}

/// A load started once, which every walk of the `Suspense` around it awaits.
///
/// On the server a `Suspense` runs its children's closure more than once (a
/// dry walk registers the loads, the render awaits them). A closure that
/// started its load itself queried the database on every walk and dropped
/// all but the last query in flight, and sqlx closes a connection whose query
/// was dropped: every page render opened a new SQLite connection and thread.
pub fn load_once<T, Fut>(load: Fut) -> Shared<BoxFuture<'static, T>>
where
    Fut: Future<Output = T> + Send + 'static,
    T: Clone + Send + Sync + 'static,
{
    load.boxed().shared()
}

/// [`load_page`] for the hydrated areas (dashboard, client portal, admin):
/// the data is a `Resource` keyed on `key` (a route or query parameter), so
/// the server's result travels with the page and hydration finds the very
/// view the server rendered. A bare future would be fetched again by the
/// browser and break hydration. Public pages keep [`load_page`]: they ship
/// no script, so no serialized data either.
pub fn load_hydrated<K, T, Fut, V>(
    key: impl Fn() -> K + Send + Sync + 'static,
    fetch: impl Fn(K) -> Fut + Send + Sync + 'static,
    render: impl Fn(T) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView
where
    K: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    T: Clone + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let data = resource(key, fetch);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => render(value).into_any(),
                        Err(error) => view! { <ErrorPanel error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The heading block at the top of each page.
#[component]
pub fn PageHeader(
    #[prop(into)] eyebrow: String,
    #[prop(into)] title: String,
    #[prop(into, optional)] lead: Option<String>,
) -> impl IntoView {
    view! {
        <header class="mx-auto max-w-6xl px-4 pb-8 pt-14 md:pt-20">
            <p class="eyebrow">{eyebrow}</p>
            <h1 class="mt-3 max-w-3xl text-4xl font-extrabold leading-tight text-white md:text-5xl">{title}</h1>
            {lead.map(|l| view! { <p class="mt-5 max-w-2xl text-lg text-slate-300">{l}</p> })}
        </header>
    }
}

/// JSON-LD built on the server; a data block, not executed, so the CSP
/// leaves it alone.
#[component]
pub fn JsonLd(json: String) -> impl IntoView {
    view! { <script type="application/ld+json" inner_html=json></script> }
}

/// Reads a route parameter reactively (client-side navigation changes it).
pub fn route_param(name: &'static str) -> impl Fn() -> String + Send + Sync + Clone + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.read().get(name).unwrap_or_default()
}

/// Reads a query parameter reactively.
pub fn query_param(
    name: &'static str,
) -> impl Fn() -> Option<String> + Send + Sync + Clone + 'static {
    let query = leptos_router::hooks::use_query_map();
    move || query.read().get(name).filter(|v| !v.is_empty())
}
