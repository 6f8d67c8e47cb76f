//! The two Midtrans calls the site makes: create a Snap transaction, and
//! ask a transaction's status (to confirm what a notification claims).
use crate::{
    entities::order,
    error::{DomainError, DomainResult},
    payments::unavailable,
};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::json;
use url::Url;

/// A Midtrans account: its server key and where its APIs are.
/// Debug shows no key: `SecretString` prints as redacted.
#[derive(Clone, Debug)]
pub struct Midtrans {
    http: reqwest::Client,
    server_key: SecretString,
    snap_url: Url,
    api_url: Url,
}

/// Snap's answer to a new transaction.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct SnapPayment {
    pub token: String,
    pub redirect_url: String,
}

/// `GET /v2/{order_id}/status`, as far as the site reads it: strings as
/// received, like a notification.
#[derive(Debug, Clone, Deserialize)]
pub struct TransactionStatus {
    pub order_id: String,
    pub status_code: String,
    #[serde(default)]
    pub gross_amount: String,
    #[serde(default)]
    pub transaction_status: String,
    #[serde(default)]
    pub fraud_status: Option<String>,
    #[serde(default)]
    pub transaction_id: Option<String>,
}

const PROVIDER: &str = "midtrans";

impl Midtrans {
    pub fn new(
        http: reqwest::Client,
        server_key: SecretString,
        snap_url: Url,
        api_url: Url,
    ) -> Self {
        Midtrans {
            http,
            server_key,
            snap_url,
            api_url,
        }
    }

    pub fn server_key(&self) -> &str {
        self.server_key.expose_secret()
    }

    fn endpoint(base: &Url, path: &str) -> String {
        format!("{}{path}", base.as_str().trim_end_matches('/'))
    }

    /// `POST {snap}/v1/transactions` for `order` (seed 4.1): the amount in
    /// whole rupiah, one item, the buyer, and the three callbacks, which
    /// land on the buyer's page of the order (`OrderItemKind::buyer_page`).
    /// Basic auth is the server key and an empty password.
    pub async fn create_transaction(
        &self,
        order: &order::Model,
        site_url: &Url,
    ) -> DomainResult<SnapPayment> {
        let callback = |status: &str| {
            let mut u = site_url.clone();
            u.set_path(order.item_kind.buyer_page());
            u.set_query(Some(&format!("status={status}")));
            u.to_string()
        };
        let body = json!({
            "transaction_details": {
                "order_id": order.order_code,
                "gross_amount": order.amount_idr,
            },
            "customer_details": {
                "first_name": order.customer_name,
                "email": order.customer_email,
                "phone": order.customer_phone.clone().unwrap_or_default(),
            },
            "item_details": [{
                "id": order.item_slug,
                "price": order.amount_idr,
                "quantity": 1,
                // Midtrans cuts item names at 50 characters.
                "name": order.item_name.chars().take(50).collect::<String>(),
            }],
            "callbacks": {
                "finish": callback("success"),
                "error": callback("error"),
                "pending": callback("pending"),
            },
        });
        let res = self
            .http
            .post(Self::endpoint(&self.snap_url, "/v1/transactions"))
            .basic_auth(self.server_key.expose_secret(), None::<&str>)
            .header("accept", "application/json")
            .json(&body)
            .send()
            .await
            .map_err(|e| unavailable(PROVIDER, e))?;
        let status = res.status();
        let text = res.text().await.map_err(|e| unavailable(PROVIDER, e))?;
        if !status.is_success() {
            return Err(unavailable(
                PROVIDER,
                format!("create transaction answered {status}: {}", snippet(&text)),
            ));
        }
        serde_json::from_str(&text).map_err(|e| unavailable(PROVIDER, format!("snap answer: {e}")))
    }

    /// `GET {api}/v2/{order_id}/status`; None when Midtrans knows no such
    /// transaction (HTTP 404, or a body whose `status_code` is 404).
    pub async fn status(&self, order_id: &str) -> DomainResult<Option<TransactionStatus>> {
        if !valid_order_id(order_id) {
            return Ok(None);
        }
        let res = self
            .http
            .get(Self::endpoint(
                &self.api_url,
                &format!("/v2/{order_id}/status"),
            ))
            .basic_auth(self.server_key.expose_secret(), None::<&str>)
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| unavailable(PROVIDER, e))?;
        let status = res.status();
        let text = res.text().await.map_err(|e| unavailable(PROVIDER, e))?;
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(unavailable(
                PROVIDER,
                format!("status answered {status}: {}", snippet(&text)),
            ));
        }
        let parsed: TransactionStatus = serde_json::from_str(&text)
            .map_err(|e| unavailable(PROVIDER, format!("status answer: {e}")))?;
        match parsed.status_code.as_str() {
            "404" => Ok(None),
            _ if parsed.order_id != order_id => Err(DomainError::Internal(format!(
                "midtrans status for {order_id} named {}",
                parsed.order_id
            ))),
            _ => Ok(Some(parsed)),
        }
    }
}

/// Our order codes: letters, digits and dashes, at most 50 (Midtrans'
/// limit). Anything else is not ours and is never put in a URL.
pub fn valid_order_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 50 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The start of a provider's answer, for a log line.
fn snippet(text: &str) -> String {
    crate::jobs::truncate_chars(text, 200)
}
