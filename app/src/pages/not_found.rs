use crate::{
    components::{error_panel::ErrorPanel, page_meta::PageMeta},
    error::AppError,
};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageMeta
            title="Halaman tidak ditemukan"
            description="Halaman yang kamu cari tidak ada atau sudah dipindahkan."
            path="/404"
        />
        <ErrorPanel error=AppError::not_found()/>
    }
}
