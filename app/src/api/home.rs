use crate::{error::AppError, model::HomeData};
use leptos::prelude::*;

#[server(endpoint = "home")]
pub async fn get_home_page() -> Result<HomeData, AppError> {
    use domain::content::{portfolio, posts, products, services};
    let st = crate::ssr::state()?;
    let db = &st.db;
    db.kept_for_pages("home".into(), async {
        let now = chrono::Utc::now();
        // Independent queries: run them concurrently on the read pool.
        let (services, portfolio, posts, products) = futures::join!(
            services::list_published(db),
            portfolio::featured(db, 3),
            posts::latest_published(db, now, 3),
            products::highlighted(db, 3),
        );
        Ok(HomeData {
            services: services?.into_iter().map(Into::into).collect(),
            portfolio: portfolio?.into_iter().map(Into::into).collect(),
            posts: posts?.into_iter().map(Into::into).collect(),
            products: products?.into_iter().map(Into::into).collect(),
        })
    })
    .await
}
