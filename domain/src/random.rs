//! Randomness from the operating system, for tokens, salts, nonces and
//! secrets.

/// Fills `buf` from the operating system's generator. If the kernel cannot
/// give randomness the process must not go on making secrets (a predictable
/// token is worse than a crash), so this is the one place that panics on it.
pub fn fill(buf: &mut [u8]) {
    getrandom::fill(buf).expect("the operating system's random number generator failed");
}

/// `bytes` random bytes as lowercase hex (an idempotency key, a nonce in a
/// form).
pub fn hex_token(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    fill(&mut raw);
    hex::encode(raw)
}
