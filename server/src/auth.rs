//! The guard in front of `/dashboard` and `/client`. The account forms'
//! posts live beside their pages (`app::pages::auth::post`).
use crate::AppState;
use app::ssr::session::{self, expired_member_cookie, member_token};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use domain::accounts;

/// Guests asking for `/dashboard…` or `/client…` go to the login page, with
/// the page they wanted kept in `next` (`/client…` to the clients' login);
/// `/client` also needs a client account.
pub async fn guard(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let path = path.as_str();
    let area = |p: &str| app::shell::within(path, p);
    let (member_area, client_area) = (area("/dashboard"), area("/client"));
    if (!member_area && !client_area) || path == app::shell::CLIENT_LOGIN {
        return next.run(req).await;
    }
    // The lookup stays in the request: the page and its handlers reuse it.
    let (mut parts, body) = req.into_parts();
    let user = session::member(&mut parts, &state.server.db, &state.server.config).await;
    match user {
        None => {
            let wanted = parts
                .uri
                .path_and_query()
                .map(|pq| pq.as_str())
                .unwrap_or("/dashboard");
            let login = if client_area {
                app::shell::CLIENT_LOGIN
            } else {
                "/login"
            };
            let target = format!("{login}?next={}", app::format::query_path(wanted));
            let mut res = Redirect::to(&target).into_response();
            // A stale or forged cookie is cleared on the way out.
            if member_token(&parts.headers, &state.server.config).is_some() {
                res.headers_mut().append(
                    header::SET_COOKIE,
                    expired_member_cookie(&state.server.config),
                );
            }
            res
        }
        // Signed in, but not a client: the clients' login page says so
        // (and links to the member dashboard) instead of a loop.
        Some(u) if client_area && u.user_type != accounts::UserType::Client => {
            Redirect::to(&format!("{}?bukan-klien=1", app::shell::CLIENT_LOGIN)).into_response()
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
