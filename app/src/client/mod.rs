//! The agency clients' portal `(client)` (issue 15): hydrated, behind the
//! session check (`server::auth::guard` sends guests to `/client/login`
//! and members who are not clients to the note there; every server
//! function checks again). Data comes from Ixonomic through
//! `domain::clients::portal`; the forms are plain posts handled by
//! `server::client_portal`, a refusal coming back as `?gagal=code`.
mod invoices;
mod layout;
mod messages;
mod overview;
mod projects;
mod widgets;

pub use invoices::ClientInvoicesPage;
pub use layout::ClientLayout;
pub use messages::ClientMessagesPage;
pub use overview::ClientOverviewPage;
pub use projects::{ClientDeliverablesPage, ClientProjectPage, ClientProjectsPage};
