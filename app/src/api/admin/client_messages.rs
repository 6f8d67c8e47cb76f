//! Client messages for admins (issue 15): the inbox of every thread and
//! one thread, which opening marks read by the agency. The answer form is
//! a plain post (`server::client_messages`).
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    /// `/admin/messages/{user_id}/{project_id}`.
    pub path: String,
    pub client: String,
    pub email: String,
    pub project_id: String,
    pub excerpt: String,
    /// Jakarta time, "5 November 2026 14:05 WIB".
    pub when: String,
    /// The last message is the agency's (answered).
    pub answered: bool,
    /// The client's messages no admin has read.
    pub unread: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreadMessage {
    pub id: i32,
    pub from_client: bool,
    /// Plain text: render it as text.
    pub body: String,
    pub when: String,
    /// A client's message no admin had read before this opening.
    pub new: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientThread {
    pub user_id: i32,
    pub client: String,
    pub email: String,
    pub project_id: String,
    /// Their Ixonomic client id; `None` once no longer a client (no
    /// answers then).
    pub ixonomic_id: Option<String>,
    pub messages: Vec<ThreadMessage>,
}

/// Every thread, the most recently written first.
#[server(endpoint = "admin/client-messages")]
pub async fn get_client_inbox() -> Result<Vec<InboxRow>, AppError> {
    use domain::{clients::messages, entities::client_message::Author};
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    Ok(messages::inbox(&st.db)
        .await?
        .into_iter()
        .map(|t| InboxRow {
            path: messages::admin_path(t.user_id, &t.project_id),
            client: t.client_name,
            email: t.client_email,
            project_id: t.project_id,
            excerpt: t.last_body_excerpt,
            when: crate::api::admin::wib(t.last_at),
            answered: t.last_author == Author::Agency,
            unread: t.unread_for_agency,
        })
        .collect())
}

/// One thread, oldest first; opening it marks the client's messages read.
#[server(endpoint = "admin/client-messages/thread")]
pub async fn open_client_thread(
    user_id: i32,
    project_id: String,
) -> Result<ClientThread, AppError> {
    use domain::{
        clients::messages,
        entities::{client_message::Author, user::UserType},
    };
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let (user, thread) =
        messages::open_by_agency(&st.db, user_id, &project_id, chrono::Utc::now()).await?;
    let is_client = user.user_type == UserType::Client;
    // Nothing to show, and nobody to start a thread with.
    if thread.is_empty() && !is_client {
        return Err(AppError::not_found());
    }
    Ok(ClientThread {
        user_id,
        client: user.name,
        email: user.email,
        project_id: project_id.trim().to_owned(),
        ixonomic_id: user.ixonomic_client_id.filter(|_| is_client),
        messages: thread
            .into_iter()
            .map(|m| ThreadMessage {
                id: m.id,
                from_client: m.author == Author::Client,
                new: m.author == Author::Client && m.read_at.is_none(),
                when: crate::api::admin::wib(m.created_at),
                body: m.body,
            })
            .collect(),
    })
}
