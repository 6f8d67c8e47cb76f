//! The visitor's IP address, for rate limits and abuse records.
//!
//! `X-Forwarded-For` is believed only when the connection comes from a
//! configured trusted proxy (`TRUSTED_PROXIES`); otherwise anyone could set
//! it and walk around every per-IP limit.
use axum::{extract::ConnectInfo, http::Request};
use std::net::{IpAddr, SocketAddr};

pub fn client_ip<B>(req: &Request<B>, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    resolve(peer, forwarded, trusted)
}

/// Walks `X-Forwarded-For` from the right (the hop nearest us) past trusted
/// proxies; the first untrusted address is the client.
fn resolve(peer: Option<IpAddr>, forwarded: Option<&str>, trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let Some(chain) = forwarded else {
        return Some(peer);
    };
    let mut last = peer;
    for hop in chain.rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => last = ip,
            Ok(ip) => return Some(ip),
            Err(_) => return Some(last),
        }
    }
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_header_only_counts_from_a_trusted_proxy() {
        let proxy = [ip("127.0.0.1")];
        // Direct visitor: the header is ignored.
        assert_eq!(
            resolve(Some(ip("203.0.113.9")), Some("1.2.3.4"), &proxy),
            Some(ip("203.0.113.9"))
        );
        // Through the proxy: the address it saw.
        assert_eq!(
            resolve(Some(ip("127.0.0.1")), Some("1.2.3.4"), &proxy),
            Some(ip("1.2.3.4"))
        );
        // A spoofed left part does not win over the proxy's own entry.
        assert_eq!(
            resolve(Some(ip("127.0.0.1")), Some("6.6.6.6, 1.2.3.4"), &proxy),
            Some(ip("1.2.3.4"))
        );
        // No proxies configured: never trust the header.
        assert_eq!(
            resolve(Some(ip("127.0.0.1")), Some("1.2.3.4"), &[]),
            Some(ip("127.0.0.1"))
        );
        // Garbage in the header falls back to the nearest trusted hop.
        assert_eq!(
            resolve(Some(ip("127.0.0.1")), Some("nonsense"), &proxy),
            Some(ip("127.0.0.1"))
        );
    }
}
