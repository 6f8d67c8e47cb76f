use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_studies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub portfolio_item_id: Option<i32>,
    pub title: String,
    pub client_name: String,
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub body_md: String,
    pub cover_url: Option<String>,
    /// One-line headline of the outcome, e.g. "Konversi naik 38%".
    pub results: String,
    pub published: bool,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
