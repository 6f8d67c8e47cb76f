//! Parts of public pages drawn to HTML once and then copied.
//!
//! Drawing a view (an owner per component, erased views, attribute by
//! attribute) was most of an uncached public page's cost, while what most of
//! these views show changes only with the content (bench/README.md). A part
//! that depends on nothing but data kept per content generation
//! (`Database::kept_for_pages`) is drawn once per generation and address and
//! kept beside that data; every other request copies the HTML. Only the
//! server draws this way: in the browser a view is always built.
use leptos::prelude::*;

/// Where one part of a page is kept once drawn: under the content generation
/// read before the page read its data, the page's address and the place in
/// the code that draws the part.
#[derive(Clone)]
pub struct Drawing {
    #[cfg(feature = "ssr")]
    kept: Option<(crate::ssr::ServerState, u64, String)>,
}

impl Drawing {
    /// Call before the page's data are read: what is drawn from them is
    /// kept under the generation they were read in, so a change landing in
    /// between is never masked by a drawing of the older data.
    #[track_caller]
    pub fn start() -> Self {
        #[cfg(feature = "ssr")]
        {
            let part = std::panic::Location::caller();
            let kept = crate::ssr::state().ok().and_then(|st| {
                let parts = use_context::<http::request::Parts>()?;
                let address = parts.uri.path_and_query()?.as_str();
                let generation = st.db.content_generation();
                Some((st, generation, format!("drawn {part} {address}")))
            });
            Drawing { kept }
        }
        #[cfg(not(feature = "ssr"))]
        Drawing {}
    }

    /// `view`, drawn at most once per generation and address on the server.
    /// It must depend on nothing but the page's kept data and its address:
    /// no visitor, session, form state or clock.
    pub fn draw<V: IntoView + 'static>(&self, view: impl FnOnce() -> V) -> AnyView {
        #[cfg(feature = "ssr")]
        if let Some((st, generation, key)) = &self.kept {
            let html: std::sync::Arc<str> =
                st.db
                    .kept_for_pages_from(*generation, key.clone(), || view().to_html().into());
            return leptos::tachys::html::InertElement::new(html.to_string()).into_any();
        }
        view().into_any()
    }
}
