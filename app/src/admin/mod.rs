//! The admin CMS `admin/(protected)`: hydrated and interactive, behind
//! `server::admin_auth::guard`, with every server function checking the
//! admin session again. The login pages `admin/(guest)` are plain forms.
mod analytics;
mod assistant;
mod assistant_result;
mod assistant_text;
mod audit;
mod client_messages;
mod contacts;
mod content;
mod content_edit;
mod editor;
mod jobs;
mod layout;
pub mod login;
mod orders;
mod overview;
mod product_files;
mod security;
mod service_orders;
mod settings;
mod subscriptions;
mod tools;
mod users;
mod waitlist;
pub(crate) mod widgets;

pub use analytics::AnalyticsPage;
pub use audit::AuditPage;
pub use client_messages::{ClientMessagesAdminPage, ClientThreadAdminPage};
pub use contacts::ContactsPage;
pub use content::ContentListPage;
pub use content_edit::ContentEditPage;
pub use jobs::JobsPage;
pub use layout::AdminLayout;
pub use login::{AdminLoginPage, AdminTwoFactorPage};
pub use orders::{OrderAdminPage, OrdersAdminPage};
pub use overview::AdminOverviewPage;
pub use security::{EnrolPage, SecurityPage};
pub use service_orders::{ServiceOrderAdminPage, ServiceOrdersAdminPage};
pub use settings::SettingsPage;
pub use subscriptions::{SubscriptionAdminPage, SubscriptionsAdminPage};
pub use tools::ToolsAdminPage;
pub use users::UsersPage;
pub use waitlist::WaitlistAdminPage;
