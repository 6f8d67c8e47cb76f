//! Parsing and validating one form field from its [`FieldSpec`]. Every
//! parser returns the cleaned value or a message in Indonesian that can be
//! shown next to the field as is.
use super::{FieldInput, FieldSpec};
use crate::forms::validate;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// The largest amount accepted in a money field (a trillion rupiah or
/// cents), far above any real price and far below `i64::MAX`.
pub const MONEY_MAX: i64 = 1_000_000_000_000;
/// Markdown bodies live in TEXT columns; the cap only stops accidents.
pub const MARKDOWN_MAX_CHARS: usize = 200_000;
/// The URL and image columns hold 500 characters.
pub const URL_MAX_CHARS: usize = 500;
/// The slug columns hold 160 characters.
pub const SLUG_MAX_CHARS: usize = 160;

/// A field's value after validation, before it becomes a column value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Parsed {
    /// Empty means NULL when the column is nullable.
    Text(String),
    Int(Option<i64>),
    Bool(bool),
    Time(Option<DateTime<Utc>>),
}

impl Parsed {
    /// The value as the form shows it.
    pub(crate) fn display(&self) -> String {
        match self {
            Parsed::Text(s) => s.clone(),
            Parsed::Int(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Parsed::Bool(b) => b.to_string(),
            Parsed::Time(t) => t.map(to_form_datetime).unwrap_or_default(),
        }
    }

    pub(crate) fn as_text(&self) -> &str {
        match self {
            Parsed::Text(s) => s,
            _ => "",
        }
    }

    pub(crate) fn as_bool(&self) -> bool {
        matches!(self, Parsed::Bool(true))
    }

    pub(crate) fn as_time(&self) -> Option<DateTime<Utc>> {
        match self {
            Parsed::Time(t) => *t,
            _ => None,
        }
    }
}

pub use crate::jakarta::{parse_form_datetime, to_form_datetime};

/// Validates `raw` against `field`; an empty optional field parses to an
/// empty value.
pub(crate) fn parse(field: &FieldSpec, raw: &str) -> Result<Parsed, String> {
    let label = field.label;
    let min = usize::from(field.required);
    let trimmed = raw.trim();
    if field.required && trimmed.is_empty() && !matches!(field.input, FieldInput::Bool) {
        return Err(format!("{label} wajib diisi."));
    }
    match field.input {
        FieldInput::Line { max } => validate::line(raw, min, max, label).map(Parsed::Text),
        FieldInput::Text { max } => validate::text(raw, min, max, label).map(Parsed::Text),
        FieldInput::Markdown => {
            validate::text(raw, min, MARKDOWN_MAX_CHARS, label).map(Parsed::Text)
        }
        FieldInput::Integer { min, max } => integer(trimmed, min, max, label).map(Parsed::Int),
        FieldInput::MoneyIdr => money_idr(trimmed, label).map(Parsed::Int),
        FieldInput::UsdCents => cents(trimmed, label).map(Parsed::Int),
        FieldInput::Bool => boolean(trimmed, label).map(Parsed::Bool),
        FieldInput::Url => url(trimmed, label).map(Parsed::Text),
        FieldInput::Select(options) => select(trimmed, options, label).map(Parsed::Text),
        FieldInput::DateTime => datetime(trimmed, label).map(Parsed::Time),
        FieldInput::Image => image(trimmed, label).map(Parsed::Text),
        FieldInput::Tags => tags(trimmed, label).map(Parsed::Text),
    }
}

fn integer(raw: &str, min: i64, max: i64, label: &str) -> Result<Option<i64>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    let n: i64 = raw
        .parse()
        .map_err(|_| format!("{label} harus berupa bilangan bulat."))?;
    if !(min..=max).contains(&n) {
        return Err(format!("{label} harus antara {min} dan {max}."));
    }
    Ok(Some(n))
}

/// Whole rupiah; "Rp 1.500.000" and "1500000" are the same amount (the dot
/// is the Indonesian thousands separator). Decimals are refused.
pub(crate) fn money_idr(raw: &str, label: &str) -> Result<Option<i64>, String> {
    let digits: String = raw
        .trim_start_matches("Rp")
        .trim_start_matches("rp")
        .chars()
        .filter(|c| !matches!(c, '.' | ' '))
        .collect();
    if raw.is_empty() {
        return Ok(None);
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "{label} harus berupa jumlah rupiah tanpa desimal, mis. 1500000."
        ));
    }
    money_range(&digits, label)
}

/// A whole number of US cents: 1250 is US$12.50.
pub(crate) fn cents(raw: &str, label: &str) -> Result<Option<i64>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    if !raw.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "{label} harus berupa bilangan bulat dalam sen, mis. 1250 untuk US$12.50."
        ));
    }
    money_range(raw, label)
}

fn money_range(digits: &str, label: &str) -> Result<Option<i64>, String> {
    match digits.parse::<i64>() {
        Ok(n) if n <= MONEY_MAX => Ok(Some(n)),
        _ => Err(format!("{label} maksimal {MONEY_MAX}.")),
    }
}

/// HTML checkboxes send "on" when ticked and nothing otherwise.
fn boolean(raw: &str, label: &str) -> Result<bool, String> {
    match raw.to_ascii_lowercase().as_str() {
        "" | "false" | "0" | "off" | "no" => Ok(false),
        "true" | "1" | "on" | "yes" => Ok(true),
        _ => Err(format!("{label} harus ya atau tidak.")),
    }
}

/// An absolute http(s) URL with a host.
pub(crate) fn url(raw: &str, label: &str) -> Result<String, String> {
    if raw.is_empty() {
        return Ok(String::new());
    }
    let invalid =
        || format!("{label} harus berupa URL lengkap yang diawali http:// atau https://.");
    check_length(raw, URL_MAX_CHARS, label)?;
    let parsed = url::Url::parse(raw).map_err(|_| invalid())?;
    let lower = raw.to_ascii_lowercase();
    let scheme_ok = lower.starts_with("http://") || lower.starts_with("https://");
    if !scheme_ok
        || parsed.host_str().is_none_or(str::is_empty)
        || raw.contains(char::is_whitespace)
    {
        return Err(invalid());
    }
    Ok(raw.to_owned())
}

/// An uploaded file ("/uploads/…") or an https URL.
pub(crate) fn image(raw: &str, label: &str) -> Result<String, String> {
    if raw.is_empty() {
        return Ok(String::new());
    }
    check_length(raw, URL_MAX_CHARS, label)?;
    let invalid =
        || format!("{label} harus berupa berkas unggahan (/uploads/…) atau URL https://.");
    if let Some(path) = raw.strip_prefix("/uploads/") {
        let safe = !path.is_empty()
            && !path.split('/').any(|seg| seg.is_empty() || seg == "..")
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'));
        return if safe {
            Ok(raw.to_owned())
        } else {
            Err(invalid())
        };
    }
    if raw.to_ascii_lowercase().starts_with("https://") {
        return url(raw, label).map_err(|_| invalid());
    }
    Err(invalid())
}

fn select(raw: &str, options: &[(&str, &str)], label: &str) -> Result<String, String> {
    if raw.is_empty() || options.iter().any(|(value, _)| *value == raw) {
        Ok(raw.to_owned())
    } else {
        Err(format!("Pilih {} dari daftar.", label.to_lowercase()))
    }
}

fn datetime(raw: &str, label: &str) -> Result<Option<DateTime<Utc>>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    parse_form_datetime(raw)
        .map(Some)
        .ok_or_else(|| format!("{label} harus berupa tanggal dan jam yang valid."))
}

/// Comma-separated; each tag trimmed with inner whitespace collapsed; empty
/// ones dropped; duplicates (the same [`crate::tags::normalize`]d) dropped
/// keeping the first. The admin's spelling is kept for the editor; public
/// pages show and link the normal form.
/// Joined again with ", ".
pub(crate) fn tags(raw: &str, label: &str) -> Result<String, String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for tag in raw.split(',') {
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
        if !tag.is_empty() && seen.insert(crate::tags::normalize(&tag)) {
            out.push(tag);
        }
    }
    let joined = out.join(", ");
    check_length(&joined, 500, label)?;
    validate::line(&joined, 0, 500, label)
}

fn check_length(value: &str, max: usize, label: &str) -> Result<(), String> {
    if value.chars().count() > max {
        Err(format!("{label} maksimal {max} karakter."))
    } else {
        Ok(())
    }
}

/// A slug typed by the admin is normalised with [`crate::markdown::slugify`];
/// an empty one is generated from `title`. Errors when nothing usable is left.
pub(crate) fn slug(raw: &str, title: &str) -> Result<String, String> {
    let typed = !raw.trim().is_empty();
    let source = if typed { raw } else { title };
    let slug = crate::markdown::slugify(source);
    if slug.is_empty() {
        return Err(if typed {
            "Slug harus berisi huruf atau angka.".to_owned()
        } else {
            "Slug tidak bisa dibuat dari judul; isi slug secara manual.".to_owned()
        });
    }
    if slug.chars().count() <= SLUG_MAX_CHARS {
        return Ok(slug);
    }
    if typed {
        return Err(format!("Slug maksimal {SLUG_MAX_CHARS} karakter."));
    }
    // A generated slug is cut at a word boundary rather than refused.
    let cut: String = slug.chars().take(SLUG_MAX_CHARS).collect();
    Ok(cut.trim_end_matches('-').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn spec(input: FieldInput, required: bool) -> FieldSpec {
        FieldSpec {
            name: "f",
            label: "Isian",
            input,
            required,
            help: "",
        }
    }

    #[test]
    fn datetimes_are_jakarta_time() {
        let t = parse_form_datetime("2026-12-01T15:30").unwrap();
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap());
        assert_eq!(to_form_datetime(t), "2026-12-01T15:30");
        // Across midnight UTC.
        let t = parse_form_datetime("2027-01-01T03:00:00").unwrap();
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 12, 31, 20, 0, 0).unwrap());
        for bad in [
            "2026-13-01T10:00",
            "2026-12-01 10:00",
            "kemarin",
            "2026-12-01",
        ] {
            assert_eq!(parse_form_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn money() {
        assert_eq!(money_idr("1500000", "Harga"), Ok(Some(1_500_000)));
        assert_eq!(money_idr("Rp 1.500.000", "Harga"), Ok(Some(1_500_000)));
        assert_eq!(money_idr("", "Harga"), Ok(None));
        assert_eq!(money_idr("0", "Harga"), Ok(Some(0)));
        for bad in ["-5", "12,5", "abc", "Rp"] {
            assert!(money_idr(bad, "Harga").is_err(), "{bad}");
        }
        assert_eq!(money_idr("1000000000000", "Harga"), Ok(Some(MONEY_MAX)));
        assert_eq!(
            money_idr("1000000000001", "Harga"),
            Err("Harga maksimal 1000000000000.".into())
        );
        assert!(money_idr("99999999999999999999999", "Harga").is_err());
        assert_eq!(cents("1250", "Harga USD"), Ok(Some(1250)));
        assert!(cents("12.50", "Harga USD").is_err());
        assert!(cents("-1", "Harga USD").is_err());
    }

    #[test]
    fn urls_must_be_http() {
        assert!(url("https://tiranyx.co.id/x?y=1", "URL").is_ok());
        assert!(url("http://contoh.id", "URL").is_ok());
        assert_eq!(url("", "URL"), Ok(String::new()));
        for bad in [
            "javascript:alert(1)",
            "ftp://contoh.id",
            "contoh.id",
            "/relatif",
            "https://",
            "https://a b.id",
        ] {
            assert!(url(bad, "URL").is_err(), "{bad}");
        }
        assert!(url(&format!("https://a.id/{}", "x".repeat(500)), "URL").is_err());
    }

    #[test]
    fn images_are_uploads_or_https() {
        assert!(image("/uploads/abc.png", "Gambar").is_ok());
        assert!(image("/uploads/2026/12/abc-1_x.webp", "Gambar").is_ok());
        assert!(image("https://cdn.contoh.id/a.png", "Gambar").is_ok());
        for bad in [
            "http://cdn.contoh.id/a.png",
            "/uploads/../secret",
            "/uploads/",
            "/images/a.png",
            "/uploads/a b.png",
            "data:image/png;base64,xx",
        ] {
            assert!(image(bad, "Gambar").is_err(), "{bad}");
        }
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated() {
        assert_eq!(
            tags(" SEO,  seo lokal ,Core  Web Vitals,,seo ", "Tag").as_deref(),
            Ok("SEO, seo lokal, Core Web Vitals")
        );
        assert_eq!(tags(" , ", "Tag").as_deref(), Ok(""));
        assert!(
            tags(&"x,".repeat(300), "Tag").is_ok(),
            "duplicates collapse"
        );
        let long: Vec<String> = (0..200).map(|i| format!("tag{i}")).collect();
        assert!(tags(&long.join(","), "Tag").is_err());
    }

    #[test]
    fn slugs_are_normalised_or_generated() {
        assert_eq!(
            slug("", "Halo Dunia: SEO 2027!").as_deref(),
            Ok("halo-dunia-seo-2027")
        );
        assert_eq!(slug("  Slug Baru ", "Judul").as_deref(), Ok("slug-baru"));
        assert!(slug("!!!", "Judul").is_err());
        assert!(slug("", "!!!").is_err());
        let long = "kata ".repeat(60);
        let generated = slug("", &long).unwrap();
        assert!(generated.len() <= SLUG_MAX_CHARS && !generated.ends_with('-'));
        assert!(slug(&long, "Judul").is_err());
    }

    #[test]
    fn field_parsing() {
        let req = spec(FieldInput::Line { max: 5 }, true);
        assert_eq!(parse(&req, "  "), Err("Isian wajib diisi.".into()));
        assert_eq!(
            parse(&req, "abcdef"),
            Err("Isian maksimal 5 karakter.".into())
        );
        assert_eq!(parse(&req, " abc "), Ok(Parsed::Text("abc".into())));
        let int = spec(FieldInput::Integer { min: 1, max: 9 }, false);
        assert_eq!(parse(&int, ""), Ok(Parsed::Int(None)));
        assert_eq!(parse(&int, "10"), Err("Isian harus antara 1 dan 9.".into()));
        assert!(parse(&int, "1.5").is_err());
        let b = spec(FieldInput::Bool, false);
        assert_eq!(parse(&b, "on"), Ok(Parsed::Bool(true)));
        assert_eq!(parse(&b, ""), Ok(Parsed::Bool(false)));
        assert!(parse(&b, "mungkin").is_err());
        let sel = spec(FieldInput::Select(&[("a", "A"), ("b", "B")]), true);
        assert_eq!(parse(&sel, "b"), Ok(Parsed::Text("b".into())));
        assert_eq!(parse(&sel, "c"), Err("Pilih isian dari daftar.".into()));
        let dt = spec(FieldInput::DateTime, false);
        assert_eq!(parse(&dt, ""), Ok(Parsed::Time(None)));
        assert!(parse(&dt, "besok").is_err());
        assert_eq!(
            parse(&dt, "2026-12-01T15:30").unwrap().display(),
            "2026-12-01T15:30"
        );
    }
}
