use app::ssr::ServerState;
use clap::Parser;
use domain::{Config, Database};
use std::{process::ExitCode, sync::Arc};
use tiranyx_server::{
    build_app,
    cli::{Cli, Command},
    serve, telemetry, AppState,
};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => Arc::new(c),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    match run(cli.command.unwrap_or(Command::Serve), config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, config: Arc<Config>) -> Result<(), String> {
    let db = Database::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    db.migrate()
        .await
        .map_err(|e| format!("migrations failed: {e}"))?;
    match command {
        Command::Migrate => {
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::SeedDemo => seed_demo(&db).await,
        Command::Serve => {
            if config.demo_content {
                seed_demo(&db).await?;
            }
            if config.uses_dev_secrets() {
                tracing::warn!("using the built-in development secrets; set USER_COOKIE_SECRET and ADMIN_COOKIE_SECRET");
            }
            let leptos_options = leptos::prelude::get_configuration(None)
                .map_err(|e| format!("Leptos configuration: {e}"))?
                .leptos_options;
            let addr = leptos_options.site_addr;
            let state = AppState::new(leptos_options, ServerState { db, config });
            serve::run(build_app(state), addr)
                .await
                .map_err(|e| format!("server error: {e}"))
        }
    }
}

async fn seed_demo(db: &Database) -> Result<(), String> {
    let report = domain::demo::load(db, chrono::Utc::now())
        .await
        .map_err(|e| format!("loading demo content failed: {e}"))?;
    tracing::info!(inserted = report.total(), "demo content loaded");
    Ok(())
}
