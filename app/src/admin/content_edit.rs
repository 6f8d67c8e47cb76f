//! `/admin/{kind}/new` and `/admin/{kind}/{id}`: the edit form of one item.
use super::{content::kind_param, editor::FieldsEditor, widgets::load_error};
use crate::api::admin::content::{get_content_form, save_content, ContentForm, SaveOutcome};
use crate::resource::resource;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::collections::BTreeMap;

#[component]
pub fn ContentEditPage() -> impl IntoView {
    let kind = kind_param();
    let params = use_params_map();
    // None for a new item.
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i32>().ok()));
    let form = resource(
        move || (kind.get(), id.get()),
        |(k, id)| get_content_form(k, id),
    );
    view! {
        <Transition fallback=|| view! { <p class="text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(f) => view! {
                        <Editor form=f kind=kind.get_untracked() id=id.get_untracked()/>
                        // A saved product also has the files it delivers.
                        {(kind.get_untracked() == "products").then_some(id.get_untracked()).flatten().map(|product_id| view! {
                            <super::product_files::ProductFilesSection product_id/>
                        })}
                    }.into_any(),
                    Err(e) => load_error(e).into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Editor(form: ContentForm, kind: String, id: Option<i32>) -> impl IntoView {
    let values = RwSignal::new(form.values.clone());
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let saved_flag = crate::components::page::query_param("tersimpan")().is_some();
    if saved_flag {
        message.set(Some(Ok("Tersimpan.".into())));
    }
    let navigate = use_navigate();
    let save_kind = kind.clone();
    let save = Action::new(move |v: &BTreeMap<String, String>| {
        save_content(save_kind.clone(), id, v.clone())
    });
    let list_href = format!("/admin/{kind}");
    let assistant_kind = kind.clone();
    Effect::new(move |_| {
        let Some(result) = save.value().get() else {
            return;
        };
        match result {
            Ok(SaveOutcome::Saved { id: saved }) => {
                errors.set(BTreeMap::new());
                if id.is_none() {
                    navigate(
                        &format!("/admin/{kind}/{saved}?tersimpan=1"),
                        Default::default(),
                    );
                } else {
                    message.set(Some(Ok("Tersimpan.".into())));
                }
            }
            Ok(SaveOutcome::Invalid { errors: e }) => {
                errors.set(e);
                message.set(Some(Err("Periksa kembali isian yang ditandai.".into())));
            }
            Err(e) => message.set(Some(Err(e.to_string()))),
        }
    });
    let heading = match id {
        Some(_) => format!("Ubah {}", form.label.to_lowercase()),
        None => format!("{} baru", form.label),
    };
    view! {
        <p><a href=list_href.clone() class="footer-link">{format!("← Semua {}", form.label.to_lowercase())}</a></p>
        <div class="mt-2 flex flex-wrap items-center gap-4">
            <h1 class="text-3xl font-bold text-white">{heading}</h1>
            {form.status_label.clone().map(|s| view! { <span class="badge">{s}</span> })}
            {form.public_url.clone().map(|u| view! { <a href=u class="footer-link" target="_blank" rel="noopener">"Lihat di situs"</a> })}
        </div>
        // The AI writing assistant, for the kinds that have one.
        {super::assistant_text::fields_of(&assistant_kind).map(|fields| view! {
            <super::assistant::AssistantPanel fields values/>
        })}
        <form class="mt-6 flex max-w-5xl flex-col gap-5" novalidate
            on:submit=move |ev| { ev.prevent_default(); message.set(None); save.dispatch(values.get_untracked()); }>
            <FieldsEditor fields=form.fields.clone() values errors/>
            <div class="flex items-center gap-4">
                <button type="submit" class="btn-primary" disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "Menyimpan…" } else { "Simpan" }}
                </button>
                <a href=list_href class="btn-ghost">"Batal"</a>
            </div>
            {move || message.get().map(|m| match m {
                Ok(t) => view! { <p role="status" class="form-status form-status-ok">{t}</p> }.into_any(),
                Err(t) => view! { <p role="status" class="form-status form-status-error">{t}</p> }.into_any(),
            })}
        </form>
    }
}
