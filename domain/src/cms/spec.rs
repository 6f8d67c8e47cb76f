//! Field specs: what each form field is, how it is entered and checked.

/// One form field. `name` is also the column name, except `publish_at`,
/// which is stored in `published_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub label: &'static str,
    pub input: FieldInput,
    pub required: bool,
    /// Shown under the field; may be empty.
    pub help: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldInput {
    /// One line of at most `max` characters.
    Line {
        max: usize,
    },
    /// Several lines of at most `max` characters.
    Text {
        max: usize,
    },
    Markdown,
    Integer {
        min: i64,
        max: i64,
    },
    /// Whole rupiah, 0 to 1 000 000 000 000; "1.500.000" is accepted.
    MoneyIdr,
    /// A whole number of US cents (1250 = US$12.50), 0 to 1 000 000 000 000.
    UsdCents,
    /// A checkbox: "true"/"on"/"1" or "false"/""/"0"/"off".
    Bool,
    /// An absolute http:// or https:// URL.
    Url,
    /// One of `(value, label)`.
    Select(&'static [(&'static str, &'static str)]),
    /// "YYYY-MM-DDTHH:MM" (HTML `datetime-local`) in Asia/Jakarta time,
    /// UTC+7 with no daylight saving, so a fixed offset; stored as UTC.
    DateTime,
    /// "/uploads/…" or an https:// URL.
    Image,
    /// Comma-separated; stored trimmed and deduplicated, joined by ", ".
    Tags,
}

impl FieldSpec {
    /// What a new record's form starts with: a required choice starts at
    /// its first option (a post starts as a draft), never blank.
    pub fn initial_value(&self) -> Option<&'static str> {
        match self.input {
            FieldInput::Select(options) if self.required => options.first().map(|(v, _)| *v),
            _ => None,
        }
    }

    pub(crate) const fn new(
        name: &'static str,
        label: &'static str,
        input: FieldInput,
        required: bool,
    ) -> Self {
        Self {
            name,
            label,
            input,
            required,
            help: "",
        }
    }

    pub(crate) const fn help(mut self, help: &'static str) -> Self {
        self.help = help;
        self
    }
}

/// Fields that most kinds share.
pub(crate) mod common {
    use super::{FieldInput, FieldSpec};
    pub const TITLE: FieldSpec =
        FieldSpec::new("title", "Judul", FieldInput::Line { max: 200 }, true);
    pub const NAME: FieldSpec = FieldSpec::new("name", "Nama", FieldInput::Line { max: 200 }, true);
    pub const SLUG: FieldSpec =
        FieldSpec::new("slug", "Slug", FieldInput::Line { max: 160 }, false)
            .help("Bagian alamat halaman. Kosongkan untuk dibuat otomatis dari judul.");
    pub const SUMMARY: FieldSpec =
        FieldSpec::new("summary", "Ringkasan", FieldInput::Text { max: 500 }, true);
    pub const BODY: FieldSpec =
        FieldSpec::new("body_md", "Isi", FieldInput::Markdown, true).help("Markdown.");
    pub const COVER: FieldSpec =
        FieldSpec::new("cover_url", "Gambar sampul", FieldInput::Image, false)
            .help("Berkas unggahan (/uploads/…) atau URL https://.");
    pub const PUBLISHED: FieldSpec =
        FieldSpec::new("published", "Tampilkan di situs", FieldInput::Bool, false);
    pub const ACTIVE: FieldSpec =
        FieldSpec::new("active", "Aktif (dijual)", FieldInput::Bool, false);
    pub const FEATURED: FieldSpec = FieldSpec::new("featured", "Unggulan", FieldInput::Bool, false);
    pub const SORT_ORDER: FieldSpec = FieldSpec::new(
        "sort_order",
        "Urutan",
        FieldInput::Integer {
            min: -100_000,
            max: 100_000,
        },
        false,
    )
    .help("Angka kecil tampil lebih dulu. Kosong berarti 0.");
}

#[cfg(test)]
mod tests {
    use crate::cms::ContentKind;

    #[test]
    fn a_new_post_starts_as_a_draft() {
        let status = ContentKind::Post
            .fields()
            .iter()
            .find(|f| f.name == "status")
            .unwrap();
        assert_eq!(status.initial_value(), Some("draft"));
        let title = ContentKind::Post
            .fields()
            .iter()
            .find(|f| f.name == "title")
            .unwrap();
        assert_eq!(title.initial_value(), None);
    }
}
