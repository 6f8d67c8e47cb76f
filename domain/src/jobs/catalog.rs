//! Every kind of background job the platform runs, registered in one
//! place: a new kind is added here, with its handler beside its use case.
use super::{JobError, JobRun, Runner};
use crate::{
    cms, deliverables::Deliverables, github, mail, orders, subscriptions, upkeep, Database,
};
use chrono::Duration;
use std::sync::Arc;

/// How outgoing mail is sent.
#[derive(Debug, Clone)]
pub struct MailSetup {
    pub mailer: Arc<mail::Mailer>,
    /// `Tiranyx <noreply@host>`.
    pub from: String,
    /// Where the e-mails' links point (the subscription check's renew link).
    pub site: orders::Site,
}

/// The runner for this process, with every job kind; `files` signs the
/// links that file deliveries mail; `github` invites buyers of GitHub
/// products (None without `GITHUB_PAT`: those jobs fail and wait for an
/// admin in *Tugas latar*).
pub fn runner(
    db: Database,
    mail_setup: MailSetup,
    files: Deliverables,
    github: Option<github::Github>,
) -> Runner {
    let mail_db = db.clone();
    let publish_db = db.clone();
    let purge_db = db.clone();
    let expire_db = db.clone();
    let deliver_db = db.clone();
    let subs_db = db.clone();
    let subs_site = mail_setup.site.clone();
    let invite_db = db.clone();
    let invite_github = github.clone();
    Runner::new(db)
        .handle(mail::SEND_JOB, move |run: JobRun| {
            let (db, setup) = (mail_db.clone(), mail_setup.clone());
            async move {
                mail::outbox::deliver(&db, &setup.mailer, &setup.from, run)
                    .await
                    .map_err(JobError::from)
            }
        })
        .handle(github::INVITE_JOB, move |run: JobRun| {
            let (db, github) = (invite_db.clone(), invite_github.clone());
            async move {
                let github = github.ok_or("GITHUB_PAT is not configured")?;
                let github::access::InvitePayload { purchase_id } = run.payload()?;
                let outcome = github::invite_purchase(&db, &github, purchase_id, run.now).await?;
                tracing::info!(purchase_id, ?outcome, "GitHub invitation");
                Ok(())
            }
        })
        .handle(github::REVOKE_JOB, move |run: JobRun| {
            let github = github.clone();
            async move {
                let github = github.ok_or("GITHUB_PAT is not configured")?;
                let payload: github::RevokePayload = run.payload()?;
                let outcome = github::revoke_access(&github, &payload, run.now).await?;
                tracing::info!(
                    purchase_id = payload.purchase_id,
                    ?outcome,
                    "GitHub access revoked"
                );
                Ok(())
            }
        })
        .handle(orders::DELIVER_JOB, move |run: JobRun| {
            let (db, files) = (deliver_db.clone(), files.clone());
            async move {
                let orders::payment::DeliverPayload { order_id } = run.payload()?;
                let outcome = orders::deliver(&db, &files, order_id, run.now)
                    .await
                    .map_err(|e| e.to_string())?;
                tracing::info!(order_id, ?outcome, "order delivery");
                Ok(())
            }
        })
        .every(
            cms::PUBLISH_JOB,
            Duration::minutes(1),
            move |run: JobRun| {
                let db = publish_db.clone();
                async move {
                    match cms::publish_due_posts(&db, run.now).await {
                        Ok(0) => Ok(()),
                        Ok(n) => {
                            tracing::info!(published = n, "scheduled posts published");
                            Ok(())
                        }
                        Err(e) => Err(e.to_string().into()),
                    }
                }
            },
        )
        .every(
            orders::EXPIRE_JOB,
            Duration::minutes(1),
            move |run: JobRun| {
                let db = expire_db.clone();
                async move {
                    let n = orders::expire_due(&db, run.now)
                        .await
                        .map_err(|e| e.to_string())?;
                    if n > 0 {
                        tracing::info!(expired = n, "unpaid orders expired");
                    }
                    Ok(())
                }
            },
        )
        // Daily, as the seed's `cron/subscription-check`: a warning is due
        // seven days ahead; until the run marks one expired, the member's
        // dashboard already reads `expires_at` against the clock.
        .every(
            subscriptions::CHECK_JOB,
            Duration::days(1),
            move |run: JobRun| {
                let (db, site) = (subs_db.clone(), subs_site.clone());
                async move {
                    let checked = subscriptions::check(&db, &site, run.now)
                        .await
                        .map_err(|e| e.to_string())?;
                    tracing::info!(?checked, "subscriptions checked");
                    Ok(())
                }
            },
        )
        .every(upkeep::PURGE_JOB, Duration::hours(1), move |run: JobRun| {
            let db = purge_db.clone();
            async move {
                let purged = upkeep::purge(&db, run.now)
                    .await
                    .map_err(|e| e.to_string())?;
                tracing::debug!(?purged, "expired rows purged");
                Ok(())
            }
        })
}

/// The daily backup (`backup::daily`): where it goes (`BACKUP_DIR`), how
/// many days it keeps, and the folders it copies beside the database.
#[derive(Clone, Debug)]
pub struct BackupSetup {
    pub dir: std::path::PathBuf,
    pub keep_days: i64,
    pub folders: Vec<(&'static str, std::path::PathBuf)>,
}

pub const BACKUP_JOB: &str = "backup.daily";

/// Adds the daily backup to `runner`: checked hourly, written once per
/// Jakarta day from 02:00 (nothing on PostgreSQL).
pub fn with_backups(runner: Runner, db: Database, setup: BackupSetup) -> Runner {
    runner.every(BACKUP_JOB, Duration::hours(1), move |run: JobRun| {
        let (db, setup) = (db.clone(), setup.clone());
        async move {
            let folders: Vec<(&str, &std::path::Path)> = setup
                .folders
                .iter()
                .map(|(name, path)| (*name, path.as_path()))
                .collect();
            let written = crate::backup::daily(&db, &setup.dir, &folders, setup.keep_days, run.now)
                .await
                .map_err(|e| e.to_string())?;
            if let Some(folder) = written {
                tracing::info!(folder = %folder.display(), "daily backup written");
            }
            Ok(())
        }
    })
}
