use crate::error::AppError;
use leptos::prelude::*;

/// Shows an error inside the layout and gives the response its status code.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(
            http::StatusCode::from_u16(error.status())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    use crate::error::ErrorCode as C;
    let heading = match error.error {
        C::NotFound => "Tidak ditemukan",
        C::InvalidInput | C::Conflict => "Data tidak valid",
        C::Forbidden | C::CrossSiteRequest | C::AccountDisabled => "Akses ditolak",
        C::Unauthorized | C::SessionInvalid => "Perlu masuk",
        _ => "Terjadi gangguan",
    };
    view! {
        <section role="alert" class="mx-auto max-w-2xl px-4 py-20 text-center">
            <h1 class="text-3xl font-bold text-white">{heading}</h1>
            <p class="mt-4 text-slate-300">{error.summary()}</p>
            <a href="/" class="btn-primary mt-8 inline-flex">"Kembali ke beranda"</a>
        </section>
    }
}
