//! Two `tiranyx serve` processes on one PostgreSQL database behind Debian's
//! nginx, as production runs N instances: a member registers through one
//! and logs in through the other; a photo uploaded through one is served by
//! the other (one S3 bucket); the login limit is one budget whatever
//! instance answers; a scheduled post is published once and each queued
//! e-mail sent once with both runners racing; a change through one empties
//! the other's render cache; killing one instance
//! (SIGKILL) mid-traffic loses no acknowledged write and nginx keeps
//! serving from the other. Runs in the PostgreSQL pass of
//! `scripts/test.sh` (SQLite is one process by design).
mod common;

use common::process::Server;
use domain::entities::{audit_entry, contact_message, post, user, PostStatus};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use std::{path::Path, process::Command, time::Duration};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Debian's nginx on `port`, spreading over `upstreams` as deploy/nginx.conf
/// does; stopped when dropped.
struct Nginx(std::process::Child);

impl Nginx {
    fn start(dir: &Path, port: u16, upstreams: &[u16]) -> Nginx {
        let servers: String = upstreams
            .iter()
            .map(|p| format!("server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;\n"))
            .collect();
        let d = dir.display();
        // As root, workers would run as www-data, who cannot enter the
        // test's private temporary folder.
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        let user = if root { "user root;\n" } else { "" };
        let conf = format!(
            "{user}worker_processes 1;\ndaemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             events {{ worker_connections 256; }}\n\
             http {{\n access_log off;\n client_body_temp_path {d}/body;\n proxy_temp_path {d}/proxy;\n\
             fastcgi_temp_path {d}/fcgi;\n uwsgi_temp_path {d}/uwsgi;\n scgi_temp_path {d}/scgi;\n\
             upstream tiranyx {{\n{servers} keepalive 8;\n }}\n\
             server {{\n  listen 127.0.0.1:{port};\n  location / {{\n   proxy_pass http://tiranyx;\n\
             proxy_http_version 1.1;\n   proxy_set_header Connection \"\";\n   proxy_set_header Host $host;\n\
             proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
             proxy_next_upstream error timeout http_502 http_503;\n  }}\n }}\n}}\n"
        );
        std::fs::write(dir.join("nginx.conf"), conf).unwrap();
        // Held at once, so it is stopped (and waited for) on every path.
        let nginx = Nginx(
            Command::new("nginx")
                .args(["-c", &dir.join("nginx.conf").to_string_lossy(), "-p"])
                .arg(dir)
                .spawn()
                .expect("nginx (scripts/bootstrap.sh --test installs it)"),
        );
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return nginx;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("nginx did not listen on {port}");
    }
}

impl Drop for Nginx {
    /// SIGTERM, so the master stops its worker too (a SIGKILLed master leaves
    /// the worker running, holding the test's output open).
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// A browser's form post to `base` on behalf of client `ip`.
async fn post_form(
    site: &str,
    base: &str,
    path: &str,
    ip: &str,
    body: &str,
) -> reqwest::Result<reqwest::Response> {
    http()
        .post(format!("{base}{path}"))
        .header("origin", site)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", ip)
        .body(body.to_owned())
        .send()
        .await
}

fn eml_count(dirs: &[&Path]) -> usize {
    dirs.iter()
        .filter_map(|d| std::fs::read_dir(d).ok())
        .flatten()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "eml"))
        })
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_behind_nginx_serve_as_one_site() {
    if std::env::var("TIRANYX_TEST_SERVER_DB").as_deref() != Ok("postgres") {
        eprintln!("two_instances_behind_nginx_serve_as_one_site: PostgreSQL pass only");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (url, db) = common::test_database(&dir).await;
    // The demo catalogue: its waitlist page shows a count both instances
    // render.
    domain::demo::load(&db, chrono::Utc::now()).await.unwrap();
    // A post that fell due while no instance ran: both start and race.
    let now = chrono::Utc::now();
    let scheduled = post::ActiveModel {
        title: Set("Terbit sekali saja".into()),
        slug: Set("terbit-sekali-saja".into()),
        excerpt: Set("Satu kali.".into()),
        body_md: Set("Isi tulisan.".into()),
        category: Set("Berita".into()),
        tags: Set(String::new()),
        author_name: Set("Tim Tiranyx".into()),
        status: Set(PostStatus::Scheduled),
        published_at: Set(Some(now - chrono::Duration::seconds(5))),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db.writer())
    .await
    .unwrap();

    let front = free_port();
    let site = format!("http://127.0.0.1:{front}");
    let (dir_a, dir_b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&dir_a).unwrap();
    std::fs::create_dir_all(&dir_b).unwrap();
    let mut env: Vec<(&str, String)> = vec![
        ("SITE_URL", site.clone()),
        ("TRUSTED_PROXIES", "127.0.0.1".into()),
        ("INSTANCE_ID", "uji".into()),
    ];
    // One bucket for both, when scripts/test.sh runs its S3 server.
    let s3 = std::env::var("TIRANYX_TEST_S3_URL").ok();
    if let Some(bucket) = &s3 {
        let var = |name: &str| std::env::var(format!("TIRANYX_TEST_S3_{name}")).unwrap();
        let prefix = format!(
            "dua-instans-{}",
            now.timestamp_nanos_opt().unwrap_or_default()
        );
        env.extend([
            ("STORAGE_URL", format!("{bucket}/{prefix}")),
            ("AWS_ENDPOINT", var("ENDPOINT")),
            ("AWS_ACCESS_KEY_ID", var("KEY_ID")),
            ("AWS_SECRET_ACCESS_KEY", var("SECRET")),
            ("AWS_REGION", var("REGION")),
            ("AWS_ALLOW_HTTP", "true".into()),
        ]);
    }
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let a = Server::start(&dir_a, &url, &env);
    let b = Server::start(&dir_b, &url, &env);
    let nginx_dir = dir.path().join("nginx");
    std::fs::create_dir_all(&nginx_dir).unwrap();
    let _nginx = Nginx::start(&nginx_dir, front, &[a.port, b.port]);

    // Registered through A, signed in through B, served by either.
    let email = "dua.instans@example.id";
    let res = post_form(
        &site,
        &a.base(),
        "/register",
        "203.0.113.50",
        &format!("name=Dua%20Instans&email={email}&password=kopi%20susu%20gula%20aren%202026"),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    let member = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(db.reader())
        .await
        .unwrap()
        .expect("registered through A");
    let mut verified: user::ActiveModel = member.into();
    verified.email_verified_at = Set(Some(now));
    verified.update(db.writer()).await.unwrap();
    let res = post_form(
        &site,
        &b.base(),
        "/login",
        "203.0.113.51",
        &format!("email={email}&password=kopi%20susu%20gula%20aren%202026&next=%2Fdashboard"),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    for base in [&a.base(), &b.base(), &site] {
        let page = http()
            .get(format!("{base}/dashboard"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{base}");
    }

    // A photo uploaded through A is served by B (one bucket).
    if s3.is_some() {
        let boundary = "XyZzYboundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"foto.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(common::PNG);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let res = http()
            .post(format!("{}/dashboard/profile/avatar", a.base()))
            .header("origin", &site)
            .header("cookie", &cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let avatar = user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(db.reader())
            .await
            .unwrap()
            .unwrap()
            .avatar_path
            .expect("an avatar stored through A");
        let served = http()
            .get(format!("{}/uploads/avatars/{avatar}", b.base()))
            .send()
            .await
            .unwrap();
        assert_eq!(served.status(), 200);
        assert_eq!(&served.bytes().await.unwrap()[..], common::PNG);
    }

    // One login budget (5 a minute) whatever instance answers.
    let mut statuses = Vec::new();
    for n in 0..6 {
        let base = if n % 2 == 0 { a.base() } else { b.base() };
        let res = post_form(
            &site,
            &base,
            "/login",
            "198.51.100.77",
            "email=x%40example.id&password=salah%20sekali",
        )
        .await
        .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses[5], 429, "{statuses:?}");
    assert!(statuses[..5].iter().all(|s| *s != 429), "{statuses:?}");

    // The scheduled post: published once, by one of them.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let p = post::Entity::find_by_id(scheduled.id)
            .one(db.reader())
            .await
            .unwrap()
            .unwrap();
        if p.status == PostStatus::Published {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not published");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let publications = audit_entry::Entity::find()
        .filter(audit_entry::Column::TargetId.eq(scheduled.id))
        .filter(audit_entry::Column::Action.eq("posts.publish"))
        .count(db.reader())
        .await
        .unwrap();
    assert_eq!(publications, 1);

    // A page B keeps for anonymous visitors is stale once A changes what it
    // shows: A's waitlist join is announced to B (LISTEN/NOTIFY).
    let waitlist = "/waitlist/nusa-landing-template-umkm";
    let count_on_b = || async {
        let page = http()
            .get(format!("{}{waitlist}", b.base()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let at = page
            .find(" orang sudah menunggu")
            .expect("the waitlist count");
        let digits: String = page[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        digits
            .chars()
            .rev()
            .collect::<String>()
            .parse::<u64>()
            .unwrap()
    };
    let before = count_on_b().await;
    assert_eq!(count_on_b().await, before);
    let res = post_form(
        &site,
        &a.base(),
        waitlist,
        "203.0.113.60",
        "email=tunggu.dua%40example.id&name=Tunggu",
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 303);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while count_on_b().await != before + 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "B still shows its kept page"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // The registration's mail, plus ten more, each sent once by the two
    // runners (each instance writes its own outbox folder).
    for n in 0..10 {
        let res = post_form(
            &site,
            &site,
            "/register",
            &format!("203.0.113.{}", 100 + n),
            &format!("name=Anggota%20{n}&email=anggota{n}%40example.id&password=kopi%20susu%20gula%20aren%202026"),
        )
        .await
        .unwrap();
        assert_eq!(res.status(), 303);
    }
    let outboxes = [dir_a.join("outbox"), dir_b.join("outbox")];
    let outboxes: Vec<&Path> = outboxes.iter().map(|p| p.as_path()).collect();
    let deadline = std::time::Instant::now() + Duration::from_secs(40);
    while eml_count(&outboxes) < 11 {
        assert!(
            std::time::Instant::now() < deadline,
            "{} mails",
            eml_count(&outboxes)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(eml_count(&outboxes), 11, "a mail sent twice");

    // A killed mid-traffic: every acknowledged message is stored, and the
    // site keeps answering through B.
    let storm: Vec<_> = (0..60)
        .map(|n| {
            let site = site.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(n * 10)).await;
                let body = format!(
                    "name=Pengirim%20{n}&email=p{n}%40example.id&message=Pesan%20nomor%20{n}%20yang%20cukup%20panjang"
                );
                let ip = format!("192.0.2.{n}");
                let res = post_form(&site, &site, "/contact", &ip, &body).await;
                (n, res.map(|r| r.status().as_u16()).map_err(|e| e.to_string()))
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(250)).await;
    a.kill_9();
    let mut acknowledged = Vec::new();
    let mut others = Vec::new();
    for t in storm {
        match t.await.unwrap() {
            (n, Ok(303)) => acknowledged.push(n),
            other => others.push(other),
        }
    }
    // The answers other than 303 say why, should too few be acknowledged.
    assert!(
        acknowledged.len() >= 30,
        "acknowledged {acknowledged:?}; the others: {others:?}"
    );
    for n in &acknowledged {
        let stored = contact_message::Entity::find()
            .filter(contact_message::Column::Email.eq(format!("p{n}@example.id")))
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(stored, 1, "acknowledged message {n}");
    }
    let home = http().get(format!("{site}/")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    drop(b);
}
