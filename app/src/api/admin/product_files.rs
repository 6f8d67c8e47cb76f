//! The files a product delivers by e-mail link, for its edit page (the
//! upload and removal posts are `server::product_files`).
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductFileRow {
    pub id: i32,
    pub name: String,
    pub size: String,
    pub added: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductFiles {
    pub files: Vec<ProductFileRow>,
    /// "zip, pdf, …": what may be uploaded.
    pub allowed: String,
    /// "200,0 MB".
    pub max_size: String,
    /// Downloads each purchase may make.
    pub download_limit: u32,
}

#[server(endpoint = "admin/products/files")]
pub async fn get_product_files(product_id: i32) -> Result<ProductFiles, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let files = domain::deliverables::files_of(&st.db, product_id).await?;
    Ok(ProductFiles {
        files: files
            .into_iter()
            .map(|f| ProductFileRow {
                id: f.id,
                size: domain::deliverables::files::size_label(f.size_bytes),
                added: super::wib(f.created_at),
                name: f.file_name,
            })
            .collect(),
        allowed: st.config.deliverable_extensions.join(", "),
        max_size: domain::deliverables::files::size_label(st.config.deliverable_max_bytes as i64),
        download_limit: st.config.download_limit,
    })
}
