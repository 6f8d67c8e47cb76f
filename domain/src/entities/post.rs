use super::PostStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    #[sea_orm(column_type = "Text")]
    pub body_md: String,
    pub cover_url: Option<String>,
    pub category: String,
    /// Comma-separated tags.
    pub tags: String,
    pub author_name: String,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub status: PostStatus,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
