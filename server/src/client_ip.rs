//! The visitor's IP address, for rate limits and abuse records.
//!
//! `X-Forwarded-For` is believed only when the connection comes from a
//! configured trusted proxy (`TRUSTED_PROXIES`); otherwise anyone could set
//! it and walk around every per-IP limit.
use axum::{extract::ConnectInfo, http::Request};
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

pub fn client_ip<B>(req: &Request<B>, trusted: &[IpNet]) -> Option<IpAddr> {
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
fn resolve(peer: Option<IpAddr>, forwarded: Option<&str>, trusted: &[IpNet]) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = peer?;
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let Some(chain) = forwarded else {
        return Some(peer);
    };
    let mut last = peer;
    for hop in chain.rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => last = ip,
            Ok(ip) => return Some(ip),
            Err(_) => return Some(last),
        }
    }
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use ipnet::IpNet;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_header_only_counts_from_a_trusted_proxy() {
        let proxy: [IpNet; 1] = ["127.0.0.1/32".parse().unwrap()];
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

    #[test]
    fn trusted_proxies_may_be_cidr_ranges() {
        let nets: [IpNet; 2] = ["10.0.0.0/8".parse().unwrap(), "fd00::/8".parse().unwrap()];
        // Two hops inside the ranges are passed; the visitor is the first outside.
        assert_eq!(
            resolve(Some(ip("10.1.2.3")), Some("198.51.100.7, 10.9.9.9"), &nets),
            Some(ip("198.51.100.7"))
        );
        assert_eq!(
            resolve(Some(ip("fd00::5")), Some("2001:db8::1"), &nets),
            Some(ip("2001:db8::1"))
        );
        // Just outside the range: the header is ignored.
        assert_eq!(
            resolve(Some(ip("11.0.0.1")), Some("198.51.100.7"), &nets),
            Some(ip("11.0.0.1"))
        );
    }
}
