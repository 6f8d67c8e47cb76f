//! The domain's one error shape. Every use case returns [`DomainError`];
//! the app maps it once to an HTTP status, a stable code and a message
//! from its catalogue (`app::error`). The `#[error]` texts here are for
//! logs, in English; what a person reads comes from the catalogue, except
//! field messages, which are written where the field is validated.
use crate::forms::FieldErrors;
use chrono::{DateTime, Utc};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum DomainError {
    /// Per-field messages (Indonesian), keyed by the form field name.
    #[error("invalid input: {0:?}")]
    Invalid(FieldErrors),
    #[error("not found")]
    NotFound,
    /// A value that must be unique is taken; `field` is the form field.
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
    /// The rules say no, for a reason the person is told.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// An outside service (SMTP, a payment provider …) cannot be reached.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// This server is saturated (e.g. the password-hashing queue is full);
    /// the client should retry after `retry_after_secs`.
    #[error("busy; retry after {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error("database error: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// A broken invariant or a bug; logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Why a request was refused. Each has a stable code and a message in the
/// app's catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Unknown e-mail or wrong password: one answer for both.
    InvalidCredentials,
    EmailNotVerified,
    /// Too many failures; try again after `until`.
    Locked {
        until: DateTime<Utc>,
    },
    /// A link's token is unknown, used or expired.
    TokenInvalid,
    AccountDisabled,
    /// A second-factor code is wrong or was used before.
    CodeInvalid,
    /// The (admin) session ended or never was.
    SessionInvalid,
    /// A payment notification's signature does not verify.
    SignatureInvalid,
    /// A payment reports another amount than the order's.
    AmountMismatch,
    /// The order is no longer waiting for payment (paid, expired, cancelled).
    OrderClosed,
    /// The order is not paid (or fulfilled): nothing to refund, no
    /// receipt to send again.
    OrderNotPaid,
    /// No licence has this key (or the key is malformed).
    LicenseNotFound,
    /// The licence has no activation with this instance id.
    InstanceNotFound,
    /// Every activation the licence allows is taken.
    ActivationLimitReached,
    /// The licence was switched off (refund, chargeback, an admin).
    LicenseDisabled,
    /// The licence is past its `expires_at`.
    LicenseExpired,
    /// A download link is malformed or its signature does not verify.
    LinkInvalid,
    /// A download link is past its expiry.
    LinkExpired,
    /// The purchase used every download its links allow.
    DownloadLimitReached,
    /// Not a username GitHub allows.
    GithubUsernameInvalid,
    /// Today's uses of a tool on this plan are used up; they start again
    /// at `resets_at` (the next midnight in Jakarta).
    ToolQuotaExceeded {
        plan: crate::tools::Plan,
        resets_at: DateTime<Utc>,
    },
    /// A service order's quote is past its validity: ask for a new one.
    QuoteExpired,
    /// A service order cannot take this step in its state (quoting twice,
    /// approving before delivery, …).
    ServiceOrderState,
    /// The account is a member, not an agency client (or has no Ixonomic
    /// client id yet).
    NotAClient,
    /// Ixonomic cannot be reached now: the portal shows its last good data
    /// and refuses what needs a live answer (approving, paying).
    IxonomicUnavailable,
    /// Ixonomic says the deliverable no longer waits for a decision.
    DeliverableNotAwaiting,
    /// The invoice is not open for payment (paid, void).
    InvoiceNotPayable,
    /// The AI provider cannot be reached, is slow or refuses us now (the
    /// request was not counted against the daily limit).
    AiUnavailable,
    /// The admin used today's AI assistant requests; they start again at
    /// `resets_at` (the next midnight in Jakarta).
    AiLimitReached {
        limit: u32,
        resets_at: DateTime<Utc>,
    },
}

impl DomainError {
    /// One field's message.
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        DomainError::Invalid(errors)
    }

    /// The field errors, when this is `Invalid`.
    pub fn fields(&self) -> Option<&FieldErrors> {
        match self {
            DomainError::Invalid(f) => Some(f),
            _ => None,
        }
    }
}

impl From<Refusal> for DomainError {
    fn from(r: Refusal) -> Self {
        DomainError::Refused(r)
    }
}

pub type DomainResult<T> = Result<T, DomainError>;
