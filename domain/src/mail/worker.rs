//! The background delivery loop. Requests only [`super::outbox::enqueue`] and
//! poke the worker's [`Notify`]; the worker sends due messages one at a time,
//! never holding a database transaction while it talks to the SMTP server.
use super::{outbox, transport::Mailer};
use crate::{error::DomainResult, Database};
use chrono::{DateTime, Utc};
use std::{sync::Arc, time::Duration};
use tokio::{
    sync::{watch, Notify},
    task::JoinHandle,
};

/// Messages handled per [`deliver_due`] call.
pub const BATCH: u64 = 20;

/// How long a claimed message is reserved for one attempt; if the process
/// dies mid-send, the message is retried after this.
pub fn lease() -> chrono::Duration {
    chrono::Duration::minutes(10)
}

/// Delivers up to [`BATCH`] due messages. Returns (sent, failed attempts).
pub async fn deliver_due(
    db: &Database,
    mailer: &Mailer,
    from: &str,
    now: DateTime<Utc>,
) -> DomainResult<(usize, usize)> {
    let (mut sent, mut failed) = (0, 0);
    for msg in outbox::due(db, now, BATCH).await? {
        if !outbox::claim(db, msg.id, now, lease()).await? {
            continue;
        }
        match mailer.send(from, &msg).await {
            Ok(()) => {
                outbox::mark_sent(db, msg.id, now).await?;
                sent += 1;
            }
            Err(error) => {
                let row = outbox::mark_failed_attempt(db, msg.id, &error, now).await?;
                tracing::warn!(
                    id = row.id,
                    template = %row.template,
                    attempts = row.attempts,
                    status = ?row.status,
                    error = %error,
                    "email delivery failed"
                );
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// Starts the worker: it runs [`deliver_due`] at once, then every `every`,
/// and immediately whenever the returned [`Notify`] is poked
/// (`notify.notify_one()` after an enqueue). It stops when `shutdown` becomes
/// true or its sender is dropped.
pub fn spawn(
    db: Database,
    mailer: Arc<Mailer>,
    from: String,
    every: Duration,
    mut shutdown: watch::Receiver<bool>,
) -> (JoinHandle<()>, Arc<Notify>) {
    let notify = Arc::new(Notify::new());
    let poke = notify.clone();
    let handle = tokio::spawn(async move {
        loop {
            if *shutdown.borrow() {
                break;
            }
            match deliver_due(&db, &mailer, &from, Utc::now()).await {
                Ok((0, 0)) => {}
                Ok((sent, failed)) => tracing::info!(sent, failed, "email outbox processed"),
                Err(e) => tracing::error!(error = %e, "email outbox: database error"),
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = poke.notified() => {}
                changed = shutdown.changed() => {
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        tracing::debug!("email worker stopped");
    });
    (handle, notify)
}
