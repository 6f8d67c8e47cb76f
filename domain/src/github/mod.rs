//! GitHub invitations (issue 13, `github_invite` products): the buyer
//! gives a GitHub username in their profile ([`profile`], copied to each
//! GitHub purchase when it is paid) or on the purchase itself on the
//! downloads page; the `github.invite` job
//! invites them to the product's private repository with read access
//! ([`client`]), and the purchase is delivered ("undangan terkirim") or
//! failed with a reason the member reads and fixes by giving another
//! username. A refund queues `github.revoke`, which deletes the pending
//! invitation, or removes the collaborator when it was accepted. HTTP calls
//! are made in the jobs, never inside a database transaction; GitHub's
//! outages and rate limits retry the job, at the time GitHub asked for.
pub mod access;
pub mod client;
pub mod profile;
mod username;

pub use access::{
    invite_purchase, revoke_access, set_username, Invited, RevokePayload, Revoked, INVITE_JOB,
    REVOKE_JOB,
};
pub use client::{Github, Invite, Outage, Removed};
pub use profile::{profile_username, set_profile_username};
pub use username::GithubUsername;

/// Where the development simulator (`server::simulator`) answers as
/// GitHub's REST API, on the site itself.
pub const SIMULATOR_API: &str = "/_dev/github";
/// The simulator's token: public on purpose, refused in production with it.
pub const SIMULATOR_TOKEN: &str = "ghp_SIMULATOR";
