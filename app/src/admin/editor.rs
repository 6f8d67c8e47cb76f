//! The generic field editor used by every content kind and by the site
//! settings: one widget per `InputView`, values held in one map signal, and
//! the server's per-field messages shown next to each field.
use crate::api::admin::content::{preview_markdown, FieldView, InputView};
use crate::resource::resource;
use leptos::prelude::*;
use std::collections::BTreeMap;

pub type Values = RwSignal<BTreeMap<String, String>>;

fn value_of(values: Values, name: &str) -> String {
    values.with(|v| v.get(name).cloned().unwrap_or_default())
}

fn set_value(values: Values, name: &str, value: String) {
    values.update(|v| {
        v.insert(name.to_owned(), value);
    });
}

#[component]
pub fn FieldsEditor(
    fields: Vec<FieldView>,
    values: Values,
    errors: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    fields
        .into_iter()
        .map(|field| view! { <FieldEditor field values errors/> })
        .collect_view()
}

#[component]
fn FieldEditor(
    field: FieldView,
    values: Values,
    errors: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    let name = field.name.clone();
    let id = format!("e-{name}");
    let error_id = format!("e-{name}-error");
    let help_id = format!("e-{name}-help");
    let described = if field.help.is_empty() {
        error_id.clone()
    } else {
        format!("{help_id} {error_id}")
    };
    let error = {
        let name = name.clone();
        move || errors.with(|e| e.get(&name).cloned())
    };
    let invalid = {
        let error = error.clone();
        move || error().is_some().then_some("true")
    };
    let input = widget(&field, id.clone(), described, values, invalid);
    let is_bool = matches!(field.input, InputView::Bool);
    // Effects run in the browser once the field is hydrated: until then,
    // what is typed does not reach `values` (browser tests wait for it).
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let label = view! {
        <label for=id.clone() class="field-label">
            {field.label.clone()}
            {(!field.required && !is_bool).then(|| view! { <span class="text-slate-400">" (opsional)"</span> })}
        </label>
    };
    view! {
        <div class="field" data-field=name data-hydrated=move || hydrated.get().then_some("true")>
            {if is_bool {
                view! { <div class="flex items-center gap-3">{input}{label}</div> }.into_any()
            } else {
                view! { {label}{input} }.into_any()
            }}
            {(!field.help.is_empty()).then(|| view! { <p id=help_id class="field-hint">{field.help.clone()}</p> })}
            <p id=error_id class="field-error">{error}</p>
        </div>
    }
}

fn widget(
    field: &FieldView,
    id: String,
    described: String,
    values: Values,
    invalid: impl Fn() -> Option<&'static str> + Clone + Send + Sync + 'static,
) -> AnyView {
    let name = field.name.clone();
    let required = field.required;
    let current = {
        let name = name.clone();
        move || value_of(values, &name)
    };
    let on_input = {
        let name = name.clone();
        move |ev| set_value(values, &name, event_target_value(&ev))
    };
    match &field.input {
        InputView::Text { max } => view! {
            <textarea id=id name=name.clone() rows="4" class="field-input" maxlength=*max required=required
                aria-invalid=invalid aria-describedby=described prop:value=current on:input=on_input></textarea>
        }
        .into_any(),
        InputView::Markdown => view! {
            <MarkdownEditor id name described values invalid required/>
        }
        .into_any(),
        InputView::Bool => {
            let checked = {
                let name = name.clone();
                move || value_of(values, &name) == "true"
            };
            view! {
                <input id=id name=name.clone() type="checkbox" class="h-5 w-5" aria-describedby=described
                    prop:checked=checked
                    on:change=move |ev| set_value(values, &name, event_target_checked(&ev).to_string())/>
            }
            .into_any()
        }
        InputView::Select { options } => {
            let options = options
                .iter()
                .map(|(v, l)| view! { <option value=v.clone()>{l.clone()}</option> })
                .collect_view();
            view! {
                <select id=id name=name.clone() class="field-input" required=required aria-invalid=invalid
                    aria-describedby=described prop:value=current on:change=on_input>
                    {(!required).then(|| view! { <option value="">"—"</option> })}
                    {options}
                </select>
            }
            .into_any()
        }
        other => {
            let (type_, inputmode, max, placeholder) = match other {
                InputView::Line { max } => ("text", None, Some(*max), None),
                InputView::Integer { .. } => ("number", Some("numeric"), None, None),
                InputView::MoneyIdr => ("text", Some("numeric"), Some(30), Some("contoh: 1500000")),
                InputView::UsdCents => ("text", Some("numeric"), Some(20), Some("contoh: 1250 = US$12.50")),
                InputView::Url => ("url", None, Some(500), Some("https://")),
                InputView::DateTime => ("datetime-local", None, None, None),
                InputView::Image => ("text", None, Some(500), Some("/uploads/media/… atau https://")),
                _ => ("text", None, Some(500), Some("pisahkan dengan koma")),
            };
            let input = view! {
                <input id=id name=name.clone() type=type_ class="field-input" inputmode=inputmode maxlength=max
                    placeholder=placeholder required=required aria-invalid=invalid aria-describedby=described
                    prop:value=current on:input=on_input/>
            };
            if matches!(other, InputView::Image) {
                view! { {input}<ImageUpload name values/> }.into_any()
            } else {
                input.into_any()
            }
        }
    }
}

/// The markdown textarea with a live preview rendered by the server's
/// sanitizing renderer (the same one the public pages use). Typing refreshes
/// it a moment after the keys stop; a change made by something else (the AI
/// assistant's "Sisipkan") refreshes it at once.
#[component]
fn MarkdownEditor(
    id: String,
    name: String,
    described: String,
    values: Values,
    invalid: impl Fn() -> Option<&'static str> + Clone + Send + Sync + 'static,
    required: bool,
) -> impl IntoView {
    let source = RwSignal::new(value_of(values, &name));
    let preview = resource(move || source.get(), preview_markdown);
    let current = {
        let name = name.clone();
        move || value_of(values, &name)
    };
    // What the textarea last sent: a value that differs came from elsewhere.
    let typed_text = StoredValue::new(value_of(values, &name));
    let watched = name.clone();
    Effect::new(move |_| {
        let now = value_of(values, &watched);
        if typed_text.with_value(|typed| *typed != now) {
            typed_text.set_value(now.clone());
            source.set(now);
        }
    });
    let typed = RwSignal::new(0u64);
    let field = name.clone();
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        typed_text.set_value(text.clone());
        set_value(values, &field, text.clone());
        typed.update(|n| *n += 1);
        let ticket = typed.get_untracked();
        set_timeout(
            move || {
                if typed.get_untracked() == ticket {
                    source.set(text);
                }
            },
            std::time::Duration::from_millis(350),
        );
    };
    view! {
        <div class="grid gap-4 lg:grid-cols-2">
            <textarea id=id name=name rows="18" class="field-input font-mono" required=required
                aria-invalid=invalid aria-describedby=described prop:value=current on:input=on_input></textarea>
            <section aria-label="Pratinjau" class="md-preview">
                <Transition fallback=|| view! { <p>"Memuat pratinjau…"</p> }>
                    {move || Suspend::new(async move {
                        match preview.await {
                            Ok(html) => view! { <div class="prose markdown-dark max-w-none" data-preview="" inner_html=html></div> }.into_any(),
                            Err(e) => view! { <p>{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

/// Uploads a picked image and puts its URL into the field.
#[component]
fn ImageUpload(name: String, values: Values) -> impl IntoView {
    let status = RwSignal::new(None::<Result<String, String>>);
    let input_id = format!("u-{name}");
    let upload = Action::new_local(move |data: &UploadData| {
        let data = data.0.clone();
        async move { crate::api::admin::content::upload_media(data.into()).await }
    });
    let field = name.clone();
    Effect::new(move |_| {
        if let Some(result) = upload.value().get() {
            status.set(Some(match result {
                Ok(url) => {
                    set_value(values, &field, url);
                    Ok("Gambar terunggah.".to_owned())
                }
                Err(e) => Err(e.to_string()),
            }));
        }
    });
    #[allow(unused_variables)]
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let data = web_sys::FormData::new().expect("FormData is available");
            let _ = data.append_with_blob_and_filename("file", file.unchecked_ref(), &file.name());
            status.set(None);
            upload.dispatch_local(UploadData(data));
        }
    };
    view! {
        <div class="mt-2 flex flex-wrap items-center gap-3">
            <label for=input_id.clone() class="text-sm text-slate-300">"Atau unggah gambar (PNG, JPG, WebP, maks. 5 MB)"</label>
            <input id=input_id type="file" accept="image/png,image/jpeg,image/webp" class="text-sm text-slate-200" on:change=on_change/>
            {move || upload.pending().get().then(|| view! { <span role="status" class="text-sm text-slate-300">"Mengunggah…"</span> })}
            {move || status.get().map(|s| match s {
                Ok(m) => view! { <span role="status" class="form-status form-status-ok">{m}</span> }.into_any(),
                Err(m) => view! { <span role="status" class="form-status form-status-error" data-upload-error="">{m}</span> }.into_any(),
            })}
        </div>
    }
}

/// The browser's form data for an upload; only ever built in the browser.
#[derive(Clone)]
pub struct UploadData(pub UploadPayload);

#[cfg(feature = "hydrate")]
pub type UploadPayload = web_sys::FormData;
#[cfg(not(feature = "hydrate"))]
pub type UploadPayload = NoPayload;

/// Stands in for `FormData` on the server, where no upload is started.
#[cfg(not(feature = "hydrate"))]
#[derive(Clone)]
pub struct NoPayload;

#[cfg(not(feature = "hydrate"))]
impl From<NoPayload> for server_fn::codec::MultipartData {
    fn from(_: NoPayload) -> Self {
        unreachable!("uploads start only in the browser")
    }
}
