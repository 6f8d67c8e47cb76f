//! sea-orm entities, one module per table of `migration`.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

pub mod account_token;
pub mod admin;
pub mod admin_recovery_code;
pub mod admin_session;
pub mod ai_usage;
pub mod audit_entry;
pub mod case_study;
pub mod client_message;
pub mod contact_message;
pub mod demo;
pub mod download_event;
pub mod invoice_counter;
pub mod ixonomic_approval;
pub mod ixonomic_snapshot;
pub mod job;
pub mod license;
pub mod license_instance;
pub mod login_throttle;
pub mod order;
pub mod order_event;
pub mod outbox_message;
pub mod page_view_daily;
pub mod portfolio_item;
pub mod post;
pub mod product;
pub mod product_file;
pub mod resource;
pub mod saas_bundle;
pub mod service;
pub mod service_order;
pub mod service_order_event;
pub mod service_order_file;
pub mod site_setting;
pub mod stylesheet;
pub mod subscription;
pub mod subscription_period;
pub mod tool;
pub mod tool_usage;
pub mod user;
pub mod user_purchase;
pub mod user_session;
pub mod waitlist_entry;

/// A post is visible to the public only when `Published` and its
/// `published_at` has passed; `Scheduled` posts are flipped by the scheduler.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum PostStatus {
    #[sea_orm(string_value = "draft")]
    Draft,
    #[sea_orm(string_value = "scheduled")]
    Scheduled,
    #[sea_orm(string_value = "published")]
    Published,
}

/// How a paid product reaches the buyer (seed section 4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
#[serde(rename_all = "snake_case")]
pub enum DeliveryType {
    #[sea_orm(string_value = "web_access")]
    WebAccess,
    #[sea_orm(string_value = "email_file")]
    EmailFile,
    #[sea_orm(string_value = "github_invite")]
    GithubInvite,
    #[sea_orm(string_value = "license_key")]
    LicenseKey,
    #[sea_orm(string_value = "manual")]
    Manual,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "snake_case")]
pub enum ContactStatus {
    #[sea_orm(string_value = "unread")]
    Unread,
    #[sea_orm(string_value = "read")]
    Read,
    #[sea_orm(string_value = "archived")]
    Archived,
}
