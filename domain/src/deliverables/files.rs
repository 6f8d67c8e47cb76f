//! A product's files in private storage: added and removed by an admin
//! (audited), kept under random names in `PRIVATE_FILES_DIR`, never under
//! `public/`. The name the buyer sees is the uploaded one, cleaned.
use super::Deliverables;
use crate::{
    audit::{self, Actor},
    entities::{product, product_file},
    error::{DomainError, DomainResult},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use std::path::Path;

/// What an admin may upload (`DELIVERABLE_EXTENSIONS`,
/// `DELIVERABLE_MAX_MB`).
#[derive(Debug, Clone)]
pub struct FileRules {
    pub extensions: Vec<String>,
    pub max_bytes: u64,
}

impl FileRules {
    pub fn from_config(c: &crate::config::Config) -> Self {
        FileRules {
            extensions: c.deliverable_extensions.clone(),
            max_bytes: c.deliverable_max_bytes,
        }
    }
}

/// "840 B", "12,5 KB", "3,2 MB": sizes as Indonesian readers write them.
pub fn size_label(bytes: i64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes.max(0) as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit]).replace('.', ",")
    }
}

/// The uploaded name without any directory, control characters or
/// characters that break a `Content-Disposition` header, at most 200.
fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    base.chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';'))
        .take(200)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The lower-case extension of `name`, if any.
fn extension(name: &str) -> Option<String> {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The type a browser is told, by extension (the bytes are never run).
pub(crate) fn content_type(ext: &str) -> &'static str {
    match ext {
        "zip" => "application/zip",
        "pdf" => "application/pdf",
        "epub" => "application/epub+zip",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// `bytes` named `name` checked against `rules` (the type whitelist and
/// the size limit): the cleaned name and the extension, or `field`'s
/// message (`empty` when there is no file).
pub(crate) fn check_file(
    rules: &FileRules,
    field: &'static str,
    name: &str,
    bytes: &[u8],
    empty: &str,
) -> DomainResult<(String, String)> {
    let file_name = clean_name(name);
    if bytes.is_empty() || file_name.is_empty() {
        return Err(DomainError::field(field, empty));
    }
    let ext = extension(&file_name)
        .filter(|e| rules.extensions.iter().any(|allowed| allowed == e))
        .ok_or_else(|| {
            DomainError::field(
                field,
                format!(
                    "Jenis file ini tidak diizinkan. Yang diterima: {}.",
                    rules.extensions.join(", ")
                ),
            )
        })?;
    if bytes.len() as u64 > rules.max_bytes {
        return Err(DomainError::field(
            field,
            format!(
                "Ukuran file maksimal {}.",
                size_label(rules.max_bytes as i64)
            ),
        ));
    }
    Ok((file_name, ext))
}

/// Writes `bytes` under a new random name with extension `ext` in private
/// storage; returns the stored name.
pub(crate) async fn store(d: &Deliverables, ext: &str, bytes: &[u8]) -> DomainResult<String> {
    let mut raw = [0u8; 16];
    crate::random::fill(&mut raw);
    let stored_name = format!("{}.{ext}", hex::encode(raw));
    d.files.put(&stored_name, bytes.to_vec()).await?;
    Ok(stored_name)
}

/// Removes a stored file; a failure is logged (an orphan file is harmless,
/// a row without its file is not, so rows go first).
pub(crate) async fn discard(d: &Deliverables, stored_name: &str) {
    if let Err(e) = d.files.delete(stored_name).await {
        tracing::warn!(error = %e, "removing a private file");
    }
}

/// The files of product `product_id`, oldest first.
pub async fn files_of(db: &Database, product_id: i32) -> DomainResult<Vec<product_file::Model>> {
    Ok(product_file::Entity::find()
        .filter(product_file::Column::ProductId.eq(product_id))
        .order_by_asc(product_file::Column::Id)
        .all(db.reader())
        .await?)
}

/// Keeps `bytes` as a file of product `product_id` named `name` (audited
/// as `product.file_add`). A refused file writes nothing; a file whose
/// row cannot be written is removed again.
#[allow(clippy::too_many_arguments)]
pub async fn add_file(
    db: &Database,
    d: &Deliverables,
    rules: &FileRules,
    actor: &Actor,
    product_id: i32,
    name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> DomainResult<product_file::Model> {
    let (file_name, ext) = check_file(
        rules,
        "file",
        name,
        bytes,
        "Pilih file yang akan dikirim ke pembeli.",
    )?;
    let product = product::Entity::find_by_id(product_id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let stored_name = store(d, &ext, bytes).await?;
    let written = async {
        let txn = db.writer().begin().await?;
        let file = product_file::Entity::insert(product_file::ActiveModel {
            product_id: Set(product_id),
            file_name: Set(file_name.clone()),
            stored_name: Set(stored_name.clone()),
            content_type: Set(content_type(&ext).to_owned()),
            size_bytes: Set(bytes.len() as i64),
            created_at: Set(now),
            ..Default::default()
        })
        .exec_with_returning(&txn)
        .await?;
        audit::record(
            &txn,
            actor,
            "product.file_add",
            "product",
            Some(product_id),
            &format!(
                "menambah file {file_name} ({}) ke produk {}",
                size_label(file.size_bytes),
                product.name
            ),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok::<_, DomainError>(file)
    }
    .await;
    if written.is_err() {
        discard(d, &stored_name).await;
    }
    written
}

/// Removes file `file_id` of product `product_id` (audited as
/// `product.file_remove`); links to it stop working.
pub async fn remove_file(
    db: &Database,
    d: &Deliverables,
    actor: &Actor,
    product_id: i32,
    file_id: i32,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let txn = db.writer().begin().await?;
    let file = product_file::Entity::find_by_id(file_id)
        .filter(product_file::Column::ProductId.eq(product_id))
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    product_file::Entity::delete_by_id(file.id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        actor,
        "product.file_remove",
        "product",
        Some(product_id),
        &format!("menghapus file {} dari produk", file.file_name),
        now,
    )
    .await?;
    txn.commit().await?;
    // After the commit: a failed removal leaves an orphan, never a row
    // without its file.
    discard(d, &file.stored_name).await;
    Ok(())
}

/// Demo content (`DEMO_CONTENT=true`): each file product without files
/// gets its guide, written from the product's own description, so buying
/// one delivers a real file. Returns how many files were added.
pub async fn seed_demo_files(
    db: &Database,
    d: &Deliverables,
    now: DateTime<Utc>,
) -> DomainResult<usize> {
    use crate::entities::DeliveryType;
    let products = product::Entity::find()
        .filter(product::Column::DeliveryType.eq(DeliveryType::EmailFile))
        .all(db.reader())
        .await?;
    let mut added = 0;
    for p in products {
        if !files_of(db, p.id).await?.is_empty() {
            continue;
        }
        let guide = format!("# {}\n\n{}\n\n{}\n", p.name, p.tagline, p.description_md);
        let mut raw = [0u8; 16];
        crate::random::fill(&mut raw);
        let stored_name = format!("{}.md", hex::encode(raw));
        d.files
            .put(&stored_name, guide.clone().into_bytes())
            .await?;
        product_file::Entity::insert(product_file::ActiveModel {
            product_id: Set(p.id),
            file_name: Set(format!("{}-panduan.md", p.slug)),
            stored_name: Set(stored_name),
            content_type: Set(content_type("md").to_owned()),
            size_bytes: Set(guide.len() as i64),
            created_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(db.writer())
        .await?;
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_directories_and_header_breakers() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\x\\Panduan \"A\";.pdf"), "Panduan A.pdf");
        assert_eq!(clean_name("a\r\nb.zip"), "ab.zip");
        assert_eq!(clean_name(&"x".repeat(300)).len(), 200);
    }

    #[test]
    fn sizes_read_the_indonesian_way() {
        assert_eq!(size_label(840), "840 B");
        assert_eq!(size_label(12_800), "12,5 KB");
        assert_eq!(size_label(3_355_443), "3,2 MB");
    }
}
