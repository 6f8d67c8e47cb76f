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
    /// Write a consistent copy of the SQLite database to FILE while the
    /// site runs (PostgreSQL: use pg_dump, see the README).
    Backup { file: std::path::PathBuf },
    /// Restore a backup FILE (or a daily backup folder, files included)
    /// into the database of DATABASE_URL; stop the server first. Refuses a
    /// database that holds data unless --force.
    Restore {
        file: std::path::PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Manage admin accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Debug, Subcommand, PartialEq, Eq)]
pub enum AdminCommand {
    /// Create an admin account. The password is read from a prompt, or from
    /// the first line of stdin when it is not a terminal; never from argv,
    /// where it would land in shell history and the process list.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Admin")]
        name: String,
    },
    /// Lift every login wait on an admin account (from all clients) and its
    /// second-factor lock.
    Unlock {
        #[arg(long)]
        email: String,
    },
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
        assert_eq!(
            Cli::parse_from(["tiranyx", "admin", "create", "--email", "a@b.id"]).command,
            Some(Command::Admin(AdminCommand::Create {
                email: "a@b.id".into(),
                name: "Admin".into()
            }))
        );
        assert_eq!(
            Cli::parse_from(["tiranyx", "admin", "unlock", "--email", "a@b.id"]).command,
            Some(Command::Admin(AdminCommand::Unlock {
                email: "a@b.id".into()
            }))
        );
        // There is no way to pass the password as an argument.
        assert!(Cli::try_parse_from([
            "tiranyx",
            "admin",
            "create",
            "--email",
            "a@b.id",
            "--password",
            "x"
        ])
        .is_err());
    }
}
