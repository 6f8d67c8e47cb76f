use sea_orm::entity::prelude::*;

/// A public tool (`domain::tools`): its page, whether it is open, and
/// how many uses a day each plan gets.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tools")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub enabled: bool,
    pub guest_daily_quota: i32,
    pub member_daily_quota: i32,
    pub pass_daily_quota: i32,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
