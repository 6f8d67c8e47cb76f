//! The assistant's result, shown for review with the buttons that put it
//! into the form (never saved from here).
use super::{
    assistant::Status,
    assistant_text::{self as text, KindFields},
    editor::Values,
};
use crate::api::admin::ai::{AssistBrief, AssistResult};
use leptos::prelude::*;

/// A result as the panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The draft so far, as it streams (shown as text).
    Streaming(String),
    /// Markdown with its sanitized preview; `selection` when it replaces
    /// highlighted text (rewrite, shorten).
    Markdown {
        markdown: String,
        html: String,
        selection: Option<(usize, usize)>,
    },
    Seo {
        title: String,
        description: String,
    },
    Tags(Vec<String>),
    AltText {
        alt: String,
        image: String,
    },
    Cover(String),
}

impl Shown {
    pub fn of(
        r: AssistResult,
        action: &str,
        selection: Option<(usize, usize)>,
        brief: &AssistBrief,
    ) -> Self {
        let from_selection = matches!(action, "rewrite" | "shorten");
        match r {
            AssistResult::Markdown { markdown, html } => Shown::Markdown {
                markdown,
                html,
                selection: selection.filter(|_| from_selection),
            },
            AssistResult::Seo { title, description } => Shown::Seo { title, description },
            AssistResult::Tags(t) => Shown::Tags(t),
            AssistResult::AltText(alt) => Shown::AltText {
                alt,
                image: brief.text.clone(),
            },
            AssistResult::Cover(url) => Shown::Cover(url),
        }
    }
}

fn set(values: Values, name: &str, value: String) {
    values.update(|v| {
        v.insert(name.to_owned(), value);
    });
}

fn get(values: Values, name: &str) -> String {
    values.with_untracked(|v| v.get(name).cloned().unwrap_or_default())
}

#[component]
pub fn ResultView(
    shown: Shown,
    fields: KindFields,
    values: Values,
    result: RwSignal<Option<Shown>>,
    status: RwSignal<Status>,
) -> impl IntoView {
    // Every button ends the review: the result leaves, the live region says where it went.
    let done = move |message: &'static str| {
        result.set(None);
        status.set(Status::Done(message.to_owned()));
    };
    let body = fields.body;
    let discard = view! {
        <button type="button" class="btn-ghost" on:click=move |_| done("Saran dibuang.")>"Buang"</button>
    };
    let inner = match shown {
        Shown::Streaming(so_far) => view! {
            <pre class="md-preview whitespace-pre-wrap font-sans" data-ai-streaming="" tabindex="0" role="region"
                aria-label="Draf yang sedang ditulis">{so_far}</pre>
        }
        .into_any(),
        Shown::Markdown {
            markdown,
            html,
            selection,
        } => {
            let (insert_label, replace_label) = match selection {
                Some(_) => ("Sisipkan setelah teks terpilih", "Ganti teks terpilih"),
                None => ("Sisipkan di akhir isi", "Ganti seluruh isi"),
            };
            let md = markdown.clone();
            let insert = move |_| {
                let current = get(values, body);
                let next = match selection {
                    Some(s) => text::insert_after(&current, s, &md),
                    None => text::append(&current, &md),
                };
                set(values, body, next);
                done("Saran disisipkan ke isi. Periksa, lalu tekan Simpan.");
            };
            let replace = move |_| {
                let current = get(values, body);
                let next = match selection {
                    Some(s) => text::replace_selection(&current, s, &markdown),
                    None => markdown.clone(),
                };
                set(values, body, next);
                done("Isi diganti dengan saran. Periksa, lalu tekan Simpan.");
            };
            view! {
                <div class="prose markdown-dark md-preview max-w-none" data-ai-result="" inner_html=html></div>
                <div class="mt-3 flex flex-wrap gap-2">
                    <button type="button" class="btn-primary" on:click=insert>{insert_label}</button>
                    <button type="button" class="btn-ghost" on:click=replace>{replace_label}</button>
                    {discard}
                </div>
            }
            .into_any()
        }
        Shown::Seo { title, description } => {
            let (t, d) = (title.clone(), description.clone());
            let use_it = move |_| {
                if let Some((title_field, description_field)) = fields.seo {
                    set(values, title_field, t.clone());
                    set(values, description_field, d.clone());
                }
                done("Judul dan deskripsi SEO diisi. Periksa, lalu tekan Simpan.");
            };
            view! {
                <dl class="md-preview grid gap-2" data-ai-result="">
                    <dt class="font-semibold">{format!("Judul SEO ({} karakter)", title.chars().count())}</dt>
                    <dd>{title}</dd>
                    <dt class="font-semibold">{format!("Deskripsi SEO ({} karakter)", description.chars().count())}</dt>
                    <dd>{description}</dd>
                </dl>
                <div class="mt-3 flex flex-wrap gap-2">
                    <button type="button" class="btn-primary" on:click=use_it>"Ganti judul & deskripsi SEO"</button>
                    {discard}
                </div>
            }
            .into_any()
        }
        Shown::Tags(tags) => {
            let field = fields.tags.unwrap_or("tags");
            let (add, all) = (tags.clone(), tags.clone());
            let empty = tags.is_empty();
            view! {
                <p class="md-preview" data-ai-result="">
                    {if empty { "Tidak ada tag yang cocok dari daftar tag situs.".to_owned() } else { tags.join(", ") }}
                </p>
                <div class="mt-3 flex flex-wrap gap-2">
                    <button type="button" class="btn-primary" disabled=empty on:click=move |_| {
                        set(values, field, text::merge_tags(&get(values, field), &add));
                        done("Tag ditambahkan. Periksa, lalu tekan Simpan.");
                    }>"Sisipkan ke tag"</button>
                    <button type="button" class="btn-ghost" disabled=empty on:click=move |_| {
                        set(values, field, all.join(", "));
                        done("Tag diganti. Periksa, lalu tekan Simpan.");
                    }>"Ganti tag"</button>
                    {discard}
                </div>
            }
            .into_any()
        }
        Shown::AltText { alt, image } => {
            let line = format!("![{}]({image})", alt.replace([']', '['], ""));
            view! {
                <p class="md-preview" data-ai-result="">{alt}</p>
                <div class="mt-3 flex flex-wrap gap-2">
                    <button type="button" class="btn-primary" on:click=move |_| {
                        set(values, body, text::append(&get(values, body), &line));
                        done("Gambar dengan teks alternatifnya disisipkan di akhir isi. Periksa, lalu tekan Simpan.");
                    }>"Sisipkan gambar ke isi"</button>
                    {discard}
                </div>
            }
            .into_any()
        }
        Shown::Cover(url) => {
            let u = url.clone();
            view! {
                <img src=url class="md-preview max-h-64 w-auto" data-ai-result=""
                    alt="Pratinjau gambar sampul buatan asisten"/>
                <div class="mt-3 flex flex-wrap gap-2">
                    <button type="button" class="btn-primary" on:click=move |_| {
                        set(values, fields.cover, u.clone());
                        done("Gambar sampul diisi. Periksa, lalu tekan Simpan.");
                    }>"Ganti gambar sampul"</button>
                    {discard}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="mt-4" aria-label="Saran asisten">{inner}</section>
    }
}
