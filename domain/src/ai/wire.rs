//! The OpenAI chat completions shapes this client sends and reads: the
//! request (`model`, `messages`, `max_tokens`, `temperature`, `stream`),
//! the answer (`choices[0].message.content`, `usage`) and, when
//! streaming, the server-sent events' chunks (`choices[0].delta.content`,
//! then `data: [DONE]`). Only the fields used are declared; unknown ones
//! are ignored, so any OpenAI-compatible provider fits.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChatRequest {
    pub model: String,
    pub messages: Vec<Message>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub max_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub temperature: Option<f32>,
    #[serde(default)]
    pub stream: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Message {
    pub role: String,
    pub content: Content,
}

/// A message's content: text, or parts (text and an image, for alt text).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Content {
    Text(String),
    Parts(Vec<Part>),
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Part {
    Text { text: String },
    ImageUrl { image_url: ImageUrl },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImageUrl {
    pub url: String,
}

impl Message {
    pub fn system(text: impl Into<String>) -> Self {
        Message {
            role: "system".into(),
            content: Content::Text(text.into()),
        }
    }

    pub fn user(text: impl Into<String>) -> Self {
        Message {
            role: "user".into(),
            content: Content::Text(text.into()),
        }
    }

    /// A user message with an image (a `data:` URL), for providers that see.
    pub fn user_with_image(text: impl Into<String>, data_url: String) -> Self {
        Message {
            role: "user".into(),
            content: Content::Parts(vec![
                Part::Text { text: text.into() },
                Part::ImageUrl {
                    image_url: ImageUrl { url: data_url },
                },
            ]),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ChatResponse {
    #[serde(default)]
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub usage: Option<Usage>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Choice {
    #[serde(default)]
    pub message: Option<AnswerMessage>,
    #[serde(default)]
    pub delta: Option<AnswerMessage>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AnswerMessage {
    #[serde(default)]
    pub content: Option<String>,
}

/// Token counts, when the provider reports them.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
pub struct Usage {
    #[serde(default)]
    pub prompt_tokens: u32,
    #[serde(default)]
    pub completion_tokens: u32,
}

impl ChatResponse {
    /// The first choice's text (`message.content`, or a chunk's `delta`).
    pub fn text(&self) -> Option<&str> {
        let choice = self.choices.first()?;
        choice
            .message
            .as_ref()
            .or(choice.delta.as_ref())
            .and_then(|m| m.content.as_deref())
    }
}
