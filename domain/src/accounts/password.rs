//! Password hashing (Argon2id) and the password policy.
//!
//! Policy, after NIST SP 800-63B: 8 to 128 characters, no composition rules,
//! but not one of the commonly used passwords shipped in
//! `domain/data/common-passwords.txt` and not the account's own e-mail
//! address or its local part.
use crate::error::DomainError;
use argon2::{
    password_hash::{PasswordHash, SaltString},
    Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version,
};
use std::{
    collections::HashSet,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, LazyLock,
    },
    time::Duration,
};
use tokio::sync::Semaphore;

/// Argon2id cost parameters (OWASP's recommended minimum): memory in KiB,
/// iterations, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Params {
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
}

/// The parameters of every new hash: m=19456 KiB (19 MiB), t=2, p=1.
pub const ARGON2_PARAMS: Argon2Params = Argon2Params {
    m_cost_kib: 19_456,
    t_cost: 2,
    p_cost: 1,
};

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;

static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// A hash of a random password that nobody knows, with the same parameters
/// as real hashes: verified against when the e-mail is unknown, so that the
/// answer takes as long as for a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c86q2Oeh66VwjUkz0W5hfg$ijSQfJmeUqkVaDxSlPGTFAbBxk87DYsCPCIj3AYQww0";

fn argon2() -> Argon2<'static> {
    let p = ARGON2_PARAMS;
    let params = Params::new(p.m_cost_kib, p.t_cost, p.p_cost, None)
        .expect("ARGON2_PARAMS are valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Argon2id PHC string of `pw` with a fresh random salt. CPU- and
/// memory-heavy (tens of milliseconds optimised): call it through
/// [`PasswordHasher`] from async code.
pub fn hash_password(pw: &str) -> Result<String, DomainError> {
    let mut salt = [0u8; 16];
    crate::random::fill(&mut salt);
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| DomainError::Internal(format!("password salt: {e}")))?;
    argon2()
        .hash_password(pw.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| DomainError::Internal(format!("password hash: {e}")))
}

/// True when `pw` matches the PHC string `hash` (verified with the
/// parameters recorded in the hash). A malformed hash never matches.
pub fn verify_password(hash: &str, pw: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(pw.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// The Argon2 parameters recorded in a PHC string, if it is one.
pub fn hash_params(hash: &str) -> Option<Argon2Params> {
    let parsed = PasswordHash::new(hash).ok()?;
    let params = Params::try_from(&parsed).ok()?;
    Some(Argon2Params {
        m_cost_kib: params.m_cost(),
        t_cost: params.t_cost(),
        p_cost: params.p_cost(),
    })
}

/// zxcvbn's 30,000 most used passwords, lowercased and sorted
/// (`domain/data/zxcvbn-passwords.txt`), kept in the binary's read-only
/// data; the index built at the first check is one `&str` per entry
/// (~0.5 MB), where the zxcvbn crate kept all six of its dictionaries in
/// hash maps (4.9 MiB, for the life of the process) to answer the same
/// question.
static BREACHED_COMMON: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    include_str!("../../data/zxcvbn-passwords.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect()
});

/// What each l33t character may stand for (zxcvbn's table, reversed).
fn unleet(c: char) -> &'static [char] {
    match c {
        '4' | '@' => &['a'],
        '8' => &['b'],
        '(' | '{' | '[' | '<' => &['c'],
        '3' => &['e'],
        '6' | '9' => &['g'],
        '1' | '|' => &['i', 'l'],
        '!' => &['i'],
        '7' => &['l', 't'],
        '0' => &['o'],
        '$' | '5' => &['s'],
        '+' => &['t'],
        '%' => &['x'],
        '2' => &['z'],
        _ => &[],
    }
}

/// The spellings `pw` may stand for: itself and, for each l33t character,
/// the letters it may replace (at most 256 spellings; a password with more
/// l33t characters than that allows is checked as written).
fn spellings(pw: &str) -> Vec<String> {
    let mut out = vec![String::with_capacity(pw.len())];
    for c in pw.chars() {
        let letters = unleet(c);
        if letters.is_empty() || out.len() * (letters.len() + 1) > 256 {
            out.iter_mut().for_each(|s| s.push(c));
            continue;
        }
        let mut next = Vec::with_capacity(out.len() * (letters.len() + 1));
        for s in &out {
            for &alt in std::iter::once(&c).chain(letters) {
                let mut t = s.clone();
                t.push(alt);
                next.push(t);
            }
        }
        out = next;
    }
    out
}

/// Whether the whole password is one of zxcvbn's 30,000 most common
/// passwords (also reversed or in l33t spelling, e.g. `p@ssw0rd`): the lists
/// every guessing tool starts with.
fn is_breached_common(pw: &str) -> bool {
    let lower = pw.to_lowercase();
    let reversed: String = lower.chars().rev().collect();
    [lower, reversed]
        .iter()
        .flat_map(|candidate| spellings(candidate))
        .any(|spelling| BREACHED_COMMON.binary_search(&spelling.as_str()).is_ok())
}

/// Checks a new password against the policy; `email` is the account's
/// (normalised) address. The error is shown under the "password" field.
pub fn check_policy(pw: &str, email: &str) -> Result<(), String> {
    let len = pw.chars().count();
    if len == 0 {
        return Err("Kata sandi wajib diisi.".into());
    }
    if len < PASSWORD_MIN_CHARS {
        return Err(format!("Kata sandi minimal {PASSWORD_MIN_CHARS} karakter."));
    }
    if len > PASSWORD_MAX_CHARS {
        return Err(format!(
            "Kata sandi maksimal {PASSWORD_MAX_CHARS} karakter."
        ));
    }
    let lower = pw.to_lowercase();
    if COMMON_PASSWORDS.contains(lower.as_str()) || is_breached_common(pw) {
        return Err(
            "Kata sandi ini terlalu umum dan mudah ditebak. Gunakan kata sandi lain.".into(),
        );
    }
    let email = email.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or_default();
    if !email.is_empty() && (lower == email || lower == local) {
        return Err("Kata sandi tidak boleh sama dengan alamat email.".into());
    }
    Ok(())
}

/// Runs hashing and verification on tokio's blocking pool, at most N at once,
/// so that a flood of logins cannot starve the async runtime (or the
/// machine's memory: each hash takes 19 MiB). The queue in front is bounded
/// too: past [`MAX_WAITING`] waiters, or after waiting [`MAX_WAIT`], the
/// answer is [`DomainError::Busy`] (503 with `Retry-After`), never an
/// ever-growing line. Cheap to clone; clones share the limits.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    sem: Arc<Semaphore>,
    max_concurrent: usize,
    waiting: Arc<AtomicUsize>,
    max_waiting: usize,
    max_wait: Duration,
}

/// Requests that may wait for a hashing slot at once.
pub const MAX_WAITING: usize = 64;
/// The longest a request waits for a hashing slot.
pub const MAX_WAIT: Duration = Duration::from_secs(5);
const RETRY_AFTER_SECS: u64 = 5;

impl Default for PasswordHasher {
    /// Two at once.
    fn default() -> Self {
        Self::new(2)
    }
}

/// Counts a waiter for as long as it lives.
struct Waiting(Arc<AtomicUsize>);

impl Drop for Waiting {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl PasswordHasher {
    pub fn new(max_concurrent: usize) -> Self {
        Self::with_queue(max_concurrent, MAX_WAITING, MAX_WAIT)
    }

    /// Custom queue bounds (tests use small ones).
    pub fn with_queue(max_concurrent: usize, max_waiting: usize, max_wait: Duration) -> Self {
        Self {
            sem: Arc::new(Semaphore::new(max_concurrent.max(1))),
            max_concurrent: max_concurrent.max(1),
            waiting: Arc::new(AtomicUsize::new(0)),
            max_waiting,
            max_wait,
        }
    }

    /// Hashes running right now.
    pub fn running(&self) -> usize {
        self.max_concurrent - self.sem.available_permits()
    }

    /// Requests waiting for a slot right now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }

    /// The permit moves into the blocking task, so a request dropped while
    /// hashing still holds its slot until the CPU work is really over.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, DomainError> {
        let busy = DomainError::Busy {
            retry_after_secs: RETRY_AFTER_SECS,
        };
        let permit = match self.sem.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    return Err(busy);
                }
                let _waiting = Waiting(self.waiting.clone());
                match tokio::time::timeout(self.max_wait, self.sem.clone().acquire_owned()).await {
                    Ok(Ok(permit)) => permit,
                    Ok(Err(_)) | Err(_) => return Err(busy),
                }
            }
        };
        let task = tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        });
        match task.await {
            Ok(out) => Ok(out),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => Err(DomainError::Internal(format!(
                "password hashing task cancelled: {e}"
            ))),
        }
    }

    pub async fn hash(&self, pw: &str) -> Result<String, DomainError> {
        let pw = pw.to_owned();
        self.run(move || hash_password(&pw)).await?
    }

    /// Whether `pw` matches `hash`; `Busy` when the queue is full.
    pub async fn verify(&self, hash: &str, pw: &str) -> Result<bool, DomainError> {
        let (hash, pw) = (hash.to_owned(), pw.to_owned());
        self.run(move || verify_password(&hash, &pw)).await
    }

    /// `pw` against the hash of the account found, or, when there is none,
    /// against the dummy hash: both answers cost the same work, so timing
    /// never tells whether an address has an account.
    pub(crate) async fn verify_account(
        &self,
        hash: Option<&str>,
        pw: &str,
    ) -> Result<bool, DomainError> {
        self.verify(hash.unwrap_or(DUMMY_HASH), pw).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_list_is_loaded_and_lowercase() {
        assert!(COMMON_PASSWORDS.len() >= 900, "{}", COMMON_PASSWORDS.len());
        for pw in [
            "sayang",
            "indonesia",
            "bismillah",
            "rahasia",
            "password",
            "12345678",
            "qwertyuiop",
        ] {
            assert!(COMMON_PASSWORDS.contains(pw), "{pw}");
        }
        assert!(COMMON_PASSWORDS.iter().all(|p| *p == p.to_lowercase()));
    }

    #[test]
    fn policy() {
        let email = "dewi.lestari@example.com";
        assert!(check_policy("kopi susu gula aren", email).is_ok());
        assert!(check_policy("12345678", email).is_err());
        assert!(check_policy("Password", email).is_err());
        assert!(check_policy("BISMILLAH", email).is_err());
        assert!(check_policy("Dewi.Lestari", email).is_err());
        assert!(check_policy("DEWI.LESTARI@example.com", email).is_err());
        assert!(check_policy("pendek", email).is_err());
        assert!(check_policy("", email).is_err());
        // Characters, not bytes: 8 two-byte characters pass, 129 fail.
        assert!(check_policy("éàüöñçøå", email).is_ok());
        assert!(check_policy(&"é".repeat(128), email).is_ok());
        assert!(check_policy(&"é".repeat(129), email).is_err());
    }

    #[test]
    fn the_common_password_list_is_sorted_and_whole() {
        assert_eq!(BREACHED_COMMON.len(), 30_000);
        assert!(BREACHED_COMMON.windows(2).all(|w| w[0] < w[1]));
        assert!(BREACHED_COMMON.iter().all(|p| *p == p.to_lowercase()));
    }

    #[test]
    fn policy_uses_zxcvbns_password_list() {
        let email = "dewi@example.com";
        // Far down zxcvbn's 30,000 (not in the local list), in l33t spelling
        // and reversed.
        for pw in [
            "trustno1",
            "passw0rd",
            "p@ssw0rd",
            "drowssap",
            "sunshine1",
            "qwertyuiop123",
            "1ontsurt",
            "7ru57n01",
            "P4SSW0RD",
        ] {
            assert!(is_breached_common(pw), "{pw}");
        }
        // Many l33t characters: the spellings stay bounded.
        assert!(!is_breached_common(&"1|7".repeat(40)));
        for pw in [
            "kopi susu gula aren",
            "Tiranyx-Bandung-2026!",
            "gudeg jogja enak",
        ] {
            assert!(!is_breached_common(pw), "{pw}");
            assert!(check_policy(pw, email).is_ok(), "{pw}");
        }
        let msg = check_policy("monkey123", email).unwrap_err();
        assert!(msg.contains("terlalu umum"), "{msg}");
    }

    /// At most N pieces of work run at once: the peak seen by the work
    /// itself is exactly the limit (fails with a larger or smaller one).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_most_the_limit_runs_at_once() {
        let h = PasswordHasher::new(2);
        let live = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (h, live, peak) = (h.clone(), live.clone(), peak.clone());
                tokio::spawn(async move {
                    h.run(move || {
                        let now = live.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(30));
                        live.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(peak.load(Ordering::SeqCst), 2);
    }

    async fn until(cond: impl Fn() -> bool) {
        for _ in 0..500 {
            if cond() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("condition never held");
    }

    /// The line in front is bounded in length and in time: past it the
    /// answer is `Busy`, never an ever-growing queue.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_queue_is_bounded_in_length_and_time() {
        let h = PasswordHasher::with_queue(1, 1, Duration::from_secs(60));
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let first = tokio::spawn({
            let h = h.clone();
            async move { h.run(move || gate.recv().is_ok()).await }
        });
        until(|| h.running() == 1).await;
        let second = tokio::spawn({
            let h = h.clone();
            async move { h.run(|| true).await }
        });
        until(|| h.waiting() == 1).await;
        // A third caller finds the line full.
        assert!(matches!(
            h.run(|| true).await,
            Err(DomainError::Busy {
                retry_after_secs: 5
            })
        ));
        release.send(()).unwrap();
        assert!(first.await.unwrap().unwrap());
        assert!(second.await.unwrap().unwrap());
        assert_eq!(h.waiting(), 0);

        // Waiting longer than the limit gives up.
        let h = PasswordHasher::with_queue(1, 10, Duration::from_millis(50));
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let blocker = tokio::spawn({
            let h = h.clone();
            async move { h.run(move || gate.recv().is_ok()).await }
        });
        until(|| h.running() == 1).await;
        assert!(matches!(
            h.verify(DUMMY_HASH, "x").await,
            Err(DomainError::Busy { .. })
        ));
        release.send(()).unwrap();
        blocker.await.unwrap().unwrap();
    }

    #[test]
    fn dummy_hash_has_current_params() {
        assert_eq!(hash_params(DUMMY_HASH), Some(ARGON2_PARAMS));
    }

    #[test]
    fn malformed_hash_never_matches() {
        assert!(!verify_password("", "x"));
        assert!(!verify_password("not a hash", "not a hash"));
        assert_eq!(hash_params("plain"), None);
    }
}
