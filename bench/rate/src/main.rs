//! `ratebench URL RATE DURATION_SECS [CONNECTIONS] [-H 'Name: value']...`:
//! a constant-rate (open-loop) HTTP/1.1 load generator for `bench/run.sh`.
//!
//! Request `i` is due at `start + i / RATE` whatever the server does, and its
//! latency runs from that due time to the end of its response. A slow
//! response therefore delays the requests queued behind it *and* shows in
//! their latency, unlike closed-loop tools (wrk) that just send less and so
//! hide stalls ("coordinated omission").
//!
//! Requests go over a pool of keep-alive connections: a free connection
//! takes the next due request, which is the same as one shared FIFO queue.
//!
//! stdout gets one line, `achieved_rps p50_ms p99_ms p999_ms max_ms errors`;
//! stderr a human summary (and a warning when the run is invalid because
//! requests went out more than 100 ms late).

use std::{
    io,
    net::SocketAddr,
    process::ExitCode,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    time::{sleep_until, timeout_at},
};

const USAGE: &str =
    "usage: ratebench URL RATE DURATION_SECS [CONNECTIONS] [-H 'Name: value']...\n  \
     URL: http://host[:port][/path][?query] (plain HTTP/1.1)\n  \
     RATE: requests per second (>= 1); CONNECTIONS: default 32";

/// How long in-flight requests may still finish after the run.
const DRAIN: Duration = Duration::from_secs(5);
/// A request sent later than this after its due time makes the run invalid.
const LATE: Duration = Duration::from_millis(100);
/// Receive buffer per connection; also the longest header block accepted.
const BUF_SIZE: usize = 64 * 1024;

struct Args {
    host: String,
    port: u16,
    path: String,
    rate: u64,
    secs: u64,
    conns: usize,
    headers: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut headers = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "-H" => {
                let h = it.next().ok_or("-H needs a value")?;
                if !h.contains(':') || h.contains(['\r', '\n']) {
                    return Err(format!("bad header {h:?}: expected 'Name: value'"));
                }
                headers.push(h);
            }
            "-h" | "--help" => return Err(String::new()),
            _ => positional.push(a),
        }
    }
    if !(3..=4).contains(&positional.len()) {
        return Err("expected URL RATE DURATION_SECS [CONNECTIONS]".into());
    }
    let (host, port, path) = parse_url(&positional[0])?;
    let number = |s: &str, what: &str| match s.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("{what} must be an integer >= 1, got {s:?}")),
    };
    let rate = number(&positional[1], "RATE")?;
    let secs = number(&positional[2], "DURATION_SECS")?;
    let conns = match positional.get(3) {
        Some(c) => number(c, "CONNECTIONS")? as usize,
        None => 32,
    };
    Ok(Args {
        host,
        port,
        path,
        rate,
        secs,
        conns,
        headers,
    })
}

/// `http://host[:port][/path][?query]` into host, port and request target.
fn parse_url(url: &str) -> Result<(String, u16, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("only plain http:// URLs are supported, got {url:?}"))?;
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, target) = rest.split_at(split);
    let path = match target.chars().next() {
        None => "/".to_string(),
        Some('?') => format!("/{target}"),
        Some(_) => target.to_string(),
    };
    // "[::1]:8080" keeps its brackets in the host (as Host: and lookup want).
    let colon = match authority.rfind(']') {
        Some(end) => authority[end..].find(':').map(|i| end + i),
        None => authority.rfind(':'),
    };
    let (host, port) = match colon {
        Some(i) => {
            let port = authority[i + 1..]
                .parse()
                .map_err(|_| format!("bad port in {url:?}"))?;
            (&authority[..i], port)
        }
        None => (authority, 80),
    };
    if host.is_empty() || authority.contains('@') {
        return Err(format!("bad host in {url:?}"));
    }
    Ok((host.to_string(), port, path))
}

/// What every connection task shares.
struct Plan {
    addr: SocketAddr,
    request: Vec<u8>,
    start: Instant,
    rate: u64,
    total: u64,
    /// After this, whatever has not finished is given up on.
    hard_end: Instant,
    /// Index of the next request no connection has taken yet.
    next: AtomicU64,
}

impl Plan {
    fn due(&self, i: u64) -> Instant {
        let nanos = u128::from(i) * 1_000_000_000 / u128::from(self.rate);
        self.start + Duration::from_nanos(nanos as u64)
    }
}

#[derive(Default)]
struct Stats {
    latencies_us: Vec<u32>,
    /// Responses by status class: index 1..=5 for 1xx..5xx, 0 for anything else.
    by_class: [u64; 6],
    io_errors: u64,
    late: u64,
    reconnects: u64,
}

/// Sleeps until `due`. Tokio's timer only has millisecond resolution (and
/// fires late, not early), so the last millisecond is spent yielding: that
/// keeps send times, and so measured latencies, accurate to microseconds.
async fn wait_until(due: Instant) {
    let coarse = due.checked_sub(Duration::from_millis(1));
    if let Some(coarse) = coarse.filter(|c| *c > Instant::now()) {
        sleep_until(coarse.into()).await;
    }
    while Instant::now() < due {
        tokio::task::yield_now().await;
    }
}

async fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
    let s = TcpStream::connect(addr).await?;
    s.set_nodelay(true)?;
    Ok(s)
}

/// One keep-alive connection: takes due requests until none are left.
async fn connection(plan: Arc<Plan>, first: TcpStream) -> Stats {
    let mut stats = Stats {
        latencies_us: Vec::with_capacity(plan.total as usize / 8),
        ..Stats::default()
    };
    let mut stream = Some(first);
    let mut buf = RecvBuf::new();
    loop {
        let i = plan.next.fetch_add(1, Ordering::Relaxed);
        if i >= plan.total {
            break;
        }
        let due = plan.due(i);
        wait_until(due).await;
        if due.elapsed() > LATE {
            stats.late += 1;
        }
        let exchange = exchange(&plan, &mut stream, &mut buf, &mut stats);
        match timeout_at(plan.hard_end.into(), exchange).await {
            // Past the drain deadline: main counts this one as unfinished.
            Err(_) => break,
            Ok(Ok(resp)) => {
                let us = due.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
                stats.latencies_us.push(us);
                let class = usize::from(resp.status / 100);
                stats.by_class[if class <= 5 { class } else { 0 }] += 1;
                if !resp.keep_alive {
                    stream = None;
                }
            }
            Ok(Err(_)) => {
                stats.io_errors += 1;
                stream = None;
            }
        }
    }
    stats
}

/// Sends the request (connecting first if needed) and reads its response.
async fn exchange(
    plan: &Plan,
    stream: &mut Option<TcpStream>,
    buf: &mut RecvBuf,
    stats: &mut Stats,
) -> io::Result<Response> {
    let s = match stream.take() {
        Some(s) => s,
        None => {
            stats.reconnects += 1;
            buf.clear();
            connect(plan.addr).await?
        }
    };
    let s = stream.insert(s);
    s.write_all(&plan.request).await?;
    read_response(s, buf).await
}

struct Response {
    status: u16,
    keep_alive: bool,
}

enum Body {
    None,
    Length(u64),
    Chunked,
    UntilClose,
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

async fn read_response(s: &mut TcpStream, buf: &mut RecvBuf) -> io::Result<Response> {
    loop {
        let head_len = buf.find(s, b"\r\n\r\n").await?;
        let (status, keep_alive, body) = parse_head(&buf.pending()[..head_len])?;
        buf.consume(head_len);
        // Interim responses (100 Continue...) precede the real one.
        if (100..200).contains(&status) {
            continue;
        }
        match body {
            Body::None => {}
            Body::Length(n) => buf.skip(s, n).await?,
            Body::Chunked => buf.skip_chunked(s).await?,
            Body::UntilClose => {
                buf.skip_to_eof(s).await?;
                return Ok(Response {
                    status,
                    keep_alive: false,
                });
            }
        }
        return Ok(Response { status, keep_alive });
    }
}

/// Status, keep-alive and body framing from a header block.
fn parse_head(head: &[u8]) -> io::Result<(u16, bool, Body)> {
    let mut lines = head.split(|&b| b == b'\n').map(<[u8]>::trim_ascii);
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.split(|&b| b == b' ');
    let version = parts.next().unwrap_or_default();
    let status: u16 = parts
        .next()
        .and_then(|c| std::str::from_utf8(c).ok()?.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    // HTTP/1.0 closes unless told otherwise; HTTP/1.1 keeps alive.
    let mut keep_alive = version == b"HTTP/1.1";
    let mut length = None;
    let mut chunked = false;
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let name = &line[..colon];
        let value = line[colon + 1..].trim_ascii();
        if name.eq_ignore_ascii_case(b"content-length") {
            let n = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
            length = Some(n.ok_or_else(|| bad("bad Content-Length"))?);
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            chunked = contains_token(value, b"chunked");
        } else if name.eq_ignore_ascii_case(b"connection") {
            if contains_token(value, b"close") {
                keep_alive = false;
            } else if contains_token(value, b"keep-alive") {
                keep_alive = true;
            }
        }
    }
    let body = if status < 200 || status == 204 || status == 304 {
        Body::None
    } else if chunked {
        Body::Chunked
    } else if let Some(n) = length {
        Body::Length(n)
    } else {
        Body::UntilClose
    };
    Ok((status, keep_alive, body))
}

fn contains_token(value: &[u8], token: &[u8]) -> bool {
    value
        .split(|&b| b == b',')
        .any(|t| t.trim_ascii().eq_ignore_ascii_case(token))
}

/// A reusable receive buffer holding the unconsumed bytes `start..end`.
struct RecvBuf {
    data: Box<[u8]>,
    start: usize,
    end: usize,
}

impl RecvBuf {
    fn new() -> Self {
        RecvBuf {
            data: vec![0; BUF_SIZE].into_boxed_slice(),
            start: 0,
            end: 0,
        }
    }

    fn clear(&mut self) {
        self.start = 0;
        self.end = 0;
    }

    fn pending(&self) -> &[u8] {
        &self.data[self.start..self.end]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        if self.start == self.end {
            self.clear();
        }
    }

    /// Reads more bytes, moving the pending ones to the front if out of room.
    async fn fill(&mut self, s: &mut TcpStream) -> io::Result<()> {
        if self.end == self.data.len() {
            if self.start == 0 {
                return Err(bad("header block or line too long"));
            }
            self.data.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        match s.read(&mut self.data[self.end..]).await? {
            0 => Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                self.end += n;
                Ok(())
            }
        }
    }

    /// Length of the pending bytes up to and including `pat`, reading as needed.
    async fn find(&mut self, s: &mut TcpStream, pat: &[u8]) -> io::Result<usize> {
        let mut from = 0;
        loop {
            let hay = &self.pending()[from..];
            if let Some(i) = hay.windows(pat.len()).position(|w| w == pat) {
                return Ok(from + i + pat.len());
            }
            // The pattern may straddle what is here and what comes next.
            from = self.pending().len().saturating_sub(pat.len() - 1);
            self.fill(s).await?;
        }
    }

    async fn skip(&mut self, s: &mut TcpStream, mut n: u64) -> io::Result<()> {
        loop {
            let take = n.min(self.pending().len() as u64);
            self.consume(take as usize);
            n -= take;
            if n == 0 {
                return Ok(());
            }
            self.fill(s).await?;
        }
    }

    async fn skip_chunked(&mut self, s: &mut TcpStream) -> io::Result<()> {
        loop {
            let line_len = self.find(s, b"\r\n").await?;
            let line = &self.pending()[..line_len - 2];
            // "1a2b;ext=val": only the hex size matters.
            let hex = line.split(|&b| b == b';').next().unwrap_or_default();
            let size = std::str::from_utf8(hex.trim_ascii())
                .ok()
                .and_then(|h| u64::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad("bad chunk size"))?;
            self.consume(line_len);
            if size == 0 {
                // Trailer fields, up to the empty line.
                loop {
                    let len = self.find(s, b"\r\n").await?;
                    self.consume(len);
                    if len == 2 {
                        return Ok(());
                    }
                }
            }
            self.skip(s, size + 2).await?; // data and its CRLF
        }
    }

    async fn skip_to_eof(&mut self, s: &mut TcpStream) -> io::Result<()> {
        loop {
            self.clear();
            if s.read(&mut self.data).await? == 0 {
                return Ok(());
            }
        }
    }
}

/// Nearest-rank percentile of sorted microseconds, in milliseconds.
fn percentile_ms(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    f64::from(sorted[rank - 1]) / 1000.0
}

async fn run(args: Args) -> Result<(), String> {
    let authority = format!("{}:{}", args.host, args.port);
    let addr = tokio::net::lookup_host(&authority)
        .await
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| format!("cannot resolve {authority}"))?;
    let host_header = if args.port == 80 {
        args.host.clone()
    } else {
        authority.clone()
    };
    let mut request = format!("GET {} HTTP/1.1\r\nHost: {host_header}\r\n", args.path);
    for h in &args.headers {
        request.push_str(h);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");

    // Connect the whole pool first, so set-up is not part of the run.
    let mut streams = Vec::with_capacity(args.conns);
    for _ in 0..args.conns {
        streams.push(
            connect(addr)
                .await
                .map_err(|e| format!("cannot connect to {addr}: {e}"))?,
        );
    }

    let duration = Duration::from_secs(args.secs);
    let start = Instant::now();
    let plan = Arc::new(Plan {
        addr,
        request: request.into_bytes(),
        start,
        rate: args.rate,
        total: args.rate * args.secs,
        hard_end: start + duration + DRAIN,
        next: AtomicU64::new(0),
    });
    let tasks: Vec<_> = streams
        .into_iter()
        .map(|s| tokio::spawn(connection(plan.clone(), s)))
        .collect();

    let mut all = Stats::default();
    for t in tasks {
        // A task only fails by panicking: then its requests count as unfinished.
        if let Ok(s) = t.await {
            all.latencies_us.extend_from_slice(&s.latencies_us);
            for (a, b) in all.by_class.iter_mut().zip(s.by_class) {
                *a += b;
            }
            all.io_errors += s.io_errors;
            all.late += s.late;
            all.reconnects += s.reconnects;
        }
    }

    let total = plan.total;
    let responses = all.latencies_us.len() as u64;
    let unfinished = total.saturating_sub(responses + all.io_errors);
    let bad_status = responses - all.by_class[2] - all.by_class[3];
    let errors = all.io_errors + unfinished + bad_status;
    let achieved = responses as f64 / duration.as_secs_f64();
    all.latencies_us.sort_unstable();
    let lat = &all.latencies_us;
    let (p50, p99, p999) = (
        percentile_ms(lat, 0.50),
        percentile_ms(lat, 0.99),
        percentile_ms(lat, 0.999),
    );
    let max = lat.last().map_or(0.0, |&m| f64::from(m) / 1000.0);
    let c = all.by_class;

    eprintln!(
        "ratebench: {url} at {rate}/s for {secs}s over {conns} conns: {achieved:.1} resp/s; \
         latency p50 {p50:.2} p99 {p99:.2} p99.9 {p999:.2} max {max:.2} ms; \
         {total} due, {responses} responses (1xx {} 2xx {} 3xx {} 4xx {} 5xx {} other {}), \
         {} I/O errors, {unfinished} unfinished, {} reconnects",
        c[1],
        c[2],
        c[3],
        c[4],
        c[5],
        c[0],
        all.io_errors,
        all.reconnects,
        url = format_args!("http://{authority}{}", args.path),
        rate = args.rate,
        secs = args.secs,
        conns = args.conns,
    );
    if all.late * 100 > total {
        eprintln!(
            "ratebench: WARNING: run invalid: {} of {total} requests ({:.1}%) went out over \
             {} ms late (all connections busy or the generator short of CPU); \
             use more connections or a lower rate",
            all.late,
            all.late as f64 * 100.0 / total as f64,
            LATE.as_millis(),
        );
    }
    println!("{achieved:.2} {p50:.2} {p99:.2} {p999:.2} {max:.2} {errors}");
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("ratebench: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    // One thread: bench/run.sh pins the generator to a single core.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ratebench: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ratebench: {e}");
            ExitCode::FAILURE
        }
    }
}
