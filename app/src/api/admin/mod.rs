//! Server functions of the admin. Every one starts with
//! `ssr::admin::current_admin` (or `current_actor`, which also names the
//! admin for the audit log): the guard in front of `/admin` protects pages,
//! these checks protect the data.
pub mod analytics;
pub mod backoffice;
pub mod content;
pub mod session;

/// "25 Nov 2026 14:05 WIB": admin screens show times in Western Indonesia
/// Time, the business's time zone.
#[cfg(feature = "ssr")]
pub(crate) fn wib(t: chrono::DateTime<chrono::Utc>) -> String {
    let local = t + chrono::Duration::hours(7);
    format!(
        "{} {} WIB",
        crate::ssr::tanggal(local),
        local.format("%H:%M")
    )
}
