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
    sync::{Arc, LazyLock},
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
    getrandom::fill(&mut salt).expect("the operating system's random number generator failed");
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
    if COMMON_PASSWORDS.contains(lower.as_str()) {
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
/// so that a flood of logins queues here instead of starving the async
/// runtime (and the machine's memory: each hash takes 19 MiB). Cheap to
/// clone; clones share the limit.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    sem: Arc<Semaphore>,
}

impl Default for PasswordHasher {
    /// Two at once.
    fn default() -> Self {
        Self::new(2)
    }
}

impl PasswordHasher {
    pub fn new(max_concurrent: usize) -> Self {
        Self {
            sem: Arc::new(Semaphore::new(max_concurrent.max(1))),
        }
    }

    /// The permit moves into the blocking task, so a request dropped while
    /// hashing still holds its slot until the CPU work is really over.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> T {
        let permit = self
            .sem
            .clone()
            .acquire_owned()
            .await
            .expect("the password hasher's semaphore is never closed");
        let task = tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        });
        match task.await {
            Ok(out) => out,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => panic!("password hashing task cancelled: {e}"),
        }
    }

    pub async fn hash(&self, pw: &str) -> Result<String, DomainError> {
        let pw = pw.to_owned();
        self.run(move || hash_password(&pw)).await
    }

    pub async fn verify(&self, hash: &str, pw: &str) -> bool {
        let (hash, pw) = (hash.to_owned(), pw.to_owned());
        self.run(move || verify_password(&hash, &pw)).await
    }

    /// Verifies against a hash nobody's password matches, taking the time a
    /// real verification takes; always false.
    pub(crate) async fn verify_dummy(&self, pw: &str) -> bool {
        self.verify(DUMMY_HASH, pw).await
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
