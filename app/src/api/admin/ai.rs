//! The editor's AI writing assistant ("Bantu tulis"): one server function
//! per answer (every action), and the streamed first draft. Thin: the
//! admin is checked, `domain::ai::Assistant` does the rest (limit, call,
//! sanitizing, audit). The provider's key never reaches the browser; a
//! suggestion is only shown for review and saved by the editor's own save.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::{Json, StreamingText, TextStream};

/// What the editor sends: the action's name and what it works from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistBrief {
    /// "artikel", "studi kasus", "deskripsi produk".
    pub kind: String,
    pub title: String,
    pub keywords: String,
    /// The selection, the body, or the image URL (alt text).
    pub text: String,
}

/// A suggestion for review; mirrors `domain::ai::Suggestion`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssistResult {
    /// Markdown, and its preview from the public pages' sanitizing renderer.
    Markdown {
        markdown: String,
        html: String,
    },
    Seo {
        title: String,
        description: String,
    },
    Tags(Vec<String>),
    AltText(String),
    Cover(String),
}

/// Separates the streamed draft's text from its end mark: the text never
/// contains it (it is removed from chunks). After it comes `ok` and the
/// final, sanitized markdown, or `error` and a message.
pub const STREAM_END: char = '\u{1e}';

#[cfg(feature = "ssr")]
fn brief_of(b: AssistBrief) -> domain::ai::Brief {
    domain::ai::Brief {
        kind: b.kind,
        title: b.title,
        keywords: b.keywords,
        text: b.text,
    }
}

/// Runs one assistant action (`outline`, `draft`, `rewrite`, `shorten`,
/// `seo`, `tags`, `alt_text`, `cover`).
#[server(endpoint = "admin/ai/assist", input = Json)]
pub async fn ai_assist(action: String, brief: AssistBrief) -> Result<AssistResult, AppError> {
    use domain::ai::{Action, Suggestion};
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let action = Action::parse(&action).ok_or(AppError::not_found())?;
    let suggestion = st
        .ai
        .assist(&st.db, &actor, action, &brief_of(brief), chrono::Utc::now())
        .await?;
    Ok(match suggestion {
        Suggestion::Markdown(markdown) => AssistResult::Markdown {
            html: domain::markdown::render(&markdown),
            markdown,
        },
        Suggestion::Seo { title, description } => AssistResult::Seo { title, description },
        Suggestion::Tags(tags) => AssistResult::Tags(tags),
        Suggestion::AltText(text) => AssistResult::AltText(text),
        Suggestion::Cover(url) => AssistResult::Cover(url),
    })
}

/// The first draft, streamed as the provider writes it; ends with
/// [`STREAM_END`] (see there). Refusals (limit, provider down, a missing
/// title) come before any text, as errors.
#[server(endpoint = "admin/ai/draft/stream", input = Json, output = StreamingText)]
pub async fn ai_draft_stream(brief: AssistBrief) -> Result<TextStream<AppError>, AppError> {
    use domain::ai::DraftEvent;
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let events = st
        .ai
        .draft_stream(&st.db, &actor, &brief_of(brief), chrono::Utc::now())
        .await?;
    let text = futures::stream::unfold(Some(events), |events| async move {
        let mut events = events?;
        let piece = match events.recv().await {
            Some(DraftEvent::Chunk(t)) => t.replace(STREAM_END, ""),
            Some(DraftEvent::Done(markdown)) => {
                return Some((Ok(format!("{STREAM_END}ok{STREAM_END}{markdown}")), None))
            }
            Some(DraftEvent::Failed) | None => {
                let message = crate::error::ErrorCode::AiUnavailable.message();
                return Some((Ok(format!("{STREAM_END}error{STREAM_END}{message}")), None));
            }
        };
        Some((Ok(piece), Some(events)))
    });
    Ok(TextStream::new(text))
}

/// Today's requests and the limit, for the panel's "sisa hari ini".
#[server(endpoint = "admin/ai/quota")]
pub async fn ai_quota() -> Result<(u32, u32), AppError> {
    let admin = crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let used =
        domain::ai::usage::used_today(st.db.reader(), admin.admin_id, chrono::Utc::now()).await?;
    Ok((used, st.ai.daily_limit))
}
