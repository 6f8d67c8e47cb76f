use domain::config::LogFormat;
use tracing_subscriber::{fmt, EnvFilter};

/// Logs to stdout; `RUST_LOG` filters (default `info`), `LOG_FORMAT=json`
/// gives one JSON object per line for log shippers.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}
