//! "Bantu tulis": the AI writing assistant beside the post, case study and
//! product editors. Every result is shown here for review and goes into
//! the form only through a button ("Sisipkan", "Ganti", "Pakai"); nothing
//! is saved until the admin presses the editor's own "Simpan". The first
//! draft streams into the result as it is written.
use super::{
    assistant_result::{ResultView, Shown},
    assistant_text::{self as text, KindFields},
    editor::Values,
};
use crate::api::admin::ai::{ai_assist, ai_draft_stream, ai_quota, AssistBrief, AssistResult};
use crate::resource::resource;
use leptos::{prelude::*, task::spawn_local};

/// What the live region says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Idle,
    Working(String),
    Done(String),
    Failed(String),
}

fn value(values: Values, name: &str) -> String {
    values.with_untracked(|v| v.get(name).cloned().unwrap_or_default())
}

/// The body's selection, in UTF-16 units (only the browser has one).
#[cfg(feature = "hydrate")]
fn body_selection(field: &str) -> Option<(usize, usize)> {
    use wasm_bindgen::JsCast;
    let area = document()
        .get_element_by_id(&format!("e-{field}"))?
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .ok()?;
    let start = area.selection_start().ok()??;
    let end = area.selection_end().ok()??;
    (end > start).then_some((start as usize, end as usize))
}

#[cfg(not(feature = "hydrate"))]
fn body_selection(_: &str) -> Option<(usize, usize)> {
    None
}

#[component]
pub fn AssistantPanel(fields: KindFields, values: Values) -> impl IntoView {
    let keywords = RwSignal::new(String::new());
    let status = RwSignal::new(Status::Idle);
    let shown = RwSignal::new(None::<Shown>);
    let busy = RwSignal::new(false);
    let counted = RwSignal::new(0u32);
    let quota = resource(move || counted.get(), |_| ai_quota());

    let brief = move |text: String| AssistBrief {
        kind: fields.label.to_owned(),
        title: value(values, fields.title),
        keywords: keywords.get_untracked(),
        text,
    };
    let finish = move |result: Result<Shown, String>| {
        busy.set(false);
        counted.update(|n| *n += 1);
        match result {
            Ok(s) => {
                shown.set(Some(s));
                status.set(Status::Done(
                    "Saran siap di bawah. Periksa dulu, lalu pilih Sisipkan, Ganti, atau Buang."
                        .into(),
                ));
            }
            Err(message) => {
                shown.set(None);
                status.set(Status::Failed(message));
            }
        }
    };
    // One answered action; `selection` is where rewrite/shorten came from.
    let run = move |action: &'static str, label: &'static str| {
        let selection = body_selection(fields.body);
        let body = value(values, fields.body);
        let input = match action {
            "rewrite" | "shorten" => selection
                .map(|s| text::selected(&body, s))
                .unwrap_or_default(),
            "alt_text" => value(values, fields.cover),
            _ => body,
        };
        let request = brief(input);
        busy.set(true);
        status.set(Status::Working(format!("{label}: asisten sedang bekerja…")));
        spawn_local(async move {
            let result = ai_assist(action.to_owned(), request.clone()).await;
            finish(
                result
                    .map(|r| Shown::of(r, action, selection, &request))
                    .map_err(|e| e.to_string()),
            );
        });
    };
    let draft = move || {
        let request = brief(String::new());
        busy.set(true);
        shown.set(Some(Shown::Streaming(String::new())));
        status.set(Status::Working(
            "Asisten sedang menulis draf pertama…".into(),
        ));
        spawn_local(async move {
            use futures::StreamExt;
            let stream = match ai_draft_stream(request).await {
                Ok(s) => s,
                Err(e) => return finish(Err(e.to_string())),
            };
            let mut chunks = stream.into_inner();
            let mut received = String::new();
            while let Some(Ok(chunk)) = chunks.next().await {
                received.push_str(&chunk);
                let (so_far, end) = text::stream_state(&received);
                if end.is_none() {
                    shown.set(Some(Shown::Streaming(so_far.to_owned())));
                }
            }
            let ended = text::stream_state(&received).1.unwrap_or_else(|| {
                Err(crate::error::ErrorCode::AiUnavailable.message().to_owned())
            });
            let result = match ended {
                Ok(markdown) => crate::api::admin::content::preview_markdown(markdown.clone())
                    .await
                    .map(|html| {
                        Shown::of(
                            AssistResult::Markdown { markdown, html },
                            "draft",
                            None,
                            &AssistBrief::default(),
                        )
                    })
                    .map_err(|e| e.to_string()),
                Err(message) => Err(message),
            };
            finish(result);
        });
    };

    let button = move |action: &'static str, label: &'static str| {
        view! {
            <button type="button" class="btn-ghost" data-ai-action=action disabled=move || busy.get()
                on:click=move |_| run(action, label)>{label}</button>
        }
    };
    view! {
        <section class="card mt-6 max-w-5xl p-5" aria-labelledby="bantu-tulis" data-assistant="">
            <h2 id="bantu-tulis" class="text-xl font-semibold text-white">"Bantu tulis"</h2>
            <p class="mt-1 text-sm text-slate-300">
                "Asisten AI menyiapkan saran dari judul, kata kunci, dan isi. Hasilnya hanya tampil di sini untuk "
                "kamu periksa; tidak ada yang tersimpan sebelum kamu menekan Simpan."
            </p>
            <div class="field mt-4 max-w-xl">
                <label for="ai-keywords" class="field-label">"Kata kunci untuk asisten "<span class="text-slate-400">"(opsional)"</span></label>
                <input id="ai-keywords" type="text" class="field-input" maxlength="300" placeholder="mis. umkm, website, jakarta"
                    prop:value=move || keywords.get() on:input=move |ev| keywords.set(event_target_value(&ev))/>
            </div>
            <div class="mt-4 flex flex-wrap gap-2" role="group" aria-label="Tindakan asisten">
                {button("outline", "Buat kerangka")}
                <button type="button" class="btn-ghost" data-ai-action="draft" disabled=move || busy.get()
                    on:click=move |_| draft()>"Tulis draf pertama"</button>
                {button("rewrite", "Tulis ulang teks terpilih")}
                {button("shorten", "Persingkat teks terpilih")}
                {fields.seo.is_some().then(|| button("seo", "Judul & deskripsi SEO"))}
                {fields.tags.is_some().then(|| button("tags", "Sarankan tag"))}
                {button("alt_text", "Teks alternatif sampul")}
                {button("cover", "Buat gambar sampul")}
            </div>
            <p class="mt-2 text-sm text-slate-400">
                "Untuk menulis ulang atau mempersingkat, sorot dulu teksnya di kolom isi. "
                // Awaited, never read with `.get()`: the server renders this
                // panel in several passes (its editor sits inside a Suspend),
                // and only an awaited read is sure to be loaded in the last
                // one, so the page matches what the browser hydrates.
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        quota.await.ok().map(|(used, limit)| {
                            format!("Sisa permintaan hari ini: {} dari {limit}.", limit.saturating_sub(used))
                        })
                    })}
                </Transition>
            </p>
            // A live region present from the start (so the first message
            // is announced), without role=status: the editor's own save
            // status stays the page's one status element.
            <div aria-live="polite" aria-atomic="true" class="mt-3" data-ai-status="">
                {move || match status.get() {
                    Status::Idle => None,
                    Status::Working(m) => Some(view! { <p class="text-sm text-slate-300">{m}</p> }.into_any()),
                    Status::Done(m) => Some(view! { <p class="form-status form-status-ok">{m}</p> }.into_any()),
                    Status::Failed(m) => Some(view! { <p class="form-status form-status-error">{m}</p> }.into_any()),
                }}
            </div>
            {move || shown.get().map(|s| view! { <ResultView shown=s fields values result=shown status/> })}
        </section>
    }
}
