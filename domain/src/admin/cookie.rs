//! The `trx_admin` cookie value: `<token>.<expires unix>.<HMAC-SHA256>`.
//!
//! The signature (keyed by `ADMIN_COOKIE_SECRET`) lets the server throw away
//! forged, tampered or expired cookies before touching the database; the
//! token then names a server-side session, so logout and revocation work
//! even while a signed cookie is still unexpired.
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Binds the signature to this cookie's purpose, so a value signed for
/// another use of the same secret cannot be replayed here.
const CONTEXT: &[u8] = b"trx_admin.v1";

fn mac(secret: &[u8], token: &str, expires: i64) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(CONTEXT);
    mac.update(b"|");
    mac.update(token.as_bytes());
    mac.update(b"|");
    mac.update(expires.to_string().as_bytes());
    mac
}

pub fn sign(secret: &[u8], token: &str, expires_at: DateTime<Utc>) -> String {
    let expires = expires_at.timestamp();
    let sig = hex::encode(mac(secret, token, expires).finalize().into_bytes());
    format!("{token}.{expires}.{sig}")
}

/// The session token inside `value` when the signature is right (compared
/// in constant time) and the expiry has not passed; None otherwise.
pub fn verify(secret: &[u8], value: &str, now: DateTime<Utc>) -> Option<String> {
    let mut parts = value.split('.');
    let (token, expires, sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || token.is_empty() || token.len() > 128 {
        return None;
    }
    let expires: i64 = expires.parse().ok()?;
    let sig = hex::decode(sig).ok()?;
    mac(secret, token, expires).verify_slice(&sig).ok()?;
    (expires > now.timestamp()).then(|| token.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    const KEY: &[u8] = b"a-secret-of-at-least-thirty-two-bytes!!";

    #[test]
    fn round_trip() {
        let now = Utc::now();
        let v = sign(KEY, "abc123", now + Duration::hours(24));
        assert_eq!(verify(KEY, &v, now).as_deref(), Some("abc123"));
    }

    #[test]
    fn expired_tampered_and_forged_values_fail() {
        let now = Utc::now();
        let v = sign(KEY, "abc123", now + Duration::hours(1));
        assert_eq!(verify(KEY, &v, now + Duration::hours(2)), None);
        assert_eq!(verify(b"another-secret-another-secret-xx", &v, now), None);
        let tampered = v.replacen("abc123", "abc124", 1);
        assert_eq!(verify(KEY, &tampered, now), None);
        // A later expiry with the old signature.
        let (head, sig) = v.rsplit_once('.').unwrap();
        let (token, _) = head.split_once('.').unwrap();
        let later = format!("{token}.{}.{sig}", (now + Duration::days(30)).timestamp());
        assert_eq!(verify(KEY, &later, now), None);
        for junk in ["", "abc", "a.b", "a.1.zz", "a.1.00.extra", "..."] {
            assert_eq!(verify(KEY, junk, now), None, "{junk}");
        }
    }
}
