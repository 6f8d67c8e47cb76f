//! The `(auth)` pages: register, log in, verify e-mail, forgot and reset
//! password. Each form posts to its own path as plain HTML, handled beside
//! the pages in [`post`]; `forms.js` enhances them like the public forms.
use crate::{
    components::{page::query_param, page_meta::PageMeta},
    forms::{Field, FieldKind, FormFeedback, FormStatus},
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub mod post;

pub const REGISTER_SENT: &str = "Hampir selesai! Jika email ini belum terdaftar, kami sudah mengirim tautan verifikasi ke sana. Cek kotak masuk (dan folder spam) lalu klik tautannya.";
pub const RESET_SENT: &str = "Jika email ini terdaftar, kami sudah mengirim tautan untuk mengatur ulang kata sandi. Tautan berlaku 1 jam.";
pub const VERIFY_RESENT: &str =
    "Jika email ini terdaftar dan belum diverifikasi, tautan verifikasi baru sudah kami kirim.";
pub const VERIFIED: &str = "Email kamu sudah terverifikasi. Silakan masuk.";
pub const PASSWORD_RESET: &str = "Kata sandi sudah diganti dan semua sesi lama dikeluarkan. Silakan masuk dengan kata sandi baru.";
pub const LOGGED_OUT: &str = "Kamu sudah keluar.";

/// Minimal frame of the auth pages: logo, one card, a way back.
#[component]
pub fn AuthLayout(children: Children) -> impl IntoView {
    view! {
        <a href="#konten" class="skip-link">"Langsung ke konten"</a>
        <div class="starfield" aria-hidden="true"></div>
        <header class="mx-auto flex max-w-md items-center justify-between px-4 py-6">
            <a href="/" class="flex items-center gap-2 text-lg font-bold text-white">
                <span class="logo-orb" aria-hidden="true"></span>"Tiranyx"
            </a>
            <a href="/" class="footer-link text-sm">"← Kembali ke situs"</a>
        </header>
        <main id="konten" tabindex="-1" class="mx-auto max-w-md px-4 pb-16">{children()}</main>
    }
}

#[component]
fn AuthCard(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="card p-6 md:p-8">
            <h1 class="text-2xl font-bold text-white">{title}</h1>
            <div class="mt-6">{children()}</div>
        </div>
    }
}

/// The `?next=` target kept through the login form, only if it is a path
/// on this site (no open redirect).
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let n = next?;
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n.contains('\\')
        && !n.chars().any(|c| c.is_control())
        && n.len() <= 512;
    ok.then(|| n.to_owned())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let q = |name| query_param(name)();
    let success = if q("terverifikasi").is_some() {
        Some(VERIFIED.to_owned())
    } else if q("diatur-ulang").is_some() {
        Some(PASSWORD_RESET.to_owned())
    } else if q("keluar").is_some() {
        Some(LOGGED_OUT.to_owned())
    } else {
        None
    };
    let next = login_next(|_| true).unwrap_or_default();
    view! {
        <PageMeta title="Masuk" description="Masuk ke akun Tiranyx untuk mengakses pembelian, unduhan dan langganan." path="/login"/>
        <AuthCard title="Masuk">
            <LoginForm next success button="Masuk"/>
            <p class="mt-6 text-sm text-slate-300">
                <a class="footer-link" href="/forgot-password">"Lupa kata sandi?"</a>
                " · "
                <a class="footer-link" href="/register">"Buat akun"</a>
                " · "
                <a class="footer-link" href="/verify-email">"Kirim ulang verifikasi"</a>
            </p>
        </AuthCard>
        <script src="/js/forms.js" defer></script>
    }
}

/// Where a login goes next: the page's `?next=` or, after a failed post,
/// the form's own, when it is a safe local path that `allowed` accepts.
fn login_next(allowed: impl Fn(&str) -> bool) -> Option<String> {
    let feedback = FormFeedback::current();
    safe_next(query_param("next")().as_deref())
        .or_else(|| feedback.values.get("next").and_then(|n| safe_next(Some(n))))
        .filter(|n| allowed(n))
}

/// The one login form (members and clients both post it to `/login`).
#[component]
fn LoginForm(next: String, success: Option<String>, button: &'static str) -> impl IntoView {
    let remember = FormFeedback::current().values.contains_key("remember");
    view! {
        <form method="post" action="/login" novalidate data-enhance="login" class="flex flex-col gap-5">
            <FormStatus success/>
            <input type="hidden" name="next" value=next/>
            <Field name="email" label="Email" kind=FieldKind::Email required=true autocomplete="email" maxlength=254/>
            <Field name="password" label="Kata sandi" kind=FieldKind::Password required=true autocomplete="current-password" maxlength=128/>
            <label class="flex items-center gap-3 text-slate-200">
                <input type="checkbox" name="remember" value="1" checked=remember class="h-5 w-5"/>
                "Ingat saya selama 7 hari"
            </label>
            <button type="submit" class="btn-primary">{button}</button>
        </form>
    }
}

/// `/client/login`: the member login for the agency's clients, landing in
/// the portal. A signed-in member who is not a client is sent here with
/// `?bukan-klien` and told so.
#[component]
pub fn ClientLoginPage() -> impl IntoView {
    let not_client = query_param("bukan-klien")().is_some();
    let next =
        login_next(|n| crate::shell::within(n, "/client")).unwrap_or_else(|| "/client".to_owned());
    view! {
        <PageMeta title="Masuk Portal Klien" description="Portal klien agensi Tiranyx: proyek, hasil kerja, tagihan dan pesan." path="/client/login"/>
        <AuthCard title="Portal Klien">
            <p class="text-slate-300">
                "Pantau proyek, setujui hasil kerja, bayar tagihan dan kirim pesan ke tim Tiranyx."
            </p>
            {not_client.then(|| view! {
                <div class="form-status form-status-error mt-4" role="alert" data-not-client="">
                    <p>"Akun yang kamu pakai belum terdaftar sebagai klien agensi."</p>
                    <p class="mt-2">
                        "Bila kamu klien kami, minta tim Tiranyx menautkan akunmu. Pembelian dan unduhanmu tetap ada di "
                        <a class="footer-link" href="/dashboard">"dashboard member"</a>"."
                    </p>
                </div>
            })}
            <div class="mt-6"><LoginForm next success=None button="Masuk ke portal"/></div>
            <p class="mt-6 text-sm text-slate-300">
                <a class="footer-link" href="/forgot-password">"Lupa kata sandi?"</a>
                " · "
                <a class="footer-link" href="/contact">"Belum jadi klien? Hubungi kami"</a>
            </p>
        </AuthCard>
        <script src="/js/forms.js" defer></script>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let success = query_param("terkirim")().map(|_| REGISTER_SENT.to_owned());
    view! {
        <PageMeta title="Daftar" description="Buat akun Tiranyx untuk membeli produk digital, memakai tools dan mengelola langganan." path="/register"/>
        <AuthCard title="Buat akun">
            <form method="post" action="/register" novalidate data-enhance="register" class="flex flex-col gap-5">
                <FormStatus success/>
                <Field name="name" label="Nama" kind=FieldKind::Text required=true autocomplete="name" minlength=2 maxlength=120/>
                <Field name="email" label="Email" kind=FieldKind::Email required=true autocomplete="email" maxlength=254/>
                <Field name="password" label="Kata sandi" kind=FieldKind::Password required=true autocomplete="new-password"
                    minlength=8 maxlength=128 hint="8–128 karakter. Frasa panjang yang mudah kamu ingat lebih aman daripada kata pendek yang rumit."/>
                <button type="submit" class="btn-primary">"Daftar"</button>
            </form>
            <p class="mt-6 text-sm text-slate-300">"Sudah punya akun? " <a class="footer-link" href="/login">"Masuk"</a></p>
        </AuthCard>
        <script src="/js/forms.js" defer></script>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let success = query_param("terkirim")().map(|_| RESET_SENT.to_owned());
    view! {
        <PageMeta title="Lupa kata sandi" description="Atur ulang kata sandi akun Tiranyx." path="/forgot-password"/>
        <AuthCard title="Lupa kata sandi">
            <form method="post" action="/forgot-password" novalidate data-enhance="forgot" class="flex flex-col gap-5">
                <FormStatus success/>
                <Field name="email" label="Email" kind=FieldKind::Email required=true autocomplete="email" maxlength=254/>
                <button type="submit" class="btn-primary">"Kirim tautan"</button>
            </form>
            <p class="mt-6 text-sm text-slate-300"><a class="footer-link" href="/login">"Kembali ke halaman masuk"</a></p>
        </AuthCard>
        <script src="/js/forms.js" defer></script>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let feedback = FormFeedback::current();
    let token = query_param("token")()
        .or_else(|| feedback.values.get("token").cloned())
        .unwrap_or_default();
    view! {
        <PageMeta title="Atur ulang kata sandi" description="Buat kata sandi baru untuk akun Tiranyx." path="/reset-password"/>
        <AuthCard title="Kata sandi baru">
            <form method="post" action="/reset-password" novalidate class="flex flex-col gap-5">
                <FormStatus success={None::<String>}/>
                <input type="hidden" name="token" value=token/>
                <Field name="password" label="Kata sandi baru" kind=FieldKind::Password required=true autocomplete="new-password" minlength=8 maxlength=128/>
                <button type="submit" class="btn-primary">"Simpan kata sandi"</button>
            </form>
        </AuthCard>
    }
}

/// `/verify-email?token=…` shows a button that posts the token: following a
/// link (or a mail scanner prefetching it) never uses up the token by itself.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = query_param("token")();
    let resent = query_param("terkirim")().map(|_| VERIFY_RESENT.to_owned());
    view! {
        <PageMeta title="Verifikasi email" description="Verifikasi alamat email akun Tiranyx." path="/verify-email"/>
        <AuthCard title="Verifikasi email">
            {token.map(|token| view! {
                <form method="post" action="/verify-email" class="flex flex-col gap-4">
                    <FormStatus success={None::<String>}/>
                    <input type="hidden" name="token" value=token/>
                    <p class="text-slate-300">"Klik tombol di bawah untuk menyelesaikan verifikasi email kamu."</p>
                    <button type="submit" class="btn-primary">"Verifikasi email saya"</button>
                </form>
                <hr class="my-8 border-white/10"/>
            })}
            <h2 class="text-lg font-semibold text-white">"Belum menerima email?"</h2>
            <form method="post" action="/verify-email/resend" novalidate data-enhance="resend" class="mt-4 flex flex-col gap-5">
                <FormStatus success=resent/>
                <Field name="email" label="Email" kind=FieldKind::Email required=true autocomplete="email" maxlength=254/>
                <button type="submit" class="btn-ghost">"Kirim ulang tautan verifikasi"</button>
            </form>
        </AuthCard>
        <script src="/js/forms.js" defer></script>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(
            safe_next(Some("/dashboard/profile")).as_deref(),
            Some("/dashboard/profile")
        );
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("javascript:alert(1)")), None);
        assert_eq!(safe_next(None), None);
    }
}
