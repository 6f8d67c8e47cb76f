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
//!
//! A guest's drawn page has its head written by the shell itself, from HTML
//! drawn with the page ([`head_in_shell`]): registering its tags one by one
//! with `leptos_meta` on every request cost about as much as the rest of
//! such a page's own part.
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
    kept: Option<Place>,
}

#[cfg(feature = "ssr")]
#[derive(Clone)]
struct Place {
    st: crate::ssr::ServerState,
    generation: u64,
    key: String,
    /// The page's address, for a part of one page.
    address: Option<String>,
    /// Whether the request's page never hydrates: the part is then drawn
    /// without the marks a hydration would need, once, rather than having
    /// them cut out of every page it is copied into. A shared part (the
    /// footer) is kept in both ways: it is also drawn into the 404 page an
    /// area hydrates.
    unmarked: bool,
}

/// Whether the page being rendered is one that never hydrates (a public
/// page): what is drawn for it needs no hydration marks.
#[cfg(feature = "ssr")]
pub fn request_never_hydrates() -> bool {
    with_context::<http::request::Parts, _>(|parts| {
        !crate::shell::needs_hydration(parts.uri.path())
    })
    .unwrap_or(false)
}

/// `view` as HTML: as drawn for a page that hydrates, or without the
/// hydration marks when `unmarked` (a page that never hydrates).
#[cfg(feature = "ssr")]
pub fn html_of(view: impl IntoView, unmarked: bool) -> String {
    let html = view.to_html();
    match unmarked {
        true => crate::hydration_marks::clean_str(&html),
        false => html,
    }
}

/// What one request draws from, fixed by the shell before any data are
/// read: the content generation, read once, so that every part of the page
/// (and its head) comes from the same one; and whether the shell wrote the
/// page's drawn head, so that the page does not register it again.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
struct RequestDrawing {
    generation: u64,
    head_written: bool,
}

/// A drawn page's head, as HTML, kept under its address.
#[cfg(feature = "ssr")]
#[derive(Clone)]
struct DrawnHead(Arc<str>);

/// `drawn <file>:<line>:<column> <address>`, put together by hand: it is
/// made for every drawn part of every request, and `format!` with a
/// `Location` cost ten times as much.
#[cfg(feature = "ssr")]
fn drawing_key(part: &std::panic::Location, address: &str) -> String {
    let (line, column) = (part.line().to_string(), part.column().to_string());
    let mut key = String::with_capacity(16 + part.file().len() + address.len());
    for piece in [
        "drawn ",
        part.file(),
        ":",
        &line,
        ":",
        &column,
        " ",
        address,
    ] {
        key.push_str(piece);
    }
    key
}

#[cfg(feature = "ssr")]
fn head_key(address: &str) -> String {
    ["head ", address].concat()
}

/// The head of the page at this request's address if a guest's page there
/// was drawn in this generation, for the shell to write after `<MetaTags/>`
/// (where `leptos_meta` writes the same tags). Called by the shell, first:
/// it also fixes the request's content generation. `None` outside a request
/// (the route list, the browser) and for a member, whose pages may differ.
pub fn head_in_shell() -> Option<AnyView> {
    #[cfg(feature = "ssr")]
    {
        let st = crate::ssr::state().ok()?;
        let key = with_context::<http::request::Parts, _>(|parts| {
            parts
                .uri
                .path_and_query()
                .map(|address| head_key(address.as_str()))
        })?;
        let generation = st.db.content_generation();
        let head = key
            .filter(|_| crate::ssr::session::is_guest())
            .and_then(|key| st.db.kept_for_pages_in::<DrawnHead>(generation, &key));
        provide_context(RequestDrawing {
            generation,
            head_written: head.is_some(),
        });
        head.map(|DrawnHead(html)| {
            leptos::tachys::html::InertElement::new(html.to_string()).into_any()
        })
    }
    #[cfg(not(feature = "ssr"))]
    None
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
        let head_written = use_context::<RequestDrawing>().is_some_and(|r| r.head_written);
        match self.head {
            Some(head) if !head_written => view! { {head.into_view()} {html} }.into_any(),
            _ => html.into_any(),
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
                    let address = with_context::<http::request::Parts, _>(|parts| {
                        parts.uri.path_and_query().map(|a| a.as_str().to_owned())
                    });
                    Some(address??)
                } else {
                    None
                };
                let generation = use_context::<RequestDrawing>()
                    .map(|r| r.generation)
                    .unwrap_or_else(|| st.db.content_generation());
                let unmarked = request_never_hydrates();
                // A shared part's two drawings, with and without the marks.
                let shared = if unmarked { "unmarked" } else { "" };
                let key = drawing_key(part, address.as_deref().unwrap_or(shared));
                Some(Place {
                    st,
                    generation,
                    key,
                    address,
                    unmarked,
                })
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
        if let Some(place) = &self.kept {
            return place
                .st
                .db
                .kept_for_pages_in::<Drawn>(place.generation, &place.key)
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
        if let Some(place) = &self.kept {
            let db = &place.st.db;
            if let (Some(head), Some(address)) = (&head, &place.address) {
                db.kept_for_pages_from(place.generation, head_key(address), || {
                    DrawnHead(head.to_html().into())
                });
            }
            return db
                .kept_for_pages_from(place.generation, place.key.clone(), || Drawn {
                    head,
                    html: html_of(view(), place.unmarked).into(),
                })
                .into_view();
        }
        match head {
            Some(head) => view! { {head.into_view()} {view()} }.into_any(),
            None => view().into_any(),
        }
    }
}
