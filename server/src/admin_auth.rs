//! Admin login (password, then the TOTP code when enrolled), logout, and the
//! guard in front of `/admin`. Separate from the member endpoints in
//! `auth`: other table, other cookie (`trx_admin`, signed, SameSite=Strict).
use crate::{
    client_ip::client_ip,
    forms::{fail, rate_limited, read_form, wants_json},
    AppState,
};
use app::error::{AppError, ErrorCode};
use app::ssr::session::{self, admin_cookie, admin_token, expired_admin_cookie, has_admin_cookie};
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
    admin::{self, AdminSessionStage},
    DomainError, Refusal,
};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

pub const LOGIN_PATH: &str = "/admin/login";
pub const SECOND_FACTOR_PATH: &str = "/admin/login/2fa";

fn go(json: bool, to: &str) -> Response {
    if json {
        Json(json!({ "ok": true, "redirect": to })).into_response()
    } else {
        Redirect::to(to).into_response()
    }
}

/// A refused login or code, through the one error pipeline; a malformed
/// address gets the same answer as a wrong password.
fn failure(e: DomainError) -> AppError {
    match e {
        DomainError::Invalid(_) => AppError::new(ErrorCode::InvalidCredentials),
        e => e.into(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AdminLoginForm {
    email: String,
    password: String,
}

pub async fn post_login(State(state): State<AppState>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let ip = client_ip(&req, &state.server.config.trusted_proxies);
    let agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let form: AdminLoginForm = read_form(req).await;
    let values = BTreeMap::from([("email".to_owned(), form.email.clone())]);
    if let Some(wait) = ip.and_then(|ip| state.limits.admin_login.check(ip).err()) {
        return fail(&state, LOGIN_PATH, json, values, rate_limited(wait)).await;
    }
    let ip = ip.map(|i| i.to_string());
    let outcome = admin::login(
        &state.server.db,
        &state.server.hasher,
        &form.email,
        &form.password,
        agent.as_deref(),
        ip.as_deref(),
        Utc::now(),
    )
    .await;
    match outcome {
        Ok(login) => {
            let to = match login.stage {
                AdminSessionStage::PasswordOk => SECOND_FACTOR_PATH,
                AdminSessionStage::Active => "/admin",
            };
            let mut res = go(json, to);
            res.headers_mut().append(
                header::SET_COOKIE,
                admin_cookie(&state.server.config, &login.session_token, login.expires_at),
            );
            res
        }
        Err(e) => fail(&state, LOGIN_PATH, json, values, failure(e)).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    code: String,
}

pub async fn post_second_factor(State(state): State<AppState>, req: Request) -> Response {
    let json = wants_json(req.headers());
    let ip = client_ip(&req, &state.server.config.trusted_proxies);
    let token = admin_token(req.headers(), &state.server.config, Utc::now());
    let form: CodeForm = read_form(req).await;
    if let Some(wait) = ip.and_then(|ip| state.limits.admin_login.check(ip).err()) {
        let f = rate_limited(wait);
        return fail(&state, SECOND_FACTOR_PATH, json, BTreeMap::new(), f).await;
    }
    let Some(token) = token else {
        return fail(
            &state,
            LOGIN_PATH,
            json,
            BTreeMap::new(),
            failure(DomainError::Refused(Refusal::SessionInvalid)),
        )
        .await;
    };
    let ip = ip.map(|i| i.to_string());
    let db = &state.server.db;
    match admin::verify_second_factor(db, &token, &form.code, ip.as_deref(), Utc::now()).await {
        Ok(expires_at) => {
            let mut res = go(json, "/admin");
            // The expiry is part of the signed value, so the cookie is re-signed.
            res.headers_mut().append(
                header::SET_COOKIE,
                admin_cookie(&state.server.config, &token, expires_at),
            );
            res
        }
        Err(DomainError::Refused(Refusal::SessionInvalid)) => {
            let f = failure(DomainError::Refused(Refusal::SessionInvalid));
            fail(&state, LOGIN_PATH, json, BTreeMap::new(), f).await
        }
        Err(e) => {
            fail(
                &state,
                SECOND_FACTOR_PATH,
                json,
                BTreeMap::new(),
                failure(e),
            )
            .await
        }
    }
}

pub async fn post_logout(State(state): State<AppState>, req: Request) -> Response {
    let ip = client_ip(&req, &state.server.config.trusted_proxies).map(|i| i.to_string());
    if let Some(token) = admin_token(req.headers(), &state.server.config, Utc::now()) {
        if let Err(e) = admin::logout(&state.server.db, &token, ip.as_deref(), Utc::now()).await {
            tracing::error!(error = %e, "admin logout failed");
        }
    }
    let mut res = Redirect::to("/admin/login?keluar=1").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        expired_admin_cookie(&state.server.config),
    );
    res
}

/// `/admin/login` is open; `/admin/login/2fa` needs a session waiting for
/// its code; everything else under `/admin` needs an active session.
/// Nothing under `/admin` is cached.
pub async fn guard(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let path = path.as_str();
    if !app::shell::within(path, "/admin") {
        return next.run(req).await;
    }
    let mut res = if path == LOGIN_PATH || path == "/admin/logout" {
        next.run(req).await
    } else {
        // The lookup stays in the request: the page, its server functions
        // and handlers such as the CSV export reuse it.
        let (mut parts, body) = req.into_parts();
        let (db, config) = (&state.server.db, &state.server.config);
        let stage = session::admin_session(&mut parts, db, config)
            .await
            .map(|s| s.stage);
        let req = Request::from_parts(parts, body);
        match (path == SECOND_FACTOR_PATH, stage) {
            (true, Some(AdminSessionStage::PasswordOk)) => next.run(req).await,
            (false, Some(AdminSessionStage::Active)) => next.run(req).await,
            (true, Some(AdminSessionStage::Active)) => Redirect::to("/admin").into_response(),
            (false, Some(AdminSessionStage::PasswordOk)) => {
                Redirect::to(SECOND_FACTOR_PATH).into_response()
            }
            (_, None) => {
                let mut res = Redirect::to(LOGIN_PATH).into_response();
                if has_admin_cookie(req.headers()) {
                    res.headers_mut().append(
                        header::SET_COOKIE,
                        expired_admin_cookie(&state.server.config),
                    );
                }
                res
            }
        }
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Puts the resolved client address into the request for server functions
/// (the audit log records it).
pub async fn annotate_client_ip(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let ip = client_ip(&req, &state.server.config.trusted_proxies);
    req.extensions_mut().insert(app::ssr::ClientIp(ip));
    next.run(req).await
}
