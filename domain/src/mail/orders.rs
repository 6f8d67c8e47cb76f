//! The e-mails a paid order sends: `order-confirmed` and `invoice` to the
//! buyer, `admin-new-order` to each admin; and `delivered-by-hand` when the
//! team hands over a manual delivery.
use super::templates::{button, escape_html, greeting, layout, paragraph, small, Email, BRAND};
use crate::{entities::order, jakarta};

/// "Rp 249.000" or "US$19.00": what the order costs in its currency.
pub fn order_amount(o: &order::Model) -> String {
    match (o.payment_provider, o.amount_usd_cents) {
        (order::PaymentProvider::Paypal, Some(cents)) => money::usd_cents(cents),
        _ => money::rupiah(o.amount_idr),
    }
}

/// The order's facts, as text lines and as an HTML table.
fn facts(o: &order::Model) -> (String, String) {
    let paid = o.paid_at.map(jakarta::waktu).unwrap_or_default();
    let rows = [
        ("Kode pesanan", o.order_code.clone()),
        ("Item", o.item_name.clone()),
        ("Jumlah", order_amount(o)),
        ("Metode", o.payment_provider.label().to_owned()),
        ("Dibayar", paid),
    ];
    let text = rows
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let html = format!(
        "<table role=\"presentation\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" \
         style=\"margin:0 0 20px;font-size:14px;line-height:1.6;color:#1f2937;\">{}</table>",
        rows.iter()
            .map(|(k, v)| format!(
                "<tr><td style=\"padding:2px 16px 2px 0;color:#6b7280;\">{}</td>\
                 <td style=\"padding:2px 0;font-weight:600;\">{}</td></tr>",
                escape_html(k),
                escape_html(v)
            ))
            .collect::<String>()
    );
    (text, html)
}

/// Payment received: what was bought and where to find it.
pub fn order_confirmed(o: &order::Model, orders_page: &str) -> Email {
    let subject = format!("Pembayaran diterima: {}", o.order_code);
    let hello = greeting(&o.customer_name);
    // A client's invoice is settled, not prepared: it shows paid in the portal.
    let (next, link) = if o.item_kind == order::OrderItemKind::Invoice {
        (
            "Tagihan ini kini tampil lunas di portal klien.",
            "Lihat Tagihan",
        )
    } else {
        (
            "Pesananmu sedang kami siapkan; produk digital bisa kamu buka dari halaman Pesanan dan Unduhan di dashboard.",
            "Lihat Pesanan",
        )
    };
    let intro = format!(
        "Terima kasih! Pembayaran untuk {} sudah kami terima. {next}",
        o.item_name
    );
    let (fact_text, fact_html) = facts(o);
    let text = format!(
        "{hello}\n\n{intro}\n\n{fact_text}\n\n{link}:\n{orders_page}\n\nSalam,\nTim {BRAND}\n"
    );
    let body = format!(
        "{}{}{}{}",
        paragraph(&hello),
        paragraph(&intro),
        fact_html,
        button(link, orders_page),
    );
    Email {
        to: o.customer_email.clone(),
        html: layout(&subject, &body),
        subject,
        text,
        template: "order-confirmed",
        attachment: None,
    }
}

/// The team handed over `o`'s purchase; `note` is what they wrote.
pub fn delivered_by_hand(o: &order::Model, note: &str, orders_page: &str) -> Email {
    let subject = format!("Pesananmu sudah kami serahkan: {}", o.item_name);
    let hello = greeting(&o.customer_name);
    let intro = format!(
        "{} (pesanan {}) sudah kami serahkan. Catatan dari tim kami:",
        o.item_name, o.order_code
    );
    let text = format!(
        "{hello}\n\n{intro}\n\n{note}\n\nLihat di dashboard:\n{orders_page}\n\nSalam,\nTim {BRAND}\n"
    );
    let body = format!(
        "{}{}<blockquote style=\"margin:0 0 20px;padding:12px 16px;border-left:4px solid #22d3ee;\
         background:#f0fdfa;font-size:15px;line-height:1.6;color:#1f2937;white-space:pre-wrap;\">{}</blockquote>{}",
        paragraph(&hello),
        paragraph(&intro),
        escape_html(note),
        button("Buka Unduhan", orders_page),
    );
    Email {
        to: o.customer_email.clone(),
        html: layout(&subject, &body),
        subject,
        text,
        template: "delivered-by-hand",
        attachment: None,
    }
}

/// The invoice, as a PDF attachment rendered when the message is sent.
pub fn invoice(o: &order::Model, orders_page: &str) -> Email {
    let number = o.invoice_number.clone().unwrap_or_default();
    let subject = format!("Faktur {number} ({})", o.order_code);
    let hello = greeting(&o.customer_name);
    let intro = format!(
        "Terlampir faktur {number} untuk pesanan {}, sudah LUNAS. Simpan untuk catatanmu; \
         faktur yang sama bisa diunduh kapan saja dari halaman Pesanan.",
        o.order_code
    );
    let (fact_text, fact_html) = facts(o);
    let text =
        format!("{hello}\n\n{intro}\n\n{fact_text}\n\n{orders_page}\n\nSalam,\nTim {BRAND}\n");
    let body = format!(
        "{}{}{}{}",
        paragraph(&hello),
        paragraph(&intro),
        fact_html,
        small(&format!(
            "Halaman pesanan: <a href=\"{href}\">{href}</a>",
            href = escape_html(orders_page)
        )),
    );
    Email {
        to: o.customer_email.clone(),
        html: layout(&subject, &body),
        subject,
        text,
        template: "invoice",
        attachment: Some(format!("invoice:{}", o.id)),
    }
}

/// A new paid order, for an admin.
/// `by_hand`: the purchase waits for the team to hand it over.
pub fn admin_new_order(to: &str, o: &order::Model, admin_page: &str, by_hand: bool) -> Email {
    let subject = format!(
        "Pesanan baru dibayar: {} ({})",
        o.order_code,
        order_amount(o)
    );
    let intro = format!(
        "{} ({}) membayar {}.",
        o.customer_name, o.customer_email, o.item_name
    );
    let intro = if by_hand {
        format!(
            "{intro} Produk ini dikirim manual: serahkan ke pembeli, lalu tandai sudah \
             diserahkan (dengan catatan untuknya) di halaman pesanan."
        )
    } else {
        intro
    };
    let (fact_text, fact_html) = facts(o);
    let text = format!("{intro}\n\n{fact_text}\n\n{admin_page}\n");
    let body = format!(
        "{}{}{}",
        paragraph(&intro),
        fact_html,
        button("Buka di Admin", admin_page),
    );
    Email {
        to: to.to_owned(),
        html: layout(&subject, &body),
        subject,
        text,
        template: "admin-new-order",
        attachment: None,
    }
}
