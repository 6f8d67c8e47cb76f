//! The guard in front of `/admin`, and the client address for the audit
//! log. The admin login posts live beside their pages
//! (`app::admin::login::post`).
use crate::{client_ip::client_ip, AppState};
use app::ssr::session::{self, expired_admin_cookie, has_admin_cookie};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use domain::admin::AdminSessionStage;

pub use app::admin::login::{ENROL_PATH, LOGIN_PATH, SECOND_FACTOR_PATH};

/// `/admin/login` is open; `/admin/login/2fa` needs a session waiting for
/// its code, `/admin/login/enrol` one setting up two-factor; everything
/// else under `/admin` needs an active session.
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
        // Each stage opens exactly one place: its own page, or the admin.
        let home = |stage| match stage {
            AdminSessionStage::PasswordOk => SECOND_FACTOR_PATH,
            AdminSessionStage::Enrolling => ENROL_PATH,
            AdminSessionStage::Active => "/admin",
        };
        let stage_page = path == SECOND_FACTOR_PATH || path == ENROL_PATH;
        match stage {
            Some(AdminSessionStage::Active) if !stage_page => next.run(req).await,
            Some(stage) if stage != AdminSessionStage::Active && path == home(stage) => {
                next.run(req).await
            }
            Some(stage) => Redirect::to(home(stage)).into_response(),
            None => {
                let mut res = Redirect::to(LOGIN_PATH).into_response();
                if has_admin_cookie(req.headers(), &state.server.config) {
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
