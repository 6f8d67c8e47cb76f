use crate::{
    error::AppError,
    model::{ServiceCard, ServiceDetail},
};
use leptos::prelude::*;

#[server(endpoint = "services/list")]
pub async fn get_services() -> Result<Vec<ServiceCard>, AppError> {
    let st = crate::ssr::state()?;
    st.db
        .kept_for_pages("services/list".into(), async {
            Ok(domain::content::services::list_published(&st.db)
                .await?
                .into_iter()
                .map(Into::into)
                .collect())
        })
        .await
}

#[server(endpoint = "services/detail")]
pub async fn get_service(slug: String) -> Result<ServiceDetail, AppError> {
    let st = crate::ssr::state()?;
    st.db
        .kept_for_pages(format!("services/detail {slug}"), async {
            let s = domain::content::services::find_published(&st.db, &slug).await?;
            let body_html = domain::markdown::render(&s.body_md);
            Ok(ServiceDetail {
                card: s.into(),
                body_html,
            })
        })
        .await
}
