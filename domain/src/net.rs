//! Who a client is, for limits: one rule for the rate limiter and the login
//! throttle.
use std::net::{IpAddr, Ipv6Addr};

/// The key a client is counted under: its IPv4 address, or its IPv6 /64
/// (one subscriber gets a whole /64, so a per-address limit would be none).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        },
    }
}

/// [`client_key`] of an address given as text; `-` when it is unknown or
/// not an address.
pub fn client_label(ip: Option<&str>) -> String {
    ip.and_then(|s| s.parse::<IpAddr>().ok())
        .map(|ip| client_key(ip).to_string())
        .unwrap_or_else(|| "-".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_is_keyed_by_its_64() {
        assert_eq!(client_label(Some("2001:db8:1:2::1")), "2001:db8:1:2::");
        assert_eq!(client_label(Some("2001:db8:1:2:ffff::9")), "2001:db8:1:2::");
        assert_eq!(client_label(Some("::ffff:203.0.113.9")), "203.0.113.9");
        assert_eq!(client_label(Some("203.0.113.9")), "203.0.113.9");
        assert_eq!(client_label(None), "-");
        assert_eq!(client_label(Some("nonsense")), "-");
    }
}
