//! Making a member an agency client and ending it, on SQLite and
//! PostgreSQL: a valid id links the account (audited), an invalid or taken
//! id writes nothing, ending keeps the threads.
mod common;
use common::{backends, member};

use chrono::{DateTime, TimeZone, Utc};
use domain::{
    audit::Actor,
    clients::{self, end_client, make_client},
    entities::{audit_entry, client_message, user},
    error::Refusal,
    Database, DomainError,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 3, 0, 0).unwrap()
}

fn actor() -> Actor {
    Actor::admin(1, "admin@tiranyx.test", None)
}

async fn stored(db: &Database, id: i32) -> user::Model {
    user::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

async fn audits(db: &Database, action: &str) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .all(db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_becomes_a_client_and_back() {
    for b in backends().await {
        let db = &b.db;
        let id = member(db, "budi@example.id").await;
        assert_eq!(
            clients::client_of(db, id).await.unwrap_err().to_string(),
            DomainError::Refused(Refusal::NotAClient).to_string()
        );
        let account = make_client(db, &actor(), id, "  CL-0042 ", t0())
            .await
            .unwrap();
        assert_eq!(account.ixonomic_id, "CL-0042", "{}", b.name);
        assert_eq!(account.email, "budi@example.id");
        let u = stored(db, id).await;
        assert_eq!(u.user_type, user::UserType::Client);
        assert_eq!(u.ixonomic_client_id.as_deref(), Some("CL-0042"));
        assert_eq!(clients::client_of(db, id).await.unwrap(), account);
        let made = audits(db, "user.make_client").await;
        assert_eq!(made.len(), 1, "{}", b.name);
        assert_eq!(made[0].target_id, Some(id));
        assert_eq!(made[0].admin_id, Some(1));
        assert!(made[0].summary.contains("CL-0042"), "{}", made[0].summary);

        // A thread of theirs stays when the status ends.
        client_message::Entity::insert(client_message::ActiveModel {
            user_id: Set(id),
            project_id: Set("P-1".into()),
            author: Set(client_message::Author::Client),
            admin_id: Set(None),
            body: Set("Halo".into()),
            read_at: Set(None),
            created_at: Set(t0()),
            ..Default::default()
        })
        .exec_without_returning(db.writer())
        .await
        .unwrap();
        end_client(db, &actor(), id, t0()).await.unwrap();
        let u = stored(db, id).await;
        assert_eq!(u.user_type, user::UserType::Member, "{}", b.name);
        assert_eq!(u.ixonomic_client_id, None);
        assert_eq!(audits(db, "user.end_client").await.len(), 1);
        assert_eq!(
            client_message::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            1
        );
        // Ending twice changes (and audits) nothing more.
        end_client(db, &actor(), id, t0()).await.unwrap();
        assert_eq!(audits(db, "user.end_client").await.len(), 1);
        // The id is free again once the status ended.
        let other = member(db, "sari@example.id").await;
        make_client(db, &actor(), other, "CL-0042", t0())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn an_invalid_or_taken_id_writes_nothing() {
    for b in backends().await {
        let db = &b.db;
        let budi = member(db, "budi@example.id").await;
        let sari = member(db, "sari@example.id").await;
        for bad in ["", "   ", "CL 42", "klien/42", &"x".repeat(65)] {
            let e = make_client(db, &actor(), budi, bad, t0())
                .await
                .unwrap_err();
            let fields = e.fields().unwrap_or_else(|| panic!("{bad:?}: {e}"));
            assert!(fields.get("ixonomic_client_id").is_some(), "{bad:?}");
        }
        assert_eq!(stored(db, budi).await.user_type, user::UserType::Member);
        assert!(
            audits(db, "user.make_client").await.is_empty(),
            "{}",
            b.name
        );

        make_client(db, &actor(), budi, "CL-1", t0()).await.unwrap();
        let e = make_client(db, &actor(), sari, "CL-1", t0())
            .await
            .unwrap_err();
        assert!(
            matches!(
                e,
                DomainError::Conflict {
                    field: "ixonomic_client_id"
                }
            ),
            "{}: {e}",
            b.name
        );
        let s = stored(db, sari).await;
        assert_eq!(s.user_type, user::UserType::Member);
        assert_eq!(s.ixonomic_client_id, None);
        assert_eq!(audits(db, "user.make_client").await.len(), 1);
        // The same account again with its own id is no conflict.
        make_client(db, &actor(), budi, "CL-1", t0()).await.unwrap();
        // Nobody with that id.
        assert!(matches!(
            make_client(db, &actor(), 9999, "CL-9", t0()).await,
            Err(DomainError::NotFound)
        ));
    }
}
