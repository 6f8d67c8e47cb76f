use crate::resource::resource;
use crate::{
    api::account::get_member,
    components::{area::AreaShell, page_meta::PageMeta},
};
use leptos::prelude::*;

const MENU: &[(&str, &str)] = &[
    ("/client", "Ringkasan"),
    ("/client/projects", "Proyek"),
    ("/client/deliverables", "Hasil kerja"),
    ("/client/invoices", "Tagihan"),
    ("/client/messages", "Pesan"),
];

#[component]
pub fn ClientLayout() -> impl IntoView {
    let member = resource(|| (), |_| get_member());
    view! {
        <PageMeta title="Portal Klien" description="Portal klien agensi Tiranyx." path="/client"/>
        <AreaShell home="/client" brand="Portal Klien" nav_label="Menu portal klien" menu=MENU topbar=move || view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    member.await.ok().map(|m| view! {
                        <p class="min-w-0 break-all text-sm text-slate-300">{format!("Masuk sebagai {}", m.email)}</p>
                    })
                })}
            </Transition>
            <div class="flex shrink-0 items-center gap-2">
                <a href="/dashboard" class="btn-ghost hidden sm:inline-flex">"Dashboard member"</a>
                <form method="post" action="/logout">
                    <button type="submit" class="btn-ghost">"Keluar"</button>
                </form>
            </div>
        }/>
    }
}
