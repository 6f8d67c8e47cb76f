//! What Leptos writes into a page for a hydration, cut out of the pages
//! that never hydrate (see `shell::needs_hydration`): the `<!>` position
//! markers (an HTML parse error, "bogus comment"), the placeholders of views
//! that draw nothing (`<!--<() />-->`, one per meta tag a page registers)
//! and the empty inline bootstrap scripts. The server cuts them out of each
//! such page; a drawn part (`components::drawn`) is cut once, when drawn,
//! so that a page made mostly of drawn parts has few left to find.
use memchr::memmem;
use std::{ops::Range, sync::LazyLock};

/// Leptos' position marker, an HTML parse error ("bogus comment"), and its
/// placeholder for a view that draws nothing. Both are found from their `!`,
/// a rare byte in a page (`<` is in every tag).
const MARKS: [&[u8]; 2] = [b"<!>", b"<!--<() />-->"];

const EMPTY_BOOTSTRAP_SCRIPTS: [&[u8]; 2] = [
    b"__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script>",
    b"__INCOMPLETE_CHUNKS=[];</script>",
];

/// Every bootstrap script above ends so; one search finds them all.
const BOOTSTRAP_SCRIPT_END: &[u8] = b"=[];</script>";

/// The searchers, built once: building them per page was a fifth of
/// [`clean`]'s cost.
static SCRIPT_ENDS: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new(BOOTSTRAP_SCRIPT_END));
static SCRIPT_STARTS: LazyLock<memmem::FinderRev<'static>> =
    LazyLock::new(|| memmem::FinderRev::new(b"<script"));

/// The page less its markers and empty bootstrap scripts, in one pass over
/// it per kind of cut (SIMD searches; `str::replace` and repeated `find`s
/// walked each page five times: 2 % of an uncached render). Every cut is
/// ASCII, so the page needs no UTF-8 check: whatever it is, the rest of it
/// is kept byte for byte.
pub fn clean(page: &[u8]) -> Vec<u8> {
    let mut cuts: Vec<Range<usize>> = memchr::memchr_iter(b'!', page)
        .filter_map(|bang| {
            let at = bang.checked_sub(1)?;
            let mark = MARKS.iter().find(|mark| page[at..].starts_with(mark))?;
            Some(at..at + mark.len())
        })
        .collect();
    for at in SCRIPT_ENDS.find_iter(page) {
        let end = at + BOOTSTRAP_SCRIPT_END.len();
        let is_empty_bootstrap = EMPTY_BOOTSTRAP_SCRIPTS
            .iter()
            .any(|script| page[..end].ends_with(script));
        if let Some(start) = SCRIPT_STARTS
            .rfind(&page[..end])
            .filter(|_| is_empty_bootstrap)
        {
            cuts.push(start..end);
        }
    }
    cuts.sort_unstable_by_key(|cut| cut.start);
    let mut out = Vec::with_capacity(page.len());
    let mut at = 0;
    for cut in cuts {
        if cut.start >= at {
            out.extend_from_slice(&page[at..cut.start]);
        }
        at = at.max(cut.end);
    }
    out.extend_from_slice(&page[at..]);
    out
}

/// [`clean`] for HTML as a string (the cuts are ASCII: what is left is as
/// valid UTF-8 as the page was).
pub fn clean_str(html: &str) -> String {
    String::from_utf8(clean(html.as_bytes())).unwrap_or_else(|_| html.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{clean, clean_str};

    #[test]
    fn removes_markers_and_empty_bootstrap_scripts_only() {
        let html = concat!(
            "<head><!--HEAD--></head><body><p>a<!>b<!--<() />--></p><!-- x -->",
            r#"<script nonce="x">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];</script>"#,
            r#"<script nonce="x">__INCOMPLETE_CHUNKS=[];</script>"#,
            r#"<script type="application/ld+json">{"a":1}</script></body>"#
        );
        assert_eq!(
            clean_str(html),
            r#"<head><!--HEAD--></head><body><p>ab</p><!-- x --><script type="application/ld+json">{"a":1}</script></body>"#
        );
    }

    #[test]
    fn removes_every_occurrence_and_leaves_a_clean_page_as_it_is() {
        let script = r#"<script nonce="n">__INCOMPLETE_CHUNKS=[];</script>"#;
        let html = format!("<p><!>é<!></p>{script}<p>x</p>{script}");
        assert_eq!(clean_str(&html), "<p>é</p><p>x</p>");
        let plain =
            "<!DOCTYPE html><p>tanpa <b>penanda</b>! — 100%!</p><!----><script>x()</script>";
        assert_eq!(clean_str(plain), plain);
        assert_eq!(
            clean(b"!\xff<!>\xfe<!"),
            b"!\xff\xfe<!",
            "bytes kept as they are"
        );
    }
}
