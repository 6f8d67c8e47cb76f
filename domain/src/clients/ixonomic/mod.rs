//! The Ixonomic API, the agency's project system (seed 6.5).
pub mod contract;
