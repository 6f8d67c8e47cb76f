//! The one error pipeline of the app. Server functions, axum handlers and
//! plain form posts all answer with an [`AppError`]: a stable
//! [`ErrorCode`], a message from the one catalogue below, per-field
//! messages, and a wait for limits. The HTTP status comes from
//! [`ErrorCode::status`] and nowhere else; the JSON body is always
//! `{"error": code, "message", "fields"}`.
use serde::{Deserialize, Serialize};
use server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use std::collections::BTreeMap;

/// Stable, machine-readable error codes (snake_case in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request itself cannot be read (e.g. multipart without boundary).
    BadRequest,
    InvalidInput,
    NotFound,
    Conflict,
    Unauthorized,
    Forbidden,
    CrossSiteRequest,
    RateLimited,
    InvalidCredentials,
    EmailNotVerified,
    AccountLocked,
    AccountDisabled,
    TokenInvalid,
    CodeInvalid,
    SessionInvalid,
    /// A payment notification's signature does not verify.
    SignatureInvalid,
    /// A payment reports another amount than the order's.
    AmountMismatch,
    /// The order no longer waits for payment.
    OrderClosed,
    /// The order is not paid: it cannot be refunded, nor its receipt sent.
    OrderNotPaid,
    /// No licence has this key (licence API).
    LicenseNotFound,
    /// The licence has no activation with this instance id.
    InstanceNotFound,
    /// Every activation the licence allows is taken.
    ActivationLimitReached,
    /// The licence was disabled (refund, chargeback).
    LicenseDisabled,
    /// The licence is past its expiry.
    LicenseExpired,
    /// A download link is malformed or forged.
    LinkInvalid,
    /// A download link is past its expiry.
    LinkExpired,
    /// The purchase used every download its links allow.
    DownloadLimitReached,
    /// Not a username GitHub allows.
    GithubUsernameInvalid,
    /// Today's uses of a tool are used up (the message says until when and
    /// how to get more; `Retry-After` is the next midnight in Jakarta).
    ToolQuotaExceeded,
    /// A service order's quote is past its validity.
    QuoteExpired,
    /// A service order cannot take this step in its state.
    ServiceOrderState,
    /// The account is not an agency client (client portal).
    NotAClient,
    /// Ixonomic cannot be reached: the portal shows its last data only.
    IxonomicUnavailable,
    /// The deliverable no longer waits for a decision.
    DeliverableNotAwaiting,
    /// The invoice is not open for payment.
    InvoiceNotPayable,
    /// The AI writing assistant's provider is down, slow or refusing.
    AiUnavailable,
    /// The admin used today's AI assistant requests (`Retry-After`: the
    /// next midnight in Jakarta).
    AiLimitReached,
    Unavailable,
    /// This server is saturated; try again after `Retry-After`.
    Busy,
    Internal,
    /// The browser could not reach the server (never sent by the server).
    Transport,
}

/// The languages of the catalogue. Indonesian is the site's language;
/// another is added as a variant and a column in [`ErrorCode::message_in`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        use ErrorCode::*;
        match self {
            BadRequest | TokenInvalid => 400,
            InvalidInput | AmountMismatch | GithubUsernameInvalid => 422,
            NotFound | LicenseNotFound | InstanceNotFound | LinkInvalid => 404,
            LinkExpired => 410,
            Conflict
            | OrderClosed
            | OrderNotPaid
            | ActivationLimitReached
            | QuoteExpired
            | ServiceOrderState
            | DeliverableNotAwaiting
            | InvoiceNotPayable => 409,
            Unauthorized | InvalidCredentials | CodeInvalid | SessionInvalid | SignatureInvalid => {
                401
            }
            Forbidden | CrossSiteRequest | EmailNotVerified | AccountDisabled | LicenseDisabled
            | LicenseExpired | DownloadLimitReached | NotAClient => 403,
            RateLimited | AccountLocked | ToolQuotaExceeded | AiLimitReached => 429,
            Unavailable | IxonomicUnavailable | AiUnavailable | Busy | Transport => 503,
            Internal => 500,
        }
    }

    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            BadRequest => "bad_request",
            InvalidInput => "invalid_input",
            NotFound => "not_found",
            Conflict => "conflict",
            Unauthorized => "unauthorized",
            Forbidden => "forbidden",
            CrossSiteRequest => "cross_site_request",
            RateLimited => "rate_limited",
            InvalidCredentials => "invalid_credentials",
            EmailNotVerified => "email_not_verified",
            AccountLocked => "account_locked",
            AccountDisabled => "account_disabled",
            TokenInvalid => "token_invalid",
            CodeInvalid => "code_invalid",
            SessionInvalid => "session_invalid",
            SignatureInvalid => "signature_invalid",
            AmountMismatch => "amount_mismatch",
            OrderClosed => "order_closed",
            OrderNotPaid => "order_not_paid",
            LicenseNotFound => "license_not_found",
            InstanceNotFound => "instance_not_found",
            ActivationLimitReached => "activation_limit_reached",
            LicenseDisabled => "license_disabled",
            LicenseExpired => "license_expired",
            LinkInvalid => "link_invalid",
            LinkExpired => "link_expired",
            DownloadLimitReached => "download_limit_reached",
            GithubUsernameInvalid => "github_username_invalid",
            ToolQuotaExceeded => "tool_quota_exceeded",
            QuoteExpired => "quote_expired",
            ServiceOrderState => "service_order_state",
            NotAClient => "not_a_client",
            IxonomicUnavailable => "ixonomic_unavailable",
            DeliverableNotAwaiting => "deliverable_not_awaiting",
            InvoiceNotPayable => "invoice_not_payable",
            AiUnavailable => "ai_unavailable",
            AiLimitReached => "ai_limit_reached",
            Unavailable => "unavailable",
            Busy => "busy",
            Internal => "internal",
            Transport => "transport",
        }
    }

    /// The catalogue: what a person reads for each code.
    pub fn message_in(self, lang: Lang) -> &'static str {
        use ErrorCode::*;
        match (lang, self) {
            (Lang::Id, BadRequest) => "Permintaan tidak dapat dibaca.",
            (Lang::Id, InvalidInput) => "Periksa kembali isian yang ditandai.",
            (Lang::Id, NotFound) => "Halaman atau data yang kamu cari tidak ditemukan.",
            (Lang::Id, Conflict) => "Data ini sudah dipakai.",
            (Lang::Id, Unauthorized) => "Silakan masuk terlebih dahulu.",
            (Lang::Id, Forbidden) => "Permintaan ditolak.",
            (Lang::Id, CrossSiteRequest) => "Permintaan dari situs lain ditolak.",
            (Lang::Id, RateLimited) => "Terlalu banyak permintaan. Coba lagi sebentar lagi.",
            (Lang::Id, InvalidCredentials) => "Email atau kata sandi salah.",
            (Lang::Id, EmailNotVerified) => {
                "Email kamu belum diverifikasi. Cek kotak masuk, atau kirim ulang tautan verifikasi."
            }
            (Lang::Id, AccountLocked) => {
                "Terlalu banyak percobaan gagal. Coba lagi sebentar lagi."
            }
            (Lang::Id, AccountDisabled) => {
                "Akun ini dinonaktifkan. Hubungi kami bila menurutmu ini keliru."
            }
            (Lang::Id, TokenInvalid) => {
                "Tautan ini tidak valid atau sudah kedaluwarsa. Minta tautan baru."
            }
            (Lang::Id, CodeInvalid) => "Kode verifikasi salah atau sudah dipakai.",
            (Lang::Id, SessionInvalid) => {
                "Sesi masuk sudah berakhir. Masukkan email dan kata sandi lagi."
            }
            (Lang::Id, SignatureInvalid) => "Tanda tangan notifikasi tidak valid.",
            (Lang::Id, AmountMismatch) => "Jumlah pembayaran tidak sama dengan tagihan pesanan.",
            (Lang::Id, OrderClosed) => {
                "Pesanan ini tidak lagi menunggu pembayaran. Lihat statusnya di halaman pesanan."
            }
            (Lang::Id, OrderNotPaid) => {
                "Pesanan ini belum dibayar (atau sudah dikembalikan), jadi tindakan ini tidak bisa dilakukan."
            }
            (Lang::Id, LicenseNotFound) => "Kunci lisensi tidak dikenal. Periksa lagi penulisannya.",
            (Lang::Id, InstanceNotFound) => {
                "Aktivasi ini tidak ditemukan pada lisensi tersebut (mungkin sudah dilepas)."
            }
            (Lang::Id, ActivationLimitReached) => {
                "Batas aktivasi lisensi ini sudah tercapai. Lepas aktivasi lama dari dashboard (menu Unduhan), lalu coba lagi."
            }
            (Lang::Id, LicenseDisabled) => {
                "Lisensi ini dinonaktifkan (misalnya karena pembayarannya dikembalikan). Hubungi kami bila menurutmu ini keliru."
            }
            (Lang::Id, LicenseExpired) => "Masa berlaku lisensi ini sudah habis.",
            (Lang::Id, LinkInvalid) => {
                "Tautan unduhan ini tidak valid. Ambil tautan baru dari dashboard (menu Unduhan)."
            }
            (Lang::Id, LinkExpired) => {
                "Tautan unduhan ini sudah kedaluwarsa. Ambil tautan baru dari dashboard (menu Unduhan)."
            }
            (Lang::Id, GithubUsernameInvalid) => {
                "Username GitHub tidak valid: 1–39 huruf, angka, atau tanda hubung (-) tunggal, tidak diawali atau diakhiri tanda hubung."
            }
            (Lang::Id, ToolQuotaExceeded) => {
                "Jatah harian alat ini sudah habis. Jatah kembali penuh pukul 00.00 WIB."
            }
            (Lang::Id, DownloadLimitReached) => {
                "Batas unduhan untuk pembelian ini sudah tercapai. Hubungi kami bila kamu butuh mengunduh lagi."
            }
            (Lang::Id, QuoteExpired) => {
                "Masa berlaku penawaran ini sudah habis. Minta penawaran baru kepada kami."
            }
            (Lang::Id, ServiceOrderState) => {
                "Langkah ini tidak bisa dilakukan pada status pesanan layanan saat ini. Muat ulang halaman untuk melihat statusnya."
            }
            (Lang::Id, NotAClient) => {
                "Akun ini belum terdaftar sebagai klien agensi. Hubungi tim Tiranyx bila kamu klien kami."
            }
            (Lang::Id, IxonomicUnavailable) => {
                "Sistem proyek kami sedang tidak dapat dihubungi, jadi data yang tampil adalah data terakhir dan persetujuan atau pembayaran belum bisa dilakukan. Coba lagi beberapa menit lagi."
            }
            (Lang::Id, DeliverableNotAwaiting) => {
                "Hasil kerja ini tidak lagi menunggu keputusanmu. Muat ulang halaman untuk melihat statusnya."
            }
            (Lang::Id, InvoiceNotPayable) => {
                "Tagihan ini tidak bisa dibayar (sudah lunas atau dibatalkan). Muat ulang halaman untuk melihat statusnya."
            }
            (Lang::Id, AiUnavailable) => "Layanan AI sedang tidak tersedia, coba lagi nanti.",
            (Lang::Id, AiLimitReached) => {
                "Jatah harian asisten AI kamu sudah habis. Jatah kembali penuh pukul 00.00 WIB."
            }
            (Lang::Id, Unavailable) => {
                "Layanan yang dibutuhkan sedang tidak dapat dihubungi. Coba lagi sebentar lagi."
            }
            (Lang::Id, Busy) => "Server sedang sangat sibuk. Coba lagi beberapa detik lagi.",
            (Lang::Id, Internal) => {
                "Terjadi gangguan di server kami. Silakan coba lagi sebentar lagi."
            }
            (Lang::Id, Transport) => {
                "Tidak dapat menghubungi server. Periksa koneksi internetmu lalu coba lagi."
            }
        }
    }

    pub fn message(self) -> &'static str {
        self.message_in(Lang::default())
    }

    /// The code named `s` (see [`Self::as_str`]), e.g. from a redirect's
    /// query after a refused form post.
    pub fn parse(s: &str) -> Option<Self> {
        use serde::de::{value::StrDeserializer, Error};
        #[derive(Debug)]
        struct Unknown;
        impl std::fmt::Display for Unknown {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("unknown code")
            }
        }
        impl std::error::Error for Unknown {}
        impl Error for Unknown {
            fn custom<T: std::fmt::Display>(_: T) -> Self {
                Unknown
            }
        }
        Self::deserialize(StrDeserializer::<Unknown>::new(s)).ok()
    }
}

/// The message for a taken unique value, by form field.
pub fn taken_message(field: &str) -> &'static str {
    match field {
        "slug" => "Slug sudah dipakai konten lain. Ganti slug-nya.",
        "email" => "Email ini sudah dipakai akun lain.",
        "ixonomic_client_id" => "ID klien Ixonomic ini sudah dipakai akun lain.",
        _ => "Nilai ini sudah dipakai.",
    }
}

/// "… Coba lagi dalam N menit." for a wait.
pub fn wait_message(code: ErrorCode, wait_secs: u64) -> String {
    let minutes = wait_secs.div_ceil(60).max(1);
    match code {
        ErrorCode::AccountLocked => {
            format!("Terlalu banyak percobaan gagal. Coba lagi dalam {minutes} menit.")
        }
        _ => format!("Terlalu banyak pengiriman dari alamat ini. Coba lagi dalam {minutes} menit."),
    }
}

/// Over a tool's daily quota: what resets when (the next midnight in
/// Jakarta) and how to get more, by plan.
#[cfg(feature = "ssr")]
pub fn quota_message(
    plan: domain::tools::Plan,
    resets_at: chrono::DateTime<chrono::Utc>,
) -> String {
    use domain::tools::Plan;
    let more = match plan {
        Plan::Guest => {
            "Masuk atau daftar gratis untuk jatah harian yang lebih besar, atau beli Tools Pass untuk jatah terbesar."
        }
        Plan::Member => "Beli Tools Pass untuk jatah harian yang jauh lebih besar.",
        Plan::Pass => "Ini jatah terbesar Tools Pass; butuh lebih? Hubungi kami.",
    };
    format!(
        "Jatah harian alat ini untuk paket {} sudah habis. Jatah kembali penuh pada {} (tengah malam WIB). {more}",
        plan.label(),
        domain::jakarta::waktu(resets_at)
    )
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", schema(as = Error))]
pub struct AppError {
    /// The stable code clients branch on.
    pub error: ErrorCode,
    /// What a person reads.
    pub message: String,
    /// Per-field messages, keyed by the form field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Seconds to wait before trying again (limits and locks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

/// One line for a person: the field messages when there are any (a screen
/// that shows them by field uses `fields` instead), else the message.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.summary())
    }
}

impl std::error::Error for AppError {}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        AppError::new(code)
    }
}

impl AppError {
    /// `code` with its catalogue message.
    pub fn new(code: ErrorCode) -> Self {
        AppError {
            error: code,
            message: code.message().to_owned(),
            fields: BTreeMap::new(),
            retry_after: None,
        }
    }

    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound)
    }

    pub fn unauthorized() -> Self {
        Self::new(ErrorCode::Unauthorized)
    }

    pub fn internal() -> Self {
        Self::new(ErrorCode::Internal)
    }

    /// Invalid input with a message about the whole request.
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError {
            message: message.into(),
            ..Self::new(ErrorCode::InvalidInput)
        }
    }

    /// Invalid input with one message per field.
    pub fn fields(fields: BTreeMap<String, String>) -> Self {
        AppError {
            fields,
            ..Self::new(ErrorCode::InvalidInput)
        }
    }

    /// A limit was hit: wait `wait_secs` (at least one second).
    pub fn limited(code: ErrorCode, wait_secs: u64) -> Self {
        AppError {
            message: wait_message(code, wait_secs),
            retry_after: Some(wait_secs.max(1)),
            ..Self::new(code)
        }
    }

    pub fn status(&self) -> u16 {
        self.error.status()
    }

    pub fn code(&self) -> &'static str {
        self.error.as_str()
    }

    /// The whole message for one line of UI: the field messages when
    /// there are any, else the message.
    pub fn summary(&self) -> String {
        if self.fields.is_empty() {
            self.message.clone()
        } else {
            self.fields.values().cloned().collect::<Vec<_>>().join(" ")
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                AppError::invalid(format!(
                    "Permintaan tidak dapat dibaca: {}",
                    m.chars().take(200).collect::<String>()
                ))
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => {
                AppError::new(ErrorCode::Transport)
            }
            _ => AppError::internal(),
        }
    }

    /// Also gives the server function's response its status, directly
    /// (the serialisation runs inside the server function's request).
    fn ser(&self) -> server_fn::Bytes {
        #[cfg(feature = "ssr")]
        if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(
                http::StatusCode::from_u16(self.status())
                    .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            );
            if let Some(secs) = self.retry_after {
                options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
            }
        }
        <JsonEncoding as server_fn::Encodes<Self>>::encode(self).unwrap_or_else(|_| {
            server_fn::Bytes::from_static(
                br#"{"error":"internal","message":"Terjadi gangguan di server kami."}"#,
            )
        })
    }
}

/// Handlers' errors and rejections answer like server functions: the
/// status of [`ErrorCode::status`], `Retry-After` when set, and the JSON.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let retry = self.retry_after;
        let mut res = (status, axum::Json(self)).into_response();
        if let Some(secs) = retry {
            res.headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
        res
    }
}

/// The one mapping from the domain's errors. Database and internal errors
/// are logged here, once, and shown as a calm message.
#[cfg(feature = "ssr")]
impl From<domain::DomainError> for AppError {
    fn from(e: domain::DomainError) -> Self {
        use domain::{DomainError as D, Refusal as R};
        match e {
            D::Invalid(f) => {
                AppError::fields(f.0.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }
            D::NotFound => AppError::not_found(),
            D::Conflict { field } => AppError {
                fields: BTreeMap::from([(field.to_owned(), taken_message(field).to_owned())]),
                ..AppError::new(ErrorCode::Conflict)
            },
            D::Refused(R::Locked { until }) => {
                let wait = (until - chrono::Utc::now()).num_seconds().max(1) as u64;
                AppError::limited(ErrorCode::AccountLocked, wait)
            }
            D::Refused(R::ToolQuotaExceeded { plan, resets_at }) => {
                let wait = (resets_at - chrono::Utc::now()).num_seconds().max(1) as u64;
                AppError {
                    message: quota_message(plan, resets_at),
                    retry_after: Some(wait),
                    ..AppError::new(ErrorCode::ToolQuotaExceeded)
                }
            }
            D::Refused(R::AiLimitReached { limit, resets_at }) => {
                let wait = (resets_at - chrono::Utc::now()).num_seconds().max(1) as u64;
                AppError {
                    message: format!(
                        "Jatah harian asisten AI kamu ({limit} permintaan per hari) sudah habis. Jatah kembali penuh pada {} (tengah malam WIB).",
                        domain::jakarta::waktu(resets_at)
                    ),
                    retry_after: Some(wait),
                    ..AppError::new(ErrorCode::AiLimitReached)
                }
            }
            D::Refused(r) => AppError::new(match r {
                R::InvalidCredentials => ErrorCode::InvalidCredentials,
                R::EmailNotVerified => ErrorCode::EmailNotVerified,
                R::TokenInvalid => ErrorCode::TokenInvalid,
                R::AccountDisabled => ErrorCode::AccountDisabled,
                R::CodeInvalid => ErrorCode::CodeInvalid,
                R::SessionInvalid => ErrorCode::SessionInvalid,
                R::SignatureInvalid => ErrorCode::SignatureInvalid,
                R::AmountMismatch => ErrorCode::AmountMismatch,
                R::OrderClosed => ErrorCode::OrderClosed,
                R::OrderNotPaid => ErrorCode::OrderNotPaid,
                R::LicenseNotFound => ErrorCode::LicenseNotFound,
                R::InstanceNotFound => ErrorCode::InstanceNotFound,
                R::ActivationLimitReached => ErrorCode::ActivationLimitReached,
                R::LicenseDisabled => ErrorCode::LicenseDisabled,
                R::LicenseExpired => ErrorCode::LicenseExpired,
                R::LinkInvalid => ErrorCode::LinkInvalid,
                R::LinkExpired => ErrorCode::LinkExpired,
                R::DownloadLimitReached => ErrorCode::DownloadLimitReached,
                R::GithubUsernameInvalid => ErrorCode::GithubUsernameInvalid,
                R::QuoteExpired => ErrorCode::QuoteExpired,
                R::ServiceOrderState => ErrorCode::ServiceOrderState,
                R::NotAClient => ErrorCode::NotAClient,
                R::IxonomicUnavailable => ErrorCode::IxonomicUnavailable,
                R::DeliverableNotAwaiting => ErrorCode::DeliverableNotAwaiting,
                R::InvoiceNotPayable => ErrorCode::InvoiceNotPayable,
                R::Locked { .. } => ErrorCode::AccountLocked,
                R::ToolQuotaExceeded { .. } => ErrorCode::ToolQuotaExceeded,
                R::AiUnavailable => ErrorCode::AiUnavailable,
                R::AiLimitReached { .. } => ErrorCode::AiLimitReached,
            }),
            D::Busy { retry_after_secs } => AppError {
                retry_after: Some(retry_after_secs.max(1)),
                ..AppError::new(ErrorCode::Busy)
            },
            D::Unavailable(detail) => {
                tracing::warn!(%detail, "outside service unavailable");
                AppError::new(ErrorCode::Unavailable)
            }
            other @ (D::Db(_) | D::Internal(_)) => {
                tracing::error!(error = %other, "domain error");
                AppError::internal()
            }
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_busy_server_answers_503_with_retry_after() {
        let e = AppError::from(domain::DomainError::Busy {
            retry_after_secs: 5,
        });
        assert_eq!(
            (e.error, e.status(), e.retry_after),
            (ErrorCode::Busy, 503, Some(5))
        );
        let res = axum::response::IntoResponse::into_response(e);
        assert_eq!(res.status(), 503);
        assert_eq!(res.headers()[http::header::RETRY_AFTER], "5");
    }

    #[test]
    fn over_a_tool_quota_is_429_until_midnight_in_jakarta() {
        let resets_at = chrono::Utc::now() + chrono::Duration::hours(3);
        let e = AppError::from(domain::DomainError::from(
            domain::Refusal::ToolQuotaExceeded {
                plan: domain::tools::Plan::Guest,
                resets_at,
            },
        ));
        assert_eq!((e.error, e.status()), (ErrorCode::ToolQuotaExceeded, 429));
        assert!((3 * 3600 - 5..=3 * 3600).contains(&e.retry_after.unwrap()));
        assert!(
            e.message.contains(&domain::jakarta::waktu(resets_at)),
            "{}",
            e.message
        );
        assert!(e.message.contains("Masuk atau daftar") && e.message.contains("Tools Pass"));
    }

    #[test]
    fn json_is_the_documented_shape() {
        let mut e = AppError::fields(BTreeMap::from([(
            "email".into(),
            "Email wajib diisi.".into(),
        )]));
        e.retry_after = None;
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["error"], "invalid_input");
        assert_eq!(v["message"], "Periksa kembali isian yang ditandai.");
        assert_eq!(v["fields"]["email"], "Email wajib diisi.");
        assert_eq!(serde_json::from_value::<AppError>(v).unwrap(), e);
        let nf = serde_json::to_value(AppError::not_found()).unwrap();
        assert_eq!(
            nf,
            serde_json::json!({"error": "not_found", "message": ErrorCode::NotFound.message()})
        );
    }

    #[test]
    fn every_code_has_a_status_a_name_and_a_message() {
        use ErrorCode::*;
        for c in [
            InvalidInput,
            NotFound,
            Conflict,
            Unauthorized,
            Forbidden,
            CrossSiteRequest,
            RateLimited,
            InvalidCredentials,
            EmailNotVerified,
            AccountLocked,
            AccountDisabled,
            TokenInvalid,
            CodeInvalid,
            SessionInvalid,
            OrderClosed,
            OrderNotPaid,
            LicenseNotFound,
            InstanceNotFound,
            ActivationLimitReached,
            LicenseDisabled,
            LicenseExpired,
            LinkInvalid,
            LinkExpired,
            DownloadLimitReached,
            GithubUsernameInvalid,
            ToolQuotaExceeded,
            QuoteExpired,
            ServiceOrderState,
            AiUnavailable,
            AiLimitReached,
            Unavailable,
            Internal,
            Transport,
        ] {
            assert!((400..600).contains(&c.status()));
            let json = serde_json::to_value(c).unwrap();
            assert_eq!(json, c.as_str());
            assert!(!c.message().is_empty());
        }
    }
}
