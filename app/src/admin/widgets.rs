//! Small pieces shared by the admin screens.
use crate::error::AppError;
use leptos::prelude::*;

/// "Tersimpan" or the server's message, announced to screen readers.
pub fn outcome<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    ok: &'static str,
) -> impl IntoView {
    move || {
        value.get().map(|r| match r {
            Ok(_) => {
                view! { <p role="status" class="form-status form-status-ok">{ok}</p> }.into_any()
            }
            Err(e) => {
                view! { <p role="status" class="form-status form-status-error">{e.to_string()}</p> }
                    .into_any()
            }
        })
    }
}

/// What a plain post (no JavaScript) came back with: `?gagal=code` as the
/// refusal's message, `?ok=1` as `ok`.
#[component]
pub fn PostResult(ok: &'static str) -> impl IntoView {
    let done = crate::components::page::query_param("ok");
    view! {
        <crate::pages::checkout::RefusedAlert/>
        {move || done().map(|_| view! {
            <p class="form-status form-status-ok mb-6" role="status">{ok}</p>
        })}
    }
}

/// An error while loading a screen's data.
pub fn load_error(e: AppError) -> impl IntoView {
    view! { <p role="alert" class="form-status form-status-error mt-6">{e.to_string()}</p> }
}

/// Previous/next links for a paged listing, driven by a page signal.
#[component]
pub fn Pager(page: RwSignal<u64>, total_pages: u64) -> impl IntoView {
    let current = page.get_untracked();
    // Computed outside `view!`: a `>` inside an attribute expression would
    // close the tag and print the rest as text.
    let (at_first, at_last) = (current <= 1, current >= total_pages);
    view! {
        <nav aria-label="Halaman" class="mt-6 flex items-center gap-4 text-sm text-slate-300">
            <button type="button" class="btn-ghost" disabled=at_first
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>"← Sebelumnya"</button>
            <span>{format!("Halaman {current} dari {total_pages}")}</span>
            <button type="button" class="btn-ghost" disabled=at_last
                on:click=move |_| page.update(|p| *p += 1)>"Berikutnya →"</button>
        </nav>
    }
}
