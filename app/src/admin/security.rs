//! Two-factor enrolment: scan the QR code, confirm with a code, keep the
//! recovery codes (shown once).
use super::widgets::outcome;
use crate::api::admin::session::{begin_two_factor, get_admin, ConfirmTwoFactor, DisableTwoFactor};
use leptos::{form::ActionForm, prelude::*};

#[component]
pub fn SecurityPage() -> impl IntoView {
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let admin = Resource::new(
        move || (confirm.version().get(), disable.version().get()),
        |_| get_admin(),
    );
    let begin = Action::new(|_: &()| begin_two_factor());
    view! {
        <h1 class="text-3xl font-bold text-white">"Keamanan akun"</h1>
        <section aria-labelledby="dua-langkah" class="card mt-8 max-w-2xl p-6">
            <h2 id="dua-langkah" class="text-xl font-semibold text-white">"Verifikasi dua langkah (TOTP)"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let enabled = admin.await.map(|a| a.two_factor_enabled).unwrap_or(false);
                    if enabled {
                        view! {
                            <p class="mt-3 text-slate-300" data-2fa="on">"Aktif. Setiap login admin meminta kode dari aplikasi autentikator."</p>
                            <ActionForm action=disable attr:class="mt-4 flex flex-col gap-3">
                                <label for="d-code" class="field-label">"Kode saat ini untuk menonaktifkan"</label>
                                <input id="d-code" name="code" class="field-input" inputmode="numeric" autocomplete="one-time-code" required/>
                                <button type="submit" class="btn-ghost self-start">"Nonaktifkan verifikasi dua langkah"</button>
                            </ActionForm>
                            {outcome(disable.value(), "Verifikasi dua langkah dinonaktifkan.")}
                        }.into_any()
                    } else {
                        view! {
                            <p class="mt-3 text-slate-300" data-2fa="off">"Belum aktif. Aktifkan agar kata sandi saja tidak cukup untuk masuk admin."</p>
                            <button type="button" class="btn-primary mt-4" on:click=move |_| { begin.dispatch(()); }>
                                "Mulai aktivasi"
                            </button>
                        }.into_any()
                    }
                })}
            </Transition>
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
                            <button type="submit" class="btn-primary self-start">"Aktifkan"</button>
                        </ActionForm>
                    </div>
                }.into_any(),
                Err(e) => super::widgets::load_error(e).into_any(),
            })}
            {move || confirm.value().get().map(|r| match r {
                Ok(codes) => view! {
                    <div class="mt-6 rounded border border-amber-300/50 p-4" role="status">
                        <p class="font-semibold text-white">"Verifikasi dua langkah aktif. Simpan kode pemulihan ini sekarang: masing-masing hanya bisa dipakai sekali dan tidak akan ditampilkan lagi."</p>
                        <ul class="mt-3 grid grid-cols-2 gap-2 font-mono text-white" data-recovery-codes="">
                            {codes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                        </ul>
                    </div>
                }.into_any(),
                Err(e) => view! { <p role="status" class="form-status form-status-error mt-4">{e.to_string()}</p> }.into_any(),
            })}
        </section>
    }
}
