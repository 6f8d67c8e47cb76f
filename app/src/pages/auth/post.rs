//! The posts of the `(auth)` pages beside them: register, log in and out,
//! verify e-mail, forgot and reset password. Plain HTML form posts answered
//! with the page again (messages by field), a redirect, or JSON for
//! `forms.js`; every refusal goes through the one error pipeline.
use super::{safe_next, REGISTER_SENT, RESET_SENT, VERIFY_RESENT};
use crate::{
    error::{AppError, ErrorCode},
    forms::post::{
        fail, rate_limited, read_form, success, user_agent, wants_json, FormHost, Limit,
    },
    ssr::session::{expired_member_cookie, member_cookie, member_token},
};
use axum::{
    body::Body,
    extract::State,
    http::{header, Request},
    response::{IntoResponse, Redirect, Response},
};
use chrono::Utc;
use domain::{
    accounts::{self, NewAccount, RegisterOutcome, TokenPurpose},
    DomainError,
};
use serde::Deserialize;
use std::{collections::BTreeMap, time::Duration};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    name: String,
    email: String,
    password: String,
}

pub async fn register<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
    let json = wants_json(req.headers());
    let ip = host.client_ip(&req);
    let form: RegisterForm = read_form(req).await;
    let values = BTreeMap::from([
        ("name".to_owned(), form.name.clone()),
        ("email".to_owned(), form.email.clone()),
    ]);
    if let Err(wait) = host.check(Limit::Register, ip).await {
        return fail(&host, "/register", json, values, rate_limited(wait)).await;
    }
    let input = NewAccount {
        name: form.name,
        email: form.email,
        password: form.password,
    };
    let db = &host.server().db;
    let origin = host.server().config.site_origin();
    match accounts::register(db, &host.server().hasher, &input, &origin, Utc::now()).await {
        Ok(RegisterOutcome::Created { .. }) => {
            host.wake_jobs();
            success(json, "/register?terkirim=1", REGISTER_SENT)
        }
        // Same answer as a new account: nobody learns which e-mails exist.
        Ok(RegisterOutcome::AlreadyRegistered { .. }) => {
            success(json, "/register?terkirim=1", REGISTER_SENT)
        }
        Err(e) => fail(&host, "/register", json, values, e.into()).await,
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

pub async fn login<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
    let json = wants_json(req.headers());
    let ip = host.client_ip(&req);
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
    // A client's login shows its refusals on the clients' login page.
    let path = if crate::shell::within(&next, "/client") {
        crate::shell::CLIENT_LOGIN
    } else {
        "/login"
    };
    if let Err(wait) = host.check(Limit::Login, ip).await {
        return fail(&host, path, json, values, rate_limited(wait)).await;
    }
    let ttl = Duration::from_secs(host.server().config.user_session_ttl_secs);
    let ttl_chrono = chrono::Duration::seconds(ttl.as_secs() as i64);
    let outcome = accounts::login(
        &host.server().db,
        &host.server().hasher,
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
                member_cookie(&host.server().config, &login.session_token, max_age),
            );
            return res;
        }
        // A malformed address gets the same answer as a wrong password.
        Err(DomainError::Invalid(_)) => AppError::new(ErrorCode::InvalidCredentials),
        Err(e) => e.into(),
    };
    fail(&host, path, json, values, failure).await
}

pub async fn logout<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
    if let Some(token) = member_token(req.headers(), &host.server().config) {
        if let Err(e) = accounts::logout(&host.server().db, &token).await {
            tracing::error!(error = %e, "logout failed");
        }
    }
    let mut res = Redirect::to("/login?keluar=1").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        expired_member_cookie(&host.server().config),
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
async fn email_only<H: FormHost>(
    host: &H,
    req: Request<Body>,
    limit: Limit,
    path: &str,
    done: &str,
    message: &str,
    purpose: TokenPurpose,
) -> Response {
    let json = wants_json(req.headers());
    let ip = host.client_ip(&req);
    let form: EmailForm = read_form(req).await;
    let values = BTreeMap::from([("email".to_owned(), form.email.clone())]);
    if let Err(wait) = host.check(limit, ip).await {
        return fail(host, path, json, values, rate_limited(wait)).await;
    }
    let email = match domain::forms::validate::email(&form.email) {
        Ok(e) => e,
        Err(msg) => {
            let error = DomainError::field("email", msg).into();
            return fail(host, path, json, values, error).await;
        }
    };
    let db = &host.server().db;
    let now = Utc::now();
    let origin = host.server().config.site_origin();
    let issued = match purpose {
        TokenPurpose::ResetPassword => {
            accounts::request_password_reset(db, &email, &origin, now).await
        }
        TokenPurpose::VerifyEmail => accounts::resend_verification(db, &email, &origin, now).await,
    };
    match issued {
        Ok(Some(_)) => host.wake_jobs(),
        Ok(None) => {}
        Err(e) => return fail(host, path, json, values, e.into()).await,
    }
    success(json, done, message)
}

pub async fn forgot_password<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
    email_only(
        &host,
        req,
        Limit::Forgot,
        "/forgot-password",
        "/forgot-password?terkirim=1",
        RESET_SENT,
        TokenPurpose::ResetPassword,
    )
    .await
}

pub async fn resend_verification<H: FormHost>(
    State(host): State<H>,
    req: Request<Body>,
) -> Response {
    email_only(
        &host,
        req,
        Limit::Resend,
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

pub async fn verify_email<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
    let json = wants_json(req.headers());
    let form: TokenForm = read_form(req).await;
    match accounts::verify_email(&host.server().db, &form.token, Utc::now()).await {
        Ok(_) => success(json, "/login?terverifikasi=1", super::VERIFIED),
        Err(e) => fail(&host, "/verify-email", json, BTreeMap::new(), e.into()).await,
    }
}

pub async fn reset_password<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
    let json = wants_json(req.headers());
    let form: TokenForm = read_form(req).await;
    let values = BTreeMap::from([("token".to_owned(), form.token.clone())]);
    let path = "/reset-password";
    let outcome = accounts::reset_password(
        &host.server().db,
        &host.server().hasher,
        &form.token,
        &form.password,
        Utc::now(),
    )
    .await;
    match outcome {
        Ok(_) => success(json, "/login?diatur-ulang=1", super::PASSWORD_RESET),
        Err(e) => fail(&host, path, json, values, e.into()).await,
    }
}
