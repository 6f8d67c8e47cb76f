//! Parts of public pages drawn to HTML once and then copied.
//!
//! Drawing a view (an owner per component, erased views, attribute by
//! attribute) was most of an uncached public page's cost, while what most of
//! these views show changes only with the content (bench/README.md). A part
//! that depends on nothing but data kept per content generation
//! (`Database::kept_for_pages`) is drawn once per generation (and address)
//! and kept beside that data, with the page's head if it has one: a later
//! render finds it without reading the data nor waiting for it (no
//! `Suspense`), and copies the HTML. Only the server draws this way: in the
//! browser a view is always built.
use crate::components::page_meta::PageHead;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use std::sync::Arc;

/// Where one part is kept once drawn: under the content generation read
/// before its data were read, the place in the code that draws it and, for
/// a part of one page, the page's address.
#[derive(Clone)]
pub struct Drawing {
    #[cfg(feature = "ssr")]
    kept: Option<(crate::ssr::ServerState, u64, String)>,
}

/// A drawn part: its HTML and the head of the page it is, if it is one.
#[cfg(feature = "ssr")]
#[derive(Clone)]
struct Drawn {
    head: Option<PageHead>,
    html: Arc<str>,
}

#[cfg(feature = "ssr")]
impl Drawn {
    fn into_view(self) -> AnyView {
        let html = leptos::tachys::html::InertElement::new(self.html.to_string());
        match self.head {
            Some(head) => view! { {head.into_view()} {html} }.into_any(),
            None => html.into_any(),
        }
    }
}

impl Drawing {
    /// A part of the page at the request's address. Call before its data
    /// are read: what is drawn from them is kept under the generation they
    /// were read in, so a change landing in between is never masked by a
    /// drawing of the older data.
    #[track_caller]
    pub fn start() -> Self {
        Self::keyed(true)
    }

    /// A part that is the same on every page (the footer).
    #[track_caller]
    pub fn start_shared() -> Self {
        Self::keyed(false)
    }

    #[track_caller]
    fn keyed(per_address: bool) -> Self {
        #[cfg(feature = "ssr")]
        {
            let part = std::panic::Location::caller();
            let kept = crate::ssr::state().ok().and_then(|st| {
                let address = if per_address {
                    let parts = use_context::<http::request::Parts>()?;
                    parts.uri.path_and_query()?.as_str().to_owned()
                } else {
                    String::new()
                };
                let generation = st.db.content_generation();
                Some((st, generation, format!("drawn {part} {address}")))
            });
            Drawing { kept }
        }
        #[cfg(not(feature = "ssr"))]
        {
            let _ = per_address;
            Drawing {}
        }
    }

    /// The part as drawn earlier in this generation, if it was.
    pub fn kept(&self) -> Option<AnyView> {
        #[cfg(feature = "ssr")]
        if let Some((st, generation, key)) = &self.kept {
            return st
                .db
                .kept_for_pages_in::<Drawn>(*generation, key)
                .map(Drawn::into_view);
        }
        None
    }

    /// `view` (and the page's `head`), drawn at most once per generation on
    /// the server. It must depend on nothing but kept data and the address:
    /// no visitor, session, form state or clock.
    pub fn draw<V: IntoView + 'static>(
        &self,
        head: Option<PageHead>,
        view: impl FnOnce() -> V,
    ) -> AnyView {
        #[cfg(feature = "ssr")]
        if let Some((st, generation, key)) = &self.kept {
            return st
                .db
                .kept_for_pages_from(*generation, key.clone(), || Drawn {
                    head,
                    html: view().to_html().into(),
                })
                .into_view();
        }
        match head {
            Some(head) => view! { {head.into_view()} {view()} }.into_any(),
            None => view().into_any(),
        }
    }
}
