//! The member area `(dashboard)`: hydrated, interactive, and behind the
//! session check (`server::auth::guard` redirects guests to `/login?next=…`;
//! every server function checks again).
mod layout;
mod licenses;
mod overview;
mod profile;
mod sections;
mod service_orders;

pub use layout::DashboardLayout;
pub use overview::OverviewPage;
pub use profile::ProfilePage;
pub use sections::{DownloadsPage, OrdersPage, SubscriptionsPage, ToolsPage};
pub use service_orders::{ServiceOrderPage, ServiceOrdersPage};
