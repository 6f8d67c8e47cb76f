//! The client portal's plain-form posts (`/client/…`): decide on a
//! deliverable, pay an invoice, send a message. Each checks the session
//! and the client here; the domain checks that the project or invoice is
//! the client's own (through Ixonomic). A refusal goes back to the page as
//! `?gagal=code`, a success with `?disetujui`, `?diubah` or `?terkirim`.
use crate::{
    payments::{back_with, payment_page},
    AppState,
};
use app::{
    error::{AppError, ErrorCode},
    forms::post::{FormHost, Limit},
    ssr::session::CurrentMember,
};
use axum::{
    body::Body,
    extract::{rejection::FormRejection, Path, State},
    http::Request,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use chrono::Utc;
use domain::clients::{
    self, invoices, ixonomic::contract::DecisionKind, messages, portal, ClientAccount,
};
use serde::Deserialize;

/// The client behind the session (the guard already sent guests and
/// members who are not clients away; this checks again).
async fn client(
    state: &AppState,
    member: Result<CurrentMember, AppError>,
) -> Result<(domain::accounts::SessionUser, ClientAccount), AppError> {
    let CurrentMember(user) = member?;
    let client = clients::client_of(&state.server.db, user.user_id).await?;
    Ok((user, client))
}

/// Where a decision's form goes back to: a portal page, else the project.
fn back_to(back: &str, project: &str) -> String {
    let own = app::shell::within(back, "/client")
        && !back.contains("//")
        && back
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_".contains(c));
    if own {
        back.to_owned()
    } else {
        format!("/client/projects/{}", app::format::query_value(project))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    key: String,
    back: String,
    comment: String,
}

async fn decide(
    state: &AppState,
    member: Result<CurrentMember, AppError>,
    (project, deliverable): (String, String),
    form: DecisionForm,
    decision: DecisionKind,
) -> Response {
    let page = back_to(&form.back, &project);
    let done = async {
        let (_, client) = client(state, member).await?;
        let comment = (decision == DecisionKind::RequestChanges).then_some(form.comment);
        portal::decide(
            &state.server.db,
            &state.server.ixonomic,
            &client,
            &project,
            &deliverable,
            decision,
            comment,
            &form.key,
            Utc::now(),
        )
        .await
        .map_err(AppError::from)
    }
    .await;
    let ok = match decision {
        DecisionKind::Approve => "disetujui",
        DecisionKind::RequestChanges => "diubah",
    };
    match done {
        Ok(_) => Redirect::to(&format!("{page}?{ok}=1")).into_response(),
        Err(e) => back_with(&page, e),
    }
}

/// `POST /client/projects/{project}/deliverables/{deliverable}/approve`.
pub async fn approve(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    member: Result<CurrentMember, AppError>,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    decide(&state, member, ids, form, DecisionKind::Approve).await
}

/// `POST /client/projects/{project}/deliverables/{deliverable}/changes`.
pub async fn request_changes(
    State(state): State<AppState>,
    Path(ids): Path<(String, String)>,
    member: Result<CurrentMember, AppError>,
    form: Result<Form<DecisionForm>, FormRejection>,
) -> Response {
    let form = form.map(|Form(f)| f).unwrap_or_default();
    decide(&state, member, ids, form, DecisionKind::RequestChanges).await
}

/// `POST /client/invoices/{id}/pay`: the invoice as Ixonomic gives it now,
/// an order for it, then off to pay.
pub async fn pay_invoice(
    State(state): State<AppState>,
    Path(invoice): Path<String>,
    member: Result<CurrentMember, AppError>,
) -> Response {
    let st = &state.server;
    let result = async {
        let (user, client) = client(&state, member).await?;
        let order = invoices::pay_now(
            &st.db,
            &st.ixonomic,
            &client,
            &user.into(),
            &invoice,
            st.config.order_ttl(),
            Utc::now(),
        )
        .await?;
        payment_page(&state, &order).await
    }
    .await;
    match result {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => back_with("/client/invoices", e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MessageForm {
    project_id: String,
    body: String,
}

/// `POST /client/messages`: a message in the project's thread; the agency
/// is e-mailed.
pub async fn send_message(State(state): State<AppState>, req: Request<Body>) -> Response {
    let ip = state.client_ip(&req);
    let (mut parts, body) = req.into_parts();
    let member = {
        use axum::extract::FromRequestParts;
        CurrentMember::from_request_parts(&mut parts, &state).await
    };
    let form: MessageForm = app::forms::post::read_form(Request::from_parts(parts, body)).await;
    let thread = format!(
        "/client/messages?project={}",
        app::format::query_value(&form.project_id)
    );
    if let Err(wait) = state.check(Limit::ClientMessages, ip).await {
        let mut e = AppError::new(ErrorCode::RateLimited);
        e.retry_after = Some(wait.as_secs());
        return back_with(&thread, e);
    }
    let st = &state.server;
    let now = Utc::now();
    let sent = async {
        let (_, client) = client(&state, member).await?;
        // The project must be the client's (as Ixonomic last said).
        let projects = portal::projects(&st.db, &st.ixonomic, &client, now).await?;
        let project = projects
            .data
            .iter()
            .find(|p| p.id == form.project_id)
            .ok_or_else(AppError::not_found)?;
        messages::post_by_client(&st.db, &st.site(), &client, project, &form.body, now).await?;
        Ok::<_, AppError>(())
    }
    .await;
    match sent {
        Ok(()) => {
            state.wake_jobs();
            Redirect::to(&format!("{thread}&terkirim=1#pesan")).into_response()
        }
        Err(e) => back_with(&thread, e),
    }
}
