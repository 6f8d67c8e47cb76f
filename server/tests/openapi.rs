//! The OpenAPI document at `/api/openapi.json` against the handlers it
//! describes: each documented operation is called through the real router
//! (successes and refusals), and every answer must have a documented
//! status and a body that fits the documented schema. A handler that
//! answers differently from its document fails here.
mod common;

use axum::{body::Body, http::Request};
use common::{spawn, verified_member, TestApp, TestResponse, SITE};
use domain::{
    deliverables,
    entities::{
        order::{OrderItemKind, OrderStatus},
        user, user_purchase, DeliveryType,
    },
    testing,
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

async fn document(app: &TestApp) -> Value {
    let res = app.get("/api/openapi.json").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.header("content-type").starts_with("application/json"));
    serde_json::from_str(&res.body).expect("the document is JSON")
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_lists_the_outside_api() {
    let app = spawn().await;
    let doc = document(&app).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(doc["info"]["title"], "Tiranyx API");
    let mut paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "/api/files/deliverables/{token}",
            "/api/files/service-deliverables/{token}",
            "/api/licenses/activate",
            "/api/licenses/deactivate",
            "/api/licenses/validate",
            "/api/tools/{slug}/use",
            "/api/user/usage",
            "/healthz",
            "/livez",
            "/readyz",
        ]
    );
    // Every stable error code is in the document, as the API writes it.
    let codes = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap();
    for code in [
        "license_not_found",
        "activation_limit_reached",
        "link_expired",
        "rate_limited",
        "tool_quota_exceeded",
    ] {
        assert!(codes.contains(&json!(code)), "{code} is not documented");
    }
    // Webhooks and the site's own calls are not part of it.
    let text = doc.to_string();
    assert!(!text.contains("/api/payment/"));
    assert!(!text.contains("/api/orders/"));
}

#[tokio::test]
async fn every_documented_operation_answers_as_documented() {
    let app = spawn().await;
    let doc = document(&app).await;
    let (key, link) = purchases(&app).await;
    let mut seen: Vec<(String, String, u16)> = Vec::new();
    let call = |req: Request<Body>| {
        let (method, path) = (
            req.method().as_str().to_lowercase(),
            req.uri().path().to_owned(),
        );
        let app = &app;
        let doc = &doc;
        async move {
            let res = app.send(req).await;
            conforms(doc, &method, &path, &res);
            (method, path, res)
        }
    };
    let api = |name: &str, body: Value| {
        Request::post(format!("/api/licenses/{name}"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };

    let (m, p, res) = call(api(
        "activate",
        json!({"license_key": key, "instance_name": "Laptop"}),
    ))
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let instance = serde_json::from_str::<Value>(&res.body).unwrap()["instance"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    seen.push((m, p, res.status.as_u16()));
    for body in [
        json!({"license_key": key, "instance_name": "PC Rumah"}),
        json!({"license_key": key, "instance_name": "PC Ketiga"}),
        json!({"license_key": "TRX-BUKAN-KUNCI", "instance_name": "x"}),
        json!({"license_key": "", "instance_name": "x"}),
    ] {
        let (m, p, res) = call(api("activate", body)).await;
        seen.push((m, p, res.status.as_u16()));
    }
    let bad_body = Request::post("/api/licenses/activate")
        .header("content-type", "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    let (m, p, res) = call(bad_body).await;
    seen.push((m, p, res.status.as_u16()));
    for body in [
        json!({"license_key": key, "instance_id": instance}),
        json!({"license_key": key}),
        json!({"license_key": key, "instance_id": "bukan-instance"}),
    ] {
        let (m, p, res) = call(api("validate", body)).await;
        seen.push((m, p, res.status.as_u16()));
    }
    for body in [
        json!({"license_key": key}),
        json!({"license_key": key, "instance_id": instance}),
        json!({"license_key": key, "instance_id": instance}),
    ] {
        let (m, p, res) = call(api("deactivate", body)).await;
        seen.push((m, p, res.status.as_u16()));
    }
    // The key's budget runs out: a documented 429.
    let mut limited = false;
    for _ in 0..5 {
        let (_, _, res) = call(api("validate", json!({"license_key": key}))).await;
        if res.status == 429 {
            assert!(!res.header("retry-after").is_empty());
            limited = true;
            break;
        }
    }
    assert!(limited, "the per-key limit never answered");
    let path = link.trim_start_matches(SITE).to_owned();
    let ranged = Request::get(&path)
        .header("range", "bytes=0-9")
        .body(Body::empty())
        .unwrap();
    for req in [
        Request::get(&path).body(Body::empty()).unwrap(),
        ranged,
        Request::get("/api/files/deliverables/palsu")
            .body(Body::empty())
            .unwrap(),
        Request::get("/api/files/service-deliverables/palsu")
            .body(Body::empty())
            .unwrap(),
        Request::get("/healthz").body(Body::empty()).unwrap(),
    ] {
        let (m, p, res) = call(req).await;
        seen.push((m, p, res.status.as_u16()));
    }

    let statuses: Vec<u16> = seen.iter().map(|s| s.2).collect();
    assert_eq!(
        statuses,
        [200, 200, 409, 404, 422, 400, 200, 200, 404, 422, 200, 404, 200, 206, 404, 404, 200],
        "{seen:?}"
    );

    // The tools: a use with its result and quota, bad input, an unknown
    // tool, a body that is no object, the quota used up (429), and the
    // member's usage with and without a session.
    let tool = |slug: &str, body: &str| {
        Request::post(format!("/api/tools/{slug}/use"))
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let mut tools_seen = Vec::new();
    for (slug, body) in [
        (
            "tautan-whatsapp",
            r#"{"nomor": "0812-3456-7890", "pesan": "Halo"}"#,
        ),
        (
            "pembuat-utm",
            r#"{"url": "https://tokoku.id", "sumber": "ig", "medium": "social", "kampanye": "promo"}"#,
        ),
        (
            "estimasi-biaya-website",
            r#"{"layanan": "pengembangan-website", "halaman": 8, "fitur": ["seo"]}"#,
        ),
        (
            "cek-snippet-seo",
            r#"{"judul": "Toko Kue Dapur Ibu", "url": "https://dapuribu.id/kue"}"#,
        ),
        ("tautan-whatsapp", r#"{"nomor": "12"}"#),
        ("tidak-ada", "{}"),
        ("tautan-whatsapp", "[1]"),
    ] {
        let (_, _, res) = call(tool(slug, body)).await;
        tools_seen.push(res.status.as_u16());
    }
    for _ in 0..5 {
        let (_, _, res) = call(tool("tautan-whatsapp", r#"{"nomor": "081234567890"}"#)).await;
        tools_seen.push(res.status.as_u16());
    }
    let cookie = verified_member(&app, "pemakai-alat@example.id").await;
    for req in [
        Request::get("/api/user/usage").body(Body::empty()).unwrap(),
        Request::get("/api/user/usage")
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap(),
    ] {
        let (_, _, res) = call(req).await;
        tools_seen.push(res.status.as_u16());
    }
    assert_eq!(
        tools_seen,
        [200, 200, 200, 200, 422, 404, 400, 200, 200, 200, 200, 429, 401, 200],
        "{tools_seen:?}"
    );
}

/// A licence key and a file link of two paid purchases.
async fn purchases(app: &TestApp) -> (String, String) {
    let email = "openapi@example.id";
    verified_member(app, email).await;
    let uid = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .id;
    let now = chrono::Utc::now();
    let licence = ("faktur-kilat-aplikasi-invoice", "Faktur Kilat");
    let item = (OrderItemKind::Product, licence.0, licence.1, 199_000);
    let order = testing::order(&app.db, uid, "TRX-OAS-1", item, OrderStatus::Paid, now).await;
    testing::purchase(
        &app.db,
        uid,
        order,
        licence,
        DeliveryType::LicenseKey,
        None,
        now,
    )
    .await;
    let key = testing::license_for_order(&app.db, order, now).await;

    let file = ("nusa-landing-template-umkm", "Nusa Landing");
    let item = (OrderItemKind::Product, file.0, file.1, 149_000);
    let order = testing::order(&app.db, uid, "TRX-OAS-2", item, OrderStatus::Paid, now).await;
    testing::purchase(
        &app.db,
        uid,
        order,
        file,
        DeliveryType::EmailFile,
        None,
        now,
    )
    .await;
    let purchase = user_purchase::Entity::find()
        .filter(user_purchase::Column::OrderId.eq(order))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap();
    let links = deliverables::links_of(app.db.reader(), &app.deliverables, &purchase, now)
        .await
        .unwrap();
    (key.to_string(), links[0].url.clone())
}

/// The answer's status is documented for the operation, and a JSON body
/// fits the documented schema.
fn conforms(doc: &Value, method: &str, path: &str, res: &TestResponse) {
    let (template, item) = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(t, _)| matches_template(t, path))
        .unwrap_or_else(|| panic!("{path} is not documented"));
    let op = &item[method];
    assert!(op.is_object(), "{method} {template} is not documented");
    let status = res.status.as_u16().to_string();
    let documented = &op["responses"][&status];
    assert!(
        documented.is_object(),
        "{method} {template} answered {status}, which is not documented: {}",
        res.body
    );
    let content_type = res.header("content-type");
    if content_type.starts_with("application/json") {
        let schema = &documented["content"]["application/json"]["schema"];
        assert!(
            schema.is_object(),
            "{method} {template} {status} answered JSON; the document has no JSON body"
        );
        let body: Value = serde_json::from_str(&res.body).unwrap();
        if let Err(e) = fits(doc, schema, &body, "body") {
            panic!("{method} {template} {status}: {e}\n{}", res.body);
        }
    } else {
        let documented_types: Vec<&String> = documented["content"]
            .as_object()
            .map(|c| c.keys().collect())
            .unwrap_or_default();
        assert!(
            !documented_types.is_empty(),
            "{method} {template} {status} has a body the document does not describe"
        );
    }
}

fn matches_template(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}')) || t == p)
}

/// The subset of JSON Schema the generated document uses: `$ref`,
/// `oneOf`, `allOf`, `type` (one or a list), `enum`, `properties`,
/// `required`, `additionalProperties`, `items`. An object may carry no
/// property the schema does not declare.
fn fits(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        if !target.is_object() {
            return Err(format!("{at}: {r} does not resolve"));
        }
        return fits(doc, target, v, at);
    }
    if let Some(alts) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        let fitting = alts.iter().filter(|s| fits(doc, s, v, at).is_ok()).count();
        if fitting == 0 {
            return Err(format!("{at}: {v} fits none of {schema}"));
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            fits(doc, s, v, at)?;
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() && !types.iter().any(|t| is_type(t, v)) {
        return Err(format!("{at}: {v} is not {types:?}"));
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if !values.contains(v) {
            return Err(format!("{at}: {v} is not one of {values:?}"));
        }
    }
    if let Value::Object(o) = v {
        let props = schema.get("properties").and_then(Value::as_object);
        let extra = schema.get("additionalProperties");
        for (k, x) in o {
            let at = format!("{at}.{k}");
            match (props.and_then(|p| p.get(k)), extra) {
                (Some(s), _) => fits(doc, s, x, &at)?,
                (None, Some(s)) if s.is_object() => fits(doc, s, x, &at)?,
                (None, Some(Value::Bool(true))) => {}
                _ if props.is_some() => return Err(format!("{at} is not documented")),
                _ => {}
            }
        }
        for req in schema["required"].as_array().into_iter().flatten() {
            let k = req.as_str().unwrap_or_default();
            if !o.contains_key(k) {
                return Err(format!("{at}.{k} is required but missing"));
            }
        }
    }
    if let (Value::Array(items), Some(s)) = (v, schema.get("items")) {
        for (i, x) in items.iter().enumerate() {
            fits(doc, s, x, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

fn is_type(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

#[test]
fn the_schema_check_catches_drift() {
    let doc = json!({"components": {"schemas": {"A": {
        "type": "object",
        "required": ["n"],
        "properties": {"n": {"type": "integer"}, "s": {"type": ["string", "null"]}}
    }}}});
    let a = json!({"$ref": "#/components/schemas/A"});
    assert!(fits(&doc, &a, &json!({"n": 1, "s": null}), "b").is_ok());
    assert!(fits(&doc, &a, &json!({"n": 1, "extra": 2}), "b").is_err());
    assert!(fits(&doc, &a, &json!({"s": "x"}), "b").is_err());
    assert!(fits(&doc, &a, &json!({"n": "1"}), "b").is_err());
}

/// A service order's deliverable, through the link its member page gives,
/// downloads through the router; the same token as a product download, or
/// altered, does not.
#[tokio::test]
async fn a_service_deliverable_downloads_through_its_signed_link() {
    use domain::{
        audit::Actor,
        orders::{Buyer, EventSource, PaidAmount, PaymentReport, Recorded, Site},
        service_orders::{self, BriefInput, QuoteInput},
    };
    let app = spawn().await;
    let email = "layanan@example.id";
    verified_member(&app, email).await;
    let uid = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(app.db.reader())
        .await
        .unwrap()
        .unwrap()
        .id;
    let buyer = Buyer {
        user_id: uid,
        name: "Klien".into(),
        email: email.into(),
        phone: None,
    };
    let site = Site {
        url: SITE.parse().unwrap(),
    };
    let now = chrono::Utc::now();
    let rules = deliverables::FileRules {
        extensions: vec!["pdf".into()],
        max_bytes: 1024 * 1024,
    };
    let brief = BriefInput {
        service_slug: "pengembangan-website".into(),
        brief: "Website profil perusahaan lima halaman dengan blog.".into(),
        budget_min: "5000000".into(),
        budget_max: "9000000".into(),
        deadline: (domain::jakarta::date(now) + chrono::Duration::days(30))
            .format("%Y-%m-%d")
            .to_string(),
        attachments: Vec::new(),
    };
    let o = service_orders::submit_brief(
        &app.db,
        &app.deliverables,
        &rules,
        &site,
        &buyer,
        &brief,
        now,
    )
    .await
    .unwrap();
    let admin = Actor::system("uji");
    let quote = QuoteInput {
        price: "7500000".into(),
        scope: "Lima halaman dan blog, dua kali revisi.".into(),
        valid_until: (domain::jakarta::date(now) + chrono::Duration::days(7))
            .format("%Y-%m-%d")
            .to_string(),
    };
    service_orders::send_quote(&app.db, &site, &admin, o.id, &quote, now)
        .await
        .unwrap();
    let checkout = service_orders::accept_quote(
        &app.db,
        &site,
        &buyer,
        o.id,
        chrono::Duration::hours(24),
        now,
    )
    .await
    .unwrap();
    let report = PaymentReport {
        source: EventSource::Midtrans,
        target: Some(OrderStatus::Paid),
        amount: PaidAmount::Idr(checkout.amount_idr),
        provider_ref: Some("tx-oas"),
        external_id: None,
        raw: "{}",
    };
    let paid = domain::orders::record_payment(&app.db, &site, &checkout.order_code, &report, now)
        .await
        .unwrap();
    assert_eq!(paid, Recorded::Moved(OrderStatus::Paid));
    service_orders::add_deliverable(
        &app.db,
        &app.deliverables,
        &rules,
        &site,
        &admin,
        o.id,
        "desain.pdf",
        b"%PDF desain",
        now,
    )
    .await
    .unwrap();
    let detail = service_orders::member_detail(&app.db, &app.deliverables, uid, o.id, now)
        .await
        .unwrap();
    let url = detail.deliverables[0].1.clone().unwrap().url;
    let path = url.trim_start_matches(SITE).to_owned();
    let res = app.get(&path).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.bytes, b"%PDF desain");
    assert!(res.header("content-disposition").contains("desain.pdf"));
    let token = path.rsplit('/').next().unwrap();
    let as_product = app.get(&format!("/api/files/deliverables/{token}")).await;
    assert_eq!(as_product.status, 404, "{}", as_product.body);
    let altered = path.replacen(&format!("/{}.", o.id), &format!("/{}.", o.id + 1), 1);
    assert_eq!(app.get(&altered).await.status, 404);
}
