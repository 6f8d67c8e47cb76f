//! Server-rendered SVG bar charts: no JavaScript, readable by screen
//! readers, scaled by the browser through a fixed `viewBox`.
use super::stats::{total, DailyPoint};
use std::fmt::Write as _;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
/// The admin's dark theme: slate-900 behind, cyan bars (contrast above
/// 10:1), light text (above 13:1) and a mid-slate axis (above 3:1).
const BACKGROUND: &str = "#0f172a";
const BAR_COLOUR: &str = "#67e8f9";
const TEXT_COLOUR: &str = "#e2e8f0";
const AXIS_COLOUR: &str = "#94a3b8";

/// Escapes text for XML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// A short id from the title and data, so that several charts on one page
/// do not share `id`s.
fn chart_id(title: &str, points: &[DailyPoint]) -> String {
    // FNV-1a: stable across runs, unlike the std hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(title.as_bytes());
    for p in points {
        feed(p.day.to_string().as_bytes());
        feed(&p.value.to_le_bytes());
    }
    format!("grafik-{h:016x}")
}

/// A bar chart of one daily series as a self-contained `<svg>` element.
/// Its accessible name is the title with the total; each bar carries a
/// `<title>` such as `2026-11-20: 12`, shown on hover and read by screen
/// readers.
pub fn bar_chart_svg(title: &str, points: &[DailyPoint]) -> String {
    let id = chart_id(title, points);
    let sum = total(points);
    let max = points.iter().map(|p| p.value).max().unwrap_or(0);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="11">"#
    );
    let _ = write!(
        svg,
        r#"<title id="{id}-title">{} (total {sum})</title>"#,
        esc(title)
    );
    let desc = match (points.first(), points.last()) {
        (Some(first), Some(last)) => format!(
            "Grafik batang harian dari {} sampai {}; nilai tertinggi {max}.",
            first.day, last.day
        ),
        _ => "Tidak ada data.".to_owned(),
    };
    let _ = write!(svg, r#"<desc id="{id}-desc">{}</desc>"#, esc(&desc));
    let _ = write!(
        svg,
        r##"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>"##
    );

    // Axes and their labels: the maximum at the top, 0 at the base.
    let _ = write!(
        svg,
        r#"<g aria-hidden="true" fill="{TEXT_COLOUR}"><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="{AXIS_COLOUR}"/><line x1="{LEFT}" y1="{base}" x2="{}" y2="{base}" stroke="{AXIS_COLOUR}"/><text x="{}" y="{}" text-anchor="end">{max}</text><text x="{}" y="{base}" text-anchor="end">0</text>"#,
        WIDTH - RIGHT,
        LEFT - 6.0,
        TOP + 8.0,
        LEFT - 6.0,
    );
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let y = HEIGHT - 8.0;
        let _ = write!(
            svg,
            r#"<text x="{LEFT}" y="{y}" text-anchor="start">{}</text>"#,
            first.day
        );
        if points.len() > 1 {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{y}" text-anchor="end">{}</text>"#,
                WIDTH - RIGHT,
                last.day
            );
        }
    } else {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle">Tidak ada data</text>"#,
            LEFT + plot_w / 2.0,
            TOP + plot_h / 2.0
        );
    }
    svg.push_str("</g>");

    if !points.is_empty() {
        let slot = plot_w / points.len() as f64;
        let bar_w = (slot * 0.8).max(0.5);
        let _ = write!(svg, r#"<g fill="{BAR_COLOUR}">"#);
        for (i, p) in points.iter().enumerate() {
            let h = if max == 0 {
                0.0
            } else {
                // Small but visible for any non-zero day.
                (p.value as f64 / max as f64 * plot_h).max(if p.value > 0 { 1.0 } else { 0.0 })
            };
            let x = LEFT + i as f64 * slot + (slot - bar_w) / 2.0;
            let _ = write!(
                svg,
                r#"<rect class="bar" x="{x:.2}" y="{:.2}" width="{bar_w:.2}" height="{h:.2}"><title>{}: {}</title></rect>"#,
                base - h,
                p.day,
                p.value
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn series(values: &[u64]) -> Vec<DailyPoint> {
        let start = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        start
            .iter_days()
            .zip(values)
            .map(|(day, &value)| DailyPoint { day, value })
            .collect()
    }

    #[test]
    fn title_is_escaped() {
        let svg = bar_chart_svg("<script>alert('x')</script> & co", &series(&[1]));
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co (total 1)"));
        assert!(!svg.contains("onload") && !svg.contains("onclick"));
    }

    #[test]
    fn one_bar_per_point_with_its_title() {
        let svg = bar_chart_svg("Kunjungan", &series(&[12, 0, 3]));
        assert_eq!(svg.matches(r#"<rect class="bar""#).count(), 3);
        assert!(svg.contains("<title>2026-11-20: 12</title>"));
        assert!(svg.contains("<title>2026-11-22: 3</title>"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("Kunjungan (total 15)"));
        assert!(svg.contains(r#"viewBox="0 0 640 200""#));
        // First and last day under the axis, the maximum beside it.
        assert!(svg.contains(">2026-11-20</text>") && svg.contains(">2026-11-22</text>"));
        assert!(svg.contains(">12</text>"));
        let id = chart_id("Kunjungan", &series(&[12, 0, 3]));
        assert!(svg.contains(&format!(r#"aria-labelledby="{id}-title {id}-desc""#)));
        assert!(svg.contains(&format!(r#"<title id="{id}-title">"#)));
    }

    #[test]
    fn zeros_and_empty_series_render() {
        let svg = bar_chart_svg("Pendaftaran", &series(&[0, 0, 0, 0]));
        assert_eq!(svg.matches(r#"<rect class="bar""#).count(), 4);
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        assert!(svg.contains("(total 0)"));

        let empty = bar_chart_svg("Kosong", &[]);
        assert!(empty.contains("Tidak ada data"));
        assert!(!empty.contains("NaN"));
        assert!(empty.ends_with("</svg>"));
    }
}
