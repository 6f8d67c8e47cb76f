//! The contact form: a visitor's message to the agency, stored for the
//! admin inbox.
use super::{validate, FieldErrors};
use crate::{
    entities::{contact_message, ContactStatus},
    error::DomainError,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};

/// The `ip` column holds 64 characters (an IPv6 address needs at most 45).
const IP_MAX_CHARS: usize = 64;

/// The form as posted; every field is raw visitor input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub message: String,
    /// Honeypot: hidden from people by CSS, so only bots fill it in.
    pub website: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactOutcome {
    /// The id of the new message.
    Stored(i32),
    /// honeypot filled: looks like success to the bot, nothing stored
    Discarded,
}

/// The cleaned fields of a valid submission.
struct Contact {
    name: String,
    email: String,
    phone: Option<String>,
    message: String,
}

/// Validates everything first and writes nothing on invalid input.
/// name 2..=120, email, phone optional, message 10..=5000. Stores status Unread, ip, created_at = now.
///
/// The honeypot is checked before validation: a bot gets the same answer as
/// a person whose message was stored, and learns nothing about our rules.
pub async fn submit(
    db: &Database,
    input: &ContactInput,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<ContactOutcome, DomainError> {
    if !input.website.trim().is_empty() {
        return Ok(ContactOutcome::Discarded);
    }
    let contact = validate_input(input).map_err(DomainError::Invalid)?;
    let row = contact_message::ActiveModel {
        name: Set(contact.name),
        email: Set(contact.email),
        phone: Set(contact.phone),
        message: Set(contact.message),
        status: Set(ContactStatus::Unread),
        ip: Set(ip.map(|ip| ip.chars().take(IP_MAX_CHARS).collect())),
        created_at: Set(now),
        ..Default::default()
    };
    let id = contact_message::Entity::insert(row)
        .exec(db.writer())
        .await
        .map_err(DomainError::from)?
        .last_insert_id;
    Ok(ContactOutcome::Stored(id))
}

/// Checks every field, so the visitor sees all problems at once.
fn validate_input(input: &ContactInput) -> Result<Contact, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", validate::line(&input.name, 2, 120, "Nama"));
    let email = errors.check("email", validate::email(&input.email));
    let phone = errors.check("phone", validate::phone(&input.phone));
    let message = errors.check("message", validate::text(&input.message, 10, 5000, "Pesan"));
    match (name, email, phone, message) {
        (Some(name), Some(email), Some(phone), Some(message)) => Ok(Contact {
            name,
            email,
            phone,
            message,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ContactInput {
        ContactInput {
            name: "Dewi Ayu Lestari".into(),
            email: " Dewi+Web@Example.com ".into(),
            phone: "".into(),
            message: "Kami butuh website company profile.".into(),
            website: "".into(),
        }
    }

    #[test]
    fn valid_input_is_cleaned() {
        let c = validate_input(&valid()).unwrap();
        assert_eq!(c.email, "dewi+web@example.com");
        assert_eq!(c.phone, None);
    }

    #[test]
    fn every_invalid_field_is_reported() {
        let input = ContactInput {
            name: "A".into(),
            email: "a@b".into(),
            phone: "123".into(),
            message: "pendek".into(),
            website: "".into(),
        };
        let errors = validate_input(&input).err().unwrap();
        let keys: Vec<_> = errors.0.keys().copied().collect();
        assert_eq!(keys, ["email", "message", "name", "phone"]);
    }
}
