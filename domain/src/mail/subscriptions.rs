//! The `sub-expiry` e-mail (seed 6.1: "7 hari sebelum"), queued by the
//! daily subscription check once per period.
use super::templates::{button, greeting, layout, paragraph, Email, BRAND};
use crate::{entities::subscription, jakarta};

/// `sub` runs out on its `expires_at`; `renew` is the dashboard's
/// subscriptions page, where "Perpanjang" pays the next period.
pub fn sub_expiry(to: &str, name: &str, sub: &subscription::Model, renew: &str) -> Email {
    let day = jakarta::tanggal(sub.expires_at);
    let subject = format!("Langganan {} berakhir {day}", sub.bundle_name);
    let hello = greeting(name);
    let intro = format!(
        "Langganan {} kamu berakhir pada {day}. Perpanjang sebelum tanggal itu agar \
         aksesmu tidak terputus; masa yang baru dihitung dari tanggal berakhir, jadi \
         tidak ada hari yang hilang.",
        sub.bundle_name
    );
    let text = format!("{hello}\n\n{intro}\n\nPerpanjang di: {renew}\n\nSalam,\nTim {BRAND}\n");
    let body = format!(
        "{}{}{}",
        paragraph(&hello),
        paragraph(&intro),
        button("Perpanjang langganan", renew)
    );
    Email {
        to: to.to_owned(),
        html: layout(&subject, &body),
        subject,
        text,
        template: "sub-expiry",
        attachment: None,
    }
}
