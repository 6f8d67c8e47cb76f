//! schema.org JSON-LD for search engines: the organisation, blog posts and
//! products. Serialized so it is safe inside `<script type="application/ld+json">`.
use crate::model::SiteInfo;
use serde_json::{json, Value};

/// `</script>` inside a string must not end the element: escape `<`.
pub fn to_script_text(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

pub fn organization(origin: &str, site: &SiteInfo) -> Value {
    let same_as: Vec<&str> = [&site.instagram, &site.linkedin, &site.github]
        .into_iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": site.site_name,
        "url": format!("{origin}/"),
        "logo": format!("{origin}/favicon.svg"),
        "email": site.contact_email,
        "description": site.description,
        "address": { "@type": "PostalAddress", "streetAddress": site.address, "addressCountry": "ID" },
        "sameAs": same_as,
    })
}

pub struct PostLd<'a> {
    pub origin: &'a str,
    pub slug: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub author: &'a str,
    pub published_iso: &'a str,
    pub modified_iso: &'a str,
    pub keywords: &'a [String],
}

pub fn blog_posting(p: &PostLd<'_>) -> Value {
    let url = format!("{}/blog/{}", p.origin, p.slug);
    json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": p.title,
        "description": p.description,
        "datePublished": p.published_iso,
        "dateModified": p.modified_iso,
        "author": { "@type": "Person", "name": p.author },
        "publisher": { "@type": "Organization", "name": "Tiranyx", "url": format!("{}/", p.origin) },
        "mainEntityOfPage": url,
        "url": url,
        "inLanguage": "id-ID",
        "keywords": p.keywords.join(", "),
    })
}

pub fn product(
    origin: &str,
    path: &str,
    name: &str,
    description: &str,
    sku: &str,
    price_idr: i64,
) -> Value {
    let url = format!("{origin}{path}");
    json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name,
        "description": description,
        "sku": sku,
        "url": url,
        "brand": { "@type": "Brand", "name": "Tiranyx" },
        "offers": {
            "@type": "Offer",
            "price": price_idr,
            "priceCurrency": "IDR",
            "availability": "https://schema.org/InStock",
            "url": url,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_text_cannot_close_the_script_element() {
        let v = json!({ "name": "</script><script>alert(1)</script>" });
        let text = to_script_text(&v);
        assert!(!text.contains("</script"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn product_offer_is_in_rupiah() {
        let v = product(
            "https://tiranyx.co.id",
            "/products/x",
            "X",
            "d",
            "x",
            149_000,
        );
        assert_eq!(v["offers"]["priceCurrency"], "IDR");
        assert_eq!(v["offers"]["price"], 149_000);
        assert_eq!(v["url"], "https://tiranyx.co.id/products/x");
    }
}
