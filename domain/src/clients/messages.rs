//! The message thread per Ixonomic project between a client and the agency
//! (stored here: the Ixonomic API has no messages). A client writes into
//! the thread of a project Ixonomic says is theirs; every active admin is
//! e-mailed. An admin answers from `/admin/messages`; the client is
//! e-mailed. Each side marks the other's messages read when it opens the
//! thread. Each write and its e-mails are one transaction.
use super::{account::ixonomic_id, ixonomic::contract::Project, ClientAccount};
use crate::{
    audit::{self, Actor},
    entities::{
        client_message::{self, Author},
        user::{self, UserType},
    },
    error::{DomainError, DomainResult, Refusal},
    mail::{self, client_messages as client_mail},
    orders::Site,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::Expr, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, TransactionTrait,
};
use std::collections::HashMap;

/// The longest message kept.
pub const BODY_MAX_CHARS: usize = 4000;
/// The longest excerpt of a thread's last message in a list.
pub const EXCERPT_CHARS: usize = 120;

/// The admin's page of the thread.
pub fn admin_path(user_id: i32, project_id: &str) -> String {
    format!("/admin/messages/{user_id}/{project_id}")
}

/// The client's page of the thread (`project_id` is checked: URL-safe).
pub fn client_link(site: &Site, project_id: &str) -> String {
    format!("{}?project={project_id}", site.link("/client/messages"))
}

/// A message's text: trimmed, 1–4000 characters.
fn body_of(raw: &str) -> DomainResult<String> {
    let body = raw.trim();
    let n = body.chars().count();
    if n == 0 {
        return Err(DomainError::field("body", "Tulis pesan terlebih dahulu."));
    }
    if n > BODY_MAX_CHARS {
        return Err(DomainError::field(
            "body",
            format!("Pesan maksimal {BODY_MAX_CHARS} karakter (sekarang {n})."),
        ));
    }
    Ok(body.to_owned())
}

/// A project id as a thread keeps it.
pub fn project_id_of(raw: &str) -> DomainResult<String> {
    ixonomic_id("project_id", "ID proyek", raw)
}

async fn insert(
    conn: &impl ConnectionTrait,
    user_id: i32,
    project_id: &str,
    author: Author,
    admin_id: Option<i32>,
    body: &str,
    now: DateTime<Utc>,
) -> DomainResult<client_message::Model> {
    Ok(client_message::Entity::insert(client_message::ActiveModel {
        user_id: Set(user_id),
        project_id: Set(project_id.to_owned()),
        author: Set(author),
        admin_id: Set(admin_id),
        body: Set(body.to_owned()),
        read_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(conn)
    .await?)
}

/// Client `client` writes `body` about `project`, which the caller read
/// from Ixonomic for this client: a project of another client is
/// `NotFound`, and nothing is written. Every active admin is e-mailed a
/// link to the thread.
pub async fn post_by_client(
    db: &Database,
    site: &Site,
    client: &ClientAccount,
    project: &Project,
    body: &str,
    now: DateTime<Utc>,
) -> DomainResult<client_message::Model> {
    if project.client_id != client.ixonomic_id {
        return Err(DomainError::NotFound);
    }
    let project_id = project_id_of(&project.id).map_err(|_| DomainError::NotFound)?;
    let body = body_of(body)?;
    let txn = db.writer().begin().await?;
    let message = insert(
        &txn,
        client.user_id,
        &project_id,
        Author::Client,
        None,
        &body,
        now,
    )
    .await?;
    let page = site.link(&admin_path(client.user_id, &project_id));
    let project_label = format!("{} ({project_id})", project.name);
    crate::service_orders::mail_admins(
        &txn,
        |to| {
            client_mail::to_admin(
                to,
                &client.name,
                &client.email,
                &project_label,
                &body,
                &page,
            )
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(message)
}

/// Admin `admin_id` (`actor`) answers client `user_id` in the thread of
/// `project_id` (a thread the agency may also start). The account must be
/// an agency client (`Refused(NotAClient)` else; an unknown one is
/// `NotFound`). The client's unread messages of the thread become read;
/// the client is e-mailed; audited as `client_message.answer`.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    db: &Database,
    site: &Site,
    actor: &Actor,
    admin_id: i32,
    user_id: i32,
    project_id: &str,
    body: &str,
    now: DateTime<Utc>,
) -> DomainResult<client_message::Model> {
    let project_id = project_id_of(project_id)?;
    let body = body_of(body)?;
    let txn = db.writer().begin().await?;
    let user = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or(DomainError::NotFound)?;
    if user.user_type != UserType::Client || user.ixonomic_client_id.is_none() {
        return Err(Refusal::NotAClient.into());
    }
    let message = insert(
        &txn,
        user_id,
        &project_id,
        Author::Agency,
        Some(admin_id),
        &body,
        now,
    )
    .await?;
    mark_read(&txn, user_id, &project_id, Author::Client, now).await?;
    audit::record(
        &txn,
        actor,
        "client_message.answer",
        "user",
        Some(user_id),
        &format!(
            "membalas {} tentang proyek {project_id}: {body}",
            user.email
        ),
        now,
    )
    .await?;
    let page = client_link(site, &project_id);
    mail::queue_in(
        &txn,
        &client_mail::to_client(&user.email, &user.name, &project_id, &body, &page),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(message)
}

fn thread_of(user_id: i32, project_id: &str) -> Select<client_message::Entity> {
    client_message::Entity::find()
        .filter(client_message::Column::UserId.eq(user_id))
        .filter(client_message::Column::ProjectId.eq(project_id))
}

/// The thread of client `user_id` about `project_id`, oldest first (empty
/// when nobody wrote yet).
pub async fn thread(
    db: &Database,
    user_id: i32,
    project_id: &str,
) -> DomainResult<Vec<client_message::Model>> {
    Ok(thread_of(user_id, project_id)
        .order_by_asc(client_message::Column::CreatedAt)
        .order_by_asc(client_message::Column::Id)
        .all(db.reader())
        .await?)
}

/// `author`'s unread messages of the thread become read at `now`; how many.
async fn mark_read(
    conn: &impl ConnectionTrait,
    user_id: i32,
    project_id: &str,
    author: Author,
    now: DateTime<Utc>,
) -> DomainResult<u64> {
    Ok(client_message::Entity::update_many()
        .col_expr(client_message::Column::ReadAt, Expr::value(Some(now)))
        .filter(client_message::Column::UserId.eq(user_id))
        .filter(client_message::Column::ProjectId.eq(project_id))
        .filter(client_message::Column::Author.eq(author))
        .filter(client_message::Column::ReadAt.is_null())
        .exec(conn)
        .await?
        .rows_affected)
}

/// The client opened the thread: the agency's messages are read. How many
/// were unread.
pub async fn mark_read_by_client(
    db: &Database,
    user_id: i32,
    project_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<u64> {
    mark_read(db.writer(), user_id, project_id, Author::Agency, now).await
}

/// An admin opened the thread: the client's messages are read. How many
/// were unread.
pub async fn mark_read_by_agency(
    db: &Database,
    user_id: i32,
    project_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<u64> {
    mark_read(db.writer(), user_id, project_id, Author::Client, now).await
}

/// An admin opens the thread of member `user_id` about `project_id`: the
/// member and the thread as it was (oldest first, the client's unread
/// messages still unread in it), then the client's messages are marked
/// read. An unknown member or a malformed project id is `NotFound`.
pub async fn open_by_agency(
    db: &Database,
    user_id: i32,
    project_id: &str,
    now: DateTime<Utc>,
) -> DomainResult<(user::Model, Vec<client_message::Model>)> {
    let project_id = project_id_of(project_id).map_err(|_| DomainError::NotFound)?;
    let user = user::Entity::find_by_id(user_id)
        .one(db.reader())
        .await?
        .ok_or(DomainError::NotFound)?;
    let messages = thread(db, user_id, &project_id).await?;
    mark_read_by_agency(db, user_id, &project_id, now).await?;
    Ok((user, messages))
}

/// One thread in a list: the client, the project, the last message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadSummary {
    pub user_id: i32,
    pub client_name: String,
    pub client_email: String,
    pub project_id: String,
    /// The start of the last message, whitespace folded.
    pub last_body_excerpt: String,
    pub last_at: DateTime<Utc>,
    pub last_author: Author,
    /// The client's messages no admin has read.
    pub unread_for_agency: u32,
    /// The agency's messages the client has not read.
    pub unread_for_client: u32,
}

/// The start of `body` on one line, at most [`EXCERPT_CHARS`] characters.
pub fn excerpt(body: &str) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > EXCERPT_CHARS {
        format!("{}…", flat.chars().take(EXCERPT_CHARS).collect::<String>())
    } else {
        flat
    }
}

/// Every thread, the most recently written first (the admins' inbox).
pub async fn inbox(db: &Database) -> DomainResult<Vec<ThreadSummary>> {
    summaries(db, None).await
}

/// Client `user_id`'s threads, the most recently written first.
pub async fn threads_of_client(db: &Database, user_id: i32) -> DomainResult<Vec<ThreadSummary>> {
    summaries(db, Some(user_id)).await
}

async fn summaries(db: &Database, user_id: Option<i32>) -> DomainResult<Vec<ThreadSummary>> {
    let scoped = |find: Select<client_message::Entity>| match user_id {
        Some(id) => find.filter(client_message::Column::UserId.eq(id)),
        None => find,
    };
    let conn = db.reader();
    // The last message of each thread: the newest row (ids grow).
    let last_ids: Vec<i32> = scoped(client_message::Entity::find())
        .select_only()
        .column_as(client_message::Column::Id.max(), "last_id")
        .group_by(client_message::Column::UserId)
        .group_by(client_message::Column::ProjectId)
        .into_tuple()
        .all(conn)
        .await?;
    if last_ids.is_empty() {
        return Ok(Vec::new());
    }
    let unread: Vec<(i32, String, Author, i64)> = scoped(client_message::Entity::find())
        .select_only()
        .column(client_message::Column::UserId)
        .column(client_message::Column::ProjectId)
        .column(client_message::Column::Author)
        .column_as(client_message::Column::Id.count(), "n")
        .filter(client_message::Column::ReadAt.is_null())
        .group_by(client_message::Column::UserId)
        .group_by(client_message::Column::ProjectId)
        .group_by(client_message::Column::Author)
        .into_tuple()
        .all(conn)
        .await?;
    // Keyed by thread and whether the client wrote.
    let unread: HashMap<(i32, String, bool), u32> = unread
        .into_iter()
        .map(|(u, p, a, n)| {
            let n = n.clamp(0, u32::MAX as i64) as u32;
            ((u, p, a == Author::Client), n)
        })
        .collect();
    let mut lasts = Vec::new();
    for ids in last_ids.chunks(500) {
        lasts.extend(
            client_message::Entity::find()
                .filter(client_message::Column::Id.is_in(ids.iter().copied()))
                .all(conn)
                .await?,
        );
    }
    let mut user_ids: Vec<i32> = lasts.iter().map(|m| m.user_id).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let mut users = HashMap::new();
    for ids in user_ids.chunks(500) {
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(ids.iter().copied()))
            .all(conn)
            .await?
        {
            users.insert(u.id, (u.name, u.email));
        }
    }
    lasts.sort_by_key(|m| std::cmp::Reverse((m.created_at, m.id)));
    Ok(lasts
        .into_iter()
        .map(|m| {
            let (name, email) = users.get(&m.user_id).cloned().unwrap_or_default();
            let count = |author| {
                unread
                    .get(&(m.user_id, m.project_id.clone(), author == Author::Client))
                    .copied()
                    .unwrap_or(0)
            };
            ThreadSummary {
                user_id: m.user_id,
                client_name: name,
                client_email: email,
                unread_for_agency: count(Author::Client),
                unread_for_client: count(Author::Agency),
                last_body_excerpt: excerpt(&m.body),
                last_at: m.created_at,
                last_author: m.author,
                project_id: m.project_id,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_and_excerpts() {
        assert_eq!(body_of("  halo \n").unwrap(), "halo");
        assert!(body_of(" \n ").is_err());
        assert!(body_of(&"a".repeat(4000)).is_ok());
        assert!(body_of(&"a".repeat(4001)).is_err());
        assert_eq!(excerpt("satu\n\n dua"), "satu dua");
        let long = excerpt(&"kata ".repeat(100));
        assert_eq!(long.chars().count(), EXCERPT_CHARS + 1);
        assert!(long.ends_with('…'));
    }
}
