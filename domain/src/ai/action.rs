//! What the assistant is asked to do, and the brief it works from.
use crate::{error::DomainResult, forms::FieldErrors, DomainError};
use serde::{Deserialize, Serialize};

/// One "Bantu tulis" action. Each is counted against the admin's daily
/// limit and audited as `ai.<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// An outline from the title and keywords.
    Outline,
    /// A first draft from the title, keywords (and an outline, if any).
    Draft,
    /// The selected text, clearer.
    Rewrite,
    /// The selected text, about half as long.
    Shorten,
    /// SEO title and meta description from the body.
    Seo,
    /// Tags from the site's existing tags.
    Tags,
    /// Alt text for an uploaded image.
    AltText,
    /// A generated cover image, stored like an upload.
    Cover,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Outline,
        Action::Draft,
        Action::Rewrite,
        Action::Shorten,
        Action::Seo,
        Action::Tags,
        Action::AltText,
        Action::Cover,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Outline => "outline",
            Action::Draft => "draft",
            Action::Rewrite => "rewrite",
            Action::Shorten => "shorten",
            Action::Seo => "seo",
            Action::Tags => "tags",
            Action::AltText => "alt_text",
            Action::Cover => "cover",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// The audit log's action name.
    pub fn audit_action(self) -> String {
        format!("ai.{}", self.as_str())
    }

    /// Its name in the editor and the audit summary.
    pub fn label(self) -> &'static str {
        match self {
            Action::Outline => "Buat kerangka",
            Action::Draft => "Tulis draf pertama",
            Action::Rewrite => "Tulis ulang",
            Action::Shorten => "Persingkat",
            Action::Seo => "Judul & deskripsi SEO",
            Action::Tags => "Sarankan tag",
            Action::AltText => "Teks alternatif gambar",
            Action::Cover => "Buat gambar sampul",
        }
    }
}

/// Longest title, keywords and text sent to the provider.
pub const TITLE_MAX: usize = 200;
pub const KEYWORDS_MAX: usize = 300;
pub const TEXT_MAX: usize = 20_000;

/// What the editor holds when an action is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brief {
    /// What is written: "artikel", "studi kasus", "deskripsi produk".
    pub kind: String,
    pub title: String,
    pub keywords: String,
    /// The selected text (rewrite, shorten), the body (SEO, tags, draft
    /// from an outline), or the image URL (alt text).
    pub text: String,
}

impl Brief {
    /// Checks what `action` needs; the messages name the editor's fields.
    pub fn check(&self, action: Action) -> DomainResult<()> {
        let mut errors = FieldErrors::default();
        let title = self.title.trim();
        let text = self.text.trim();
        let needs_title = matches!(action, Action::Outline | Action::Draft | Action::Cover);
        if needs_title && title.is_empty() {
            errors.add("title", "Isi judul dulu agar asisten tahu topiknya.");
        }
        if title.chars().count() > TITLE_MAX {
            errors.add("title", format!("Judul maksimal {TITLE_MAX} karakter."));
        }
        if self.keywords.chars().count() > KEYWORDS_MAX {
            errors.add(
                "keywords",
                format!("Kata kunci maksimal {KEYWORDS_MAX} karakter."),
            );
        }
        match action {
            Action::Rewrite | Action::Shorten if text.is_empty() => {
                errors.add("text", "Pilih (sorot) teks di isi yang ingin diubah dulu.");
            }
            Action::Seo | Action::Tags if text.is_empty() => {
                errors.add("text", "Tulis isinya dulu; saran dibuat dari isi.");
            }
            Action::AltText if text.is_empty() => {
                errors.add(
                    "text",
                    "Unggah gambar dulu; teks alternatif dibuat dari gambarnya.",
                );
            }
            _ => {}
        }
        if text.chars().count() > TEXT_MAX {
            errors.add(
                "text",
                format!("Teks maksimal {TEXT_MAX} karakter untuk asisten."),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(errors))
        }
    }
}
