//! The tools' JSON API: `POST /api/tools/{slug}/use` (the tool's result and
//! the visitor's quota; the one place besides the tool's own form post
//! that uses a tool, both through `domain::tools::use_tool`, which counts
//! the use) and `GET /api/user/usage` (a member's uses per tool and day).
//! Thin: session, input, domain, the one error pipeline.
use crate::{client_ip::client_ip, AppState};
use app::{
    api::tools::convert,
    error::AppError,
    model::{QuotaView, ToolResult},
    ssr::session::{self, CurrentMember},
};
use axum::{
    body::Bytes,
    extract::{Path, Request, State},
    Json,
};
use chrono::Utc;
use domain::tools::{self, quota, Fields, Visitor};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The largest request body read.
const MAX_BODY: usize = 64 * 1024;
/// How many days `GET /api/user/usage` covers, today included.
pub const USAGE_DAYS: u32 = 30;

/// A use of a tool.
#[derive(Debug, Serialize, ToSchema)]
pub struct ToolUsed {
    /// The tool's slug.
    tool: String,
    result: ToolResult,
    /// The caller's quota after this use.
    quota: QuotaView,
}

/// A tool's input: its fields as strings (numbers and booleans are read as
/// text, an array repeats a field, e.g. `"fitur": ["blog", "seo"]`).
/// `tautan-whatsapp`: `nomor`, `pesan`; `pembuat-utm`: `url`, `sumber`,
/// `medium`, `kampanye`, `kata_kunci`, `konten`; `estimasi-biaya-website`:
/// `layanan` (a service slug), `halaman`, `fitur`; `cek-snippet-seo`:
/// `judul`, `deskripsi`, `url` (shown, never fetched).
#[derive(Debug, Deserialize, ToSchema)]
#[schema(
    value_type = Object,
    example = json!({"nomor": "0812-3456-7890", "pesan": "Halo, saya mau pesan"})
)]
pub struct ToolInput(std::collections::HashMap<String, serde_json::Value>);

/// Uses a tool once and counts the use against the caller's daily quota
/// (guests per client address, members per account, more with the Tools
/// Pass; days are Jakarta days). Invalid input is not counted.
#[utoipa::path(
    post,
    path = "/api/tools/{slug}/use",
    tag = "tools",
    params(("slug" = String, Path, description = "The tool, e.g. `tautan-whatsapp`")),
    request_body(content = ToolInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The result and the quota left", body = ToolUsed),
        (status = 400, description = "`bad_request`: the body is not a JSON object", body = AppError),
        (status = 404, description = "`not_found`: no such tool, or it is switched off", body = AppError),
        (status = 422, description = "`invalid_input`, with a message per field", body = AppError),
        (status = 429, description = "`tool_quota_exceeded`: today's quota is used up; \
`Retry-After` is the next midnight in Jakarta, the message says how to get more. Or \
`rate_limited` (more than 60 calls a minute from one client), with `Retry-After`", body = AppError),
    )
)]
pub async fn use_tool(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    req: Request,
) -> Result<Json<ToolUsed>, AppError> {
    if !domain::markdown::is_slug(&slug) {
        return Err(AppError::not_found());
    }
    let st = &state.server;
    let ip = client_ip(&req, &st.config.trusted_proxies);
    if let Some(ip) = ip {
        state.limits.tools.check(ip).await.map_err(|wait| {
            AppError::limited(app::error::ErrorCode::RateLimited, wait.as_secs())
        })?;
    }
    let (mut parts, body) = req.into_parts();
    let visitor = match session::member(&mut parts, &st.db, &st.config).await {
        Some(m) => Visitor::Member(m.user_id),
        None => Visitor::Guest(ip),
    };
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| AppError::new(app::error::ErrorCode::BadRequest))?;
    let ToolInput(input) = serde_json::from_slice(&bytes)
        .map_err(|_| AppError::new(app::error::ErrorCode::BadRequest))?;
    let fields = Fields::from_json(&serde_json::Value::Object(input.into_iter().collect()));
    let used = tools::use_tool(&st.db, &slug, visitor, &fields, Utc::now()).await?;
    Ok(Json(ToolUsed {
        tool: used.tool.slug.clone(),
        result: convert::result(&used.output)?,
        quota: convert::quota(&used.allowance),
    }))
}

/// One tool's uses on one Jakarta day.
#[derive(Debug, Serialize, ToSchema)]
pub struct DailyUse {
    /// `YYYY-MM-DD`, Jakarta time.
    day: String,
    tool: String,
    tool_name: String,
    uses: u32,
}

/// One tool today.
#[derive(Debug, Serialize, ToSchema)]
pub struct ToolToday {
    tool: String,
    tool_name: String,
    quota: QuotaView,
}

/// The member's use of the tools.
#[derive(Debug, Serialize, ToSchema)]
pub struct Usage {
    /// Days covered, today included.
    days: u32,
    /// Uses per tool per day, newest day first; days without use are left out.
    usage: Vec<DailyUse>,
    /// Every tool with the member's quota today.
    today: Vec<ToolToday>,
}

/// The signed-in member's uses per tool and day (the last 30 Jakarta
/// days) and their quota today.
#[utoipa::path(
    get,
    path = "/api/user/usage",
    tag = "tools",
    responses(
        (status = 200, description = "The member's usage", body = Usage),
        (status = 401, description = "`unauthorized`: no member session", body = AppError),
    )
)]
pub async fn usage(
    State(state): State<AppState>,
    CurrentMember(user): CurrentMember,
) -> Result<Json<Usage>, AppError> {
    let db = &state.server.db;
    let now = Utc::now();
    let usage = quota::usage_of(db, user.user_id, USAGE_DAYS, now)
        .await?
        .into_iter()
        .map(|u| DailyUse {
            day: u.day,
            tool: u.tool_slug,
            tool_name: u.tool_name,
            uses: u.uses,
        })
        .collect();
    let today = quota::today_of(db, user.user_id, now)
        .await?
        .into_iter()
        .map(|(t, a)| ToolToday {
            tool: t.slug,
            tool_name: t.name,
            quota: convert::quota(&a),
        })
        .collect();
    Ok(Json(Usage {
        days: USAGE_DAYS,
        usage,
        today,
    }))
}
