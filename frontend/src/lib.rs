//! Entry point of the wasm bundle loaded by interactive pages.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::components::area::leave_area_by_links();
    // An area's bundle has lazy routes (app/src/lazy_pages.rs): hydration
    // waits for the code of the page it finds before walking the page.
    #[cfg(feature = "lazy-pages")]
    leptos::mount::hydrate_lazy(app::App);
    #[cfg(not(feature = "lazy-pages"))]
    leptos::mount::hydrate_body(app::App);
}
