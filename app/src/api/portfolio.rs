use crate::{
    error::AppError,
    model::{CaseStudyDetail, PortfolioList},
};
use leptos::prelude::*;

#[server(endpoint = "portfolio/list")]
pub async fn get_portfolio() -> Result<PortfolioList, AppError> {
    use crate::model::{CaseStudyCard, PortfolioEntry};
    use domain::content::{case_studies, portfolio};
    let st = crate::ssr::state()?;
    st.db
        .kept_for_pages("portfolio/list".into(), async {
            let (items, studies) = futures::join!(
                portfolio::list_published(&st.db),
                case_studies::list_published(&st.db)
            );
            let studies = studies?;
            let items = items?
                .into_iter()
                .map(|p| PortfolioEntry {
                    case_study_slug: studies
                        .iter()
                        .find(|c| c.portfolio_item_id == Some(p.id))
                        .map(|c| c.slug.clone()),
                    card: p.into(),
                })
                .collect();
            Ok(PortfolioList {
                items,
                case_studies: studies.into_iter().map(CaseStudyCard::from).collect(),
            })
        })
        .await
}

#[server(endpoint = "portfolio/case-study")]
pub async fn get_case_study(slug: String) -> Result<CaseStudyDetail, AppError> {
    let st = crate::ssr::state()?;
    st.db
        .kept_for_pages(format!("portfolio/case-study {slug}"), async {
            let c = domain::content::case_studies::find_published(&st.db, &slug).await?;
            let body_html = domain::markdown::render(&c.body_md);
            let published_on = c.published_at.map(crate::ssr::tanggal);
            Ok(CaseStudyDetail {
                card: c.into(),
                published_on,
                body_html,
            })
        })
        .await
}
