//! The contact inbox: tabs per status, search, and one message in full.
//! Messages are visitors' text and are only ever rendered as text.
use super::widgets::{load_error, Pager};
use crate::resource::resource;
use crate::{
    api::admin::backoffice::{get_contacts, open_contact, set_contact_status, ContactMessageView},
    error::AppError,
};
use leptos::prelude::*;

const TABS: &[(&str, &str)] = &[
    ("", "Semua"),
    ("unread", "Belum dibaca"),
    ("read", "Dibaca"),
    ("archived", "Diarsipkan"),
];

fn status_badge(status: &str, label: String) -> impl IntoView {
    let class = match status {
        "unread" => "badge badge-warn",
        "read" => "badge badge-ok",
        _ => "badge",
    };
    view! { <span class=class>{label}</span> }
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let status = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let open = Action::new(|id: &i32| open_contact(*id));
    let change = Action::new(|(id, to): &(i32, String)| set_contact_status(*id, to.clone()));
    let inbox = resource(
        move || {
            (
                status.get(),
                query.get(),
                page.get(),
                open.version().get(),
                change.version().get(),
            )
        },
        |(s, q, p, _, _)| get_contacts(s, q, p),
    );
    // The message on the right: the latest answer of opening or moving it.
    let shown = RwSignal::new(None::<Result<ContactMessageView, AppError>>);
    Effect::new(move |_| {
        if let Some(r) = open.value().get() {
            shown.set(Some(r));
        }
    });
    Effect::new(move |_| {
        if let Some(r) = change.value().get() {
            shown.set(Some(r));
        }
    });

    view! {
        <h1 class="text-3xl font-bold text-white">"Pesan kontak"</h1>
        <div class="mt-6 max-w-md">
            <label for="k-q" class="field-label">"Cari (nama, email, isi pesan)"</label>
            <input id="k-q" type="search" class="field-input" prop:value=move || query.get()
                on:change=move |ev| { query.set(event_target_value(&ev)); page.set(1); }/>
        </div>
        <div class="mt-6 grid grid-cols-1 gap-6 2xl:grid-cols-2">
            <section aria-labelledby="kotak-masuk" class="min-w-0">
                <h2 id="kotak-masuk" class="sr-only">"Kotak masuk"</h2>
                <Transition fallback=|| view! { <p class="text-slate-300">"Memuat…"</p> }>
                    {move || Suspend::new(async move {
                        match inbox.await {
                            Err(e) => load_error(e).into_any(),
                            Ok(p) => {
                                let counts = p.counts.clone();
                                let tabs = TABS.iter().map(|(key, label)| {
                                    let n = match *key {
                                        "unread" => counts.unread,
                                        "read" => counts.read,
                                        "archived" => counts.archived,
                                        _ => counts.all(),
                                    };
                                    let key = *key;
                                    view! {
                                        <li>
                                            <button type="button" class="btn-ghost"
                                                aria-pressed=move || if status.get() == key { "true" } else { "false" }
                                                on:click=move |_| { status.set(key.to_owned()); page.set(1); }>
                                                {format!("{label} ({n})")}
                                            </button>
                                        </li>
                                    }
                                }).collect_view();
                                let list = if p.list.rows.is_empty() {
                                    view! { <p class="mt-6 text-slate-300">"Tidak ada pesan."</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="mt-6 overflow-x-auto" tabindex="0" role="region" aria-label="Tabel, dapat digeser">
                                            <table class="admin-table">
                                                <caption class="sr-only">"Pesan kontak, terbaru di atas"</caption>
                                                <thead><tr><th scope="col">"Diterima"</th><th scope="col">"Pengirim"</th><th scope="col">"Cuplikan"</th><th scope="col">"Status"</th><th scope="col">"Aksi"</th></tr></thead>
                                                <tbody>
                                                    {p.list.rows.into_iter().map(|r| {
                                                        let id = r.id;
                                                        view! {
                                                            <tr data-contact=id>
                                                                <td class="whitespace-nowrap">{r.received}</td>
                                                                <td class="wrap-anywhere"><span class="text-white">{r.name.clone()}</span><br/>{r.email}</td>
                                                                <td class="wrap-anywhere max-w-md">{r.preview}</td>
                                                                <td>{status_badge(&r.status, r.status_label)}</td>
                                                                <td>
                                                                    <button type="button" class="btn-ghost" on:click=move |_| { open.dispatch(id); }>
                                                                        "Buka"<span class="sr-only">{format!(" pesan dari {}", r.name)}</span>
                                                                    </button>
                                                                </td>
                                                            </tr>
                                                        }
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                        <Pager page total_pages=p.list.total_pages/>
                                    }.into_any()
                                };
                                view! {
                                    <nav aria-label="Saring menurut status">
                                        <ul class="flex flex-wrap gap-2">{tabs}</ul>
                                    </nav>
                                    {list}
                                }.into_any()
                            }
                        }
                    })}
                </Transition>
            </section>
            <section aria-labelledby="isi-pesan" class="card min-w-0 p-6">
                <h2 id="isi-pesan" class="text-xl font-semibold text-white">"Isi pesan"</h2>
                {move || match shown.get() {
                    None => view! { <p class="mt-3 text-slate-300">"Pilih pesan dari daftar untuk membacanya."</p> }.into_any(),
                    Some(Err(e)) => view! { <p role="status" class="form-status form-status-error mt-3">{e.to_string()}</p> }.into_any(),
                    Some(Ok(m)) => message_view(m, change).into_any(),
                }}
            </section>
        </div>
    }
}

fn message_view(
    m: ContactMessageView,
    change: Action<(i32, String), Result<ContactMessageView, AppError>>,
) -> impl IntoView {
    let id = m.id;
    let mailto = format!("mailto:{}", m.email);
    let current = m.status.clone();
    let buttons = [
        ("unread", "Tandai belum dibaca"),
        ("read", "Tandai dibaca"),
        ("archived", "Arsipkan"),
    ]
    .into_iter()
    .map(|(to, label)| {
        let class = if to == "archived" {
            "btn-primary"
        } else {
            "btn-ghost"
        };
        view! {
            <button type="button" class=class disabled=current == to
                on:click=move |_| { change.dispatch((id, to.to_owned())); }>{label}</button>
        }
    })
    .collect_view();
    view! {
        <div class="mt-4 flex flex-col gap-3 text-slate-300" data-message=id>
            <p role="status">"Status: "{status_badge(&m.status, m.status_label.clone())}</p>
            <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                <dt class="text-slate-400">"Nama"</dt><dd class="text-white">{m.name}</dd>
                <dt class="text-slate-400">"Email"</dt><dd><a href=mailto class="underline text-cyan-300">{m.email}</a></dd>
                <dt class="text-slate-400">"Telepon"</dt><dd>{m.phone.unwrap_or_else(|| "-".into())}</dd>
                <dt class="text-slate-400">"Diterima"</dt><dd>{m.received}</dd>
            </dl>
            <p class="whitespace-pre-wrap break-words rounded border border-white/10 p-4 text-white" data-message-text="">{m.message}</p>
            <div class="flex flex-wrap gap-2">{buttons}</div>
        </div>
    }
}
