//! The `license-key` e-mail: the one place a licence key is written out
//! whole. Queued in the delivery's transaction; its body is cleared from
//! the outbox once sent (`outbox::deliver`), so the key then exists only in
//! the buyer's mailbox.
use super::templates::{escape_html, greeting, layout, paragraph, small, Email, BRAND};
use crate::{entities::order, licenses::LicenseKey};

/// The key of `o`'s licence, with how many activations it allows.
pub fn license_key(o: &order::Model, key: &LicenseKey, activation_limit: i32) -> Email {
    let subject = format!("Kunci lisensi {} ({})", o.item_name, o.order_code);
    let hello = greeting(&o.customer_name);
    let intro = format!(
        "Produkmu sudah siap. Ini kunci lisensi {}; masukkan di aplikasinya untuk \
         mengaktifkan. Satu kunci bisa dipakai di {activation_limit} perangkat atau situs.",
        o.item_name
    );
    let keep = "Simpan email ini: demi keamanan kami hanya menyimpan sidik kuncinya, jadi \
                kunci lengkap tidak bisa ditampilkan lagi. Di dashboard (menu Unduhan) \
                kamu bisa melihat lima karakter terakhirnya dan melepas aktivasi lama.";
    let text = format!("{hello}\n\n{intro}\n\n{key}\n\n{keep}\n\nSalam,\nTim {BRAND}\n");
    let body = format!(
        "{}{}<p style=\"margin:0 0 20px;font-family:monospace;font-size:18px;font-weight:700;\
         letter-spacing:1px;color:#111827;\">{}</p>{}",
        paragraph(&hello),
        paragraph(&intro),
        escape_html(&key.to_string()),
        small(&escape_html(keep)),
    );
    Email {
        to: o.customer_email.clone(),
        html: layout(&subject, &body),
        subject,
        text,
        template: "license-key",
        attachment: None,
    }
}
