//! WhatsApp click-to-chat: a `wa.me` link with an opening message, and
//! its QR code (SVG) to print on a flyer, a menu or packaging.
use crate::forms::FieldErrors;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

/// Characters left as they are in a query value: RFC 3986's unreserved.
pub(super) const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The longest opening message (WhatsApp takes more, but a QR code of a
/// much longer link no longer scans well from paper).
pub const MAX_MESSAGE_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChatLink {
    /// International digits, no `+`: `6281234567890`.
    pub number: String,
    pub link: String,
    /// The link as a QR code, an SVG document.
    pub qr_svg: String,
}

/// An Indonesian or international number as `wa.me` wants it: digits with
/// the country code, no `+` or leading 0. `08…`, `8…`, `+62 8…`, `62…`
/// become `628…`; another country needs its `+` code.
pub fn normalize_number(raw: &str) -> Result<String, &'static str> {
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    if compact.is_empty() {
        return Err("Nomor WhatsApp wajib diisi.");
    }
    let (international, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("Nomor hanya boleh berisi angka (spasi, tanda hubung dan + boleh).");
    }
    let number = if international {
        digits.to_owned()
    } else if let Some(rest) = digits.strip_prefix("62") {
        format!("62{rest}")
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("62{rest}")
    } else if digits.starts_with('8') {
        format!("62{digits}")
    } else {
        return Err("Tulis nomor seperti 0812-3456-7890, atau dengan kode negara seperti +62 812-3456-7890.");
    };
    let ok = match number.strip_prefix("62") {
        // Indonesian numbers: 8 to 12 digits after 62 (0812-345-678 to 0812-3456-78901).
        Some(national) => (8..=12).contains(&national.len()) && !national.starts_with('0'),
        // E.164: at most 15 digits with the country code.
        None => (8..=15).contains(&number.len()) && !number.starts_with('0'),
    };
    if ok {
        Ok(number)
    } else {
        Err("Panjang nomor tidak sesuai. Contoh: 0812-3456-7890.")
    }
}

/// The link and its QR code for `number` and an optional `message`.
pub fn chat_link(number: &str, message: &str) -> Result<ChatLink, FieldErrors> {
    let mut errors = FieldErrors::default();
    let number = normalize_number(number).map_err(|m| errors.add("nomor", m));
    let message = message.trim();
    if message.chars().count() > MAX_MESSAGE_CHARS {
        errors.add(
            "pesan",
            format!("Pesan paling panjang {MAX_MESSAGE_CHARS} karakter."),
        );
    }
    let Ok(number) = number else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut link = format!("https://wa.me/{number}");
    if !message.is_empty() {
        link.push_str("?text=");
        link.extend(utf8_percent_encode(message, QUERY_VALUE));
    }
    let qr_svg = qr_svg(&link).map_err(|_| {
        let mut e = FieldErrors::default();
        e.add(
            "pesan",
            "Pesan terlalu panjang untuk kode QR. Persingkat pesannya.",
        );
        e
    })?;
    Ok(ChatLink {
        number,
        link,
        qr_svg,
    })
}

/// `text` as a QR code (error correction M: survives a smudge), SVG.
pub fn qr_svg(text: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_numbers_get_the_country_code() {
        for raw in [
            "0812-3456-7890",
            "081234567890",
            "+62 812 3456 7890",
            "62 812.3456.7890",
            "(0812) 3456 7890",
            "812 3456 7890",
        ] {
            assert_eq!(
                normalize_number(raw).as_deref(),
                Ok("6281234567890"),
                "{raw}"
            );
        }
        assert_eq!(
            normalize_number("+65 9123 4567").as_deref(),
            Ok("6591234567")
        );
        for bad in [
            "",
            "abc",
            "0812",
            "1234567",
            "+62 0812 3456 7890",
            "0812345678901234",
        ] {
            assert!(normalize_number(bad).is_err(), "{bad}");
        }
    }

    /// The link goes into the QR code and comes back out of a decoder: the
    /// code's modules are drawn as a greyscale grid (4 px a module, a
    /// 4-module quiet zone) and read by rqrr.
    #[test]
    fn the_qr_code_decodes_to_the_link() {
        let l = chat_link(
            "0812-3456-7890",
            "Halo, saya mau pesan 2 porsi nasi goreng ya 🙏",
        )
        .unwrap();
        let code =
            qrcode::QrCode::with_error_correction_level(l.link.as_bytes(), qrcode::EcLevel::M)
                .unwrap();
        let (modules, colors) = (code.width(), code.to_colors());
        let (scale, quiet) = (4, 4);
        let side = (modules + 2 * quiet) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (
                (x / scale).wrapping_sub(quiet),
                (y / scale).wrapping_sub(quiet),
            );
            let dark =
                mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark;
            if dark {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, text) = grids[0].decode().unwrap();
        assert_eq!(text, l.link);
        assert!(text.starts_with("https://wa.me/6281234567890?text=Halo%2C%20saya"));
    }

    #[test]
    fn the_message_is_percent_encoded() {
        let l = chat_link("0812-3456-7890", "Halo Kak, saya mau pesan 2 kue & 1 kopi?").unwrap();
        assert_eq!(
            l.link,
            "https://wa.me/6281234567890?text=Halo%20Kak%2C%20saya%20mau%20pesan%202%20kue%20%26%201%20kopi%3F"
        );
        assert!(l.qr_svg.starts_with("<?xml") && l.qr_svg.contains("<svg"));
        assert_eq!(
            chat_link("081234567890", "  ").unwrap().link,
            "https://wa.me/6281234567890"
        );
        let e = chat_link("12", &"a".repeat(501)).unwrap_err();
        assert!(
            e.0.contains_key("nomor") && e.0.contains_key("pesan"),
            "{e:?}"
        );
    }
}
