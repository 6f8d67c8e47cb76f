//! Server functions, one module per route group. Each one is thin: read the
//! server state, call the domain, map rows to page models.
pub mod home;
pub mod site;
