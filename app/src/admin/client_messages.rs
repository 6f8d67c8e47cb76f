//! `/admin/messages`: every client thread, the most recently written
//! first, with what no admin has read; `/admin/messages/{user_id}/{project_id}`:
//! one thread (opening it marks it read) and the answer form, a plain post
//! (`server::client_messages`) that comes back with `?ok=1` or
//! `?gagal=code`.
use crate::{
    admin::widgets::PostResult,
    api::admin::client_messages::{get_client_inbox, open_client_thread, ClientThread, InboxRow},
    components::page::{load_hydrated, query_param, route_param},
};
use leptos::prelude::*;

#[component]
pub fn ClientMessagesAdminPage() -> impl IntoView {
    view! {
        <h1 class="text-3xl font-bold text-white">"Pesan klien"</h1>
        <p class="mt-2 text-slate-300">"Percakapan per proyek dengan klien agensi, yang terbaru di atas."</p>
        {load_hydrated(|| (), |_| get_client_inbox(), |rows: Vec<InboxRow>| if rows.is_empty() {
            view! { <p class="mt-6 text-slate-300" data-empty="">"Belum ada pesan dari klien."</p> }.into_any()
        } else {
            inbox(rows).into_any()
        })}
    }
}

fn inbox(rows: Vec<InboxRow>) -> impl IntoView {
    view! {
        <div class="mt-8 overflow-x-auto" tabindex="0" role="region" aria-label="Pesan klien">
            <table class="admin-table">
                <thead><tr>
                    <th scope="col">"Klien"</th><th scope="col">"Proyek"</th>
                    <th scope="col">"Pesan terakhir"</th><th scope="col">"Waktu"</th><th scope="col">"Belum dibaca"</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|t| view! {
                        <tr>
                            <td>
                                <a href=t.path.clone() class="text-white" data-thread=t.path.clone()>{t.client}</a>
                                <span class="block break-all text-sm text-slate-400">{t.email}</span>
                            </td>
                            <td><a href=t.path>{t.project_id}</a></td>
                            <td>
                                {t.answered.then(|| view! { <span class="text-slate-400">"Tim: "</span> })}
                                {t.excerpt}
                            </td>
                            <td class="whitespace-nowrap">{t.when}</td>
                            <td>
                                {(t.unread > 0).then(|| view! {
                                    <span class="badge badge-warn" data-unread=t.unread>{format!("{} baru", t.unread)}</span>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ClientThreadAdminPage() -> impl IntoView {
    let user_id = route_param("user_id");
    let project_id = route_param("project_id");
    view! {
        <p><a href="/admin/messages">"← Semua pesan klien"</a></p>
        <PostResult ok="Balasan terkirim ke klien."/>
        {load_hydrated(
            move || (user_id().parse().unwrap_or(0), project_id()),
            |(user, project)| open_client_thread(user, project),
            |t| view! { <ThreadView t/> },
        )}
    }
}

#[component]
fn ThreadView(t: ClientThread) -> impl IntoView {
    let failed = query_param("gagal");
    let body_error = move || {
        (failed().as_deref() == Some("invalid_input")).then_some("Tulis balasan 1–4000 karakter.")
    };
    let invalid = body_error.clone();
    let action = format!("/admin/messages/{}/{}/answer", t.user_id, t.project_id);
    view! {
        <h1 class="mt-4 text-3xl font-bold text-white">{format!("Proyek {}", t.project_id)}</h1>
        <p class="mt-2 text-slate-300">
            {format!("{} · {}", t.client, t.email)}
            {t.ixonomic_id.clone().map(|id| view! { <span class="text-slate-400">{format!(" · klien Ixonomic {id}")}</span> })}
        </p>
        <ol class="mt-6 flex flex-col gap-4" data-messages="">
            {t.messages.into_iter().map(|m| view! {
                <li class="card p-4" data-message=m.id data-author=if m.from_client { "client" } else { "agency" }>
                    <p class="text-sm text-slate-400">
                        <strong class="text-white">{if m.from_client { t.client.clone() } else { "Tim Tiranyx".to_owned() }}</strong>
                        {format!(" · {}", m.when)}
                        {m.new.then(|| view! { " "<span class="badge badge-warn">"baru"</span> })}
                    </p>
                    <p class="mt-2 whitespace-pre-line text-slate-200">{m.body}</p>
                </li>
            }).collect_view()}
        </ol>
        {match t.ixonomic_id {
            Some(_) => view! {
                <form method="post" action=action class="card mt-6 flex flex-col gap-3 p-5">
                    <h2 class="text-xl font-semibold text-white">"Balas"</h2>
                    <div class="field">
                        <label for="answer-body" class="field-label">"Pesan untuk klien (dikirim juga lewat email)"</label>
                        <textarea id="answer-body" name="body" rows="5" required maxlength="4000" class="field-input"
                            aria-describedby="answer-body-error"
                            aria-invalid=move || invalid().is_some().then_some("true")></textarea>
                        <p id="answer-body-error" class="field-error">{body_error}</p>
                    </div>
                    <button type="submit" class="btn-primary self-start">"Kirim balasan"</button>
                </form>
            }.into_any(),
            None => view! {
                <p class="mt-6 text-slate-300" data-not-client="">
                    "Akun ini bukan klien agensi lagi, jadi balasan tidak bisa dikirim. Pesan lamanya tetap tersimpan."
                </p>
            }.into_any(),
        }}
    }
}
