use thiserror::Error;

/// Errors of the domain layer. Callers map them once to an HTTP status and a
/// user-facing message; the database detail is logged, never shown.
#[derive(Debug, Error)]
pub enum DomainError {
    #[error("tidak ditemukan")]
    NotFound,
    #[error("data tidak valid: {0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("demo content is malformed: {0}")]
    DemoContent(String),
}

pub type DomainResult<T> = Result<T, DomainError>;
