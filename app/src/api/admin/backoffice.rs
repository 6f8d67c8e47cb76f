//! The back office: the contact inbox, the waitlists and the member
//! accounts. Only view structs cross to the browser; every change is
//! audited by the domain in the same transaction.
use crate::{error::AppError, model::Paged};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Rows per page of every back-office listing.
#[cfg(feature = "ssr")]
const PER_PAGE: u64 = 25;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    /// The start of the message, as plain text.
    pub preview: String,
    /// "unread" | "read" | "archived"
    pub status: String,
    pub status_label: String,
    pub received: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactCountsView {
    pub unread: u64,
    pub read: u64,
    pub archived: u64,
}

impl ContactCountsView {
    pub fn all(&self) -> u64 {
        self.unread + self.read + self.archived
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactInbox {
    #[serde(flatten)]
    pub list: Paged<ContactRow>,
    pub counts: ContactCountsView,
}

/// One message in full. `message` is plain text: render it as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactMessageView {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub message: String,
    pub status: String,
    pub status_label: String,
    pub received: String,
    pub ip: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaitlistProduct {
    pub slug: String,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaitlistRow {
    pub id: i32,
    pub product: String,
    pub email: String,
    pub name: String,
    pub joined: String,
}

pub type WaitlistPage = Paged<WaitlistRow>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: i32,
    pub name: String,
    pub email: String,
    /// "Member" or "Klien".
    pub kind: String,
    pub verified: bool,
    pub disabled: bool,
    pub joined: String,
}

pub type MemberPage = Paged<MemberRow>;

/// `domain::backoffice::members::MemberSummary` for the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberDetail {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub kind: String,
    /// Set for an agency client: their id in Ixonomic.
    pub ixonomic_client_id: Option<String>,
    pub verified: bool,
    pub disabled: bool,
    pub joined: String,
    pub last_seen: Option<String>,
    pub active_sessions: u64,
}

#[cfg(feature = "ssr")]
mod convert {
    use super::*;
    use crate::api::admin::wib;
    use domain::{
        backoffice::{contacts, members::MemberSummary},
        entities::{contact_message, user::UserType, waitlist_entry, ContactStatus},
    };

    pub fn status_key(s: ContactStatus) -> &'static str {
        match s {
            ContactStatus::Unread => "unread",
            ContactStatus::Read => "read",
            ContactStatus::Archived => "archived",
        }
    }

    pub fn parse_status(s: &str) -> Option<ContactStatus> {
        match s {
            "unread" => Some(ContactStatus::Unread),
            "read" => Some(ContactStatus::Read),
            "archived" => Some(ContactStatus::Archived),
            _ => None,
        }
    }

    fn preview(text: &str) -> String {
        const MAX: usize = 120;
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.chars().count() > MAX {
            format!("{}…", flat.chars().take(MAX).collect::<String>())
        } else {
            flat
        }
    }

    pub fn contact_row(m: contact_message::Model) -> ContactRow {
        ContactRow {
            id: m.id,
            preview: preview(&m.message),
            status: status_key(m.status).to_owned(),
            status_label: contacts::status_label(m.status).to_owned(),
            received: wib(m.created_at),
            name: m.name,
            email: m.email,
        }
    }

    pub fn contact_message(m: contact_message::Model) -> ContactMessageView {
        ContactMessageView {
            id: m.id,
            status: status_key(m.status).to_owned(),
            status_label: contacts::status_label(m.status).to_owned(),
            received: wib(m.created_at),
            name: m.name,
            email: m.email,
            phone: m.phone.filter(|p| !p.trim().is_empty()),
            message: m.message,
            ip: m.ip,
        }
    }

    pub fn waitlist_row(e: waitlist_entry::Model) -> WaitlistRow {
        WaitlistRow {
            id: e.id,
            product: e.product_slug,
            email: e.email,
            name: e.name.unwrap_or_default(),
            joined: wib(e.created_at),
        }
    }

    pub fn kind(t: UserType) -> String {
        match t {
            UserType::Member => "Member",
            UserType::Client => "Klien",
        }
        .to_owned()
    }

    pub fn member_row(u: domain::entities::user::Model) -> MemberRow {
        MemberRow {
            id: u.id,
            kind: kind(u.user_type),
            verified: u.email_verified_at.is_some(),
            disabled: u.disabled_at.is_some(),
            joined: wib(u.created_at),
            name: u.name,
            email: u.email,
        }
    }

    pub fn member_detail(m: MemberSummary) -> MemberDetail {
        MemberDetail {
            id: m.id,
            kind: kind(m.user_type),
            ixonomic_client_id: m.ixonomic_client_id,
            verified: m.verified,
            disabled: m.disabled,
            joined: wib(m.created_at),
            last_seen: m.last_seen_at.map(wib),
            active_sessions: m.active_sessions,
            name: m.name,
            email: m.email,
        }
    }
}

/// The inbox: `status` is "unread", "read", "archived" or empty for all;
/// `q` searches name, e-mail and message.
#[server(endpoint = "admin/contacts")]
pub async fn get_contacts(status: String, q: String, page: u64) -> Result<ContactInbox, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    use domain::backoffice::contacts;
    let found = contacts::list(&st.db, convert::parse_status(&status), &q, page, PER_PAGE).await?;
    let counts = contacts::counts(&st.db).await?;
    Ok(ContactInbox {
        list: Paged::from_page(found, convert::contact_row),
        counts: ContactCountsView {
            unread: counts.unread,
            read: counts.read,
            archived: counts.archived,
        },
    })
}

/// The message in full; an unread message becomes read (audited).
#[server(endpoint = "admin/contacts/open")]
pub async fn open_contact(id: i32) -> Result<ContactMessageView, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::backoffice::contacts::open(&st.db, &actor, id, chrono::Utc::now())
        .await
        .map(convert::contact_message)
        .map_err(AppError::from)
}

/// Moves a message to "unread", "read" or "archived" (audited).
#[server(endpoint = "admin/contacts/status")]
pub async fn set_contact_status(id: i32, status: String) -> Result<ContactMessageView, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    let status = convert::parse_status(&status)
        .ok_or_else(|| AppError::invalid("Status pesan tidak dikenal."))?;
    domain::backoffice::contacts::set_status(&st.db, &actor, id, status, chrono::Utc::now())
        .await
        .map(convert::contact_message)
        .map_err(AppError::from)
}

/// Every product with a waitlist, with how many wait.
#[server(endpoint = "admin/waitlist/products")]
pub async fn get_waitlist_products() -> Result<Vec<WaitlistProduct>, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    Ok(domain::backoffice::waitlist::products(&st.db)
        .await?
        .into_iter()
        .map(|(slug, count)| WaitlistProduct { slug, count })
        .collect())
}

/// Waitlist entries; an empty `product` means every product.
#[server(endpoint = "admin/waitlist")]
pub async fn get_waitlist(product: String, q: String, page: u64) -> Result<WaitlistPage, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    let product = Some(product.trim()).filter(|p| !p.is_empty());
    let found = domain::backoffice::waitlist::list(&st.db, product, &q, page, PER_PAGE).await?;
    Ok(Paged::from_page(found, convert::waitlist_row))
}

/// Members; `filter` is "all", "unverified", "disabled" or "clients".
#[server(endpoint = "admin/members")]
pub async fn get_members(q: String, filter: String, page: u64) -> Result<MemberPage, AppError> {
    crate::ssr::session::current_admin().await?;
    let st = crate::ssr::state()?;
    use domain::backoffice::members::{self, MemberFilter};
    let found = members::list(&st.db, &q, MemberFilter::parse(&filter), page, PER_PAGE).await?;
    Ok(Paged::from_page(found, convert::member_row))
}

#[server(endpoint = "admin/members/get")]
pub async fn get_member(id: i32) -> Result<MemberDetail, AppError> {
    crate::ssr::session::current_admin().await?;
    member_after(&crate::ssr::state()?, id).await
}

/// The member as the detail panel shows it, e.g. after a change.
#[cfg(feature = "ssr")]
async fn member_after(st: &crate::ssr::ServerState, id: i32) -> Result<MemberDetail, AppError> {
    domain::backoffice::members::get(&st.db, id, chrono::Utc::now())
        .await
        .map(convert::member_detail)
        .map_err(AppError::from)
}

/// Marks the member's e-mail address verified (audited).
#[server(endpoint = "admin/members/verify")]
pub async fn verify_member(id: i32) -> Result<MemberDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::backoffice::members::verify(&st.db, &actor, id, chrono::Utc::now())
        .await
        .map_err(AppError::from)?;
    member_after(&st, id).await
}

/// Disables the account and ends its sessions; returns how many ended.
#[server(endpoint = "admin/members/disable")]
pub async fn disable_member(id: i32) -> Result<u64, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::backoffice::members::disable(&st.db, &actor, id, chrono::Utc::now())
        .await
        .map_err(AppError::from)
}

/// Lets a disabled account sign in again (audited).
#[server(endpoint = "admin/members/enable")]
pub async fn enable_member(id: i32) -> Result<MemberDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::backoffice::members::enable(&st.db, &actor, id, chrono::Utc::now())
        .await
        .map_err(AppError::from)?;
    member_after(&st, id).await
}

/// Makes the member an agency client with their Ixonomic client id (or
/// changes the id); audited. A bad or taken id answers by field
/// (`ixonomic_client_id`).
#[server(endpoint = "admin/members/make-client")]
pub async fn make_member_client(
    id: i32,
    ixonomic_client_id: String,
) -> Result<MemberDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::clients::make_client(&st.db, &actor, id, &ixonomic_client_id, chrono::Utc::now())
        .await
        .map_err(AppError::from)?;
    member_after(&st, id).await
}

/// Makes an agency client a member again (their messages stay); audited.
#[server(endpoint = "admin/members/end-client")]
pub async fn end_member_client(id: i32) -> Result<MemberDetail, AppError> {
    let (_, actor) = crate::ssr::session::current_actor().await?;
    let st = crate::ssr::state()?;
    domain::clients::end_client(&st.db, &actor, id, chrono::Utc::now())
        .await
        .map_err(AppError::from)?;
    member_after(&st, id).await
}
