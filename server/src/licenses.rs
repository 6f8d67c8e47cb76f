//! The licence API for outside software, in Lemon Squeezy's shape:
//! `POST /api/licenses/activate`, `/validate` and `/deactivate`, JSON or
//! form-encoded. No session and no cross-site check (nothing here reads a
//! cookie; `middleware::request_checks` lets these paths through).
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
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use utoipa::ToSchema;

/// The three calls' fields; each uses some. Unknown fields are ignored, as
/// clients written for Lemon Squeezy may send more.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LicenseRequest {
    /// The key as the e-mail and the dashboard show it (`TRX-…`).
    license_key: String,
    /// A name for this installation (activate), e.g. the computer's name.
    instance_name: String,
    /// The id `activate` returned (validate: optional; deactivate: required).
    instance_id: Option<String>,
}

/// The licence as every answer shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LicenseView {
    id: i32,
    /// `inactive`, `active`, `expired` or `disabled`.
    #[schema(example = "active")]
    status: &'static str,
    /// The caller's own key, as it is written; the database has none.
    key: String,
    activation_limit: i32,
    activation_usage: i32,
    #[schema(format = DateTime)]
    created_at: String,
    /// Set for licences sold with a subscription.
    #[schema(format = DateTime)]
    expires_at: Option<String>,
}

/// One activation of a licence.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstanceView {
    /// What `validate` and `deactivate` take as `instance_id`.
    id: String,
    name: String,
    #[schema(format = DateTime)]
    created_at: String,
}

/// What was bought.
#[derive(Debug, Serialize, ToSchema)]
pub struct LicenseMeta {
    product_slug: String,
    product_name: String,
}

/// The answer of `activate`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Activated {
    activated: bool,
    /// Always null here: a refusal is an error answer.
    error: Option<ErrorCode>,
    license_key: LicenseView,
    instance: InstanceView,
    meta: LicenseMeta,
}

/// The answer of `validate`: a disabled or expired licence is `valid:
/// false` with its code.
#[derive(Debug, Serialize, ToSchema)]
pub struct Validated {
    valid: bool,
    /// `license_disabled` or `license_expired` when not valid.
    error: Option<ErrorCode>,
    message: Option<String>,
    license_key: LicenseView,
    /// The instance asked about, when `instance_id` was given.
    instance: Option<InstanceView>,
    meta: LicenseMeta,
}

/// The answer of `deactivate`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deactivated {
    deactivated: bool,
    /// Always null here: a refusal is an error answer.
    error: Option<ErrorCode>,
    license_key: LicenseView,
    meta: LicenseMeta,
}

/// Activates a licence on one installation.
///
/// Takes an activation while the licence has one free; concurrent calls
/// never exceed the limit.
#[utoipa::path(
    post,
    path = "/api/licenses/activate",
    tag = "licenses",
    request_body(content(
        (LicenseRequest = "application/json"),
        (LicenseRequest = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "Activated", body = Activated),
        (status = 400, description = "`bad_request`: the body cannot be read", body = AppError),
        (status = 404, description = "`license_not_found`", body = AppError),
        (status = 409, description = "`activation_limit_reached`", body = AppError),
        (status = 403, description = "`license_disabled` or `license_expired`", body = AppError),
        (status = 422, description = "`invalid_input`: a field is missing or too long", body = AppError),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = AppError),
    )
)]
pub async fn activate(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Activated>, AppError> {
    let (r, key) = admit(&state, req).await?;
    let (licensed, instance) =
        licenses::activate(&state.server.db, &key, &r.instance_name, Utc::now()).await?;
    Ok(Json(Activated {
        activated: true,
        error: None,
        license_key: license_view(&licensed, &key),
        instance: instance_view(&instance),
        meta: meta(&licensed),
    }))
}

/// Says whether a licence (and optionally one of its instances) is valid.
#[utoipa::path(
    post,
    path = "/api/licenses/validate",
    tag = "licenses",
    request_body(content(
        (LicenseRequest = "application/json"),
        (LicenseRequest = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "The licence's state", body = Validated),
        (status = 400, description = "`bad_request`: the body cannot be read", body = AppError),
        (status = 404, description = "`license_not_found` or `instance_not_found`", body = AppError),
        (status = 422, description = "`invalid_input`", body = AppError),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = AppError),
    )
)]
pub async fn validate(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Validated>, AppError> {
    let (r, key) = admit(&state, req).await?;
    let instance_id = r.instance_id.as_deref().filter(|i| !i.is_empty());
    let v = licenses::validate(&state.server.db, &key, instance_id, Utc::now()).await?;
    let problem = v.problem.map(|why| AppError::from(DomainError::from(why)));
    Ok(Json(Validated {
        valid: v.valid(),
        error: problem.as_ref().map(|e| e.error),
        message: problem.map(|e| e.message),
        license_key: license_view(&v.licensed, &key),
        instance: v.instance.as_ref().map(instance_view),
        meta: meta(&v.licensed),
    }))
}

/// Frees one activation of a licence.
#[utoipa::path(
    post,
    path = "/api/licenses/deactivate",
    tag = "licenses",
    request_body(content(
        (LicenseRequest = "application/json"),
        (LicenseRequest = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "Deactivated", body = Deactivated),
        (status = 400, description = "`bad_request`: the body cannot be read", body = AppError),
        (status = 404, description = "`license_not_found` or `instance_not_found`", body = AppError),
        (status = 422, description = "`invalid_input`: `instance_id` is missing", body = AppError),
        (status = 429, description = "`rate_limited`, with `Retry-After`", body = AppError),
    )
)]
pub async fn deactivate(
    State(state): State<AppState>,
    req: Request,
) -> Result<Json<Deactivated>, AppError> {
    let (r, key) = admit(&state, req).await?;
    let Some(instance_id) = r.instance_id.filter(|i| !i.is_empty()) else {
        return Err(DomainError::field("instance_id", "ID instance wajib diisi.").into());
    };
    let licensed = licenses::deactivate(&state.server.db, &key, &instance_id, Utc::now()).await?;
    Ok(Json(Deactivated {
        deactivated: true,
        error: None,
        license_key: license_view(&licensed, &key),
        meta: meta(&licensed),
    }))
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
        limits.per_ip.check(ip).await.map_err(limited)?;
    }
    let r: LicenseRequest = body(req).await?;
    if r.license_key.trim().is_empty() {
        return Err(DomainError::field("license_key", "Kunci lisensi wajib diisi.").into());
    }
    // A key that cannot be one is as unknown as one never issued.
    let key = LicenseKey::parse(&r.license_key)
        .ok_or_else(|| DomainError::from(Refusal::LicenseNotFound))?;
    limits
        .per_key
        .check_key(&key.hash())
        .await
        .map_err(limited)?;
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

fn license_view(l: &Licensed, key: &LicenseKey) -> LicenseView {
    let m = &l.license;
    LicenseView {
        id: m.id,
        status: l.status.as_str(),
        key: key.to_string(),
        activation_limit: m.activation_limit,
        activation_usage: m.activation_usage,
        created_at: m.created_at.to_rfc3339(),
        expires_at: m.expires_at.map(|t| t.to_rfc3339()),
    }
}

fn instance_view(i: &license_instance::Model) -> InstanceView {
    InstanceView {
        id: i.instance_id.clone(),
        name: i.name.clone(),
        created_at: i.created_at.to_rfc3339(),
    }
}

fn meta(l: &Licensed) -> LicenseMeta {
    LicenseMeta {
        product_slug: l.license.product_slug.clone(),
        product_name: l.product_name.clone(),
    }
}
