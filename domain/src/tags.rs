//! The one tag normaliser. A tag is compared, linked and filtered in its
//! normal form (trimmed, inner whitespace collapsed, lowercase), so "SEO",
//! " seo " and "Seo" are one tag with one URL everywhere.

/// The normal form of one tag; empty when nothing is left.
pub fn normalize(raw: &str) -> String {
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A comma-separated list as normal forms, empty ones and repeats dropped,
/// in the order first seen.
pub fn list(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in raw.split(',').map(normalize) {
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spelling_per_tag() {
        assert_eq!(normalize("  Search   Engine "), "search engine");
        assert_eq!(
            list("SEO, seo ,Seo,, UMKM  Digital"),
            ["seo", "umkm digital"]
        );
    }
}
