use app::ssr::ServerState;
use clap::Parser;
use domain::{
    accounts::PasswordHasher,
    jobs::catalog::MailSetup,
    mail::{Mailer, SmtpTls},
    Config, Database,
};
use std::{process::ExitCode, sync::Arc};
use tiranyx_server::{
    build_app,
    cli::{AdminCommand, Cli, Command},
    serve, telemetry, AppState,
};

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read once at start: two arenas (fewer arenas, less
/// memory held; measured on the 2-core machine, bench/README.md "Memory"),
/// freed pages returned within a second by a background thread. On a host
/// with many cores, `_RJEM_MALLOC_CONF=narenas:8` (say) in the environment
/// overrides them (README, "Configuration").
#[cfg(not(target_env = "msvc"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8; 73] =
    b"background_thread:true,narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:1000\0";

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
    // Restoring replaces the database file: nothing may open it first.
    if let Command::Restore { file, force } = &command {
        domain::backup::restore(file, &config.database_url, &backup_folders(&config), *force)
            .await
            .map_err(|e| format!("restore failed: {e}"))?;
        println!("restored {} into {}", file.display(), config.database_url);
        return Ok(());
    }
    let db = Database::connect_with(&config.database_url, &config.database_pool)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    if config.migrate_on_start || !matches!(command, Command::Serve) {
        db.migrate()
            .await
            .map_err(|e| format!("migrations failed: {e}"))?;
    } else {
        let pending = db
            .pending_migrations()
            .await
            .map_err(|e| format!("cannot read the migrations applied: {e}"))?;
        if pending > 0 {
            return Err(format!(
                "{pending} migration(s) pending and MIGRATE_ON_START=false: run `tiranyx migrate` first"
            ));
        }
    }
    match command {
        Command::Migrate => {
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::SeedDemo => {
            let storage = domain::storage::Storage::from_config(&config)
                .map_err(|e| format!("storage: {e}"))?;
            seed_demo(&db, &config, &storage).await
        }
        Command::Backup { file } => {
            domain::backup::backup(&db, &file)
                .await
                .map_err(|e| format!("backup failed: {e}"))?;
            println!("backup written to {}", file.display());
            Ok(())
        }
        Command::Restore { .. } => Ok(()),
        Command::Admin(AdminCommand::Create { email, name }) => {
            let password = read_password()?;
            let id = domain::admin::create_admin(
                &db,
                &PasswordHasher::new(1),
                &domain::audit::Actor::system("cli"),
                &email,
                &name,
                &password,
                chrono::Utc::now(),
            )
            .await
            .map_err(admin_create_error)?;
            println!(
                "admin #{id} created; log in at {}/admin/login",
                config.site_origin()
            );
            Ok(())
        }
        Command::Admin(AdminCommand::Unlock { email }) => {
            let actor = domain::audit::Actor::system("cli");
            let lifted = domain::admin::accounts::unlock(&db, &actor, &email, chrono::Utc::now())
                .await
                .map_err(|e| format!("unlock failed: {e}"))?;
            match lifted {
                true => println!("{email}: login waits and the second-factor lock lifted"),
                false => println!("{email}: no admin with this address; nothing changed"),
            }
            Ok(())
        }
        Command::Serve => {
            // Seeds stored before sealing, or under the previous key after
            // a rotation, are resealed under the current key.
            match domain::admin::reseal_all(&db, &config.totp_keys).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(admins = n, "TOTP seeds resealed under the current key"),
                Err(e) => return Err(format!("resealing TOTP seeds: {e}")),
            }
            // Present before the first request, so `/readyz` can check them.
            let storage = domain::storage::Storage::from_config(&config)
                .map_err(|e| format!("storage: {e}"))?;
            if config.demo_content {
                seed_demo(&db, &config, &storage).await?;
                if !config.is_production() {
                    demo_admin(&db).await?;
                    demo_client(&db).await?;
                }
            }
            tiranyx_server::assets::publish_stylesheet(&db)
                .await
                .map_err(|e| format!("publishing the stylesheet: {e}"))?;
            if config.uses_dev_secrets() {
                tracing::warn!("using the built-in development secrets; set USER_COOKIE_SECRET and ADMIN_COOKIE_SECRET");
            }
            let leptos_options = leptos::prelude::get_configuration(None)
                .map_err(|e| format!("Leptos configuration: {e}"))?
                .leptos_options;
            tiranyx_server::assets::check_bundle_names(&leptos_options)?;
            let addr = leptos_options.site_addr;
            let runner = domain::jobs::catalog::runner(
                db.clone(),
                mail_setup(&config)?,
                domain::deliverables::Deliverables::from_config(&config, storage.private.clone()),
                domain::github::Github::from_config(&config),
            )
            .instance(&config.instance_id);
            let runner = domain::jobs::catalog::with_backups(
                runner,
                db.clone(),
                domain::jobs::catalog::BackupSetup {
                    dir: config.backup_dir.clone(),
                    keep_days: config.backup_keep_days,
                    folders: backup_folders(&config)
                        .into_iter()
                        .map(|(name, path)| (name, path.to_owned()))
                        .collect(),
                },
            );
            // Catch up on work that fell due while the server was down (such
            // as scheduled posts) before the first request is served.
            runner
                .install_periodic()
                .await
                .map_err(|e| format!("installing periodic jobs: {e}"))?;
            if let Err(e) = runner.run_due(None).await {
                tracing::error!(error = %e, "jobs: first run failed");
            }
            let (stop_jobs, jobs_stopped) = tokio::sync::watch::channel(false);
            let (job_runner, jobs_notify) =
                runner.spawn(std::time::Duration::from_secs(15), jobs_stopped);
            // Other instances' content changes empty this one's render cache.
            tokio::spawn(domain::generation::follow_other_instances(db.clone()));
            let server = ServerState::new(db, config, PasswordHasher::new(2), storage);
            let state = AppState::with_jobs_notify(leptos_options, server, jobs_notify);
            let page_views = state.page_views.clone();
            let flusher = page_views.spawn_flusher(std::time::Duration::from_secs(30));
            // On SIGTERM: not ready at once, page views saved first (a
            // SIGKILL after the stop timeout loses nothing counted before),
            // a pause for the load balancer to notice, then the drain.
            let before_drain = {
                let (lifecycle, page_views) = (state.lifecycle.clone(), page_views.clone());
                let pause = std::time::Duration::from_secs(state.server.config.shutdown_drain_secs);
                async move {
                    lifecycle.start_draining();
                    if let Err(e) = page_views.flush().await {
                        tracing::error!(error = %e, "saving page views at shutdown failed");
                    }
                    tokio::time::sleep(pause).await;
                }
            };
            // `/metrics` on its own listener, never through the site.
            if let Some(metrics_addr) = state.server.config.metrics_addr {
                let listener = tokio::net::TcpListener::bind(metrics_addr)
                    .await
                    .map_err(|e| format!("METRICS_ADDR {metrics_addr}: {e}"))?;
                tracing::info!("metrics on http://{metrics_addr}/metrics");
                let router = tiranyx_server::metrics::router(state.clone());
                tokio::spawn(async move {
                    if let Err(e) = axum::serve(listener, router).await {
                        tracing::error!(error = %e, "metrics listener stopped");
                    }
                });
            }
            let served = serve::run(build_app(state), addr, before_drain).await;
            // Let the runner finish the job in hand; the rest stay queued
            // for the next start (or another instance).
            let _ = stop_jobs.send(true);
            let _ = job_runner.await;
            flusher.abort();
            // What the draining requests counted.
            if let Err(e) = page_views.flush().await {
                tracing::error!(error = %e, "saving the last page views failed");
            }
            served.map_err(|e| format!("server error: {e}"))
        }
    }
}

/// The folders a daily backup copies beside the database.
fn backup_folders(config: &Config) -> Vec<(&'static str, &std::path::Path)> {
    vec![
        ("uploads", config.uploads_dir.as_path()),
        ("private", config.private_files_dir.as_path()),
    ]
}

/// Outgoing mail: SMTP when `SMTP_HOST` is set, otherwise `.eml` files in
/// `MAIL_OUTBOX_DIR` (the log prints each message's link).
fn mail_setup(config: &Config) -> Result<MailSetup, String> {
    let tls = config
        .smtp
        .as_ref()
        .map_or(SmtpTls::StartTls, |s| SmtpTls::for_port(s.port));
    let mailer = Mailer::from_config(config.smtp.as_ref(), config.mail_outbox_dir.clone(), tls)
        .map_err(|e| format!("mail setup: {e}"))?;
    let host = config.site_url.host_str().unwrap_or("tiranyx.co.id");
    Ok(MailSetup {
        mailer: Arc::new(mailer),
        from: format!("Tiranyx <noreply@{host}>"),
        site: domain::orders::Site {
            url: config.site_url.clone(),
        },
    })
}

async fn seed_demo(
    db: &Database,
    config: &Config,
    storage: &domain::storage::Storage,
) -> Result<(), String> {
    let now = chrono::Utc::now();
    let report = domain::demo::load(db, now)
        .await
        .map_err(|e| format!("loading demo content failed: {e}"))?;
    // The demo's file products deliver real files.
    let files = domain::deliverables::Deliverables::from_config(config, storage.private.clone());
    let added = domain::deliverables::seed_demo_files(db, &files, now)
        .await
        .map_err(|e| format!("writing demo files failed: {e}"))?;
    tracing::info!(
        inserted = report.total(),
        files = added,
        "demo content loaded"
    );
    Ok(())
}

/// The password for `admin create`: a hidden prompt on a terminal, else the
/// first line of stdin (for scripts: `printf '%s\n' "$PW" | tiranyx admin create …`).
fn read_password() -> Result<String, String> {
    use std::io::IsTerminal;
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Kata sandi admin: ").map_err(|e| e.to_string())?;
        let again = rpassword::prompt_password("Ulangi kata sandi: ").map_err(|e| e.to_string())?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| format!("reading the password from stdin: {e}"))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    Ok(password)
}

/// The error pipeline's message, with each field named.
/// The demo client (`domain::clients::demo`), whose projects the
/// Ixonomic simulator serves; its credentials are printed like the demo
/// admin's.
async fn demo_client(db: &Database) -> Result<(), String> {
    use domain::clients::demo::{ensure_demo_client, DEMO_CLIENT_EMAIL, DEMO_CLIENT_PASSWORD};
    ensure_demo_client(db, &PasswordHasher::new(1), chrono::Utc::now())
        .await
        .map_err(|e| format!("demo client: {e}"))?;
    tracing::warn!(
        "demo client: log in at /client/login as {DEMO_CLIENT_EMAIL} with password {DEMO_CLIENT_PASSWORD:?} (demo mode only)"
    );
    Ok(())
}

fn admin_create_error(e: domain::DomainError) -> String {
    let e = app::error::AppError::from(e);
    if e.fields.is_empty() {
        return e.message;
    }
    e.fields
        .iter()
        .map(|(field, msg)| format!("{field}: {msg}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Demo mode only (never in production): a known admin so the two README
/// commands give a working admin. Printed on every start.
async fn demo_admin(db: &Database) -> Result<(), String> {
    let (email, password) = (
        domain::demo::DEMO_ADMIN_EMAIL,
        domain::demo::DEMO_ADMIN_PASSWORD,
    );
    let exists = domain::admin::find_by_email(db, email)
        .await
        .map_err(|e| e.to_string())?
        .is_some();
    if !exists {
        domain::admin::create_admin(
            db,
            &PasswordHasher::new(1),
            &domain::audit::Actor::system("seed-demo"),
            email,
            "Admin Demo",
            password,
            chrono::Utc::now(),
        )
        .await
        .map_err(admin_create_error)?;
    }
    tracing::warn!(
        "demo admin: log in at /admin/login as {email} with password {password:?} (demo mode only)"
    );
    Ok(())
}
