//! CMS server functions for every content kind of the public site, plus
//! the markdown preview and media uploads. The kind travels as its URL slug
//! ("posts", "products", …) and is checked against the domain's list.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::{Json, MultipartData, MultipartFormData};
use std::collections::BTreeMap;

/// How a field is edited; mirrors `domain::cms::FieldInput`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum InputView {
    Line { max: usize },
    Text { max: usize },
    Markdown,
    Integer { min: i64, max: i64 },
    MoneyIdr,
    UsdCents,
    Bool,
    Url,
    Select { options: Vec<(String, String)> },
    DateTime,
    Image,
    Tags,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldView {
    pub name: String,
    pub label: String,
    pub input: InputView,
    pub required: bool,
    pub help: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContentRow {
    pub id: i32,
    pub title: String,
    pub slug: String,
    /// "draft" | "scheduled" | "published"
    pub status: String,
    pub status_label: String,
    pub updated: String,
    pub publish_at: Option<String>,
    pub public_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContentList {
    pub label: String,
    /// Posts have a scheduled state; the filter offers it only for them.
    pub has_schedule: bool,
    #[serde(flatten)]
    pub list: crate::model::Paged<ContentRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContentForm {
    pub label: String,
    pub fields: Vec<FieldView>,
    pub values: BTreeMap<String, String>,
    pub status_label: Option<String>,
    pub public_url: Option<String>,
}

/// A save either lands (with the item's id) or comes back with a message
/// per field; neither is an error of the call itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved { id: i32 },
    Invalid { errors: BTreeMap<String, String> },
}

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use super::*;
    use domain::{
        cms::{FieldInput, FieldSpec},
        DomainError,
    };

    pub fn kind(slug: &str) -> Result<domain::cms::ContentKind, AppError> {
        domain::cms::ContentKind::from_slug(slug).ok_or(AppError::not_found())
    }

    pub fn field(f: &FieldSpec) -> FieldView {
        let input = match f.input {
            FieldInput::Line { max } => InputView::Line { max },
            FieldInput::Text { max } => InputView::Text { max },
            FieldInput::Markdown => InputView::Markdown,
            FieldInput::Integer { min, max } => InputView::Integer { min, max },
            FieldInput::MoneyIdr => InputView::MoneyIdr,
            FieldInput::UsdCents => InputView::UsdCents,
            FieldInput::Bool => InputView::Bool,
            FieldInput::Url => InputView::Url,
            FieldInput::Select(options) => InputView::Select {
                options: options
                    .iter()
                    .map(|(v, l)| (v.to_string(), l.to_string()))
                    .collect(),
            },
            FieldInput::DateTime => InputView::DateTime,
            FieldInput::Image => InputView::Image,
            FieldInput::Tags => InputView::Tags,
        };
        FieldView {
            name: f.name.to_owned(),
            label: f.label.to_owned(),
            input,
            required: f.required,
            help: f.help.to_owned(),
        }
    }

    /// Field errors become a normal outcome; the rest are errors.
    pub fn saved(result: Result<i32, DomainError>) -> Result<SaveOutcome, AppError> {
        match result {
            Ok(id) => Ok(SaveOutcome::Saved { id }),
            Err(DomainError::Invalid(errors)) => Ok(SaveOutcome::Invalid {
                errors: errors
                    .0
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect(),
            }),
            Err(DomainError::Conflict { field }) => Ok(SaveOutcome::Invalid {
                errors: BTreeMap::from([(
                    field.to_owned(),
                    crate::error::taken_message(field).to_owned(),
                )]),
            }),
            Err(e) => Err(e.into()),
        }
    }
}

#[server(endpoint = "admin/content/list")]
pub async fn get_content_list(
    kind: String,
    q: String,
    status: String,
    page: u64,
) -> Result<ContentList, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let kind = convert::kind(&kind)?;
    let query = domain::cms::ListQuery {
        q: q.chars().take(200).collect(),
        status: domain::cms::ContentStatus::parse(&status),
        page,
        per_page: 20,
    };
    let found = domain::cms::list(&st.db, kind, &query).await?;
    Ok(ContentList {
        label: kind.label().to_owned(),
        has_schedule: kind == domain::cms::ContentKind::Post,
        list: crate::model::Paged::from_page(found, |s| ContentRow {
            public_url: (s.status == domain::cms::ContentStatus::Published)
                .then(|| kind.public_path(&s.slug))
                .flatten(),
            id: s.id,
            title: s.title,
            slug: s.slug,
            status: s.status.as_str().to_owned(),
            status_label: s.status.label().to_owned(),
            updated: super::wib(s.updated_at),
            publish_at: s.publish_at.map(super::wib),
        }),
    })
}

/// The edit form of item `id`, or an empty one for a new item.
#[server(endpoint = "admin/content/form")]
pub async fn get_content_form(kind: String, id: Option<i32>) -> Result<ContentForm, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let kind = convert::kind(&kind)?;
    let fields = kind.fields().iter().map(convert::field).collect();
    let (values, status, public_url) = match id {
        Some(id) => {
            let r = domain::cms::get(&st.db, kind, id)
                .await
                .map_err(AppError::from)?;
            let url = (r.status == domain::cms::ContentStatus::Published)
                .then(|| r.values.get("slug").and_then(|slug| kind.public_path(slug)))
                .flatten();
            (r.values, Some(r.status.label().to_owned()), url)
        }
        None => (
            kind.fields()
                .iter()
                .filter_map(|f| Some((f.name.to_owned(), f.initial_value()?.to_owned())))
                .collect(),
            None,
            None,
        ),
    };
    Ok(ContentForm {
        label: kind.label().to_owned(),
        fields,
        values,
        status_label: status,
        public_url,
    })
}

/// Creates (`id` None) or updates an item. JSON-encoded: the values are a
/// map of field name to text, as the generic editor holds them.
#[server(endpoint = "admin/content/save", input = Json)]
pub async fn save_content(
    kind: String,
    id: Option<i32>,
    values: BTreeMap<String, String>,
) -> Result<SaveOutcome, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let kind = convert::kind(&kind)?;
    let now = chrono::Utc::now();
    match id {
        None => convert::saved(domain::cms::create(&st.db, &actor, kind, &values, now).await),
        Some(id) => convert::saved(
            domain::cms::update(&st.db, &actor, kind, id, &values, now)
                .await
                .map(|()| id),
        ),
    }
}

#[server(endpoint = "admin/content/delete")]
pub async fn delete_content(kind: String, id: i32) -> Result<(), AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let kind = convert::kind(&kind)?;
    domain::cms::delete(&st.db, &actor, kind, id, chrono::Utc::now())
        .await
        .map_err(AppError::from)
}

#[server(endpoint = "admin/content/publish")]
pub async fn set_content_published(kind: String, id: i32, published: bool) -> Result<(), AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let kind = convert::kind(&kind)?;
    domain::cms::set_published(&st.db, &actor, kind, id, published, chrono::Utc::now())
        .await
        .map_err(AppError::from)
}

/// The public site's sanitized renderer, for the editor's live preview.
#[server(endpoint = "admin/markdown/preview", input = Json)]
pub async fn preview_markdown(markdown: String) -> Result<String, AppError> {
    crate::ssr::session::current_admin().await?;
    if markdown.len() > 400_000 {
        return Err(AppError::invalid("Teks terlalu panjang untuk pratinjau."));
    }
    Ok(domain::markdown::render(&markdown))
}

/// Largest image an admin may upload (covers, thumbnails, screenshots).
pub const MAX_MEDIA_BYTES: usize = 5 * 1024 * 1024;

/// Stores one image (field `file`) under `UPLOADS_DIR/media` with a random
/// name and returns its public URL. A refused file leaves nothing on disk.
#[server(endpoint = "admin/media/upload", input = MultipartFormData)]
pub async fn upload_media(data: MultipartData) -> Result<String, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let mut multipart = data.into_inner().ok_or(AppError::internal())?;
    use domain::uploads::UploadError;
    let too_large = || {
        let max_kib = MAX_MEDIA_BYTES / 1024;
        AppError::from(UploadError::TooLarge { max_kib }.for_field("file"))
    };
    let empty = || AppError::from(UploadError::Empty.for_field("file"));
    let (name, bytes) = loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|_| empty())?
            .ok_or_else(empty)?;
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let mut field = field;
        let mut bytes = Vec::new();
        // Read in chunks and stop as soon as the limit is passed, so an
        // oversized upload never sits in memory whole.
        while let Some(chunk) = field.chunk().await.map_err(|_| too_large())? {
            if bytes.len() + chunk.len() > MAX_MEDIA_BYTES {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        break (name, bytes);
    };
    let now = chrono::Utc::now();
    let stored = domain::uploads::upload_media(
        &st.db,
        &actor,
        &st.storage.uploads,
        &name,
        bytes,
        MAX_MEDIA_BYTES,
        now,
    )
    .await?;
    let url = format!("/uploads/media/{stored}");
    Ok(url)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsForm {
    pub fields: Vec<FieldView>,
    pub values: BTreeMap<String, String>,
}

#[server(endpoint = "admin/settings")]
pub async fn get_settings_form() -> Result<SettingsForm, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    Ok(SettingsForm {
        fields: domain::cms::settings_fields()
            .iter()
            .map(convert::field)
            .collect(),
        values: domain::cms::load_settings(&st.db).await?,
    })
}

#[server(endpoint = "admin/settings/save", input = Json)]
pub async fn save_settings(values: BTreeMap<String, String>) -> Result<SaveOutcome, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    convert::saved(
        domain::cms::save_settings(&st.db, &actor, &values, chrono::Utc::now())
            .await
            .map(|()| 0),
    )
}
