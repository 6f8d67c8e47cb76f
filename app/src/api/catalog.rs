//! Products, SaaS bundles, demos and resources.
use crate::{
    error::AppError,
    model::{
        BundleCard, BundleDetail, DemoCard, ProductDetail, ProductList, ResourceCard,
        ResourceDetail,
    },
};
use leptos::prelude::*;

#[server(endpoint = "products/list")]
pub async fn get_products(category: Option<String>) -> Result<ProductList, AppError> {
    use domain::content::products;
    let st = crate::ssr::state()?;
    let category = category.filter(|c| !c.is_empty());
    let key = format!("products/list {category:?}");
    st.db
        .kept_for_pages(key, async {
            let (list, categories) = futures::join!(
                products::list_active(&st.db, category.as_deref()),
                products::categories(&st.db)
            );
            Ok(ProductList {
                products: list?.into_iter().map(Into::into).collect(),
                categories: categories?,
                category,
            })
        })
        .await
}

#[server(endpoint = "products/detail")]
pub async fn get_product(slug: String) -> Result<ProductDetail, AppError> {
    use crate::ssr::json_ld;
    let st = crate::ssr::state()?;
    let (p, waitlist_count) = st
        .db
        .kept_for_pages(format!("products/detail {slug}"), async {
            let p = domain::content::products::find_active(&st.db, &slug).await?;
            let waitlist_count = domain::forms::waitlist::count(&st.db, &p.slug).await?;
            Ok::<_, AppError>((p, waitlist_count))
        })
        .await?;
    let json_ld = json_ld::to_script_text(&json_ld::product(
        &st.config.site_origin(),
        &format!("/products/{}", p.slug),
        &p.name,
        &p.tagline,
        &p.slug,
        p.price_idr,
    ));
    let description_html = domain::markdown::render(&p.description_md);
    let delivery_note = p.delivery_note.clone();
    let signed_in = crate::ssr::session::current_member().await.is_ok();
    // Scripts from the providers' hosts, allowed on this page only.
    let mut origins = Vec::new();
    let snap_js = match (&st.payments.midtrans, &st.payments.midtrans_client_key) {
        (Some(_), Some(key)) if signed_in => {
            let snap = &st.config.midtrans_snap_url;
            origins.push(snap.origin().ascii_serialization());
            Some((
                format!("{}/snap.js", snap.as_str().trim_end_matches('/')),
                key.clone(),
            ))
        }
        _ => None,
    };
    let paypal = st.payments.paypal.is_some() && p.price_usd_cents.is_some();
    let paypal_js = match &st.config.paypal_client_id {
        Some(client_id) if paypal && signed_in => {
            let mut sdk = st.config.paypal_sdk_url.clone();
            sdk.query_pairs_mut()
                .append_pair("client-id", client_id)
                .append_pair("currency", "USD")
                .append_pair("intent", "capture")
                .append_pair("components", "buttons");
            origins.push(sdk.origin().ascii_serialization());
            // The SDK's buttons, popup and calls live on PayPal's hosts.
            if sdk.host_str().is_some_and(|h| h.ends_with(".paypal.com")) {
                origins.push("https://*.paypal.com".to_owned());
            }
            Some(sdk.to_string())
        }
        _ => None,
    };
    origins.retain(|o| *o != st.config.site_origin());
    if !origins.is_empty() {
        crate::ssr::csp::allow_on_this_page(&origins);
    }
    let checkout = crate::model::Checkout {
        signed_in,
        snap_js,
        paypal_js,
        midtrans: st.payments.midtrans.is_some(),
        paypal,
    };
    Ok(ProductDetail {
        checkout,
        card: p.into(),
        delivery_note,
        description_html,
        waitlist_count,
        json_ld,
    })
}

#[server(endpoint = "saas/list")]
pub async fn get_bundles() -> Result<Vec<BundleCard>, AppError> {
    let st = crate::ssr::state()?;
    st.db
        .kept_for_pages("saas/list".into(), async {
            Ok(domain::content::saas::list_active(&st.db)
                .await?
                .into_iter()
                .map(Into::into)
                .collect())
        })
        .await
}

#[server(endpoint = "saas/detail")]
pub async fn get_bundle(slug: String) -> Result<BundleDetail, AppError> {
    use crate::ssr::json_ld;
    let st = crate::ssr::state()?;
    let (b, waitlist_count) = st
        .db
        .kept_for_pages(format!("saas/detail {slug}"), async {
            let b = domain::content::saas::find_active(&st.db, &slug).await?;
            let waitlist_count = domain::forms::waitlist::count(&st.db, &b.slug).await?;
            Ok::<_, AppError>((b, waitlist_count))
        })
        .await?;
    let json_ld = json_ld::to_script_text(&json_ld::product(
        &st.config.site_origin(),
        &format!("/saas/{}", b.slug),
        &b.name,
        &b.tagline,
        &b.slug,
        b.price_idr,
    ));
    let description_html = domain::markdown::render(&b.description_md);
    // A plain form only: the bundle page loads no provider scripts.
    let checkout = crate::model::Checkout {
        signed_in: crate::ssr::session::current_member().await.is_ok(),
        snap_js: None,
        paypal_js: None,
        midtrans: st.payments.midtrans.is_some(),
        paypal: st.payments.paypal.is_some() && b.price_usd_cents.is_some(),
    };
    Ok(BundleDetail {
        checkout,
        card: b.into(),
        description_html,
        waitlist_count,
        json_ld,
    })
}

#[server(endpoint = "demos/list")]
pub async fn get_demos() -> Result<Vec<DemoCard>, AppError> {
    let st = crate::ssr::state()?;
    st.db
        .kept_for_pages("demos/list".into(), async {
            Ok(domain::content::demos::list_published(&st.db)
                .await?
                .into_iter()
                .map(Into::into)
                .collect())
        })
        .await
}

#[server(endpoint = "resources/list")]
pub async fn get_resources() -> Result<Vec<ResourceCard>, AppError> {
    let st = crate::ssr::state()?;
    st.db
        .kept_for_pages("resources/list".into(), async {
            Ok(domain::content::resources::list_published(&st.db)
                .await?
                .into_iter()
                .map(Into::into)
                .collect())
        })
        .await
}

#[server(endpoint = "resources/detail")]
pub async fn get_resource(slug: String) -> Result<ResourceDetail, AppError> {
    let st = crate::ssr::state()?;
    st.db
        .kept_for_pages(format!("resources/detail {slug}"), async {
            let r = domain::content::resources::find_published(&st.db, &slug).await?;
            let body_html = domain::markdown::render(&r.body_md);
            Ok(ResourceDetail {
                card: r.into(),
                body_html,
            })
        })
        .await
}
