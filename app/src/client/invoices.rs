//! `/client/invoices`: each invoice with its lines; an open one is paid
//! through the site's checkout (Midtrans), and shows paid once the
//! payment's notification arrived.
use super::widgets::{DataAge, PostOutcome};
use crate::{
    api::{
        client::{get_client_invoices, InvoiceRow},
        purchases::confirm_return,
    },
    components::page::{load_hydrated, query_param},
};
use leptos::prelude::*;

/// Also where Snap's callbacks land for an invoice's order (`?order_id=…`):
/// that payment is confirmed with Midtrans before the invoices are read, so
/// a paid invoice shows paid on arrival.
#[component]
pub fn ClientInvoicesPage() -> impl IntoView {
    let returned = untrack(query_param("order_id"));
    let load = move |returned: Option<String>| async move {
        let notice = match returned {
            Some(code) => confirm_return(code).await.ok().flatten(),
            None => None,
        };
        get_client_invoices().await.map(|o| (notice, o))
    };
    view! {
        <PostOutcome/>
        <h1 class="text-3xl font-bold text-white">"Tagihan"</h1>
        {load_hydrated(move || returned.clone(), load, |(notice, o)| view! {
            {notice.map(|n| view! {
                <p class="form-status form-status-ok mt-4" role="status" data-confirmed="">{n}</p>
            })}
            <DataAge as_of=o.as_of live=o.live/>
            {if o.data.is_empty() {
                view! { <p class="mt-6 text-slate-300">"Belum ada tagihan."</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-6 flex flex-col gap-4">
                        {o.data.into_iter().map(invoice_card).collect_view()}
                    </ul>
                }.into_any()
            }}
        })}
    }
}

pub fn invoice_card(i: InvoiceRow) -> impl IntoView {
    let badge = match i.status.as_str() {
        "paid" => "badge badge-ok",
        "overdue" => "badge badge-warn",
        _ => "badge",
    };
    let caption = format!("Rincian tagihan {}", i.number);
    let label = caption.clone();
    view! {
        <li class="card p-5" data-invoice=i.id.clone()>
            <div class="flex flex-wrap items-center justify-between gap-3">
                <span class="text-lg font-semibold text-white">{i.number.clone()}</span>
                <span class=badge data-status=i.status.clone()>{i.status_label.clone()}</span>
            </div>
            <p class="mt-2 text-2xl font-bold text-white">{i.amount.clone()}</p>
            <p class="mt-1 text-sm text-slate-400">{format!("Terbit {} · jatuh tempo {}", i.issued, i.due)}</p>
            <div class="mt-4 overflow-x-auto" tabindex="0" role="region" aria-label=label>
                <table class="admin-table">
                    <caption class="sr-only">{caption}</caption>
                    <thead><tr>
                        <th scope="col">"Uraian"</th><th scope="col">"Jumlah"</th>
                        <th scope="col">"Harga"</th><th scope="col">"Total"</th>
                    </tr></thead>
                    <tbody>
                        {i.lines.into_iter().map(|l| view! {
                            <tr>
                                <td>{l.description}</td><td>{l.quantity}</td>
                                <td class="whitespace-nowrap">{l.unit_price}</td>
                                <td class="whitespace-nowrap">{l.total}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {i.payable.then(|| view! {
                <form method="post" action=format!("/client/invoices/{}/pay", i.id) class="mt-4">
                    <button type="submit" class="btn-primary">
                        {if i.pending { "Lanjutkan pembayaran" } else { "Bayar sekarang" }}
                        <span class="sr-only">{format!(" tagihan {}", i.number)}</span>
                    </button>
                </form>
            })}
        </li>
    }
}
