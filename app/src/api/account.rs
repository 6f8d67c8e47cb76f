//! Server functions of the member dashboard. Each one starts by resolving
//! the session from the `trx_user` cookie; none trusts the browser.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub is_client: bool,
    /// `/uploads/avatars/…` when the member uploaded a photo.
    pub avatar_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: i32,
    pub device: String,
    pub ip: String,
    pub started: String,
    pub last_seen: String,
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub member: Member,
    pub active_sessions: usize,
    pub waitlists: Vec<String>,
    pub recent: Vec<SessionInfo>,
}

#[cfg(feature = "ssr")]
fn member(u: &domain::accounts::SessionUser) -> Member {
    Member {
        name: u.name.clone(),
        email: u.email.clone(),
        phone: u.phone.clone(),
        is_client: u.user_type == domain::accounts::UserType::Client,
        avatar_url: u
            .avatar_path
            .as_ref()
            .map(|p| format!("/uploads/avatars/{p}")),
    }
}

#[cfg(feature = "ssr")]
async fn sessions_of(u: &domain::accounts::SessionUser) -> Result<Vec<SessionInfo>, AppError> {
    let st = crate::ssr::state()?;
    let rows = domain::accounts::list_sessions(&st.db, u.user_id, chrono::Utc::now()).await?;
    let when = crate::ssr::waktu;
    Ok(rows
        .into_iter()
        .map(|s| SessionInfo {
            current: s.id == u.session_id,
            id: s.id,
            device: s
                .user_agent
                .clone()
                .unwrap_or_else(|| "Perangkat tidak dikenal".into()),
            ip: s.ip.clone().unwrap_or_else(|| "-".into()),
            started: when(s.created_at),
            last_seen: when(s.last_seen_at),
        })
        .collect())
}

#[server(endpoint = "account/overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    let recent = sessions_of(&u).await?;
    let waitlists = domain::forms::waitlist::joined_by(&st.db, &u.email).await?;
    Ok(Overview {
        member: member(&u),
        active_sessions: recent.len(),
        recent: recent.into_iter().take(5).collect(),
        waitlists,
    })
}

#[server(endpoint = "account/me")]
pub async fn get_member() -> Result<Member, AppError> {
    let u = crate::ssr::session::current_member().await?;
    Ok(member(&u))
}

/// The GitHub username in the member's profile (GitHub products invite
/// it); it is set by a plain form, `server::github::set_profile_username`.
#[server(endpoint = "account/github")]
pub async fn get_github_username() -> Result<Option<String>, AppError> {
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    Ok(domain::github::profile_username(&st.db, u.user_id).await?)
}

#[server(endpoint = "account/profile")]
pub async fn update_profile(name: String, phone: String) -> Result<(), AppError> {
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    domain::accounts::update_profile(&st.db, u.user_id, &name, &phone, chrono::Utc::now())
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "account/password")]
pub async fn change_password(current: String, new_password: String) -> Result<(), AppError> {
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    domain::accounts::change_password(
        &st.db,
        &st.hasher,
        u.user_id,
        &current,
        &new_password,
        u.session_id,
        crate::ssr::session::client_ip().as_deref(),
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

#[server(endpoint = "account/sessions")]
pub async fn get_sessions() -> Result<Vec<SessionInfo>, AppError> {
    let u = crate::ssr::session::current_member().await?;
    sessions_of(&u).await
}

#[server(endpoint = "account/sessions/revoke")]
pub async fn revoke_session(id: i32) -> Result<(), AppError> {
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    if domain::accounts::revoke_session(&st.db, u.user_id, id).await? {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

#[server(endpoint = "account/sessions/revoke-others")]
pub async fn revoke_other_sessions() -> Result<u64, AppError> {
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    Ok(domain::accounts::revoke_other_sessions(&st.db, u.user_id, u.session_id).await?)
}
