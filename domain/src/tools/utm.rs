//! UTM link builder: a campaign link whose visits Google Analytics (and
//! most analytics tools) attribute to the right source, medium and
//! campaign.
use super::whatsapp::QUERY_VALUE;
use crate::forms::FieldErrors;
use percent_encoding::utf8_percent_encode;
use serde::Serialize;

const MAX_URL_CHARS: usize = 2000;
const MAX_VALUE_CHARS: usize = 150;

/// The form's fields, in the order the parameters are written.
pub const PARAMS: [(&str, &str); 5] = [
    ("utm_source", "sumber"),
    ("utm_medium", "medium"),
    ("utm_campaign", "kampanye"),
    ("utm_term", "kata_kunci"),
    ("utm_content", "konten"),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaggedUrl {
    pub url: String,
    /// Advice that does not stop the link (capitals, spaces).
    pub warnings: Vec<String>,
}

/// What the person typed: the page and the five values (by form field).
pub struct UtmInput<'a> {
    pub url: &'a str,
    /// `(form field, value)` for `sumber`, `medium`, `kampanye`, `kata_kunci`, `konten`.
    pub values: [&'a str; 5],
}

/// `input.url` with the UTM parameters set: earlier `utm_*` parameters are
/// replaced, every other part of the link is kept as it was.
pub fn tag(input: &UtmInput<'_>) -> Result<TaggedUrl, FieldErrors> {
    let mut errors = FieldErrors::default();
    let url = parse_page(input.url).map_err(|m| errors.add("url", m));
    for (i, (_, field)) in PARAMS.iter().enumerate() {
        let v = input.values[i];
        if i < 3 && v.is_empty() {
            errors.add(
                field,
                match i {
                    0 => "Sumber wajib diisi, misalnya instagram atau newsletter.",
                    1 => "Medium wajib diisi, misalnya social, email atau cpc.",
                    _ => "Nama kampanye wajib diisi, misalnya promo-lebaran.",
                },
            );
        } else if v.chars().count() > MAX_VALUE_CHARS {
            errors.add(field, format!("Paling panjang {MAX_VALUE_CHARS} karakter."));
        }
    }
    let Ok(mut url) = url else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut query: Vec<String> = url
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| !p.to_ascii_lowercase().starts_with("utm_"))
        .map(str::to_owned)
        .collect();
    let mut warnings = Vec::new();
    for (i, (param, _)) in PARAMS.iter().enumerate() {
        let v = input.values[i];
        if v.is_empty() {
            continue;
        }
        query.push(format!("{param}={}", utf8_percent_encode(v, QUERY_VALUE)));
        if v.chars().any(char::is_uppercase) {
            warnings.push(format!(
                "{param} memakai huruf besar: Google Analytics membedakan \"{v}\" dari \"{}\". Pakai huruf kecil semua agar laporan tidak terpecah.",
                v.to_lowercase()
            ));
        }
        if v.contains(' ') {
            warnings.push(format!(
                "{param} berisi spasi (ditulis %20). Tanda hubung (-) atau garis bawah (_) lebih mudah dibaca di laporan."
            ));
        }
    }
    url.set_query(Some(&query.join("&")));
    let url = url.to_string();
    if url.chars().count() > MAX_URL_CHARS {
        let mut e = FieldErrors::default();
        e.add(
            "url",
            "Tautan jadi terlalu panjang (lebih dari 2000 karakter).",
        );
        return Err(e);
    }
    Ok(TaggedUrl { url, warnings })
}

/// An `http(s)` page; `https://` is assumed when no scheme is typed.
fn parse_page(raw: &str) -> Result<url::Url, &'static str> {
    if raw.is_empty() {
        return Err("Alamat halaman wajib diisi.");
    }
    if raw.chars().count() > MAX_URL_CHARS {
        return Err("Alamat halaman terlalu panjang.");
    }
    let parsed = match url::Url::parse(raw) {
        Err(url::ParseError::RelativeUrlWithoutBase) => url::Url::parse(&format!("https://{raw}")),
        other => other,
    }
    .map_err(|_| "Alamat halaman tidak valid. Contoh: https://tokoku.id/promo")?;
    let host_ok = parsed
        .host_str()
        .is_some_and(|h| h.contains('.') || h == "localhost");
    if !matches!(parsed.scheme(), "http" | "https") || !host_ok {
        return Err(
            "Pakai alamat web lengkap yang diawali https://, misalnya https://tokoku.id/promo",
        );
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(url: &'a str, values: [&'a str; 5]) -> UtmInput<'a> {
        UtmInput { url, values }
    }

    #[test]
    fn parameters_are_appended_and_encoded() {
        let t = tag(&input(
            "https://tokoku.id/promo?ref=abc&utm_source=lama#harga",
            [
                "instagram",
                "social",
                "promo lebaran 2026",
                "kue kering",
                "bio&story",
            ],
        ))
        .unwrap();
        assert_eq!(
            t.url,
            "https://tokoku.id/promo?ref=abc&utm_source=instagram&utm_medium=social&utm_campaign=promo%20lebaran%202026&utm_term=kue%20kering&utm_content=bio%26story#harga"
        );
        assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
        let t = tag(&input("tokoku.id", ["Newsletter", "email", "des", "", ""])).unwrap();
        assert_eq!(
            t.url,
            "https://tokoku.id/?utm_source=Newsletter&utm_medium=email&utm_campaign=des"
        );
        assert!(t.warnings[0].contains("huruf besar"));
    }

    #[test]
    fn bad_input_is_named_by_field() {
        let e = tag(&input("javascript:alert(1)", ["", "", "", "", ""])).unwrap_err();
        for f in ["url", "sumber", "medium", "kampanye"] {
            assert!(e.0.contains_key(f), "{f}: {e:?}");
        }
        assert!(tag(&input("https://nohost", ["a", "b", "c", "", ""])).is_err());
        assert!(tag(&input("ftp://tokoku.id", ["a", "b", "c", "", ""])).is_err());
        let long = "x".repeat(151);
        let e = tag(&input("https://tokoku.id", ["a", "b", "c", &long, ""])).unwrap_err();
        assert!(e.0.contains_key("kata_kunci"));
    }
}
