//! `/client/messages`: one thread per project with the agency, and the
//! open one (`?project=`) with its form. The post is handled by
//! `server::client_portal::send_message`.
use super::widgets::PostOutcome;
use crate::{
    api::client::{get_client_messages, MessagesView},
    components::page::{load_hydrated, query_param},
};
use leptos::prelude::*;

#[component]
pub fn ClientMessagesPage() -> impl IntoView {
    let project = query_param("project");
    view! {
        <PostOutcome/>
        <h1 class="text-3xl font-bold text-white">"Pesan"</h1>
        {load_hydrated(project, get_client_messages, view_messages)}
    }
}

fn view_messages(v: MessagesView) -> impl IntoView {
    let open_id = v.open.as_ref().map(|(p, _)| p.id.clone());
    view! {
        // min-w-0: a grid item is never narrower than its content, and a
        // thread's truncated last message would widen the page on a phone.
        <div class="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-[18rem_1fr]">
            <nav aria-label="Percakapan per proyek" class="min-w-0">
                {if v.threads.is_empty() {
                    view! { <p class="text-slate-300">"Belum ada proyek untuk dibicarakan."</p> }.into_any()
                } else {
                    view! {
                        <ul class="flex flex-col gap-2">
                            {v.threads.into_iter().map(|t| {
                                let current = (open_id.as_deref() == Some(t.project_id.as_str())).then_some("page");
                                view! {
                                    <li>
                                        <a class="card block p-3" aria-current=current data-thread=t.project_id.clone()
                                            href=format!("/client/messages?project={}", t.project_id)>
                                            <span class="font-semibold text-white">{t.project_name}</span>
                                            {(t.unread > 0).then(|| view! {
                                                <span class="badge badge-warn ml-2">{format!("{} baru", t.unread)}</span>
                                            })}
                                            <span class="mt-1 block truncate text-sm text-slate-400">
                                                {if t.last.is_empty() { "Belum ada pesan".to_owned() } else { t.last }}
                                            </span>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </nav>
            <section aria-labelledby="percakapan" class="min-w-0">
                {match v.open {
                    None => view! {
                        <h2 id="percakapan" class="text-xl font-semibold text-white">"Pilih proyek"</h2>
                        <p class="mt-3 text-slate-300">"Pilih proyek di samping untuk membaca dan mengirim pesan ke tim Tiranyx."</p>
                    }.into_any(),
                    Some((p, rows)) => view! {
                        <h2 id="percakapan" class="text-xl font-semibold text-white">{p.name.clone()}</h2>
                        {if rows.is_empty() {
                            view! { <p class="mt-3 text-slate-300">"Belum ada pesan. Tulis pertanyaan atau kabar untuk tim kami."</p> }.into_any()
                        } else {
                            view! {
                                <ol class="mt-4 flex flex-col gap-3" data-messages="">
                                    {rows.into_iter().map(|m| view! {
                                        <li class=if m.mine { "card ml-8 p-4" } else { "card mr-8 p-4" } data-mine=m.mine.then_some("true")>
                                            <p class="text-sm text-slate-400">{format!("{} · {}", m.author, m.at)}</p>
                                            <p class="mt-2 whitespace-pre-line text-slate-200">{m.body}</p>
                                        </li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                        <form method="post" action="/client/messages" class="mt-6 flex flex-col gap-2" id="pesan">
                            <input type="hidden" name="project_id" value=p.id.clone()/>
                            <label for="isi-pesan" class="field-label">"Pesan baru"</label>
                            <textarea id="isi-pesan" name="body" rows="4" required maxlength="4000" class="field-input"></textarea>
                            <button type="submit" class="btn-primary self-start">"Kirim pesan"</button>
                        </form>
                    }.into_any(),
                }}
            </section>
        </div>
    }
}
