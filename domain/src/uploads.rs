//! Checks for uploaded images (avatars now, CMS covers later): the file's
//! extension and its first bytes must both say it is an allowed image, and it
//! must fit the size limit. Names are random, so nothing a visitor typed ever
//! reaches the file system.
use crate::storage::Area;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Webp,
}

impl ImageKind {
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Webp => "webp",
        }
    }

    fn from_extension(name: &str) -> Option<Self> {
        let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(ImageKind::Png),
            "jpg" | "jpeg" => Some(ImageKind::Jpeg),
            "webp" => Some(ImageKind::Webp),
            _ => None,
        }
    }

    /// What the magic bytes say the file is.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(ImageKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageKind::Jpeg)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageKind::Webp)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("Pilih file gambar terlebih dahulu.")]
    Empty,
    #[error("Ukuran file maksimal {max_kib} KB.")]
    TooLarge { max_kib: usize },
    #[error("Hanya gambar PNG, JPG atau WebP yang diterima.")]
    NotAnAllowedImage,
}

impl UploadError {
    /// Stable code for URLs and JSON.
    pub fn code(&self) -> &'static str {
        match self {
            UploadError::Empty => "empty",
            UploadError::TooLarge { .. } => "too_large",
            UploadError::NotAnAllowedImage => "not_an_image",
        }
    }
}

impl UploadError {
    /// As the error pipeline's field error on the form field `file`.
    pub fn for_field(self, field: &'static str) -> crate::DomainError {
        crate::DomainError::field(field, self.to_string())
    }
}

/// An admin uploads a CMS image: checked, stored in the uploads' `media/`
/// with a random name, and audited (`media.upload`). A refused file leaves
/// nothing stored; if the audit row cannot be written the stored file is
/// removed again, so there is never an upload without its audit row.
/// Returns the stored file name.
pub async fn upload_media(
    db: &crate::Database,
    actor: &crate::audit::Actor,
    uploads: &Area,
    file_name: &str,
    bytes: Vec<u8>,
    max_bytes: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::error::DomainResult<String> {
    let kind = check_image(file_name, &bytes, max_bytes).map_err(|e| e.for_field("file"))?;
    let stored = store(uploads, MEDIA, kind, bytes).await?;
    let summary = format!("gambar diunggah: /uploads/media/{stored}");
    let audited = crate::audit::record(
        db.writer(),
        actor,
        "media.upload",
        "media",
        None,
        &summary,
        now,
    )
    .await;
    if let Err(e) = audited {
        remove(uploads, MEDIA, &stored).await;
        return Err(e.into());
    }
    Ok(stored)
}

/// Accepts the upload only if its name and its content agree on an allowed
/// image type and it fits `max_bytes`.
pub fn check_image(
    file_name: &str,
    bytes: &[u8],
    max_bytes: usize,
) -> Result<ImageKind, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(UploadError::TooLarge {
            max_kib: max_bytes / 1024,
        });
    }
    match (
        ImageKind::from_extension(file_name),
        ImageKind::sniff(bytes),
    ) {
        (Some(named), Some(real)) if named == real => Ok(real),
        _ => Err(UploadError::NotAnAllowedImage),
    }
}

/// The uploads' folders: CMS images and members' avatars.
pub const MEDIA: &str = "media";
pub const AVATARS: &str = "avatars";

/// Writes the image into `folder` of the uploads with a random name (never
/// half-written: see [`Area::put`]). Returns the file name.
pub async fn store(
    uploads: &Area,
    folder: &str,
    kind: ImageKind,
    bytes: Vec<u8>,
) -> Result<String, crate::storage::StorageError> {
    let mut random = [0u8; 16];
    crate::random::fill(&mut random);
    let name = format!("{}.{}", hex::encode(random), kind.extension());
    uploads.put(&format!("{folder}/{name}"), bytes).await?;
    Ok(name)
}

/// Removes a previously stored file, if the name is one of ours.
pub async fn remove(uploads: &Area, folder: &str, name: &str) {
    let ours = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == '.' || c.is_ascii_lowercase());
    if ours && !name.contains("..") {
        if let Err(e) = uploads.delete(&format!("{folder}/{name}")).await {
            tracing::warn!(error = %e, "removing an upload");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];

    #[test]
    fn name_and_content_must_agree() {
        assert_eq!(check_image("saya.PNG", PNG, 1024), Ok(ImageKind::Png));
        assert_eq!(check_image("foto.jpeg", JPEG, 1024), Ok(ImageKind::Jpeg));
        let webp = b"RIFF\x10\x00\x00\x00WEBPVP8 ";
        assert_eq!(check_image("a.webp", webp, 1024), Ok(ImageKind::Webp));
        // An HTML or script file renamed to .png is refused.
        assert_eq!(
            check_image("x.png", b"<script>alert(1)</script>", 1024),
            Err(UploadError::NotAnAllowedImage)
        );
        // A real PNG with the wrong extension, or none, is refused too.
        assert_eq!(
            check_image("x.jpg", PNG, 1024),
            Err(UploadError::NotAnAllowedImage)
        );
        assert_eq!(
            check_image("x.svg", PNG, 1024),
            Err(UploadError::NotAnAllowedImage)
        );
        assert_eq!(
            check_image("png", PNG, 1024),
            Err(UploadError::NotAnAllowedImage)
        );
    }

    #[test]
    fn size_limit_and_empty_files() {
        assert_eq!(check_image("a.png", &[], 1024), Err(UploadError::Empty));
        let big = [PNG, &[0u8; 2048]].concat();
        assert_eq!(
            check_image("a.png", &big, 1024),
            Err(UploadError::TooLarge { max_kib: 1 })
        );
    }

    #[tokio::test]
    async fn stored_names_are_random_and_ignore_the_visitors_name() {
        let dir = tempfile::tempdir().unwrap();
        let uploads = Area::local(dir.path()).unwrap();
        let a = store(&uploads, MEDIA, ImageKind::Png, PNG.to_vec())
            .await
            .unwrap();
        let b = store(&uploads, MEDIA, ImageKind::Png, PNG.to_vec())
            .await
            .unwrap();
        assert_ne!(a, b);
        assert!(a.ends_with(".png") && a.len() == 36, "{a}");
        assert!(dir.path().join("media").join(&a).exists());
        remove(&uploads, MEDIA, &a).await;
        assert!(!dir.path().join("media").join(&a).exists());
        remove(&uploads, MEDIA, "../../etc/passwd").await;
    }
}
