//! The member's licences for the dashboard: what each allows, and which
//! activations hold its seats. Only the key's last characters are shown;
//! the whole key is in the delivery e-mail alone (`domain::licenses`).
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LicenseRow {
    pub product: String,
    /// `TRX-…-ABCDE`.
    pub key: String,
    /// inactive | active | expired | disabled
    pub status: String,
    pub status_label: String,
    pub limit: i32,
    pub usage: i32,
    pub expires: Option<String>,
    pub instances: Vec<InstanceRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InstanceRow {
    /// The public instance id, what the release form sends.
    pub id: String,
    pub name: String,
    pub since: String,
}

#[server(endpoint = "account/licenses")]
pub async fn get_licenses() -> Result<Vec<LicenseRow>, AppError> {
    use domain::entities::license::LicenseStatus;
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    let rows = domain::licenses::licenses_of(&st.db, u.user_id, chrono::Utc::now()).await?;
    Ok(rows
        .into_iter()
        .map(|l| LicenseRow {
            product: l.product_name,
            key: domain::licenses::masked(&l.license.key_suffix),
            status: l.status.as_str().to_owned(),
            status_label: match l.status {
                LicenseStatus::Inactive => "Belum diaktifkan",
                LicenseStatus::Active => "Aktif",
                LicenseStatus::Expired => "Kedaluwarsa",
                LicenseStatus::Disabled => "Dinonaktifkan",
            }
            .to_owned(),
            limit: l.license.activation_limit,
            usage: l.license.activation_usage,
            expires: l.license.expires_at.map(crate::ssr::tanggal),
            instances: l
                .instances
                .into_iter()
                .map(|i| InstanceRow {
                    id: i.instance_id,
                    name: i.name,
                    since: crate::ssr::tanggal(i.created_at),
                })
                .collect(),
        })
        .collect())
}
