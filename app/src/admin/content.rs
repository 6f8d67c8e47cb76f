//! The listing of one content kind (`/admin/{kind}`): search, status
//! filter, pagination, publish/unpublish and delete with confirmation.
use super::widgets::{load_error, Pager};
use crate::api::admin::content::{
    delete_content, get_content_list, set_content_published, ContentRow,
};
use crate::resource::resource;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The kind's URL slug from the route, e.g. "posts".
pub(crate) fn kind_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("kind").unwrap_or_default())
}

#[component]
pub fn ContentListPage() -> impl IntoView {
    let kind = kind_param();
    let query = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let changed = RwSignal::new(0u32);
    let message = RwSignal::new(None::<Result<String, String>>);
    let list = resource(
        move || {
            (
                kind.get(),
                query.get(),
                status.get(),
                page.get(),
                changed.get(),
            )
        },
        |(k, q, s, p, _)| get_content_list(k, q, s, p),
    );
    let publish = Action::new(move |(id, published): &(i32, bool)| {
        let (id, published) = (*id, *published);
        async move {
            let r = set_content_published(kind.get_untracked(), id, published).await;
            message.set(Some(match r {
                Ok(()) if published => Ok("Konten diterbitkan.".into()),
                Ok(()) => Ok("Konten disembunyikan dari situs.".into()),
                Err(e) => Err(e.to_string()),
            }));
            changed.update(|c| *c += 1);
        }
    });
    let delete = Action::new(move |id: &i32| {
        let id = *id;
        async move {
            let r = delete_content(kind.get_untracked(), id).await;
            message.set(Some(
                r.map(|()| "Konten dihapus.".into())
                    .map_err(|e| e.to_string()),
            ));
            changed.update(|c| *c += 1);
        }
    });
    let confirming = RwSignal::new(None::<i32>);
    view! {
        <Transition fallback=|| view! { <p class="text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                let list = match list.await {
                    Ok(l) => l,
                    Err(e) => return load_error(e).into_any(),
                };
                let k = kind.get_untracked();
                let new_href = format!("/admin/{k}/new");
                view! {
                    <div class="flex flex-wrap items-center justify-between gap-4">
                        <h1 class="text-3xl font-bold text-white">{list.label.clone()}</h1>
                        <a href=new_href class="btn-primary">"+ Tambah baru"</a>
                    </div>
                    <p class="mt-2 text-slate-300">{format!("{} item", list.list.total)}</p>
                    <Filters query status page has_schedule=list.has_schedule/>
                    {move || message.get().map(|m| match m {
                        Ok(text) => view! { <p role="status" class="form-status form-status-ok mt-4">{text}</p> }.into_any(),
                        Err(text) => view! { <p role="status" class="form-status form-status-error mt-4">{text}</p> }.into_any(),
                    })}
                    {if list.list.rows.is_empty() {
                        view! { <p class="mt-6 text-slate-300">"Tidak ada konten yang cocok."</p> }.into_any()
                    } else {
                        let rows = list.list.rows.into_iter().map(|row| view! {
                            <Row row kind=k.clone() publish delete confirming/>
                        }).collect_view();
                        view! {
                            <div class="mt-6 overflow-x-auto" tabindex="0" role="region" aria-label="Tabel, dapat digeser">
                                <table class="admin-table">
                                    <caption class="sr-only">{format!("Daftar {}", list.label)}</caption>
                                    <thead><tr>
                                        <th scope="col">"Judul"</th><th scope="col">"Status"</th>
                                        <th scope="col">"Diubah"</th><th scope="col">"Aksi"</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            <Pager page total_pages=list.list.total_pages/>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </Transition>
    }
}

#[component]
fn Filters(
    query: RwSignal<String>,
    status: RwSignal<String>,
    page: RwSignal<u64>,
    has_schedule: bool,
) -> impl IntoView {
    view! {
        <div class="mt-6 flex flex-wrap gap-4">
            <div class="min-w-64">
                <label for="c-q" class="field-label">"Cari judul atau slug"</label>
                <input id="c-q" type="search" class="field-input" prop:value=move || query.get()
                    on:change=move |ev| { query.set(event_target_value(&ev)); page.set(1); }/>
            </div>
            <div>
                <label for="c-status" class="field-label">"Status"</label>
                <select id="c-status" class="field-input" prop:value=move || status.get()
                    on:change=move |ev| { status.set(event_target_value(&ev)); page.set(1); }>
                    <option value="">"Semua"</option>
                    <option value="published">"Terbit"</option>
                    {has_schedule.then(|| view! { <option value="scheduled">"Terjadwal"</option> })}
                    <option value="draft">"Draf"</option>
                </select>
            </div>
        </div>
    }
}

#[component]
fn Row(
    row: ContentRow,
    kind: String,
    publish: Action<(i32, bool), ()>,
    delete: Action<i32, ()>,
    confirming: RwSignal<Option<i32>>,
) -> impl IntoView {
    let id = row.id;
    let edit = format!("/admin/{kind}/{id}");
    let published = row.status == "published";
    let badge = match row.status.as_str() {
        "published" => "badge badge-ok",
        "scheduled" => "badge badge-warn",
        _ => "badge",
    };
    let when = row
        .publish_at
        .clone()
        .filter(|_| row.status == "scheduled")
        .map(|t| format!(" · {t}"));
    let title = row.title.clone();
    view! {
        <tr data-row=row.slug.clone()>
            <td>
                <a href=edit>{row.title.clone()}</a>
                <div class="text-xs text-slate-400">{format!("/{}", row.slug)}</div>
            </td>
            <td><span class=badge>{row.status_label.clone()}</span>{when}</td>
            <td class="whitespace-nowrap">{row.updated.clone()}</td>
            <td class="whitespace-nowrap">
                <div class="flex flex-nowrap gap-2">
                    {row.public_url.clone().map(|u| view! { <a href=u class="btn-ghost" target="_blank" rel="noopener">"Lihat"<span class="sr-only">{format!(" {title}")}</span></a> })}
                    <button type="button" class="btn-ghost" on:click=move |_| { publish.dispatch((id, !published)); }>
                        {if published { "Sembunyikan" } else { "Terbitkan" }}
                        <span class="sr-only">{format!(" {}", row.title)}</span>
                    </button>
                    {move || if confirming.get() == Some(id) {
                        view! {
                            <span role="alert" class="text-sm text-white">"Yakin hapus?"</span>
                            <button type="button" class="btn-primary" on:click=move |_| { confirming.set(None); delete.dispatch(id); }>"Ya, hapus"</button>
                            <button type="button" class="btn-ghost" on:click=move |_| confirming.set(None)>"Batal"</button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="btn-ghost" on:click=move |_| confirming.set(Some(id))>"Hapus"</button>
                        }.into_any()
                    }}
                </div>
            </td>
        </tr>
    }
}
