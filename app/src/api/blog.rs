use crate::{
    error::AppError,
    model::{BlogList, PostDetail},
};
use leptos::prelude::*;

pub const POSTS_PER_PAGE: u64 = 4;

#[server(endpoint = "blog/list")]
pub async fn get_blog_list(
    category: Option<String>,
    tag: Option<String>,
    page: u64,
) -> Result<BlogList, AppError> {
    use crate::model::Pagination;
    use domain::content::posts::{self, PostFilter};
    let st = crate::ssr::state()?;
    let filter = PostFilter {
        category: category.filter(|c| !c.is_empty()),
        tag: tag.filter(|t| !t.is_empty()),
    };
    let page = page.max(1);
    let key = format!("blog/list {:?} {:?} {page}", filter.category, filter.tag);
    st.db
        .kept_for_pages(key, async {
            let now = chrono::Utc::now();
            let (list, categories, tags) = futures::join!(
                posts::list_published(&st.db, now, &filter, page, POSTS_PER_PAGE),
                posts::categories(&st.db, now),
                posts::tags(&st.db, now),
            );
            let list = list?;
            // A page past the end (or a filter matching nothing past page 1) is not a page.
            if list.items.is_empty() && page > 1 {
                return Err(AppError::not_found());
            }
            Ok(BlogList {
                pagination: Pagination {
                    page,
                    total_pages: list.total_pages(),
                },
                posts: list.items.into_iter().map(Into::into).collect(),
                categories: categories?,
                tags: tags?,
                category: filter.category.clone(),
                tag: filter.tag.clone(),
            })
        })
        .await
}

#[server(endpoint = "blog/post")]
pub async fn get_post(slug: String) -> Result<PostDetail, AppError> {
    use crate::ssr::json_ld;
    let st = crate::ssr::state()?;
    st.db
        .kept_for_pages(format!("blog/post {slug}"), async {
            let post =
                domain::content::posts::find_published(&st.db, chrono::Utc::now(), &slug).await?;
            let origin = st.config.site_origin();
            let tags = domain::content::posts::tag_list(&post.tags);
            let body_html = domain::markdown::render(&post.body_md);
            let seo_title = post.seo_title.clone().unwrap_or_else(|| post.title.clone());
            let seo_description = post
                .seo_description
                .clone()
                .unwrap_or_else(|| post.excerpt.clone());
            let modified_iso = post.updated_at.to_rfc3339();
            let card: crate::model::PostCard = post.into();
            let json_ld = json_ld::to_script_text(&json_ld::blog_posting(&json_ld::PostLd {
                origin: &origin,
                slug: &card.slug,
                title: &card.title,
                description: &seo_description,
                author: &card.author_name,
                published_iso: &card.published_iso,
                modified_iso: &modified_iso,
                keywords: &tags,
            }));
            Ok(PostDetail {
                card,
                tags,
                seo_title,
                seo_description,
                body_html,
                json_ld,
            })
        })
        .await
}
