//! Accepting connections: `TCP_NODELAY` and graceful shutdown.
use axum::{serve::ListenerExt, Router};
use std::{future::Future, net::SocketAddr};
use tokio::net::TcpListener;

/// Serves until SIGINT or SIGTERM; then runs `before_drain` (the instance
/// says it is not ready and saves what it holds in memory) while still
/// answering, and only then stops accepting and lets in-flight requests
/// finish.
pub async fn run(
    router: Router,
    addr: SocketAddr,
    before_drain: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    serve_until(router, listener, async {
        shutdown_signal().await;
        before_drain.await;
        tracing::info!("shutting down: finishing in-flight requests");
    })
    .await
}

/// Serves until SIGINT or SIGTERM (the tests' servers).
pub async fn serve_on(router: Router, listener: TcpListener) -> std::io::Result<()> {
    serve_until(router, listener, shutdown_signal()).await
}

async fn serve_until(
    router: Router,
    listener: TcpListener,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Without TCP_NODELAY, Nagle's algorithm holds back the small chunks of a
    // streamed response and every page stalls ~40 ms on delayed ACKs.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stop)
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
