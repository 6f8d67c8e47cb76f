//! Privacy-friendly analytics: page views are counted per path and UTC day
//! on the server (no cookies, no visitor identifiers), bots are left out,
//! and the admin dashboard reads daily series from them and from the
//! sign-up, waitlist and contact tables.
pub mod chart;
pub mod recorder;
pub mod stats;
pub mod tool_usage;

pub use chart::bar_chart_svg;
pub use recorder::PageViewRecorder;
pub use stats::{overview, revenue, DailyPoint, DateRange, Overview, Revenue};
pub use tool_usage::{tool_usage, ToolTotals, ToolUsage};

/// Lowercase fragments of user agents sent by crawlers, link previewers,
/// uptime monitors, audits and command-line tools. `HeadlessChrome` is
/// deliberately absent: the browser tests use it.
const BOT_MARKERS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "scrape",
    "scrapy",
    "facebookexternalhit",
    "facebookcatalog",
    "whatsapp",
    "embedly",
    "preview",
    "curl",
    "wget",
    "httpie",
    "python-requests",
    "python-urllib",
    "aiohttp",
    "go-http-client",
    "java/",
    "okhttp",
    "apache-httpclient",
    "libwww",
    "node-fetch",
    "axios",
    "postmanruntime",
    "lighthouse",
    "pagespeed",
    "gtmetrix",
    "monitor",
    "uptime",
    "pingdom",
    "statuscake",
    "ia_archiver",
    "feedfetcher",
    "mediapartners",
];

/// Whether a request with this `User-Agent` should not be counted as a
/// visit: no or an empty user agent, or one of the known automated
/// clients.
pub fn is_bot(user_agent: Option<&str>) -> bool {
    let Some(ua) = user_agent.map(str::trim).filter(|ua| !ua.is_empty()) else {
        return true;
    };
    BOT_FINDER.is_match(ua)
}

/// All markers in one pass over the user agent, case ignored: it runs on
/// every public page request, cache hits included, and a browser's user
/// agent matches none of them (36 substring searches before).
static BOT_FINDER: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(BOT_MARKERS)
            .expect("BOT_MARKERS build an automaton")
    });

#[cfg(test)]
mod tests {
    use super::is_bot;

    #[test]
    fn browsers_are_not_bots() {
        for ua in [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.102 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            // Our browser tests.
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
        ] {
            assert!(!is_bot(Some(ua)), "{ua}");
        }
    }

    #[test]
    fn crawlers_tools_and_monitors_are_bots() {
        for ua in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
            "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
            "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "WhatsApp/2.23.20.0",
            "Twitterbot/1.0",
            "TelegramBot (like TwitterBot)",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            "curl/8.5.0",
            "Wget/1.21.4",
            "python-requests/2.32.3",
            "Go-http-client/2.0",
            "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
            "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
            "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
            "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
            "GPTBot/1.2 (+https://openai.com/gptbot)",
        ] {
            assert!(is_bot(Some(ua)), "{ua}");
        }
    }

    #[test]
    fn missing_or_blank_user_agent_is_a_bot() {
        assert!(is_bot(None));
        assert!(is_bot(Some("")));
        assert!(is_bot(Some("   ")));
    }
}
