use crate::{
    api::blog::{get_blog_list, get_post},
    components::{
        cards::PostItem,
        markdown::MarkdownBody,
        page::{load_drawn_page, query_param, route_param, JsonLd, PageHeader},
        page_meta::PageHead,
    },
    format::query_value,
    model::{BlogList, PostDetail},
};
use leptos::prelude::*;

/// `/blog?kategori=…&tag=…&halaman=2`
#[component]
pub fn BlogPage() -> impl IntoView {
    let category = query_param("kategori");
    let tag = query_param("tag");
    let page = query_param("halaman");
    view! {
        <PageHeader
            eyebrow="Blog"
            title="Tulisan dari tim Tiranyx"
            lead="Catatan praktis tentang pengembangan web, desain, bisnis digital dan otomasi AI."
        />
        {load_drawn_page(
            move || {
                let page = page().and_then(|p| p.parse().ok()).unwrap_or(1);
                get_blog_list(category(), tag(), page)
            },
            blog_list_head,
            |list| view! { <BlogListView list/> },
        )}
    }
}

fn blog_href(category: Option<&str>, tag: Option<&str>, page: u64) -> String {
    let mut query = Vec::new();
    if let Some(c) = category {
        query.push(format!("kategori={}", query_value(c)));
    }
    if let Some(t) = tag {
        query.push(format!("tag={}", query_value(t)));
    }
    if page > 1 {
        query.push(format!("halaman={page}"));
    }
    if query.is_empty() {
        "/blog".to_owned()
    } else {
        format!("/blog?{}", query.join("&"))
    }
}

fn blog_list_head(list: &BlogList) -> PageHead {
    let (category, tag, page) = (&list.category, &list.tag, list.pagination.page);
    let mut title = "Blog".to_owned();
    if let Some(c) = category {
        title = format!("Blog: {c}");
    }
    if let Some(t) = tag {
        title = format!("{title} #{t}");
    }
    if page > 1 {
        title = format!("{title} — halaman {page}");
    }
    PageHead::new(
        title,
        "Artikel Tiranyx tentang pengembangan web, desain, bisnis digital dan otomasi AI untuk bisnis Indonesia.",
        blog_href(category.as_deref(), tag.as_deref(), page),
    )
}

#[component]
fn BlogListView(list: BlogList) -> impl IntoView {
    let BlogList {
        posts,
        pagination,
        categories,
        tags,
        category,
        tag,
    } = list;
    let empty = posts.is_empty();
    let (cat_now, tag_now) = (category.clone(), tag.clone());
    view! {
        <div class="mx-auto max-w-6xl px-4">
            <nav aria-label="Kategori" class="flex flex-wrap gap-2">
                <a href="/blog" class="chip" aria-current=category.is_none().then_some("page")>"Semua"</a>
                {categories.into_iter().map(|(c, n)| {
                    let current = (cat_now.as_deref() == Some(c.as_str())).then_some("page");
                    view! {
                        <a href=blog_href(Some(&c), None, 1) class="chip" aria-current=current>
                            {c.clone()} <span class="text-slate-400">{format!(" ({n})")}</span>
                        </a>
                    }
                }).collect_view()}
            </nav>
            {(!tags.is_empty()).then(|| view! {
                <nav aria-label="Tag" class="mt-3 flex flex-wrap gap-2">
                    {tags.into_iter().map(|(t, _)| {
                        let current = (tag_now.as_deref() == Some(t.as_str())).then_some("page");
                        view! { <a href=blog_href(None, Some(&t), 1) class="tag" aria-current=current>{format!("#{t}")}</a> }
                    }).collect_view()}
                </nav>
            })}
            <h2 class="sr-only">"Daftar artikel"</h2>
            {if empty {
                view! { <p class="mt-10 text-slate-300">"Belum ada tulisan untuk pilihan ini."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-10 grid gap-6 md:grid-cols-2 lg:grid-cols-3">
                        {posts.into_iter().map(|p| view! { <PostItem p/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <Pager
                page=pagination.page
                total=pagination.total_pages
                href=move |p| blog_href(category.as_deref(), tag.as_deref(), p)
            />
        </div>
    }
}

#[component]
fn Pager(page: u64, total: u64, href: impl Fn(u64) -> String + 'static) -> impl IntoView {
    (total > 1).then(|| {
        view! {
            <nav aria-label="Halaman" class="mt-12 flex items-center justify-between gap-4">
                {(page > 1).then(|| view! { <a class="btn-ghost" rel="prev" href=href(page - 1)>"← Sebelumnya"</a> })}
                <p class="text-sm text-slate-300">{format!("Halaman {page} dari {total}")}</p>
                {(page < total).then(|| view! { <a class="btn-ghost" rel="next" href=href(page + 1)>"Berikutnya →"</a> })}
            </nav>
        }
    })
}

/// `/blog/{slug}`
#[component]
pub fn PostPage() -> impl IntoView {
    let slug = route_param("slug");
    view! { {load_drawn_page(move || get_post(slug()), post_head, |post| view! { <PostView post/> })} }
}

fn post_head(post: &PostDetail) -> PageHead {
    PageHead::new(
        post.seo_title.clone(),
        post.seo_description.clone(),
        format!("/blog/{}", post.card.slug),
    )
    .article()
}

#[component]
fn PostView(post: PostDetail) -> impl IntoView {
    let PostDetail {
        card,
        tags,
        body_html,
        json_ld,
        ..
    } = post;
    view! {
        <JsonLd json=json_ld/>
        <article class="mx-auto max-w-3xl px-4 pb-10 pt-14">
            <p class="eyebrow">
                <a href=blog_href(Some(&card.category), None, 1) class="underline-offset-4 hover:underline">{card.category.clone()}</a>
            </p>
            <h1 class="mt-3 text-4xl font-extrabold leading-tight text-white md:text-5xl">{card.title}</h1>
            <p class="mt-4 text-slate-300">
                {card.author_name} " · " <time datetime=card.published_iso>{card.published_on}</time>
            </p>
            <div class="mt-10">
                <MarkdownBody html=body_html/>
            </div>
            <ul class="mt-10 flex flex-wrap gap-2" aria-label="Tag">
                {tags.into_iter().map(|t| view! {
                    <li><a class="tag" href=blog_href(None, Some(&t), 1)>{format!("#{t}")}</a></li>
                }).collect_view()}
            </ul>
            <a href="/blog" class="btn-ghost mt-10">"← Semua tulisan"</a>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blog_links_keep_filters_and_encode_them() {
        assert_eq!(blog_href(None, None, 1), "/blog");
        assert_eq!(blog_href(None, None, 2), "/blog?halaman=2");
        assert_eq!(
            blog_href(Some("AI & Otomasi"), None, 3),
            "/blog?kategori=AI%20%26%20Otomasi&halaman=3"
        );
        assert_eq!(blog_href(None, Some("seo"), 1), "/blog?tag=seo");
    }
}
