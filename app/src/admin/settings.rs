//! `/admin/settings`: site name, contact e-mail, WhatsApp number, social
//! links: the values the public layout reads on every page.
use super::{editor::FieldsEditor, widgets::load_error};
use crate::api::admin::content::{get_settings_form, save_settings, SaveOutcome, SettingsForm};
use crate::resource::resource;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let form = resource(|| (), |_| get_settings_form());
    view! {
        <h1 class="text-3xl font-bold text-white">"Pengaturan situs"</h1>
        <Transition fallback=|| view! { <p class="text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(f) => view! { <SettingsEditor form=f/> }.into_any(),
                    Err(e) => load_error(e).into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SettingsEditor(form: SettingsForm) -> impl IntoView {
    let values = RwSignal::new(form.values);
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let save = Action::new(move |v: &BTreeMap<String, String>| save_settings(v.clone()));
    Effect::new(move |_| {
        let Some(result) = save.value().get() else {
            return;
        };
        match result {
            Ok(SaveOutcome::Saved { .. }) => {
                errors.set(BTreeMap::new());
                message.set(Some(Ok("Pengaturan tersimpan.".into())));
            }
            Ok(SaveOutcome::Invalid { errors: e }) => {
                errors.set(e);
                message.set(Some(Err("Periksa kembali isian yang ditandai.".into())));
            }
            Err(e) => message.set(Some(Err(e.to_string()))),
        }
    });
    view! {
        <form class="mt-6 flex max-w-2xl flex-col gap-5" novalidate
            on:submit=move |ev| { ev.prevent_default(); message.set(None); save.dispatch(values.get_untracked()); }>
            <FieldsEditor fields=form.fields values errors/>
            <button type="submit" class="btn-primary self-start">"Simpan pengaturan"</button>
            {move || message.get().map(|m| match m {
                Ok(t) => view! { <p role="status" class="form-status form-status-ok">{t}</p> }.into_any(),
                Err(t) => view! { <p role="status" class="form-status form-status-error">{t}</p> }.into_any(),
            })}
        </form>
    }
}
