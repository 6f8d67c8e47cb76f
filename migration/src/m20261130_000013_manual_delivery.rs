//! Manual delivery (issue 13): what the admin wrote when handing over a
//! purchase by hand, shown to the member.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("user_purchases")
                .add_column(text_null("delivery_note"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("user_purchases")
                .drop_column("delivery_note")
                .to_owned(),
        )
        .await
    }
}
