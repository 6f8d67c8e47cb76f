//! The AI provider's stand-in for development (see `simulator`):
//! `POST /_dev/ai/v1/chat/completions` in the OpenAI shape (a JSON answer,
//! or server-sent events with `"stream": true`, a few words per chunk,
//! then `data: [DONE]`) and `GET /_dev/ai/image/{prompt}` (a placeholder
//! PNG of the asked size), with the configured bearer key (`AI_API_KEY`,
//! by default the public simulator key). The text is deterministic
//! Indonesian made from the prompt (`ai_text`), so `./scripts/dev.sh`
//! and the browser tests use the assistant with no key anywhere.
use super::{ai_text, placeholder_png};
use crate::AppState;
use axum::{
    body::Body,
    extract::{Path, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use domain::ai::{
    wire::{ChatRequest, Content, Part},
    SIMULATOR_API,
};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("{SIMULATOR_API}/v1/chat/completions"), post(chat))
        .route(&format!("{SIMULATOR_API}/image/{{prompt}}"), get(image))
}

/// `Authorization: Bearer <AI_API_KEY>` as configured.
fn authorized(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(key) = &state.server.config.ai_api_key else {
        return false;
    };
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bearer {}", key.expose_secret()))
}

fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({"error": {"message": message, "type": "invalid_request_error"}});
    (status, Json(body)).into_response()
}

/// The text of the last user message (its text part, with an image).
fn last_user_text(req: &ChatRequest) -> String {
    let Some(m) = req.messages.iter().rev().find(|m| m.role == "user") else {
        return String::new();
    };
    match &m.content {
        Content::Text(t) => t.clone(),
        Content::Parts(parts) => parts
            .iter()
            .filter_map(|p| match p {
                Part::Text { text } => Some(text.as_str()),
                Part::ImageUrl { .. } => None,
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

async fn chat(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if !authorized(&state, &headers) {
        return error(StatusCode::UNAUTHORIZED, "Invalid API key");
    }
    let Ok(req) = serde_json::from_slice::<ChatRequest>(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Body is not a chat completions request",
        );
    };
    let prompt = last_user_text(&req);
    let text = ai_text::answer(&prompt);
    if req.stream {
        return stream(text);
    }
    let prompt_tokens = prompt.split_whitespace().count();
    let completion_tokens = text.split_whitespace().count();
    Json(json!({
        "id": "chatcmpl-simulator",
        "object": "chat.completion",
        "created": chrono::Utc::now().timestamp(),
        "model": req.model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": text},
            "finish_reason": "stop",
        }],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }))
    .into_response()
}

/// The answer as server-sent events, four words a chunk, 40 ms apart, so
/// the editor's streaming shows.
fn stream(text: String) -> Response {
    let words: Vec<String> = text.split_inclusive(' ').map(str::to_owned).collect();
    let mut events: Vec<String> = words
        .chunks(4)
        .map(|c| {
            let chunk = json!({
                "id": "chatcmpl-simulator",
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": {"content": c.concat()}, "finish_reason": null}],
            });
            format!("data: {chunk}\n\n")
        })
        .collect();
    events.push("data: [DONE]\n\n".to_owned());
    let body = futures::stream::unfold(events.into_iter(), |mut events| async move {
        let event = events.next()?;
        tokio::time::sleep(Duration::from_millis(40)).await;
        Some((Ok::<_, std::convert::Infallible>(event), events))
    });
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

#[derive(Deserialize)]
struct ImageQuery {
    width: Option<u32>,
    height: Option<u32>,
    seed: Option<u32>,
}

async fn image(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(prompt): Path<String>,
    Query(q): Query<ImageQuery>,
) -> Response {
    if !authorized(&state, &headers) {
        return error(StatusCode::UNAUTHORIZED, "Invalid API key");
    }
    let seed = q.seed.unwrap_or(0).wrapping_add(prompt.len() as u32);
    let png = placeholder_png::gradient(q.width.unwrap_or(1024), q.height.unwrap_or(1024), seed);
    ([(header::CONTENT_TYPE, "image/png")], png).into_response()
}
