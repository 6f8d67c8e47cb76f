//! Per-IP rate limits for the public forms, and per-IP and per-key limits
//! of the licence API. One SQLite process keeps them in memory (the
//! `governor` crate's keyed GCRA limiter; memory is bounded by pruning idle
//! keys); on PostgreSQL, where N instances serve, they are counted in the
//! database (`domain::rate_limits`) so every instance spends one budget.
use domain::Database;
use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota, RateLimiter};
use prometheus_client::metrics::counter::Counter;
use std::{fmt::Display, hash::Hash, net::IpAddr, num::NonZeroU32, sync::Arc, time::Duration};

/// A limiter keyed by client (`IpAddr`, the default) or by anything else
/// with a budget of its own (a licence key's hash).
#[derive(Clone)]
pub struct Limiter<K: Hash + Eq + Clone = IpAddr> {
    name: &'static str,
    burst: u32,
    period: Duration,
    local: Arc<DefaultKeyedRateLimiter<K>>,
    /// The database, when the budget is shared between instances.
    shared: Option<Database>,
    /// Refusals, for `/metrics`.
    refused: Counter,
}

impl<K: Hash + Eq + Clone> std::fmt::Debug for Limiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Limiter({})", self.name)
    }
}

impl<K: Hash + Eq + Clone + Display> Limiter<K> {
    /// `burst` attempts, refilled evenly over `period`, in this process.
    pub fn new(burst: u32, period: Duration) -> Self {
        Self::named("limit", burst, period, None)
    }

    fn named(name: &'static str, burst: u32, period: Duration, shared: Option<Database>) -> Self {
        let burst = burst.max(1);
        let per = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(period / per.get())
            .unwrap_or_else(|| Quota::per_second(per))
            .allow_burst(per);
        Limiter {
            name,
            burst,
            period,
            local: Arc::new(RateLimiter::keyed(quota)),
            shared,
            refused: Counter::default(),
        }
    }

    /// `Err(wait)` when `key` must wait before trying again.
    pub async fn check_key(&self, key: &K) -> Result<(), Duration> {
        let verdict = match &self.shared {
            Some(db) => self.check_shared(db, key).await,
            None => self.check_local(key),
        };
        if verdict.is_err() {
            self.refused.inc();
        }
        verdict
    }

    fn check_local(&self, key: &K) -> Result<(), Duration> {
        if self.local.len() > 10_000 {
            self.local.retain_recent();
        }
        self.local.check_key(key).map_err(|not_until| {
            not_until.wait_time_from(governor::clock::DefaultClock::default().now())
        })
    }

    async fn check_shared(&self, db: &Database, key: &K) -> Result<(), Duration> {
        let period = chrono::Duration::from_std(self.period).unwrap_or(chrono::Duration::MAX);
        let key = format!("{}:{key}", self.name);
        match domain::rate_limits::hit(db, &key, self.burst, period, chrono::Utc::now()).await {
            Ok(verdict) => verdict,
            // The database is what every request needs anyway; a limit it
            // cannot count does not also turn the visitor away.
            Err(e) => {
                tracing::warn!(limit = self.name, error = %e, "rate limit not counted");
                Ok(())
            }
        }
    }
}

impl Limiter {
    /// `Err(wait)` when this client must wait before trying again. IPv6
    /// clients are keyed by their /64: one subscriber gets a whole /64, so a
    /// per-address limit would be no limit at all.
    pub async fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_key(&client_key(ip)).await
    }
}

/// Makes each limit, shared through `db` when it is PostgreSQL, its
/// refusals counted in `metrics`.
struct Maker<'a> {
    shared: Option<Database>,
    metrics: Option<&'a crate::metrics::Metrics>,
}

impl Maker<'_> {
    fn limit<K: Hash + Eq + Clone + Display>(
        &self,
        name: &'static str,
        burst: u32,
        period: Duration,
    ) -> Limiter<K> {
        let mut l = Limiter::named(name, burst, period, self.shared.clone());
        if let Some(m) = self.metrics {
            l.refused = m.rate_limit_counter(name);
        }
        l
    }
}

/// The licence API's budgets: Lemon Squeezy's 60 calls a minute per
/// client, and 10 a minute per key, so one leaked key hammered from many
/// addresses is slowed all the same.
#[derive(Clone, Debug)]
pub struct LicenseLimits {
    pub per_ip: Limiter,
    /// Keyed by the key's SHA-256, never the key.
    pub per_key: Limiter<String>,
}

pub use domain::net::client_key;

/// The limits of the public forms, the account endpoints and the licence
/// API.
#[derive(Clone, Debug)]
pub struct FormLimits {
    pub contact: Limiter,
    pub waitlist: Limiter,
    /// 5 attempts per minute per IP on each account endpoint.
    pub login: Limiter,
    pub register: Limiter,
    pub forgot: Limiter,
    pub resend: Limiter,
    /// The admin login and its second step share one budget.
    pub admin_login: Limiter,
    pub licenses: LicenseLimits,
    /// The tools' form posts and API together: 60 a minute per client, so
    /// input that is refused (and so never counted against a quota) cannot
    /// be sent without end.
    pub tools: Limiter,
    /// A client's messages to the agency: 30 in ten minutes.
    pub client_messages: Limiter,
}

impl Default for FormLimits {
    /// In this process, uncounted (tests of one router).
    fn default() -> Self {
        Self::build(&Maker {
            shared: None,
            metrics: None,
        })
    }
}

impl FormLimits {
    /// Shared through `db` when it is PostgreSQL; refusals in `metrics`.
    pub fn new(db: &Database, metrics: &crate::metrics::Metrics) -> Self {
        Self::build(&Maker {
            shared: db.is_postgres().then(|| db.clone()),
            metrics: Some(metrics),
        })
    }

    fn build(m: &Maker) -> Self {
        let minute = Duration::from_secs(60);
        FormLimits {
            contact: m.limit("contact", 5, Duration::from_secs(600)),
            waitlist: m.limit("waitlist", 10, Duration::from_secs(600)),
            login: m.limit("login", 5, minute),
            register: m.limit("register", 5, minute),
            forgot: m.limit("forgot", 5, minute),
            resend: m.limit("resend", 5, minute),
            admin_login: m.limit("admin_login", 5, minute),
            licenses: LicenseLimits {
                per_ip: m.limit("licenses_ip", 60, minute),
                per_key: m.limit("licenses_key", 10, minute),
            },
            tools: m.limit("tools", 60, minute),
            client_messages: m.limit("client_messages", 30, Duration::from_secs(600)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sixth_attempt_in_the_window_waits() {
        let l = Limiter::new(5, Duration::from_secs(600));
        let ip: IpAddr = "203.0.113.1".parse().unwrap();
        for _ in 0..5 {
            assert!(l.check(ip).await.is_ok());
        }
        let wait = l.check(ip).await.unwrap_err();
        assert!(
            wait > Duration::from_secs(60) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        // Another address is not affected.
        assert!(l.check("203.0.113.2".parse().unwrap()).await.is_ok());
    }

    #[tokio::test]
    async fn ipv6_clients_share_the_budget_of_their_64() {
        let l = Limiter::new(2, Duration::from_secs(600));
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap();
        assert!(l.check(a).await.is_ok());
        assert!(l.check(b).await.is_ok());
        assert!(l.check("2001:db8:1:2::99".parse().unwrap()).await.is_err());
        // The next /64 is another client.
        assert!(l.check("2001:db8:1:3::1".parse().unwrap()).await.is_ok());
        assert_eq!(
            client_key("::ffff:203.0.113.9".parse().unwrap()),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
    }
}
