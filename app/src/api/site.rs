use crate::{error::AppError, model::SiteInfo};
use leptos::prelude::*;

/// Settings shown in the layout (site name, contact, social links).
#[server(endpoint = "site/info")]
pub async fn get_site_info() -> Result<SiteInfo, AppError> {
    let st = crate::ssr::state()?;
    Ok(domain::content::settings::load(&st.db).await?.into())
}
