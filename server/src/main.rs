use app::ssr::ServerState;
use clap::Parser;
use domain::{
    accounts::PasswordHasher,
    mail::{Mailer, SmtpTls},
    Config, Database,
};
use std::{process::ExitCode, sync::Arc};
use tiranyx_server::{
    build_app,
    cli::{AdminCommand, Cli, Command},
    scheduler, serve, telemetry, AppState,
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
        Command::Serve => {
            if config.demo_content {
                seed_demo(&db).await?;
                if !config.is_production() {
                    demo_admin(&db).await?;
                }
            }
            if config.uses_dev_secrets() {
                tracing::warn!("using the built-in development secrets; set USER_COOKIE_SECRET and ADMIN_COOKIE_SECRET");
            }
            let leptos_options = leptos::prelude::get_configuration(None)
                .map_err(|e| format!("Leptos configuration: {e}"))?
                .leptos_options;
            let addr = leptos_options.site_addr;
            let (stop_mail, mail_stopped) = tokio::sync::watch::channel(false);
            let (mail_worker, mail_notify) = start_mail(&config, &db, mail_stopped)?;
            let server = ServerState {
                db,
                config,
                hasher: PasswordHasher::new(2),
            };
            // Catch up on posts that fell due while the server was down
            // before the first request is served.
            scheduler::run_once(&server.db).await;
            let scheduler = scheduler::spawn(
                server.db.clone(),
                std::time::Duration::from_secs(60),
                stop_mail.subscribe(),
            );
            let mut state = AppState::new(leptos_options, server);
            state.mail_notify = mail_notify;
            let page_views = state.page_views.clone();
            let flusher = page_views.spawn_flusher(std::time::Duration::from_secs(30));
            let served = serve::run(build_app(state), addr).await;
            // Let the mail worker finish the message in hand; the rest stays
            // in the outbox for the next start.
            let _ = stop_mail.send(true);
            let _ = mail_worker.await;
            let _ = scheduler.await;
            flusher.abort();
            if let Err(e) = page_views.flush().await {
                tracing::error!(error = %e, "saving the last page views failed");
            }
            served.map_err(|e| format!("server error: {e}"))
        }
    }
}

/// The outgoing-mail worker: SMTP when `SMTP_HOST` is set, otherwise `.eml`
/// files in `MAIL_OUTBOX_DIR` (the log prints each message's link).
fn start_mail(
    config: &Config,
    db: &Database,
    stopped: tokio::sync::watch::Receiver<bool>,
) -> Result<(tokio::task::JoinHandle<()>, Arc<tokio::sync::Notify>), String> {
    let tls = config
        .smtp
        .as_ref()
        .map_or(SmtpTls::StartTls, |s| SmtpTls::for_port(s.port));
    let mailer = Mailer::from_config(config.smtp.as_ref(), config.mail_outbox_dir.clone(), tls)
        .map_err(|e| format!("mail setup: {e}"))?;
    let host = config.site_url.host_str().unwrap_or("tiranyx.co.id");
    let from = format!("Tiranyx <noreply@{host}>");
    Ok(domain::mail::worker::spawn(
        db.clone(),
        Arc::new(mailer),
        from,
        std::time::Duration::from_secs(60),
        stopped,
    ))
}

async fn seed_demo(db: &Database) -> Result<(), String> {
    let report = domain::demo::load(db, chrono::Utc::now())
        .await
        .map_err(|e| format!("loading demo content failed: {e}"))?;
    tracing::info!(inserted = report.total(), "demo content loaded");
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

fn admin_create_error(e: domain::admin::AdminError) -> String {
    match e {
        domain::admin::AdminError::Invalid(fields) => fields
            .0
            .iter()
            .map(|(field, msg)| format!("{field}: {msg}"))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
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
