//! The generic engine behind [`super`]'s functions: a kind's fields are
//! mapped onto its entity's columns by name, so one implementation serves
//! every table. The kinds' files only declare fields and rules.
use super::{
    fields::Parsed, ContentKind, ContentRecord, ContentStatus, ContentSummary, DomainError,
    KindSpec, ListQuery, Publish, Row, Values,
};
use crate::{
    audit::{self, Actor},
    content::{contains_ci, page_bounds, Page},
    error::DomainResult,
    forms::FieldErrors,
    Database,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    sea_query::{Expr, SimpleExpr},
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ColumnType, Condition, ConnectionTrait,
    DbErr, EntityTrait, ModelTrait, PaginatorTrait, PrimaryKeyTrait, QueryFilter, QueryOrder,
    QuerySelect, SqlErr, TransactionTrait, Value,
};

/// The column behind a field: its name, except `publish_at`.
fn column_name(field: &str) -> &str {
    match field {
        "publish_at" => "published_at",
        other => other,
    }
}

fn column<E: EntityTrait>(field: &str) -> Result<E::Column, DbErr> {
    let name = column_name(field);
    name.parse().map_err(|_| {
        DbErr::Custom(format!(
            "cms: {} has no column {name}",
            E::default().table_name()
        ))
    })
}

/// A column value as a parsed field value.
fn from_value(v: Value) -> Result<Parsed, DbErr> {
    Ok(match v {
        Value::String(s) => Parsed::Text(s.unwrap_or_default()),
        Value::Int(n) => Parsed::Int(n.map(i64::from)),
        Value::BigInt(n) => Parsed::Int(n),
        Value::Bool(b) => Parsed::Bool(b.unwrap_or(false)),
        Value::ChronoDateTimeUtc(t) => Parsed::Time(t),
        other => {
            return Err(DbErr::Type(format!(
                "cms: unexpected column value {other:?}"
            )))
        }
    })
}

/// A parsed field value as a value of `col`: empty text is NULL in a
/// nullable column, an empty number is NULL or 0.
fn to_value<C: ColumnTrait>(p: &Parsed, col: C) -> Value {
    let def = col.def();
    let nullable = def.is_null();
    match p {
        Parsed::Text(s) if s.is_empty() && nullable => Value::String(None),
        Parsed::Text(s) => Value::String(Some(s.clone())),
        Parsed::Int(n) => {
            let n = if nullable { *n } else { Some(n.unwrap_or(0)) };
            match def.get_column_type() {
                ColumnType::BigInteger => Value::BigInt(n),
                // Integer fields' ranges lie within i32.
                _ => Value::Int(n.map(|n| i32::try_from(n).unwrap_or(i32::MAX))),
            }
        }
        Parsed::Bool(b) => Value::Bool(Some(*b)),
        Parsed::Time(t) => Value::ChronoDateTimeUtc(*t),
    }
}

fn model_value<E: EntityTrait>(model: &E::Model, field: &str) -> Result<Parsed, DbErr> {
    from_value(model.get(column::<E>(field)?))
}

/// Every field of `kind` read from `model`.
fn model_row<E: EntityTrait>(spec: &KindSpec, model: &E::Model) -> Result<Row, DbErr> {
    spec.fields
        .iter()
        .map(|f| Ok((f.name, model_value::<E>(model, f.name)?)))
        .collect()
}

fn display(row: &Row) -> Values {
    row.iter()
        .map(|(k, v)| ((*k).to_owned(), v.display()))
        .collect()
}

fn text<'a>(row: &'a Row, field: &str) -> &'a str {
    row.get(field).map(Parsed::as_text).unwrap_or("")
}

fn status(spec: &KindSpec, row: &Row) -> ContentStatus {
    match spec.publish {
        Publish::Status => {
            ContentStatus::parse(text(row, "status")).unwrap_or(ContentStatus::Draft)
        }
        Publish::Flag(flag) if row.get(flag).is_some_and(Parsed::as_bool) => {
            ContentStatus::Published
        }
        Publish::Flag(_) => ContentStatus::Draft,
    }
}

fn id_and_updated<E: EntityTrait>(model: &E::Model) -> Result<(i32, DateTime<Utc>), DbErr> {
    let id = match model_value::<E>(model, "id")? {
        Parsed::Int(Some(id)) => i32::try_from(id).unwrap_or_default(),
        _ => 0,
    };
    let updated = model_value::<E>(model, "updated_at")?
        .as_time()
        .unwrap_or_default();
    Ok((id, updated))
}

fn summary<E: EntityTrait>(spec: &KindSpec, model: &E::Model) -> Result<ContentSummary, DbErr> {
    let row = model_row::<E>(spec, model)?;
    let (id, updated_at) = id_and_updated::<E>(model)?;
    Ok(ContentSummary {
        id,
        title: text(&row, spec.title).to_owned(),
        slug: text(&row, "slug").to_owned(),
        status: status(spec, &row),
        updated_at,
        publish_at: row.get("publish_at").and_then(Parsed::as_time),
    })
}

fn id_is<E: EntityTrait>(id: i32) -> Result<SimpleExpr, DbErr> {
    Ok(column::<E>("id")?.eq(id))
}

async fn find<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    id: i32,
) -> Result<E::Model, DomainError> {
    E::find()
        .filter(id_is::<E>(id)?)
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

pub(crate) async fn list<E>(
    db: &Database,
    kind: ContentKind,
    query: &ListQuery,
) -> DomainResult<Page<ContentSummary>>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let spec = kind.spec();
    let (page, per_page, offset) = page_bounds(query.page, query.per_page);
    let mut find = E::find();
    let q = query.q.trim();
    if !q.is_empty() {
        find = find.filter(
            Condition::any()
                .add(contains_ci(column::<E>(spec.title)?, q))
                .add(contains_ci(column::<E>("slug")?, q)),
        );
    }
    if let Some(wanted) = query.status {
        find = match spec.publish {
            Publish::Status => find.filter(column::<E>("status")?.eq(wanted.as_str())),
            // Only posts can be scheduled.
            Publish::Flag(_) if wanted == ContentStatus::Scheduled => {
                find.filter(sea_orm::sea_query::ExprTrait::eq(Expr::val(1), 0))
            }
            Publish::Flag(flag) => {
                find.filter(column::<E>(flag)?.eq(wanted == ContentStatus::Published))
            }
        };
    }
    let total = find.clone().count(db.reader()).await?;
    let models = find
        .order_by_desc(column::<E>("updated_at")?)
        .order_by_desc(column::<E>("id")?)
        .offset(offset)
        .limit(per_page)
        .all(db.reader())
        .await?;
    let items = models
        .iter()
        .map(|m| summary::<E>(spec, m))
        .collect::<Result<_, _>>()?;
    Ok(Page {
        items,
        page,
        per_page,
        total,
    })
}

pub(crate) async fn get<E: EntityTrait>(
    db: &Database,
    kind: ContentKind,
    id: i32,
) -> Result<ContentRecord, DomainError> {
    let spec = kind.spec();
    let model = find::<E>(db.reader(), id).await?;
    let row = model_row::<E>(spec, &model)?;
    let (id, updated_at) = id_and_updated::<E>(&model)?;
    Ok(ContentRecord {
        id,
        status: status(spec, &row),
        values: display(&row),
        updated_at,
    })
}

/// Refuses a slug another row of the table already has.
async fn check_slug<E>(
    conn: &impl ConnectionTrait,
    row: &Row,
    except_id: Option<i32>,
) -> Result<(), DomainError>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let mut q = E::find().filter(column::<E>("slug")?.eq(text(row, "slug")));
    if let Some(id) = except_id {
        q = q.filter(column::<E>("id")?.ne(id));
    }
    if q.count(conn).await? > 0 {
        return Err(DomainError::Conflict { field: "slug" });
    }
    Ok(())
}

/// The database's verdict on a write: the slug's unique index (two admins
/// saving at once) and the case studies' portfolio link.
fn write_error(e: DbErr) -> DomainError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => DomainError::Conflict { field: "slug" },
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "portfolio_item_id",
                "Item portofolio dengan ID ini tidak ada.",
            );
            DomainError::Invalid(errors)
        }
        _ => e.into(),
    }
}

fn pairs(row: &Row, fields: &[&'static str]) -> Vec<(&'static str, String)> {
    fields
        .iter()
        .filter_map(|f| row.get_key_value(f).map(|(k, v)| (*k, v.display())))
        .collect()
}

fn all_pairs(row: &Row) -> Vec<(&'static str, String)> {
    row.iter().map(|(k, v)| (*k, v.display())).collect()
}

/// "«Judul» (slug) <what>".
fn described(spec: &KindSpec, row: &Row, what: &str) -> String {
    format!("«{}» ({}) {what}", text(row, spec.title), text(row, "slug"))
}

async fn record(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    kind: ContentKind,
    verb: &str,
    id: i32,
    summary: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let action = format!("{}.{verb}", kind.slug());
    audit::record(conn, actor, &action, kind.slug(), Some(id), summary, now).await
}

pub(crate) async fn create<E>(
    db: &Database,
    actor: &Actor,
    kind: ContentKind,
    row: &Row,
    now: DateTime<Utc>,
) -> Result<i32, DomainError>
where
    E: EntityTrait,
    E::Model: Sync,
    E::ActiveModel: Send,
    E::PrimaryKey: PrimaryKeyTrait<ValueType = i32>,
{
    let spec = kind.spec();
    let txn = db.writer().begin().await?;
    check_slug::<E>(&txn, row, None).await?;
    let mut am = <E::ActiveModel as ActiveModelBehavior>::new();
    for (field, value) in row {
        let col = column::<E>(field)?;
        am.try_set(col, to_value(value, col))?;
    }
    for stamp in ["created_at", "updated_at"] {
        am.try_set(column::<E>(stamp)?, Value::ChronoDateTimeUtc(Some(now)))?;
    }
    let id = E::insert(am)
        .exec(&txn)
        .await
        .map_err(write_error)?
        .last_insert_id;
    let summary = described(spec, row, "dibuat");
    record(&txn, actor, kind, "create", id, &summary, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// `UPDATE … SET` the given fields and `updated_at` on row `id`.
async fn write_fields<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    id: i32,
    changes: &Row,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let mut update = E::update_many().filter(id_is::<E>(id)?);
    for (field, value) in changes {
        let col = column::<E>(field)?;
        update = update.col_expr(col, Expr::value(to_value(value, col)));
    }
    update = update.col_expr(
        column::<E>("updated_at")?,
        Expr::value(Value::ChronoDateTimeUtc(Some(now))),
    );
    let done = update.exec(conn).await.map_err(write_error)?;
    if done.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

pub(crate) async fn update<E>(
    db: &Database,
    actor: &Actor,
    kind: ContentKind,
    id: i32,
    row: &Row,
    now: DateTime<Utc>,
) -> Result<(), DomainError>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let spec = kind.spec();
    let txn = db.writer().begin().await?;
    let before = model_row::<E>(spec, &find::<E>(&txn, id).await?)?;
    check_slug::<E>(&txn, row, Some(id)).await?;
    write_fields::<E>(&txn, id, row, now).await?;
    let summary = audit::changes(&all_pairs(&before), &all_pairs(row));
    record(&txn, actor, kind, "update", id, &summary, now).await?;
    txn.commit().await?;
    Ok(())
}

pub(crate) async fn delete<E: EntityTrait>(
    db: &Database,
    actor: &Actor,
    kind: ContentKind,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let spec = kind.spec();
    let txn = db.writer().begin().await?;
    let before = model_row::<E>(spec, &find::<E>(&txn, id).await?)?;
    let done = E::delete_many().filter(id_is::<E>(id)?).exec(&txn).await?;
    if done.rows_affected == 0 {
        return Err(DomainError::NotFound);
    }
    let summary = described(spec, &before, "dihapus");
    record(&txn, actor, kind, "delete", id, &summary, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The fields to change so that the item is (or is not) public; empty when
/// it already is (or is not).
fn publication_changes(spec: &KindSpec, row: &Row, published: bool, now: DateTime<Utc>) -> Row {
    let mut changes = Row::new();
    match spec.publish {
        Publish::Status => {
            let target = if published { "published" } else { "draft" };
            if text(row, "status") != target {
                changes.insert("status", Parsed::Text(target.to_owned()));
            }
        }
        Publish::Flag(flag) => {
            if row.get(flag).is_some_and(Parsed::as_bool) != published {
                changes.insert(flag, Parsed::Bool(published));
            }
        }
    }
    // Publishing means "visible from now on": a missing or future
    // publication time becomes now.
    let publish_at = row.get("publish_at").map(Parsed::as_time);
    if published && !changes.is_empty() {
        if let Some(at) = publish_at {
            if at.is_none_or(|t| t > now) {
                changes.insert("publish_at", Parsed::Time(Some(now)));
            }
        }
    }
    changes
}

pub(crate) async fn set_published<E: EntityTrait>(
    db: &Database,
    actor: &Actor,
    kind: ContentKind,
    id: i32,
    published: bool,
    now: DateTime<Utc>,
) -> Result<(), DomainError> {
    let spec = kind.spec();
    let txn = db.writer().begin().await?;
    let before = model_row::<E>(spec, &find::<E>(&txn, id).await?)?;
    let changes = publication_changes(spec, &before, published, now);
    if changes.is_empty() {
        return Ok(());
    }
    write_fields::<E>(&txn, id, &changes, now).await?;
    let (verb, what) = if published {
        ("publish", "diterbitkan")
    } else {
        ("unpublish", "ditarik dari situs")
    };
    let changed: Vec<&'static str> = changes.keys().copied().collect();
    let summary = format!(
        "{}; {}",
        described(spec, &before, what),
        audit::changes(&pairs(&before, &changed), &all_pairs(&changes))
    );
    record(&txn, actor, kind, verb, id, &summary, now).await?;
    txn.commit().await?;
    Ok(())
}
