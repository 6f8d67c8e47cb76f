//! Markdown → sanitized HTML for posts, case studies and product pages.
//!
//! Headings get stable ids so they can be linked; the HTML is then cleaned by
//! ammonia, which drops scripts, event handlers and `javascript:` URLs even
//! when an author (or an attacker with CMS access) writes raw HTML.
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::{collections::HashSet, sync::LazyLock};

/// Bytes of markdown and HTML [`render`] keeps: every published body of the
/// demo content several times over, a few megabytes at most.
const RENDERED_BYTES: u64 = 8 * 1024 * 1024;

/// Pages render the same bodies again and again (parsing and sanitizing
/// was 8 % of a blog post's render), so a body is rendered once and kept,
/// keyed by the markdown itself: an edited body is another key, and the
/// old one ages out. The output depends on nothing but the input.
static RENDERED: LazyLock<moka::sync::Cache<String, String>> = LazyLock::new(|| {
    moka::sync::Cache::builder()
        .weigher(|markdown: &String, html: &String| {
            u32::try_from(markdown.len() + html.len()).unwrap_or(u32::MAX)
        })
        .max_capacity(RENDERED_BYTES)
        .build()
});

/// The sanitized HTML of `markdown` (kept: see [`RENDERED`]).
pub fn render(markdown: &str) -> String {
    if let Some(html) = RENDERED.get(markdown) {
        return html;
    }
    let html = render_uncached(markdown);
    RENDERED.insert(markdown.to_owned(), html.clone());
    html
}

fn render_uncached(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let events = with_heading_ids(events)
        .into_iter()
        // Checklists render as ballot-box characters, not unlabeled,
        // disabled checkboxes (an accessibility error).
        .map(|e| match e {
            Event::TaskListMarker(done) => {
                Event::Text(CowStr::from(if done { "☑ " } else { "☐ " }))
            }
            other => other,
        })
        .collect::<Vec<_>>();
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    // Code blocks scroll sideways on phones; keyboard users must be able to
    // focus them to scroll (WCAG 2.1.1). ammonia emits bare `<pre>` tags.
    sanitize(&unsafe_html).replace("<pre>", r#"<pre tabindex="0">"#)
}

/// The markdown itself without raw HTML: every HTML block and inline tag
/// is cut out (with a `<script>`/`<style>` element's content), the rest
/// is kept byte for byte. For text from outside the admin's hands (the AI
/// assistant) before it is put into the editor; [`render`] sanitizes again
/// whatever is published.
pub fn strip_raw_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
    // An open inline <script> or <style>: cut through its closing tag.
    let mut open: Option<std::ops::Range<usize>> = None;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => cuts.push(range),
            Event::InlineHtml(tag) => {
                let tag = tag.to_ascii_lowercase();
                if let Some(start) = &open {
                    if tag.starts_with("</script") || tag.starts_with("</style") {
                        cuts.push(start.start..range.end);
                        open = None;
                    }
                } else if tag.starts_with("<script") || tag.starts_with("<style") {
                    open = Some(range);
                } else {
                    cuts.push(range);
                }
            }
            _ => {}
        }
    }
    cuts.extend(open);
    cuts.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    for r in cuts {
        if r.start > at {
            out.push_str(&markdown[at..r.start]);
        }
        at = at.max(r.end);
    }
    out.push_str(&markdown[at.min(markdown.len())..]);
    out
}

fn sanitize(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    for tag in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(tag, &["id"]);
    }
    builder
        .add_tag_attributes("code", &["class"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
}

/// Ids the page around rendered markdown already uses (the skip link's
/// target `main#konten`): a heading never takes one.
const RESERVED_IDS: &[&str] = &["konten"];

/// Gives every heading an id made from its text, unique within the document
/// and never one of [`RESERVED_IDS`].
fn with_heading_ids(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = slugify(&text);
            let base = if base.is_empty() {
                "bagian".to_owned()
            } else {
                base
            };
            let mut slug = base.clone();
            let mut n = 2;
            while !used.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(slug));
            }
        }
        i += 1;
    }
    events
}

/// Whether `s` is a slug as [`slugify`] makes them: `[a-z0-9]` words joined
/// by single hyphens, at most 200 characters. Path parameters are checked
/// with this before any URI or query is built from them.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Lowercase ASCII words joined by hyphens; used for slugs and heading ids.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_what_slugify_makes() {
        for ok in ["a", "paket-umkm", "seo-2026"] {
            assert!(is_slug(ok) && slugify(ok) == ok, "{ok}");
        }
        for bad in ["", "a b", "A", "-a", "a-", "a--b", "a%20b", "ä", "a/b"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }

    #[test]
    fn headings_never_take_the_layouts_ids() {
        let html = render("## Konten\n\ntext\n");
        assert!(html.contains(r#"<h2 id="konten-2">"#), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render("## Apa itu SEO?\n\ntext\n\n## Apa itu SEO?\n");
        assert!(html.contains(r#"<h2 id="apa-itu-seo">"#), "{html}");
        assert!(html.contains(r#"<h2 id="apa-itu-seo-2">"#), "{html}");
    }

    #[test]
    fn code_blocks_keep_their_language_class() {
        let html = render("```rust\nfn main() {}\n```");
        assert!(html.contains(r#"<code class="language-rust">"#), "{html}");
        assert!(html.contains(r#"<pre tabindex="0">"#), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[klik](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">b</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn raw_html_is_cut_from_markdown() {
        let md = "## Judul\n\n<script>alert(1)</script>\n\nTeks <b>tebal</b> dan <script>x()</script> aman.\n\n<div onclick=\"a()\">blok</div>\n\nAkhir.";
        let clean = strip_raw_html(md);
        assert!(!clean.contains('<'), "{clean}");
        assert!(
            !clean.contains("alert") && !clean.contains("x()"),
            "{clean}"
        );
        assert!(
            clean.contains("## Judul")
                && clean.contains("Teks tebal dan  aman.")
                && clean.contains("Akhir."),
            "{clean}"
        );
        assert_eq!(strip_raw_html("a < b dan **c**"), "a < b dan **c**");
    }

    #[test]
    fn task_lists_are_text_not_form_controls() {
        let html = render("- [ ] belum\n- [x] sudah");
        assert!(!html.contains("<input"), "{html}");
        assert!(
            html.contains("☐ belum") && html.contains("☑ sudah"),
            "{html}"
        );
    }

    #[test]
    fn links_are_kept_with_safe_rel() {
        let html = render("[web.dev](https://web.dev/)");
        assert!(html.contains(r#"href="https://web.dev/""#), "{html}");
        assert!(html.contains("noopener"), "{html}");
    }

    #[test]
    fn slugify_makes_url_safe_words() {
        assert_eq!(
            slugify("  Jasa Pembuatan Website & SEO!  "),
            "jasa-pembuatan-website-seo"
        );
        assert_eq!(slugify("Café"), "caf");
    }
}
