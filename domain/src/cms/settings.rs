//! Site-wide settings (name, contact, social links), stored as key/value
//! rows in `site_settings` under the keys that
//! [`crate::content::settings::SiteSettings`] reads.
use super::{fields::Parsed, validate_fields, DomainError, FieldInput, FieldSpec, Row, Values};
use crate::{
    audit::{self, Actor},
    content::settings::{self as site, SiteSettings},
    entities::site_setting,
    error::DomainResult,
    forms::{validate, FieldErrors},
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{sea_query::OnConflict, ActiveValue::Set, EntityTrait, TransactionTrait};

const FIELDS: &[FieldSpec] = &[
    FieldSpec::new(
        "site_name",
        "Nama situs",
        FieldInput::Line { max: 80 },
        true,
    ),
    FieldSpec::new("tagline", "Tagline", FieldInput::Line { max: 160 }, true),
    FieldSpec::new(
        "description",
        "Deskripsi",
        FieldInput::Text { max: 320 },
        true,
    )
    .help("Dipakai sebagai deskripsi situs di mesin pencari."),
    FieldSpec::new(
        "contact_email",
        "Email kontak",
        FieldInput::Line { max: 254 },
        false,
    ),
    FieldSpec::new(
        "whatsapp",
        "Nomor WhatsApp",
        FieldInput::Line { max: 32 },
        false,
    )
    .help("Format internasional, mis. 6281234567890; 0812… diubah menjadi 62812…."),
    FieldSpec::new("address", "Alamat", FieldInput::Text { max: 300 }, false),
    FieldSpec::new("instagram", "Instagram", FieldInput::Url, false)
        .help("URL profil, mis. https://www.instagram.com/tiranyx."),
    FieldSpec::new("linkedin", "LinkedIn", FieldInput::Url, false),
    FieldSpec::new("github", "GitHub", FieldInput::Url, false),
];

pub fn settings_fields() -> &'static [FieldSpec] {
    FIELDS
}

fn to_values(s: SiteSettings) -> Values {
    [
        ("site_name", s.site_name),
        ("tagline", s.tagline),
        ("description", s.description),
        ("contact_email", s.contact_email),
        ("whatsapp", s.whatsapp),
        ("address", s.address),
        ("instagram", s.instagram),
        ("linkedin", s.linkedin),
        ("github", s.github),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Every setting, with the site's defaults for those never saved.
pub async fn load_settings(db: &Database) -> DomainResult<Values> {
    Ok(to_values(site::load(db).await?))
}

/// Digits only, in international form as wa.me links need it: "+62 812-…"
/// and "0812…" both become "62812…".
fn whatsapp(raw: &str) -> Result<String, String> {
    let Some(_) = validate::phone(raw)? else {
        return Ok(String::new());
    };
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    Ok(match digits.strip_prefix('0') {
        Some(rest) => format!("62{rest}"),
        None => digits,
    })
}

fn rules(row: &mut Row, errors: &mut FieldErrors) {
    let mut normalise = |field: &'static str, check: fn(&str) -> Result<String, String>| {
        if let Some(Parsed::Text(value)) = row.get_mut(field) {
            if !value.is_empty() {
                if let Some(clean) = errors.check(field, check(value)) {
                    *value = clean;
                }
            }
        }
    };
    normalise("contact_email", validate::email);
    normalise("whatsapp", whatsapp);
}

/// Validates every setting, then saves them all at once.
pub async fn save_settings(
    db: &Database,
    actor: &Actor,
    values: &Values,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let mut errors = FieldErrors::default();
    let mut row = validate_fields(FIELDS, values, &mut errors);
    rules(&mut row, &mut errors);
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors));
    }
    let before = load_settings(db).await?;
    let txn = db.writer().begin().await?;
    let rows = row.iter().map(|(key, value)| site_setting::ActiveModel {
        key: Set((*key).to_owned()),
        value: Set(value.display()),
        updated_at: Set(now),
    });
    site_setting::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(site_setting::Column::Key)
                .update_columns([site_setting::Column::Value, site_setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    let before: Vec<(&str, String)> = row
        .keys()
        .map(|k| (*k, before.get(*k).cloned().unwrap_or_default()))
        .collect();
    let after: Vec<(&str, String)> = row.iter().map(|(k, v)| (*k, v.display())).collect();
    let summary = audit::changes(&before, &after);
    audit::record(
        &txn,
        actor,
        "settings.update",
        "settings",
        None,
        &summary,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatsapp_numbers_become_international_digits() {
        assert_eq!(whatsapp("0812-3456-7890").as_deref(), Ok("6281234567890"));
        assert_eq!(
            whatsapp("+62 812 3456 7890").as_deref(),
            Ok("6281234567890")
        );
        assert_eq!(whatsapp("").as_deref(), Ok(""));
        assert!(whatsapp("wa saya").is_err());
    }
}
