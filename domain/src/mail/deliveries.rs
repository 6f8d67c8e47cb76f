//! The `delivery-ready` e-mail: the purchased files' signed links.
use super::templates::{button, escape_html, greeting, layout, paragraph, small, Email, BRAND};
use crate::{deliverables::FileLink, entities::order, jakarta};

/// `links` of `o`'s purchase, with where to get fresh ones.
pub fn delivery_ready(o: &order::Model, links: &[FileLink], downloads_page: &str) -> Email {
    let subject = format!("Produkmu siap diunduh: {} ({})", o.item_name, o.order_code);
    let hello = greeting(&o.customer_name);
    let until = links
        .iter()
        .map(|l| l.expires)
        .min()
        .map(jakarta::waktu)
        .unwrap_or_default();
    let intro = format!(
        "Terima kasih! File {} siap diunduh. Tautan di bawah berlaku sampai {until}.",
        o.item_name
    );
    let later = "Tautan kedaluwarsa? Ambil tautan baru kapan saja dari dashboard, menu Unduhan.";
    let mut text = format!("{hello}\n\n{intro}\n\n");
    let mut list = String::new();
    for l in links {
        text.push_str(&format!(
            "{} ({}):\n{}\n\n",
            l.file_name, l.size_label, l.url
        ));
        list.push_str(&format!(
            "<li style=\"margin:0 0 12px;font-size:15px;color:#1f2937;\">\
             <a href=\"{href}\" style=\"color:#0e7490;font-weight:600;\">{name}</a> \
             <span style=\"color:#6b7280;\">({size})</span></li>",
            href = escape_html(&l.url),
            name = escape_html(&l.file_name),
            size = escape_html(&l.size_label),
        ));
    }
    text.push_str(&format!(
        "{later}\n{downloads_page}\n\nSalam,\nTim {BRAND}\n"
    ));
    let body = format!(
        "{}{}<ul style=\"margin:0 0 20px;padding-left:20px;\">{list}</ul>{}{}",
        paragraph(&hello),
        paragraph(&intro),
        button("Buka halaman Unduhan", downloads_page),
        small(&escape_html(later)),
    );
    Email {
        to: o.customer_email.clone(),
        html: layout(&subject, &body),
        subject,
        text,
        template: "delivery-ready",
        attachment: None,
    }
}
