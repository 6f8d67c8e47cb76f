//! Transactional e-mail: the outbox and its `mail.send` jobs on SQLite and
//! (when `TIRANYX_TEST_POSTGRES_URL` is set, always in CI) PostgreSQL,
//! delivery to a real SMTP server on loopback, retries when it is down, and
//! `.eml` files.
use chrono::{DateTime, Duration, Utc};
use domain::{
    config::SmtpConfig,
    entities::{
        job::{self, JobStatus},
        outbox_message::{self, OutboxStatus},
    },
    jobs::{
        catalog::{self, MailSetup},
        Runner,
    },
    mail::{self, templates, Mailer, SmtpTls, MAX_ATTEMPTS},
    Database, DomainError,
};
use sea_orm::{EntityTrait, PaginatorTrait, TransactionTrait};
use std::sync::{Arc, Mutex};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{TcpListener, TcpStream},
};

const FROM: &str = "Tiranyx <noreply@tiranyx.co.id>";
const LINK: &str =
    "https://tiranyx.co.id/akun/verifikasi?token=Zm9vYmFyYmF6cXV4LXRva2VuLXZlcnktbG9uZy1lbm91Z2g";

mod common;
use common::{backends, sqlite};

/// Whole seconds, so values round-trip exactly on both backends.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap()
}

async fn row(db: &Database, id: i32) -> outbox_message::Model {
    outbox_message::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

/// Undoes quoted-printable soft line breaks and `=3D`, enough to find a link
/// in a message body whatever transfer encoding lettre picked for it.
fn unfold(raw: &str) -> String {
    raw.replace("=\r\n", "").replace("=3D", "=")
}

fn smtp(port: u16, user: Option<&str>, pass: Option<&str>) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        user: user.map(Into::into),
        pass: pass.map(|p| p.to_owned().into()),
    }
}

// ---------------------------------------------------------------------------
// A minimal SMTP server on loopback that records what it receives.

#[derive(Clone, Debug, Default)]
struct Received {
    from: String,
    to: Vec<String>,
    data: String,
}

type Inbox = Arc<Mutex<Vec<Received>>>;

async fn smtp_server() -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = Inbox::default();
    let store = inbox.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let _ = smtp_session(stream, store).await;
            });
        }
    });
    (port, inbox)
}

fn path_of(arg: &str) -> String {
    let arg = arg.trim();
    let arg = arg.strip_prefix('<').unwrap_or(arg);
    arg.split('>').next().unwrap_or_default().to_owned()
}

async fn smtp_session(stream: TcpStream, store: Inbox) -> std::io::Result<()> {
    let (read, mut w) = stream.into_split();
    let mut r = BufReader::new(read);
    let mut buf = Vec::new();
    let mut current = Received::default();
    w.write_all(b"220 localhost ESMTP test\r\n").await?;
    loop {
        buf.clear();
        if r.read_until(b'\n', &mut buf).await? == 0 {
            return Ok(());
        }
        let line = String::from_utf8_lossy(&buf).trim_end().to_owned();
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-localhost\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("HELO") || upper == "NOOP" {
            b"250 localhost\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            current = Received {
                from: path_of(&line[10..]),
                ..Received::default()
            };
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            current.to.push(path_of(&line[8..]));
            b"250 OK\r\n"
        } else if upper == "DATA" {
            w.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = String::new();
            loop {
                buf.clear();
                if r.read_until(b'\n', &mut buf).await? == 0 {
                    return Ok(());
                }
                let l = String::from_utf8_lossy(&buf).into_owned();
                if l == ".\r\n" {
                    break;
                }
                data.push_str(l.strip_prefix('.').unwrap_or(&l));
            }
            current.data = data;
            store.lock().unwrap().push(std::mem::take(&mut current));
            b"250 OK queued\r\n"
        } else if upper == "RSET" {
            current = Received::default();
            b"250 OK\r\n"
        } else if upper == "QUIT" {
            w.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        w.write_all(reply).await?;
    }
}

/// A loopback port with nothing listening on it.
async fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

// ---------------------------------------------------------------------------

/// The platform's runner with `mailer`, its clock fixed at `*clock`.
fn runner(db: &Database, mailer: Mailer, clock: &Arc<Mutex<DateTime<Utc>>>) -> Runner {
    let setup = MailSetup {
        mailer: Arc::new(mailer),
        from: FROM.into(),
        site: domain::orders::Site {
            url: "https://tiranyx.test".parse().unwrap(),
        },
    };
    let clock = clock.clone();
    catalog::runner(
        db.clone(),
        setup,
        domain::testing::deliverables(&std::env::temp_dir(), 5),
        None,
    )
    .clock(move || *clock.lock().unwrap())
}

async fn mail_job(db: &Database, message_id: i32) -> job::Model {
    use sea_orm::{ColumnTrait, QueryFilter};
    job::Entity::find()
        .filter(job::Column::DedupeKey.eq(format!("mail.send:{message_id}")))
        .one(db.reader())
        .await
        .unwrap()
        .expect("a mail.send job")
}

#[tokio::test]
async fn smtp_delivery_reaches_the_server_and_marks_sent() {
    let b = sqlite().await;
    let (port, inbox) = smtp_server().await;
    let mailer = Mailer::from_config(
        Some(&smtp(port, None, None)),
        "unused".into(),
        SmtpTls::None,
    )
    .unwrap();
    assert!(matches!(mailer, Mailer::Smtp { .. }));

    let t = now();
    let clock = Arc::new(Mutex::new(t));
    let runner = runner(&b.db, mailer, &clock);
    let email = templates::verify_email("budi@contoh.id", "Budi", LINK);
    let id = mail::queue(&b.db, &email, t).await.unwrap();

    assert_eq!(runner.run_due(None).await.unwrap(), 1);
    let got = inbox.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from, "noreply@tiranyx.co.id");
    assert_eq!(got[0].to, ["budi@contoh.id"]);
    let data = unfold(&got[0].data);
    assert!(
        data.contains("Subject: Verifikasi email akun Tiranyx kamu"),
        "{data}"
    );
    assert!(data.contains("To: budi@contoh.id"), "{data}");
    assert!(data.contains("multipart/alternative"), "{data}");
    assert!(data.contains("text/plain") && data.contains("text/html"));
    assert!(data.contains(LINK), "{data}");
    assert!(
        data.contains(&format!("Message-ID: <outbox-{id}-")),
        "{data}"
    );

    let r = row(&b.db, id).await;
    assert_eq!(r.status, OutboxStatus::Sent);
    assert_eq!(r.sent_at, Some(t));
    assert_eq!(r.attempts, 1);
    assert_eq!(r.last_error, None);
    // A sent message keeps its envelope, not its body.
    assert_eq!((r.body_text.as_str(), r.body_html.as_str()), ("", ""));
    assert_eq!(r.subject, "Verifikasi email akun Tiranyx kamu");
    assert_eq!(mail_job(&b.db, id).await.status, JobStatus::Done);

    // Nothing left to send.
    *clock.lock().unwrap() = t + Duration::hours(1);
    assert_eq!(runner.run_due(None).await.unwrap(), 0);
    assert_eq!(inbox.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_job_run_twice_sends_its_message_once() {
    let b = sqlite().await;
    let (port, inbox) = smtp_server().await;
    let mailer =
        Mailer::from_config(Some(&smtp(port, None, None)), "x".into(), SmtpTls::None).unwrap();
    let t = now();
    let clock = Arc::new(Mutex::new(t));
    let runner = runner(&b.db, mailer, &clock);
    let id = mail::queue(&b.db, &templates::verify_email("a@contoh.id", "A", LINK), t)
        .await
        .unwrap();
    assert_eq!(runner.run_due(None).await.unwrap(), 1);
    // The runner died after sending, before completing: the job comes back
    // after its lease. Simulate by putting the job back to pending.
    {
        use sea_orm::{ActiveModelTrait, ActiveValue::Set};
        let mut j: job::ActiveModel = mail_job(&b.db, id).await.into();
        j.status = Set(JobStatus::Pending);
        j.update(b.db.writer()).await.unwrap();
    }
    assert_eq!(runner.run_due(None).await.unwrap(), 1);
    assert_eq!(inbox.lock().unwrap().len(), 1, "sent once");
    assert_eq!(mail_job(&b.db, id).await.status, JobStatus::Done);
}

#[tokio::test]
async fn smtp_down_retries_with_backoff_then_fails() {
    let b = sqlite().await;
    let password = "rahasia-smtp-sangat-panjang";
    let cfg = smtp(closed_port().await, Some("mailer"), Some(password));
    let mailer = Mailer::from_config(Some(&cfg), "unused".into(), SmtpTls::None).unwrap();

    let t0 = now();
    let clock = Arc::new(Mutex::new(t0));
    let runner = runner(&b.db, mailer, &clock);
    let email = templates::reset_password("sari@contoh.id", "Sari", LINK);
    let id = mail::queue(&b.db, &email, t0).await.unwrap();

    assert_eq!(runner.run_due(None).await.unwrap(), 1);
    let r = row(&b.db, id).await;
    assert_eq!(r.status, OutboxStatus::Pending);
    assert_eq!(r.attempts, 1);
    let j = mail_job(&b.db, id).await;
    assert_eq!(j.run_after, t0 + Duration::minutes(1));
    let err = r.last_error.clone().expect("last_error set");
    assert!(!err.is_empty() && err.chars().count() <= 500, "{err}");
    assert!(!err.contains(password), "{err}");
    assert!(!j.last_error.unwrap().contains(password));

    // Not due again before the backoff ends.
    *clock.lock().unwrap() = t0 + Duration::seconds(59);
    assert_eq!(runner.run_due(None).await.unwrap(), 0);

    let mut j = mail_job(&b.db, id).await;
    let mut delays = vec![j.run_after - t0];
    while j.status == JobStatus::Pending {
        let t = j.run_after;
        *clock.lock().unwrap() = t;
        assert_eq!(runner.run_due(None).await.unwrap(), 1);
        j = mail_job(&b.db, id).await;
        if j.status == JobStatus::Pending {
            delays.push(j.run_after - t);
        }
    }
    assert_eq!(
        delays.iter().map(|d| d.num_minutes()).collect::<Vec<_>>(),
        [1, 5, 30, 120, 360]
    );
    assert_eq!(j.status, JobStatus::Failed);
    assert_eq!(j.attempts, MAX_ATTEMPTS);
    let r = row(&b.db, id).await;
    assert_eq!(r.status, OutboxStatus::Failed);
    assert_eq!(r.attempts, MAX_ATTEMPTS);
    assert!(!r.last_error.unwrap().contains(password));
    assert_eq!(r.sent_at, None);

    // Kept, and never retried.
    *clock.lock().unwrap() = t0 + Duration::days(30);
    assert_eq!(runner.run_due(None).await.unwrap(), 0);
    assert_eq!(
        outbox_message::Entity::find()
            .count(b.db.reader())
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn files_mode_writes_an_eml_with_the_link() {
    let b = sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("outbox");
    let mailer = Mailer::from_config(None, out.clone(), SmtpTls::StartTls).unwrap();
    assert!(matches!(&mailer, Mailer::Files { dir } if *dir == out));

    let t = now();
    let runner = runner(&b.db, mailer, &Arc::new(Mutex::new(t)));
    let email = templates::reset_password("sari@contoh.id", "Sari <b>", LINK);
    let id = mail::queue(&b.db, &email, t).await.unwrap();
    assert_eq!(runner.run_due(None).await.unwrap(), 1);

    let path = out.join(format!("{id}-reset-password.eml"));
    let eml = unfold(&std::fs::read_to_string(&path).unwrap());
    assert!(
        eml.contains("From: Tiranyx <noreply@tiranyx.co.id>"),
        "{eml}"
    );
    assert!(eml.contains("To: sari@contoh.id"), "{eml}");
    assert!(eml.contains("Subject: Atur ulang kata sandi akun Tiranyx kamu"));
    assert!(eml.contains("multipart/alternative"));
    assert!(eml.contains(LINK), "{eml}");
    assert!(eml.contains("Sari &lt;b&gt;"), "{eml}");
    assert_eq!(row(&b.db, id).await.status, OutboxStatus::Sent);
}

#[tokio::test]
async fn queueing_stores_the_message_and_its_job_on_every_backend() {
    for b in backends().await {
        let db = &b.db;
        let n = b.name;
        let t = now();
        let first = mail::queue(db, &templates::verify_email("a@contoh.id", "A", LINK), t)
            .await
            .unwrap();
        let r = row(db, first).await;
        assert_eq!(r.status, OutboxStatus::Pending, "{n}");
        assert_eq!((r.attempts, r.created_at), (0, t), "{n}");
        assert_eq!(r.template, "verify-email", "{n}");
        assert!(r.body_html.contains("#070b1a") && r.body_text.contains(LINK));
        let j = mail_job(db, first).await;
        assert_eq!(
            (j.kind.as_str(), j.status, j.run_after, j.max_attempts),
            ("mail.send", JobStatus::Pending, t, MAX_ATTEMPTS),
            "{n}"
        );

        // Queued in a transaction that rolls back: neither row exists.
        let txn = db.writer().begin().await.unwrap();
        let gone = mail::queue_in(&txn, &templates::verify_email("b@contoh.id", "B", LINK), t)
            .await
            .unwrap();
        txn.rollback().await.unwrap();
        assert!(outbox_message::Entity::find_by_id(gone)
            .one(db.reader())
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            job::Entity::find().count(db.reader()).await.unwrap(),
            1,
            "{n}"
        );

        let bad = templates::verify_email("bukan-email", "X", LINK);
        assert!(matches!(
            mail::queue(db, &bad, t).await,
            Err(DomainError::Invalid(_))
        ));
        assert_eq!(
            job::Entity::find().count(db.reader()).await.unwrap(),
            1,
            "{n}"
        );
    }
}

#[tokio::test]
async fn spawned_runner_delivers_when_poked_and_stops_on_shutdown() {
    let b = sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let setup = MailSetup {
        mailer: Arc::new(Mailer::Files {
            dir: dir.path().to_owned(),
        }),
        from: FROM.into(),
        site: domain::orders::Site {
            url: "https://tiranyx.test".parse().unwrap(),
        },
    };
    // A witness queued before the start: once it is sent and no job is left
    // due or running, the start-up run is over.
    let witness = mail::queue(
        &b.db,
        &templates::verify_email("w@contoh.id", "W", LINK),
        Utc::now(),
    )
    .await
    .unwrap();
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    // A long poll period: after the start-up run only the poke can wake it.
    let (handle, poke) = catalog::runner(
        b.db.clone(),
        setup,
        domain::testing::deliverables(&std::env::temp_dir(), 5),
        None,
    )
    .spawn(std::time::Duration::from_secs(3600), shutdown);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let jobs = job::Entity::find().all(b.db.reader()).await.unwrap();
        let settled = jobs.iter().all(|j| {
            j.status != JobStatus::Running
                && !(j.status == JobStatus::Pending && j.run_after <= Utc::now())
        });
        if settled && row(&b.db, witness).await.status == OutboxStatus::Sent {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "start-up run did not finish: {jobs:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }

    let id = mail::queue(
        &b.db,
        &templates::verify_email("c@contoh.id", "C", LINK),
        Utc::now(),
    )
    .await
    .unwrap();
    // Without a poke the runner sleeps: the message waits.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        row(&b.db, id).await.status,
        OutboxStatus::Pending,
        "sent without a poke"
    );
    poke.notify_one();

    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while row(&b.db, id).await.status != OutboxStatus::Sent {
        assert!(tokio::time::Instant::now() < deadline, "not delivered");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(dir.path().join(format!("{id}-verify-email.eml")).exists());

    stop.send(true).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), handle)
        .await
        .expect("runner stops")
        .unwrap();
}
