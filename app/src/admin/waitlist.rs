//! The waitlists: how many wait per product, who, and a CSV download.
use super::widgets::{load_error, Pager};
use crate::api::admin::backoffice::{get_waitlist, get_waitlist_products};
use crate::resource::resource;
use leptos::prelude::*;

/// The export link for one product, or for every product.
fn csv_href(product: &str) -> String {
    if product.is_empty() {
        "/admin/waitlist.csv".to_owned()
    } else {
        format!("/admin/waitlist.csv?product={product}")
    }
}

#[component]
pub fn WaitlistAdminPage() -> impl IntoView {
    let product = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let page = RwSignal::new(1u64);
    let products = resource(|| (), |_| get_waitlist_products());
    let entries = resource(
        move || (product.get(), query.get(), page.get()),
        |(p, q, n)| get_waitlist(p, q, n),
    );
    view! {
        <h1 class="text-3xl font-bold text-white">"Waitlist"</h1>
        <Transition fallback=|| view! { <p class="mt-6 text-slate-300">"Memuat…"</p> }>
            {move || Suspend::new(async move {
                match products.await {
                    Err(e) => load_error(e).into_any(),
                    Ok(list) => {
                        let total: u64 = list.iter().map(|p| p.count).sum();
                        let cards = list.iter().map(|p| view! {
                            <li class="card p-4">
                                <p class="break-all text-sm text-slate-300">{p.slug.clone()}</p>
                                <p class="mt-1 text-2xl font-bold text-white">{format!("{} orang", p.count)}</p>
                            </li>
                        }).collect_view();
                        let options = list.into_iter().map(|p| {
                            let label = format!("{} ({})", p.slug, p.count);
                            let selected = product.get_untracked() == p.slug;
                            view! { <option value=p.slug selected=selected>{label}</option> }
                        }).collect_view();
                        view! {
                            <section aria-labelledby="per-produk" class="mt-6">
                                <h2 id="per-produk" class="text-xl font-semibold text-white">{format!("Per produk · total {total} orang")}</h2>
                                <ul class="mt-4 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{cards}</ul>
                            </section>
                            <div class="mt-6 flex flex-wrap items-end gap-4">
                                <div>
                                    <label for="w-produk" class="field-label">"Produk"</label>
                                    <select id="w-produk" class="field-input"
                                        on:change=move |ev| { product.set(event_target_value(&ev)); page.set(1); }>
                                        <option value="" selected=product.get_untracked().is_empty()>"Semua produk"</option>
                                        {options}
                                    </select>
                                </div>
                                <div class="max-w-md">
                                    <label for="w-q" class="field-label">"Cari (email, nama)"</label>
                                    <input id="w-q" type="search" class="field-input" prop:value=move || query.get()
                                        on:change=move |ev| { query.set(event_target_value(&ev)); page.set(1); }/>
                                </div>
                                // A file download, not a page of the app: the router leaves it alone.
                                <a class="btn-primary" rel="external" download="" href=move || csv_href(&product.get())>
                                    {move || if product.get().is_empty() { "Unduh CSV (semua produk)".to_owned() } else { format!("Unduh CSV ({})", product.get()) }}
                                </a>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match entries.await {
                    Err(e) => load_error(e).into_any(),
                    Ok(p) if p.rows.is_empty() => view! { <p class="mt-6 text-slate-300">"Belum ada yang bergabung."</p> }.into_any(),
                    Ok(p) => view! {
                        <div class="mt-6 overflow-x-auto" tabindex="0" role="region" aria-label="Tabel, dapat digeser">
                            <table class="admin-table">
                                <caption class="sr-only">{format!("Daftar tunggu, {} orang, terbaru di atas", p.total)}</caption>
                                <thead><tr><th scope="col">"Bergabung"</th><th scope="col">"Produk"</th><th scope="col">"Email"</th><th scope="col">"Nama"</th></tr></thead>
                                <tbody>
                                    {p.rows.into_iter().map(|r| view! {
                                        <tr>
                                            <td class="whitespace-nowrap">{r.joined}</td>
                                            <td>{r.product}</td>
                                            <td>{r.email}</td>
                                            <td>{r.name}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pager page total_pages=p.total_pages/>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_links() {
        assert_eq!(super::csv_href(""), "/admin/waitlist.csv");
        assert_eq!(
            super::csv_href("nusa-landing"),
            "/admin/waitlist.csv?product=nusa-landing"
        );
    }
}
