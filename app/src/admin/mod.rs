//! The admin CMS `admin/(protected)`: hydrated and interactive, behind
//! `server::admin_auth::guard`, with every server function checking the
//! admin session again. The login pages `admin/(guest)` are plain forms.
mod audit;
mod layout;
mod login;
mod overview;
mod security;
pub(crate) mod widgets;

pub use audit::AuditPage;
pub use layout::AdminLayout;
pub use login::{AdminLoginPage, AdminTwoFactorPage};
pub use overview::AdminOverviewPage;
pub use security::SecurityPage;
