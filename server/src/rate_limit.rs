//! Per-IP rate limits for the public forms, and per-IP and per-key limits
//! of the licence API (the `governor` crate's keyed GCRA limiter; memory is
//! bounded by pruning idle keys).
use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::{hash::Hash, net::IpAddr, num::NonZeroU32, sync::Arc, time::Duration};

/// A limiter keyed by client (`IpAddr`, the default) or by anything else
/// with a budget of its own (a licence key's hash).
#[derive(Clone)]
pub struct Limiter<K: Hash + Eq + Clone = IpAddr> {
    inner: Arc<DefaultKeyedRateLimiter<K>>,
}

impl<K: Hash + Eq + Clone> std::fmt::Debug for Limiter<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Limiter")
    }
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    /// `burst` attempts, refilled evenly over `period`.
    pub fn new(burst: u32, period: Duration) -> Self {
        let burst = NonZeroU32::new(burst.max(1)).expect("non-zero");
        let quota = Quota::with_period(period / burst.get())
            .expect("period is non-zero")
            .allow_burst(burst);
        Limiter {
            inner: Arc::new(RateLimiter::keyed(quota)),
        }
    }

    /// `Err(wait)` when `key` must wait before trying again.
    pub fn check_key(&self, key: &K) -> Result<(), Duration> {
        if self.inner.len() > 10_000 {
            self.inner.retain_recent();
        }
        self.inner.check_key(key).map_err(|not_until| {
            not_until.wait_time_from(governor::clock::DefaultClock::default().now())
        })
    }
}

impl Limiter {
    /// `Err(wait)` when this client must wait before trying again. IPv6
    /// clients are keyed by their /64: one subscriber gets a whole /64, so a
    /// per-address limit would be no limit at all.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.check_key(&client_key(ip))
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

impl Default for LicenseLimits {
    fn default() -> Self {
        LicenseLimits {
            per_ip: Limiter::new(60, Duration::from_secs(60)),
            per_key: Limiter::new(10, Duration::from_secs(60)),
        }
    }
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
    fn default() -> Self {
        let per_minute = || Limiter::new(5, Duration::from_secs(60));
        FormLimits {
            contact: Limiter::new(5, Duration::from_secs(600)),
            waitlist: Limiter::new(10, Duration::from_secs(600)),
            login: per_minute(),
            register: per_minute(),
            forgot: per_minute(),
            resend: per_minute(),
            admin_login: per_minute(),
            licenses: LicenseLimits::default(),
            tools: Limiter::new(60, Duration::from_secs(60)),
            client_messages: Limiter::new(30, Duration::from_secs(600)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixth_attempt_in_the_window_waits() {
        let l = Limiter::new(5, Duration::from_secs(600));
        let ip: IpAddr = "203.0.113.1".parse().unwrap();
        for _ in 0..5 {
            assert!(l.check(ip).is_ok());
        }
        let wait = l.check(ip).unwrap_err();
        assert!(
            wait > Duration::from_secs(60) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        // Another address is not affected.
        assert!(l.check("203.0.113.2".parse().unwrap()).is_ok());
    }

    #[test]
    fn ipv6_clients_share_the_budget_of_their_64() {
        let l = Limiter::new(2, Duration::from_secs(600));
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap();
        assert!(l.check(a).is_ok());
        assert!(l.check(b).is_ok());
        assert!(l.check("2001:db8:1:2::99".parse().unwrap()).is_err());
        // The next /64 is another client.
        assert!(l.check("2001:db8:1:3::1".parse().unwrap()).is_ok());
        assert_eq!(
            client_key("::ffff:203.0.113.9".parse().unwrap()),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
    }
}
