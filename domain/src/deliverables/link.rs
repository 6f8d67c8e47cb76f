//! Signed download links: `{purchase}.{file}.{expires}.{mac}`, where `mac`
//! is HMAC-SHA256 over one canonical text of the three numbers. Nothing is
//! stored per link, so a link cannot be revoked on its own: it expires
//! (72 hours), and the purchase behind it can be revoked or run out of
//! downloads. A service order's deliverables are signed the same way under
//! their own [`Scope`], so a token of one kind never opens the other.
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How long a link works.
pub const LINK_TTL: Duration = Duration::hours(72);

/// What a link's first number names; each signs under its own label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A product purchase's file (`user_purchases`, `product_files`).
    Purchase,
    /// A service order's deliverable (`service_orders`,
    /// `service_order_files`).
    ServiceOrder,
}

impl Scope {
    fn label(self) -> &'static str {
        match self {
            Scope::Purchase => "tiranyx-download/v1",
            Scope::ServiceOrder => "tiranyx-service-file/v1",
        }
    }
}

/// What a link lets its holder download, until when (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The purchase, or with [`Scope::ServiceOrder`] the service order.
    pub purchase_id: i32,
    pub file_id: i32,
    pub expires_at: i64,
}

impl Link {
    /// A link for `file_id` of `purchase_id`, valid [`LINK_TTL`] from `now`.
    pub fn new(purchase_id: i32, file_id: i32, now: DateTime<Utc>) -> Self {
        Link {
            purchase_id,
            file_id,
            expires_at: (now + LINK_TTL).timestamp(),
        }
    }

    pub fn expires(&self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.expires_at, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// The one text the MAC is computed over.
    fn canonical(&self, scope: Scope) -> String {
        format!(
            "{}\n{}\n{}\n{}",
            scope.label(),
            self.purchase_id,
            self.file_id,
            self.expires_at
        )
    }
}

/// Why a token does not open a download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Not a token of this shape (or not in canonical form).
    Malformed,
    Expired,
    /// Well formed, but not signed by this server.
    Forged,
}

/// Signs and checks links with the server's `DOWNLOAD_SIGNING_SECRET`.
#[derive(Clone)]
pub struct LinkSigner {
    secret: SecretString,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner([REDACTED])")
    }
}

impl LinkSigner {
    pub fn new(secret: SecretString) -> Self {
        LinkSigner { secret }
    }

    fn mac(&self, scope: Scope, link: &Link) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(self.secret.expose_secret().as_bytes())
            .expect("HMAC takes keys of any length");
        mac.update(link.canonical(scope).as_bytes());
        mac
    }

    /// The token for `link` to a purchase's file (URL-safe: digits, dots,
    /// hex).
    pub fn token(&self, link: &Link) -> String {
        self.token_in(Scope::Purchase, link)
    }

    /// The link a purchase's `token` grants at `now` (see [`Self::verify_in`]).
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<Link, LinkError> {
        self.verify_in(Scope::Purchase, token, now)
    }

    /// The token for `link` in `scope`.
    pub fn token_in(&self, scope: Scope, link: &Link) -> String {
        let mac = hex::encode(self.mac(scope, link).finalize().into_bytes());
        format!(
            "{}.{}.{}.{mac}",
            link.purchase_id, link.file_id, link.expires_at
        )
    }

    /// The link `token` grants in `scope` at `now`. The expiry is checked
    /// before the signature (an old link gets its honest answer), and the
    /// signature is compared in constant time.
    pub fn verify_in(
        &self,
        scope: Scope,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Link, LinkError> {
        let parts: Vec<&str> = token.split('.').collect();
        let [purchase, file, expires, mac] = parts[..] else {
            return Err(LinkError::Malformed);
        };
        let link = Link {
            purchase_id: canonical_number(purchase)?,
            file_id: canonical_number(file)?,
            expires_at: canonical_number(expires)?,
        };
        let mac = match hex::decode(mac) {
            Ok(bytes) if bytes.len() == 32 && mac.bytes().all(|b| !b.is_ascii_uppercase()) => bytes,
            _ => return Err(LinkError::Malformed),
        };
        if link.expires_at <= now.timestamp() {
            return Err(LinkError::Expired);
        }
        self.mac(scope, &link)
            .verify_slice(&mac)
            .map_err(|_| LinkError::Forged)?;
        Ok(link)
    }
}

/// A non-negative number written the one way `to_string` writes it (no
/// sign, no leading zeros), so each link has exactly one token.
fn canonical_number<T: std::str::FromStr + ToString>(raw: &str) -> Result<T, LinkError> {
    let n: T = raw.parse().map_err(|_| LinkError::Malformed)?;
    if n.to_string() != raw || raw.starts_with('-') {
        return Err(LinkError::Malformed);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer(secret: &str) -> LinkSigner {
        LinkSigner::new(SecretString::from(secret.to_owned()))
    }

    #[test]
    fn a_signed_link_opens_until_it_expires() {
        let s = signer("rahasia-unduhan-yang-panjang-sekali-0123");
        let now = Utc::now();
        let link = Link::new(7, 3, now);
        let token = s.token(&link);
        assert_eq!(s.verify(&token, now), Ok(link));
        assert_eq!(
            s.verify(&token, now + LINK_TTL - Duration::seconds(1)),
            Ok(link)
        );
        assert_eq!(s.verify(&token, now + LINK_TTL), Err(LinkError::Expired));
    }

    #[test]
    fn tampering_is_refused() {
        let s = signer("rahasia-unduhan-yang-panjang-sekali-0123");
        let now = Utc::now();
        let token = s.token(&Link::new(7, 3, now));
        let parts: Vec<&str> = token.split('.').collect();
        // Another purchase, file or a later expiry with the same MAC.
        for (i, value) in [(0, "8"), (1, "4")] {
            let mut p = parts.clone();
            p[i] = value;
            assert_eq!(s.verify(&p.join("."), now), Err(LinkError::Forged));
        }
        let later = (now + Duration::days(30)).timestamp().to_string();
        let forged = format!("{}.{}.{later}.{}", parts[0], parts[1], parts[3]);
        assert_eq!(s.verify(&forged, now), Err(LinkError::Forged));
        // Another server's secret.
        let other = signer("rahasia-lain-yang-juga-panjang-sekali-99");
        assert_eq!(other.verify(&token, now), Err(LinkError::Forged));
        // A flipped MAC digit.
        let mut flipped = token.clone();
        let last = flipped.pop().unwrap();
        flipped.push(if last == '0' { '1' } else { '0' });
        assert_eq!(s.verify(&flipped, now), Err(LinkError::Forged));
    }

    #[test]
    fn only_the_canonical_form_is_read() {
        let s = signer("rahasia-unduhan-yang-panjang-sekali-0123");
        let now = Utc::now();
        let token = s.token(&Link::new(7, 3, now));
        let parts: Vec<&str> = token.split('.').collect();
        let upper = format!(
            "{}.{}.{}.{}",
            parts[0],
            parts[1],
            parts[2],
            parts[3].to_uppercase()
        );
        for bad in [
            "",
            "7.3",
            "a.b.c.d",
            &format!("07.{}.{}.{}", parts[1], parts[2], parts[3]),
            &format!("+7.{}.{}.{}", parts[1], parts[2], parts[3]),
            &format!("-7.{}.{}.{}", parts[1], parts[2], parts[3]),
            &format!("{token}.1"),
            &format!("{}.{}.{}.abcd", parts[0], parts[1], parts[2]),
            &upper,
        ] {
            assert_eq!(s.verify(bad, now), Err(LinkError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn a_token_opens_only_in_its_own_scope() {
        let s = signer("rahasia-unduhan-yang-panjang-sekali-0123");
        let now = Utc::now();
        let link = Link::new(7, 3, now);
        let service = s.token_in(Scope::ServiceOrder, &link);
        assert_eq!(s.verify_in(Scope::ServiceOrder, &service, now), Ok(link));
        assert_eq!(s.verify(&service, now), Err(LinkError::Forged));
        let purchase = s.token(&link);
        assert_eq!(
            s.verify_in(Scope::ServiceOrder, &purchase, now),
            Err(LinkError::Forged)
        );
    }

    #[test]
    fn the_secret_never_shows_in_debug() {
        let s = signer("rahasia-unduhan-yang-panjang-sekali-0123");
        assert!(!format!("{s:?}").contains("rahasia"));
    }
}
