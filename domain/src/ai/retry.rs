//! Sending a request to the provider: one attempt through the breaker,
//! and the retries of a passing failure (see `client`'s module comment).
use super::client::{Ai, AiOutage};
use reqwest::{header::RETRY_AFTER, StatusCode};
use secrecy::ExposeSecret;
use std::time::{Duration, Instant};

impl Ai {
    /// Sends what `build` makes until a 2xx, retrying passing failures
    /// (see the module). The response's body is left to the caller.
    pub(super) async fn with_retries(
        &self,
        build: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, AiOutage> {
        let policy = &self.inner.policy;
        let mut waits = policy.backoff.iter();
        loop {
            let outage = match self.attempt(build()).await {
                Ok(res) => return Ok(res),
                Err(outage) => outage,
            };
            let wait = match (&outage, waits.next()) {
                (_, None) => None,
                (
                    AiOutage::RateLimited {
                        retry_after: Some(asked),
                    },
                    Some(_),
                ) => (*asked <= policy.max_retry_after).then_some(*asked),
                (AiOutage::RateLimited { retry_after: None }, Some(w))
                | (AiOutage::Status(_) | AiOutage::Unreachable(_), Some(w)) => Some(*w),
                _ => None,
            };
            match wait {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return Err(outage),
            }
        }
    }

    /// One request through the breaker; a 2xx comes back, anything else is
    /// an outage (and a breaker failure).
    async fn attempt(&self, req: reqwest::RequestBuilder) -> Result<reqwest::Response, AiOutage> {
        let i = &self.inner;
        let Some(key) = &i.key else {
            return Err(AiOutage::NotConfigured);
        };
        if !i.breaker.allow(Instant::now()) {
            return Err(AiOutage::BreakerOpen);
        }
        let answer = match req.bearer_auth(key.expose_secret()).send().await {
            Err(e) => Err(transport(e)),
            Ok(res) => match res.status() {
                s if s.is_success() => Ok(res),
                StatusCode::TOO_MANY_REQUESTS => Err(AiOutage::RateLimited {
                    retry_after: retry_after(&res),
                }),
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Err(AiOutage::Unauthorized),
                s if s.is_server_error() => Err(AiOutage::Status(s.as_u16())),
                s => Err(AiOutage::Malformed(format!("answered {s}"))),
            },
        };
        match &answer {
            Ok(_) => i.breaker.success(),
            Err(_) => i.breaker.failure(Instant::now()),
        }
        answer
    }

    /// A failure after the status (an unreadable body) counts too.
    pub(super) fn failed(&self, outage: AiOutage) -> AiOutage {
        self.inner.breaker.failure(Instant::now());
        outage
    }
}

/// `Retry-After` in seconds (the HTTP-date form is read as no wait given).
fn retry_after(res: &reqwest::Response) -> Option<Duration> {
    res.headers()
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

pub(super) fn transport(e: reqwest::Error) -> AiOutage {
    if e.is_timeout() {
        AiOutage::Timeout
    } else {
        // reqwest's message names the URL, never the headers.
        AiOutage::Unreachable(e.to_string())
    }
}
