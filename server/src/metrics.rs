//! Prometheus metrics (`/metrics`): request latency by route and status,
//! rate-limit rejections, and, read from the database when scraped so every
//! instance agrees, the job queue, the periodic jobs' last runs, payments
//! received and the connection pools. Served on `METRICS_ADDR` (a listener
//! of its own, e.g. on loopback) or, with `METRICS_TOKEN`, on the site
//! behind that bearer token; with neither, `/metrics` does not exist.
use crate::AppState;
use axum::{
    body::Body,
    extract::{MatchedPath, Request, State},
    http::{header, HeaderMap, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::{text::encode, EncodeLabelSet},
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};
use std::sync::atomic::AtomicU64;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct NameLabels {
    name: String,
}

type FloatGauge = Gauge<f64, AtomicU64>;

#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Histogram>,
    rate_limited: Family<NameLabels, Counter>,
    jobs_due: Gauge,
    jobs_failed: Gauge,
    jobs_oldest_due: FloatGauge,
    periodic_last_run: Family<NameLabels, FloatGauge>,
    periodic_last_failed: Family<NameLabels, Gauge>,
    payments: Family<NameLabels, Gauge>,
    pool_open: Family<NameLabels, Gauge>,
    pool_idle: Family<NameLabels, Gauge>,
    pool_opened: Family<NameLabels, Gauge>,
    render_cache: Family<NameLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("tiranyx");
        let requests = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            // 1 ms … ~4 s.
            Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
                0.001, 2.0, 13,
            ))
        });
        let m = Metrics {
            requests,
            rate_limited: Default::default(),
            jobs_due: Default::default(),
            jobs_failed: Default::default(),
            jobs_oldest_due: Default::default(),
            periodic_last_run: Default::default(),
            periodic_last_failed: Default::default(),
            payments: Default::default(),
            pool_open: Default::default(),
            pool_idle: Default::default(),
            pool_opened: Default::default(),
            render_cache: Default::default(),
            registry: Registry::default(),
        };
        let r = &mut registry;
        r.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route, method and status",
            m.requests.clone(),
        );
        r.register(
            "rate_limited",
            "Requests refused by a rate limit, by limit",
            m.rate_limited.clone(),
        );
        r.register(
            "jobs_due",
            "Jobs due and waiting for a runner",
            m.jobs_due.clone(),
        );
        r.register("jobs_failed", "Jobs that gave up", m.jobs_failed.clone());
        r.register(
            "jobs_oldest_due_seconds",
            "How long the oldest due job has waited",
            m.jobs_oldest_due.clone(),
        );
        r.register(
            "periodic_last_run_timestamp_seconds",
            "When each periodic job last ran (Unix time)",
            m.periodic_last_run.clone(),
        );
        r.register(
            "periodic_last_run_failed",
            "1 when a periodic job's last run failed",
            m.periodic_last_failed.clone(),
        );
        r.register(
            "payments_received",
            "Orders paid, ever, by provider",
            m.payments.clone(),
        );
        r.register(
            "db_pool_connections",
            "Open database connections, by pool",
            m.pool_open.clone(),
        );
        r.register(
            "db_pool_idle_connections",
            "Idle database connections, by pool",
            m.pool_idle.clone(),
        );
        r.register(
            "db_pool_connections_opened",
            "Database connections opened since start, by pool (rising under steady load: connections are dropped and reopened)",
            m.pool_opened.clone(),
        );
        r.register(
            "render_cache_lookups",
            "Anonymous public page requests, by hit or miss of the render cache",
            m.render_cache.clone(),
        );
        Metrics { registry, ..m }
    }
}

impl Metrics {
    /// The counter of requests refused by the limit `name` (the limiter
    /// keeps a handle and adds to it).
    pub fn rate_limit_counter(&self, name: &str) -> Counter {
        self.rate_limited
            .get_or_create(&NameLabels { name: name.into() })
            .clone()
    }

    /// Counts a render cache lookup.
    pub fn render_cache_hit(&self, hit: bool) {
        let name = if hit { "hit" } else { "miss" };
        self.render_cache
            .get_or_create(&NameLabels { name: name.into() })
            .inc();
    }

    fn observe(&self, route: &str, method: &str, status: u16, secs: f64) {
        let labels = RequestLabels {
            route: route.into(),
            method: method.into(),
            status,
        };
        self.requests.get_or_create(&labels).observe(secs);
    }

    /// The text exposition, the database's numbers read now.
    pub async fn render(&self, state: &AppState) -> Result<String, domain::DomainError> {
        let db = &state.server.db;
        let now = db.now().await?;
        let jobs = domain::jobs::stats::stats(db, now).await?;
        self.jobs_due.set(jobs.due as i64);
        self.jobs_failed.set(jobs.failed as i64);
        self.jobs_oldest_due.set(jobs.oldest_due_secs);
        for run in jobs.periodic {
            let name = NameLabels { name: run.kind };
            let at = run
                .last_run
                .map_or(0.0, |t| t.timestamp_millis() as f64 / 1000.0);
            self.periodic_last_run.get_or_create(&name).set(at);
            self.periodic_last_failed
                .get_or_create(&name)
                .set(run.last_failed.into());
        }
        for (provider, n) in domain::orders::payment::paid_counts(db).await? {
            let name = NameLabels {
                name: provider.label().to_lowercase(),
            };
            self.payments.get_or_create(&name).set(n as i64);
        }
        for pool in db.pool_use() {
            let name = NameLabels {
                name: pool.name.into(),
            };
            self.pool_open.get_or_create(&name).set(pool.open.into());
            self.pool_idle.get_or_create(&name).set(pool.idle as i64);
            self.pool_opened
                .get_or_create(&name)
                .set(pool.opened.min(i64::MAX as u64) as i64);
        }
        let mut out = String::new();
        encode(&mut out, &self.registry)
            .map_err(|e| domain::DomainError::Internal(format!("encoding metrics: {e}")))?;
        Ok(out)
    }
}

/// The route a request matched, handed out to [`track`] (which runs
/// before routing, where it is not yet known).
#[derive(Clone)]
struct Route(MatchedPath);

/// Inner layer (`route_layer`): passes the matched route outwards.
pub async fn tag_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().cloned();
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(Route(route));
    }
    res
}

/// Outer layer: times the whole request, middleware included. Unmatched
/// paths share one label, so a crawl cannot grow the series without end.
pub async fn track(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().as_str().to_owned();
    let res = next.run(req).await;
    let route = res
        .extensions()
        .get::<Route>()
        .map_or("unmatched", |r| r.0.as_str());
    let secs = started.elapsed().as_secs_f64();
    state
        .metrics
        .observe(route, &method, res.status().as_u16(), secs);
    res
}

/// `GET /metrics` on the site: only with the `METRICS_TOKEN` bearer.
pub async fn scrape_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    use secrecy::ExposeSecret;
    let Some(token) = &state.server.config.metrics_token else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !domain::accounts::tokens::constant_time_eq(
        given.as_bytes(),
        token.expose_secret().as_bytes(),
    ) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    scrape(State(state)).await
}

/// `GET /metrics` on the metrics listener.
pub async fn scrape(State(state): State<AppState>) -> Response {
    match state.metrics.render(&state).await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "metrics: reading the database failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// The metrics listener's router (`METRICS_ADDR`).
pub fn router(state: AppState) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(scrape))
        .with_state(state)
}
