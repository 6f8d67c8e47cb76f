use crate::App;
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// Where the compiled stylesheet is served; decided by the server, which
/// builds it (see `server/build.rs`) and names it by content hash.
#[derive(Clone, Debug)]
pub struct StylesheetHref(pub String);

/// Route prefixes whose pages are interactive and therefore load the wasm
/// bundle. Every other page is plain server-rendered HTML with no script.
pub const HYDRATED_PREFIXES: &[&str] = &["/dashboard", "/client", "/admin"];

/// The login pages are plain forms inside the hydrated prefixes.
const PLAIN_PAGES: &[&str] = &["/admin/login", "/admin/login/2fa", CLIENT_LOGIN];

/// The clients' login page: the member login, styled for clients; the
/// `/client` guard lets everyone reach it.
pub const CLIENT_LOGIN: &str = "/client/login";

/// Whether `path` is `prefix` itself or a page below it (`/admin` and
/// `/admin/posts`, not `/administrasi`). Allocates nothing: it runs on
/// every request.
pub fn within(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

pub fn needs_hydration(path: &str) -> bool {
    !PLAIN_PAGES.contains(&path) && HYDRATED_PREFIXES.iter().any(|p| within(path, p))
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let css = use_context::<StylesheetHref>()
        .map(|s| s.0)
        .unwrap_or_else(|| "/assets/tiranyx.css".to_owned());
    let hydrate = use_context::<http::request::Parts>()
        .map(|parts| needs_hydration(parts.uri.path()))
        .unwrap_or(false);
    view! {
        <!DOCTYPE html>
        <html lang="id">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#070b1a"/>
                <link rel="stylesheet" href=css/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                {hydrate.then(|| view! {
                    <AutoReload options=options.clone()/>
                    <HydrationScripts options/>
                })}
                <MetaTags/>
            </head>
            <body class="min-h-screen bg-space text-slate-100 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[cfg(test)]
mod tests {
    use super::needs_hydration;

    #[test]
    fn only_interactive_areas_hydrate() {
        assert!(needs_hydration("/dashboard"));
        assert!(needs_hydration("/admin/posts"));
        assert!(!needs_hydration("/"));
        assert!(!needs_hydration("/blog/dashboard"));
        assert!(!needs_hydration("/dashboardx"));
        assert!(!needs_hydration("/admin/login"));
        assert!(!needs_hydration("/admin/login/2fa"));
        assert!(needs_hydration("/admin"));
    }
}
