//! The AI provider: an OpenAI-compatible chat completions API
//! (`POST {AI_API_URL}/v1/chat/completions`, bearer `AI_API_KEY`, model
//! `AI_MODEL`) and an image endpoint (`GET {AI_API_URL}/image/{prompt}`
//! with `width`, `height`, `seed`), Pollinations' gateway by default.
//!
//! Like the Ixonomic client: short timeouts, a [`Breaker`] per process so
//! calls fail fast while the provider keeps failing, and retries of a
//! passing failure: a 5xx or no connection after a short backoff, a 429
//! after its `Retry-After` (when that is short enough to wait for in a
//! request; longer is an outage at once). A timeout is not retried: it
//! already cost a whole timeout. The key is never logged nor printed.
use super::{
    retry::transport,
    wire::{ChatRequest, ChatResponse, Message, Usage},
};
use crate::clients::ixonomic::breaker::Breaker;
use secrecy::SecretString;
use std::{sync::Arc, time::Duration};
use url::Url;

/// Why the provider gave no usable answer. Never carries the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AiOutage {
    /// No `AI_API_KEY`: no request was made.
    NotConfigured,
    /// The breaker is open: no request was made.
    BreakerOpen,
    Timeout,
    Unreachable(String),
    /// A 5xx.
    Status(u16),
    /// 429, with the wait the provider asked for.
    RateLimited {
        retry_after: Option<Duration>,
    },
    /// 401 or 403: the key was refused.
    Unauthorized,
    /// Not the contract's shape (or too large, or an empty answer).
    Malformed(String),
}

impl std::fmt::Display for AiOutage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AiOutage::NotConfigured => write!(f, "ai: AI_API_KEY is not set"),
            AiOutage::BreakerOpen => write!(f, "ai: circuit open, not called"),
            AiOutage::Timeout => write!(f, "ai: timed out"),
            AiOutage::Unreachable(e) => write!(f, "ai: unreachable: {e}"),
            AiOutage::Status(s) => write!(f, "ai: answered {s}"),
            AiOutage::RateLimited { retry_after } => {
                write!(f, "ai: rate limited (retry after {retry_after:?})")
            }
            AiOutage::Unauthorized => write!(f, "ai: the API key was refused"),
            AiOutage::Malformed(e) => write!(f, "ai: unreadable answer: {e}"),
        }
    }
}

/// Timeouts, retries and breaker; [`Policy::default`] in the server,
/// shorter ones in tests.
#[derive(Debug, Clone)]
pub struct Policy {
    /// A whole text answer; when streaming, the wait for the first byte
    /// and between two chunks.
    pub timeout: Duration,
    /// A whole image.
    pub image_timeout: Duration,
    /// The waits before each retry (its length is the number of retries).
    pub backoff: Vec<Duration>,
    /// The longest `Retry-After` waited for inside a request.
    pub max_retry_after: Duration,
    pub breaker_threshold: u32,
    pub breaker_cooldown: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            timeout: Duration::from_secs(30),
            image_timeout: Duration::from_secs(45),
            backoff: vec![Duration::from_millis(500), Duration::from_millis(1500)],
            max_retry_after: Duration::from_secs(5),
            breaker_threshold: 5,
            breaker_cooldown: Duration::from_secs(30),
        }
    }
}

/// The largest image accepted from the provider (the upload limit).
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// A text answer and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub text: String,
    pub usage: Option<Usage>,
}

/// The provider of this configuration. Cheap to clone; clones share one
/// breaker. Debug shows no key.
#[derive(Clone)]
pub struct Ai {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) api_url: Url,
    pub(super) key: Option<SecretString>,
    pub(super) model: String,
    pub(super) policy: Policy,
    pub(super) breaker: Breaker,
}

impl std::fmt::Debug for Ai {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ai")
            .field("api_url", &self.inner.api_url.as_str())
            .field("model", &self.inner.model)
            .field("key", &self.inner.key.as_ref().map(|_| "[REDACTED]"))
            .finish()
    }
}

impl Ai {
    pub fn new(api_url: Url, key: Option<SecretString>, model: &str, policy: Policy) -> Self {
        // No client-wide timeout: each call sets its own (streams have none
        // overall, only between chunks).
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!("tiranyx/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "AI HTTP client: falling back to defaults");
                reqwest::Client::new()
            });
        let breaker = Breaker::new(policy.breaker_threshold, policy.breaker_cooldown);
        Ai {
            inner: Arc::new(Inner {
                http,
                api_url,
                key,
                model: model.to_owned(),
                policy,
                breaker,
            }),
        }
    }

    pub fn from_config(config: &crate::Config) -> Self {
        Self::new(
            config.ai_api_url.clone(),
            config.ai_api_key.clone(),
            &config.ai_model,
            Policy::default(),
        )
    }

    /// The same provider with other timeouts (and a fresh breaker).
    pub fn with_policy(self, policy: Policy) -> Self {
        let i = &self.inner;
        Self::new(i.api_url.clone(), i.key.clone(), &i.model, policy)
    }

    pub fn model(&self) -> &str {
        &self.inner.model
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!(
            "{}{path}",
            self.inner.api_url.as_str().trim_end_matches('/')
        )
    }

    pub(super) fn request(
        &self,
        messages: Vec<Message>,
        max_tokens: u32,
        stream: bool,
    ) -> ChatRequest {
        ChatRequest {
            model: self.inner.model.clone(),
            messages,
            max_tokens: Some(max_tokens),
            temperature: Some(0.7),
            stream,
        }
    }

    /// `POST /v1/chat/completions`, with its retries.
    pub async fn chat(
        &self,
        messages: Vec<Message>,
        max_tokens: u32,
    ) -> Result<Completion, AiOutage> {
        let body = self.request(messages, max_tokens, false);
        let timeout = self.inner.policy.timeout;
        let text = self
            .with_retries(|| {
                self.inner
                    .http
                    .post(self.url("/v1/chat/completions"))
                    .timeout(timeout)
                    .json(&body)
            })
            .await?
            .text()
            .await
            .map_err(|e| self.failed(transport(e)))?;
        let answer: ChatResponse = serde_json::from_str(&text)
            .map_err(|e| self.failed(AiOutage::Malformed(e.to_string())))?;
        match answer.text().map(str::trim) {
            Some(t) if !t.is_empty() => Ok(Completion {
                text: t.to_owned(),
                usage: answer.usage,
            }),
            _ => Err(self.failed(AiOutage::Malformed("no text in the answer".into()))),
        }
    }

    /// `GET /image/{prompt}?width=&height=&seed=`: the image's bytes (at
    /// most [`MAX_IMAGE_BYTES`]).
    pub async fn image(
        &self,
        prompt: &str,
        width: u32,
        height: u32,
        seed: u32,
    ) -> Result<Vec<u8>, AiOutage> {
        use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
        let path = format!("/image/{}", utf8_percent_encode(prompt, NON_ALPHANUMERIC));
        let timeout = self.inner.policy.image_timeout;
        let query = [("width", width), ("height", height), ("seed", seed)];
        let mut res = self
            .with_retries(|| {
                self.inner
                    .http
                    .get(self.url(&path))
                    .query(&query)
                    .timeout(timeout)
            })
            .await?;
        let mut bytes = Vec::new();
        while let Some(chunk) = res.chunk().await.map_err(|e| self.failed(transport(e)))? {
            if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                return Err(AiOutage::Malformed("image larger than 5 MB".into()));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }

    pub(super) fn policy(&self) -> &Policy {
        &self.inner.policy
    }
}
