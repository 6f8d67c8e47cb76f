use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// The site's public origin, e.g. `https://tiranyx.co.id`: from the server
/// configuration during SSR, from the address bar in the browser.
pub fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::state()
            .map(|s| s.config.site_origin())
            .unwrap_or_default()
    }
    #[cfg(all(not(feature = "ssr"), feature = "hydrate"))]
    {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    }
    #[cfg(all(not(feature = "ssr"), not(feature = "hydrate")))]
    {
        String::new()
    }
}

/// `<title>`, description, canonical URL and Open Graph tags for one page.
#[component]
pub fn PageMeta(
    #[prop(into)] title: String,
    #[prop(into)] description: String,
    /// Path of the canonical URL, starting with `/`.
    #[prop(into)]
    path: String,
    #[prop(default = "website")] og_type: &'static str,
) -> impl IntoView {
    let canonical = format!("{}{}", site_origin(), path);
    let full_title = if title.contains("Tiranyx") {
        title
    } else {
        format!("{title} — Tiranyx")
    };
    view! {
        <Title text=full_title.clone()/>
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=canonical.clone()/>
        <Meta property="og:title" content=full_title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=canonical/>
        <Meta property="og:type" content=og_type/>
        <Meta property="og:site_name" content="Tiranyx"/>
        <Meta property="og:locale" content="id_ID"/>
        <Meta name="twitter:card" content="summary"/>
    }
}

/// What [`PageMeta`] says of a page, as data: a drawn page keeps it with its
/// HTML (`components::drawn`), and each request registers it in its own
/// `<head>`.
#[derive(Clone, Debug, PartialEq)]
pub struct PageHead {
    pub title: String,
    pub description: String,
    /// Path of the canonical URL, starting with `/`.
    pub path: String,
    pub og_type: &'static str,
}

impl PageHead {
    pub fn new(
        title: impl Into<String>,
        description: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        PageHead {
            title: title.into(),
            description: description.into(),
            path: path.into(),
            og_type: "website",
        }
    }

    pub fn article(self) -> Self {
        PageHead {
            og_type: "article",
            ..self
        }
    }

    pub fn into_view(self) -> impl IntoView {
        let PageHead {
            title,
            description,
            path,
            og_type,
        } = self;
        view! { <PageMeta title description path og_type/> }
    }
}
