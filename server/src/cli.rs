use clap::{Parser, Subcommand};

/// Tiranyx — agency site, store and member platform.
#[derive(Debug, Parser)]
#[command(name = "tiranyx", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand, PartialEq, Eq)]
pub enum Command {
    /// Run the web server (the default). Applies pending migrations first.
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Load the demo content; running it again changes nothing.
    SeedDemo,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_is_the_default() {
        assert_eq!(Cli::parse_from(["tiranyx"]).command, None);
        assert_eq!(
            Cli::parse_from(["tiranyx", "migrate"]).command,
            Some(Command::Migrate)
        );
        assert_eq!(
            Cli::parse_from(["tiranyx", "seed-demo"]).command,
            Some(Command::SeedDemo)
        );
        assert!(Cli::try_parse_from(["tiranyx", "nope"]).is_err());
    }
}
