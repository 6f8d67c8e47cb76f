//! The five Ixonomic calls (`contracts/ixonomic.openapi.yaml`), typed.
//!
//! Resilient by design: every call has a short timeout; a GET that fails
//! for a passing reason (unreachable, 5xx) is tried again after a short
//! backoff, a timeout is not (it already cost a whole timeout, and a slow
//! Ixonomic gets no extra load from us); the POST is never retried here
//! (only by the caller, with the same idempotency key). A [`Breaker`] per
//! process makes calls fail fast while Ixonomic keeps failing. Whatever
//! fails is an [`Outage`]; the portal then shows its snapshot.
use super::{
    breaker::Breaker,
    contract::{DecisionRequest, Deliverable, Envelope, ErrorBody, Invoice, Milestone, Project},
    SIMULATOR_TOKEN,
};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use std::{
    sync::Arc,
    time::{Duration, Instant},
};
use url::Url;

/// Why a call gave no usable answer. Never carries the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outage {
    /// The breaker is open: no request was made.
    BreakerOpen,
    /// No `IXONOMIC_API_KEY`: no request was made.
    NotConfigured,
    /// No answer within the timeout.
    Timeout,
    /// Connection refused, reset, DNS …
    Unreachable(String),
    /// A 5xx.
    Status(u16),
    /// 401: Ixonomic refused the key.
    Unauthorized,
    /// An answer that is not the contract's JSON, or an unexpected status.
    Malformed(String),
}

impl std::fmt::Display for Outage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outage::BreakerOpen => write!(f, "ixonomic: circuit open, not called"),
            Outage::NotConfigured => write!(f, "ixonomic: IXONOMIC_API_KEY is not set"),
            Outage::Timeout => write!(f, "ixonomic: timed out"),
            Outage::Unreachable(e) => write!(f, "ixonomic: unreachable: {e}"),
            Outage::Status(s) => write!(f, "ixonomic: answered {s}"),
            Outage::Unauthorized => write!(f, "ixonomic: the API key was refused (401)"),
            Outage::Malformed(e) => write!(f, "ixonomic: unreadable answer: {e}"),
        }
    }
}

impl Outage {
    /// Worth another try in a moment (a timeout is not: see the module).
    fn passing(&self) -> bool {
        matches!(self, Outage::Unreachable(_) | Outage::Status(_))
    }
}

/// Ixonomic's answer to a decision (`POST /projects/{id}/approve`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    /// 200: the deliverable as decided (also for a repeated key).
    Decided(Deliverable),
    /// 409 `not_awaiting_approval`.
    NotAwaiting,
    /// 404: unknown project or deliverable.
    NotFound,
    /// 422 or another refusal: Ixonomic's message.
    Rejected(String),
    /// Nothing is known: send again with the same key.
    Outage(Outage),
}

/// Timeouts, backoff and breaker settings; [`Policy::default`] in the
/// server, shorter ones in tests.
#[derive(Debug, Clone)]
pub struct Policy {
    pub timeout: Duration,
    /// The waits before each retry of a GET (its length is the retries).
    pub backoff: Vec<Duration>,
    pub breaker_threshold: u32,
    pub breaker_cooldown: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            timeout: Duration::from_secs(3),
            backoff: vec![Duration::from_millis(100), Duration::from_millis(300)],
            breaker_threshold: 5,
            breaker_cooldown: Duration::from_secs(30),
        }
    }
}

/// The Ixonomic API of this configuration. Cheap to clone; clones share
/// one breaker. Debug shows no key.
#[derive(Clone)]
pub struct Ixonomic {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    api_url: Url,
    key: Option<SecretString>,
    policy: Policy,
    breaker: Breaker,
}

impl std::fmt::Debug for Ixonomic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ixonomic")
            .field("api_url", &self.inner.api_url.as_str())
            .field("key", &self.inner.key.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

impl Ixonomic {
    pub fn new(http: reqwest::Client, api_url: Url, key: SecretString) -> Self {
        Self::build(http, api_url, Some(key), Policy::default())
    }

    /// The client of this configuration; without a key every call is
    /// [`Outage::NotConfigured`] (the portal says Ixonomic is unavailable).
    pub fn from_config(config: &crate::Config) -> Self {
        Self::build(
            crate::payments::http_client(),
            config.ixonomic_api_url.clone(),
            config.ixonomic_api_key.clone(),
            Policy::default(),
        )
    }

    /// The same API with other timeouts (and a fresh breaker).
    pub fn with_policy(self, policy: Policy) -> Self {
        let i = &self.inner;
        Self::build(i.http.clone(), i.api_url.clone(), i.key.clone(), policy)
    }

    fn build(
        http: reqwest::Client,
        api_url: Url,
        key: Option<SecretString>,
        policy: Policy,
    ) -> Self {
        let breaker = Breaker::new(policy.breaker_threshold, policy.breaker_cooldown);
        Ixonomic {
            inner: Arc::new(Inner {
                http,
                api_url,
                key,
                policy,
                breaker,
            }),
        }
    }

    /// Whether calls fail fast now (the portal disables approving).
    pub fn breaker_open(&self) -> bool {
        self.inner.breaker.is_open(Instant::now())
    }

    /// Whether this is the development simulator's public key.
    pub fn uses_simulator_key(&self) -> bool {
        self.inner
            .key
            .as_ref()
            .is_some_and(|k| k.expose_secret() == SIMULATOR_TOKEN)
    }

    /// `GET /projects?client_id=`.
    pub async fn projects(&self, client_id: &str) -> Result<Vec<Project>, Outage> {
        self.list("/projects", Some(client_id)).await
    }

    /// `GET /projects/{id}/milestones`.
    pub async fn milestones(&self, project_id: &str) -> Result<Vec<Milestone>, Outage> {
        let path = format!("/projects/{}/milestones", checked(project_id)?);
        self.list(&path, None).await
    }

    /// `GET /projects/{id}/deliverables`.
    pub async fn deliverables(&self, project_id: &str) -> Result<Vec<Deliverable>, Outage> {
        let path = format!("/projects/{}/deliverables", checked(project_id)?);
        self.list(&path, None).await
    }

    /// `GET /invoices?client_id=`.
    pub async fn invoices(&self, client_id: &str) -> Result<Vec<Invoice>, Outage> {
        self.list("/invoices", Some(client_id)).await
    }

    /// `POST /projects/{id}/approve` with `Idempotency-Key`, once.
    pub async fn decide(
        &self,
        project_id: &str,
        request: &DecisionRequest,
        idempotency_key: &str,
    ) -> Decided {
        let path = match checked(project_id) {
            Ok(id) => format!("/projects/{id}/approve"),
            Err(_) => return Decided::NotFound,
        };
        let body = match serde_json::to_value(request) {
            Ok(b) => b,
            Err(e) => return Decided::Rejected(e.to_string()),
        };
        let (status, text) = match self
            .attempt(Method::POST, &path, None, Some((body, idempotency_key)))
            .await
        {
            Ok(answer) => answer,
            Err(outage) => return Decided::Outage(outage),
        };
        match status {
            StatusCode::OK | StatusCode::CREATED => {
                match serde_json::from_str::<Envelope<Deliverable>>(&text) {
                    Ok(e) => Decided::Decided(e.data),
                    Err(e) => Decided::Outage(Outage::Malformed(e.to_string())),
                }
            }
            StatusCode::CONFLICT => Decided::NotAwaiting,
            StatusCode::NOT_FOUND => Decided::NotFound,
            s => Decided::Rejected(message(&text, s)),
        }
    }

    /// A GET of a `{"data": [...]}` list, with its retries.
    async fn list<T: DeserializeOwned>(
        &self,
        path: &str,
        client_id: Option<&str>,
    ) -> Result<Vec<T>, Outage> {
        let mut waits = self.inner.policy.backoff.iter();
        loop {
            let outage = match self.attempt(Method::GET, path, client_id, None).await {
                Ok((StatusCode::OK, text)) => {
                    return serde_json::from_str::<Envelope<Vec<T>>>(&text)
                        .map(|e| e.data)
                        .map_err(|e| self.failed(Outage::Malformed(e.to_string())));
                }
                Ok((status, text)) => {
                    Outage::Malformed(format!("{path} answered {}", message(&text, status)))
                }
                Err(outage) => outage,
            };
            match waits.next() {
                Some(wait) if outage.passing() => tokio::time::sleep(*wait).await,
                _ => return Err(outage),
            }
        }
    }

    /// One request through the breaker: a 5xx, a 401, a timeout or no
    /// connection is an outage (and a breaker failure); any other answer
    /// goes back to the caller.
    async fn attempt(
        &self,
        method: Method,
        path: &str,
        client_id: Option<&str>,
        post: Option<(serde_json::Value, &str)>,
    ) -> Result<(StatusCode, String), Outage> {
        let i = &self.inner;
        let Some(key) = &i.key else {
            return Err(Outage::NotConfigured);
        };
        if !i.breaker.allow(Instant::now()) {
            return Err(Outage::BreakerOpen);
        }
        let url = format!("{}{path}", i.api_url.as_str().trim_end_matches('/'));
        let mut req = i
            .http
            .request(method, url)
            .timeout(i.policy.timeout)
            .bearer_auth(key.expose_secret())
            .header("accept", "application/json");
        if let Some(client_id) = client_id {
            req = req.query(&[("client_id", client_id)]);
        }
        if let Some((body, idempotency_key)) = post {
            req = req.header("idempotency-key", idempotency_key).json(&body);
        }
        let answer = async {
            let res = req.send().await.map_err(transport)?;
            let status = res.status();
            let text = res.text().await.map_err(transport)?;
            if status.is_server_error() {
                return Err(Outage::Status(status.as_u16()));
            }
            if status == StatusCode::UNAUTHORIZED {
                return Err(Outage::Unauthorized);
            }
            Ok((status, text))
        }
        .await;
        match &answer {
            Ok(_) => i.breaker.success(),
            Err(_) => i.breaker.failure(Instant::now()),
        }
        answer
    }

    /// A malformed 200 counts against the breaker too.
    fn failed(&self, outage: Outage) -> Outage {
        self.inner.breaker.failure(Instant::now());
        outage
    }
}

fn transport(e: reqwest::Error) -> Outage {
    if e.is_timeout() {
        Outage::Timeout
    } else {
        // reqwest's message names the URL, never the headers.
        Outage::Unreachable(e.to_string())
    }
}

/// Whether `id` may be a project (or deliverable, invoice) id: checked
/// before it goes into a URL path.
pub fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

fn checked(id: &str) -> Result<&str, Outage> {
    if valid_id(id) {
        Ok(id)
    } else {
        Err(Outage::Malformed(format!("not a project id: {id:?}")))
    }
}

/// Ixonomic's error message, or the status when it gave none.
fn message(text: &str, status: StatusCode) -> String {
    match serde_json::from_str::<ErrorBody>(text) {
        Ok(e) => format!(
            "{status} {}: {}",
            e.error.code,
            crate::jobs::truncate_chars(&e.error.message, 200)
        ),
        Err(_) => status.to_string(),
    }
}
