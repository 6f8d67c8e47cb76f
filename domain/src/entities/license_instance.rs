use sea_orm::entity::prelude::*;

/// One activation of a licence: a machine or site outside software named.
/// Deactivating deletes the row and gives the seat back.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "license_instances")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub license_id: i32,
    /// Public and random: the caller's handle on this activation.
    #[sea_orm(unique)]
    pub instance_id: String,
    pub name: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
