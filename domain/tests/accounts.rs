//! Member accounts, run against SQLite and (when `TIRANYX_TEST_POSTGRES_URL`
//! is set, always in CI) PostgreSQL.
//!
//! Argon2 is slow in the dev profile (about 0.4 s a hash), so users are
//! mostly inserted directly with one hash computed per test binary, and
//! sessions that are not about login are inserted directly too.
use chrono::{DateTime, Duration, DurationRound, Utc};
use domain::{
    accounts::{
        self, LoginOutcome, NewAccount, PasswordHasher, RegisterOutcome, TokenPurpose, UserType,
        ARGON2_PARAMS,
    },
    entities::{account_token, login_throttle, user, user_session},
    Database, DomainError, Refusal,
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::sync::LazyLock;

/// Where the e-mail links lead in these tests.
const ORIGIN: &str = "https://tiranyx.test";

mod common;
use common::backends;

const PASSWORD: &str = "kopi susu gula aren";
const NEW_PASSWORD: &str = "teh tarik tanpa gula";
const IP: Option<&str> = Some("203.0.113.7");

/// `PASSWORD`'s hash, computed once for the whole test binary.
static PASSWORD_HASH: LazyLock<String> =
    LazyLock::new(|| accounts::hash_password(PASSWORD).unwrap());

/// Whole seconds, so that timestamps read back from either backend compare
/// equal to the ones written.
fn t0() -> DateTime<Utc> {
    Utc::now().duration_trunc(Duration::seconds(1)).unwrap()
}

/// A user whose password is `PASSWORD`, inserted without going through
/// registration (and its hash).
async fn fixture_user(db: &Database, email: &str, verified: bool, now: DateTime<Utc>) -> i32 {
    let hash = tokio::task::spawn_blocking(|| PASSWORD_HASH.clone())
        .await
        .unwrap();
    user::Entity::insert(user::ActiveModel {
        email: Set(email.to_owned()),
        name: Set("Dewi Lestari".into()),
        phone: Set(None),
        password_hash: Set(hash),
        user_type: Set(UserType::Member),
        email_verified_at: Set(verified.then_some(now)),
        avatar_path: Set(None),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(db.writer())
    .await
    .unwrap()
    .last_insert_id
}

/// A session inserted directly; returns its id and raw token.
async fn fixture_session(db: &Database, user_id: i32, now: DateTime<Utc>) -> (i32, String) {
    let raw = format!("{:064x}", rand_u128(user_id, now));
    let id = user_session::Entity::insert(user_session::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(accounts::sha256_hex(&raw)),
        user_agent: Set(None),
        ip: Set(None),
        remember: Set(false),
        expires_at: Set(now + Duration::hours(24)),
        created_at: Set(now),
        last_seen_at: Set(now),
        ..Default::default()
    })
    .exec(db.writer())
    .await
    .unwrap()
    .last_insert_id;
    (id, raw)
}

/// Distinct enough for fixture tokens (not security-relevant).
fn rand_u128(user_id: i32, now: DateTime<Utc>) -> u128 {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    (u128::from(n) << 64) ^ ((user_id as u128) << 32) ^ now.timestamp_micros() as u128
}

async fn get_user(db: &Database, id: i32) -> user::Model {
    user::Entity::find_by_id(id)
        .one(db.reader())
        .await
        .unwrap()
        .unwrap()
}

async fn session_count(db: &Database, user_id: i32) -> u64 {
    user_session::Entity::find()
        .filter(user_session::Column::UserId.eq(user_id))
        .count(db.reader())
        .await
        .unwrap()
}

async fn login(
    db: &Database,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
    remember: bool,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, DomainError> {
    accounts::login(
        db,
        hasher,
        email,
        password,
        remember,
        Some("Mozilla/5.0"),
        Some("203.0.113.7"),
        Duration::days(7),
        now,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_stores_an_argon2id_hash_and_never_overwrites() {
    let hasher = PasswordHasher::default();
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let input = NewAccount {
            name: "  Budi Santoso ".into(),
            email: " Budi.Santoso@Example.COM ".into(),
            password: PASSWORD.into(),
        };
        let RegisterOutcome::Created {
            user_id,
            verify_token,
        } = accounts::register(db, &hasher, &input, ORIGIN, now)
            .await
            .unwrap()
        else {
            panic!("{}: not created", b.name);
        };
        assert_eq!(verify_token.len(), 64);
        let u = get_user(db, user_id).await;
        assert_eq!(u.email, "budi.santoso@example.com", "{}", b.name);
        assert_eq!(u.name, "Budi Santoso");
        assert_eq!(u.user_type, UserType::Member);
        assert_eq!(u.email_verified_at, None);

        // The stored hash is Argon2id with m=19456 KiB, t=2, p=1.
        let parsed = argon2::PasswordHash::new(&u.password_hash).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        let params = argon2::Params::try_from(&parsed).unwrap();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (19_456, 2, 1)
        );
        assert_eq!(
            (
                ARGON2_PARAMS.m_cost_kib,
                ARGON2_PARAMS.t_cost,
                ARGON2_PARAMS.p_cost
            ),
            (19_456, 2, 1)
        );
        assert_eq!(accounts::hash_params(&u.password_hash), Some(ARGON2_PARAMS));
        assert!(!u.password_hash.contains(PASSWORD));
        // Only the token's SHA-256 is stored.
        let tokens = account_token::Entity::find()
            .all(db.reader())
            .await
            .unwrap();
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].token_hash, accounts::sha256_hex(&verify_token));
        assert_eq!(tokens[0].purpose, TokenPurpose::VerifyEmail);
        assert_eq!(tokens[0].expires_at, now + Duration::hours(24));
        // The verification e-mail and its delivery job were written with
        // the account, in the same transaction.
        let mails = domain::entities::outbox_message::Entity::find()
            .all(db.reader())
            .await
            .unwrap();
        assert_eq!(mails.len(), 1, "{}", b.name);
        assert_eq!(mails[0].to_email, "budi.santoso@example.com");
        let url = format!("{ORIGIN}/verify-email?token={verify_token}");
        assert!(mails[0].body_text.contains(&url), "{}", mails[0].body_text);
        assert!(mails[0].body_text.contains("Budi Santoso"));
        let jobs = domain::entities::job::Entity::find()
            .all(db.reader())
            .await
            .unwrap();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].kind, domain::mail::SEND_JOB);

        // Same address, other case, other name and password: nothing changes.
        let again = NewAccount {
            name: "Penyusup".into(),
            email: "BUDI.SANTOSO@example.com".into(),
            password: NEW_PASSWORD.into(),
        };
        assert_eq!(
            accounts::register(db, &hasher, &again, ORIGIN, now + Duration::minutes(5))
                .await
                .unwrap(),
            RegisterOutcome::AlreadyRegistered { user_id },
            "{}",
            b.name
        );
        assert_eq!(get_user(db, user_id).await, u, "{}", b.name);
        assert_eq!(user::Entity::find().count(db.reader()).await.unwrap(), 1);
        assert_eq!(
            domain::entities::job::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            1,
            "no second e-mail for a taken address"
        );
        assert_eq!(
            account_token::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            1
        );
    }
}

#[tokio::test]
async fn invalid_registrations_write_nothing() {
    let hasher = PasswordHasher::default();
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let account = |name: &str, email: &str, password: &str| NewAccount {
            name: name.into(),
            email: email.into(),
            password: password.into(),
        };
        let cases = [
            (account("Budi", "budi@example.com", "pendek"), "password"),
            (account("Budi", "budi@example.com", "1234567"), "password"),
            (account("Budi", "budi@example.com", ""), "password"),
            (
                account("Budi", "budi@example.com", &"x".repeat(129)),
                "password",
            ),
            (account("Budi", "budi@example.com", "12345678"), "password"),
            (account("Budi", "budi@example.com", "Password"), "password"),
            (
                account("Budi", "budi@example.com", "QWERTYUIOP"),
                "password",
            ),
            (account("Budi", "budi@example.com", "bismillah"), "password"),
            (account("Budi", "budi@example.com", "Indonesia"), "password"),
            (account("Budi", "budi@example.com", "sayang123"), "password"),
            (
                account("Budi", "sayang.budi@example.com", "SAYANG.BUDI"),
                "password",
            ),
            (
                account("Budi", "sayang.budi@example.com", "sayang.budi@example.com"),
                "password",
            ),
            (account("B", "budi@example.com", PASSWORD), "name"),
            (
                account(&"B".repeat(121), "budi@example.com", PASSWORD),
                "name",
            ),
            (account("Budi\nBcc", "budi@example.com", PASSWORD), "name"),
            (account("Budi", "budi@", PASSWORD), "email"),
            (account("Budi", "", PASSWORD), "email"),
        ];
        for (input, field) in &cases {
            match accounts::register(db, &hasher, input, ORIGIN, now).await {
                Err(DomainError::Invalid(errors)) => {
                    assert!(errors.get(field).is_some(), "{}: {input:?}", b.name);
                    assert_eq!(errors.0.len(), 1, "{}: {errors:?}", b.name);
                }
                other => panic!("{}: {input:?} gave {other:?}", b.name),
            }
        }
        // Every field at once.
        let Err(DomainError::Invalid(errors)) =
            accounts::register(db, &hasher, &account("", "x", "x"), ORIGIN, now).await
        else {
            panic!("{}: accepted", b.name);
        };
        assert_eq!(
            errors.0.keys().copied().collect::<Vec<_>>(),
            ["email", "name", "password"]
        );
        // 128 characters is still allowed by the policy: only the length
        // rule is tested here, without paying for a hash.
        assert!(accounts::password::check_policy(&"x".repeat(128), "budi@example.com").is_ok());
        assert_eq!(user::Entity::find().count(db.reader()).await.unwrap(), 0);
        assert_eq!(
            account_token::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            0
        );
    }
}

#[tokio::test]
async fn verification_tokens_are_single_use_expire_and_supersede() {
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let id = fixture_user(db, "dewi@example.com", false, now).await;
        let first = accounts::issue_token(db, id, TokenPurpose::VerifyEmail, now)
            .await
            .unwrap();
        let second = accounts::issue_token(db, id, TokenPurpose::VerifyEmail, now)
            .await
            .unwrap();
        assert_ne!(first, second);
        let invalid = |r: Result<i32, DomainError>| {
            matches!(r, Err(DomainError::Refused(Refusal::TokenInvalid)))
        };

        // The newer token made the older one useless.
        assert!(invalid(accounts::verify_email(db, &first, now).await));
        // Expired after 24 hours.
        assert!(invalid(
            accounts::verify_email(db, &second, now + Duration::hours(25)).await
        ));
        // Forged, malformed, or of another purpose.
        assert!(invalid(
            accounts::verify_email(db, &"ab".repeat(32), now).await
        ));
        assert!(invalid(accounts::verify_email(db, "", now).await));
        let reset = accounts::issue_token(db, id, TokenPurpose::ResetPassword, now)
            .await
            .unwrap();
        assert!(invalid(accounts::verify_email(db, &reset, now).await));
        assert_eq!(get_user(db, id).await.email_verified_at, None);

        // A resent link works once.
        let later = now + Duration::hours(30);
        let (uid, token) = accounts::resend_verification(db, " DEWI@example.com", ORIGIN, later)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(uid, id);
        assert_eq!(accounts::verify_email(db, &token, later).await.unwrap(), id);
        assert_eq!(get_user(db, id).await.email_verified_at, Some(later));
        assert!(invalid(accounts::verify_email(db, &token, later).await));

        // Nothing to resend to a verified or unknown address.
        assert_eq!(
            accounts::resend_verification(db, "dewi@example.com", ORIGIN, later)
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            accounts::resend_verification(db, "siapa@example.com", ORIGIN, later)
                .await
                .unwrap(),
            None,
            "{}",
            b.name
        );
    }
}

async fn login_from(
    db: &Database,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, DomainError> {
    accounts::login(
        db,
        hasher,
        email,
        password,
        false,
        None,
        Some(ip),
        Duration::days(30),
        now,
    )
    .await
}

async fn throttle_rows(db: &Database) -> u64 {
    login_throttle::Entity::find()
        .count(db.reader())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_throttle_one_client_per_account_not_the_owner() {
    let hasher = PasswordHasher::default();
    const ATTACKER: &str = "198.51.100.66";
    const OWNER: &str = "203.0.113.7";
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let id = fixture_user(db, "rina@example.com", true, now).await;
        let wrong = |at| login_from(db, &hasher, "rina@example.com", "salah sandi", ATTACKER, at);

        // Two failures, then a success from that client forgets them.
        for _ in 0..2 {
            assert!(matches!(
                wrong(now).await,
                Err(DomainError::Refused(Refusal::InvalidCredentials))
            ));
        }
        assert_eq!(throttle_rows(db).await, 1, "{}", b.name);
        login_from(db, &hasher, " Rina@Example.com ", PASSWORD, ATTACKER, now)
            .await
            .unwrap();
        assert_eq!(throttle_rows(db).await, 0, "{}", b.name);

        // Five in a row make that client wait a minute, even with the
        // right password (refused unchecked)...
        for _ in 0..5 {
            assert!(wrong(now).await.is_err());
        }
        let at = now + Duration::seconds(30);
        match login_from(db, &hasher, "rina@example.com", PASSWORD, ATTACKER, at).await {
            Err(DomainError::Refused(Refusal::Locked { until })) => {
                assert_eq!(until, now + Duration::minutes(1), "{}", b.name)
            }
            other => panic!("{}: {other:?}", b.name),
        }
        // ...but the owner, from their own address, logs in meanwhile.
        assert_eq!(
            login_from(db, &hasher, "rina@example.com", PASSWORD, OWNER, at)
                .await
                .unwrap()
                .user_id,
            id,
            "{}",
            b.name
        );
        // IPv6 clients are one client per /64.
        for i in 0..5 {
            let ip = format!("2001:db8:7:7::{i}");
            assert!(login_from(db, &hasher, "rina@example.com", "x", &ip, now)
                .await
                .is_err());
        }
        assert!(matches!(
            login_from(
                db,
                &hasher,
                "rina@example.com",
                PASSWORD,
                "2001:db8:7:7::ff",
                at
            )
            .await,
            Err(DomainError::Refused(Refusal::Locked { .. }))
        ));

        // After the wait, one more failure makes it two minutes.
        let at = now + Duration::seconds(61);
        assert!(matches!(
            wrong(at).await,
            Err(DomainError::Refused(Refusal::InvalidCredentials))
        ));
        match login_from(db, &hasher, "rina@example.com", PASSWORD, ATTACKER, at).await {
            Err(DomainError::Refused(Refusal::Locked { until })) => {
                assert_eq!(until, at + Duration::minutes(2), "{}", b.name)
            }
            other => panic!("{}: {other:?}", b.name),
        }
        // When it has passed, the right password works and clears it.
        let at = at + Duration::minutes(2) + Duration::seconds(1);
        login_from(db, &hasher, "rina@example.com", PASSWORD, ATTACKER, at)
            .await
            .unwrap();

        // An address without an account answers exactly the same way, so
        // the answers tell nobody which addresses exist.
        for _ in 0..5 {
            assert!(matches!(
                login_from(db, &hasher, "tidakada@example.com", "x", ATTACKER, at).await,
                Err(DomainError::Refused(Refusal::InvalidCredentials))
            ));
        }
        assert!(matches!(
            login_from(db, &hasher, "tidakada@example.com", "x", ATTACKER, at).await,
            Err(DomainError::Refused(Refusal::Locked { .. }))
        ));
        // Nothing older than a day is kept.
        let later = at + Duration::days(2);
        assert!(domain::lockout::purge(db.writer(), later).await.unwrap() >= 1);
        assert_eq!(throttle_rows(db).await, 0, "{}", b.name);
    }
}

#[tokio::test]
async fn unverified_and_disabled_accounts_cannot_log_in() {
    let hasher = PasswordHasher::default();
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let id = fixture_user(db, "agus@example.com", false, now).await;
        assert!(matches!(
            login(db, &hasher, "agus@example.com", PASSWORD, false, now).await,
            Err(DomainError::Refused(Refusal::EmailNotVerified))
        ));
        user::Entity::update_many()
            .set(user::ActiveModel {
                email_verified_at: Set(Some(now)),
                disabled_at: Set(Some(now)),
                ..Default::default()
            })
            .filter(user::Column::Id.eq(id))
            .exec(db.writer())
            .await
            .unwrap();
        assert!(matches!(
            login(db, &hasher, "agus@example.com", PASSWORD, false, now).await,
            Err(DomainError::Refused(Refusal::AccountDisabled))
        ));
        assert_eq!(session_count(db, id).await, 0, "{}", b.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_lookup_expire_and_logout() {
    let hasher = PasswordHasher::default();
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let id = fixture_user(db, "siti@example.com", true, now).await;

        let long_ua = "A".repeat(300);
        let short = accounts::login(
            db,
            &hasher,
            "siti@example.com",
            PASSWORD,
            false,
            Some(&long_ua),
            Some("2001:db8::1"),
            Duration::days(7),
            now,
        )
        .await
        .unwrap();
        assert_eq!(short.expires_at, now + Duration::hours(24));
        assert!(!short.remember);
        assert_eq!(short.session_token.len(), 64);
        let later = now + Duration::seconds(10);
        let long = login(db, &hasher, "siti@example.com", PASSWORD, true, later)
            .await
            .unwrap();
        assert_eq!(long.expires_at, later + Duration::days(7));
        assert_ne!(short.session_token, long.session_token);

        // Stored: hashed token, clipped user agent, ip.
        let rows = accounts::list_sessions(db, id, later).await.unwrap();
        assert_eq!(rows.len(), 2, "{}", b.name);
        assert!(rows[0].remember && !rows[1].remember, "newest first");
        assert_eq!(
            rows[1].token_hash,
            accounts::sha256_hex(&short.session_token)
        );
        assert_eq!(rows[1].user_agent.as_deref().map(str::len), Some(255));
        assert_eq!(rows[1].ip.as_deref(), Some("2001:db8::1"));

        let su = accounts::session_user(db, &short.session_token, later)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(su.user_id, id);
        assert_eq!(su.session_id, rows[1].id);
        assert_eq!(su.email, "siti@example.com");
        assert_eq!(su.name, "Dewi Lestari");
        assert_eq!(su.user_type, UserType::Member);
        assert!(su.email_verified);

        // last_seen_at moves at most once a minute.
        let seen = |db: &Database, sid: i32| {
            let db = db.clone();
            async move {
                user_session::Entity::find_by_id(sid)
                    .one(db.reader())
                    .await
                    .unwrap()
                    .unwrap()
                    .last_seen_at
            }
        };
        assert_eq!(seen(db, su.session_id).await, now);
        let t = now + Duration::minutes(5);
        accounts::session_user(db, &short.session_token, t)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(seen(db, su.session_id).await, t);
        accounts::session_user(db, &short.session_token, t + Duration::seconds(30))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(seen(db, su.session_id).await, t, "{}", b.name);

        // Forged, malformed and expired tokens give nobody.
        let none = |r: Result<Option<accounts::SessionUser>, DomainError>| r.unwrap().is_none();
        assert!(none(
            accounts::session_user(db, &"0".repeat(64), later).await
        ));
        assert!(none(accounts::session_user(db, "forged", later).await));
        assert!(none(
            accounts::session_user(db, &accounts::sha256_hex(&short.session_token), later).await
        ));
        // The use at `t` moved the expiry of the unremembered session to a
        // day after it; a day without use ends it.
        assert!(none(
            accounts::session_user(db, &short.session_token, t + Duration::hours(24)).await
        ));
        let tomorrow = now + Duration::hours(25);
        assert_eq!(
            accounts::list_sessions(db, id, tomorrow)
                .await
                .unwrap()
                .len(),
            1
        );

        // Logout deletes the row.
        accounts::logout(db, &short.session_token).await.unwrap();
        assert_eq!(session_count(db, id).await, 1, "{}", b.name);
        assert!(none(
            accounts::session_user(db, &short.session_token, later).await
        ));
        accounts::logout(db, "unknown").await.unwrap();

        // A disabled account's sessions stop working at once.
        user::Entity::update_many()
            .set(user::ActiveModel {
                disabled_at: Set(Some(later)),
                ..Default::default()
            })
            .filter(user::Column::Id.eq(id))
            .exec(db.writer())
            .await
            .unwrap();
        assert!(none(
            accounts::session_user(db, &long.session_token, later).await
        ));

        // Expired rows can be purged.
        assert_eq!(
            accounts::purge_expired(db, long.expires_at).await.unwrap(),
            1
        );
        assert_eq!(session_count(db, id).await, 0);
    }
}

/// A session that was not remembered ends after a day *without use*, not a
/// day after login; a remembered one keeps its fixed expiry.
#[tokio::test]
async fn unremembered_sessions_slide_a_day_past_the_last_use() {
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let id = fixture_user(db, "geser@example.com", true, now).await;
        let (_, raw) = fixture_session(db, id, now).await;
        // Used every 20 hours: alive well past the first day.
        for hours in [20, 40, 60] {
            let at = now + Duration::hours(hours);
            assert!(
                accounts::session_user(db, &raw, at)
                    .await
                    .unwrap()
                    .is_some(),
                "{}: after {hours} h of use",
                b.name
            );
        }
        // Then 25 hours without a request: over.
        let idle = now + Duration::hours(60 + 25);
        assert!(accounts::session_user(db, &raw, idle)
            .await
            .unwrap()
            .is_none());

        // However busy, not beyond 30 days after login.
        let (_, busy) = fixture_session(db, id, now).await;
        let mut at = now;
        while at < now + Duration::days(29) {
            at += Duration::hours(23);
            assert!(accounts::session_user(db, &busy, at)
                .await
                .unwrap()
                .is_some());
        }
        let late = now + Duration::days(30) + Duration::minutes(1);
        assert!(accounts::session_user(db, &busy, late)
            .await
            .unwrap()
            .is_none());
    }
}

/// Nobody can flood an inbox through the forms: at most three requested
/// mails per address per hour; past that nothing is sent and the last
/// link mailed keeps working.
#[tokio::test]
async fn requested_mail_is_limited_per_recipient() {
    use domain::entities::outbox_message;
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        fixture_user(db, "banjir@example.com", true, now).await;
        let mut last = None;
        for i in 0..3 {
            let at = now + Duration::minutes(i);
            last = accounts::request_password_reset(db, "banjir@example.com", ORIGIN, at)
                .await
                .unwrap();
            assert!(last.is_some(), "{}: request {i}", b.name);
        }
        let at = now + Duration::minutes(10);
        assert_eq!(
            accounts::request_password_reset(db, "banjir@example.com", ORIGIN, at)
                .await
                .unwrap(),
            None,
            "{}",
            b.name
        );
        let mails = outbox_message::Entity::find()
            .filter(outbox_message::Column::ToEmail.eq("banjir@example.com"))
            .count(db.reader())
            .await
            .unwrap();
        assert_eq!(mails, 3, "{}", b.name);
        // The third link still works: the refused request changed nothing.
        let (id, token) = last.unwrap();
        let hasher = PasswordHasher::new(1);
        assert_eq!(
            accounts::reset_password(db, &hasher, &token, NEW_PASSWORD, at)
                .await
                .unwrap(),
            id
        );
        // An hour later the address may get mail again.
        let later = now + Duration::minutes(61) + Duration::minutes(2);
        assert!(
            accounts::request_password_reset(db, "banjir@example.com", ORIGIN, later)
                .await
                .unwrap()
                .is_some()
        );
    }
}

#[tokio::test]
async fn sessions_can_only_be_revoked_by_their_owner() {
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let alice = fixture_user(db, "alice@example.com", true, now).await;
        let bob = fixture_user(db, "bob@example.com", true, now).await;
        let (a1, _) = fixture_session(db, alice, now).await;
        let (a2, _) = fixture_session(db, alice, now).await;
        let (a3, a3_raw) = fixture_session(db, alice, now).await;
        let (b1, b1_raw) = fixture_session(db, bob, now).await;

        assert!(!accounts::revoke_session(db, bob, a1).await.unwrap());
        assert_eq!(session_count(db, alice).await, 3, "{}", b.name);
        assert!(accounts::revoke_session(db, alice, a1).await.unwrap());
        assert!(!accounts::revoke_session(db, alice, a1).await.unwrap());
        assert_eq!(
            accounts::revoke_other_sessions(db, alice, a3)
                .await
                .unwrap(),
            1
        );
        let left = accounts::list_sessions(db, alice, now).await.unwrap();
        assert_eq!(left.iter().map(|s| s.id).collect::<Vec<_>>(), [a3]);
        assert_ne!(a2, a3);
        assert!(accounts::session_user(db, &a3_raw, now)
            .await
            .unwrap()
            .is_some());
        // Bob's session survived all of it.
        let su = accounts::session_user(db, &b1_raw, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((su.user_id, su.session_id), (bob, b1), "{}", b.name);
        // Deleting a user takes its sessions and tokens with it.
        accounts::issue_token(db, bob, TokenPurpose::ResetPassword, now)
            .await
            .unwrap();
        user::Entity::delete_by_id(bob)
            .exec(db.writer())
            .await
            .unwrap();
        assert_eq!(session_count(db, bob).await, 0, "{}", b.name);
        assert_eq!(
            account_token::Entity::find()
                .count(db.reader())
                .await
                .unwrap(),
            0
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_is_single_use_and_ends_every_session() {
    let hasher = PasswordHasher::default();
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let id = fixture_user(db, "wahyu@example.com", false, now).await;
        fixture_session(db, id, now).await;
        fixture_session(db, id, now).await;

        assert_eq!(
            accounts::request_password_reset(db, "nobody@example.com", ORIGIN, now)
                .await
                .unwrap(),
            None
        );
        let (uid, old) = accounts::request_password_reset(db, "Wahyu@example.com", ORIGIN, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(uid, id);
        let (_, token) = accounts::request_password_reset(db, "wahyu@example.com", ORIGIN, now)
            .await
            .unwrap()
            .unwrap();
        let invalid = |r: Result<i32, DomainError>| {
            matches!(r, Err(DomainError::Refused(Refusal::TokenInvalid)))
        };
        assert!(invalid(
            accounts::reset_password(db, &hasher, &old, NEW_PASSWORD, now).await
        ));
        // Valid one hour only.
        assert!(invalid(
            accounts::reset_password(
                db,
                &hasher,
                &token,
                NEW_PASSWORD,
                now + Duration::minutes(61)
            )
            .await
        ));
        // A refused password leaves the token usable.
        match accounts::reset_password(db, &hasher, &token, "rahasia123", now).await {
            Err(DomainError::Invalid(e)) => assert!(e.get("password").is_some()),
            other => panic!("{}: {other:?}", b.name),
        }
        let before = get_user(db, id).await;
        let at = now + Duration::minutes(10);
        assert_eq!(
            accounts::reset_password(db, &hasher, &token, NEW_PASSWORD, at)
                .await
                .unwrap(),
            id
        );
        assert_eq!(session_count(db, id).await, 0, "{}", b.name);
        let after = get_user(db, id).await;
        assert_ne!(after.password_hash, before.password_hash);
        assert!(accounts::verify_password(
            &after.password_hash,
            NEW_PASSWORD
        ));
        assert_eq!(after.email_verified_at, Some(at));
        assert_eq!(after.updated_at, at);
        // Single use.
        assert!(invalid(
            accounts::reset_password(db, &hasher, &token, "teh hijau tanpa gula", at).await
        ));
        assert_eq!(
            account_token::Entity::find()
                .filter(account_token::Column::UsedAt.is_null())
                .count(db.reader())
                .await
                .unwrap(),
            0,
            "{}",
            b.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_password_keeps_only_the_current_session() {
    let hasher = PasswordHasher::default();
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let id = fixture_user(db, "eko@example.com", true, now).await;
        let (current, current_raw) = fixture_session(db, id, now).await;
        fixture_session(db, id, now).await;
        fixture_session(db, id, now).await;
        let other = fixture_user(db, "joko@example.com", true, now).await;
        fixture_session(db, other, now).await;
        let (_, reset) = accounts::request_password_reset(db, "eko@example.com", ORIGIN, now)
            .await
            .unwrap()
            .unwrap();

        // Policy first (no hash), then the current password.
        match accounts::change_password(
            db,
            &hasher,
            id,
            PASSWORD,
            "eko@example.com",
            current,
            IP,
            now,
        )
        .await
        {
            Err(DomainError::Invalid(e)) => assert!(e.get("password").is_some()),
            other => panic!("{}: {other:?}", b.name),
        }
        match accounts::change_password(
            db,
            &hasher,
            id,
            "bukan ini",
            NEW_PASSWORD,
            current,
            IP,
            now,
        )
        .await
        {
            Err(DomainError::Invalid(e)) => assert!(e.get("current_password").is_some()),
            other => panic!("{}: {other:?}", b.name),
        }
        assert_eq!(session_count(db, id).await, 3);
        // Wrong current passwords count like wrong logins: a stolen session
        // cannot guess it. After five, even the right one waits.
        for _ in 0..4 {
            assert!(matches!(
                accounts::change_password(db, &hasher, id, "tebak", NEW_PASSWORD, current, IP, now)
                    .await,
                Err(DomainError::Invalid(_))
            ));
        }
        assert!(matches!(
            accounts::change_password(db, &hasher, id, PASSWORD, NEW_PASSWORD, current, IP, now)
                .await,
            Err(DomainError::Refused(Refusal::Locked { .. }))
        ));
        let now = now + Duration::minutes(2);

        accounts::change_password(db, &hasher, id, PASSWORD, NEW_PASSWORD, current, IP, now)
            .await
            .unwrap();
        let left = accounts::list_sessions(db, id, now).await.unwrap();
        assert_eq!(
            left.iter().map(|s| s.id).collect::<Vec<_>>(),
            [current],
            "{}",
            b.name
        );
        assert!(accounts::session_user(db, &current_raw, now)
            .await
            .unwrap()
            .is_some());
        assert_eq!(session_count(db, other).await, 1);
        // A pending reset link no longer works.
        assert!(matches!(
            accounts::reset_password(db, &hasher, &reset, "teh hijau tanpa gula", now).await,
            Err(DomainError::Refused(Refusal::TokenInvalid))
        ));
        assert!(matches!(
            accounts::change_password(db, &hasher, 9999, PASSWORD, NEW_PASSWORD, current, IP, now)
                .await,
            Err(DomainError::NotFound)
        ));
    }
}

#[tokio::test]
async fn profile_and_avatar_updates() {
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        let id = fixture_user(db, "putri@example.com", true, now).await;
        let (_, raw) = fixture_session(db, id, now).await;
        let at = now + Duration::minutes(1);

        match accounts::update_profile(db, id, "P", "12ab", at).await {
            Err(DomainError::Invalid(e)) => {
                assert!(e.get("name").is_some() && e.get("phone").is_some())
            }
            other => panic!("{}: {other:?}", b.name),
        }
        assert_eq!(get_user(db, id).await.updated_at, now);

        accounts::update_profile(db, id, " Putri Ayu ", " +62 812-3456-7890 ", at)
            .await
            .unwrap();
        accounts::set_avatar(db, id, Some("avatars/7.webp".into()), at)
            .await
            .unwrap();
        let su = accounts::session_user(db, &raw, at).await.unwrap().unwrap();
        assert_eq!(su.name, "Putri Ayu");
        assert_eq!(su.phone.as_deref(), Some("+62 812-3456-7890"));
        assert_eq!(su.avatar_path.as_deref(), Some("avatars/7.webp"));
        assert_eq!(get_user(db, id).await.updated_at, at, "{}", b.name);

        accounts::update_profile(db, id, "Putri Ayu", "", at)
            .await
            .unwrap();
        accounts::set_avatar(db, id, None, at).await.unwrap();
        let u = get_user(db, id).await;
        assert_eq!((u.phone, u.avatar_path), (None, None));

        assert!(matches!(
            accounts::update_profile(db, 9999, "Siapa", "", at).await,
            Err(DomainError::NotFound)
        ));
        assert!(matches!(
            accounts::set_avatar(db, 9999, None, at).await,
            Err(DomainError::NotFound)
        ));
    }
}

/// An unknown address must cost a full Argon2 verification, like a wrong
/// password, or the answer time tells which addresses have accounts. Shown
/// through the hasher's single slot, not a stopwatch: the login has to wait
/// for a hash already running (the dummy hash's parameters are checked in
/// `password.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_with_an_unknown_email_waits_for_the_hasher_like_a_real_one() {
    use std::{future::Future, sync::Mutex, task::Poll};
    for b in backends().await {
        let (db, now) = (&b.db, t0());
        fixture_user(db, "ada@example.com", true, now).await;
        for email in ["tidakada@example.com", "ada@example.com"] {
            let hasher = PasswordHasher::new(1);
            let finished = Mutex::new(Vec::new());
            let hashing = async {
                hasher.hash("isi slot satu-satunya").await.unwrap();
                finished.lock().unwrap().push("hash");
            };
            let mut hashing = std::pin::pin!(hashing);
            // One poll: the hash takes the only slot and runs on its thread.
            std::future::poll_fn(|cx| {
                assert!(hashing.as_mut().poll(cx).is_pending());
                Poll::Ready(())
            })
            .await;
            let logging_in = async {
                let res = login(db, &hasher, email, "salah sandi", false, now).await;
                assert!(
                    matches!(res, Err(DomainError::Refused(Refusal::InvalidCredentials))),
                    "{email}: {res:?}"
                );
                finished.lock().unwrap().push("login");
            };
            tokio::join!(hashing, logging_in);
            assert_eq!(
                *finished.lock().unwrap(),
                ["hash", "login"],
                "{}: {email} answered without verifying a hash",
                b.name
            );
        }
    }
}
