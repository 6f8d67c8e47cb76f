//! The real `tiranyx` binary as a child process, for tests of what only a
//! process shows (signals, a crash, a restart).
use std::io::Write;
use std::process::{Command, Stdio};

const BROWSER: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36";

/// The binary, run in `dir` (so no `.env` of the checkout is read) with
/// only the variables given here.
pub fn command(dir: &std::path::Path, db_url: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tiranyx"));
    cmd.args(args)
        .current_dir(dir)
        .env_clear()
        .env("DATABASE_URL", db_url)
        .env("UPLOADS_DIR", dir.join("uploads"))
        .env("PRIVATE_FILES_DIR", dir.join("private"))
        .env("MAIL_OUTBOX_DIR", dir.join("outbox"))
        .env("RUST_LOG", "error");
    cmd
}

/// `tiranyx serve` on a free port; killed if a test fails before stopping it.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
}

impl Server {
    pub fn start(dir: &std::path::Path, db_url: &str, env: &[(&str, &str)]) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = command(dir, db_url, &["serve"]);
        cmd.env("LEPTOS_OUTPUT_NAME", "tiranyx")
            .env("LEPTOS_SITE_ROOT", dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("SITE_URL", format!("http://127.0.0.1:{port}"))
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let server = Server {
            child: cmd.spawn().unwrap(),
            port,
        };
        server.wait_until_healthy();
        server
    }

    pub fn wait_until_healthy(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if let Ok(res) = self.try_get("/healthz") {
                if res.starts_with("HTTP/1.1 200") {
                    return;
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the server did not become healthy within 60 s");
    }

    pub fn connect(&self) -> std::io::Result<std::net::TcpStream> {
        std::net::TcpStream::connect(("127.0.0.1", self.port))
    }

    /// One request on its own connection; the whole raw response.
    pub fn try_get(&self, path: &str) -> std::io::Result<String> {
        use std::io::Read;
        let mut tcp = self.connect()?;
        write!(
            tcp,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: {BROWSER}\r\nConnection: close\r\n\r\n"
        )?;
        let mut res = String::new();
        tcp.read_to_string(&mut res)?;
        Ok(res)
    }

    pub fn get(&self, path: &str) -> String {
        self.try_get(path).unwrap()
    }

    /// SIGTERM, as systemd stops the service; waits for the exit.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no exit within 30 s of SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `http://127.0.0.1:{port}`.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// SIGKILL: the process dies at once, mid-request, as in a crash.
    pub fn kill_9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
