use crate::{
    components::{error_panel::ErrorPanel, page_meta::PageMeta},
    error::AppError,
};
use leptos::prelude::*;

/// A path no route matches: rendering it gives this page (status 404).
/// Handlers render it when their path parameters name nothing.
pub const NOT_FOUND_PATH: &str = "/404";

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageMeta
            title="Halaman tidak ditemukan"
            description="Halaman yang kamu cari tidak ada atau sudah dipindahkan."
            path=NOT_FOUND_PATH
        />
        <ErrorPanel error=AppError::not_found()/>
    }
}
