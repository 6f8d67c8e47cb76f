//! The business's clock: every date or time shown to a person, and every
//! date or time a person types, is Western Indonesia Time (WIB,
//! Asia/Jakarta). It is UTC+7 all year round (Indonesia has no daylight
//! saving), so a fixed offset is exact and needs no time-zone database.
//! Everything stored is UTC; this module is the only place that converts.
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// The `datetime-local` format of the admin's forms.
const FORM_FORMAT: &str = "%Y-%m-%dT%H:%M";

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

pub fn offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// `t` on the Jakarta clock.
pub fn local(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&offset())
}

/// The Jakarta calendar day of `t`.
pub fn date(t: DateTime<Utc>) -> NaiveDate {
    local(t).date_naive()
}

/// The first instant of `day` in Jakarta.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    offset()
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .single()
        .map_or_else(
            || day.and_time(chrono::NaiveTime::MIN).and_utc(),
            |t| t.with_timezone(&Utc),
        )
}

/// "5 November 2026": the day of `t` in Jakarta.
pub fn tanggal(t: DateTime<Utc>) -> String {
    hari(date(t))
}

/// "5 November 2026": a calendar day (already a Jakarta day).
pub fn hari(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "5 November 2026 14:05 WIB".
pub fn waktu(t: DateTime<Utc>) -> String {
    format!("{} {} WIB", tanggal(t), local(t).format("%H:%M"))
}

/// "YYYY-MM-DDTHH:MM" in Jakarta time, as an HTML `datetime-local` input
/// expects it.
pub fn to_form_datetime(t: DateTime<Utc>) -> String {
    local(t).format(FORM_FORMAT).to_string()
}

/// Reads "YYYY-MM-DDTHH:MM" (seconds allowed) as Jakarta time.
pub fn parse_form_datetime(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    let naive = NaiveDateTime::parse_from_str(raw, FORM_FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    offset()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn early_morning_in_jakarta_is_the_previous_day_in_utc() {
        // 02:00 WIB on 5 November is 19:00 UTC on 4 November.
        let t = utc("2026-11-04T19:00:00Z");
        assert_eq!(tanggal(t), "5 November 2026");
        assert_eq!(waktu(t), "5 November 2026 02:00 WIB");
        assert_eq!(to_form_datetime(t), "2026-11-05T02:00");
        assert_eq!(parse_form_datetime("2026-11-05T02:00"), Some(t));
        assert_eq!(parse_form_datetime("2026-11-05T02:00:00"), Some(t));
        assert_eq!(parse_form_datetime("kemarin"), None);
        assert_eq!(date(t), NaiveDate::from_ymd_opt(2026, 11, 5).unwrap());
        assert_eq!(start_of_day(date(t)), utc("2026-11-04T17:00:00Z"));
    }
}
