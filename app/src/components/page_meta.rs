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
    let canonical = canonical_url(&path);
    let full_title = full_title(title);
    // `leptos_meta` writes the title as it is: the server escapes it first,
    // as the shell's drawn head does (`PageHead::to_html`).
    #[cfg(feature = "ssr")]
    let title_text = full_title.as_str().to_html();
    #[cfg(not(feature = "ssr"))]
    let title_text = full_title.clone();
    view! {
        <Title text=title_text/>
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

fn canonical_url(path: &str) -> String {
    format!("{}{}", site_origin(), path)
}

fn full_title(title: String) -> String {
    if title.contains("Tiranyx") {
        title
    } else {
        format!("{title} — Tiranyx")
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

    /// The tags [`PageMeta`] registers, as the HTML `leptos_meta` writes for
    /// them (in its order: the `<title>` last), for a drawn page's head that
    /// the shell writes itself (`components::drawn`).
    #[cfg(feature = "ssr")]
    pub fn to_html(&self) -> String {
        use leptos::html::{link, meta, title};
        let canonical = canonical_url(&self.path);
        let full_title = full_title(self.title.clone());
        let og = |property: &'static str, content: String| {
            meta().attr("property", property).attr("content", content)
        };
        (
            meta().name("description").content(self.description.clone()),
            link().href(canonical.clone()).rel("canonical"),
            og("og:title", full_title.clone()),
            og("og:description", self.description.clone()),
            og("og:url", canonical),
            og("og:type", self.og_type.to_owned()),
            og("og:site_name", "Tiranyx".to_owned()),
            og("og:locale", "id_ID".to_owned()),
            meta().name("twitter:card").content("summary"),
            title().child(full_title),
        )
            .to_html()
    }
}
