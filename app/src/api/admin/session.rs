//! The signed-in admin, two-factor enrolment and the audit log.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminInfo {
    pub name: String,
    pub email: String,
    pub two_factor_enabled: bool,
    /// False only for the demo admin outside production.
    pub two_factor_required: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TwoFactorSetup {
    pub secret: String,
    /// Generated on the server from the otpauth URL; contains no user text.
    pub qr_svg: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i32,
    pub when: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub summary: String,
    pub ip: String,
}

pub type AuditPage = crate::model::Paged<AuditRow>;

#[server(endpoint = "admin/me")]
pub async fn get_admin() -> Result<AdminInfo, AppError> {
    let a = crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let policy = domain::admin::TwoFactorPolicy::for_config(&st.config);
    Ok(AdminInfo {
        two_factor_required: !policy.exempts(&a.email),
        name: a.name,
        email: a.email,
        two_factor_enabled: a.two_factor_enabled,
    })
}

/// Starts enrolment. When two-factor is already on (moving it to another
/// app) the password and a current code are asked; otherwise both may be
/// empty.
#[server(endpoint = "admin/2fa/begin")]
pub async fn begin_two_factor(password: String, code: String) -> Result<TwoFactorSetup, AppError> {
    let a = crate::ssr::session::current_admin_enrolling().await?;
    let st = crate::ssr::state()?;
    let proof = domain::admin::Proof {
        password: &password,
        code: &code,
    };
    let session = domain::admin::RequestSession {
        id: Some(a.session_id),
        enrolling_token: None,
    };
    let e = domain::admin::begin_enrolment(
        &st.db,
        &st.hasher,
        &st.config.totp_keys,
        a.admin_id,
        proof,
        session,
        chrono::Utc::now(),
    )
    .await?;
    Ok(TwoFactorSetup {
        secret: e.secret_base32,
        qr_svg: e.qr_svg,
    })
}

/// Turns two-factor on with a code from the new app; returns the recovery
/// codes, shown once. An admin enrolling right after the password gets a
/// new, full session cookie.
#[server(endpoint = "admin/2fa/confirm")]
pub async fn confirm_two_factor(code: String, password: String) -> Result<Vec<String>, AppError> {
    use crate::ssr::session;
    let (a, actor) = session::current_actor_enrolling().await?;
    let st = crate::ssr::state()?;
    let enrolling = (a.stage == domain::admin::AdminSessionStage::Enrolling)
        .then(session::request_admin_token)
        .flatten();
    let ip = session::client_ip();
    let agent = session::user_agent();
    let client = domain::admin::Client {
        ip: ip.as_deref(),
        user_agent: agent.as_deref(),
    };
    let enrolled = domain::admin::confirm_enrolment(
        &st.db,
        &st.hasher,
        &st.config.totp_keys,
        &actor,
        a.admin_id,
        &code,
        &password,
        domain::admin::RequestSession {
            id: Some(a.session_id),
            enrolling_token: enrolling.as_deref(),
        },
        client,
        chrono::Utc::now(),
    )
    .await?;
    if let Some(login) = enrolled.session {
        session::set_cookie_on_response(session::admin_cookie(
            &st.config,
            &login.session_token,
            login.expires_at,
        ));
    }
    Ok(enrolled.recovery_codes)
}

#[server(endpoint = "admin/2fa/disable")]
pub async fn disable_two_factor(password: String, code: String) -> Result<(), AppError> {
    let (a, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let proof = domain::admin::Proof {
        password: &password,
        code: &code,
    };
    domain::admin::disable_two_factor(
        &st.db,
        &st.hasher,
        &st.config.totp_keys,
        &actor,
        a.admin_id,
        proof,
        domain::admin::RequestSession {
            id: Some(a.session_id),
            enrolling_token: None,
        },
        domain::admin::TwoFactorPolicy::for_config(&st.config),
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::from)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminSessionInfo {
    pub id: i32,
    pub device: String,
    pub ip: String,
    pub started: String,
    pub last_seen: String,
    pub current: bool,
}

/// The signed-in admin's own sessions.
#[server(endpoint = "admin/sessions")]
pub async fn get_admin_sessions() -> Result<Vec<AdminSessionInfo>, AppError> {
    let a = crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let rows = domain::admin::list_sessions(&st.db, a.admin_id, chrono::Utc::now()).await?;
    Ok(rows
        .into_iter()
        .map(|s| AdminSessionInfo {
            id: s.id,
            device: s
                .user_agent
                .unwrap_or_else(|| "Perangkat tidak dikenal".into()),
            ip: s.ip.unwrap_or_else(|| "-".into()),
            started: super::wib(s.created_at),
            last_seen: super::wib(s.last_seen_at),
            current: s.id == a.session_id,
        })
        .collect())
}

/// Ends one of the admin's own sessions.
#[server(endpoint = "admin/sessions/revoke")]
pub async fn revoke_admin_session(id: i32) -> Result<(), AppError> {
    let (a, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::admin::revoke_session(&st.db, &actor, a.admin_id, id, chrono::Utc::now())
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "admin/audit")]
pub async fn get_audit_log(q: String, page: u64) -> Result<AuditPage, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let found = domain::audit::list(&st.db, &q, page, 30).await?;
    Ok(AuditPage::from_page(found, |e| AuditRow {
        id: e.id,
        when: super::wib(e.created_at),
        actor: e.actor,
        action: e.action,
        target: match e.target_id {
            Some(id) => format!("{} #{id}", e.target_type),
            None => e.target_type,
        },
        summary: e.summary,
        ip: e.ip.unwrap_or_else(|| "-".into()),
    }))
}
