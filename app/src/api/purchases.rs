//! The member's own commerce records for the dashboard. Each function
//! resolves the session first and reads only that member's rows.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderRow {
    pub id: i32,
    pub code: String,
    pub item: String,
    /// "Rp 149.000", or "US$12.50" for PayPal orders.
    pub amount: String,
    pub provider: String,
    /// pending | paid | failed | expired | cancelled | refunded
    pub status: String,
    pub status_label: String,
    pub created: String,
    /// Pending and not yet expired: can be paid (again) or cancelled.
    pub open: bool,
    /// `INV/2026/000123` once paid.
    pub invoice: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionRow {
    pub bundle: String,
    pub bundle_slug: String,
    pub status: String,
    pub status_label: String,
    pub starts: String,
    pub expires: String,
    /// How the member can pay the next period; None when the bundle is no
    /// longer sold (or no payment method is set up).
    pub renew: Option<Renewal>,
}

/// The "Perpanjang" form's choices: the bundle's prices now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Renewal {
    /// The item's checkout: `/saas/{slug}/buy` or `/products/{slug}/buy`.
    pub action: String,
    /// "Rp 99.000 per bulan" when Midtrans is set up.
    pub idr: Option<String>,
    /// "US$7.00 per bulan" when PayPal is set up and the bundle has a USD price.
    pub usd: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveryRow {
    /// The purchase, for its forms and its anchor.
    pub purchase_id: i32,
    pub product: String,
    /// How it reaches the member, in words.
    pub how: String,
    pub status: String,
    pub status_label: String,
    pub github_repo: Option<String>,
    pub delivered: Option<String>,
    /// Fresh signed links to the files (files by e-mail, delivered).
    pub files: Vec<FileLinkRow>,
    /// "2 dari 5 unduhan terpakai", for files.
    pub downloads: Option<String>,
    /// The team's note on a manual delivery.
    pub note: Option<String>,
    /// A GitHub invitation's state (`github_invite` products).
    pub github: Option<GithubRow>,
}

/// Where a GitHub invitation stands, in words, and whether the member can
/// (still) give a username.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GithubRow {
    pub username: Option<String>,
    /// What the member reads.
    pub state: String,
    /// `https://github.com/{repo}/invitations`, once invited.
    pub invitations_url: Option<String>,
    /// Why the invitation failed (an unknown username, …).
    pub error: Option<String>,
    /// Waiting for a username, or failed: the form is shown.
    pub can_set: bool,
}

/// One file and its fresh link (valid 72 hours).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileLinkRow {
    pub name: String,
    pub size: String,
    pub url: String,
    pub until: String,
}

/// A web-access product the member bought (the Tools Pass among them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolRow {
    pub name: String,
    pub slug: String,
    pub since: String,
}

/// One public tool with the member's use and quota today.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolTodayRow {
    pub slug: String,
    pub name: String,
    pub quota: crate::model::QuotaView,
}

/// One Jakarta day of the member's tool use, a count per tool in the
/// order of `ToolsOverview::today`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolDayRow {
    pub day: String,
    pub uses: Vec<u32>,
}

/// The member's tools page: each public tool today, the last days' use per
/// tool, and what they bought.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolsOverview {
    pub today: Vec<ToolTodayRow>,
    pub days: Vec<ToolDayRow>,
    pub bought: Vec<ToolRow>,
}

/// How many Jakarta days the member's tools page shows, today included.
pub const TOOL_HISTORY_DAYS: u32 = 7;

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use domain::entities::{
        order::OrderStatus, subscription::SubscriptionStatus, user_purchase::DeliveryStatus,
    };

    pub use crate::ssr::tanggal as when;

    pub fn order_status(s: OrderStatus) -> (&'static str, &'static str) {
        (s.as_str(), crate::status::order_status_label(s.as_str()))
    }

    pub fn subscription_status(s: SubscriptionStatus) -> (&'static str, &'static str) {
        match s {
            SubscriptionStatus::Active => ("active", "Aktif"),
            SubscriptionStatus::Expired => ("expired", "Berakhir"),
            SubscriptionStatus::Cancelled => ("cancelled", "Dibatalkan"),
        }
    }

    /// A GitHub purchase's status badge and state (see [`super::GithubRow`]).
    pub fn github(
        p: &domain::entities::user_purchase::Model,
    ) -> ((&'static str, &'static str), super::GithubRow) {
        let repo = p.github_repo.clone().unwrap_or_default();
        let user = p.github_username.clone();
        let at = user.as_deref().map(|u| format!("@{u}")).unwrap_or_default();
        let invitations = format!("https://github.com/{repo}/invitations");
        let (badge, state, url) = match (p.delivery_status, &user, p.github_invitation_id) {
            (DeliveryStatus::Pending, None, _) => (
                ("waiting", "Menunggu username GitHub"),
                "Isi username GitHub-mu di bawah agar kami bisa mengundangmu ke repositori privatnya (di Profil, sekali untuk semua pembelian berikutnya)."
                    .to_owned(),
                None,
            ),
            (DeliveryStatus::Pending, Some(_), _) => (
                ("pending", "Undangan sedang dikirim"),
                format!("Undangan ke {at} sedang kami kirim. Muat ulang halaman ini sebentar lagi."),
                None,
            ),
            (DeliveryStatus::Delivered, _, Some(_)) => (
                ("delivered", "Undangan terkirim"),
                format!("Undangan terkirim ke {at}. Terima undangannya di github.com/{repo}/invitations."),
                Some(invitations),
            ),
            (DeliveryStatus::Delivered, _, None) => (
                ("delivered", "Sudah punya akses"),
                format!("{at} sudah punya akses ke repositori {repo}."),
                None,
            ),
            (DeliveryStatus::Failed, ..) => (
                ("failed", "Perlu username lain"),
                format!("Undangan ke {at} gagal."),
                None,
            ),
            (DeliveryStatus::Revoked, ..) => (
                delivery_status(DeliveryStatus::Revoked),
                "Undangan dan akses ke repositori ini dicabut.".to_owned(),
                None,
            ),
        };
        let row = super::GithubRow {
            can_set: matches!(
                p.delivery_status,
                DeliveryStatus::Pending | DeliveryStatus::Failed
            ),
            username: user,
            state,
            invitations_url: url,
            error: (p.delivery_status == DeliveryStatus::Failed)
                .then(|| p.delivery_error.clone())
                .flatten(),
        };
        (badge, row)
    }

    pub fn delivery_status(s: DeliveryStatus) -> (&'static str, &'static str) {
        match s {
            DeliveryStatus::Pending => ("pending", "Sedang diproses"),
            DeliveryStatus::Delivered => ("delivered", "Terkirim"),
            DeliveryStatus::Failed => ("failed", "Gagal, tim kami menindaklanjuti"),
            DeliveryStatus::Revoked => ("revoked", "Dicabut: pembayaran dikembalikan"),
        }
    }
}

/// `kind` is "" for every order or "service" for ordered services.
#[server(endpoint = "account/orders")]
pub async fn get_orders(kind: String) -> Result<Vec<OrderRow>, AppError> {
    use domain::entities::order::OrderItemKind;
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    let kind = match kind.as_str() {
        "" => None,
        "service" => Some(OrderItemKind::Service),
        _ => return Err(AppError::invalid("Jenis pesanan tidak dikenal.")),
    };
    let rows = domain::purchases::orders_of(&st.db, u.user_id, kind).await?;
    Ok(rows
        .into_iter()
        .map(|o| {
            let (status, status_label) = convert::order_status(o.status);
            let amount = domain::mail::orders::order_amount(&o);
            let open = o.status == domain::entities::order::OrderStatus::Pending
                && o.expires_at.is_none_or(|t| t > chrono::Utc::now());
            OrderRow {
                id: o.id,
                open,
                invoice: o.invoice_number,
                code: o.order_code,
                item: o.item_name,
                amount,
                provider: o.payment_provider.label().to_owned(),
                status: status.to_owned(),
                status_label: status_label.to_owned(),
                created: convert::when(o.created_at),
            }
        })
        .collect())
}

#[server(endpoint = "account/subscriptions")]
pub async fn get_subscriptions() -> Result<Vec<SubscriptionRow>, AppError> {
    use domain::entities::order::OrderItemKind;
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    let rows = domain::purchases::subscriptions_of(&st.db, u.user_id).await?;
    let bundles = domain::content::saas::list_active(&st.db).await?;
    let products = domain::content::products::list_active(&st.db, None).await?;
    // What the next period costs now, and where to buy it; None when the
    // item is no longer sold per period.
    let renewal = |kind: OrderItemKind, slug: &str| {
        let (action, period, price_idr, price_usd_cents) = match kind {
            OrderItemKind::Saas => {
                let b = bundles.iter().find(|b| b.slug == slug)?;
                ("saas", b.period, b.price_idr, b.price_usd_cents)
            }
            _ => {
                let p = products.iter().find(|p| p.slug == slug)?;
                ("products", p.period?, p.price_idr, p.price_usd_cents)
            }
        };
        let per = period.per_label();
        let idr = st
            .payments
            .midtrans
            .is_some()
            .then(|| format!("{} {per}", crate::format::rupiah(price_idr)));
        let usd = price_usd_cents
            .filter(|_| st.payments.paypal.is_some())
            .map(|c| format!("{} {per}", crate::format::usd_cents(c)));
        let action = format!("/{action}/{}/buy", crate::format::query_path(slug));
        (idr.is_some() || usd.is_some()).then_some(Renewal { action, idr, usd })
    };
    Ok(rows
        .into_iter()
        .map(|s| {
            // Past its expiry but not yet marked by the daily check: it has
            // ended all the same.
            let ended = s.status == domain::entities::subscription::SubscriptionStatus::Active
                && s.expires_at <= chrono::Utc::now();
            let (status, label) = convert::subscription_status(if ended {
                domain::entities::subscription::SubscriptionStatus::Expired
            } else {
                s.status
            });
            SubscriptionRow {
                renew: renewal(s.item_kind, &s.bundle_slug),
                bundle: s.bundle_name,
                bundle_slug: s.bundle_slug,
                status: status.to_owned(),
                status_label: label.to_owned(),
                starts: convert::when(s.starts_at),
                expires: convert::when(s.expires_at),
            }
        })
        .collect())
}

#[server(endpoint = "account/deliveries")]
pub async fn get_deliveries() -> Result<Vec<DeliveryRow>, AppError> {
    use domain::entities::DeliveryType;
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    let rows = domain::purchases::deliveries_of(&st.db, u.user_id).await?;
    let now = chrono::Utc::now();
    let mut out = Vec::with_capacity(rows.len());
    for p in rows {
        let (mut status, mut label) = convert::delivery_status(p.delivery_status);
        let github = (p.delivery_type == DeliveryType::GithubInvite).then(|| {
            let ((s, l), row) = convert::github(&p);
            (status, label) = (s, l);
            row
        });
        let how = match p.delivery_type {
            DeliveryType::EmailFile => "File unduhan: tautannya dikirim ke email dan ada di sini",
            DeliveryType::GithubInvite => "Undangan ke repositori GitHub privat",
            DeliveryType::LicenseKey => {
                "Kunci lisensi, dikirim ke emailmu (aktivasinya ada di bagian Lisensi)"
            }
            DeliveryType::Manual => "Diserahkan langsung oleh tim kami",
            DeliveryType::WebAccess => "Akses web",
        };
        // Each visit signs fresh links: an expired e-mail link is never
        // the end of the road.
        let files_delivered = p.delivery_type == DeliveryType::EmailFile
            && p.delivery_status == domain::entities::user_purchase::DeliveryStatus::Delivered;
        let (files, downloads) = if files_delivered {
            let links =
                domain::deliverables::links_of(st.db.reader(), &st.deliverables, &p, now).await?;
            let files = links
                .into_iter()
                .map(|l| FileLinkRow {
                    name: l.file_name,
                    size: l.size_label,
                    url: l.url,
                    until: domain::jakarta::waktu(l.expires),
                })
                .collect();
            let used = format!(
                "{} dari {} unduhan terpakai",
                p.download_count, st.deliverables.limit
            );
            (files, Some(used))
        } else {
            (Vec::new(), None)
        };
        out.push(DeliveryRow {
            purchase_id: p.id,
            product: p.product_name,
            how: how.to_owned(),
            status: status.to_owned(),
            status_label: label.to_owned(),
            github_repo: p.github_repo,
            delivered: p.delivered_at.map(convert::when),
            files,
            downloads,
            note: p.delivery_note,
            github,
        });
    }
    Ok(out)
}

#[server(endpoint = "account/tools")]
pub async fn get_tools() -> Result<ToolsOverview, AppError> {
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    let now = chrono::Utc::now();
    let today = domain::tools::quota::today_of(&st.db, u.user_id, now)
        .await?
        .into_iter()
        .map(|(t, a)| ToolTodayRow {
            slug: t.slug,
            name: t.name,
            quota: crate::api::tools::convert::quota(&a),
        })
        .collect();
    // Same enabled tools in the same order as `today`, so the columns line up.
    let days = domain::tools::quota::usage_table_of(&st.db, u.user_id, TOOL_HISTORY_DAYS, now)
        .await?
        .days
        .into_iter()
        .map(|(day, uses)| ToolDayRow {
            day: domain::jakarta::hari(day),
            uses,
        })
        .collect();
    let bought = domain::purchases::tools_of(&st.db, u.user_id)
        .await?
        .into_iter()
        .map(|p| ToolRow {
            name: p.product_name,
            slug: p.product_slug,
            since: convert::when(p.created_at),
        })
        .collect();
    Ok(ToolsOverview {
        today,
        days,
        bought,
    })
}

/// After Snap sends the member back (`?order_id=…`): asks Midtrans what
/// really happened to the member's own order (never trusting the redirect's
/// query), applies it, and says where the order stands. None when there is
/// nothing to confirm.
#[server(endpoint = "account/orders/confirm")]
pub async fn confirm_return(order_code: String) -> Result<Option<String>, AppError> {
    use domain::{
        entities::order::{OrderStatus, PaymentProvider},
        orders::order_by_code_of,
        payments::midtrans,
    };
    let u = crate::ssr::session::current_member().await?;
    let st = crate::ssr::state()?;
    if !midtrans::valid_order_id(&order_code) {
        return Ok(None);
    }
    let Some(mine) = order_by_code_of(&st.db, u.user_id, &order_code).await? else {
        return Ok(None);
    };
    if mine.status == OrderStatus::Pending && mine.payment_provider == PaymentProvider::Midtrans {
        if let Some(m) = &st.payments.midtrans {
            let note = "kembali dari halaman pembayaran";
            // Midtrans unreachable: the page still shows what we know.
            if let Err(e) = midtrans::confirm(
                &st.db,
                m,
                &st.site(),
                &mine.order_code,
                note,
                chrono::Utc::now(),
            )
            .await
            {
                tracing::warn!(error = %e, "confirming a return from Snap");
            }
        }
    }
    let now = order_by_code_of(&st.db, u.user_id, &order_code)
        .await?
        .map(|o| (o.status, o.payment_provider, o.item_kind));
    Ok(now.map(|(s, provider, kind)| {
        match s {
            OrderStatus::Paid | OrderStatus::Fulfilled
                if kind == domain::entities::order::OrderItemKind::Saas =>
            {
                format!("Pembayaran {order_code} berhasil. Terima kasih! Masa langgananmu ada di halaman Langganan.")
            }
            OrderStatus::Paid | OrderStatus::Fulfilled
                if kind == domain::entities::order::OrderItemKind::Invoice =>
            {
                format!("Pembayaran {order_code} berhasil. Terima kasih! Tagihanmu kini lunas.")
            }
            OrderStatus::Paid | OrderStatus::Fulfilled => {
                format!("Pembayaran {order_code} berhasil. Terima kasih! Produkmu ada di halaman Unduhan.")
            }
            OrderStatus::Pending => format!(
                "Pembayaran {order_code} belum kami terima. Jika sudah membayar, status berubah otomatis setelah {} mengonfirmasi.",
                provider.label()
            ),
            _ => format!("Pembayaran {order_code} tidak berhasil. Kamu bisa memesan lagi dari halaman produk."),
        }
    }))
}
