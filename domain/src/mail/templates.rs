//! E-mail templates: each is one function that returns an [`Email`] with a
//! plain-text and an HTML part. The HTML frame is shared by [`layout`]; every
//! value interpolated into HTML goes through [`escape_html`].
//!
//! To add a template (order confirmed, delivery ready, invoice, subscription
//! expiring…), write one more function like [`verify_email`] with a new
//! `template` name.

/// A rendered message, ready for [`super::outbox::enqueue`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// A short stable name, the seed's (`verify-email`), stored with the message.
    pub template: &'static str,
    /// A document rendered when the message is sent (`invoice:{order_id}`).
    pub attachment: Option<String>,
}

pub(crate) const BRAND: &str = "Tiranyx";
const DARK: &str = "#070b1a";
const ACCENT: &str = "#22d3ee";
const IGNORE_LINE: &str = "Jika kamu tidak meminta ini, abaikan email ini.";

/// E-mail verification after sign-up; the link is valid for 24 hours.
pub fn verify_email(to: &str, name: &str, link: &str) -> Email {
    action_email(
        to,
        "verify-email",
        "Verifikasi email akun Tiranyx kamu",
        name,
        "Terima kasih sudah mendaftar di Tiranyx. Klik tombol di bawah untuk \
         memverifikasi alamat email kamu.",
        "Verifikasi Email",
        link,
        "24 jam",
    )
}

/// Password reset; the link is valid for 1 hour.
pub fn reset_password(to: &str, name: &str, link: &str) -> Email {
    action_email(
        to,
        "reset-password",
        "Atur ulang kata sandi akun Tiranyx kamu",
        name,
        "Kami menerima permintaan untuk mengatur ulang kata sandi akun Tiranyx \
         kamu. Klik tombol di bawah untuk membuat kata sandi baru.",
        "Atur Ulang Kata Sandi",
        link,
        "1 jam",
    )
}

/// The shape shared by messages whose point is one link: greeting, an
/// explanation, a button, the raw link, its validity and the "ignore" line.
#[allow(clippy::too_many_arguments)]
fn action_email(
    to: &str,
    template: &'static str,
    subject: &str,
    name: &str,
    intro: &str,
    button_label: &str,
    link: &str,
    valid_for: &str,
) -> Email {
    let greeting = greeting(name);
    let validity = format!("Tautan ini berlaku selama {valid_for}.");
    let text = format!(
        "{greeting}\n\n{intro}\n\n{button_label}:\n{link}\n\n{validity}\n\n{IGNORE_LINE}\n\n\
         Salam,\nTim {BRAND}\n"
    );
    let body = format!(
        "{}{}{}{}{}{}",
        paragraph(&greeting),
        paragraph(intro),
        button(button_label, link),
        paragraph(&validity),
        small(&format!(
            "Jika tombol tidak berfungsi, salin tautan ini ke browser kamu:<br>\
             <a href=\"{href}\" style=\"color:{ACCENT};word-break:break-all;\">{href}</a>",
            href = escape_html(link)
        )),
        small(&escape_html(IGNORE_LINE)),
    );
    Email {
        to: to.to_owned(),
        subject: subject.to_owned(),
        text,
        html: layout(subject, &body),
        template,
        attachment: None,
    }
}

/// One message whose point is one page: a greeting, paragraphs, a button.
pub(crate) fn notice(
    to: &str,
    template: &'static str,
    subject: String,
    name: &str,
    lines: &[String],
    (label, link): (&str, &str),
) -> Email {
    let hello = greeting(name);
    let text = format!(
        "{hello}\n\n{}\n\n{label}:\n{link}\n\nSalam,\nTim {BRAND}\n",
        lines.join("\n\n")
    );
    let body = format!(
        "{}{}{}",
        paragraph(&hello),
        lines.iter().map(|l| paragraph(l)).collect::<String>(),
        button(label, link)
    );
    Email {
        to: to.to_owned(),
        html: layout(&subject, &body),
        subject,
        text,
        template,
        attachment: None,
    }
}

pub(crate) fn greeting(name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        "Halo,".to_owned()
    } else {
        format!("Halo {name},")
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A paragraph of plain text (escaped here).
pub(crate) fn paragraph(text: &str) -> String {
    format!(
        "<p style=\"margin:0 0 16px;font-size:15px;line-height:1.6;color:#1f2937;\">{}</p>",
        escape_html(text)
    )
}

/// A paragraph of small print; `html` must already be escaped.
pub(crate) fn small(html: &str) -> String {
    format!("<p style=\"margin:0 0 12px;font-size:13px;line-height:1.5;color:#6b7280;\">{html}</p>")
}

/// A call-to-action button; table-based so that Outlook renders it too.
pub(crate) fn button(label: &str, href: &str) -> String {
    format!(
        "<table role=\"presentation\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" \
         style=\"margin:8px 0 24px;\"><tr><td style=\"border-radius:8px;background:{ACCENT};\">\
         <a href=\"{href}\" style=\"display:inline-block;padding:12px 24px;font-size:15px;\
         font-weight:600;color:{DARK};text-decoration:none;border-radius:8px;\">{label}</a>\
         </td></tr></table>",
        href = escape_html(href),
        label = escape_html(label),
    )
}

/// The HTML frame shared by every message: dark branded header, white card,
/// footer. `title` is plain text (escaped here); `body_html` is trusted HTML
/// built from the helpers above.
pub fn layout(title: &str, body_html: &str) -> String {
    let title = escape_html(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:0;background:#f3f4f6;\">\n\
         <table role=\"presentation\" width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" \
         style=\"background:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:24px 12px;\">\n\
         <table role=\"presentation\" width=\"100%\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" \
         style=\"max-width:560px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\">\n\
         <tr><td style=\"background:{DARK};padding:20px 28px;border-radius:12px 12px 0 0;\">\
         <span style=\"font-size:22px;font-weight:700;letter-spacing:0.5px;color:#ffffff;\">{BRAND}</span>\
         <span style=\"display:block;height:3px;width:40px;margin-top:8px;background:{ACCENT};\"></span>\
         </td></tr>\n\
         <tr><td style=\"background:#ffffff;padding:28px;border-radius:0 0 12px 12px;\">\n\
         <h1 style=\"margin:0 0 20px;font-size:20px;line-height:1.3;color:{DARK};\">{title}</h1>\n\
         {body_html}\n</td></tr>\n\
         <tr><td style=\"padding:16px 28px;font-size:12px;line-height:1.5;color:#9ca3af;text-align:center;\">\
         Email ini dikirim otomatis oleh {BRAND}. Mohon tidak membalas email ini.</td></tr>\n\
         </table>\n</td></tr></table>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://tiranyx.co.id/akun/verifikasi?token=abc123";

    #[test]
    fn names_are_escaped_in_html() {
        let e = verify_email("a@b.id", "<script>alert(1)</script>", LINK);
        assert!(!e.html.contains("<script>"), "{}", e.html);
        assert!(e.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // The text part is not HTML and keeps the name as written.
        assert!(e.text.contains("Halo <script>alert(1)</script>,"));
    }

    #[test]
    fn links_are_escaped_in_attributes() {
        let e = reset_password("a@b.id", "Sari", "https://x.id/r?a=1&b=\"><img>");
        assert!(!e.html.contains("\"><img>"));
        assert!(e
            .html
            .contains("href=\"https://x.id/r?a=1&amp;b=&quot;&gt;&lt;img&gt;\""));
    }

    #[test]
    fn link_is_in_both_parts() {
        for e in [
            verify_email("a@b.id", "Sari", LINK),
            reset_password("a@b.id", "Sari", LINK),
        ] {
            assert!(e.text.contains(LINK), "{}", e.template);
            assert!(
                e.html.contains(&format!("href=\"{LINK}\"")),
                "{}",
                e.template
            );
            assert!(e.text.contains(IGNORE_LINE));
            assert!(e.html.contains(IGNORE_LINE));
            assert!(e.html.contains(DARK) && e.html.contains(ACCENT));
            assert!(e.html.contains(&escape_html(&e.subject)));
        }
    }

    #[test]
    fn validity_differs_per_template() {
        let v = verify_email("a@b.id", "", LINK);
        assert_eq!(v.template, "verify-email");
        assert!(v.text.starts_with("Halo,"));
        assert!(v.text.contains("24 jam") && v.html.contains("24 jam"));
        let r = reset_password("a@b.id", "Budi", LINK);
        assert_eq!(r.template, "reset-password");
        assert!(r.text.contains("1 jam") && r.html.contains("1 jam"));
        assert!(!r.text.contains("24 jam"));
    }
}
