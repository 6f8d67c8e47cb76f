use leptos::prelude::*;

/// Small inline SVG icons for service cards; decorative, hidden from screen
/// readers. Unknown names fall back to a generic mark.
#[component]
pub fn Icon(#[prop(into)] name: String) -> impl IntoView {
    let path = match name.as_str() {
        "code" => "M8 6l-6 6 6 6M16 6l6 6-6 6",
        "palette" => "M12 3a9 9 0 100 18c1 0 1.5-.8 1.5-1.5 0-.4-.2-.8-.4-1.1-.3-.3-.4-.6-.4-1 0-.8.7-1.4 1.5-1.4H16a5 5 0 005-5c0-4.4-4-8-9-8zM7.5 12a1.5 1.5 0 110-3 1.5 1.5 0 010 3zm3-4a1.5 1.5 0 110-3 1.5 1.5 0 010 3zm5 0a1.5 1.5 0 110-3 1.5 1.5 0 010 3z",
        "megaphone" => "M3 11v2a1 1 0 001 1h2l5 4V6L6 10H4a1 1 0 00-1 1zm13-4a7 7 0 010 10M14 9.5a3 3 0 010 5",
        "cart" => "M3 4h2l2.4 10.2a1 1 0 001 .8h8.7a1 1 0 001-.8L20 8H6.2M9 20a1 1 0 100-2 1 1 0 000 2zm8 0a1 1 0 100-2 1 1 0 000 2z",
        "cpu" => "M9 3v2M15 3v2M9 19v2M15 19v2M3 9h2M3 15h2M19 9h2M19 15h2M7 5h10a2 2 0 012 2v10a2 2 0 01-2 2H7a2 2 0 01-2-2V7a2 2 0 012-2zm3 5h4v4h-4z",
        "compass" => "M12 21a9 9 0 100-18 9 9 0 000 18zm3.5-12.5l-2 5-5 2 2-5 5-2z",
        _ => "M12 3l8 4.5v9L12 21l-8-4.5v-9L12 3z",
    };
    view! {
        <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">
            <path d=path/>
        </svg>
    }
}
