//! The publication state an admin sees and filters on.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContentStatus {
    Draft,
    /// Posts only: published by the scheduler when `publish_at` passes.
    Scheduled,
    Published,
}

impl ContentStatus {
    pub const ALL: [ContentStatus; 3] = [
        ContentStatus::Draft,
        ContentStatus::Scheduled,
        ContentStatus::Published,
    ];

    /// "draft", "scheduled", "published": the posts' status values, and the
    /// filter's value in admin URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentStatus::Draft => "draft",
            ContentStatus::Scheduled => "scheduled",
            ContentStatus::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ContentStatus::Draft => "Draf",
            ContentStatus::Scheduled => "Terjadwal",
            ContentStatus::Published => "Terbit",
        }
    }
}
