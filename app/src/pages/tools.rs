//! `/tools` and `/tools/{slug}`: the public tools. Each tool is a plain
//! HTML form posting to its own page ([`post`]), answered with the page
//! again and the result in it, so it works with JavaScript off; over the
//! day's quota the page says until when and how to get more.
use crate::{
    api::tools::{get_tool, get_tools},
    components::{
        page::{load_page, route_param, PageHeader},
        page_meta::PageMeta,
    },
    format::rupiah,
    forms::{Field, FieldKind, FormFeedback, FormStatus},
    model::{MeasuredText, QuotaView, ToolCard, ToolPageData, ToolResult},
};
use leptos::prelude::*;

/// The product page of the pass that raises the quotas.
const PASS_PATH: &str = "/products/tools-pass";

/// `/tools`
#[component]
pub fn ToolsIndexPage() -> impl IntoView {
    view! {
        <PageMeta
            title="Tools gratis untuk bisnis"
            description="Alat gratis dari Tiranyx: tautan & QR WhatsApp, pembuat tautan UTM, estimasi biaya website, dan cek snippet SEO & Open Graph. Dipakai langsung, tanpa daftar."
            path="/tools"
        />
        <PageHeader
            eyebrow="Tools"
            title="Alat gratis untuk jualan dan pemasaran online"
            lead="Dikerjakan di server kami, hasilnya langsung tampil. Gratis dengan jatah harian; masuk sebagai member untuk jatah lebih besar."
        />
        <section class="mx-auto max-w-6xl px-4 pb-10">
            <h2 class="sr-only">"Daftar alat"</h2>
            {load_page(get_tools, |tools| view! {
                <ul class="grid gap-6 md:grid-cols-2">
                    {tools.into_iter().map(|t| view! { <ToolItem t/> }).collect_view()}
                </ul>
            })}
            <p class="mt-8 text-slate-300">
                "Jatah dihitung per hari WIB dan kembali penuh setiap tengah malam WIB. Butuh lebih banyak? "
                <a class="footer-link" href=PASS_PATH>"Tools Pass"</a>
                " menaikkan jatah harian di semua alat."
            </p>
        </section>
    }
}

#[component]
fn ToolItem(t: ToolCard) -> impl IntoView {
    view! {
        <li class="card card-link relative p-6">
            <h3 class="text-lg font-semibold text-white">
                <a class="stretched-link" href=format!("/tools/{}", t.slug)>{t.name}</a>
            </h3>
            <p class="mt-2 text-slate-300">{t.summary}</p>
            <p class="mt-4 text-sm text-slate-400">
                {format!(
                    "Per hari: tamu {}×, member {}×, Tools Pass {}×",
                    t.guest_quota, t.member_quota, t.pass_quota
                )}
            </p>
        </li>
    }
}

/// `/tools/{slug}` — the form posts to the same path.
#[component]
pub fn ToolPage() -> impl IntoView {
    let slug = route_param("slug");
    view! {
        {load_page(move || get_tool(slug()), |data| view! { <ToolView data/> })}
        <script src="/js/tools.js" defer></script>
    }
}

#[component]
fn ToolView(data: ToolPageData) -> impl IntoView {
    let feedback = FormFeedback::current();
    // After a post, the handler knows the visitor; the re-rendered page
    // has no cookie or address of its own.
    let (quota, result) = match feedback.tool.clone() {
        Some(t) => (t.quota, t.result),
        None => (data.quota.clone(), None),
    };
    let path = format!("/tools/{}", data.card.slug);
    let no_success: Option<String> = None;
    let form = match data.card.slug.as_str() {
        "tautan-whatsapp" => view! { <WhatsappFields/> }.into_any(),
        "pembuat-utm" => view! { <UtmFields/> }.into_any(),
        "estimasi-biaya-website" => view! { <EstimateFields data=data.clone()/> }.into_any(),
        _ => view! { <SnippetFields/> }.into_any(),
    };
    view! {
        <PageMeta title=data.card.name.clone() description=data.card.summary.clone() path=path.clone()/>
        <PageHeader eyebrow="Tools" title=data.card.name.clone() lead=data.card.summary.clone()/>
        <div class="mx-auto grid max-w-6xl gap-10 px-4 pb-10 lg:grid-cols-2">
            <div>
                <form method="post" action=path novalidate data-tool="" class="card flex flex-col gap-5 p-6">
                    <FormStatus success=no_success/>
                    {form}
                    <button type="submit" class="btn-primary self-start">"Proses"</button>
                </form>
                <QuotaNote quota/>
            </div>
            <section aria-labelledby="hasil" class="card p-6" data-tool-result="">
                <h2 id="hasil" class="text-lg font-semibold text-white">"Hasil"</h2>
                {match result {
                    Some(r) => view! { <ResultView r/> }.into_any(),
                    None => view! {
                        <p class="mt-3 text-slate-400">"Isi formulir lalu tekan Proses; hasilnya tampil di sini."</p>
                    }.into_any(),
                }}
            </section>
        </div>
        <p class="mx-auto max-w-6xl px-4 pb-10"><a href="/tools" class="btn-ghost">"← Semua alat"</a></p>
    }
}

#[component]
fn QuotaNote(quota: QuotaView) -> impl IntoView {
    let plan = match quota.plan.as_str() {
        "pass" => "Tools Pass",
        "member" => "member",
        _ => "tamu",
    };
    let more = match quota.plan.as_str() {
        "guest" => Some(
            view! {
                <a class="footer-link" href="/login">"Masuk"</a>" atau "
                <a class="footer-link" href="/register">"daftar gratis"</a>
                " untuk jatah lebih besar."
            }
            .into_any(),
        ),
        "member" => Some(
            view! {
                <a class="footer-link" href=PASS_PATH>"Tools Pass"</a>" menaikkan jatahmu."
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <p class="mt-4 text-sm text-slate-300" data-tool-quota="">
            {format!(
                "Sisa jatah hari ini (paket {plan}): {} dari {}. Kembali penuh pada {}. ",
                quota.remaining, quota.limit, quota.resets_at_text
            )}
            {more}
        </p>
    }
}

#[component]
fn WhatsappFields() -> impl IntoView {
    view! {
        <Field name="nomor" label="Nomor WhatsApp" kind=FieldKind::Tel required=true autocomplete="tel" maxlength=24
            hint="Contoh: 0812-3456-7890 atau +62 812-3456-7890."/>
        <Field name="pesan" label="Pesan pembuka" kind=FieldKind::TextArea maxlength=500
            hint="Teks yang sudah terisi saat pelanggan membuka chat, misalnya: Halo, saya mau pesan."/>
    }
}

#[component]
fn UtmFields() -> impl IntoView {
    view! {
        <Field name="url" label="Alamat halaman" kind=FieldKind::Text required=true maxlength=2000
            hint="Halaman tujuan kampanye, misalnya https://tokoku.id/promo."/>
        <Field name="sumber" label="Sumber (utm_source)" kind=FieldKind::Text required=true maxlength=150
            hint="Dari mana pengunjung datang: instagram, newsletter, google."/>
        <Field name="medium" label="Medium (utm_medium)" kind=FieldKind::Text required=true maxlength=150
            hint="Jenis saluran: social, email, cpc."/>
        <Field name="kampanye" label="Kampanye (utm_campaign)" kind=FieldKind::Text required=true maxlength=150
            hint="Nama kampanye: promo-lebaran-2026."/>
        <Field name="kata_kunci" label="Kata kunci (utm_term)" kind=FieldKind::Text maxlength=150/>
        <Field name="konten" label="Konten (utm_content)" kind=FieldKind::Text maxlength=150
            hint="Untuk membedakan iklan atau tautan dalam satu kampanye: banner-atas, bio."/>
    }
}

#[component]
fn SnippetFields() -> impl IntoView {
    view! {
        <Field name="judul" label="Judul halaman (title)" kind=FieldKind::Text required=true maxlength=1000/>
        <Field name="deskripsi" label="Deskripsi (meta description)" kind=FieldKind::TextArea maxlength=1000/>
        <Field name="url" label="Alamat halaman" kind=FieldKind::Text maxlength=1000
            hint="Hanya untuk pratinjau; halaman tidak kami buka."/>
    }
}

/// The estimator's fields: a service from the price list, pages, features.
#[component]
fn EstimateFields(data: ToolPageData) -> impl IntoView {
    let feedback = FormFeedback::current();
    let chosen = feedback.values.get("layanan").cloned().unwrap_or_default();
    let pages = feedback
        .values
        .get("halaman")
        .cloned()
        .unwrap_or_else(|| "5".to_owned());
    let features: Vec<String> = feedback
        .values
        .get("fitur")
        .map(|f| f.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    let error = |name: &str| feedback.errors.get(name).cloned();
    let (layanan_err, halaman_err, fitur_err) =
        (error("layanan"), error("halaman"), error("fitur"));
    view! {
        <div class="field">
            <label for="f-layanan" class="field-label">"Jenis layanan"</label>
            <select id="f-layanan" name="layanan" class="field-input"
                aria-invalid=layanan_err.is_some().then_some("true") aria-describedby="f-layanan-error">
                {data.rates.into_iter().map(|r| {
                    let selected = r.slug == chosen;
                    view! {
                        <option value=r.slug selected=selected>
                            {format!("{} (mulai {})", r.title, rupiah(r.price_from_idr))}
                        </option>
                    }
                }).collect_view()}
            </select>
            <p id="f-layanan-error" class="field-error" data-error-for="layanan">{layanan_err}</p>
        </div>
        <div class="field">
            <label for="f-halaman" class="field-label">"Jumlah halaman"</label>
            <p id="f-halaman-hint" class="field-hint">
                {format!(
                    "Harga dasar sudah termasuk {} halaman; tiap halaman tambahan {}% dari harga dasar.",
                    data.included_pages, data.extra_page_percent
                )}
            </p>
            <input id="f-halaman" name="halaman" type="number" min="1" max="200" step="1" inputmode="numeric"
                value=pages class="field-input" required aria-invalid=halaman_err.is_some().then_some("true")
                aria-describedby="f-halaman-hint f-halaman-error"/>
            <p id="f-halaman-error" class="field-error" data-error-for="halaman">{halaman_err}</p>
        </div>
        <fieldset class="field" aria-describedby="f-fitur-error">
            <legend class="field-label">"Fitur tambahan (opsional)"</legend>
            {data.features.into_iter().map(|f| {
                let id = format!("f-fitur-{}", f.key);
                let checked = features.contains(&f.key);
                view! {
                    <div class="mt-2 flex items-center gap-2">
                        <input id=id.clone() type="checkbox" name="fitur" value=f.key checked=checked/>
                        <label for=id class="text-slate-300">{format!("{} (+{}%)", f.label, f.percent)}</label>
                    </div>
                }
            }).collect_view()}
            <p id="f-fitur-error" class="field-error" data-error-for="fitur">{fitur_err}</p>
        </fieldset>
    }
}

#[component]
fn ResultView(r: ToolResult) -> impl IntoView {
    match r {
        ToolResult::Whatsapp { number, link, qr_svg } => {
            // Inside HTML the SVG needs no XML declaration.
            let svg = qr_svg.find("<svg").map(|i| qr_svg[i..].to_owned()).unwrap_or_default();
            view! {
                <p class="mt-3 text-slate-300">{format!("Nomor: +{number}")}</p>
                <label for="hasil-tautan" class="field-label mt-4 block">"Tautan klik-untuk-chat"</label>
                <input id="hasil-tautan" class="field-input" readonly value=link.clone()/>
                <p class="mt-3"><a class="btn-ghost" href=link rel="noopener nofollow" target="_blank">"Coba buka di WhatsApp"</a></p>
                <figure class="mt-6">
                    <div class="inline-block rounded bg-white p-2" role="img" aria-label="Kode QR tautan WhatsApp" inner_html=svg></div>
                    <figcaption class="mt-2 text-sm text-slate-400">"Pindai dengan kamera ponsel untuk membuka chat. Klik kanan untuk menyimpan gambar."</figcaption>
                </figure>
            }
            .into_any()
        }
        ToolResult::Utm { url, warnings } => view! {
            <label for="hasil-utm" class="field-label mt-4 block">"Tautan kampanye"</label>
            <textarea id="hasil-utm" class="field-input" rows="4" readonly>{url}</textarea>
            <Warnings warnings/>
        }
        .into_any(),
        ToolResult::Estimate { service_title, pages, lines, total, upper, .. } => view! {
            <p class="mt-3 text-slate-300">{format!("{service_title}, {pages} halaman")}</p>
            <table class="mt-4 w-full text-left text-sm text-slate-300">
                <caption class="sr-only">"Rincian estimasi biaya"</caption>
                <thead><tr><th scope="col">"Komponen"</th><th scope="col" class="text-right">"Biaya"</th></tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr><td class="py-1 pr-4">{l.label}</td><td class="py-1 text-right">{l.amount}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="mt-4 text-xl font-semibold text-cyan-300">{format!("Perkiraan: {total} – {upper}")}</p>
            <p class="mt-2 text-sm text-slate-400">
                "Dihitung dari harga mulai layanan kami, dibulatkan ke Rp100.000; angka atas memberi ruang 25% untuk kebutuhan yang baru terlihat saat diskusi. Penawaran pasti menyusul setelah kami memahami kebutuhanmu."
            </p>
            <p class="mt-4"><a href="/contact" class="btn-primary">"Minta penawaran"</a></p>
        }
        .into_any(),
        ToolResult::Snippet { title, description, breadcrumb, warnings, meta_tags } => view! {
            <figure class="mt-4 rounded bg-white p-4">
                <figcaption class="sr-only">"Pratinjau hasil penelusuran Google"</figcaption>
                {breadcrumb.map(|b| view! { <p class="text-sm text-slate-700">{b}</p> })}
                <p class="text-xl text-blue-800">{title.shown.clone()}</p>
                <p class="text-sm text-slate-700">{description.shown.clone()}</p>
            </figure>
            <dl class="mt-4 grid grid-cols-2 gap-2 text-sm text-slate-300">
                <Measure name="Judul" m=title/>
                <Measure name="Deskripsi" m=description/>
            </dl>
            <Warnings warnings/>
            <label for="hasil-meta" class="field-label mt-4 block">"Tag meta siap tempel"</label>
            <textarea id="hasil-meta" class="field-input font-mono text-sm" rows="8" readonly>{meta_tags}</textarea>
        }
        .into_any(),
    }
}

#[component]
fn Measure(name: &'static str, m: MeasuredText) -> impl IntoView {
    view! {
        <dt>{name}</dt>
        <dd>{format!(
            "{} karakter, ±{} px dari ±{} px{}",
            m.chars, m.px, m.max_px, if m.truncated { " (terpotong)" } else { "" }
        )}</dd>
    }
}

#[component]
fn Warnings(warnings: Vec<String>) -> impl IntoView {
    (!warnings.is_empty()).then(|| {
        view! {
            <h3 class="mt-4 font-semibold text-white">"Saran"</h3>
            <ul class="mt-2 list-disc pl-5 text-sm text-amber-200">
                {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
            </ul>
        }
    })
}

/// `POST /tools/{slug}`: one use of the tool, counted by
/// `domain::tools::use_tool`; the page again with the result, or with the
/// field messages, or with the over-quota alert (429).
#[cfg(feature = "ssr")]
pub mod post {
    use crate::{
        api::tools::convert,
        error::AppError,
        forms::{
            post::{fail, fail_with, rate_limited, wants_json, FormHost, Limit},
            FormFeedback,
        },
        model::ToolFeedback,
        pages::not_found::NOT_FOUND_PATH,
    };
    use axum::{
        body::Body,
        extract::{Path, State},
        http::Request,
        response::{IntoResponse, Response},
        Json,
    };
    use domain::tools::{self, quota, Fields, Visitor};
    use std::collections::BTreeMap;

    pub async fn handle<H: FormHost>(
        State(host): State<H>,
        Path(slug): Path<String>,
        req: Request<Body>,
    ) -> Response {
        let json = wants_json(req.headers());
        // Checked before any path is built from it.
        if !domain::markdown::is_slug(&slug) {
            return fail(
                &host,
                NOT_FOUND_PATH,
                json,
                BTreeMap::new(),
                AppError::not_found(),
            )
            .await;
        }
        let path = format!("/tools/{slug}");
        let ip = host.client_ip(&req);
        let st = host.server();
        let (mut parts, body) = req.into_parts();
        let member = crate::ssr::session::member(&mut parts, &st.db, &st.config).await;
        let visitor = match &member {
            Some(m) => Visitor::Member(m.user_id),
            None => Visitor::Guest(ip),
        };
        let pairs: Vec<(String, String)> =
            crate::forms::post::read_form(Request::from_parts(parts, body)).await;
        let fields = Fields::new(pairs);
        let mut values = BTreeMap::new();
        for (k, v) in fields.pairs() {
            values
                .entry(k.clone())
                .and_modify(|all: &mut String| {
                    all.push(',');
                    all.push_str(v);
                })
                .or_insert_with(|| v.clone());
        }
        let now = chrono::Utc::now();
        let outcome = match host.check(Limit::Tools, ip).await {
            Err(wait) => Err(rate_limited(wait)),
            Ok(()) => tools::use_tool(&st.db, &slug, visitor, &fields, now)
                .await
                .map_err(AppError::from),
        };
        let error = match outcome {
            Ok(used) => match convert::result(&used.output) {
                Ok(result) => {
                    let quota = convert::quota(&used.allowance);
                    if json {
                        let body =
                            serde_json::json!({ "ok": true, "result": result, "quota": quota });
                        return Json(body).into_response();
                    }
                    let feedback = FormFeedback {
                        values,
                        tool: Some(ToolFeedback {
                            result: Some(result),
                            quota,
                        }),
                        ..Default::default()
                    };
                    return host.render(&path, feedback).await;
                }
                Err(e) => e,
            },
            Err(e) => e,
        };
        let tool = match tools::catalogue::find_enabled(st.db.reader(), &slug).await {
            Ok((t, _)) => t,
            // Unknown or disabled: the 404 page.
            Err(_) => return fail(&host, &path, json, values, error).await,
        };
        let base = match quota::allowance(&st.db, &tool, visitor, now).await {
            Ok(a) => FormFeedback {
                values,
                tool: Some(ToolFeedback {
                    result: None,
                    quota: convert::quota(&a),
                }),
                ..Default::default()
            },
            Err(_) => FormFeedback {
                values,
                ..Default::default()
            },
        };
        fail_with(&host, &path, json, base, error).await
    }
}
