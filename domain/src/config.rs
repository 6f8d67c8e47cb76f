//! Typed configuration, read once at start from the environment (and `.env`).
//!
//! Variable names follow the seed's section 7.2; `NEXT_PUBLIC_SITE_URL` is
//! `SITE_URL` and `NEXT_PUBLIC_MIDTRANS_CLIENT_KEY` is `MIDTRANS_CLIENT_KEY`.
use crate::admin::seal::{self, SealKeys};
use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretString};
use std::{fmt, net::IpAddr, path::PathBuf, str::FromStr};
pub use url::Url;

/// The S3 settings read for `STORAGE_URL` (object_store's names).
const STORAGE_OPTIONS: [&str; 6] = [
    "AWS_ENDPOINT",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_ALLOW_HTTP",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaypalMode {
    Sandbox,
    Live,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub pass: Option<SecretString>,
}

/// Everything the server reads from its environment. Secrets are
/// `SecretString`, whose `Debug` prints `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct Config {
    pub app_env: AppEnv,
    pub site_url: Url,
    pub database_url: String,
    /// `serve` applies pending migrations first (`MIGRATE_ON_START`, on by
    /// default); off, a deploy step runs `tiranyx migrate` and `serve`
    /// refuses a database that lacks migrations.
    pub migrate_on_start: bool,
    /// PostgreSQL connections per instance and an optional read replica
    /// (`DATABASE_POOL_SIZE`, `DATABASE_READ_URL`).
    pub database_pool: crate::db::PoolOptions,
    /// This instance's name in logs and in the jobs table (`INSTANCE_ID`,
    /// default the host name and process id).
    pub instance_id: String,
    /// Seconds between a stop signal (`/readyz` then answers 503) and the
    /// end of accepting connections (`SHUTDOWN_DRAIN_SECS`, default 0).
    pub shutdown_drain_secs: u64,
    /// Megabytes of rendered public pages kept in memory for anonymous
    /// visitors (`RENDER_CACHE_MB`, default 16; 0 turns the cache off).
    pub render_cache_mb: u64,
    /// `/metrics` on a listener of its own (`METRICS_ADDR`, e.g.
    /// `127.0.0.1:9464`), never reachable through the site.
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// `/metrics` on the site behind this bearer token (`METRICS_TOKEN`).
    pub metrics_token: Option<SecretString>,
    pub log_format: LogFormat,
    pub demo_content: bool,
    pub uploads_dir: PathBuf,
    /// Where the daily backup goes (`BACKUP_DIR`) and how many days of
    /// them are kept (`BACKUP_KEEP_DAYS`).
    pub backup_dir: PathBuf,
    pub backup_keep_days: i64,
    /// Where e-mails are written as `.eml` files when no SMTP host is set.
    pub mail_outbox_dir: PathBuf,
    /// Proxies whose `X-Forwarded-For` is believed: addresses or CIDR ranges.
    pub trusted_proxies: Vec<IpNet>,
    /// Seals the admins' TOTP seeds at rest (`TOTP_ENCRYPTION_KEY`, and
    /// `TOTP_ENCRYPTION_KEY_PREVIOUS` during a rotation).
    pub totp_keys: SealKeys,
    pub user_cookie_secret: SecretString,
    pub user_session_ttl_secs: u64,
    /// How long an unpaid order waits for its payment (`ORDER_TTL_HOURS`).
    pub order_ttl_hours: u32,
    pub admin_cookie_secret: SecretString,
    pub midtrans_server_key: Option<SecretString>,
    pub midtrans_client_key: Option<String>,
    pub midtrans_is_production: bool,
    /// Snap API base (`POST {url}/v1/transactions`).
    pub midtrans_snap_url: Url,
    /// Core API base (`GET {url}/v2/{order_id}/status`).
    pub midtrans_api_url: Url,
    pub paypal_client_id: Option<String>,
    pub paypal_client_secret: Option<SecretString>,
    pub paypal_mode: PaypalMode,
    pub paypal_api_url: Url,
    /// PayPal's JS SDK (`{url}?client-id=…`): the PayPal button on the page.
    pub paypal_sdk_url: Url,
    pub paypal_webhook_id: Option<String>,
    /// Delivered files (`email_file` products), outside `public/`.
    pub private_files_dir: PathBuf,
    /// `s3://bucket[/prefix]`: uploads and private files in an
    /// S3-compatible bucket instead of the two folders (`STORAGE_URL`).
    pub storage_url: Option<String>,
    /// The `AWS_*` settings given (endpoint, keys, region, plain HTTP), as
    /// object_store's S3 builder names them.
    pub storage_options: Vec<(String, SecretString)>,
    /// Signs download links (HMAC-SHA256).
    pub download_signing_secret: SecretString,
    /// Downloads one purchase may make through its links.
    pub download_limit: u32,
    /// The largest file an admin may upload for delivery, in bytes.
    pub deliverable_max_bytes: u64,
    /// File types (extensions) an admin may upload for delivery.
    pub deliverable_extensions: Vec<String>,
    /// The development payment simulator (`/_dev/…`) answers for Midtrans
    /// and PayPal. Refused in production.
    pub payment_simulator: bool,
    pub smtp: Option<SmtpConfig>,
    pub github_pat: Option<SecretString>,
    /// GitHub's REST API (`GITHUB_API_URL`; the simulator's in development
    /// with `PAYMENT_SIMULATOR`).
    pub github_api_url: Url,
    /// The agency's Ixonomic API, for the client portal (`IXONOMIC_API_URL`;
    /// the simulator's in development with `PAYMENT_SIMULATOR`).
    pub ixonomic_api_url: Url,
    /// Its bearer key (`IXONOMIC_API_KEY`); without one the portal says
    /// Ixonomic is unavailable.
    pub ixonomic_api_key: Option<SecretString>,
    /// The AI writing assistant's provider: an OpenAI-compatible base
    /// (`AI_API_URL`; Pollinations' gateway, or the simulator's in
    /// development with `PAYMENT_SIMULATOR`).
    pub ai_api_url: Url,
    /// Its bearer key (`AI_API_KEY`); never sent to the browser.
    pub ai_api_key: Option<SecretString>,
    /// The chat model (`AI_MODEL`).
    pub ai_model: String,
    /// Assistant requests per admin per Jakarta day (`AI_DAILY_LIMIT`).
    pub ai_daily_limit: u32,
    pub wa_notif_number: Option<String>,
}

/// A variable that is missing or malformed; printed as one line at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "configuration error: {}: {}", self.var, self.problem)
    }
}

impl std::error::Error for ConfigError {}

/// Secrets used when none are configured outside production. They are public
/// (they are in this file), so production refuses to start without real ones.
const DEV_SECRET: &str = "dev-only-secret-do-not-use-in-production-0123456789";
const MIN_SECRET_LEN: usize = 32;

fn invalid(var: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        problem: problem.into(),
    }
}

struct Reader<F: Fn(&str) -> Option<String>> {
    lookup: F,
}

impl<F: Fn(&str) -> Option<String>> Reader<F> {
    fn get(&self, var: &'static str) -> Option<String> {
        (self.lookup)(var)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn parse<T: FromStr>(
        &self,
        var: &'static str,
        default: T,
        expected: &str,
    ) -> Result<T, ConfigError> {
        match self.get(var) {
            None => Ok(default),
            Some(raw) => raw
                .parse()
                .map_err(|_| invalid(var, format!("expected {expected}, got {raw:?}"))),
        }
    }

    fn bool(&self, var: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.get(var).map(|v| v.to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if matches!(v.as_str(), "1" | "true" | "yes" | "on") => Ok(true),
            Some(v) if matches!(v.as_str(), "0" | "false" | "no" | "off") => Ok(false),
            Some(v) => Err(invalid(var, format!("expected true or false, got {v:?}"))),
        }
    }

    fn url(&self, var: &'static str, default: &str) -> Result<Url, ConfigError> {
        let raw = self.get(var).unwrap_or_else(|| default.to_owned());
        let url = Url::parse(&raw)
            .map_err(|e| invalid(var, format!("not a valid URL ({e}): {raw:?}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid(var, "must be an http:// or https:// URL"));
        }
        Ok(url)
    }

    fn secret(&self, var: &'static str, env: AppEnv) -> Result<SecretString, ConfigError> {
        match (self.get(var), env) {
            (Some(v), _) if v.len() >= MIN_SECRET_LEN => Ok(SecretString::from(v)),
            (Some(_), _) => Err(invalid(
                var,
                format!("must be at least {MIN_SECRET_LEN} characters"),
            )),
            (None, AppEnv::Production) => Err(invalid(var, "is required in production")),
            (None, AppEnv::Development) => Ok(SecretString::from(DEV_SECRET)),
        }
    }

    fn optional_secret(&self, var: &'static str) -> Option<SecretString> {
        self.get(var).map(SecretString::from)
    }
}

impl Config {
    /// Reads the process environment, after loading `.env` if present.
    pub fn from_env() -> Result<Self, ConfigError> {
        // A missing .env is normal; a malformed one is reported by dotenvy
        // only as a skipped line, which is acceptable for a convenience file.
        let _ = dotenvy::dotenv();
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Builds the configuration from any variable source (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let r = Reader { lookup };
        let app_env = match r.get("APP_ENV").as_deref() {
            None | Some("development") | Some("dev") => AppEnv::Development,
            Some("production") | Some("prod") => AppEnv::Production,
            Some(other) => {
                return Err(invalid(
                    "APP_ENV",
                    format!("expected development or production, got {other:?}"),
                ))
            }
        };
        let production = app_env == AppEnv::Production;

        let site_url = if production && r.get("SITE_URL").is_none() {
            return Err(invalid("SITE_URL", "is required in production"));
        } else {
            r.url("SITE_URL", "http://127.0.0.1:3000")?
        };

        let log_format = match r.get("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(invalid(
                    "LOG_FORMAT",
                    format!("expected text or json, got {other:?}"),
                ))
            }
        };

        let paypal_mode = match r.get("PAYPAL_MODE").as_deref() {
            None | Some("sandbox") => PaypalMode::Sandbox,
            Some("live") => PaypalMode::Live,
            Some(other) => {
                return Err(invalid(
                    "PAYPAL_MODE",
                    format!("expected sandbox or live, got {other:?}"),
                ))
            }
        };

        let trusted_proxies = match r.get("TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse::<IpNet>()
                        .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                        .map(|net| net.trunc())
                        .map_err(|_| {
                            invalid(
                                "TRUSTED_PROXIES",
                                format!("{s:?} is not an IP address or CIDR range"),
                            )
                        })
                })
                .collect::<Result<_, _>>()?,
        };

        let key = |var: &'static str| -> Result<Option<[u8; 32]>, ConfigError> {
            r.get(var)
                .map(|v| {
                    seal::parse_key(&v).ok_or_else(|| {
                        invalid(var, "must be 64 hex characters (openssl rand -hex 32)")
                    })
                })
                .transpose()
        };
        let totp_key = key("TOTP_ENCRYPTION_KEY")?;
        let totp_keys = match totp_key {
            Some(current) => SealKeys::new(current, key("TOTP_ENCRYPTION_KEY_PREVIOUS")?),
            None => SealKeys::development(),
        };

        let smtp = match r.get("SMTP_HOST") {
            None => None,
            Some(host) => Some(SmtpConfig {
                host,
                port: r.parse("SMTP_PORT", 587u16, "a port number")?,
                user: r.get("SMTP_USER"),
                pass: r.optional_secret("SMTP_PASS"),
            }),
        };

        let user_session_ttl_secs: u64 =
            r.parse("USER_SESSION_TTL", 604_800, "a whole number of seconds")?;
        if user_session_ttl_secs < 3600 {
            return Err(invalid("USER_SESSION_TTL", "must be at least 3600 seconds"));
        }

        let order_ttl_hours: u32 = r.parse("ORDER_TTL_HOURS", 24, "a whole number of hours")?;
        if !(1..=24 * 14).contains(&order_ttl_hours) {
            return Err(invalid(
                "ORDER_TTL_HOURS",
                "must be between 1 and 336 hours",
            ));
        }

        // The simulator stands in for both providers, on this site, with
        // keys that are public on purpose.
        let payment_simulator = r.bool("PAYMENT_SIMULATOR", false)?;
        if production && payment_simulator {
            return Err(invalid(
                "PAYMENT_SIMULATOR",
                "the payment simulator is for development; it is refused in production",
            ));
        }
        let simulated = |path: &str| -> String {
            let mut u = site_url.clone();
            u.set_path(path);
            u.to_string()
        };
        let midtrans_is_production = r.bool("MIDTRANS_IS_PRODUCTION", false)?;
        let (snap_default, api_default) = match (payment_simulator, midtrans_is_production) {
            (true, _) => (
                simulated(crate::payments::SIMULATOR_MIDTRANS_SNAP),
                simulated(crate::payments::SIMULATOR_MIDTRANS_API),
            ),
            (false, true) => (
                "https://app.midtrans.com/snap".to_owned(),
                "https://api.midtrans.com".to_owned(),
            ),
            (false, false) => (
                "https://app.sandbox.midtrans.com/snap".to_owned(),
                "https://api.sandbox.midtrans.com".to_owned(),
            ),
        };
        let paypal_default = match (payment_simulator, paypal_mode) {
            (true, _) => simulated(crate::payments::SIMULATOR_PAYPAL_API),
            (false, PaypalMode::Live) => "https://api-m.paypal.com".to_owned(),
            (false, PaypalMode::Sandbox) => "https://api-m.sandbox.paypal.com".to_owned(),
        };
        // One SDK host for sandbox and live: the client id tells them apart.
        let paypal_sdk_default = if payment_simulator {
            simulated(&format!("{}/sdk/js", crate::payments::SIMULATOR_PAYPAL_API))
        } else {
            "https://www.paypal.com/sdk/js".to_owned()
        };
        let github_default = if payment_simulator {
            simulated(crate::github::SIMULATOR_API)
        } else {
            "https://api.github.com".to_owned()
        };
        let ixonomic_default = if payment_simulator {
            simulated(crate::clients::ixonomic::SIMULATOR_API)
        } else {
            "http://127.0.0.1:3013".to_owned()
        };
        let ai_default = if payment_simulator {
            simulated(crate::ai::SIMULATOR_API)
        } else {
            crate::ai::DEFAULT_API_URL.to_owned()
        };
        let ai_daily_limit: u32 = r.parse(
            "AI_DAILY_LIMIT",
            crate::ai::DEFAULT_DAILY_LIMIT,
            "a whole number of requests",
        )?;
        if ai_daily_limit > 10_000 {
            return Err(invalid("AI_DAILY_LIMIT", "must be between 0 and 10000"));
        }
        let sim_default = |var: &'static str, value: &str| {
            r.get(var)
                .or_else(|| payment_simulator.then(|| value.to_owned()))
        };

        let config = Config {
            app_env,
            site_url,
            database_url: r
                .get("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/tiranyx.db?mode=rwc".to_owned()),
            migrate_on_start: r.bool("MIGRATE_ON_START", true)?,
            database_pool: crate::db::PoolOptions {
                size: r.parse("DATABASE_POOL_SIZE", 16, "a number of connections")?,
                read_url: r.get("DATABASE_READ_URL"),
            },
            instance_id: match r.get("INSTANCE_ID") {
                Some(id)
                    if id.len() <= 64
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) =>
                {
                    id
                }
                Some(id) => {
                    return Err(invalid(
                        "INSTANCE_ID",
                        format!("up to 64 letters, digits, '.', '_' or '-', got {id:?}"),
                    ))
                }
                None => format!(
                    "{}-{}",
                    r.get("HOSTNAME").unwrap_or_else(|| "tiranyx".into()),
                    std::process::id()
                ),
            },
            shutdown_drain_secs: r.parse("SHUTDOWN_DRAIN_SECS", 0, "a number of seconds")?,
            render_cache_mb: r.parse("RENDER_CACHE_MB", 16, "a number of megabytes")?,
            metrics_addr: match r.get("METRICS_ADDR") {
                None => None,
                Some(raw) => Some(raw.parse().map_err(|_| {
                    invalid(
                        "METRICS_ADDR",
                        format!("expected an address and port, got {raw:?}"),
                    )
                })?),
            },
            metrics_token: match r.get("METRICS_TOKEN") {
                Some(t) if t.len() < MIN_SECRET_LEN => {
                    let problem = format!("must be at least {MIN_SECRET_LEN} characters");
                    return Err(invalid("METRICS_TOKEN", problem));
                }
                t => t.map(SecretString::from),
            },
            log_format,
            demo_content: r.bool("DEMO_CONTENT", false)?,
            backup_dir: PathBuf::from(r.get("BACKUP_DIR").unwrap_or_else(|| "data/backups".into())),
            backup_keep_days: r.parse("BACKUP_KEEP_DAYS", 30, "a number of days")?,
            uploads_dir: PathBuf::from(
                r.get("UPLOADS_DIR")
                    .unwrap_or_else(|| "data/uploads".into()),
            ),
            mail_outbox_dir: PathBuf::from(
                r.get("MAIL_OUTBOX_DIR")
                    .unwrap_or_else(|| "data/outbox".into()),
            ),
            trusted_proxies,
            totp_keys,
            user_cookie_secret: r.secret("USER_COOKIE_SECRET", app_env)?,
            user_session_ttl_secs,
            order_ttl_hours,
            admin_cookie_secret: r.secret("ADMIN_COOKIE_SECRET", app_env)?,
            midtrans_server_key: sim_default(
                "MIDTRANS_SERVER_KEY",
                crate::payments::SIMULATOR_MIDTRANS_SERVER_KEY,
            )
            .map(SecretString::from),
            midtrans_client_key: sim_default("MIDTRANS_CLIENT_KEY", "SB-Mid-client-SIMULATOR"),
            midtrans_is_production,
            midtrans_snap_url: r.url("MIDTRANS_SNAP_URL", &snap_default)?,
            midtrans_api_url: r.url("MIDTRANS_API_URL", &api_default)?,
            paypal_client_id: sim_default("PAYPAL_CLIENT_ID", "SIMULATOR-CLIENT"),
            paypal_client_secret: sim_default(
                "PAYPAL_CLIENT_SECRET",
                crate::payments::SIMULATOR_PAYPAL_SECRET,
            )
            .map(SecretString::from),
            paypal_mode,
            paypal_api_url: r.url("PAYPAL_API_URL", &paypal_default)?,
            paypal_sdk_url: r.url("PAYPAL_SDK_URL", &paypal_sdk_default)?,
            paypal_webhook_id: sim_default("PAYPAL_WEBHOOK_ID", "SIMULATOR-WEBHOOK"),
            private_files_dir: PathBuf::from(
                r.get("PRIVATE_FILES_DIR")
                    .unwrap_or_else(|| "data/private".into()),
            ),
            storage_url: match r.get("STORAGE_URL") {
                None => None,
                Some(url) if url.starts_with("s3://") && url.len() > "s3://".len() => Some(url),
                Some(url) => {
                    return Err(invalid(
                        "STORAGE_URL",
                        format!("expected s3://bucket or s3://bucket/prefix, got {url:?}"),
                    ))
                }
            },
            storage_options: STORAGE_OPTIONS
                .iter()
                .filter_map(|key| {
                    r.get(key)
                        .map(|v| (key.to_ascii_lowercase(), SecretString::from(v)))
                })
                .collect(),
            download_signing_secret: r.secret("DOWNLOAD_SIGNING_SECRET", app_env)?,
            download_limit: r.parse("DOWNLOAD_LIMIT", 5, "a whole number")?,
            deliverable_max_bytes: r
                .parse::<u64>("DELIVERABLE_MAX_MB", 200, "a whole number of megabytes")?
                .saturating_mul(1024 * 1024),
            deliverable_extensions: r
                .get("DELIVERABLE_EXTENSIONS")
                .unwrap_or_else(|| crate::deliverables::DEFAULT_EXTENSIONS.into())
                .split(',')
                .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
                .filter(|e| !e.is_empty())
                .collect(),
            payment_simulator,
            smtp,
            github_pat: r.optional_secret("GITHUB_PAT").or_else(|| {
                payment_simulator.then(|| SecretString::from(crate::github::SIMULATOR_TOKEN))
            }),
            github_api_url: r.url("GITHUB_API_URL", &github_default)?,
            ixonomic_api_url: r.url("IXONOMIC_API_URL", &ixonomic_default)?,
            ixonomic_api_key: sim_default(
                "IXONOMIC_API_KEY",
                crate::clients::ixonomic::SIMULATOR_TOKEN,
            )
            .map(SecretString::from),
            ai_api_url: r.url("AI_API_URL", &ai_default)?,
            ai_api_key: sim_default("AI_API_KEY", crate::ai::SIMULATOR_KEY).map(SecretString::from),
            ai_model: r
                .get("AI_MODEL")
                .unwrap_or_else(|| crate::ai::DEFAULT_MODEL.to_owned()),
            ai_daily_limit,
            wa_notif_number: r.get("WA_NOTIF_NUMBER"),
        };
        // Without SMTP, mail goes to files and its links to the log: fine on
        // a laptop, never in production.
        if config.is_production() && config.smtp.is_none() {
            return Err(invalid("SMTP_HOST", "is required in production"));
        }
        // The development key is public: seeds sealed with it are not sealed.
        if config.is_production() && totp_key.is_none() {
            return Err(invalid("TOTP_ENCRYPTION_KEY", "is required in production"));
        }
        // The simulator's key is public: a real Ixonomic never gets it.
        let simulator_key = config
            .ixonomic_api_key
            .as_ref()
            .is_some_and(|k| k.expose_secret() == crate::clients::ixonomic::SIMULATOR_TOKEN);
        if config.is_production() && simulator_key {
            return Err(invalid(
                "IXONOMIC_API_KEY",
                "the simulator's key is public; it is refused in production",
            ));
        }
        let simulator_ai_key = config
            .ai_api_key
            .as_ref()
            .is_some_and(|k| k.expose_secret() == crate::ai::SIMULATOR_KEY);
        if config.is_production() && simulator_ai_key {
            return Err(invalid(
                "AI_API_KEY",
                "the simulator's key is public; it is refused in production",
            ));
        }
        Ok(config)
    }

    pub fn is_production(&self) -> bool {
        self.app_env == AppEnv::Production
    }

    /// Cookies get `Secure` exactly when the public site is served over https.
    pub fn cookies_secure(&self) -> bool {
        self.site_url.scheme() == "https"
    }

    /// The site's origin (`scheme://host[:port]`), compared with `Origin`
    /// headers by the cross-site request guard.
    pub fn site_origin(&self) -> String {
        self.site_url.origin().ascii_serialization()
    }

    /// How long an unpaid order waits for its payment.
    pub fn order_ttl(&self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.order_ttl_hours))
    }

    /// Whether `ip` is one of the trusted proxies.
    pub fn is_trusted_proxy(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|net| net.contains(&ip))
    }

    /// True when a secret still has the public development value.
    pub fn uses_dev_secrets(&self) -> bool {
        self.user_cookie_secret.expose_secret() == DEV_SECRET
            || self.admin_cookie_secret.expose_secret() == DEV_SECRET
            || self.download_signing_secret.expose_secret() == DEV_SECRET
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(move |k| map.get(k).cloned())
    }

    #[test]
    fn development_defaults_start_without_any_variable() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.app_env, AppEnv::Development);
        assert_eq!(c.site_url.as_str(), "http://127.0.0.1:3000/");
        assert!(c.database_url.starts_with("sqlite://data/"));
        assert_eq!(c.user_session_ttl_secs, 604_800);
        assert_eq!(c.order_ttl(), chrono::Duration::hours(24));
        assert_eq!(
            cfg(&[("ORDER_TTL_HOURS", "0")]).unwrap_err().var,
            "ORDER_TTL_HOURS"
        );
        assert_eq!(cfg(&[("ORDER_TTL_HOURS", "2")]).unwrap().order_ttl_hours, 2);
        assert!(!c.cookies_secure());
        assert!(c.uses_dev_secrets());
    }

    #[test]
    fn production_requires_site_url_and_secrets() {
        let e = cfg(&[("APP_ENV", "production")]).unwrap_err();
        assert_eq!(e.var, "SITE_URL");
        let e = cfg(&[
            ("APP_ENV", "production"),
            ("SITE_URL", "https://tiranyx.co.id"),
        ])
        .unwrap_err();
        assert_eq!(e.var, "USER_COOKIE_SECRET");
        assert_eq!(
            e.to_string(),
            "configuration error: USER_COOKIE_SECRET: is required in production"
        );
        let long = "x".repeat(40);
        let without_smtp = [
            ("APP_ENV", "production"),
            ("SITE_URL", "https://tiranyx.co.id"),
            ("USER_COOKIE_SECRET", long.as_str()),
            ("ADMIN_COOKIE_SECRET", long.as_str()),
            ("DOWNLOAD_SIGNING_SECRET", long.as_str()),
        ];
        // Download links are signed with a real secret in production.
        assert_eq!(
            cfg(&without_smtp[..4]).unwrap_err().var,
            "DOWNLOAD_SIGNING_SECRET"
        );
        // Links must never sit in a log: production needs real mail.
        assert_eq!(cfg(&without_smtp).unwrap_err().var, "SMTP_HOST");
        let mut all = without_smtp.to_vec();
        all.push(("SMTP_HOST", "smtp.tiranyx.co.id"));
        // TOTP seeds are sealed with a real key in production.
        assert_eq!(cfg(&all).unwrap_err().var, "TOTP_ENCRYPTION_KEY");
        all.push(("TOTP_ENCRYPTION_KEY", "not hex"));
        assert_eq!(cfg(&all).unwrap_err().var, "TOTP_ENCRYPTION_KEY");
        all.pop();
        let key = "ab".repeat(32);
        all.push(("TOTP_ENCRYPTION_KEY", key.as_str()));
        all.push(("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1, fd00::/8"));
        let c = cfg(&all).unwrap();
        assert!(c.is_trusted_proxy("10.20.30.40".parse().unwrap()));
        assert!(c.is_trusted_proxy("127.0.0.1".parse().unwrap()));
        assert!(c.is_trusted_proxy("fd00::1".parse().unwrap()));
        assert!(!c.is_trusted_proxy("127.0.0.2".parse().unwrap()));
        assert!(c.cookies_secure());
        assert!(!c.uses_dev_secrets());
        assert_eq!(c.site_origin(), "https://tiranyx.co.id");
    }

    #[test]
    fn malformed_values_name_the_variable() {
        assert_eq!(
            cfg(&[("USER_SESSION_TTL", "seminggu")]).unwrap_err().var,
            "USER_SESSION_TTL"
        );
        assert_eq!(
            cfg(&[("USER_SESSION_TTL", "60")]).unwrap_err().var,
            "USER_SESSION_TTL"
        );
        assert_eq!(
            cfg(&[("MIDTRANS_IS_PRODUCTION", "maybe")]).unwrap_err().var,
            "MIDTRANS_IS_PRODUCTION"
        );
        assert_eq!(cfg(&[("SITE_URL", "ftp://x")]).unwrap_err().var, "SITE_URL");
        assert_eq!(
            cfg(&[("SITE_URL", "not a url")]).unwrap_err().var,
            "SITE_URL"
        );
        assert_eq!(
            cfg(&[("PAYPAL_MODE", "prod")]).unwrap_err().var,
            "PAYPAL_MODE"
        );
        assert_eq!(
            cfg(&[("TRUSTED_PROXIES", "127.0.0.1, nope")])
                .unwrap_err()
                .var,
            "TRUSTED_PROXIES"
        );
        assert_eq!(
            cfg(&[("SMTP_HOST", "mail"), ("SMTP_PORT", "99999")])
                .unwrap_err()
                .var,
            "SMTP_PORT"
        );
        assert_eq!(
            cfg(&[("USER_COOKIE_SECRET", "short")]).unwrap_err().var,
            "USER_COOKIE_SECRET"
        );
    }

    #[test]
    fn github_api_defaults_to_github_or_to_the_simulator() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.github_api_url.as_str(), "https://api.github.com/");
        assert!(c.github_pat.is_none());
        let c = cfg(&[("GITHUB_API_URL", "http://127.0.0.1:9/gh")]).unwrap();
        assert_eq!(c.github_api_url.as_str(), "http://127.0.0.1:9/gh");
        let c = cfg(&[("PAYMENT_SIMULATOR", "true")]).unwrap();
        assert_eq!(
            c.github_api_url.as_str(),
            "http://127.0.0.1:3000/_dev/github"
        );
        assert_eq!(
            c.github_pat.as_ref().map(|t| t.expose_secret().to_owned()),
            Some(crate::github::SIMULATOR_TOKEN.to_owned())
        );
        let c = cfg(&[("PAYMENT_SIMULATOR", "true"), ("GITHUB_PAT", "ghp_nyata")]).unwrap();
        assert_eq!(
            c.github_pat.as_ref().map(|t| t.expose_secret().to_owned()),
            Some("ghp_nyata".to_owned())
        );
        assert_eq!(
            cfg(&[("GITHUB_API_URL", "ftp://github")]).unwrap_err().var,
            "GITHUB_API_URL"
        );
    }

    #[test]
    fn ixonomic_api_defaults_to_its_port_or_to_the_simulator() {
        use crate::clients::ixonomic::{SIMULATOR_API, SIMULATOR_TOKEN};
        let c = cfg(&[]).unwrap();
        assert_eq!(c.ixonomic_api_url.as_str(), "http://127.0.0.1:3013/");
        assert!(c.ixonomic_api_key.is_none());
        let c = cfg(&[
            ("IXONOMIC_API_URL", "https://ixonomic.tiranyx.internal/api"),
            ("IXONOMIC_API_KEY", "ixn_nyata"),
        ])
        .unwrap();
        assert_eq!(
            c.ixonomic_api_url.as_str(),
            "https://ixonomic.tiranyx.internal/api"
        );
        assert_eq!(
            c.ixonomic_api_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned()),
            Some("ixn_nyata".to_owned())
        );
        let c = cfg(&[("PAYMENT_SIMULATOR", "true")]).unwrap();
        assert_eq!(
            c.ixonomic_api_url.as_str(),
            format!("http://127.0.0.1:3000{SIMULATOR_API}")
        );
        assert_eq!(
            c.ixonomic_api_key
                .as_ref()
                .map(|k| k.expose_secret().to_owned()),
            Some(SIMULATOR_TOKEN.to_owned())
        );
        assert_eq!(
            cfg(&[("IXONOMIC_API_URL", "ftp://ixonomic")])
                .unwrap_err()
                .var,
            "IXONOMIC_API_URL"
        );
        let long = "x".repeat(40);
        let key = "ab".repeat(32);
        let production = [
            ("APP_ENV", "production"),
            ("SITE_URL", "https://tiranyx.co.id"),
            ("USER_COOKIE_SECRET", long.as_str()),
            ("ADMIN_COOKIE_SECRET", long.as_str()),
            ("DOWNLOAD_SIGNING_SECRET", long.as_str()),
            ("SMTP_HOST", "smtp.tiranyx.co.id"),
            ("TOTP_ENCRYPTION_KEY", key.as_str()),
            ("IXONOMIC_API_KEY", SIMULATOR_TOKEN),
        ];
        assert_eq!(cfg(&production).unwrap_err().var, "IXONOMIC_API_KEY");
        assert!(cfg(&production[..7]).is_ok());
    }

    #[test]
    fn ai_defaults_to_pollinations_or_to_the_simulator() {
        use crate::ai::{DEFAULT_API_URL, SIMULATOR_API, SIMULATOR_KEY};
        let c = cfg(&[]).unwrap();
        assert_eq!(c.ai_api_url.as_str(), format!("{DEFAULT_API_URL}/"));
        assert!(c.ai_api_key.is_none());
        assert_eq!((c.ai_model.as_str(), c.ai_daily_limit), ("openai", 50));
        let c = cfg(&[("PAYMENT_SIMULATOR", "true")]).unwrap();
        assert_eq!(
            c.ai_api_url.as_str(),
            format!("http://127.0.0.1:3000{SIMULATOR_API}")
        );
        assert_eq!(
            c.ai_api_key.as_ref().map(|k| k.expose_secret().to_owned()),
            Some(SIMULATOR_KEY.to_owned())
        );
        let c = cfg(&[
            ("AI_API_URL", "https://api.openai.com"),
            ("AI_MODEL", "gpt-4o-mini"),
            ("AI_DAILY_LIMIT", "7"),
        ])
        .unwrap();
        assert_eq!(c.ai_api_url.as_str(), "https://api.openai.com/");
        assert_eq!((c.ai_model.as_str(), c.ai_daily_limit), ("gpt-4o-mini", 7));
        assert_eq!(
            cfg(&[("AI_DAILY_LIMIT", "banyak")]).unwrap_err().var,
            "AI_DAILY_LIMIT"
        );
        assert_eq!(
            cfg(&[("AI_DAILY_LIMIT", "20000")]).unwrap_err().var,
            "AI_DAILY_LIMIT"
        );
        assert_eq!(
            cfg(&[("AI_API_URL", "ftp://ai")]).unwrap_err().var,
            "AI_API_URL"
        );
        let long = "x".repeat(40);
        let key = "ab".repeat(32);
        let production = [
            ("APP_ENV", "production"),
            ("SITE_URL", "https://tiranyx.co.id"),
            ("USER_COOKIE_SECRET", long.as_str()),
            ("ADMIN_COOKIE_SECRET", long.as_str()),
            ("DOWNLOAD_SIGNING_SECRET", long.as_str()),
            ("SMTP_HOST", "smtp.tiranyx.co.id"),
            ("TOTP_ENCRYPTION_KEY", key.as_str()),
            ("AI_API_KEY", SIMULATOR_KEY),
        ];
        assert_eq!(cfg(&production).unwrap_err().var, "AI_API_KEY");
        let mut with_simulator = production[..7].to_vec();
        with_simulator.push(("PAYMENT_SIMULATOR", "true"));
        assert_eq!(cfg(&with_simulator).unwrap_err().var, "PAYMENT_SIMULATOR");
    }

    #[test]
    fn secrets_never_print() {
        let c = cfg(&[
            ("GITHUB_PAT", "ghp_supersecrettoken"),
            ("IXONOMIC_API_KEY", "ixn_supersecretkey"),
            ("AI_API_KEY", "sk_supersecretaikey"),
            ("SMTP_HOST", "mail"),
            ("SMTP_PASS", "hunter2hunter2"),
        ])
        .unwrap();
        let printed = format!("{c:?}");
        assert!(!printed.contains("ghp_supersecrettoken"));
        assert!(!printed.contains("ixn_supersecretkey"));
        let ix = crate::clients::ixonomic::Ixonomic::from_config(&c);
        assert!(!format!("{ix:?}").contains("ixn_supersecretkey"));
        assert!(!printed.contains("sk_supersecretaikey"));
        let ai = crate::ai::Ai::from_config(&c);
        assert!(!format!("{ai:?}").contains("sk_supersecretaikey"));
        assert!(!printed.contains("hunter2hunter2"));
        assert!(!printed.contains(DEV_SECRET));
    }
}
