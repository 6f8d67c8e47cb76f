//! `/admin/login` and its second step. Plain HTML posts, handled beside the
//! pages in [`post`] and answered with the page again and a message.
use crate::{
    components::{page::query_param, page_meta::PageMeta},
    forms::{Field, FieldKind, FormStatus},
    pages::auth::AuthLayout,
};
use leptos::prelude::*;

pub const LOGIN_PATH: &str = "/admin/login";
pub const SECOND_FACTOR_PATH: &str = "/admin/login/2fa";
/// Where an admin without two-factor must set it up before anything else.
pub const ENROL_PATH: &str = "/admin/login/enrol";

#[component]
pub fn AdminLoginPage() -> impl IntoView {
    let success = query_param("keluar")().map(|_| "Kamu sudah keluar dari admin.".to_owned());
    view! {
        <PageMeta title="Masuk admin" description="Masuk ke panel admin Tiranyx." path="/admin/login"/>
        <AuthLayout>
            <div class="card p-6 md:p-8">
                <h1 class="text-2xl font-bold text-white">"Masuk admin"</h1>
                <form method="post" action="/admin/login" class="mt-6 flex flex-col gap-5">
                    <FormStatus success/>
                    <Field name="email" label="Email" kind=FieldKind::Email required=true autocomplete="username" maxlength=254/>
                    <Field name="password" label="Kata sandi" kind=FieldKind::Password required=true autocomplete="current-password" maxlength=128/>
                    <button type="submit" class="btn-primary">"Masuk"</button>
                </form>
            </div>
        </AuthLayout>
    }
}

#[component]
pub fn AdminTwoFactorPage() -> impl IntoView {
    let success: Option<String> = None;
    view! {
        <PageMeta title="Verifikasi dua langkah" description="Masukkan kode dari aplikasi autentikator." path="/admin/login/2fa"/>
        <AuthLayout>
            <div class="card p-6 md:p-8">
                <h1 class="text-2xl font-bold text-white">"Verifikasi dua langkah"</h1>
                <p class="mt-2 text-slate-300">"Masukkan 6 digit kode dari aplikasi autentikator, atau salah satu kode pemulihan."</p>
                <form method="post" action="/admin/login/2fa" class="mt-6 flex flex-col gap-5">
                    <FormStatus success/>
                    <Field name="code" label="Kode" kind=FieldKind::Text required=true autocomplete="one-time-code" maxlength=20/>
                    <button type="submit" class="btn-primary">"Verifikasi"</button>
                </form>
            </div>
        </AuthLayout>
    }
}

/// The posts of the admin login pages: password, second factor, logout.
/// Separate from the member endpoints: other table, other cookie
/// (`trx_admin`, signed, SameSite=Strict).
#[cfg(feature = "ssr")]
pub mod post {
    use super::{ENROL_PATH, LOGIN_PATH, SECOND_FACTOR_PATH};
    use crate::{
        error::{AppError, ErrorCode},
        forms::post::{fail, rate_limited, read_form, user_agent, wants_json, FormHost, Limit},
        ssr::session::{admin_cookie, admin_token, expired_admin_cookie},
    };
    use axum::{
        body::Body,
        extract::State,
        http::{header, Request},
        response::{IntoResponse, Redirect, Response},
        Json,
    };
    use chrono::Utc;
    use domain::{
        admin::{self, AdminSessionStage},
        DomainError, Refusal,
    };
    use serde::Deserialize;
    use std::collections::BTreeMap;

    fn go(json: bool, to: &str) -> Response {
        if json {
            Json(serde_json::json!({ "ok": true, "redirect": to })).into_response()
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

    pub async fn login<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
        let json = wants_json(req.headers());
        let ip = host.client_ip(&req);
        let agent = user_agent(&req);
        let form: AdminLoginForm = read_form(req).await;
        let values = BTreeMap::from([("email".to_owned(), form.email.clone())]);
        if let Some(wait) = host.check(Limit::AdminLogin, ip).await.err() {
            return fail(&host, LOGIN_PATH, json, values, rate_limited(wait)).await;
        }
        let ip = ip.map(|i| i.to_string());
        let client = admin::Client {
            ip: ip.as_deref(),
            user_agent: agent.as_deref(),
        };
        let st = host.server();
        let policy = admin::TwoFactorPolicy::for_config(&st.config);
        let outcome = admin::login(
            &st.db,
            &st.hasher,
            &form.email,
            &form.password,
            policy,
            client,
            Utc::now(),
        )
        .await;
        match outcome {
            Ok(login) => {
                let to = match login.stage {
                    AdminSessionStage::PasswordOk => SECOND_FACTOR_PATH,
                    AdminSessionStage::Enrolling => ENROL_PATH,
                    AdminSessionStage::Active => "/admin",
                };
                let mut res = go(json, to);
                res.headers_mut().append(
                    header::SET_COOKIE,
                    admin_cookie(
                        &host.server().config,
                        &login.session_token,
                        login.expires_at,
                    ),
                );
                res
            }
            Err(e) => fail(&host, LOGIN_PATH, json, values, failure(e)).await,
        }
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct CodeForm {
        code: String,
    }

    pub async fn second_factor<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
        let json = wants_json(req.headers());
        let ip = host.client_ip(&req);
        let agent = user_agent(&req);
        let token = admin_token(req.headers(), &host.server().config, Utc::now());
        let form: CodeForm = read_form(req).await;
        if let Some(wait) = host.check(Limit::AdminLogin, ip).await.err() {
            let f = rate_limited(wait);
            return fail(&host, SECOND_FACTOR_PATH, json, BTreeMap::new(), f).await;
        }
        let Some(token) = token else {
            return fail(
                &host,
                LOGIN_PATH,
                json,
                BTreeMap::new(),
                failure(DomainError::Refused(Refusal::SessionInvalid)),
            )
            .await;
        };
        let ip = ip.map(|i| i.to_string());
        let client = admin::Client {
            ip: ip.as_deref(),
            user_agent: agent.as_deref(),
        };
        let st = host.server();
        let outcome = admin::verify_second_factor(
            &st.db,
            &st.config.totp_keys,
            &token,
            &form.code,
            client,
            Utc::now(),
        )
        .await;
        match outcome {
            Ok(login) => {
                // A new session with a new token replaces the waiting one.
                let mut res = go(json, "/admin");
                res.headers_mut().append(
                    header::SET_COOKIE,
                    admin_cookie(&st.config, &login.session_token, login.expires_at),
                );
                res
            }
            Err(DomainError::Refused(Refusal::SessionInvalid)) => {
                // Too many wrong codes (or the wait ran out): start over.
                let f = failure(DomainError::Refused(Refusal::SessionInvalid));
                let mut res = fail(&host, LOGIN_PATH, json, BTreeMap::new(), f).await;
                res.headers_mut()
                    .append(header::SET_COOKIE, expired_admin_cookie(&st.config));
                res
            }
            Err(e) => fail(&host, SECOND_FACTOR_PATH, json, BTreeMap::new(), failure(e)).await,
        }
    }

    pub async fn logout<H: FormHost>(State(host): State<H>, req: Request<Body>) -> Response {
        let ip = host.client_ip(&req).map(|i| i.to_string());
        if let Some(token) = admin_token(req.headers(), &host.server().config, Utc::now()) {
            if let Err(e) =
                admin::logout(&host.server().db, &token, ip.as_deref(), Utc::now()).await
            {
                tracing::error!(error = %e, "admin logout failed");
            }
        }
        let mut res = Redirect::to("/admin/login?keluar=1").into_response();
        res.headers_mut().append(
            header::SET_COOKIE,
            expired_admin_cookie(&host.server().config),
        );
        res
    }
}
