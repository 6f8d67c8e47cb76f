//! The shapes of the Ixonomic API as this site consumes them; the
//! contract itself is `contracts/ixonomic.openapi.yaml` (the API is
//! private, so the repository keeps what we rely on). The client, the
//! development simulator and the test fakes all use these types.
//!
//! Every list answer is `{"data": [...]}`, every error
//! `{"error": {"code", "message"}}`. Dates are `YYYY-MM-DD` (Jakarta
//! calendar days), instants RFC 3339. Amounts are whole Rupiah.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// `{"data": …}`, the envelope of every successful answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub data: T,
}

/// `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Planning,
    InProgress,
    Review,
    OnHold,
    Completed,
}

/// `GET /projects?client_id=`: one of the client's projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    pub client_id: String,
    pub name: String,
    pub status: ProjectStatus,
    pub summary: String,
    pub started_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    /// 0–100.
    pub progress_percent: u8,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    Pending,
    InProgress,
    Done,
}

/// `GET /projects/{id}/milestones`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub status: MilestoneStatus,
    pub due_on: Option<NaiveDate>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliverableStatus {
    InProgress,
    AwaitingApproval,
    Approved,
    ChangesRequested,
}

/// `GET /projects/{id}/deliverables`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliverable {
    pub id: String,
    pub project_id: String,
    pub title: String,
    pub description: String,
    /// Where the client previews it (staging site, design file), if any.
    pub preview_url: Option<String>,
    pub status: DeliverableStatus,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The client's comment with a change request.
    pub client_comment: Option<String>,
}

/// What a client decides on a deliverable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Approve,
    RequestChanges,
}

/// `POST /projects/{id}/approve` (header `Idempotency-Key`): answered
/// with the decided [`Deliverable`]; the same key again gets the same
/// answer and decides nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRequest {
    pub client_id: String,
    pub deliverable_id: String,
    pub decision: DecisionKind,
    /// Required with `request_changes`.
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Unpaid,
    Overdue,
    Paid,
    Void,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceItem {
    pub description: String,
    pub quantity: u32,
    /// Whole Rupiah.
    pub unit_price: i64,
    pub total: i64,
}

/// `GET /invoices?client_id=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub id: String,
    pub client_id: String,
    pub project_id: Option<String>,
    /// The agency's invoice number ("IXN/2026/0042").
    pub number: String,
    pub status: InvoiceStatus,
    /// Always "IDR".
    pub currency: String,
    /// Whole Rupiah.
    pub amount: i64,
    pub issued_on: NaiveDate,
    pub due_on: NaiveDate,
    pub paid_at: Option<DateTime<Utc>>,
    pub items: Vec<InvoiceItem>,
}
