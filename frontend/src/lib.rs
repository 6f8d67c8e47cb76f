//! Entry point of the wasm bundle loaded by interactive pages.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    app::components::area::leave_area_by_links();
    leptos::mount::hydrate_body(app::App);
}
