use crate::resource::resource;
use crate::{
    api::account::get_member,
    components::{area::AreaShell, page_meta::PageMeta},
};
use leptos::prelude::*;

const MENU: &[(&str, &str)] = &[
    ("/dashboard", "Ringkasan"),
    ("/dashboard/orders", "Pesanan"),
    ("/dashboard/services", "Layanan"),
    ("/dashboard/subscriptions", "Langganan"),
    ("/dashboard/downloads", "Unduhan"),
    ("/dashboard/tools", "Tools"),
    ("/dashboard/profile", "Profil & keamanan"),
];

#[component]
pub fn DashboardLayout() -> impl IntoView {
    let member = resource(|| (), |_| get_member());
    view! {
        <PageMeta title="Dashboard" description="Dashboard member Tiranyx." path="/dashboard"/>
        <AreaShell home="/dashboard" brand="Tiranyx" nav_label="Menu dashboard" menu=MENU topbar=move || view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    member.await.ok().map(|m| view! {
                        <p class="min-w-0 break-all text-sm text-slate-300">{format!("Masuk sebagai {}", m.email)}</p>
                    })
                })}
            </Transition>
            <form method="post" action="/logout" class="shrink-0">
                <button type="submit" class="btn-ghost">"Keluar"</button>
            </form>
        }/>
    }
}
