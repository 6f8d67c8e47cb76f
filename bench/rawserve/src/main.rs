//! `rawserve <addr> <dir>`: the benchmark baseline, "raw axum returning the
//! same bytes".
//!
//! At start it reads every file in `<dir>` (non-recursive) into memory and
//! serves each at `/<file-name>` as `text/html; charset=utf-8`; anything else
//! is a 404. `bench/run.sh` fills `<dir>` with the HTML Tiranyx rendered for
//! each benchmarked page, so comparing the two measures what server-side
//! rendering costs over an axum server that does no work per request.

use std::{collections::HashMap, sync::Arc};

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    serve::ListenerExt,
    Router,
};

type Pages = Arc<HashMap<String, Bytes>>;

async fn page(State(pages): State<Pages>, Path(name): Path<String>) -> Response {
    match pages.get(&name) {
        Some(body) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body.clone(),
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, addr, dir] = args.as_slice() else {
        eprintln!("usage: rawserve <addr> <dir>");
        std::process::exit(2);
    };

    let mut pages = HashMap::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            let name = entry.file_name().to_string_lossy().into_owned();
            pages.insert(name, Bytes::from(std::fs::read(entry.path())?));
        }
    }
    eprintln!(
        "rawserve: {} file(s) from {dir} on http://{addr}",
        pages.len()
    );

    let app = Router::new()
        .route("/{name}", get(page))
        .with_state(Arc::new(pages));
    let listener = tokio::net::TcpListener::bind(addr.as_str()).await?;
    axum::serve(
        listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        }),
        app,
    )
    .await
}
