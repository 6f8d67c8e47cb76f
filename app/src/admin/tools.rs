//! `/admin/tools`: switch each public tool on or off and set its uses a
//! day per plan (0: that plan cannot use it); today's uses beside it.
use super::widgets::load_error;
use crate::api::admin::tools::{get_admin_tools, save_tool, AdminToolRow};
use crate::resource::resource;
use leptos::prelude::*;

#[component]
pub fn ToolsAdminPage() -> impl IntoView {
    let tools = resource(|| (), |_| get_admin_tools());
    view! {
        <h1 class="text-3xl font-bold text-white">"Tools"</h1>
        <p class="mt-2 max-w-2xl text-slate-300">
            "Alat gratis di /tools. Kuota dihitung per hari WIB: tamu per alamat IP, member per akun, \
             dan pemegang Tools Pass per akun."
        </p>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match tools.await {
                    Err(e) => load_error(e).into_any(),
                    Ok(rows) => view! {
                        <ul class="mt-6 grid gap-6 lg:grid-cols-2">
                            {rows.into_iter().map(|t| view! { <ToolEditor t/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ToolEditor(t: AdminToolRow) -> impl IntoView {
    let enabled = RwSignal::new(t.enabled);
    let guest = RwSignal::new(t.guest.to_string());
    let member = RwSignal::new(t.member.to_string());
    let pass = RwSignal::new(t.pass.to_string());
    let slug = t.slug.clone();
    let save = Action::new(move |_: &()| {
        save_tool(
            slug.clone(),
            enabled.get_untracked(),
            guest.get_untracked(),
            member.get_untracked(),
            pass.get_untracked(),
        )
    });
    let id = |field: &str| format!("tool-{}-{field}", t.slug);
    let quota = move |field: &'static str, label: &'static str, value: RwSignal<String>| {
        let input_id = id(field);
        view! {
            <div class="field">
                <label for=input_id.clone() class="field-label">{label}</label>
                <input id=input_id type="number" min="0" max="100000" class="field-input"
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    let enabled_id = id("enabled");
    view! {
        <li class="card p-5" data-tool=t.slug.clone()>
            <h2 class="text-lg font-semibold text-white">{t.name}</h2>
            <p class="mt-1 text-sm text-slate-400">{format!("/tools/{} · dipakai {} kali hari ini", t.slug, t.uses_today)}</p>
            <form class="mt-4 flex flex-col gap-4" novalidate
                on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                <div class="flex items-center gap-2">
                    <input id=enabled_id.clone() type="checkbox" prop:checked=move || enabled.get()
                        on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                    <label for=enabled_id class="text-slate-200">"Aktif (tampil di /tools)"</label>
                </div>
                <div class="grid gap-3 sm:grid-cols-3">
                    {quota("guest", "Tamu / hari", guest)}
                    {quota("member", "Member / hari", member)}
                    {quota("pass", "Tools Pass / hari", pass)}
                </div>
                <button type="submit" class="btn-primary self-start">"Simpan"</button>
                {move || save.value().get().map(|r| match r {
                    Ok(()) => view! { <p role="status" class="form-status form-status-ok">"Tersimpan."</p> }.into_any(),
                    Err(e) => view! { <p role="status" class="form-status form-status-error">{e.to_string()}</p> }.into_any(),
                })}
            </form>
        </li>
    }
}
