//! The provider's answer made safe and fit for its field. Nothing here
//! trusts the answer: markdown loses every raw HTML block and tag (the
//! same rule the public renderer's sanitizer enforces, applied before the
//! admin ever sees it), one-line answers lose tags and markup, and each
//! is cut to what its field and search engines show.
use crate::{markdown, tags};
use serde::{Deserialize, Serialize};

/// Google shows about 60 characters of a title and 155–160 of a
/// description (README, *Tools*: the snippet checker measures pixels).
pub const SEO_TITLE_MAX: usize = 60;
pub const SEO_DESCRIPTION_MIN: usize = 120;
pub const SEO_DESCRIPTION_MAX: usize = 155;
/// Screen readers read alt text whole; keep it a sentence.
pub const ALT_TEXT_MAX: usize = 125;
pub const TAGS_MAX: usize = 5;

/// A result for the admin to review; nothing is saved until they save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Suggestion {
    /// Markdown for the body (outline, draft, rewrite, shortened).
    Markdown(String),
    Seo {
        title: String,
        description: String,
    },
    Tags(Vec<String>),
    AltText(String),
    /// The URL of a stored cover image (`/uploads/media/…`).
    Cover(String),
}

/// Markdown with raw HTML removed (see [`markdown::strip_raw_html`]).
pub fn markdown_of(answer: &str) -> String {
    markdown::strip_raw_html(strip_fence(answer))
        .trim()
        .to_owned()
}

/// Some models wrap the whole answer in a ```markdown fence.
fn strip_fence(s: &str) -> &str {
    let t = s.trim();
    let Some(rest) = t.strip_prefix("```") else {
        return t;
    };
    let body = rest.split_once('\n').map_or("", |(_, b)| b);
    body.trim_end().strip_suffix("```").unwrap_or(body)
}

/// One line of plain text: tags and markdown marks dropped, whitespace
/// collapsed, surrounding quotes removed.
pub fn plain_line(s: &str) -> String {
    let html = markdown::render(s);
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    line.trim_matches(|c: char| matches!(c, '"' | '\'' | '«' | '»' | '“' | '”'))
        .trim()
        .to_owned()
}

/// At most `max` characters, cut after a whole word (with "…" when cut).
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let head: String = s.chars().take(max.saturating_sub(1)).collect();
    let head = match head.rfind(' ') {
        Some(i) if i > max / 2 => &head[..i],
        _ => head.as_str(),
    };
    format!("{}…", head.trim_end_matches([' ', ',', '.', ';', ':']))
}

/// `JUDUL: …` and `DESKRIPSI: …` lines (or, failing those, the first two
/// lines), cut to what a result page shows.
pub fn seo_of(answer: &str) -> Suggestion {
    let lines: Vec<&str> = answer
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let labelled = |label: &str| {
        lines.iter().find_map(|l| {
            let (head, rest) = l.split_once(':')?;
            let head = head.trim_matches(|c: char| !c.is_alphabetic());
            // "**JUDUL:** …": the bold's closing marks follow the colon.
            let rest = rest.trim().trim_start_matches(['*', '_']).trim();
            head.eq_ignore_ascii_case(label).then(|| rest.to_owned())
        })
    };
    let title = labelled("judul").or_else(|| lines.first().map(|l| l.to_string()));
    let description = labelled("deskripsi").or_else(|| lines.get(1).map(|l| l.to_string()));
    Suggestion::Seo {
        title: cut(&plain_line(&title.unwrap_or_default()), SEO_TITLE_MAX),
        description: cut(
            &plain_line(&description.unwrap_or_default()),
            SEO_DESCRIPTION_MAX,
        ),
    }
}

/// The answer's tags in their normal form; only tags from `existing`
/// when there are any (the site's tag list stays the site's).
pub fn tags_of(answer: &str, existing: &[String]) -> Suggestion {
    let picked = tags::list(&plain_line(&answer.replace('\n', ",")))
        .into_iter()
        .map(|t| t.trim_matches(|c: char| c == '#' || c == '.').to_owned())
        .filter(|t| !t.is_empty() && t.chars().count() <= 40)
        .filter(|t| existing.is_empty() || existing.contains(t))
        .take(TAGS_MAX)
        .collect();
    Suggestion::Tags(picked)
}

pub fn alt_text_of(answer: &str) -> Suggestion {
    let first = answer
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    Suggestion::AltText(cut(&plain_line(first), ALT_TEXT_MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seo_lines_are_read_and_cut() {
        let long = "kata ".repeat(60);
        let s = seo_of(&format!("**JUDUL:** Jasa Website UMKM\nDESKRIPSI: {long}"));
        let Suggestion::Seo { title, description } = s else {
            panic!()
        };
        assert_eq!(title, "Jasa Website UMKM");
        assert!(description.chars().count() <= SEO_DESCRIPTION_MAX);
        assert!(description.ends_with('…'));
    }

    #[test]
    fn tags_come_only_from_the_list() {
        let existing = vec!["seo".to_owned(), "umkm".to_owned()];
        assert_eq!(
            tags_of("SEO, UMKM, kripto", &existing),
            Suggestion::Tags(vec!["seo".into(), "umkm".into()])
        );
        assert_eq!(
            tags_of("#Baru, lain", &[]),
            Suggestion::Tags(vec!["baru".into(), "lain".into()])
        );
    }

    #[test]
    fn plain_lines_lose_markup_and_scripts() {
        assert_eq!(
            plain_line("\"Kopi <b>susu</b> <script>alert(1)</script>\""),
            "Kopi susu"
        );
        assert_eq!(
            alt_text_of("Seorang barista menuang kopi.\nbaris kedua"),
            Suggestion::AltText("Seorang barista menuang kopi.".into())
        );
    }

    #[test]
    fn a_fenced_answer_is_unwrapped() {
        assert_eq!(
            markdown_of("```markdown\n## Judul\n\nIsi.\n```"),
            "## Judul\n\nIsi."
        );
    }
}
