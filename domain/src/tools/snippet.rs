//! SEO snippet and Open Graph check on text the person pastes: how long
//! the title and description are, in characters and in approximate pixels,
//! where Google would cut them, and the meta tags to paste. Nothing is
//! fetched: a URL given is only shown as Google shows it (no request to
//! any address a visitor names, so no server-side request forgery).
use crate::forms::FieldErrors;
use serde::Serialize;

/// Google shows about 600 px of a title (Arial 20 px) and about 920 px of
/// a description (Arial 14 px, two lines) on desktop; both approximate.
pub const TITLE_MAX_PX: u32 = 600;
pub const DESCRIPTION_MAX_PX: u32 = 920;
const TITLE_FONT_PX: u32 = 20;
const DESCRIPTION_FONT_PX: u32 = 14;
const MAX_INPUT_CHARS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measured {
    pub text: String,
    pub chars: usize,
    /// Approximate width as Google draws it.
    pub px: u32,
    pub max_px: u32,
    /// The text as shown: cut at a word with "..." when too wide.
    pub shown: String,
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnippetReport {
    pub title: Measured,
    pub description: Measured,
    /// `tokoku.id › produk › kue` as above the title; None without URL.
    pub breadcrumb: Option<String>,
    pub warnings: Vec<String>,
    /// `<title>`, description, Open Graph and Twitter tags, ready to paste.
    pub meta_tags: String,
}

/// Checks `title`, `description` and an optional page `url` (not fetched).
pub fn check(title: &str, description: &str, url: &str) -> Result<SnippetReport, FieldErrors> {
    let mut errors = FieldErrors::default();
    let (title, description, url) = (title.trim(), description.trim(), url.trim());
    if title.is_empty() {
        errors.add("judul", "Judul wajib diisi.");
    }
    for (field, v) in [("judul", title), ("deskripsi", description), ("url", url)] {
        if v.chars().count() > MAX_INPUT_CHARS {
            errors.add(field, format!("Paling panjang {MAX_INPUT_CHARS} karakter."));
        }
    }
    let page = if url.is_empty() {
        None
    } else {
        match url::Url::parse(url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Some(u),
            _ => {
                errors.add(
                    "url",
                    "Alamat halaman tidak valid. Contoh: https://tokoku.id/produk",
                );
                None
            }
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let title_m = measure(title, TITLE_FONT_PX, TITLE_MAX_PX);
    let desc_m = measure(description, DESCRIPTION_FONT_PX, DESCRIPTION_MAX_PX);
    let mut warnings = Vec::new();
    if title_m.chars < 30 {
        warnings.push(
            "Judul pendek (di bawah 30 karakter): tambahkan kata kunci utama atau nama merek."
                .to_owned(),
        );
    }
    if title_m.truncated {
        warnings.push(format!(
            "Judul sekitar {} px, lebih lebar dari ±{TITLE_MAX_PX} px: Google akan memotongnya.",
            title_m.px
        ));
    }
    if description.is_empty() {
        warnings.push(
            "Deskripsi kosong: Google akan memilih cuplikan sendiri dari isi halaman.".to_owned(),
        );
    } else if desc_m.chars < 70 {
        warnings.push(
            "Deskripsi pendek (di bawah 70 karakter): jelaskan manfaat dan ajakan bertindak."
                .to_owned(),
        );
    }
    if desc_m.truncated {
        warnings.push(format!(
            "Deskripsi sekitar {} px, lebih lebar dari ±{DESCRIPTION_MAX_PX} px: Google akan memotongnya.",
            desc_m.px
        ));
    }
    if !description.is_empty() && title.eq_ignore_ascii_case(description) {
        warnings
            .push("Judul dan deskripsi sama: deskripsi sebaiknya menambah informasi.".to_owned());
    }
    let breadcrumb = page.as_ref().map(breadcrumb_of);
    let meta_tags = meta_tags(title, description, page.as_ref().map(url::Url::as_str));
    Ok(SnippetReport {
        title: title_m,
        description: desc_m,
        breadcrumb,
        warnings,
        meta_tags,
    })
}

/// Arial's advance widths (units per 1000 em) for printable ASCII; other
/// characters count as a typical letter, or a full em for wide scripts.
fn advance(c: char) -> u32 {
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278,
        278, // ' '..'/'
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
        278, 278, 584, 584, 584, 556, 1015, // ':'..'@'
        667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
        667, 611, 722, 667, 944, 667, 667, 611, // A-Z
        278, 278, 278, 469, 556, 333, // '['..'`'
        556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
        500, 278, 556, 500, 722, 500, 500, 500, // a-z
        334, 260, 334, 584, // '{'..'~'
    ];
    match c as u32 {
        32..=126 => u32::from(ASCII[(c as u32 - 32) as usize]),
        // Dashes, quotes, "›" and the like.
        0x2000..=0x206F => 556,
        // CJK, emoji and the like are about a full em wide.
        0x1100..=u32::MAX if !c.is_alphabetic() || c as u32 >= 0x2E80 => 1000,
        _ => 556,
    }
}

fn width_px(text: &str, font_px: u32) -> u32 {
    let units: u32 = text.chars().map(advance).sum();
    (units * font_px).div_ceil(1000)
}

fn measure(text: &str, font_px: u32, max_px: u32) -> Measured {
    let px = width_px(text, font_px);
    let truncated = px > max_px;
    let shown = if truncated {
        cut(text, font_px, max_px)
    } else {
        text.to_owned()
    };
    Measured {
        text: text.to_owned(),
        chars: text.chars().count(),
        px,
        max_px,
        shown,
        truncated,
    }
}

/// The longest start of `text` that fits with "...", cut after a whole
/// word when there is one, as Google does.
fn cut(text: &str, font_px: u32, max_px: u32) -> String {
    let budget = max_px.saturating_sub(width_px("...", font_px));
    let mut fit = 0;
    for (i, c) in text.char_indices() {
        if width_px(&text[..i + c.len_utf8()], font_px) > budget {
            break;
        }
        fit = i + c.len_utf8();
    }
    let head = &text[..fit];
    let head = match head.rfind(' ') {
        Some(space) if space > 0 && !text[fit..].starts_with(' ') => &head[..space],
        _ => head,
    };
    format!("{}...", head.trim_end())
}

fn breadcrumb_of(u: &url::Url) -> String {
    let host = u.host_str().unwrap_or_default().trim_start_matches("www.");
    let mut parts = vec![host.to_owned()];
    parts.extend(
        u.path_segments()
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            }),
    );
    parts.join(" › ")
}

fn meta_tags(title: &str, description: &str, url: Option<&str>) -> String {
    let (t, d) = (escape(title), escape(description));
    let mut tags = vec![format!("<title>{t}</title>")];
    if !description.is_empty() {
        tags.push(format!(r#"<meta name="description" content="{d}">"#));
    }
    tags.push(format!(r#"<meta property="og:title" content="{t}">"#));
    if !description.is_empty() {
        tags.push(format!(r#"<meta property="og:description" content="{d}">"#));
    }
    tags.push(r#"<meta property="og:type" content="website">"#.to_owned());
    if let Some(u) = url {
        tags.push(format!(
            r#"<meta property="og:url" content="{}">"#,
            escape(u)
        ));
        tags.push(format!(r#"<link rel="canonical" href="{}">"#, escape(u)));
    }
    tags.push(r#"<meta name="twitter:card" content="summary_large_image">"#.to_owned());
    tags.join("\n")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_arial() {
        // "Tiranyx": T 611 + i 222 + r 333 + a 556 + n 556 + y 500 + x 500 = 3278
        // units → 65.56 px at 20 px.
        assert_eq!(width_px("Tiranyx", 20), 66);
        assert!(width_px("iiiiiiiiii", 20) < width_px("WWWWWWWWWW", 20) / 3);
        assert_eq!(width_px("漢", 10), 10);
    }

    #[test]
    fn a_long_title_is_cut_at_a_word_like_google() {
        let title = "Jasa Pembuatan Website Profesional untuk UMKM di Jakarta, Bandung, Surabaya dan Seluruh Indonesia | Tiranyx";
        let r = check(
            title,
            "Website cepat dan rapi.",
            "https://www.tiranyx.id/layanan/website",
        )
        .unwrap();
        assert!(r.title.truncated && r.title.px > TITLE_MAX_PX);
        assert!(r.title.shown.ends_with("...") && !r.title.shown.ends_with(" ..."));
        let head = r.title.shown.trim_end_matches("...");
        assert!(
            title.starts_with(head) && title[head.len()..].starts_with(' '),
            "{head}"
        );
        assert!(width_px(&r.title.shown, 20) <= TITLE_MAX_PX);
        assert_eq!(
            r.breadcrumb.as_deref(),
            Some("tiranyx.id › layanan › website")
        );
        assert!(r.warnings.iter().any(|w| w.contains("Deskripsi pendek")));
        assert!(r.warnings.iter().any(|w| w.contains("Judul sekitar")));
    }

    #[test]
    fn a_fitting_snippet_has_no_warnings_and_escaped_tags() {
        let r = check(
            "Kue Kering Lebaran \"Nastar\" & Kastengel | Dapur Ibu",
            "Nastar dan kastengel homemade tanpa pengawet, dikirim ke seluruh Jabodetabek. Pesan sebelum 20 Maret untuk diskon 10%.",
            "",
        )
        .unwrap();
        assert!(!r.title.truncated && !r.description.truncated, "{r:?}");
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
        assert!(r.meta_tags.contains("&quot;Nastar&quot; &amp; Kastengel"));
        assert!(!r.meta_tags.contains("og:url"));
        assert_eq!(r.breadcrumb, None);
    }

    #[test]
    fn bad_input_is_named_by_field() {
        let e = check(" ", "", "file:///etc/passwd").unwrap_err();
        assert!(e.0.contains_key("judul") && e.0.contains_key("url"));
        assert!(check("Judul", &"x".repeat(1001), "").is_err());
    }
}
