//! The member's plain-form posts on `/dashboard/services/{id}`: accept the
//! quote (then off to pay, as products do), approve a deliverable, ask for
//! a revision. Each checks the session here and the order's owner in the
//! domain; a refusal goes back to the order's page as `?gagal=code`. The
//! admin's quote, note and upload posts, and the admin's file download,
//! are below.
use crate::{
    payments::{back_with, payment_page},
    AppState,
};
use app::{
    error::{AppError, ErrorCode},
    ssr::{
        session::{CurrentAdmin, CurrentMember},
        ClientIp,
    },
};
use axum::{
    extract::{multipart::MultipartRejection, rejection::FormRejection, Multipart, Path, State},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use chrono::Utc;
use domain::{deliverables::FileRules, service_orders};
use serde::Deserialize;

/// The brief page again, with `typed` and the error's field messages.
async fn fail(
    state: &AppState,
    service_page: &str,
    typed: std::collections::BTreeMap<String, String>,
    e: AppError,
) -> Response {
    app::forms::post::fail(state, service_page, false, typed, e).await
}

/// What the member typed into the brief form, to show it again.
fn typed(input: &service_orders::BriefInput) -> std::collections::BTreeMap<String, String> {
    [
        ("brief", &input.brief),
        ("budget_min", &input.budget_min),
        ("budget_max", &input.budget_max),
        ("deadline", &input.deadline),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.clone()))
    .collect()
}

fn page(id: i32) -> String {
    service_orders::member_path(id)
}

fn to_login(id: i32) -> Response {
    Redirect::to(&format!("/login?next={}", page(id))).into_response()
}

/// `POST /dashboard/services/{id}/accept`.
pub async fn accept(
    State(state): State<AppState>,
    Path(id): Path<i32>,
    member: Result<CurrentMember, AppError>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return to_login(id);
    };
    let st = &state.server;
    let result = async {
        let order = service_orders::accept_quote(
            &st.db,
            &st.site(),
            &user.into(),
            id,
            st.config.order_ttl(),
            Utc::now(),
        )
        .await?;
        payment_page(&state, &order).await
    }
    .await;
    match result {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(e) => back_with(&page(id), e),
    }
}

/// `POST /dashboard/services/{id}/files/{file}/approve`.
pub async fn approve(
    State(state): State<AppState>,
    Path((id, file)): Path<(i32, i32)>,
    member: Result<CurrentMember, AppError>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return to_login(id);
    };
    let st = &state.server;
    let done =
        service_orders::approve_deliverable(&st.db, &st.site(), user.user_id, id, file, Utc::now())
            .await;
    match done {
        Ok(_) => Redirect::to(&format!("{}?disetujui=1", page(id))).into_response(),
        Err(e) => back_with(&page(id), e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevisionForm {
    comment: String,
}

/// `POST /dashboard/services/{id}/files/{file}/revision`.
pub async fn revision(
    State(state): State<AppState>,
    Path((id, file)): Path<(i32, i32)>,
    member: Result<CurrentMember, AppError>,
    form: Result<Form<RevisionForm>, FormRejection>,
) -> Response {
    let Ok(CurrentMember(user)) = member else {
        return to_login(id);
    };
    let comment = form.map(|Form(f)| f.comment).unwrap_or_default();
    let st = &state.server;
    let done = service_orders::request_revision(
        &st.db,
        &st.site(),
        user.user_id,
        id,
        file,
        &comment,
        Utc::now(),
    )
    .await;
    match done {
        Ok(()) => Redirect::to(&format!("{}?revisi=1", page(id))).into_response(),
        Err(e) => back_with(&page(id), e.into()),
    }
}

// The admin's posts on `/admin/service-orders/{id}`: quote, progress note,
// deliverable upload; and its files, behind the admin session.

fn admin_page(id: i32) -> String {
    service_orders::admin_path(id)
}

fn admin_done(id: i32) -> Response {
    Redirect::to(&format!("{}?ok=1", admin_page(id))).into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QuoteForm {
    price: String,
    scope: String,
    valid_until: String,
}

/// `POST /admin/service-orders/{id}/quote`.
pub async fn quote(
    State(state): State<AppState>,
    admin: Result<CurrentAdmin, AppError>,
    ip: Option<Extension<ClientIp>>,
    Path(id): Path<i32>,
    form: Result<Form<QuoteForm>, FormRejection>,
) -> Response {
    let Ok(admin) = admin else {
        return Redirect::to(crate::admin_auth::LOGIN_PATH).into_response();
    };
    let f = form.map(|Form(f)| f).unwrap_or_default();
    let st = &state.server;
    let actor = admin.actor(ip.as_ref().map(|Extension(ip)| ip));
    let input = service_orders::QuoteInput {
        price: f.price,
        scope: f.scope,
        valid_until: f.valid_until,
    };
    match service_orders::send_quote(&st.db, &st.site(), &actor, id, &input, Utc::now()).await {
        Ok(_) => admin_done(id),
        Err(e) => back_with(&admin_page(id), e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    note: String,
}

/// `POST /admin/service-orders/{id}/note`.
pub async fn note(
    State(state): State<AppState>,
    admin: Result<CurrentAdmin, AppError>,
    ip: Option<Extension<ClientIp>>,
    Path(id): Path<i32>,
    form: Result<Form<NoteForm>, FormRejection>,
) -> Response {
    let Ok(admin) = admin else {
        return Redirect::to(crate::admin_auth::LOGIN_PATH).into_response();
    };
    let note = form.map(|Form(f)| f.note).unwrap_or_default();
    let st = &state.server;
    let actor = admin.actor(ip.as_ref().map(|Extension(ip)| ip));
    match service_orders::post_progress_note(&st.db, &st.site(), &actor, id, &note, Utc::now())
        .await
    {
        Ok(()) => admin_done(id),
        Err(e) => back_with(&admin_page(id), e.into()),
    }
}

/// `POST /admin/service-orders/{id}/deliverables` (multipart, field
/// `file`; the body limit is the products' files').
pub async fn deliverable(
    State(state): State<AppState>,
    admin: Result<CurrentAdmin, AppError>,
    ip: Option<Extension<ClientIp>>,
    Path(id): Path<i32>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Ok(admin) = admin else {
        return Redirect::to(crate::admin_auth::LOGIN_PATH).into_response();
    };
    let refused = || back_with(&admin_page(id), AppError::new(ErrorCode::InvalidInput));
    let Ok(mut multipart) = multipart else {
        return refused();
    };
    // The first field named `file`; anything else is ignored.
    let (name, bytes) = loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(b) => break (name, b),
                    // Over the body limit: the stream stops with an error.
                    Err(_) => return refused(),
                }
            }
            Ok(Some(_)) => continue,
            Ok(None) | Err(_) => return refused(),
        }
    };
    let st = &state.server;
    let actor = admin.actor(ip.as_ref().map(|Extension(ip)| ip));
    let added = service_orders::add_deliverable(
        &st.db,
        &st.deliverables,
        &FileRules::from_config(&st.config),
        &st.site(),
        &actor,
        id,
        &name,
        &bytes,
        Utc::now(),
    )
    .await;
    match added {
        Ok(_) => admin_done(id),
        Err(e) => back_with(&admin_page(id), e.into()),
    }
}

/// `GET /admin/service-orders/{id}/files/{file}`: an attachment or a
/// deliverable, for admins.
pub async fn admin_file(
    State(state): State<AppState>,
    admin: Result<CurrentAdmin, AppError>,
    Path((id, file)): Path<(i32, i32)>,
    req: axum::extract::Request,
) -> Response {
    if admin.is_err() {
        return Redirect::to(crate::admin_auth::LOGIN_PATH).into_response();
    }
    let st = &state.server;
    match service_orders::admin_file(&st.db, id, file).await {
        Ok(f) => crate::deliverables::serve(&state, f, req).await,
        Err(e) => AppError::from(e).into_response(),
    }
}

/// The brief's body: at most five attachments of at most 20 MB, and the
/// text fields.
pub fn brief_body_limit() -> axum::extract::DefaultBodyLimit {
    let files =
        service_orders::brief::MAX_ATTACHMENTS as u64 * service_orders::brief::ATTACHMENT_MAX_BYTES;
    axum::extract::DefaultBodyLimit::max((files + 256 * 1024) as usize)
}

/// `POST /services/{slug}/order` (multipart): the signed-in member's brief
/// creates a service order, then their order page; a guest logs in first.
pub async fn order(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    member: Result<CurrentMember, AppError>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    if !domain::markdown::is_slug(&slug) {
        return AppError::not_found().into_response();
    }
    let service_page = format!("/services/{slug}");
    let Ok(CurrentMember(user)) = member else {
        return Redirect::to(&format!("/login?next={service_page}")).into_response();
    };
    // A refusal renders the page again with what was typed and each
    // field's message (files are not kept: the browser cannot refill them).
    let too_big = || {
        let mut fields = std::collections::BTreeMap::new();
        fields.insert(
            "attachments".to_owned(),
            format!(
                "Lampiran terlalu besar: paling banyak {} file, {} MB per file.",
                service_orders::brief::MAX_ATTACHMENTS,
                service_orders::brief::ATTACHMENT_MAX_BYTES / (1024 * 1024),
            ),
        );
        AppError::fields(fields)
    };
    let Ok(mut multipart) = multipart else {
        return fail(
            &state,
            &service_page,
            Default::default(),
            AppError::new(ErrorCode::InvalidInput),
        )
        .await;
    };
    let mut input = service_orders::BriefInput {
        service_slug: slug.clone(),
        ..Default::default()
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return fail(&state, &service_page, typed(&input), too_big()).await,
        };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        // Over the body limit, the stream stops with an error.
        let Ok(bytes) = field.bytes().await else {
            return fail(&state, &service_page, typed(&input), too_big()).await;
        };
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "brief" => input.brief = text(),
            "budget_min" => input.budget_min = text(),
            "budget_max" => input.budget_max = text(),
            "deadline" => input.deadline = text(),
            // A file input left empty still sends a part without a name.
            "attachments" if !bytes.is_empty() => {
                input.attachments.push(service_orders::Attachment {
                    name: file_name.unwrap_or_default(),
                    bytes: bytes.to_vec(),
                })
            }
            _ => {}
        }
    }
    let st = &state.server;
    let created = service_orders::submit_brief(
        &st.db,
        &st.deliverables,
        &FileRules::from_config(&st.config),
        &st.site(),
        &user.into(),
        &input,
        Utc::now(),
    )
    .await;
    match created {
        Ok(o) => Redirect::to(&page(o.id)).into_response(),
        Err(e) => fail(&state, &service_page, typed(&input), e.into()).await,
    }
}
