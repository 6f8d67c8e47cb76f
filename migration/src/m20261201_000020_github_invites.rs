//! GitHub invitations (issue 13): the member's GitHub username (profile),
//! the invitation GitHub created for a purchase (kept to delete it on a
//! refund), and why a delivery failed in words the member reads (an
//! unknown GitHub username, …).
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        m.alter_table(
            Table::alter()
                .table("user_purchases")
                .add_column(big_integer_null("github_invitation_id"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("user_purchases")
                .add_column(text_null("delivery_error"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(string_len_null("github_username", 39))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("users")
                .drop_column("github_username")
                .to_owned(),
        )
        .await?;
        for column in ["delivery_error", "github_invitation_id"] {
            m.alter_table(
                Table::alter()
                    .table("user_purchases")
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
