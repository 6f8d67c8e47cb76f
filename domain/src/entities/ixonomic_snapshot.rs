use sea_orm::entity::prelude::*;

/// The last good Ixonomic answer for one client and one resource
/// (`projects`, `invoices`, `projects/{id}/milestones`, …): what the portal
/// shows, dated, while Ixonomic is slow or down.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ixonomic_snapshots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub client_id: String,
    pub resource: String,
    /// The answer's JSON, as Ixonomic sent it (already parsed once).
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub fetched_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
