//! The signed-in admin, two-factor enrolment and the audit log.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminInfo {
    pub name: String,
    pub email: String,
    pub two_factor_enabled: bool,
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
    Ok(AdminInfo {
        name: a.name,
        email: a.email,
        two_factor_enabled: a.two_factor_enabled,
    })
}

#[server(endpoint = "admin/2fa/begin")]
pub async fn begin_two_factor() -> Result<TwoFactorSetup, AppError> {
    let a = crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let e = domain::admin::begin_enrolment(&st.db, a.admin_id)
        .await
        .map_err(AppError::from)?;
    Ok(TwoFactorSetup {
        secret: e.secret_base32,
        qr_svg: e.qr_svg,
    })
}

/// Returns the recovery codes, shown once.
#[server(endpoint = "admin/2fa/confirm")]
pub async fn confirm_two_factor(code: String) -> Result<Vec<String>, AppError> {
    let (a, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::admin::confirm_enrolment(&st.db, &actor, a.admin_id, &code, chrono::Utc::now())
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "admin/2fa/disable")]
pub async fn disable_two_factor(code: String) -> Result<(), AppError> {
    let (a, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::admin::disable_two_factor(&st.db, &actor, a.admin_id, &code, chrono::Utc::now())
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
