//! The AI writing assistant of the admin editor ("Bantu tulis", issue 18):
//! the provider client ([`client`], [`stream`], its wire shapes in
//! [`wire`]), the actions and their brief ([`action`]), the Indonesian
//! prompts ([`prompts`]), the answer made safe ([`suggest`]), the daily
//! limit and audit ([`usage`]) and the use cases ([`assist`], [`draft`]).
//! Results are suggestions: only the admin's own save stores them.
pub mod action;
pub mod assist;
pub mod client;
pub mod draft;
pub mod prompts;
mod retry;
pub mod stream;
pub mod suggest;
pub mod usage;
pub mod wire;

pub use action::{Action, Brief};
pub use assist::Assistant;
pub use client::{Ai, AiOutage, Policy};
pub use draft::DraftEvent;
pub use suggest::Suggestion;

/// Where the development simulator (`server::simulator`) answers as the
/// AI provider, on the site itself.
pub const SIMULATOR_API: &str = "/_dev/ai";
/// The simulator's key: public on purpose, refused in production.
pub const SIMULATOR_KEY: &str = "ai_SIMULATOR";
/// Pollinations' gateway: OpenAI-compatible `/v1/chat/completions` and
/// `/image/{prompt}` under one base, one bearer key.
pub const DEFAULT_API_URL: &str = "https://gen.pollinations.ai";
/// Pollinations' name for its default OpenAI-compatible text model.
pub const DEFAULT_MODEL: &str = "openai";
/// Requests per admin per Jakarta day when `AI_DAILY_LIMIT` is not set.
pub const DEFAULT_DAILY_LIMIT: u32 = 50;
