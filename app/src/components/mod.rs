pub mod area;
pub mod cards;
pub mod error_panel;
pub mod icon;
pub mod layout;
pub mod markdown;
pub mod page;
pub mod page_meta;
