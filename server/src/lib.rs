//! The Tiranyx HTTP server: builds the axum router around the Leptos app.
//! `main.rs` is only the CLI; tests build the same router with [`build_app`].
pub mod admin_auth;
pub mod admin_export;
pub mod api_doc;
pub mod assets;
pub mod auth;
pub mod avatar;
pub mod cli;
pub mod client_ip;
pub mod client_messages;
pub mod client_portal;
pub mod deliverables;
pub mod forms;
pub mod github;
pub mod health;
pub mod licenses;
pub mod metrics;
pub mod middleware;
pub mod orders;
pub mod page_views;
pub mod payments;
pub mod paypal;
pub mod product_files;
pub mod rate_limit;
pub mod render;
pub mod render_cache;
pub mod seo;
pub mod serve;
pub mod service_orders;
pub mod simulator;
pub mod static_html;
pub mod stored_files;
pub mod subscriptions;
pub mod telemetry;
pub mod tools;

use app::{
    admin::login::post as admin_login,
    pages::{self, auth::post as account},
    shell,
    ssr::ServerState,
    App,
};
use axum::{
    extract::FromRef,
    handler::Handler,
    routing::{get, post},
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::services::ServeDir;

/// Everything a request handler can reach. Axum clones the state for every
/// middleware and extractor of every request, so it is one `Arc`.
#[derive(Clone, Debug)]
pub struct AppState(std::sync::Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What an [`AppState`] shares.
#[derive(Debug)]
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub server: ServerState,
    pub limits: rate_limit::FormLimits,
    /// Wakes the job runner after a request enqueued a job.
    pub jobs_notify: std::sync::Arc<tokio::sync::Notify>,
    /// Public page views, counted in memory and flushed in the background.
    pub page_views: domain::analytics::PageViewRecorder,
    /// Set once a stop signal arrived (`/readyz`).
    pub lifecycle: health::Lifecycle,
    pub metrics: std::sync::Arc<metrics::Metrics>,
    /// Public pages rendered for anonymous visitors.
    pub render_cache: render_cache::RenderCache,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, server: ServerState) -> Self {
        Self::with_jobs_notify(leptos_options, server, Default::default())
    }

    /// As [`AppState::new`], waking the given job runner after a request
    /// enqueued a job.
    pub fn with_jobs_notify(
        leptos_options: LeptosOptions,
        server: ServerState,
        jobs_notify: std::sync::Arc<tokio::sync::Notify>,
    ) -> Self {
        let metrics = std::sync::Arc::new(metrics::Metrics::default());
        AppState(std::sync::Arc::new(Shared {
            leptos_options,
            limits: rate_limit::FormLimits::new(&server.db, &metrics),
            jobs_notify,
            page_views: domain::analytics::PageViewRecorder::new(server.db.clone()),
            lifecycle: Default::default(),
            metrics,
            render_cache: render_cache::RenderCache::new(server.config.render_cache_mb),
            server,
        }))
    }
}

/// What the session extractors (`app::ssr::session`) need.
impl FromRef<AppState> for ServerState {
    fn from_ref(state: &AppState) -> Self {
        state.server.clone()
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The full router: pages, server functions, assets, health, middleware.
pub fn build_app(state: AppState) -> Router {
    let routes = route_list();
    let context = render::page_context(state.server.clone());
    let options = state.leptos_options.clone();
    let server_fn_context = context.clone();

    use axum::middleware::{from_fn, from_fn_with_state};
    let routed = Router::new()
        // The API for outside callers, with its OpenAPI document.
        .merge(api_doc::router())
        .route("/robots.txt", get(seo::robots))
        .route("/metrics", get(metrics::scrape_with_token))
        .route("/sitemap.xml", get(seo::sitemap))
        // Form posts: each handler lives beside its page in `app`.
        .route("/contact", post(pages::contact::post::handle::<AppState>))
        .route(
            "/tools/{slug}",
            post(pages::tools::post::handle::<AppState>),
        )
        .route(
            "/waitlist/{product}",
            post(pages::waitlist::post::handle::<AppState>),
        )
        .route("/register", post(account::register::<AppState>))
        .route("/login", post(account::login::<AppState>))
        .route("/logout", post(account::logout::<AppState>))
        .route(admin_auth::LOGIN_PATH, post(admin_login::login::<AppState>))
        .route(
            admin_auth::SECOND_FACTOR_PATH,
            post(admin_login::second_factor::<AppState>),
        )
        .route("/admin/logout", post(admin_login::logout::<AppState>))
        .route("/admin/waitlist.csv", get(admin_export::waitlist_csv))
        .route(
            "/forgot-password",
            post(account::forgot_password::<AppState>),
        )
        .route("/reset-password", post(account::reset_password::<AppState>))
        .route("/verify-email", post(account::verify_email::<AppState>))
        .route(
            "/verify-email/resend",
            post(account::resend_verification::<AppState>),
        )
        .route(
            "/dashboard/profile/avatar",
            post(avatar::post_avatar).layer(avatar::body_limit()),
        )
        .route("/uploads/{folder}/{name}", get(stored_files::upload))
        .route(assets::STYLESHEET_ROUTE, get(assets::stylesheet))
        .route("/api/orders/create", post(orders::create))
        .route("/api/orders/{id}", get(orders::show))
        .route("/products/{slug}/buy", post(payments::buy))
        .route("/saas/{slug}/buy", post(subscriptions::buy))
        .route("/dashboard/orders/{id}/pay", post(payments::pay_again))
        .route("/dashboard/orders/{id}/cancel", post(payments::cancel))
        .route(
            "/dashboard/orders/{id}/invoice.pdf",
            get(payments::member_invoice),
        )
        .route(
            "/admin/orders/{id}/invoice.pdf",
            get(payments::admin_invoice),
        )
        .route(
            "/api/payment/midtrans/create",
            post(payments::midtrans_create),
        )
        .route(
            "/api/payment/midtrans/notification",
            post(payments::midtrans_notification),
        )
        .route(
            "/api/payment/paypal/create-order",
            post(paypal::create_order),
        )
        .route("/api/payment/paypal/capture", post(paypal::capture))
        .route("/api/payment/paypal/webhook", post(paypal::webhook))
        .route("/payment/paypal/return", get(paypal::returned))
        .route("/dashboard/licenses/release", post(licenses::release))
        .route(
            "/services/{slug}/order",
            post(service_orders::order).layer(service_orders::brief_body_limit()),
        )
        .route(
            "/dashboard/services/{id}/accept",
            post(service_orders::accept),
        )
        .route(
            "/client/projects/{project}/deliverables/{deliverable}/approve",
            post(client_portal::approve),
        )
        .route(
            "/client/projects/{project}/deliverables/{deliverable}/changes",
            post(client_portal::request_changes),
        )
        .route(
            "/client/invoices/{id}/pay",
            post(client_portal::pay_invoice),
        )
        .route("/client/messages", post(client_portal::send_message))
        .route(
            "/dashboard/services/{id}/files/{file}/approve",
            post(service_orders::approve),
        )
        .route(
            "/dashboard/services/{id}/files/{file}/revision",
            post(service_orders::revision),
        )
        .route(
            "/admin/messages/{user_id}/{project_id}/answer",
            post(client_messages::answer),
        )
        .route(
            "/admin/service-orders/{id}/quote",
            post(service_orders::quote),
        )
        .route(
            "/admin/service-orders/{id}/note",
            post(service_orders::note),
        )
        .route(
            "/admin/service-orders/{id}/deliverables",
            post(service_orders::deliverable).layer(product_files::body_limit(&state)),
        )
        .route(
            "/admin/service-orders/{id}/files/{file}",
            get(service_orders::admin_file),
        )
        .route(
            "/dashboard/purchases/{id}/github",
            post(github::set_username),
        )
        .route(
            "/dashboard/profile/github",
            post(github::set_profile_username),
        )
        .route(
            "/admin/products/{id}/files",
            post(product_files::add).layer(product_files::body_limit(&state)),
        )
        .route(
            "/admin/products/{id}/files/{file}/delete",
            post(product_files::remove),
        )
        // The development payment simulator (refused in production by the
        // configuration).
        .merge(if state.server.config.payment_simulator {
            simulator::routes()
        } else {
            Router::new()
        })
        .route(
            "/api/{*fn_name}",
            post(move |req| {
                leptos_axum::handle_server_fns_with_context(server_fn_context.clone(), req)
            }),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        // The site's files (bundle, /js, fonts, favicon) straight from the
        // site folder, precompressed where the build left .br/.gz; any other
        // path is a page (the 404). Not leptos_axum's file handler alone: it
        // builds each file response in a new Leptos owner that inherits the
        // owner current on the worker thread, so a file served while a page
        // rendered took that page's headers (its CSP with the nonce: the
        // page's inline scripts were then blocked).
        .fallback_service(
            ServeDir::new(&*options.site_root)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(false)
                .call_fallback_on_method_not_allowed(true)
                .fallback(
                    leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell)
                        .with_state(state.clone()),
                ),
        )
        .route_layer(axum::middleware::from_fn(metrics::tag_route))
        .with_state(state.clone())
        // What a rendered or served answer needs, around every route and the
        // fallback, as one stack (outermost first): below the render cache,
        // so a kept page never clones it. Every middleware clones the stack
        // below it per request; with these above the cache, each hit cloned
        // them three times (bench/README, session 24).
        .layer(
            tower::ServiceBuilder::new()
                .layer(from_fn_with_state(
                    state.clone(),
                    admin_auth::annotate_client_ip,
                ))
                .layer(from_fn_with_state(state.clone(), admin_auth::guard))
                .layer(from_fn_with_state(state.clone(), auth::guard))
                .layer(from_fn_with_state(state.clone(), assets::bundle_cache))
                .layer(from_fn(static_html::strip_hydration_artifacts)),
        );
    // Metrics, page views and the render cache wrap the routed app once:
    // below them is one router, cheap to clone.
    let router = Router::new().fallback_service(routed).layer(
        tower::ServiceBuilder::new()
            .layer(from_fn_with_state(state.clone(), metrics::track))
            .layer(from_fn_with_state(state.clone(), page_views::record))
            .layer(from_fn_with_state(state.clone(), render_cache::layer)),
    );
    middleware::apply(router, &state.server.config)
}

/// The Leptos route list, built once per process: `generate_route_list`
/// switches on a process-wide flag that suppresses resource loading while
/// it runs, and a `Resource` first polled meanwhile (another router of the
/// same process rendering `/admin`) would wait forever (leptos-rs/leptos#4773).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}
