use sea_orm::entity::prelude::*;

/// A file a product delivers by e-mail link, kept in private storage.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub product_id: i32,
    /// What the buyer's browser saves it as.
    pub file_name: String,
    /// Random name in `PRIVATE_FILES_DIR`.
    #[sea_orm(unique)]
    pub stored_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
