//! PayPal's REST API (Orders v2): an OAuth2 client-credentials token,
//! cached until shortly before it expires; create an order; capture it;
//! verify a webhook's signature. Every write carries a `PayPal-Request-Id`
//! derived from our order, so a retried call never charges twice.
use crate::{entities::order, error::DomainResult, payments::unavailable};
use chrono::{DateTime, Duration, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use tokio::sync::Mutex;
use url::Url;

const PROVIDER: &str = "paypal";

/// A PayPal REST app: its credentials and where its API is. `Debug`
/// (below) shows neither the secret nor the cached bearer token.
#[derive(Clone)]
pub struct Paypal {
    http: reqwest::Client,
    client_id: String,
    secret: SecretString,
    api_url: Url,
    webhook_id: Option<String>,
    token: Arc<Mutex<Option<CachedToken>>>,
}

impl std::fmt::Debug for Paypal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paypal")
            .field("client_id", &self.client_id)
            .field("api_url", &self.api_url.as_str())
            .field("webhook_id", &self.webhook_id)
            .finish_non_exhaustive()
    }
}

/// A bearer token and when to stop using it.
type CachedToken = (String, DateTime<Utc>);

/// A PayPal order as created: its id and where the buyer approves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaypalOrder {
    pub id: String,
    pub approve_url: String,
}

/// A completed capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// The capture's id (our `provider_ref`).
    pub id: String,
    /// COMPLETED, PENDING, DECLINED …
    pub status: String,
    pub currency: String,
    /// "19.00" as PayPal wrote it.
    pub value: String,
}

/// The five headers PayPal signs a webhook with.
#[derive(Debug, Clone, Default)]
pub struct WebhookHeaders {
    pub auth_algo: String,
    pub cert_url: String,
    pub transmission_id: String,
    pub transmission_sig: String,
    pub transmission_time: String,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: i64,
}

/// "19.00" for 1900 cents.
pub fn usd_value(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// PayPal's "19.00" (or "19", "19.5") in cents; None for anything else.
pub fn parse_usd_value(value: &str) -> Option<i64> {
    let (whole, frac) = value.split_once('.').unwrap_or((value, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let cents = format!("{frac:0<2}").parse::<i64>().ok()?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)
}

impl Paypal {
    pub fn new(
        http: reqwest::Client,
        client_id: String,
        secret: SecretString,
        api_url: Url,
        webhook_id: Option<String>,
    ) -> Self {
        Paypal {
            http,
            client_id,
            secret,
            api_url,
            webhook_id,
            token: Arc::default(),
        }
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.api_url.as_str().trim_end_matches('/'))
    }

    /// A bearer token, fetched once and reused until a minute before it
    /// expires.
    async fn bearer(&self) -> DomainResult<String> {
        let mut cached = self.token.lock().await;
        if let Some((token, until)) = cached.as_ref() {
            if *until > Utc::now() {
                return Ok(token.clone());
            }
        }
        let res = self
            .http
            .post(self.endpoint("/v1/oauth2/token"))
            .basic_auth(&self.client_id, Some(self.secret.expose_secret()))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .map_err(|e| unavailable(PROVIDER, e))?;
        let status = res.status();
        if !status.is_success() {
            return Err(unavailable(PROVIDER, format!("token answered {status}")));
        }
        let answer: TokenAnswer = res
            .json()
            .await
            .map_err(|e| unavailable(PROVIDER, format!("token answer: {e}")))?;
        let until = Utc::now() + Duration::seconds(answer.expires_in - 60);
        *cached = Some((answer.access_token.clone(), until));
        Ok(answer.access_token)
    }

    async fn call(
        &self,
        path: &str,
        request_id: Option<&str>,
        body: &Value,
    ) -> DomainResult<(u16, Value)> {
        self.call_raw(path, request_id, body.to_string()).await
    }

    /// [`Self::call`] with the JSON body as text, sent byte for byte.
    async fn call_raw(
        &self,
        path: &str,
        request_id: Option<&str>,
        body: String,
    ) -> DomainResult<(u16, Value)> {
        // A token PayPal revoked before its expiry answers 401: fetch a new
        // one and send again (safe: the request id makes it the same call).
        for attempt in 0..2 {
            let token = self.bearer().await?;
            let mut req = self
                .http
                .post(self.endpoint(path))
                .bearer_auth(token)
                .header("prefer", "return=representation")
                .header("content-type", "application/json")
                .body(body.clone());
            if let Some(id) = request_id {
                req = req.header("paypal-request-id", id);
            }
            let res = req.send().await.map_err(|e| unavailable(PROVIDER, e))?;
            let status = res.status().as_u16();
            if status == 401 && attempt == 0 {
                *self.token.lock().await = None;
                continue;
            }
            let text = res.text().await.map_err(|e| unavailable(PROVIDER, e))?;
            let value = serde_json::from_str(&text).unwrap_or(Value::Null);
            return Ok((status, value));
        }
        Err(unavailable(PROVIDER, "bearer token refused twice"))
    }

    /// `POST /v2/checkout/orders`: intent CAPTURE, the order's USD price,
    /// our order code as `custom_id`, returning to the member's orders page.
    pub async fn create_order(
        &self,
        order: &order::Model,
        site_url: &Url,
    ) -> DomainResult<PaypalOrder> {
        let Some(cents) = order.amount_usd_cents else {
            return Err(crate::DomainError::Internal(format!(
                "order {} has no USD price",
                order.order_code
            )));
        };
        let back = |outcome: &str| {
            let mut u = site_url.clone();
            u.set_path("/payment/paypal/return");
            u.set_query(Some(&format!(
                "hasil={outcome}&order_id={}",
                order.order_code
            )));
            u.to_string()
        };
        let body = json!({
            "intent": "CAPTURE",
            "purchase_units": [{
                "reference_id": order.order_code,
                "custom_id": order.order_code,
                "description": order.item_name.chars().take(127).collect::<String>(),
                "amount": { "currency_code": "USD", "value": usd_value(cents) },
            }],
            "payment_source": { "paypal": { "experience_context": {
                "brand_name": "Tiranyx",
                "user_action": "PAY_NOW",
                "shipping_preference": "NO_SHIPPING",
                "return_url": back("ok"),
                "cancel_url": back("batal"),
            }}},
        });
        let request_id = format!("{}-create", order.order_code);
        let (status, answer) = self
            .call("/v2/checkout/orders", Some(&request_id), &body)
            .await?;
        if !(200..300).contains(&status) {
            return Err(unavailable(
                PROVIDER,
                format!("create order answered {status}"),
            ));
        }
        let id = answer["id"].as_str().unwrap_or_default().to_owned();
        let approve = answer["links"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|l| matches!(l["rel"].as_str(), Some("approve" | "payer-action")))
            .and_then(|l| l["href"].as_str())
            .map(str::to_owned);
        match (id.is_empty(), approve) {
            (false, Some(approve_url)) => Ok(PaypalOrder { id, approve_url }),
            _ => Err(unavailable(PROVIDER, "create order: no id or approve link")),
        }
    }

    /// `POST /v2/checkout/orders/{id}/capture`, with a request id of our
    /// order: PayPal answers a retry with the first capture.
    pub async fn capture(
        &self,
        paypal_order_id: &str,
        order_code: &str,
    ) -> DomainResult<Option<Capture>> {
        if !paypal_order_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Ok(None);
        }
        let request_id = format!("{order_code}-capture");
        let (status, answer) = self
            .call(
                &format!("/v2/checkout/orders/{paypal_order_id}/capture"),
                Some(&request_id),
                &json!({}),
            )
            .await?;
        if status == 422 || status == 404 {
            // Not approved (yet), or unknown: nothing captured.
            return Ok(None);
        }
        if !(200..300).contains(&status) {
            return Err(unavailable(PROVIDER, format!("capture answered {status}")));
        }
        Ok(first_capture(&answer))
    }

    /// `POST /v1/notifications/verify-webhook-signature` with the five
    /// headers, our webhook id and the event exactly as received: `raw_event`
    /// (already checked to be JSON) is spliced in byte for byte, because
    /// PayPal verifies its own bytes and a re-serialised event (keys in
    /// another order) fails.
    pub async fn verify_webhook(
        &self,
        headers: &WebhookHeaders,
        raw_event: &str,
    ) -> DomainResult<bool> {
        let Some(webhook_id) = &self.webhook_id else {
            tracing::warn!("paypal webhook refused: PAYPAL_WEBHOOK_ID is not set");
            return Ok(false);
        };
        let fields = json!({
            "auth_algo": headers.auth_algo,
            "cert_url": headers.cert_url,
            "transmission_id": headers.transmission_id,
            "transmission_sig": headers.transmission_sig,
            "transmission_time": headers.transmission_time,
            "webhook_id": webhook_id,
        })
        .to_string();
        // `{…fields…}` → `{…fields…,"webhook_event":<raw>}`.
        let body = format!(
            "{},\"webhook_event\":{}}}",
            fields.trim_end_matches('}'),
            raw_event.trim()
        );
        let (status, answer) = self
            .call_raw("/v1/notifications/verify-webhook-signature", None, body)
            .await?;
        if !(200..300).contains(&status) {
            return Err(unavailable(PROVIDER, format!("verify answered {status}")));
        }
        Ok(answer["verification_status"] == "SUCCESS")
    }
}

/// The first capture in an order's answer.
fn first_capture(answer: &Value) -> Option<Capture> {
    let c = &answer["purchase_units"][0]["payments"]["captures"][0];
    Some(Capture {
        id: c["id"].as_str()?.to_owned(),
        status: c["status"].as_str()?.to_owned(),
        currency: c["amount"]["currency_code"].as_str()?.to_owned(),
        value: c["amount"]["value"].as_str()?.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usd_values_round_trip_exactly() {
        assert_eq!(usd_value(1900), "19.00");
        assert_eq!(usd_value(5), "0.05");
        assert_eq!(parse_usd_value("19.00"), Some(1900));
        assert_eq!(parse_usd_value("19.5"), Some(1950));
        assert_eq!(parse_usd_value("19"), Some(1900));
        assert_eq!(parse_usd_value("19.001"), None);
        assert_eq!(parse_usd_value("-19.00"), None);
        assert_eq!(parse_usd_value("1e3"), None);
        assert_eq!(parse_usd_value(""), None);
    }
}
