//! TOTP seeds at rest: sealed with XChaCha20-Poly1305 under a key from the
//! environment (`TOTP_ENCRYPTION_KEY`, 64 hex characters), so a copy of the
//! database alone does not give anyone the admins' second factor.
//!
//! Rotation: put the old key in `TOTP_ENCRYPTION_KEY_PREVIOUS`, the new one
//! in `TOTP_ENCRYPTION_KEY`, restart. Seeds open with either key, and the
//! server reseals every seed under the new key at start
//! ([`super::totp::reseal_all`]); then drop the previous key.
use chacha20poly1305::{
    aead::{Aead, KeyInit},
    XChaCha20Poly1305,
};

const PREFIX: &str = "v1:";
const NONCE_LEN: usize = 24;

/// The current key and, during a rotation, the previous one.
#[derive(Clone)]
pub struct SealKeys {
    current: [u8; 32],
    previous: Option<[u8; 32]>,
}

impl std::fmt::Debug for SealKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKeys([REDACTED])")
    }
}

/// A key from 64 hex characters.
pub fn parse_key(hex_key: &str) -> Option<[u8; 32]> {
    hex::decode(hex_key.trim()).ok()?.try_into().ok()
}

impl SealKeys {
    pub fn new(current: [u8; 32], previous: Option<[u8; 32]>) -> Self {
        SealKeys { current, previous }
    }

    /// The public development key (production refuses to start with it).
    pub fn development() -> Self {
        use sha2::{Digest, Sha256};
        let key: [u8; 32] = Sha256::digest(b"tiranyx development totp key").into();
        SealKeys::new(key, None)
    }

    fn cipher(key: &[u8; 32]) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&(*key).into())
    }

    /// `v1:` + hex(nonce ‖ ciphertext) under the current key.
    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        crate::random::fill(&mut nonce);
        // Encryption with a valid key and nonce cannot fail.
        let sealed = Self::cipher(&self.current)
            .encrypt(&nonce.into(), plain.as_bytes())
            .expect("XChaCha20-Poly1305 encryption does not fail");
        format!("{PREFIX}{}{}", hex::encode(nonce), hex::encode(sealed))
    }

    /// The plain seed, and whether it was opened by the current key. A
    /// value from before sealing (no prefix) is returned as it is, to be
    /// resealed. None when no key opens it.
    pub fn open(&self, stored: &str) -> Option<(String, bool)> {
        let Some(body) = stored.strip_prefix(PREFIX) else {
            return Some((stored.to_owned(), false));
        };
        let bytes = hex::decode(body).ok()?;
        if bytes.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
        let try_key = |key: &[u8; 32]| {
            Self::cipher(key)
                .decrypt(&nonce.into(), sealed)
                .ok()
                .and_then(|p| String::from_utf8(p).ok())
        };
        if let Some(plain) = try_key(&self.current) {
            return Some((plain, true));
        }
        self.previous
            .as_ref()
            .and_then(try_key)
            .map(|plain| (plain, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_opens_and_rotates() {
        let old = SealKeys::new([1; 32], None);
        let sealed = old.seal("JBSWY3DPEHPK3PXP");
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_ne!(
            sealed,
            old.seal("JBSWY3DPEHPK3PXP"),
            "fresh nonce each time"
        );
        assert_eq!(old.open(&sealed), Some(("JBSWY3DPEHPK3PXP".into(), true)));
        // A new key alone cannot open it; with the old one as previous it can.
        assert_eq!(SealKeys::new([2; 32], None).open(&sealed), None);
        let rotated = SealKeys::new([2; 32], Some([1; 32]));
        assert_eq!(
            rotated.open(&sealed),
            Some(("JBSWY3DPEHPK3PXP".into(), false))
        );
        // Tampering is detected.
        let mut bad = sealed.clone();
        bad.replace_range(bad.len() - 2.., "00");
        assert_eq!(old.open(&bad), None);
        // Legacy plain values open as they are, marked for resealing.
        assert_eq!(old.open("ABC"), Some(("ABC".into(), false)));
        assert_eq!(parse_key(&"ab".repeat(32)), Some([0xab; 32]));
        assert_eq!(parse_key("abc"), None);
    }
}
