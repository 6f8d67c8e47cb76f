//! Member account endpoints: register, log in and out, verify e-mail,
//! forgot and reset password; and the guard in front of `/dashboard` and
//! `/client`. Plain HTML form posts, answered like the public forms (see
//! `forms`): the page again with messages, a redirect, or JSON for forms.js.
use crate::{
    client_ip::client_ip,
    forms::{fail, rate_limited, read_form, wants_json},
    rate_limit::Limiter,
    AppState,
};
use app::error::{AppError, ErrorCode};
use app::{
    pages::auth::{safe_next, REGISTER_SENT, RESET_SENT, VERIFY_RESENT},
    ssr::session::{self, expired_member_cookie, member_cookie, member_token},
};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    Json,
};
use chrono::Utc;
use domain::{
    accounts::{self, NewAccount, RegisterOutcome, TokenPurpose},
    DomainError,
};
use serde::Deserialize;
use serde_json::json;
use std::{collections::BTreeMap, net::IpAddr, time::Duration};

fn success(json: bool, to: &str, message: &str) -> Response {
    if json {
        Json(json!({ "ok": true, "message": message, "redirect": to })).into_response()
    } else {
        Redirect::to(to).into_response()
    }
}

/// Applies an endpoint's per-IP limit.
fn limited(limiter: &Limiter, ip: Option<IpAddr>) -> Option<Duration> {
    ip.and_then(|ip| limiter.check(ip).err())
}

fn user_agent(req: &Request) -> Option<String> {
    req.headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(255).collect())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    name: String,
    email: String,
    password: String,
}

pub async fn post_register(State(state): State<AppState>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let ip = client_ip(&req, &state.server.config.trusted_proxies);
    let form: RegisterForm = read_form(req).await;
    let values = BTreeMap::from([
        ("name".to_owned(), form.name.clone()),
        ("email".to_owned(), form.email.clone()),
    ]);
    if let Some(wait) = limited(&state.limits.register, ip) {
        return fail(&state, "/register", json, values, rate_limited(wait)).await;
    }
    let input = NewAccount {
        name: form.name,
        email: form.email,
        password: form.password,
    };
    let db = &state.server.db;
    let origin = state.server.config.site_origin();
    match accounts::register(db, &state.server.hasher, &input, &origin, Utc::now()).await {
        Ok(RegisterOutcome::Created { .. }) => {
            state.jobs_notify.notify_one();
            success(json, "/register?terkirim=1", REGISTER_SENT)
        }
        // Same answer as a new account: nobody learns which e-mails exist.
        Ok(RegisterOutcome::AlreadyRegistered { .. }) => {
            success(json, "/register?terkirim=1", REGISTER_SENT)
        }
        Err(e) => fail(&state, "/register", json, values, e.into()).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    remember: Option<String>,
    next: String,
}

pub async fn post_login(State(state): State<AppState>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let ip = client_ip(&req, &state.server.config.trusted_proxies);
    let agent = user_agent(&req);
    let form: LoginForm = read_form(req).await;
    let next = safe_next(Some(&form.next)).unwrap_or_else(|| "/dashboard".to_owned());
    let remember = form.remember.is_some();
    let mut values = BTreeMap::from([
        ("email".to_owned(), form.email.clone()),
        ("next".to_owned(), next.clone()),
    ]);
    if remember {
        values.insert("remember".to_owned(), "1".to_owned());
    }
    let path = "/login";
    if let Some(wait) = limited(&state.limits.login, ip) {
        return fail(&state, path, json, values, rate_limited(wait)).await;
    }
    let ttl = Duration::from_secs(state.server.config.user_session_ttl_secs);
    let ttl_chrono = chrono::Duration::seconds(ttl.as_secs() as i64);
    let outcome = accounts::login(
        &state.server.db,
        &state.server.hasher,
        &form.email,
        &form.password,
        remember,
        agent.as_deref(),
        ip.map(|i| i.to_string()).as_deref(),
        ttl_chrono,
        Utc::now(),
    )
    .await;
    let failure = match outcome {
        Ok(login) => {
            let max_age = remember.then_some(ttl);
            let mut res = success(json, &next, "Berhasil masuk.");
            res.headers_mut().append(
                header::SET_COOKIE,
                member_cookie(&state.server.config, &login.session_token, max_age),
            );
            return res;
        }
        // A malformed address gets the same answer as a wrong password.
        Err(DomainError::Invalid(_)) => AppError::new(ErrorCode::InvalidCredentials),
        Err(e) => e.into(),
    };
    fail(&state, path, json, values, failure).await
}

pub async fn post_logout(State(state): State<AppState>, req: Request) -> Response {
    if let Some(token) = member_token(req.headers()) {
        if let Err(e) = accounts::logout(&state.server.db, &token).await {
            tracing::error!(error = %e, "logout failed");
        }
    }
    let mut res = Redirect::to("/login?keluar=1").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        expired_member_cookie(&state.server.config),
    );
    res
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailForm {
    email: String,
}

/// Forgot-password and resend-verification share a shape: validate the
/// address, maybe send a mail, and always answer the same.
async fn email_only(
    state: &AppState,
    req: Request,
    limiter: &Limiter,
    path: &str,
    done: &str,
    message: &str,
    purpose: TokenPurpose,
) -> Response {
    let json = wants_json(req.headers());
    let ip = client_ip(&req, &state.server.config.trusted_proxies);
    let form: EmailForm = read_form(req).await;
    let values = BTreeMap::from([("email".to_owned(), form.email.clone())]);
    if let Some(wait) = limited(limiter, ip) {
        return fail(state, path, json, values, rate_limited(wait)).await;
    }
    let email = match domain::forms::validate::email(&form.email) {
        Ok(e) => e,
        Err(msg) => {
            let error = DomainError::field("email", msg).into();
            return fail(state, path, json, values, error).await;
        }
    };
    let db = &state.server.db;
    let now = Utc::now();
    let origin = state.server.config.site_origin();
    let issued = match purpose {
        TokenPurpose::ResetPassword => {
            accounts::request_password_reset(db, &email, &origin, now).await
        }
        TokenPurpose::VerifyEmail => accounts::resend_verification(db, &email, &origin, now).await,
    };
    match issued {
        Ok(Some(_)) => state.jobs_notify.notify_one(),
        Ok(None) => {}
        Err(e) => return fail(state, path, json, values, e.into()).await,
    }
    success(json, done, message)
}

pub async fn post_forgot_password(State(state): State<AppState>, req: Request) -> Response {
    let limiter = state.limits.forgot.clone();
    email_only(
        &state,
        req,
        &limiter,
        "/forgot-password",
        "/forgot-password?terkirim=1",
        RESET_SENT,
        TokenPurpose::ResetPassword,
    )
    .await
}

pub async fn post_resend_verification(State(state): State<AppState>, req: Request) -> Response {
    let limiter = state.limits.resend.clone();
    email_only(
        &state,
        req,
        &limiter,
        "/verify-email",
        "/verify-email?terkirim=1",
        VERIFY_RESENT,
        TokenPurpose::VerifyEmail,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    token: String,
    password: String,
}

pub async fn post_verify_email(State(state): State<AppState>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let form: TokenForm = read_form(req).await;
    match accounts::verify_email(&state.server.db, &form.token, Utc::now()).await {
        Ok(_) => success(json, "/login?terverifikasi=1", app::pages::auth::VERIFIED),
        Err(e) => fail(&state, "/verify-email", json, BTreeMap::new(), e.into()).await,
    }
}

pub async fn post_reset_password(State(state): State<AppState>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let form: TokenForm = read_form(req).await;
    let values = BTreeMap::from([("token".to_owned(), form.token.clone())]);
    let path = "/reset-password";
    let outcome = accounts::reset_password(
        &state.server.db,
        &state.server.hasher,
        &form.token,
        &form.password,
        Utc::now(),
    )
    .await;
    match outcome {
        Ok(_) => success(
            json,
            "/login?diatur-ulang=1",
            app::pages::auth::PASSWORD_RESET,
        ),
        Err(e) => fail(&state, path, json, values, e.into()).await,
    }
}

/// Guests asking for `/dashboard…` or `/client…` go to the login page, with
/// the page they wanted kept in `next`; `/client` also needs a client account.
pub async fn guard(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let path = path.as_str();
    let area = |p: &str| app::shell::within(path, p);
    let (member_area, client_area) = (area("/dashboard"), area("/client"));
    if !member_area && !client_area {
        return next.run(req).await;
    }
    // The lookup stays in the request: the page and its handlers reuse it.
    let (mut parts, body) = req.into_parts();
    let user = session::member(&mut parts, &state.server.db).await;
    match user {
        None => {
            let wanted = parts
                .uri
                .path_and_query()
                .map(|pq| pq.as_str())
                .unwrap_or("/dashboard");
            let target = format!("/login?next={}", app::format::query_path(wanted));
            let mut res = Redirect::to(&target).into_response();
            // A stale or forged cookie is cleared on the way out.
            if member_token(&parts.headers).is_some() {
                res.headers_mut().append(
                    header::SET_COOKIE,
                    expired_member_cookie(&state.server.config),
                );
            }
            res
        }
        Some(u) if client_area && u.user_type != accounts::UserType::Client => {
            Redirect::to("/dashboard").into_response()
        }
        Some(_) => {
            let mut res = next.run(Request::from_parts(parts, body)).await;
            // Personal pages are never cached by browsers or proxies.
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
    }
}
