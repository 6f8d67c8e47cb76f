//! The three GitHub REST calls the site makes, as GitHub documents them
//! (API version 2022-11-28): invite a collaborator to an organisation's
//! private repository with read access, delete a pending invitation, and
//! remove a collaborator. Every answer is read into a typed outcome; what
//! cannot be acted on now (a 5xx, a network failure, a rate limit) is an
//! [`Outage`], with the time GitHub asked us to wait when it said one.
use super::GithubUsername;
use chrono::{DateTime, Duration, TimeZone, Utc};
use reqwest::{header::HeaderMap, Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use url::Url;

/// GitHub's answer to an invitation (`PUT …/collaborators/{username}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invite {
    /// 201: an invitation was created (or GitHub returned the pending one).
    Invited { invitation_id: i64 },
    /// 204: the user already has access.
    AlreadyCollaborator,
    /// 404: no such user (GitHub also answers 404 for a repository the
    /// token cannot see; the repository is checked by the admin).
    UnknownUser,
    /// 422 or another refusal: GitHub's message.
    Rejected(String),
}

/// GitHub's answer to a removal (`DELETE` an invitation or a collaborator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removed {
    /// 204: removed now.
    Removed,
    /// 404: nothing there (an invitation accepted or declined, a user who
    /// is not a collaborator).
    NotThere,
}

/// A call that cannot be completed now: retried by its job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outage {
    /// A rate limit: not before `at` (`Retry-After`, `X-RateLimit-Reset`).
    RetryAt { at: DateTime<Utc>, reason: String },
    /// A 5xx, a network failure, a token GitHub refuses, an unreadable
    /// answer.
    Unavailable(String),
}

impl std::fmt::Display for Outage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outage::RetryAt { at, reason } => write!(f, "github: {reason}; retry at {at}"),
            Outage::Unavailable(reason) => write!(f, "github: {reason}"),
        }
    }
}

/// A secondary rate limit without a `Retry-After`: GitHub asks for at
/// least a minute.
const SECONDARY_WAIT: i64 = 60;

/// A GitHub account (its fine-grained or classic token) and where its API
/// is. Debug shows no token.
#[derive(Clone, Debug)]
pub struct Github {
    http: reqwest::Client,
    token: SecretString,
    api_url: Url,
}

#[derive(Deserialize)]
struct Invitation {
    id: i64,
}

#[derive(Deserialize, Default)]
struct Message {
    #[serde(default)]
    message: String,
}

impl Github {
    pub fn new(http: reqwest::Client, token: SecretString, api_url: Url) -> Self {
        Github {
            http,
            token,
            api_url,
        }
    }

    /// The client of this configuration: None without a token.
    pub fn from_config(config: &crate::Config) -> Option<Self> {
        let token = config.github_pat.clone()?;
        Some(Github::new(
            crate::payments::http_client(),
            token,
            config.github_api_url.clone(),
        ))
    }

    /// `PUT /repos/{owner}/{repo}/collaborators/{username}` with
    /// `permission: pull`.
    pub async fn invite(
        &self,
        repo: &str,
        user: &GithubUsername,
        now: DateTime<Utc>,
    ) -> Result<Invite, Outage> {
        let path = format!("/repos/{}/collaborators/{}", checked(repo)?, user);
        let body = serde_json::json!({ "permission": "pull" });
        let (status, text) = self.call(Method::PUT, &path, Some(body), now).await?;
        match status {
            StatusCode::CREATED => serde_json::from_str::<Invitation>(&text)
                .map(|i| Invite::Invited {
                    invitation_id: i.id,
                })
                .map_err(|e| Outage::Unavailable(format!("invitation answer: {e}"))),
            StatusCode::NO_CONTENT => Ok(Invite::AlreadyCollaborator),
            StatusCode::NOT_FOUND => Ok(Invite::UnknownUser),
            s if s.is_client_error() => Ok(Invite::Rejected(message(&text, s))),
            s => Err(Outage::Unavailable(format!("invite answered {s}"))),
        }
    }

    /// `DELETE /repos/{owner}/{repo}/invitations/{invitation_id}`.
    pub async fn remove_invitation(
        &self,
        repo: &str,
        invitation_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Removed, Outage> {
        let path = format!("/repos/{}/invitations/{invitation_id}", checked(repo)?);
        self.removal(&path, now).await
    }

    /// `DELETE /repos/{owner}/{repo}/collaborators/{username}`.
    pub async fn remove_collaborator(
        &self,
        repo: &str,
        user: &GithubUsername,
        now: DateTime<Utc>,
    ) -> Result<Removed, Outage> {
        let path = format!("/repos/{}/collaborators/{user}", checked(repo)?);
        self.removal(&path, now).await
    }

    async fn removal(&self, path: &str, now: DateTime<Utc>) -> Result<Removed, Outage> {
        match self.call(Method::DELETE, path, None, now).await? {
            (StatusCode::NO_CONTENT | StatusCode::OK, _) => Ok(Removed::Removed),
            (StatusCode::NOT_FOUND, _) => Ok(Removed::NotThere),
            (s, text) => Err(Outage::Unavailable(format!(
                "removal answered {s}: {}",
                message(&text, s)
            ))),
        }
    }

    /// One call with GitHub's documented headers. Rate limits, 5xx and a
    /// refused token are outages; every other answer goes back to the
    /// caller.
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
        now: DateTime<Utc>,
    ) -> Result<(StatusCode, String), Outage> {
        let url = format!("{}{path}", self.api_url.as_str().trim_end_matches('/'));
        let mut req = self
            .http
            .request(method, url)
            .bearer_auth(self.token.expose_secret())
            .header("accept", "application/vnd.github+json")
            .header("x-github-api-version", "2022-11-28");
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req
            .send()
            .await
            .map_err(|e| Outage::Unavailable(format!("unreachable: {e}")))?;
        let status = res.status();
        let headers = res.headers().clone();
        let text = res
            .text()
            .await
            .map_err(|e| Outage::Unavailable(format!("reading the answer: {e}")))?;
        if let Some(at) = rate_limited(status, &headers, &text, now) {
            return Err(Outage::RetryAt {
                at,
                reason: format!("rate limited ({status})"),
            });
        }
        if status.is_server_error() {
            return Err(Outage::Unavailable(format!("answered {status}")));
        }
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(Outage::Unavailable(format!(
                "the token was refused ({status}): {}",
                message(&text, status)
            )));
        }
        Ok((status, text))
    }
}

/// When a 403 or 429 is a rate limit, the time to try again, as GitHub
/// documents it: `Retry-After` seconds; else, with no requests remaining,
/// `X-RateLimit-Reset` (epoch seconds); else a minute for a secondary
/// limit (a 429, or a 403 whose message says so).
fn rate_limited(
    status: StatusCode,
    headers: &HeaderMap,
    text: &str,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if status != StatusCode::FORBIDDEN && status != StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok())
    };
    if let Some(secs) = header("retry-after") {
        return Some(now + Duration::seconds(secs.clamp(0, 24 * 3600)));
    }
    if header("x-ratelimit-remaining") == Some(0) {
        if let Some(reset) = header("x-ratelimit-reset") {
            let at = Utc.timestamp_opt(reset, 0).single()?;
            return Some(at.max(now));
        }
    }
    let secondary = status == StatusCode::TOO_MANY_REQUESTS
        || message(text, status).to_lowercase().contains("rate limit");
    secondary.then(|| now + Duration::seconds(SECONDARY_WAIT))
}

/// `owner/repo` as GitHub names them; anything else never reaches a URL.
fn checked(repo: &str) -> Result<&str, Outage> {
    let ok = repo.split_once('/').is_some_and(|(owner, name)| {
        GithubUsername::parse(owner).is_some_and(|o| o.as_str() == owner)
            && !name.is_empty()
            && name.len() <= 100
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && name != "."
            && name != ".."
    });
    if ok {
        Ok(repo)
    } else {
        Err(Outage::Unavailable(format!(
            "the product's repository {repo:?} is not owner/name"
        )))
    }
}

/// GitHub's `message`, or the status when it gave none.
fn message(text: &str, status: StatusCode) -> String {
    let m = serde_json::from_str::<Message>(text)
        .unwrap_or_default()
        .message;
    if m.is_empty() {
        status.to_string()
    } else {
        crate::jobs::truncate_chars(&m, 200)
    }
}
