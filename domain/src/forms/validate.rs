//! Field validators shared by the public forms. Each returns the cleaned
//! value (trimmed, and for e-mails lowercased) or a message in Indonesian
//! that can be shown next to the field as is.

/// RFC 5321 caps a forward path at 254 characters.
const EMAIL_MAX: usize = 254;
/// RFC 5321 caps the local part at 64 octets.
const EMAIL_LOCAL_MAX: usize = 64;
const EMAIL_INVALID: &str = "Alamat email tidak valid.";
/// The `phone` column holds 32 characters.
const PHONE_MAX_CHARS: usize = 32;

/// An optional one-line value as stored: trimmed, at most `max_chars`
/// characters, None when empty (user agents, IP addresses).
pub fn clip(value: Option<&str>, max_chars: usize) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.chars().take(max_chars).collect())
}

/// The one spelling of an address under which it is stored and looked up:
/// trimmed and lowercased. Every lookup by e-mail goes through this.
pub fn normalize_email(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// [`normalize_email`], then checks: max 254; exactly one '@'; non-empty local part;
/// domain has a dot, no spaces, no leading/trailing dot or hyphen in labels.
///
/// Deliberately stricter than RFC 5322 (no quoted local parts, no comments,
/// no IP literals): addresses end up in mail headers, and real visitors do
/// not use those forms. Lowercasing the whole address lets the same person
/// be recognized however they type it.
pub fn email(raw: &str) -> Result<String, String> {
    let value = normalize_email(raw);
    if value.is_empty() {
        return Err("Email wajib diisi.".into());
    }
    if value.chars().count() > EMAIL_MAX {
        return Err(format!("Alamat email maksimal {EMAIL_MAX} karakter."));
    }
    let Some((local, domain)) = value.split_once('@') else {
        return Err(EMAIL_INVALID.into());
    };
    if valid_local(local) && valid_domain(domain) {
        Ok(value)
    } else {
        Err(EMAIL_INVALID.into())
    }
}

/// Dot-atom local part: printable ASCII letters, digits and the RFC 5322
/// "atext" symbols, with dots only between atoms.
fn valid_local(local: &str) -> bool {
    const SYMBOLS: &str = "!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.len() <= EMAIL_LOCAL_MAX
        && local.split('.').all(|atom| {
            !atom.is_empty()
                && atom
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || SYMBOLS.contains(c))
        })
}

/// At least two labels; each label is letters/digits (Unicode allowed for
/// internationalized domains) and inner hyphens; the TLD has two characters
/// or more and is not all digits.
fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let Some(tld) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && tld.chars().count() >= 2
        && !tld.chars().all(|c| c.is_ascii_digit())
}

/// Trims; counts characters (not bytes, so "Dewi Ayu Lestari" and names with
/// diacritics count as typed); rejects control characters except `\n`, `\r`
/// and `\t`. `min` = 0 makes the field optional. `label` starts the message,
/// e.g. "Nama wajib diisi." / "Nama minimal 2 karakter." /
/// "Pesan maksimal 5000 karakter.".
pub fn text(raw: &str, min: usize, max: usize, label: &str) -> Result<String, String> {
    let value = raw.trim();
    let len = value.chars().count();
    if len == 0 && min > 0 {
        return Err(format!("{label} wajib diisi."));
    }
    if len < min {
        return Err(format!("{label} minimal {min} karakter."));
    }
    if len > max {
        return Err(format!("{label} maksimal {max} karakter."));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(format!("{label} berisi karakter yang tidak diizinkan."));
    }
    Ok(value.to_owned())
}

/// Like [`text`], for single-line fields such as a name: line breaks and
/// tabs are refused too, since such values end up in e-mail subjects and
/// headers.
pub fn line(raw: &str, min: usize, max: usize, label: &str) -> Result<String, String> {
    let value = text(raw, min, max, label)?;
    if value.contains(['\n', '\r', '\t']) {
        return Err(format!("{label} harus satu baris."));
    }
    Ok(value)
}

/// Optional: empty → `Ok(None)`. Allowed characters are digits, spaces,
/// `+ - ( )`, with `+` only in front; 8–15 digits (E.164 allows at most
/// 15). Returns the trimmed value as typed, so it reads like the visitor
/// wrote it.
pub fn phone(raw: &str) -> Result<Option<String>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let allowed = value.char_indices().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')') || (c == '+' && i == 0)
    });
    if !allowed || value.chars().count() > PHONE_MAX_CHARS {
        return Err(
            "Nomor telepon hanya boleh berisi angka, spasi, +, -, dan tanda kurung.".into(),
        );
    }
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if !(8..=15).contains(&digits) {
        return Err("Nomor telepon harus terdiri dari 8–15 digit.".into());
    }
    Ok(Some(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_emails_are_trimmed_and_lowercased() {
        for (raw, want) in [
            ("budi@tiranyx.co.id", "budi@tiranyx.co.id"),
            ("  Budi.Santoso@Gmail.COM ", "budi.santoso@gmail.com"),
            ("dewi+newsletter@example.com", "dewi+newsletter@example.com"),
            ("a_b-c@sub.domain-x.id", "a_b-c@sub.domain-x.id"),
            ("x@y.id", "x@y.id"),
            ("o'neil@example.org", "o'neil@example.org"),
            ("1234@123.com", "1234@123.com"),
            ("kopi@bücher.de", "kopi@bücher.de"),
        ] {
            assert_eq!(email(raw).as_deref(), Ok(want), "{raw}");
        }
    }

    #[test]
    fn invalid_emails_are_refused() {
        for raw in [
            "a@b",
            "a b@c.id",
            "@x.id",
            "x@.id",
            "x@id.",
            "x@-a.id",
            "x@a-.id",
            "x@a..id",
            "x.@a.id",
            ".x@a.id",
            "x..y@a.id",
            "x@@a.id",
            "x@a@b.id",
            "x@a b.id",
            "x@a.i",
            "x@1.2.3.4",
            "plain",
            "x@a.id\nbcc: y@b.id",
            "\"x\"@a.id",
            "x,y@a.id",
            "<x@a.id>",
            "dewi@example.com.",
        ] {
            assert_eq!(email(raw), Err(EMAIL_INVALID.to_owned()), "{raw:?}");
        }
    }

    #[test]
    fn email_required_and_length() {
        assert_eq!(email("  "), Err("Email wajib diisi.".into()));
        let long = format!("{}@{}.id", "a".repeat(64), "b".repeat(200));
        assert!(long.len() > EMAIL_MAX);
        assert_eq!(
            email(&long),
            Err("Alamat email maksimal 254 karakter.".into())
        );
        let local_too_long = format!("{}@a.id", "a".repeat(65));
        assert_eq!(email(&local_too_long), Err(EMAIL_INVALID.into()));
        let label_too_long = format!("a@{}.id", "b".repeat(64));
        assert_eq!(email(&label_too_long), Err(EMAIL_INVALID.into()));
    }

    #[test]
    fn text_accepts_unicode_and_counts_chars() {
        assert_eq!(
            text("  Dewi Ayu Lestari ", 2, 120, "Nama").as_deref(),
            Ok("Dewi Ayu Lestari")
        );
        assert_eq!(text("Ñoño Åsa", 2, 120, "Nama").as_deref(), Ok("Ñoño Åsa"));
        // Five characters, more than five bytes.
        assert!(text("ÉÉÉÉÉ", 1, 5, "Nama").is_ok());
        assert!(text("李小龍", 2, 3, "Nama").is_ok());
        assert_eq!(
            text("Halo,\r\nsaya ingin\tbertanya.", 10, 5000, "Pesan").as_deref(),
            Ok("Halo,\r\nsaya ingin\tbertanya.")
        );
    }

    #[test]
    fn text_messages() {
        assert_eq!(text("", 2, 120, "Nama"), Err("Nama wajib diisi.".into()));
        assert_eq!(text("   ", 2, 120, "Nama"), Err("Nama wajib diisi.".into()));
        assert_eq!(
            text(" A ", 2, 120, "Nama"),
            Err("Nama minimal 2 karakter.".into())
        );
        assert_eq!(
            text(&"x".repeat(5001), 10, 5000, "Pesan"),
            Err("Pesan maksimal 5000 karakter.".into())
        );
        assert!(text(&"x".repeat(5000), 10, 5000, "Pesan").is_ok());
        assert_eq!(
            text("Budi\u{0}", 2, 120, "Nama"),
            Err("Nama berisi karakter yang tidak diizinkan.".into())
        );
        assert_eq!(
            text("Budi\u{1b}[31m", 2, 120, "Nama"),
            Err("Nama berisi karakter yang tidak diizinkan.".into())
        );
        // Optional when min is 0.
        assert_eq!(text("  ", 0, 120, "Nama").as_deref(), Ok(""));
    }

    #[test]
    fn line_refuses_line_breaks() {
        assert_eq!(
            line("Budi Santoso", 2, 120, "Nama").as_deref(),
            Ok("Budi Santoso")
        );
        assert_eq!(
            line("Budi\nBcc: x@y.id", 2, 120, "Nama"),
            Err("Nama harus satu baris.".into())
        );
        assert_eq!(line("", 0, 120, "Nama").as_deref(), Ok(""));
    }

    #[test]
    fn phone_is_optional() {
        assert_eq!(phone(""), Ok(None));
        assert_eq!(phone("   "), Ok(None));
    }

    #[test]
    fn valid_phones_are_trimmed() {
        for (raw, want) in [
            ("081234567890", "081234567890"),
            (" +62 812-3456-7890 ", "+62 812-3456-7890"),
            ("(022) 2501234", "(022) 2501234"),
            ("12345678", "12345678"),
            ("+123456789012345", "+123456789012345"),
        ] {
            assert_eq!(phone(raw), Ok(Some(want.to_owned())), "{raw}");
        }
    }

    #[test]
    fn invalid_phones_are_refused() {
        for raw in [
            "1234567",
            "1234567890123456",
            "0812-abc-7890",
            "62+8123456789",
            "++628123456789",
            "0812.3456.7890",
            "0812/3456789",
            "٠٨١٢٣٤٥٦٧٨٩",
            "+ - ( )",
        ] {
            assert!(phone(raw).is_err(), "{raw:?}");
        }
        let spaced = "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7";
        assert!(phone(spaced).is_err());
    }
}
