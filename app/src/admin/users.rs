//! Member accounts: search, filter, details, verify, disable, enable, and
//! make one an agency client (their Ixonomic client id) or end it.
use super::widgets::{load_error, Pager};
use crate::api::admin::backoffice::{
    disable_member, enable_member, get_member, get_members, verify_member, EndMemberClient,
    MakeMemberClient, MemberDetail,
};
use crate::resource::resource;
use leptos::prelude::*;

const FILTERS: &[(&str, &str)] = &[
    ("all", "Semua"),
    ("unverified", "Email belum terverifikasi"),
    ("disabled", "Dinonaktifkan"),
    ("clients", "Klien"),
];

fn state_badges(verified: bool, disabled: bool) -> impl IntoView {
    view! {
        {if disabled {
            view! { <span class="badge badge-warn">"nonaktif"</span> }.into_any()
        } else {
            view! { <span class="badge badge-ok">"aktif"</span> }.into_any()
        }}
        " "
        {if verified {
            view! { <span class="badge">"terverifikasi"</span> }.into_any()
        } else {
            view! { <span class="badge badge-warn">"belum verifikasi"</span> }.into_any()
        }}
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let filter = RwSignal::new("all".to_owned());
    let page = RwSignal::new(1u64);
    let selected = RwSignal::new(None::<i32>);
    let confirming = RwSignal::new(false);
    let verify = Action::new(|id: &i32| verify_member(*id));
    let disable = Action::new(|id: &i32| disable_member(*id));
    let enable = Action::new(|id: &i32| enable_member(*id));
    let make_client = ServerAction::<MakeMemberClient>::new();
    let end_client = ServerAction::<EndMemberClient>::new();
    let changes = move || {
        (
            verify.version().get(),
            disable.version().get(),
            enable.version().get(),
            make_client.version().get(),
            end_client.version().get(),
        )
    };
    let members = resource(
        move || (query.get(), filter.get(), page.get(), changes()),
        |(q, f, p, _)| get_members(q, f, p),
    );
    let detail = resource(
        move || (selected.get(), changes()),
        |(id, _)| async move {
            match id {
                Some(id) => get_member(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let pick = move |id: i32| {
        selected.set(Some(id));
        confirming.set(false);
        verify.value().set(None);
        disable.value().set(None);
        enable.value().set(None);
        make_client.value().set(None);
        end_client.value().set(None);
    };
    let id_error = move || {
        make_client
            .value()
            .get()
            .and_then(|r| r.err())
            .and_then(|e| e.fields.get("ixonomic_client_id").cloned())
    };

    let detail_view = move |m: MemberDetail| {
        let id = m.id;
        let is_client = m.ixonomic_client_id.is_some();
        let actions = if m.disabled {
            view! {
                <button type="button" class="btn-primary" on:click=move |_| { enable.dispatch(id); }>"Aktifkan kembali"</button>
            }
            .into_any()
        } else {
            view! {
                {(!m.verified).then(|| view! {
                    <button type="button" class="btn-ghost" on:click=move |_| { verify.dispatch(id); }>"Verifikasi email"</button>
                })}
                {move || if confirming.get() {
                    view! {
                        <span class="text-white">"Yakin? Semua sesinya akan diakhiri."</span>
                        <button type="button" class="btn-primary" on:click=move |_| { confirming.set(false); disable.dispatch(id); }>"Ya, nonaktifkan"</button>
                        <button type="button" class="btn-ghost" on:click=move |_| confirming.set(false)>"Batal"</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn-ghost" on:click=move |_| confirming.set(true)>"Nonaktifkan akun"</button>
                    }.into_any()
                }}
            }
            .into_any()
        };
        view! {
            <div class="mt-4 flex flex-col gap-3 text-slate-300" data-member=id>
                <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                    <dt class="text-slate-400">"Nama"</dt><dd class="text-white">{m.name}</dd>
                    <dt class="text-slate-400">"Email"</dt><dd class="break-all">{m.email}</dd>
                    <dt class="text-slate-400">"Jenis"</dt><dd>{m.kind}</dd>
                    <dt class="text-slate-400">"Status"</dt><dd>{state_badges(m.verified, m.disabled)}</dd>
                    <dt class="text-slate-400">"Bergabung"</dt><dd>{m.joined}</dd>
                    <dt class="text-slate-400">"Terakhir aktif"</dt><dd>{m.last_seen.unwrap_or_else(|| "-".into())}</dd>
                    <dt class="text-slate-400">"Sesi aktif"</dt><dd>{m.active_sessions}</dd>
                    <dt class="text-slate-400">"ID klien Ixonomic"</dt><dd data-ixonomic-id="">{m.ixonomic_client_id.clone().unwrap_or_else(|| "-".into())}</dd>
                </dl>
                <div class="flex flex-wrap items-center gap-2">{actions}</div>
                <ActionForm action=make_client attr:class="mt-2 flex max-w-md flex-col gap-2" attr:aria-label="Jadikan klien agensi">
                    <input type="hidden" name="id" value=id/>
                    <div class="field">
                        <label for="m-ixonomic" class="field-label">
                            {if is_client { "Ubah ID klien Ixonomic" } else { "Jadikan klien agensi: ID klien Ixonomic" }}
                        </label>
                        <input id="m-ixonomic" name="ixonomic_client_id" class="field-input" required maxlength="64"
                            pattern="[A-Za-z0-9_\\-]{1,64}" value=m.ixonomic_client_id.clone().unwrap_or_default()
                            aria-describedby="m-ixonomic-hint m-ixonomic-error"
                            aria-invalid=move || id_error().is_some().then_some("true")/>
                        <p id="m-ixonomic-hint" class="field-hint">"1–64 huruf, angka, _ atau -, seperti di Ixonomic. Klien tetap punya dashboard member."</p>
                        <p id="m-ixonomic-error" class="field-error">{id_error}</p>
                    </div>
                    <button type="submit" class="btn-ghost self-start">
                        {if is_client { "Simpan ID klien" } else { "Jadikan klien agensi" }}
                    </button>
                </ActionForm>
                {is_client.then(|| view! {
                    <ActionForm action=end_client attr:class="flex" attr:aria-label="Cabut status klien">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="btn-ghost">"Cabut status klien"</button>
                    </ActionForm>
                })}
            </div>
        }
    };

    view! {
        <h1 class="text-3xl font-bold text-white">"Member"</h1>
        <div class="mt-6 flex flex-wrap items-end gap-4">
            <div class="max-w-md">
                <label for="m-q" class="field-label">"Cari (nama, email, telepon)"</label>
                <input id="m-q" type="search" class="field-input" prop:value=move || query.get()
                    on:change=move |ev| { query.set(event_target_value(&ev)); page.set(1); }/>
            </div>
            <div>
                <label for="m-filter" class="field-label">"Tampilkan"</label>
                <select id="m-filter" class="field-input"
                    on:change=move |ev| { filter.set(event_target_value(&ev)); page.set(1); }>
                    {FILTERS.iter().map(|(value, label)| view! {
                        <option value=*value selected=move || filter.get() == *value>{*label}</option>
                    }).collect_view()}
                </select>
            </div>
        </div>
        <div class="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-2">
            <section aria-labelledby="daftar-member">
                <h2 id="daftar-member" class="sr-only">"Daftar member"</h2>
                <Transition fallback=|| view! { <p class="text-slate-300">"Memuat…"</p> }>
                    {move || Suspend::new(async move {
                        match members.await {
                            Err(e) => load_error(e).into_any(),
                            Ok(p) if p.rows.is_empty() => view! { <p class="text-slate-300">"Tidak ada member yang cocok."</p> }.into_any(),
                            Ok(p) => view! {
                                <div class="overflow-x-auto" tabindex="0" role="region" aria-label="Tabel, dapat digeser">
                                    <table class="admin-table">
                                        <caption class="sr-only">{format!("Member, {} akun, terbaru di atas", p.total)}</caption>
                                        <thead><tr><th scope="col">"Nama"</th><th scope="col">"Email"</th><th scope="col">"Jenis"</th><th scope="col">"Status"</th><th scope="col">"Bergabung"</th><th scope="col">"Aksi"</th></tr></thead>
                                        <tbody>
                                            {p.rows.into_iter().map(|r| {
                                                let id = r.id;
                                                view! {
                                                    <tr>
                                                        <td class="text-white">{r.name.clone()}</td>
                                                        <td class="break-all">{r.email}</td>
                                                        <td>{r.kind}</td>
                                                        <td>{state_badges(r.verified, r.disabled)}</td>
                                                        <td class="whitespace-nowrap">{r.joined}</td>
                                                        <td>
                                                            <button type="button" class="btn-ghost" on:click=move |_| pick(id)>
                                                                "Detail"<span class="sr-only">{format!(" {}", r.name)}</span>
                                                            </button>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <Pager page total_pages=p.total_pages/>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <section aria-labelledby="detail-member" class="card p-6">
                <h2 id="detail-member" class="text-xl font-semibold text-white">"Detail member"</h2>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match detail.await {
                            Err(e) => load_error(e).into_any(),
                            Ok(None) => view! { <p class="mt-3 text-slate-300">"Pilih member dari daftar untuk melihat detailnya."</p> }.into_any(),
                            Ok(Some(m)) => detail_view(m).into_any(),
                        }
                    })}
                </Transition>
                {super::widgets::outcome(verify.value(), "Email member ditandai terverifikasi.")}
                {super::widgets::outcome(enable.value(), "Akun diaktifkan kembali.")}
                {move || make_client.value().get().map(|r| match r {
                    Ok(_) => view! { <p role="status" class="form-status form-status-ok">"Member ini sekarang klien agensi."</p> }.into_any(),
                    Err(e) if e.fields.contains_key("ixonomic_client_id") => ().into_any(),
                    Err(e) => view! { <p role="status" class="form-status form-status-error">{e.to_string()}</p> }.into_any(),
                })}
                {super::widgets::outcome(end_client.value(), "Status klien dicabut; akun kembali menjadi member.")}
                {move || disable.value().get().map(|r| match r {
                    Ok(n) => view! { <p role="status" class="form-status form-status-ok" data-sessions-ended=n>{format!("Akun dinonaktifkan; {n} sesi diakhiri.")}</p> }.into_any(),
                    Err(e) => view! { <p role="status" class="form-status form-status-error">{e.to_string()}</p> }.into_any(),
                })}
            </section>
        </div>
    }
}
