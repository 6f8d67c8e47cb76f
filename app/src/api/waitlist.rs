use crate::{error::AppError, model::WaitlistTarget};
use leptos::prelude::*;

#[server(endpoint = "waitlist/targets")]
pub async fn get_waitlist_targets() -> Result<Vec<WaitlistTarget>, AppError> {
    let st = crate::ssr::state()?;
    Ok(domain::forms::waitlist::targets(&st.db)
        .await?
        .into_iter()
        .map(|(slug, name, count)| WaitlistTarget { slug, name, count })
        .collect())
}

#[server(endpoint = "waitlist/target")]
pub async fn get_waitlist_target(slug: String) -> Result<WaitlistTarget, AppError> {
    let st = crate::ssr::state()?;
    domain::forms::waitlist::targets(&st.db)
        .await?
        .into_iter()
        .find(|(s, _, _)| *s == slug)
        .map(|(slug, name, count)| WaitlistTarget { slug, name, count })
        .ok_or(AppError::not_found())
}
