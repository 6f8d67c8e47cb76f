//! The assistant's use cases: one answered request (every action but the
//! streamed draft), and the streamed draft. Each checks the brief, counts
//! the request against the admin's daily limit, calls the provider, makes
//! the answer safe ([`super::suggest`]) and audits it ([`super::usage`]).
//! Nothing is saved into the content: the admin reviews the suggestion and
//! saves it with the editor's own save.
use super::{
    action::{Action, Brief},
    client::{Ai, AiOutage},
    prompts,
    suggest::{self, Suggestion},
    usage::{self, Outcome, Spent, Ticket},
};
use crate::{audit::Actor, error::DomainResult, uploads, Database, DomainError, Refusal};
use chrono::{DateTime, Utc};
use std::path::Path;

/// What the assistant needs from the server: the provider, the limit and
/// where uploads live.
#[derive(Debug, Clone)]
pub struct Assistant {
    pub ai: Ai,
    /// Requests per admin per Jakarta day (`AI_DAILY_LIMIT`).
    pub daily_limit: u32,
    /// The uploads: images for alt text are read from their `media/`,
    /// covers stored there.
    pub uploads: crate::storage::Area,
}

/// A cover's size: the Open Graph image's 1.91:1.
pub const COVER_WIDTH: u32 = 1200;
pub const COVER_HEIGHT: u32 = 630;
/// The largest stored cover (the media upload limit).
pub const MAX_COVER_BYTES: usize = 5 * 1024 * 1024;

impl Assistant {
    pub fn from_config(config: &crate::Config, uploads: crate::storage::Area) -> Self {
        Assistant {
            ai: Ai::from_config(config),
            daily_limit: config.ai_daily_limit,
            uploads,
        }
    }

    /// Runs `action` on `brief` for `actor` and returns the suggestion.
    pub async fn assist(
        &self,
        db: &Database,
        actor: &Actor,
        action: Action,
        brief: &Brief,
        now: DateTime<Utc>,
    ) -> DomainResult<Suggestion> {
        brief.check(action)?;
        let image = match action {
            Action::AltText => Some(self.image_data_url(&brief.text).await?),
            _ => None,
        };
        let existing_tags = match action {
            Action::Tags => crate::content::posts::tags(db, now)
                .await?
                .into_iter()
                .map(|(tag, _)| tag)
                .collect(),
            _ => Vec::new(),
        };
        let ticket = usage::reserve(db, actor, self.daily_limit, now).await?;
        let answered = match action {
            Action::Cover => self.cover(db, actor, brief, now).await,
            _ => {
                let messages = prompts::messages(action, brief, &existing_tags, image);
                self.ai
                    .chat(messages, prompts::max_tokens(action))
                    .await
                    .map(|c| {
                        let spent = match c.usage {
                            Some(u) => Spent::Tokens(u),
                            None => Spent::Bytes(c.text.len()),
                        };
                        let suggestion = match action {
                            Action::Seo => suggest::seo_of(&c.text),
                            Action::Tags => suggest::tags_of(&c.text, &existing_tags),
                            Action::AltText => suggest::alt_text_of(&c.text),
                            _ => Suggestion::Markdown(suggest::markdown_of(&c.text)),
                        };
                        (suggestion, spent)
                    })
                    .map_err(Failure::Provider)
            }
        };
        self.settled(db, actor, &ticket, action, answered, now)
            .await
    }

    /// Audits the request (giving its count back when it failed) and turns
    /// a provider's failure into [`Refusal::AiUnavailable`].
    async fn settled(
        &self,
        db: &Database,
        actor: &Actor,
        ticket: &Ticket,
        action: Action,
        answered: Result<(Suggestion, Spent), Failure>,
        now: DateTime<Utc>,
    ) -> DomainResult<Suggestion> {
        let model = self.ai.model();
        match answered {
            Ok((suggestion, spent)) => {
                usage::settle(
                    db,
                    actor,
                    ticket,
                    action,
                    model,
                    &Outcome::Answered(spent),
                    now,
                )
                .await?;
                Ok(suggestion)
            }
            Err(Failure::Provider(outage)) => {
                tracing::warn!(%outage, action = action.as_str(), "AI assistant: provider failed");
                let outcome = Outcome::Failed(outage.to_string());
                usage::settle(db, actor, ticket, action, model, &outcome, now).await?;
                Err(Refusal::AiUnavailable.into())
            }
            Err(Failure::Domain(e)) => {
                let outcome = Outcome::Failed(e.to_string());
                usage::settle(db, actor, ticket, action, model, &outcome, now).await?;
                Err(e)
            }
        }
    }

    /// Fetches a cover image and stores it as an upload (type sniffed,
    /// size checked, random name, `media.upload` audited).
    async fn cover(
        &self,
        db: &Database,
        actor: &Actor,
        brief: &Brief,
        now: DateTime<Utc>,
    ) -> Result<(Suggestion, Spent), Failure> {
        let mut seed = [0u8; 4];
        crate::random::fill(&mut seed);
        let prompt = prompts::cover_prompt(brief);
        let bytes = self
            .ai
            .image(
                &prompt,
                COVER_WIDTH,
                COVER_HEIGHT,
                u32::from_le_bytes(seed) % 1_000_000,
            )
            .await
            .map_err(Failure::Provider)?;
        let kind = uploads::ImageKind::sniff(&bytes).ok_or_else(|| {
            Failure::Provider(AiOutage::Malformed(
                "the image endpoint sent no PNG, JPEG or WebP".into(),
            ))
        })?;
        let size = bytes.len();
        let name = format!("sampul.{}", kind.extension());
        let stored =
            uploads::upload_media(db, actor, &self.uploads, &name, bytes, MAX_COVER_BYTES, now)
                .await
                .map_err(Failure::Domain)?;
        Ok((
            Suggestion::Cover(format!("/uploads/media/{stored}")),
            Spent::Bytes(size),
        ))
    }

    /// An uploaded image (`/uploads/media/<name>`) as a `data:` URL; any
    /// other address is refused (nothing a form names is fetched).
    async fn image_data_url(&self, url: &str) -> DomainResult<String> {
        use base64::Engine;
        let refused = || {
            DomainError::field(
                "text",
                "Pilih gambar yang sudah diunggah ke situs ini (/uploads/media/…).",
            )
        };
        let name = url
            .trim()
            .strip_prefix("/uploads/media/")
            .ok_or_else(refused)?;
        if !stored_name(name) {
            return Err(refused());
        }
        let bytes = self
            .uploads
            .get(&format!("{}/{name}", uploads::MEDIA))
            .await
            .map_err(|_| refused())?;
        let kind = uploads::check_image(name, &bytes, MAX_COVER_BYTES).map_err(|_| refused())?;
        let mime = match kind {
            uploads::ImageKind::Png => "image/png",
            uploads::ImageKind::Jpeg => "image/jpeg",
            uploads::ImageKind::Webp => "image/webp",
        };
        let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
        Ok(format!("data:{mime};base64,{encoded}"))
    }
}

enum Failure {
    Provider(AiOutage),
    Domain(DomainError),
}

/// A name `uploads::store` makes: no path, no hidden file.
fn stored_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && Path::new(name).file_name().is_some_and(|n| n == name)
}
