use leptos::prelude::*;

/// Markdown already rendered and sanitized on the server
/// (`domain::markdown::render`), styled by the typography plugin's `prose`
/// classes compiled into the stylesheet.
#[component]
pub fn MarkdownBody(html: String) -> impl IntoView {
    view! { <div class="markdown-dark prose prose-lg max-w-none" inner_html=html></div> }
}
