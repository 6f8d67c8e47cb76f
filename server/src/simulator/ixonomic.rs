//! Ixonomic's stand-in for development (see `simulator`): the five calls
//! of `contracts/ixonomic.openapi.yaml`, with the configured bearer key
//! (`IXONOMIC_API_KEY`, by default the public simulator key). Every client
//! id gets its own Indonesian demo data, made the first time it is asked
//! for and the same for the same id: three projects (one finished), their
//! milestones around today, deliverables waiting for approval with a
//! preview link, and invoices (one paid, two open). Ids carry a hash of
//! the client, so one client's ids never appear in another's lists.
//! Decisions change the client's data in memory and answer a repeated
//! `Idempotency-Key` with the first answer.
//!
//! To see the portal's stale pages: `curl -X POST
//! 'http://127.0.0.1:3000/_dev/ixonomic/_fault?mode=down'` (every call
//! 503), `mode=slow` (answers after 5 s, past the client's timeout), then
//! `mode=ok`.
use crate::AppState;
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Extension, Json, Router,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::clients::ixonomic::{contract::*, SIMULATOR_API};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{json, Value};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Fault {
    #[default]
    Ok,
    Down,
    Slow,
}

#[derive(Default)]
struct Book {
    projects: Vec<Project>,
    milestones: Vec<Milestone>,
    deliverables: Vec<Deliverable>,
    invoices: Vec<Invoice>,
}

#[derive(Default)]
struct Data {
    clients: HashMap<String, Book>,
    /// Which client a project id belongs to.
    owners: HashMap<String, String>,
    /// The first answer to each (client id, `Idempotency-Key`).
    decisions: HashMap<(String, String), (StatusCode, Value)>,
    fault: Fault,
}

#[derive(Default, Clone)]
struct Sim(Arc<Mutex<Data>>);

impl Sim {
    fn with<T>(&self, f: impl FnOnce(&mut Data) -> T) -> T {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("{SIMULATOR_API}/projects"), get(projects))
        .route(
            &format!("{SIMULATOR_API}/projects/{{id}}/milestones"),
            get(milestones),
        )
        .route(
            &format!("{SIMULATOR_API}/projects/{{id}}/deliverables"),
            get(deliverables),
        )
        .route(
            &format!("{SIMULATOR_API}/projects/{{id}}/approve"),
            post(approve),
        )
        .route(&format!("{SIMULATOR_API}/invoices"), get(invoices))
        .route(&format!("{SIMULATOR_API}/_fault"), post(fault))
        .layer(Extension(Sim::default()))
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.into(),
            message: message.into(),
        },
    };
    (status, Json(body)).into_response()
}

fn data<T: serde::Serialize>(value: T) -> Response {
    Json(Envelope { data: value }).into_response()
}

/// The fault switch, then `Authorization: Bearer <IXONOMIC_API_KEY>`.
async fn gate(sim: &Sim, state: &AppState, headers: &HeaderMap) -> Option<Response> {
    match sim.with(|d| d.fault) {
        Fault::Down => {
            return Some(error(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Ixonomic sedang dalam pemeliharaan (simulasi).",
            ))
        }
        Fault::Slow => tokio::time::sleep(std::time::Duration::from_secs(5)).await,
        Fault::Ok => {}
    }
    let expected = state.server.config.ixonomic_api_key.as_ref();
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let ok = matches!((expected, given), (Some(k), Some(v)) if v == format!("Bearer {}", k.expose_secret()));
    (!ok).then(|| error(StatusCode::UNAUTHORIZED, "unauthorized", "Invalid API key."))
}

#[derive(Deserialize)]
struct ClientQuery {
    client_id: Option<String>,
}

/// `?client_id=`, or the 422 that says it is missing.
fn client_id(q: ClientQuery) -> Option<String> {
    q.client_id.filter(|c| !c.is_empty() && c.len() <= 64)
}

fn no_client_id() -> Response {
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_request",
        "client_id is required.",
    )
}

async fn projects(
    State(state): State<AppState>,
    Extension(sim): Extension<Sim>,
    Query(q): Query<ClientQuery>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = gate(&sim, &state, &headers).await {
        return refused;
    }
    match client_id(q) {
        Some(c) => sim.with(|d| data(&book(d, &c).projects)),
        None => no_client_id(),
    }
}

async fn invoices(
    State(state): State<AppState>,
    Extension(sim): Extension<Sim>,
    Query(q): Query<ClientQuery>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = gate(&sim, &state, &headers).await {
        return refused;
    }
    match client_id(q) {
        Some(c) => sim.with(|d| data(&book(d, &c).invoices)),
        None => no_client_id(),
    }
}

fn unknown_project() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "Unknown project.")
}

/// The book of the client who owns project `id`, if any.
fn owner_book<'a>(d: &'a mut Data, id: &str) -> Option<&'a mut Book> {
    let client = d.owners.get(id)?.clone();
    d.clients.get_mut(&client)
}

async fn milestones(
    State(state): State<AppState>,
    Extension(sim): Extension<Sim>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = gate(&sim, &state, &headers).await {
        return refused;
    }
    sim.with(|d| match owner_book(d, &id) {
        Some(b) => data(
            b.milestones
                .iter()
                .filter(|m| m.project_id == id)
                .collect::<Vec<_>>(),
        ),
        None => unknown_project(),
    })
}

async fn deliverables(
    State(state): State<AppState>,
    Extension(sim): Extension<Sim>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = gate(&sim, &state, &headers).await {
        return refused;
    }
    sim.with(|d| match owner_book(d, &id) {
        Some(b) => data(
            b.deliverables
                .iter()
                .filter(|x| x.project_id == id)
                .collect::<Vec<_>>(),
        ),
        None => unknown_project(),
    })
}

async fn approve(
    State(state): State<AppState>,
    Extension(sim): Extension<Sim>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = gate(&sim, &state, &headers).await {
        return refused;
    }
    let invalid = |m: &str| error(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", m);
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .filter(|k| {
            (16..=80).contains(&k.len())
                && k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    let Some(key) = key else {
        return invalid("Idempotency-Key is required (16-80 of A-Z a-z 0-9 _ -).");
    };
    let Ok(req) = serde_json::from_slice::<DecisionRequest>(&body) else {
        return invalid("The body is not a decision.");
    };
    sim.with(|d| {
        let slot = (req.client_id.clone(), key.to_owned());
        if let Some((status, body)) = d.decisions.get(&slot) {
            return (*status, Json(body.clone())).into_response();
        }
        let (status, body) = decide(d, &id, &req);
        d.decisions.insert(slot, (status, body.clone()));
        (status, Json(body)).into_response()
    })
}

/// A decision's first answer (kept for its idempotency key).
fn decide(d: &mut Data, project_id: &str, req: &DecisionRequest) -> (StatusCode, Value) {
    let err = |status: StatusCode, code: &str, message: &str| {
        (status, json!({"error": {"code": code, "message": message}}))
    };
    let comment = req
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if req.decision == DecisionKind::RequestChanges && comment.is_none_or(|c| c.chars().count() < 5)
    {
        let m = "comment is required with request_changes.";
        return err(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", m);
    }
    let b = book(d, &req.client_id);
    let owned = b.projects.iter().any(|p| p.id == project_id);
    let found = b
        .deliverables
        .iter_mut()
        .find(|x| x.project_id == project_id && x.id == req.deliverable_id);
    let Some(deliverable) = found.filter(|_| owned) else {
        return err(
            StatusCode::NOT_FOUND,
            "not_found",
            "Unknown project or deliverable.",
        );
    };
    if deliverable.status != DeliverableStatus::AwaitingApproval {
        let m = "Deliverable ini tidak sedang menunggu persetujuan.";
        return err(StatusCode::CONFLICT, "not_awaiting_approval", m);
    }
    deliverable.status = match req.decision {
        DecisionKind::Approve => DeliverableStatus::Approved,
        DecisionKind::RequestChanges => DeliverableStatus::ChangesRequested,
    };
    deliverable.decided_at = Some(Utc::now());
    deliverable.client_comment = comment.map(str::to_owned);
    (StatusCode::OK, json!({ "data": deliverable }))
}

#[derive(Deserialize)]
struct FaultQuery {
    mode: String,
}

/// `POST …/_fault?mode=down|slow|ok`.
async fn fault(Extension(sim): Extension<Sim>, Query(q): Query<FaultQuery>) -> Response {
    let mode = match q.mode.as_str() {
        "ok" => Fault::Ok,
        "down" => Fault::Down,
        "slow" => Fault::Slow,
        _ => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_request",
                "mode: ok, down or slow.",
            )
        }
    };
    sim.with(|d| d.fault = mode);
    Json(json!({ "mode": q.mode })).into_response()
}

/// FNV-1a: a stable short tag per client (no randomness, no new crate).
fn tag(client_id: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in client_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", (h >> 32) ^ (h & 0xffff_ffff))
}

/// The client's book, made on first sight.
fn book<'a>(d: &'a mut Data, client_id: &str) -> &'a mut Book {
    let Data {
        clients, owners, ..
    } = d;
    clients.entry(client_id.to_owned()).or_insert_with(|| {
        let b = demo_book(client_id, Utc::now());
        for p in &b.projects {
            owners.insert(p.id.clone(), client_id.to_owned());
        }
        b
    })
}

fn demo_book(client_id: &str, now: DateTime<Utc>) -> Book {
    let t = tag(client_id);
    let today = domain::jakarta::date(now);
    let on = |days: i64| -> NaiveDate { today + Duration::days(days) };
    let at = |days: i64| -> DateTime<Utc> { now + Duration::days(days) };
    let pid = |n: u8| format!("PRJ-{t}-{n}");
    let project = |n: u8, name: &str, status, summary: &str, start: i64, due: i64, pct| Project {
        id: pid(n),
        client_id: client_id.to_owned(),
        name: name.into(),
        status,
        summary: summary.into(),
        started_on: Some(on(start)),
        due_on: Some(on(due)),
        progress_percent: pct,
        updated_at: at(-1),
    };
    let projects = vec![
        project(
            1,
            "Redesain Website Toko Batik Sekar",
            ProjectStatus::InProgress,
            "Tampilan baru toko daring batik tulis Solo: katalog, keranjang dan pembayaran QRIS.",
            -30,
            21,
            60,
        ),
        project(
            2,
            "Aplikasi Kasir UMKM",
            ProjectStatus::Review,
            "Aplikasi kasir Android untuk tiga gerai: stok, struk, dan laporan harian.",
            -60,
            7,
            85,
        ),
        project(
            3,
            "Kampanye SEO Kopi Nusantara",
            ProjectStatus::Completed,
            "Optimasi mesin pencari dan konten blog untuk kopi single origin.",
            -120,
            -10,
            100,
        ),
    ];
    let m = |p: u8, n: u8, title: &str, status, due: i64| Milestone {
        id: format!("MLS-{t}-{p}{n}"),
        project_id: pid(p),
        title: title.into(),
        status,
        due_on: Some(on(due)),
        completed_at: (status == MilestoneStatus::Done).then(|| at(due)),
    };
    use MilestoneStatus::{Done, InProgress, Pending};
    let milestones = vec![
        m(1, 1, "Riset pengguna & wireframe", Done, -20),
        m(1, 2, "Desain UI beranda & katalog", InProgress, 3),
        m(1, 3, "Pengembangan & uji coba", Pending, 14),
        m(1, 4, "Peluncuran situs", Pending, 21),
        m(2, 1, "Analisis kebutuhan gerai", Done, -45),
        m(2, 2, "MVP kasir & stok", Done, -10),
        m(2, 3, "Uji pengguna di tiga gerai", InProgress, 2),
        m(2, 4, "Serah terima & pelatihan", Pending, 7),
        m(3, 1, "Audit SEO & riset kata kunci", Done, -100),
        m(3, 2, "Dua belas artikel blog", Done, -30),
        m(3, 3, "Laporan akhir", Done, -10),
    ];
    let dl = |p: u8, n: u8, title: &str, desc: &str, preview: Option<&str>, status| Deliverable {
        id: format!("DLV-{t}-{p}{n}"),
        project_id: pid(p),
        title: title.into(),
        description: desc.into(),
        preview_url: preview.map(str::to_owned),
        status,
        submitted_at: Some(at(-2)),
        decided_at: (status == DeliverableStatus::Approved).then(|| at(-1)),
        client_comment: None,
    };
    use DeliverableStatus::{Approved, AwaitingApproval};
    let deliverables = vec![
        dl(
            1,
            1,
            "Wireframe seluruh halaman",
            "Alur belanja dari beranda sampai pembayaran.",
            None,
            Approved,
        ),
        dl(
            1,
            2,
            "Desain beranda (desktop & seluler)",
            "Mockup beranda dengan motif parang dan foto produk baru.",
            Some("https://www.figma.com/proto/simulasi-batik-sekar"),
            AwaitingApproval,
        ),
        dl(
            1,
            3,
            "Halaman katalog produk",
            "Filter motif, ukuran dan harga.",
            None,
            DeliverableStatus::InProgress,
        ),
        dl(
            2,
            1,
            "Build Android beta 0.9",
            "APK uji coba untuk tiga gerai, dengan cetak struk Bluetooth.",
            Some("https://staging.tiranyx.test/kasir-umkm"),
            AwaitingApproval,
        ),
        dl(
            2,
            2,
            "Desain struk",
            "Struk 58 mm dengan logo dan QRIS.",
            None,
            Approved,
        ),
        dl(
            3,
            1,
            "Laporan SEO akhir",
            "Peringkat kata kunci dan lalu lintas organik tiga bulan.",
            Some("https://staging.tiranyx.test/laporan-seo"),
            Approved,
        ),
    ];
    let number = |n: u64| {
        let seq = u64::from_str_radix(&t[..4], 16).unwrap_or(0) % 9000 + n;
        format!("IXN/{}/{seq:04}", today.format("%Y"))
    };
    let item = |description: &str, quantity: u32, unit_price: i64| InvoiceItem {
        description: description.into(),
        quantity,
        unit_price,
        total: i64::from(quantity) * unit_price,
    };
    let invoice = |n: u8, p: u8, status, issued: i64, due: i64, items: Vec<InvoiceItem>| Invoice {
        id: format!("INV-{t}-{n}"),
        client_id: client_id.to_owned(),
        project_id: Some(pid(p)),
        number: number(u64::from(n)),
        status,
        currency: "IDR".into(),
        amount: items.iter().map(|i| i.total).sum(),
        issued_on: on(issued),
        due_on: on(due),
        paid_at: (status == InvoiceStatus::Paid).then(|| at(issued + 3)),
        items,
    };
    let invoices = vec![
        invoice(
            1,
            3,
            InvoiceStatus::Paid,
            -40,
            -26,
            vec![item("Kampanye SEO tiga bulan", 1, 8_750_000)],
        ),
        invoice(
            2,
            1,
            InvoiceStatus::Unpaid,
            -2,
            12,
            vec![
                item("Termin 2: desain UI", 1, 10_000_000),
                item("Lisensi font & foto produk", 2, 1_250_000),
            ],
        ),
        invoice(
            3,
            2,
            InvoiceStatus::Overdue,
            -20,
            -3,
            vec![item("Termin 1: aplikasi kasir", 1, 15_000_000)],
        ),
    ];
    Book {
        projects,
        milestones,
        deliverables,
        invoices,
    }
}
