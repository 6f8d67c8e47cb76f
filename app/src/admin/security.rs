//! Account security: two-factor (scan the QR code, confirm with a code,
//! keep the recovery codes, shown once) and the admin's own sessions.
//! `EnrolPage` is where an admin without two-factor lands after the
//! password: every admin must use it.
use super::widgets::outcome;
use crate::resource::resource;
use crate::{
    api::admin::session::{
        get_admin, get_admin_sessions, BeginTwoFactor, ConfirmTwoFactor, DisableTwoFactor,
        RevokeAdminSession,
    },
    components::page_meta::PageMeta,
    pages::auth::AuthLayout,
};
use leptos::{form::ActionForm, prelude::*};

/// Begin → QR code → confirm → recovery codes. `replacing`: two-factor is
/// on and is being moved to another app, so the password and a current
/// code are asked first, and the password again to confirm.
#[component]
fn Enrolment(replacing: bool, confirm: ServerAction<ConfirmTwoFactor>) -> impl IntoView {
    let begin = ServerAction::<BeginTwoFactor>::new();
    let (label, button) = if replacing {
        ("Ganti aplikasi autentikator", "Buat kunci baru")
    } else {
        ("Mulai aktivasi", "Mulai aktivasi")
    };
    view! {
        {replacing.then(|| view! {
            <h3 class="mt-6 text-lg font-semibold text-white">"Ganti aplikasi autentikator"</h3>
            <p class="mt-1 text-sm text-slate-300">"Pindah ke ponsel atau aplikasi lain: masukkan kata sandi dan kode saat ini (atau satu kode pemulihan) untuk membuat kunci baru. Kunci lama tetap berlaku sampai kunci baru diaktifkan."</p>
        })}
        <ActionForm action=begin attr:class="mt-4 flex flex-col gap-3" attr:aria-label=label>
            {if replacing {
                view! {
                    <label for="b-password" class="field-label">"Kata sandi"</label>
                    <input id="b-password" name="password" type="password" class="field-input" autocomplete="current-password" required/>
                    <label for="b-code" class="field-label">"Kode saat ini (atau kode pemulihan)"</label>
                    <input id="b-code" name="code" class="field-input" autocomplete="one-time-code" required/>
                }.into_any()
            } else {
                view! {
                    <input type="hidden" name="password" value=""/>
                    <input type="hidden" name="code" value=""/>
                }.into_any()
            }}
            <button type="submit" class=if replacing { "btn-ghost self-start" } else { "btn-primary self-start" }>{button}</button>
        </ActionForm>
        {move || begin.value().get().map(|r| match r {
            Ok(setup) => view! {
                <div class="mt-6 flex flex-col gap-4" data-enrolment="">
                    <p class="text-slate-300">"Pindai kode QR ini dengan aplikasi autentikator (Google Authenticator, Aegis, 1Password…), lalu masukkan kode 6 digit yang muncul."</p>
                    <div class="w-52 rounded bg-white p-2" role="img" aria-label="Kode QR untuk aplikasi autentikator" inner_html=setup.qr_svg.clone()></div>
                    <p class="text-sm text-slate-300">"Atau ketik kunci ini secara manual: "
                        <code class="break-all text-white" data-totp-secret="">{setup.secret.clone()}</code>
                    </p>
                    <ActionForm action=confirm attr:class="flex flex-col gap-3">
                        <label for="c-code" class="field-label">"Kode dari aplikasi"</label>
                        <input id="c-code" name="code" class="field-input" inputmode="numeric" autocomplete="one-time-code" required/>
                        {if replacing {
                            view! {
                                <label for="c-password" class="field-label">"Kata sandi"</label>
                                <input id="c-password" name="password" type="password" class="field-input" autocomplete="current-password" required/>
                            }.into_any()
                        } else {
                            view! { <input type="hidden" name="password" value=""/> }.into_any()
                        }}
                        <button type="submit" class="btn-primary self-start">"Aktifkan"</button>
                    </ActionForm>
                </div>
            }.into_any(),
            Err(e) => view! { <p role="status" class="form-status form-status-error mt-4">{e.to_string()}</p> }.into_any(),
        })}
        {move || confirm.value().get().map(|r| match r {
            Ok(codes) => view! {
                <div class="mt-6 rounded border border-amber-300/50 p-4" role="status">
                    <p class="font-semibold text-white">"Verifikasi dua langkah aktif. Simpan kode pemulihan ini sekarang: masing-masing hanya bisa dipakai sekali dan tidak akan ditampilkan lagi."</p>
                    <ul class="mt-3 grid gap-2 font-mono text-sm text-white sm:grid-cols-2" data-recovery-codes="">
                        {codes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                    </ul>
                </div>
            }.into_any(),
            Err(e) => view! { <p role="status" class="form-status form-status-error mt-4">{e.to_string()}</p> }.into_any(),
        })}
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let revoke = ServerAction::<RevokeAdminSession>::new();
    let admin = resource(
        move || (confirm.version().get(), disable.version().get()),
        |_| get_admin(),
    );
    let sessions = resource(move || revoke.version().get(), |_| get_admin_sessions());
    view! {
        <h1 class="text-3xl font-bold text-white">"Keamanan akun"</h1>
        <section aria-labelledby="dua-langkah" class="card mt-8 max-w-2xl p-6">
            <h2 id="dua-langkah" class="text-xl font-semibold text-white">"Verifikasi dua langkah (TOTP)"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let (enabled, required) = admin
                        .await
                        .map(|a| (a.two_factor_enabled, a.two_factor_required))
                        .unwrap_or((false, true));
                    if enabled {
                        view! {
                            <p class="mt-3 text-slate-300" data-2fa="on">"Aktif. Setiap login admin meminta kode dari aplikasi autentikator."</p>
                            <Enrolment replacing=true confirm/>
                            <Show when=move || !required>
                            <ActionForm action=disable attr:class="mt-6 flex flex-col gap-3" attr:aria-label="Nonaktifkan verifikasi dua langkah">
                                <p class="text-sm text-slate-300">"Tanpa verifikasi dua langkah, login berikutnya akan meminta aktivasi ulang."</p>
                                <label for="d-password" class="field-label">"Kata sandi"</label>
                                <input id="d-password" name="password" type="password" class="field-input" autocomplete="current-password" required/>
                                <label for="d-code" class="field-label">"Kode saat ini (atau kode pemulihan)"</label>
                                <input id="d-code" name="code" class="field-input" autocomplete="one-time-code" required/>
                                <button type="submit" class="btn-ghost self-start">"Nonaktifkan verifikasi dua langkah"</button>
                            </ActionForm>
                            {outcome(disable.value(), "Verifikasi dua langkah dinonaktifkan.")}
                            </Show>
                        }.into_any()
                    } else {
                        view! {
                            <p class="mt-3 text-slate-300" data-2fa="off">"Belum aktif. Aktifkan agar kata sandi saja tidak cukup untuk masuk admin."</p>
                            <Enrolment replacing=false confirm/>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
        <section aria-labelledby="sesi-admin" class="card mt-8 max-w-2xl p-6">
            <h2 id="sesi-admin" class="text-xl font-semibold text-white">"Sesi aktif"</h2>
            <p class="mt-2 text-sm text-slate-300">"Sesi berakhir setelah 30 menit tanpa aktivitas, dan paling lama 24 jam."</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! {
                            <ul class="mt-4 flex flex-col gap-3" data-admin-sessions="">
                                {list.into_iter().map(|s| view! {
                                    <li class="flex flex-wrap items-center justify-between gap-3 rounded border border-white/10 p-3">
                                        <div class="min-w-0">
                                            <p class="break-words text-white">{s.device.clone()}</p>
                                            <p class="text-sm text-slate-300">{format!("{} · mulai {} · terakhir {}", s.ip, s.started, s.last_seen)}</p>
                                        </div>
                                        {if s.current {
                                            view! { <span class="text-sm font-semibold text-emerald-300">"Sesi ini"</span> }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=revoke>
                                                    <input type="hidden" name="id" value=s.id.to_string()/>
                                                    <button type="submit" class="btn-ghost">"Akhiri"</button>
                                                </ActionForm>
                                            }.into_any()
                                        }}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => super::widgets::load_error(e).into_any(),
                    }
                })}
            </Transition>
            {outcome(revoke.value(), "Sesi diakhiri.")}
        </section>
    }
}

/// The only page an admin without two-factor can open after the password.
#[component]
pub fn EnrolPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let done = move || matches!(confirm.value().get(), Some(Ok(_)));
    view! {
        <PageMeta title="Aktifkan verifikasi dua langkah" description="Admin wajib memakai verifikasi dua langkah." path="/admin/login/enrol"/>
        <AuthLayout>
            <div class="card p-6 md:p-8">
                <h1 class="text-2xl font-bold text-white">"Aktifkan verifikasi dua langkah"</h1>
                <p class="mt-2 text-slate-300">"Setiap admin wajib memakai verifikasi dua langkah. Siapkan aplikasi autentikator di ponselmu untuk melanjutkan."</p>
                <Enrolment replacing=false confirm/>
                <Show when=done>
                    <a href="/admin" class="btn-primary mt-6 inline-block" rel="external">"Lanjut ke panel admin"</a>
                </Show>
                <form method="post" action="/admin/logout" class="mt-6">
                    <button type="submit" class="btn-ghost">"Keluar"</button>
                </form>
            </div>
        </AuthLayout>
    }
}
