//! Pieces the portal's pages share.
use crate::api::client::{DeliverableRow, MilestoneRow, ProjectRow};
use leptos::prelude::*;

/// "Data per …": always shown, and when Ixonomic could not be reached,
/// why approving and paying are off for now.
#[component]
pub fn DataAge(as_of: String, live: bool) -> impl IntoView {
    if live {
        view! { <p class="mt-2 text-sm text-slate-400" data-as-of="">{format!("Data per {as_of}")}</p> }
            .into_any()
    } else {
        view! {
            <div class="form-status form-status-error mt-4" role="status" data-stale="">
                <p>{format!("Data per {as_of}.")}</p>
                <p class="mt-1">
                    "Sistem proyek kami sedang tidak dapat dihubungi, jadi yang tampil adalah data terakhir. "
                    "Persetujuan hasil kerja dan pembayaran tagihan dinonaktifkan sementara; coba lagi beberapa menit lagi."
                </p>
            </div>
        }
        .into_any()
    }
}

pub fn project_badge(status: &str) -> &'static str {
    match status {
        "completed" => "badge badge-ok",
        "on_hold" => "badge badge-warn",
        _ => "badge",
    }
}

pub fn project_card(p: ProjectRow) -> impl IntoView {
    view! {
        <li class="card p-5" data-project=p.id.clone()>
            <div class="flex flex-wrap items-center justify-between gap-3">
                <a class="text-lg font-semibold text-white" href=format!("/client/projects/{}", p.id)>{p.name}</a>
                <span class=project_badge(&p.status)>{p.status_label}</span>
            </div>
            <p class="mt-2 text-sm text-slate-300">{p.summary}</p>
            <div class="mt-3 flex flex-wrap items-center gap-3 text-sm text-slate-400">
                <progress class="h-2 w-40" max="100" value=p.progress aria-label="Kemajuan proyek"></progress>
                <span>{format!("{}% selesai", p.progress)}</span>
                {p.due.map(|d| view! { <span>{format!("· tenggat {d}")}</span> })}
            </div>
        </li>
    }
}

/// Milestones as a timeline: status, due date (WIB) and, when done, when.
pub fn milestone_timeline(rows: Vec<MilestoneRow>, with_project: bool) -> impl IntoView {
    view! {
        <ol class="timeline mt-4 flex flex-col gap-3" data-milestones="">
            {rows.into_iter().map(|m| {
                let done = m.status == "done";
                view! {
                    <li class="card p-4" data-milestone=m.status.clone()>
                        <div class="flex flex-wrap items-center justify-between gap-2">
                            <span class="font-semibold text-white">{m.title}</span>
                            <span class=if done { "badge badge-ok" } else { "badge" }>{m.status_label}</span>
                        </div>
                        <p class="mt-1 text-sm text-slate-400">
                            {with_project.then(|| format!("{} · ", m.project_name))}
                            {match (m.completed, m.due) {
                                (Some(c), _) => format!("Selesai {c}"),
                                (None, Some(d)) => format!("Tenggat {d}"),
                                (None, None) => "Belum ada tenggat".to_owned(),
                            }}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// One deliverable with, when it waits for the client and Ixonomic is
/// reachable, the two decisions: approve (behind a confirmation that
/// works without JavaScript) or ask for changes with a comment. `back` is
/// the page the forms return to.
pub fn deliverable_card(d: DeliverableRow, live: bool, back: String) -> impl IntoView {
    let base = format!("/client/projects/{}/deliverables/{}", d.project_id, d.id);
    let field = format!("komentar-{}", d.id);
    let key = d.decision_key.clone();
    let key2 = d.decision_key.clone();
    let back2 = back.clone();
    view! {
        <li class="card p-5" data-deliverable=d.id.clone()>
            <div class="flex flex-wrap items-center justify-between gap-3">
                <span class="text-lg font-semibold text-white">{d.title.clone()}</span>
                <span class=if d.status == "approved" { "badge badge-ok" } else { "badge" }>{d.status_label.clone()}</span>
            </div>
            <p class="mt-1 text-sm text-slate-400">{d.project_name.clone()}{d.submitted.clone().map(|s| format!(" · dikirim {s}"))}</p>
            <p class="mt-3 whitespace-pre-line text-slate-300">{d.description.clone()}</p>
            {d.preview_url.clone().map(|u| view! {
                <p class="mt-3"><a class="footer-link" href=u rel="external noopener" target="_blank">"Lihat hasil kerja"<span class="sr-only">{format!(" {}", d.title)}</span>" ↗"</a></p>
            })}
            {d.comment.clone().map(|c| view! {
                <p class="mt-3 whitespace-pre-line text-sm text-slate-400">{format!("Komentarmu: {c}")}</p>
            })}
            {(d.awaiting && !live).then(|| view! {
                <p class="mt-4 text-sm text-slate-400">"Keputusan bisa dikirim lagi setelah sistem proyek kembali terhubung."</p>
            })}
            {(d.awaiting && live).then(|| view! {
                <details class="mt-4" data-approve="">
                    <summary class="btn-primary cursor-pointer">"Setujui…"</summary>
                    <form method="post" action=format!("{base}/approve") class="mt-3 flex flex-col gap-2">
                        <input type="hidden" name="key" value=key/>
                        <input type="hidden" name="back" value=back/>
                        <p class="text-sm text-slate-300">"Yakin? Persetujuan dikirim ke tim kami dan tidak bisa dibatalkan dari sini."</p>
                        <button type="submit" class="btn-primary self-start">
                            "Ya, setujui"<span class="sr-only">{format!(" {}", d.title)}</span>
                        </button>
                    </form>
                </details>
                <form method="post" action=format!("{base}/changes") class="mt-4 flex flex-col gap-2">
                    <input type="hidden" name="key" value=key2/>
                    <input type="hidden" name="back" value=back2/>
                    <label for=field.clone() class="field-label">"Apa yang perlu diubah?"</label>
                    <textarea id=field name="comment" rows="3" required minlength="5" maxlength="2000" class="field-input"></textarea>
                    <button type="submit" class="btn-ghost self-start">"Minta perubahan"</button>
                </form>
            })}
        </li>
    }
}

/// The result of the last post (`?disetujui`, `?diubah`, `?terkirim`) or
/// its refusal (`?gagal=code`).
#[component]
pub fn PostOutcome() -> impl IntoView {
    use crate::components::page::query_param;
    let approved = query_param("disetujui");
    let changes = query_param("diubah");
    let sent = query_param("terkirim");
    view! {
        <crate::pages::checkout::RefusedAlert/>
        {move || approved().map(|_| view! {
            <p class="form-status form-status-ok mb-6" role="status">"Hasil kerja disetujui. Terima kasih!"</p>
        })}
        {move || changes().map(|_| view! {
            <p class="form-status form-status-ok mb-6" role="status">"Permintaan perubahan terkirim ke tim kami."</p>
        })}
        {move || sent().map(|_| view! {
            <p class="form-status form-status-ok mb-6" role="status">"Pesan terkirim. Tim kami akan membalas secepatnya."</p>
        })}
    }
}
