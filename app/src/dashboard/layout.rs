use crate::{api::account::get_member, components::page_meta::PageMeta};
use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_location};

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
    let member = Resource::new(|| (), |_| get_member());
    // Effects run only in the browser: the attribute tells tests (and
    // curious developers) that hydration finished.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let location = use_location();
    let menu = move || {
        let path = location.pathname.get();
        MENU.iter()
            .map(|(href, label)| {
                let current = (path == *href).then_some("page");
                view! { <li><a href=*href class="side-link" aria-current=current>{*label}</a></li> }
            })
            .collect_view()
    };
    view! {
        <PageMeta title="Dashboard" description="Dashboard member Tiranyx." path="/dashboard"/>
        <a href="#konten" class="skip-link">"Langsung ke konten"</a>
        <div class="min-h-screen lg:flex">
            <aside class="border-b border-white/10 bg-[#050816] lg:w-64 lg:border-b-0 lg:border-r">
                <div class="flex items-center justify-between px-4 py-4">
                    <a href="/" class="flex items-center gap-2 text-lg font-bold text-white">
                        <span class="logo-orb" aria-hidden="true"></span>"Tiranyx"
                    </a>
                </div>
                <nav aria-label="Menu dashboard" class="overflow-x-auto px-2 pb-3">
                    <ul class="flex gap-1 lg:flex-col">{menu}</ul>
                </nav>
            </aside>
            <div class="flex-1">
                <header class="flex items-center justify-between gap-4 border-b border-white/10 px-4 py-3 md:px-8">
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            member.await.ok().map(|m| view! {
                                <p class="text-sm text-slate-300">{format!("Masuk sebagai {}", m.email)}</p>
                            })
                        })}
                    </Transition>
                    <form method="post" action="/logout">
                        <button type="submit" class="btn-ghost">"Keluar"</button>
                    </form>
                </header>
                <main id="konten" tabindex="-1" class="px-4 py-8 md:px-8" data-hydrated=move || hydrated.get().then_some("true")>
                    <Outlet/>
                </main>
            </div>
        </div>
    }
}
