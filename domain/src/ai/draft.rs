//! The streamed first draft: chunks reach the editor as the provider
//! writes them, then the whole draft once more, made safe
//! ([`suggest::markdown_of`]), which is what the admin inserts. The
//! provider is read by a task of its own, so the request is audited and
//! settled however the stream ends, even when the browser goes away.
use super::{
    action::{Action, Brief},
    assist::Assistant,
    prompts, suggest,
    usage::{self, Outcome, Spent},
};
use crate::{audit::Actor, error::DomainResult, Database, Refusal};
use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

/// What the draft's stream carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftEvent {
    /// Raw text as it comes (shown as text, never as HTML).
    Chunk(String),
    /// The whole draft, without raw HTML: what is inserted.
    Done(String),
    /// The provider failed midway; the request is not counted.
    Failed,
}

impl Assistant {
    /// Starts a streamed draft; refuses as [`Assistant::assist`] does
    /// (invalid brief, over the limit, provider unavailable) before any
    /// chunk.
    pub async fn draft_stream(
        &self,
        db: &Database,
        actor: &Actor,
        brief: &Brief,
        now: DateTime<Utc>,
    ) -> DomainResult<mpsc::Receiver<DraftEvent>> {
        let action = Action::Draft;
        brief.check(action)?;
        let ticket = usage::reserve(db, actor, self.daily_limit, now).await?;
        let messages = prompts::messages(action, brief, &[], None);
        let model = self.ai.model().to_owned();
        let mut stream = match self
            .ai
            .chat_stream(messages, prompts::max_tokens(action))
            .await
        {
            Ok(s) => s,
            Err(outage) => {
                tracing::warn!(%outage, "AI assistant: draft stream did not open");
                let outcome = Outcome::Failed(outage.to_string());
                usage::settle(db, actor, &ticket, action, &model, &outcome, now).await?;
                return Err(Refusal::AiUnavailable.into());
            }
        };
        let (tx, rx) = mpsc::channel(64);
        let (db, actor) = (db.clone(), actor.clone());
        tokio::spawn(async move {
            let mut text = String::new();
            let outcome = loop {
                match stream.next().await {
                    Ok(Some(chunk)) => {
                        text.push_str(&chunk);
                        // The browser left: stop reading, the text so far was spent.
                        if tx.send(DraftEvent::Chunk(chunk)).await.is_err() {
                            break Outcome::Answered(Spent::Bytes(text.len()));
                        }
                    }
                    Ok(None) if text.trim().is_empty() => {
                        let _ = tx.send(DraftEvent::Failed).await;
                        break Outcome::Failed("empty stream".into());
                    }
                    Ok(None) => {
                        let _ = tx.send(DraftEvent::Done(suggest::markdown_of(&text))).await;
                        break Outcome::Answered(Spent::Bytes(text.len()));
                    }
                    Err(outage) => {
                        tracing::warn!(%outage, "AI assistant: draft stream broke off");
                        let _ = tx.send(DraftEvent::Failed).await;
                        break Outcome::Failed(outage.to_string());
                    }
                }
            };
            let settled =
                usage::settle(&db, &actor, &ticket, action, &model, &outcome, Utc::now()).await;
            if let Err(e) = settled {
                tracing::error!(error = %e, "AI assistant: settling a streamed draft");
            }
        });
        Ok(rx)
    }
}
