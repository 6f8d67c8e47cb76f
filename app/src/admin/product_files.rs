//! On a product's edit page: the files it delivers by e-mail link, an
//! upload form and a remove button per file. Plain multipart forms (they
//! work before hydration); the outcome comes back as `?berkas=…`.
use super::widgets::load_error;
use crate::resource::resource;
use crate::{api::admin::product_files::get_product_files, components::page::query_param};
use leptos::prelude::*;

fn outcome_message(code: &str) -> Option<(bool, &'static str)> {
    Some(match code {
        "ditambah" => (true, "File ditambahkan. Pembeli berikutnya menerimanya."),
        "dihapus" => (true, "File dihapus; tautan lamanya tidak berlaku lagi."),
        "ditolak" => (
            false,
            "File ditolak: pilih file dengan jenis dan ukuran yang diizinkan (lihat keterangan).",
        ),
        "tidak-ada" => (false, "File atau produk itu tidak ditemukan."),
        "gagal" => (
            false,
            "File tidak bisa disimpan. Coba lagi, atau lihat log server.",
        ),
        _ => return None,
    })
}

#[component]
pub fn ProductFilesSection(product_id: i32) -> impl IntoView {
    let files = resource(move || product_id, get_product_files);
    let outcome = query_param("berkas");
    let action = format!("/admin/products/{product_id}/files");
    view! {
        <section id="file-produk" aria-labelledby="file-produk-judul" class="card mt-10 max-w-5xl p-6">
            <h2 id="file-produk-judul" class="text-xl font-semibold text-white">"File yang dikirim ke pembeli"</h2>
            <p class="mt-2 text-sm text-slate-300">
                "Untuk produk dengan pengiriman lewat email: setelah dibayar, pembeli menerima tautan unduhan (berlaku 72 jam) ke setiap file di bawah. File disimpan privat, tidak pernah di folder publik."
            </p>
            {move || outcome().and_then(|c| outcome_message(&c)).map(|(ok, text)| {
                let class = if ok { "form-status form-status-ok mt-4" } else { "form-status form-status-error mt-4" };
                view! { <p role="status" class=class>{text}</p> }
            })}
            <Transition fallback=|| view! { <p class="mt-4 text-slate-300">"Memuat…"</p> }>
                {move || Suspend::new(async move {
                    match files.await {
                        Err(e) => load_error(e).into_any(),
                        Ok(f) => view! {
                            {if f.files.is_empty() {
                                view! { <p class="mt-4 text-slate-300">"Belum ada file."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="mt-4 flex flex-col gap-2" data-product-files="">
                                        {f.files.into_iter().map(|file| {
                                            let remove = format!("/admin/products/{product_id}/files/{}/delete", file.id);
                                            view! {
                                                <li class="flex flex-wrap items-center gap-3">
                                                    <span class="font-semibold text-white">{file.name.clone()}</span>
                                                    <span class="text-sm text-slate-400">{format!("{} · {}", file.size, file.added)}</span>
                                                    <form method="post" action=remove>
                                                        <button type="submit" class="btn-ghost px-3 py-1 text-sm">
                                                            "Hapus"<span class="sr-only">{format!(" {}", file.name)}</span>
                                                        </button>
                                                    </form>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <p id="file-aturan" class="mt-4 text-sm text-slate-400">
                                {format!("Jenis file: {}. Maksimal {} per file. Setiap pembelian boleh mengunduh {} kali.", f.allowed, f.max_size, f.download_limit)}
                            </p>
                        }.into_any(),
                    }
                })}
            </Transition>
            <form method="post" enctype="multipart/form-data" action=action class="mt-4 flex flex-wrap items-end gap-3">
                <div class="field">
                    <label for="file-baru" class="field-label">"Tambah file"</label>
                    <input id="file-baru" type="file" name="file" required class="field-input" aria-describedby="file-aturan"/>
                </div>
                <button type="submit" class="btn-primary">"Unggah"</button>
            </form>
        </section>
    }
}
