//! The tools as the admin sees them: switched on or off, uses a day per
//! plan, and today's uses (everyone counted).
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminToolRow {
    pub slug: String,
    pub name: String,
    pub enabled: bool,
    pub guest: i32,
    pub member: i32,
    pub pass: i32,
    pub uses_today: u32,
}

#[server(endpoint = "admin/tools")]
pub async fn get_admin_tools() -> Result<Vec<AdminToolRow>, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let now = chrono::Utc::now();
    let uses = domain::tools::admin::uses_today(&st.db, now).await?;
    Ok(domain::tools::admin::list(&st.db)
        .await?
        .into_iter()
        .map(|t| AdminToolRow {
            uses_today: uses.get(&t.slug).copied().unwrap_or(0),
            slug: t.slug,
            name: t.name,
            enabled: t.enabled,
            guest: t.guest_daily_quota,
            member: t.member_daily_quota,
            pass: t.pass_daily_quota,
        })
        .collect())
}

/// Saves one tool's switch and quotas (audited as `tool.update`).
#[server(endpoint = "admin/tools/save")]
pub async fn save_tool(
    slug: String,
    enabled: bool,
    guest: String,
    member: String,
    pass: String,
) -> Result<(), AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    if !domain::markdown::is_slug(&slug) {
        return Err(AppError::not_found());
    }
    let settings = domain::tools::admin::ToolSettings {
        enabled,
        guest,
        member,
        pass,
    };
    domain::tools::admin::update(&st.db, &actor, &slug, &settings, chrono::Utc::now()).await?;
    Ok(())
}
