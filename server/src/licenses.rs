//! The licence API for outside software, in Lemon Squeezy's shape:
//! `POST /api/licenses/activate`, `/validate` and `/deactivate`, JSON or
//! form-encoded. No session and no cross-site check (nothing here reads a
//! cookie; `middleware::cross_site_guard` lets these paths through).
//! Limited per client and per key. Thin: limits, input, `domain::licenses`,
//! the one error pipeline. Also the dashboard's plain form that frees one
//! of the member's activations.
use crate::{client_ip::client_ip, payments::back_with, AppState};
use app::{
    error::{AppError, ErrorCode},
    ssr::session::CurrentMember,
};
use axum::{
    extract::{FromRequest, Request, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
    Form, Json,
};
use chrono::Utc;
use domain::{
    entities::license_instance,
    licenses::{self, LicenseKey, Licensed},
    DomainError, Refusal,
};
use serde::{de::DeserializeOwned, Deserialize};
use serde_json::{json, Value};

/// The three calls' fields; each uses some. Unknown fields are ignored, as
/// clients written for Lemon Squeezy may send more.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LicenseRequest {
    license_key: String,
    instance_name: String,
    instance_id: Option<String>,
}

/// `POST /api/licenses/activate` (`license_key`, `instance_name`).
pub async fn activate(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Value>, AppError> {
    let (r, key) = admit(&state, req).await?;
    let (licensed, instance) =
        licenses::activate(&state.server.db, &key, &r.instance_name, Utc::now()).await?;
    Ok(Json(json!({
        "activated": true,
        "error": null,
        "license_key": license_json(&licensed, &key),
        "instance": instance_json(&instance),
        "meta": meta_json(&licensed),
    })))
}

/// `POST /api/licenses/validate` (`license_key`, optional `instance_id`).
/// A disabled or expired licence is an answer, `valid: false` with its
/// code in `error`; an unknown key or instance is a 404.
pub async fn validate(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Value>, AppError> {
    let (r, key) = admit(&state, req).await?;
    let instance_id = r.instance_id.as_deref().filter(|i| !i.is_empty());
    let v = licenses::validate(&state.server.db, &key, instance_id, Utc::now()).await?;
    let problem = v.problem.map(|why| AppError::from(DomainError::from(why)));
    Ok(Json(json!({
        "valid": v.valid(),
        "error": problem.as_ref().map(|e| e.code()),
        "message": problem.as_ref().map(|e| e.message.clone()),
        "license_key": license_json(&v.licensed, &key),
        "instance": v.instance.as_ref().map(instance_json),
        "meta": meta_json(&v.licensed),
    })))
}

/// `POST /api/licenses/deactivate` (`license_key`, `instance_id`).
pub async fn deactivate(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Value>, AppError> {
    let (r, key) = admit(&state, req).await?;
    let Some(instance_id) = r.instance_id.filter(|i| !i.is_empty()) else {
        return Err(DomainError::field("instance_id", "ID instance wajib diisi.").into());
    };
    let licensed = licenses::deactivate(&state.server.db, &key, &instance_id, Utc::now()).await?;
    Ok(Json(json!({
        "deactivated": true,
        "error": null,
        "license_key": license_json(&licensed, &key),
        "meta": meta_json(&licensed),
    })))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReleaseForm {
    instance_id: String,
}

/// `POST /dashboard/licenses/release`: the member frees one of their own
/// activations; anyone else's is not found.
pub async fn release(
    State(state): State<AppState>,
    member: Result<CurrentMember, AppError>,
    form: Result<Form<ReleaseForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    const PAGE: &str = "/dashboard/downloads";
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to(&format!("/login?next={PAGE}")).into_response();
    };
    let instance_id = form.map(|Form(f)| f.instance_id).unwrap_or_default();
    match licenses::release(
        &state.server.db,
        user.user_id,
        instance_id.trim(),
        Utc::now(),
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("{PAGE}?dilepas=1#lisensi")).into_response(),
        Err(e) => back_with(PAGE, e.into()),
    }
}

/// The limits, then the request: the client's budget first (also spent by
/// malformed keys), then the key's own.
async fn admit(state: &AppState, req: Request) -> Result<(LicenseRequest, LicenseKey), AppError> {
    let limits = &state.limits.licenses;
    if let Some(ip) = client_ip(&req, &state.server.config.trusted_proxies) {
        limits.per_ip.check(ip).map_err(limited)?;
    }
    let r: LicenseRequest = body(req).await?;
    if r.license_key.trim().is_empty() {
        return Err(DomainError::field("license_key", "Kunci lisensi wajib diisi.").into());
    }
    // A key that cannot be one is as unknown as one never issued.
    let key = LicenseKey::parse(&r.license_key)
        .ok_or_else(|| DomainError::from(Refusal::LicenseNotFound))?;
    limits.per_key.check_key(&key.hash()).map_err(limited)?;
    Ok((r, key))
}

fn limited(wait: std::time::Duration) -> AppError {
    AppError::limited(ErrorCode::RateLimited, wait.as_secs().max(1))
}

/// JSON when the request says so, else a form (what Lemon Squeezy asks of
/// its clients).
async fn body<T: DeserializeOwned + Send + 'static>(req: Request) -> Result<T, AppError> {
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let parsed = if json {
        Json::<T>::from_request(req, &())
            .await
            .map(|Json(t)| t)
            .ok()
    } else {
        Form::<T>::from_request(req, &())
            .await
            .map(|Form(t)| t)
            .ok()
    };
    parsed.ok_or_else(|| AppError::new(ErrorCode::BadRequest))
}

fn license_json(l: &Licensed, key: &LicenseKey) -> Value {
    let m = &l.license;
    json!({
        "id": m.id,
        "status": l.status.as_str(),
        // The caller's own key, as it is written; the database has none.
        "key": key.to_string(),
        "activation_limit": m.activation_limit,
        "activation_usage": m.activation_usage,
        "created_at": m.created_at.to_rfc3339(),
        "expires_at": m.expires_at.map(|t| t.to_rfc3339()),
    })
}

fn instance_json(i: &license_instance::Model) -> Value {
    json!({
        "id": i.instance_id,
        "name": i.name,
        "created_at": i.created_at.to_rfc3339(),
    })
}

fn meta_json(l: &Licensed) -> Value {
    json!({
        "product_slug": l.license.product_slug,
        "product_name": l.product_name,
    })
}
