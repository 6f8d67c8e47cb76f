//! Small builders every migration uses.
use sea_orm_migration::prelude::*;

/// A (non-unique) index on `cols` of `table`.
pub fn index(name: &str, table: &str, cols: &[&str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table.to_owned());
    for c in cols {
        idx.col(ToString::to_string(c));
    }
    idx.to_owned()
}

/// `table.col` references `to.id`.
pub fn fk(
    name: &str,
    (table, col): (&str, &str),
    to: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table.to_owned(), col.to_owned())
        .to(to.to_owned(), "id")
        .on_delete(on_delete)
        .to_owned()
}
