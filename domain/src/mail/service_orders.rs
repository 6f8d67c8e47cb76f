//! The e-mails of a service order's steps (issue 14). To the member:
//! `service-quote`, `service-started`, `service-progress`,
//! `service-deliverable`, `service-completed`, `service-cancelled`. To each
//! admin: `service-brief`, `service-accepted`, `service-revision`,
//! `service-approved`. Each is queued in the transaction of its step.
use super::templates::{notice, Email};
use crate::{entities::service_order, jakarta};

fn title(o: &service_order::Model) -> String {
    format!("{} (#{})", o.service_title, o.id)
}

/// A member sent a brief: to an admin.
pub fn brief_to_admin(to: &str, o: &service_order::Model, member: &str, page: &str) -> Email {
    notice(
        to,
        "service-brief",
        format!("Brief baru: {}", title(o)),
        "",
        &[
            format!(
                "{member} memesan layanan {} dan menunggu penawaran.",
                o.service_title
            ),
            format!(
                "Anggaran {}–{}, tenggat {}.",
                money::rupiah(o.budget_min_idr),
                money::rupiah(o.budget_max_idr),
                jakarta::tanggal(jakarta::start_of_day(o.deadline))
            ),
            format!("Kebutuhan:\n{}", o.brief),
        ],
        ("Buka pesanan layanan", page),
    )
}

/// The admin's quote: to the member.
pub fn quote(to: &str, name: &str, o: &service_order::Model, page: &str) -> Email {
    let price = o.quote_price_idr.map(money::rupiah).unwrap_or_default();
    let until = o
        .quote_valid_until
        .map(crate::service_orders::valid_through)
        .unwrap_or_default();
    notice(
        to,
        "service-quote",
        format!("Penawaran untuk {}: {price}", title(o)),
        name,
        &[
            format!(
                "Kami sudah menyiapkan penawaran untuk {}: {price}.",
                o.service_title
            ),
            format!(
                "Lingkup pekerjaan:\n{}",
                o.quote_scope.clone().unwrap_or_default()
            ),
            format!(
                "Penawaran ini berlaku sampai {until}. Terima dan bayar dari dashboard \
                 untuk memulai pengerjaan."
            ),
        ],
        ("Lihat penawaran", page),
    )
}

/// The member accepted the quote (payment pending): to an admin.
pub fn accepted_to_admin(to: &str, o: &service_order::Model, page: &str) -> Email {
    notice(
        to,
        "service-accepted",
        format!("Penawaran diterima: {}", title(o)),
        "",
        &[format!(
            "Anggota menerima penawaran {} untuk {}; pembayaran sedang ditunggu.",
            o.quote_price_idr.map(money::rupiah).unwrap_or_default(),
            o.service_title
        )],
        ("Buka pesanan layanan", page),
    )
}

/// Paid: the work starts. To the member.
pub fn started(to: &str, name: &str, o: &service_order::Model, page: &str) -> Email {
    notice(
        to,
        "service-started",
        format!("Pengerjaan dimulai: {}", title(o)),
        name,
        &[format!(
            "Pembayaran untuk {} sudah kami terima dan pengerjaan dimulai. Kabar \
             perkembangan dan hasil kerja akan muncul di dashboard.",
            o.service_title
        )],
        ("Lihat pesanan layanan", page),
    )
}

/// A progress note from the team: to the member.
pub fn progress(to: &str, name: &str, o: &service_order::Model, note: &str, page: &str) -> Email {
    notice(
        to,
        "service-progress",
        format!("Kabar terbaru: {}", title(o)),
        name,
        &[note.to_owned()],
        ("Lihat linimasa", page),
    )
}

/// A deliverable is ready for review: to the member.
pub fn deliverable(
    to: &str,
    name: &str,
    o: &service_order::Model,
    file_name: &str,
    page: &str,
) -> Email {
    notice(
        to,
        "service-deliverable",
        format!("Hasil kerja siap diperiksa: {}", title(o)),
        name,
        &[format!(
            "File {file_name} untuk {} sudah kami unggah. Unduh dari dashboard, lalu \
             setujui atau minta revisi dengan catatan.",
            o.service_title
        )],
        ("Periksa hasil kerja", page),
    )
}

/// The member sent a deliverable back: to an admin.
pub fn revision_to_admin(
    to: &str,
    o: &service_order::Model,
    file_name: &str,
    comment: &str,
    page: &str,
) -> Email {
    notice(
        to,
        "service-revision",
        format!("Permintaan revisi: {}", title(o)),
        "",
        &[
            format!("Anggota meminta revisi untuk file {file_name}."),
            format!("Catatan:\n{comment}"),
        ],
        ("Buka pesanan layanan", page),
    )
}

/// The member approved a deliverable: to an admin.
pub fn approved_to_admin(
    to: &str,
    o: &service_order::Model,
    file_name: &str,
    completed: bool,
    page: &str,
) -> Email {
    let done = if completed {
        " Semua hasil kerja sudah disetujui: pesanan selesai."
    } else {
        ""
    };
    notice(
        to,
        "service-approved",
        format!("Hasil kerja disetujui: {}", title(o)),
        "",
        &[format!("Anggota menyetujui file {file_name}.{done}")],
        ("Buka pesanan layanan", page),
    )
}

/// Every deliverable approved: to the member.
pub fn completed(to: &str, name: &str, o: &service_order::Model, page: &str) -> Email {
    notice(
        to,
        "service-completed",
        format!("Pesanan selesai: {}", title(o)),
        name,
        &[format!(
            "Semua hasil kerja {} sudah kamu setujui, jadi pesanan ini selesai. Terima \
             kasih sudah bekerja sama dengan kami!",
            o.service_title
        )],
        ("Lihat pesanan layanan", page),
    )
}

/// The order was cancelled before payment: to the member.
pub fn cancelled(
    to: &str,
    name: &str,
    o: &service_order::Model,
    reason: &str,
    page: &str,
) -> Email {
    notice(
        to,
        "service-cancelled",
        format!("Pesanan dibatalkan: {}", title(o)),
        name,
        &[
            format!("Pesanan layanan {} dibatalkan.", o.service_title),
            format!("Alasan: {reason}"),
        ],
        ("Lihat pesanan layanan", page),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::service_order::ServiceOrderState;
    use chrono::{NaiveDate, TimeZone, Utc};

    fn order() -> service_order::Model {
        let t = Utc.with_ymd_and_hms(2026, 1, 10, 3, 0, 0).unwrap();
        service_order::Model {
            id: 7,
            user_id: 1,
            service_slug: "pengembangan-website".into(),
            service_title: "Pengembangan Website".into(),
            brief: "Situs <b>lima</b> halaman".into(),
            budget_min_idr: 5_000_000,
            budget_max_idr: 15_000_000,
            deadline: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            state: ServiceOrderState::Quoted,
            quote_price_idr: Some(7_500_000),
            quote_scope: Some("Lima halaman <script>".into()),
            // The end of 17 January in Jakarta.
            quote_valid_until: Some(Utc.with_ymd_and_hms(2026, 1, 17, 17, 0, 0).unwrap()),
            quoted_at: Some(t),
            order_id: None,
            completed_at: None,
            created_at: t,
            updated_at: t,
        }
    }

    #[test]
    fn the_quote_says_price_scope_and_last_day_escaped() {
        let e = quote("klien@example.id", "Sari", &order(), "https://x.id/d");
        assert_eq!(e.template, "service-quote");
        assert!(
            e.subject.contains(&money::rupiah(7_500_000)),
            "{}",
            e.subject
        );
        assert!(e.text.contains("17 Januari 2026"), "{}", e.text);
        assert!(!e.text.contains("18 Januari"), "{}", e.text);
        assert!(e.html.contains("Lima halaman &lt;script&gt;"));
        assert!(!e.html.contains("<script>"));
    }

    #[test]
    fn the_admin_reads_the_brief_with_budget_and_deadline() {
        let e = brief_to_admin(
            "admin@tiranyx.test",
            &order(),
            "Sari <sari@x.id>",
            "https://x.id/a",
        );
        assert!(e.text.contains("1 Maret 2026"), "{}", e.text);
        assert!(e.text.contains(&money::rupiah(15_000_000)));
        assert!(e.html.contains("Situs &lt;b&gt;lima&lt;/b&gt; halaman"));
    }
}
