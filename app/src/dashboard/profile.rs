use crate::resource::resource;
use crate::{
    api::account::{
        get_github_username, get_member, get_sessions, ChangePassword, RevokeOtherSessions,
        RevokeSession, UpdateProfile,
    },
    error::AppError,
    pages::checkout::RefusedAlert,
};
use leptos::{form::ActionForm, prelude::*};

/// "Tersimpan" or the server's message, announced to screen readers. Field
/// messages stand under their fields ([`field_error`]), so the summary then
/// only says to look there instead of repeating them.
fn outcome<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    ok: &'static str,
) -> impl IntoView {
    move || {
        value.get().map(|r| match r {
            Ok(_) => {
                view! { <p role="status" class="form-status form-status-ok">{ok}</p> }.into_any()
            }
            Err(e) => {
                let text = if e.fields.is_empty() {
                    e.to_string()
                } else {
                    e.message.clone()
                };
                view! { <p role="status" class="form-status form-status-error">{text}</p> }
                    .into_any()
            }
        })
    }
}

/// The server's message for one field, under its input: field errors keep
/// their field from the domain to the page.
fn field_error<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    field: &'static str,
    id: &'static str,
) -> impl IntoView {
    let message = move || {
        value
            .get()
            .and_then(|r| r.err())
            .and_then(|e| e.fields.get(field).cloned())
    };
    view! { <p id=id class="field-error" aria-live="polite">{message}</p> }
}

/// The message after a photo upload (the upload is a plain form post that
/// redirects back here with `?foto=…`).
fn photo_message(code: Option<String>) -> Option<(bool, &'static str)> {
    Some(match code?.as_str() {
        "ok" => (true, "Foto profil tersimpan."),
        "too_large" => (false, "Ukuran file maksimal 2048 KB."),
        "not_an_image" => (false, "Hanya gambar PNG, JPG atau WebP yang diterima."),
        "empty" => (false, "Pilih file gambar terlebih dahulu."),
        _ => (false, "Foto gagal disimpan. Coba lagi."),
    })
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let photo = crate::components::page::query_param("foto");
    let update = ServerAction::<UpdateProfile>::new();
    let password = ServerAction::<ChangePassword>::new();
    let revoke = ServerAction::<RevokeSession>::new();
    let revoke_others = ServerAction::<RevokeOtherSessions>::new();
    let member = resource(move || update.version().get(), |_| get_member());
    let sessions = resource(
        move || {
            (
                revoke.version().get(),
                revoke_others.version().get(),
                password.version().get(),
            )
        },
        |_| get_sessions(),
    );
    view! {
        <h1 class="text-3xl font-bold text-white">"Profil & keamanan"</h1>
        <section aria-labelledby="profil" class="card mt-8 max-w-2xl p-6">
            <h2 id="profil" class="text-xl font-semibold text-white">"Profil"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    member.await.ok().map(|m| view! {
                        <div class="mt-4 flex items-center gap-4">
                            {match m.avatar_url.clone() {
                                Some(url) => view! { <img src=url alt="Foto profil" width="64" height="64" class="h-16 w-16 rounded-full object-cover"/> }.into_any(),
                                None => view! { <span class="logo-orb h-16 w-16" aria-hidden="true"></span> }.into_any(),
                            }}
                            <p class="min-w-0 break-all text-sm text-slate-300">{format!("Email: {}", m.email)}</p>
                        </div>
                        <ActionForm action=update attr:class="mt-4 flex flex-col gap-4">
                            <div class="field">
                                <label for="p-name" class="field-label">"Nama"</label>
                                <input id="p-name" name="name" class="field-input" value=m.name.clone() required autocomplete="name" aria-describedby="p-name-error"/>
                                {field_error(update.value(), "name", "p-name-error")}
                            </div>
                            <div class="field">
                                <label for="p-phone" class="field-label">"Nomor telepon " <span class="text-slate-400">"(opsional)"</span></label>
                                <input id="p-phone" name="phone" type="tel" class="field-input" value=m.phone.clone().unwrap_or_default() autocomplete="tel" aria-describedby="p-phone-error"/>
                                {field_error(update.value(), "phone", "p-phone-error")}
                            </div>
                            <button type="submit" class="btn-primary self-start">"Simpan profil"</button>
                        </ActionForm>
                    })
                })}
            </Transition>
            {outcome(update.value(), "Profil tersimpan.")}
            <form method="post" action="/dashboard/profile/avatar" enctype="multipart/form-data" class="mt-6 flex flex-col gap-3 border-t border-white/10 pt-6">
                {move || photo_message(photo()).map(|(ok, text)| view! {
                    <p role="status" class=if ok { "form-status form-status-ok" } else { "form-status form-status-error" }>{text}</p>
                })}
                <label for="p-avatar" class="field-label">"Foto profil"</label>
                <p id="p-avatar-hint" class="field-hint">"PNG, JPG atau WebP, maksimal 2 MB."</p>
                <input id="p-avatar" name="avatar" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby="p-avatar-hint" class="text-slate-200"/>
                <button type="submit" class="btn-ghost self-start">"Unggah foto"</button>
            </form>
        </section>

        <GithubSection/>

        <section aria-labelledby="sandi" class="card mt-8 max-w-2xl p-6">
            <h2 id="sandi" class="text-xl font-semibold text-white">"Ganti kata sandi"</h2>
            <ActionForm action=password attr:class="mt-4 flex flex-col gap-4">
                <div class="field">
                    <label for="p-current" class="field-label">"Kata sandi saat ini"</label>
                    <input id="p-current" name="current" type="password" class="field-input" required autocomplete="current-password" aria-describedby="p-current-error"/>
                    {field_error(password.value(), "current_password", "p-current-error")}
                </div>
                <div class="field">
                    <label for="p-new" class="field-label">"Kata sandi baru"</label>
                    <input id="p-new" name="new_password" type="password" class="field-input" required minlength="8" maxlength="128" autocomplete="new-password" aria-describedby="p-new-error"/>
                    {field_error(password.value(), "password", "p-new-error")}
                </div>
                <button type="submit" class="btn-primary self-start">"Ganti kata sandi"</button>
            </ActionForm>
            {outcome(password.value(), "Kata sandi diganti. Semua sesi lain sudah dikeluarkan.")}
        </section>

        <section aria-labelledby="sesi" class="card mt-8 max-w-2xl p-6">
            <h2 id="sesi" class="text-xl font-semibold text-white">"Sesi aktif"</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    sessions.await.ok().map(|list| view! {
                        <ul class="mt-4 space-y-3">
                            {list.into_iter().map(|s| view! {
                                <li class="flex flex-col gap-2 rounded-xl border border-white/10 p-4 md:flex-row md:items-center md:justify-between">
                                    <div class="text-sm text-slate-300">
                                        <p class="font-semibold text-white">{s.device.clone()}
                                            {s.current.then(|| view! { <span class="tag ml-2">"Sesi ini"</span> })}
                                        </p>
                                        <p>{format!("IP {} · masuk {} · terakhir aktif {}", s.ip, s.started, s.last_seen)}</p>
                                    </div>
                                    {(!s.current).then(|| view! {
                                        <ActionForm action=revoke>
                                            <input type="hidden" name="id" value=s.id/>
                                            <button type="submit" class="btn-ghost">"Keluarkan"</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    })
                })}
            </Transition>
            <ActionForm action=revoke_others attr:class="mt-4">
                <button type="submit" class="btn-ghost">"Keluarkan semua sesi lain"</button>
            </ActionForm>
        </section>
    }
}

/// The GitHub username GitHub products invite: a plain form (no
/// JavaScript needed) to `/dashboard/profile/github`, which comes back with
/// `?github=disimpan`, or the refusal as the section's alert.
#[component]
fn GithubSection() -> impl IntoView {
    let saved = crate::components::page::query_param("github");
    let current = resource(|| (), |_| get_github_username());
    view! {
        <section aria-labelledby="github" class="card mt-8 max-w-2xl p-6" id="akun-github">
            <h2 id="github" class="text-xl font-semibold text-white">"Akun GitHub"</h2>
            <p id="p-github-hint" class="mt-2 text-sm text-slate-300">
                "Produk kode sumber dikirim sebagai undangan ke repositori GitHub privat. Username ini dipakai untuk setiap pembelian produk GitHub; kosongkan untuk menghapusnya."
            </p>
            <RefusedAlert/>
            {move || saved().map(|_| view! {
                <p role="status" class="form-status form-status-ok mt-4">"Username GitHub tersimpan."</p>
            })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let value = current.await.ok().flatten().unwrap_or_default();
                    view! {
                        <form method="post" action="/dashboard/profile/github" class="mt-4 flex flex-col gap-4">
                            <div class="field">
                                <label for="p-github" class="field-label">"Username GitHub " <span class="text-slate-400">"(opsional)"</span></label>
                                <input id="p-github" name="github_username" type="text" class="field-input"
                                    value=value maxlength="40" autocomplete="off" spellcheck="false"
                                    pattern="@?[A-Za-z0-9](-?[A-Za-z0-9]){0,38}"
                                    title="1–39 huruf, angka, atau tanda hubung tunggal"
                                    aria-describedby="p-github-hint"/>
                            </div>
                            <button type="submit" class="btn-primary self-start">"Simpan username GitHub"</button>
                        </form>
                    }
                })}
            </Transition>
        </section>
    }
}
