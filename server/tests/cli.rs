//! `tiranyx admin create` as an operator runs it: the real binary, the
//! password on stdin, never in argv.
use std::{
    io::Write,
    process::{Command, Stdio},
};

fn admin_create(db_url: &str, email: &str, password: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tiranyx"))
        .args(["admin", "create", "--email", email, "--name", "Operator"])
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn admin_create_reads_the_password_from_stdin_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());

    let out = admin_create(&url, "ops@tiranyx.test", "password");
    assert!(!out.status.success(), "a common password must be refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"));

    let out = admin_create(&url, "ops@tiranyx.test", "kopi tubruk tanpa gula");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("/admin/login"));

    let out = admin_create(&url, "ops@tiranyx.test", "kopi tubruk tanpa gula");
    assert!(!out.status.success(), "the same e-mail twice");

    let db = domain::Database::connect(&url).await.unwrap();
    let admin = domain::admin::find_by_email(&db, "ops@tiranyx.test")
        .await
        .unwrap()
        .expect("created");
    assert!(domain::accounts::verify_password(
        &admin.password_hash,
        "kopi tubruk tanpa gula"
    ));
}
