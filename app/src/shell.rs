use crate::App;
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// Where the compiled stylesheet is served; decided by the server, which
/// builds it (see `server/build.rs`) and names it by content hash.
#[derive(Clone, Debug)]
pub struct StylesheetHref(pub String);

/// The interactive areas, each hydrated by its own wasm bundle (see
/// [`crate::bundles`]). Every other page is plain server-rendered HTML with
/// no script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// `/dashboard`: members.
    Member,
    /// `/client`: the agency clients' portal.
    Client,
    /// `/admin`.
    Admin,
}

impl Area {
    pub const ALL: [Area; 3] = [Area::Member, Area::Client, Area::Admin];

    /// Its bundle's name in `hash.txt` and `pkg/` (`tiranyx-member.<hash>.wasm`).
    pub fn name(self) -> &'static str {
        match self {
            Area::Member => "member",
            Area::Client => "client",
            Area::Admin => "admin",
        }
    }
}

/// Route prefixes whose pages are interactive, and their area.
pub(crate) const HYDRATED_PREFIXES: &[(&str, Area)] = &[
    ("/dashboard", Area::Member),
    ("/client", Area::Client),
    ("/admin", Area::Admin),
];

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

/// The area whose bundle hydrates the page at `path`, if any.
pub fn area_of(path: &str) -> Option<Area> {
    if PLAIN_PAGES.contains(&path) {
        return None;
    }
    HYDRATED_PREFIXES
        .iter()
        .find(|(prefix, _)| within(path, prefix))
        .map(|(_, area)| *area)
}

pub fn needs_hydration(path: &str) -> bool {
    area_of(path).is_some()
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let css = use_context::<StylesheetHref>()
        .map(|s| s.0)
        .unwrap_or_else(|| "/assets/tiranyx.css".to_owned());
    let area = with_context::<http::request::Parts, _>(|parts| area_of(parts.uri.path())).flatten();
    let drawn_head = crate::components::drawn::head_in_shell();
    view! {
        <!DOCTYPE html>
        <html lang="id">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#070b1a"/>
                <link rel="stylesheet" href=css/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                {area.map(|area| view! {
                    <AutoReload options=options.clone()/>
                    <crate::bundles::BundleScripts options area/>
                })}
                <MetaTags/>
                {drawn_head}
            </head>
            <body class="min-h-screen bg-space text-slate-100 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[cfg(test)]
mod tests {
    use super::{area_of, needs_hydration, Area};

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

    #[test]
    fn each_area_has_its_own_bundle() {
        assert_eq!(area_of("/dashboard/orders"), Some(Area::Member));
        assert_eq!(area_of("/client/projects/3"), Some(Area::Client));
        assert_eq!(area_of("/admin/posts/new"), Some(Area::Admin));
        assert_eq!(area_of("/client/login"), None);
        assert_eq!(area_of("/products"), None);
    }
}
