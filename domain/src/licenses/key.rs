//! The licence key: how it is made, written, read back and stored. One
//! rule in one place: everything that takes a key from outside goes
//! through [`LicenseKey::parse`].
//!
//! A key is 30 characters of a 32-letter alphabet without look-alikes (no
//! `0`/`O`, `1`/`I`), each carrying 5 random bits: 150 bits, read bit by
//! bit from the OS generator so no character is likelier than another.
//! Written `TRX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`; case, spaces, dashes
//! and the `TRX` prefix do not matter when it is typed back. The database
//! keeps its SHA-256 (enough for 150 random bits: nothing to guess from a
//! leaked table) and its last five characters to tell keys apart.
use sha2::{Digest, Sha256};
use std::fmt;

const ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Characters of a key, without prefix and dashes.
pub const KEY_CHARS: usize = 30;
const GROUP: usize = 5;
const PREFIX: &str = "TRX";
/// Characters shown where the key itself is not (dashboard, API).
pub const SUFFIX_CHARS: usize = 5;
/// A typed key longer than this is not a key (bounds the work on input).
const MAX_INPUT: usize = 80;

/// A well-formed licence key. `Debug` shows only its suffix, so a key in a
/// log line is never the key.
#[derive(Clone, PartialEq, Eq)]
pub struct LicenseKey(String);

impl LicenseKey {
    /// A new key from the OS random source.
    pub fn generate() -> Self {
        // 30 characters use 150 bits (19 bytes); one byte more so the last
        // two-byte read below stays inside the buffer.
        let mut raw = [0u8; 20];
        crate::random::fill(&mut raw);
        let chars = (0..KEY_CHARS)
            .map(|i| {
                let bit = i * 5;
                // The 5 bits from `bit`, across a byte boundary if need be.
                let pair = u16::from(raw[bit / 8]) << 8 | u16::from(raw[bit / 8 + 1]);
                let index = (pair >> (11 - bit % 8)) & 0x1f;
                char::from(ALPHABET[usize::from(index)])
            })
            .collect();
        LicenseKey(chars)
    }

    /// The key typed or sent as `input`, however it is spelled (case,
    /// spaces, dashes, with or without `TRX`); None when it cannot be one.
    pub fn parse(input: &str) -> Option<Self> {
        if input.len() > MAX_INPUT {
            return None;
        }
        let mut s: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if s.len() == PREFIX.len() + KEY_CHARS && s.starts_with(PREFIX) {
            s.drain(..PREFIX.len());
        }
        (s.len() == KEY_CHARS && s.bytes().all(|b| ALPHABET.contains(&b))).then_some(LicenseKey(s))
    }

    /// What the database keeps to find the key: hex SHA-256 of its 30
    /// characters.
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }

    /// The last characters, shown instead of the key.
    pub fn suffix(&self) -> &str {
        &self.0[KEY_CHARS - SUFFIX_CHARS..]
    }
}

/// The written form, `TRX-XXXXX-…`: what the buyer receives.
impl fmt::Display for LicenseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PREFIX)?;
        for group in self.0.as_bytes().chunks(GROUP) {
            f.write_str("-")?;
            f.write_str(std::str::from_utf8(group).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl fmt::Debug for LicenseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LicenseKey(…{})", self.suffix())
    }
}

/// How a stored suffix is shown: `TRX-…-ABCDE`.
pub fn masked(suffix: &str) -> String {
    format!("{PREFIX}-…-{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_thirty_characters_in_six_groups() {
        let k = LicenseKey::generate();
        let written = k.to_string();
        assert_eq!(written.len(), "TRX-".len() + KEY_CHARS + 5, "{written}");
        assert_eq!(written.split('-').count(), 7);
        assert_eq!(LicenseKey::parse(&written), Some(k.clone()));
        assert!(written.ends_with(k.suffix()));
        assert!(!format!("{k:?}").contains(&written[4..20]));
    }
}
