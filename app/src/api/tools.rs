//! The tools' pages: the listing and one tool with the visitor's quota.
//! Thin: `domain::tools` does the work; see `pages::tools` for the form
//! post and `server::tools` for the JSON API.
use crate::{
    error::AppError,
    model::{ToolCard, ToolPageData},
};
use leptos::prelude::*;

#[server(endpoint = "tools/list")]
pub async fn get_tools() -> Result<Vec<ToolCard>, AppError> {
    let st = crate::ssr::state()?;
    Ok(domain::tools::catalogue::list_enabled(st.db.reader())
        .await?
        .iter()
        .map(convert::card)
        .collect())
}

#[server(endpoint = "tools/detail")]
pub async fn get_tool(slug: String) -> Result<ToolPageData, AppError> {
    use domain::tools::{catalogue, estimate, quota, ToolKind, Visitor};
    let st = crate::ssr::state()?;
    if !domain::markdown::is_slug(&slug) {
        return Err(AppError::not_found());
    }
    let (tool, kind) = catalogue::find_enabled(st.db.reader(), &slug).await?;
    let member = crate::ssr::session::current_member().await.ok();
    let visitor = match &member {
        Some(m) => Visitor::Member(m.user_id),
        None => Visitor::Guest(crate::ssr::session::client_ip().and_then(|ip| ip.parse().ok())),
    };
    let now = chrono::Utc::now();
    let allowance = quota::allowance(&st.db, &tool, visitor, now).await?;
    let (rates, features) = if kind == ToolKind::Estimate {
        (
            estimate::rates(st.db.reader()).await?,
            estimate::FEATURES.to_vec(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(ToolPageData {
        card: convert::card(&tool),
        quota: convert::quota(&allowance),
        signed_in: member.is_some(),
        rates: rates
            .into_iter()
            .map(|r| crate::model::RateOption {
                slug: r.slug,
                title: r.title,
                price_from_idr: r.price_from_idr,
            })
            .collect(),
        features: features
            .into_iter()
            .map(|(key, label, percent)| crate::model::FeatureOption {
                key: key.to_owned(),
                label: label.to_owned(),
                percent,
            })
            .collect(),
        included_pages: estimate::INCLUDED_PAGES,
        extra_page_percent: estimate::EXTRA_PAGE_PERCENT,
    })
}

/// From the domain's rows and results to the page models (server only).
#[cfg(feature = "ssr")]
pub mod convert {
    use crate::model::{QuotaView, ToolCard, ToolResult};
    use domain::{entities::tool, tools};

    pub fn card(t: &tool::Model) -> ToolCard {
        let n = |q: i32| u32::try_from(q).unwrap_or(0);
        ToolCard {
            slug: t.slug.clone(),
            name: t.name.clone(),
            summary: t.summary.clone(),
            guest_quota: n(t.guest_daily_quota),
            member_quota: n(t.member_daily_quota),
            pass_quota: n(t.pass_daily_quota),
        }
    }

    pub fn quota(a: &tools::Allowance) -> QuotaView {
        QuotaView {
            plan: match a.plan {
                tools::Plan::Guest => "guest",
                tools::Plan::Member => "member",
                tools::Plan::Pass => "pass",
            }
            .to_owned(),
            limit: a.limit,
            used: a.used,
            remaining: a.remaining(),
            resets_at: a.resets_at.to_rfc3339(),
            resets_at_text: domain::jakarta::waktu(a.resets_at),
        }
    }

    /// The domain's result has the page model's JSON shape.
    pub fn result(output: &tools::ToolOutput) -> Result<ToolResult, crate::error::AppError> {
        serde_json::to_value(output)
            .and_then(serde_json::from_value)
            .map_err(|e| {
                tracing::error!(error = %e, "a tool's result does not fit ToolResult");
                crate::error::AppError::internal()
            })
    }
}
