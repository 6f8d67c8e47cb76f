//! Pure helpers of the "Bantu tulis" panel: which fields of a content kind
//! the assistant reads and fills, the selection in the body (the browser
//! counts it in UTF-16 units), and the streamed draft's end mark.
use crate::api::admin::ai::STREAM_END;

/// Where the assistant reads and writes, per content kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindFields {
    /// What is written, for the prompts.
    pub label: &'static str,
    pub title: &'static str,
    pub body: &'static str,
    pub cover: &'static str,
    pub tags: Option<&'static str>,
    pub seo: Option<(&'static str, &'static str)>,
}

/// The kinds with the assistant: posts, case studies, product descriptions.
pub fn fields_of(kind: &str) -> Option<KindFields> {
    let base = KindFields {
        label: "artikel",
        title: "title",
        body: "body_md",
        cover: "cover_url",
        tags: None,
        seo: None,
    };
    match kind {
        "posts" => Some(KindFields {
            tags: Some("tags"),
            seo: Some(("seo_title", "seo_description")),
            ..base
        }),
        "case-studies" => Some(KindFields {
            label: "studi kasus",
            ..base
        }),
        "products" => Some(KindFields {
            label: "deskripsi produk",
            title: "name",
            body: "description_md",
            ..base
        }),
        _ => None,
    }
}

fn utf16_slice(s: &str, start: usize, end: usize) -> (String, String, String) {
    let units: Vec<u16> = s.encode_utf16().collect();
    let end = end.min(units.len());
    let start = start.min(end);
    (
        String::from_utf16_lossy(&units[..start]),
        String::from_utf16_lossy(&units[start..end]),
        String::from_utf16_lossy(&units[end..]),
    )
}

/// The text between `start` and `end` (UTF-16 offsets, as the browser
/// gives them).
pub fn selected(body: &str, (start, end): (usize, usize)) -> String {
    utf16_slice(body, start, end).1
}

/// `body` with the selection replaced by `with`.
pub fn replace_selection(body: &str, (start, end): (usize, usize), with: &str) -> String {
    let (before, _, after) = utf16_slice(body, start, end);
    format!("{before}{with}{after}")
}

/// `body` with `with` after the selection, as its own paragraph.
pub fn insert_after(body: &str, (start, end): (usize, usize), with: &str) -> String {
    let (before, sel, after) = utf16_slice(body, start, end);
    format!(
        "{before}{sel}\n\n{with}\n\n{}",
        after.trim_start_matches('\n')
    )
}

/// `body` with `with` as its last paragraph.
pub fn append(body: &str, with: &str) -> String {
    let body = body.trim_end();
    if body.is_empty() {
        with.to_owned()
    } else {
        format!("{body}\n\n{with}")
    }
}

/// The suggested tags added to the field's, without repeats.
pub fn merge_tags(current: &str, add: &[String]) -> String {
    let mut all: Vec<String> = current
        .split(',')
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    for t in add {
        if !all.iter().any(|a| a.eq_ignore_ascii_case(t)) {
            all.push(t.clone());
        }
    }
    all.join(", ")
}

/// How a streamed draft ended: the text before the end mark so far, and,
/// once the mark came, `Ok(markdown)` or `Err(message)`.
pub fn stream_state(received: &str) -> (&str, Option<Result<String, String>>) {
    let Some((text, tail)) = received.split_once(STREAM_END) else {
        return (received, None);
    };
    let end = match tail.split_once(STREAM_END) {
        Some(("ok", markdown)) => Some(Ok(markdown.to_owned())),
        Some((_, message)) => Some(Err(message.to_owned())),
        None => None,
    };
    (text, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_count_utf16_units() {
        let body = "Kopi ☕ enak sekali";
        // "enak" starts after "Kopi ☕ " (7 UTF-16 units).
        assert_eq!(selected(body, (7, 11)), "enak");
        assert_eq!(
            replace_selection(body, (7, 11), "nikmat"),
            "Kopi ☕ nikmat sekali"
        );
        assert_eq!(insert_after("a\n\nb", (0, 1), "X"), "a\n\nX\n\nb");
        assert_eq!(selected("abc", (2, 99)), "c");
    }

    #[test]
    fn posts_case_studies_and_products_have_the_assistant() {
        assert_eq!(
            fields_of("posts").map(|f| (f.tags, f.seo.is_some())),
            Some((Some("tags"), true))
        );
        assert_eq!(
            fields_of("case-studies").map(|f| (f.body, f.seo)),
            Some(("body_md", None))
        );
        let product = fields_of("products").unwrap();
        assert_eq!(
            (product.title, product.body, product.label),
            ("name", "description_md", "deskripsi produk")
        );
        assert_eq!(fields_of("services"), None);
    }

    #[test]
    fn appended_and_merged() {
        assert_eq!(append("", "## A"), "## A");
        assert_eq!(append("Isi.\n\n", "## A"), "Isi.\n\n## A");
        assert_eq!(
            merge_tags("SEO, umkm", &["seo".into(), "web".into()]),
            "SEO, umkm, web"
        );
    }

    #[test]
    fn the_stream_ends_with_its_mark() {
        assert_eq!(stream_state("## Dra"), ("## Dra", None));
        let done = format!("## Draf{STREAM_END}ok{STREAM_END}## Draf");
        assert_eq!(stream_state(&done), ("## Draf", Some(Ok("## Draf".into()))));
        let failed = format!("## Dr{STREAM_END}error{STREAM_END}Layanan AI …");
        assert_eq!(stream_state(&failed).1, Some(Err("Layanan AI …".into())));
    }
}
