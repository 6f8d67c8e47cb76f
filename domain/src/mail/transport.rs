//! Delivery of one stored message: over SMTP (lettre, rustls), or, when no
//! SMTP server is configured, as an `.eml` file in a folder with a log line
//! that prints the message's link, so development needs no mail server.
use crate::{config::SmtpConfig, entities::outbox_message, error::DomainError};
use lettre::{
    message::{header::ContentType, Attachment as LettreAttachment, Mailbox, MultiPart},
    transport::smtp::{
        authentication::Credentials,
        client::{Tls, TlsParameters},
    },
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use secrecy::{ExposeSecret, SecretString};
use std::{path::PathBuf, time::Duration};

/// How long one SMTP command may take before the attempt fails.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// How the SMTP connection is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS, which is required (ports 587, 25).
    StartTls,
    /// TLS from the first byte (SMTPS, port 465).
    Tls,
    /// No encryption: only for a relay on the same host, or tests.
    None,
}

impl SmtpTls {
    /// 465 speaks TLS from the start; any other port must upgrade with STARTTLS.
    pub fn for_port(port: u16) -> Self {
        if port == 465 {
            SmtpTls::Tls
        } else {
            SmtpTls::StartTls
        }
    }
}

pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// Kept only to scrub it from error messages before they are stored.
        password: Option<SecretString>,
    },
    /// Development: each message is written to `<dir>/<id>-<template>.eml`.
    Files { dir: PathBuf },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { .. } => f.write_str("Mailer::Smtp"),
            Mailer::Files { dir } => f.debug_struct("Mailer::Files").field("dir", dir).finish(),
        }
    }
}

impl Mailer {
    /// SMTP when configured, otherwise `.eml` files in `outbox_dir`.
    /// `tls` is usually `SmtpTls::for_port(smtp.port)`.
    pub fn from_config(
        smtp: Option<&SmtpConfig>,
        outbox_dir: PathBuf,
        tls: SmtpTls,
    ) -> Result<Mailer, DomainError> {
        let Some(smtp) = smtp else {
            return Ok(Mailer::Files { dir: outbox_dir });
        };
        let host = smtp.host.trim();
        let tls = match tls {
            SmtpTls::None => Tls::None,
            SmtpTls::StartTls | SmtpTls::Tls => {
                let params = TlsParameters::new(host.to_owned())
                    .map_err(|e| DomainError::Internal(format!("SMTP_HOST {host:?}: {e}")))?;
                if tls == SmtpTls::Tls {
                    Tls::Wrapper(params)
                } else {
                    Tls::Required(params)
                }
            }
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(smtp.port)
            .tls(tls)
            .timeout(Some(SMTP_TIMEOUT));
        if let Some(user) = &smtp.user {
            let pass = smtp
                .pass
                .as_ref()
                .map(|p| p.expose_secret().to_owned())
                .unwrap_or_default();
            builder = builder.credentials(Credentials::new(user.clone(), pass));
        }
        Ok(Mailer::Smtp {
            transport: builder.build(),
            password: smtp.pass.clone(),
        })
    }

    /// Delivers `msg` once, with `attachments`. The error is a short
    /// description meant for `outbox_messages.last_error`; it never contains
    /// the SMTP password.
    pub async fn send(
        &self,
        from: &str,
        msg: &outbox_message::Model,
        attachments: &[Attachment],
    ) -> Result<(), String> {
        let message = build_message(from, msg, attachments)?;
        match self {
            Mailer::Smtp {
                transport,
                password,
            } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| redact(format!("SMTP: {e}"), password.as_ref())),
            Mailer::Files { dir } => {
                let path = dir.join(format!("{}-{}.eml", msg.id, file_safe(&msg.template)));
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                tracing::info!(
                    to = %msg.to_email,
                    subject = %msg.subject,
                    link = first_url(&msg.body_text).unwrap_or("-"),
                    file = %path.display(),
                    "email written to file (SMTP_HOST not set)"
                );
                Ok(())
            }
        }
    }
}

/// A file sent with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The RFC 5322 message: multipart/alternative with the text and HTML parts,
/// inside multipart/mixed when there are attachments.
/// The Message-ID is derived from the row, so a retry after an uncertain
/// failure can be recognised as the same message.
fn build_message(
    from: &str,
    msg: &outbox_message::Model,
    attachments: &[Attachment],
) -> Result<Message, String> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| format!("invalid from address {from:?}: {e}"))?;
    let to: Mailbox = msg
        .to_email
        .parse()
        .map_err(|e| format!("invalid recipient {:?}: {e}", msg.to_email))?;
    let domain = from.email.domain().to_owned();
    let builder = Message::builder()
        .message_id(Some(format!(
            "<outbox-{}-{}@{domain}>",
            msg.id,
            msg.created_at.timestamp()
        )))
        .from(from)
        .to(to)
        .subject(msg.subject.clone());
    let body = MultiPart::alternative_plain_html(msg.body_text.clone(), msg.body_html.clone());
    let body = if attachments.is_empty() {
        body
    } else {
        let mut mixed = MultiPart::mixed().multipart(body);
        for a in attachments {
            let content_type = ContentType::parse(a.content_type)
                .map_err(|e| format!("bad content type {}: {e}", a.content_type))?;
            mixed = mixed.singlepart(
                LettreAttachment::new(a.file_name.clone()).body(a.bytes.clone(), content_type),
            );
        }
        mixed
    };
    builder
        .multipart(body)
        .map_err(|e| format!("cannot build message: {e}"))
}

fn redact(mut error: String, password: Option<&SecretString>) -> String {
    if let Some(p) = password
        .map(|p| p.expose_secret())
        .filter(|p| !p.is_empty())
    {
        error = error.replace(p, "[REDACTED]");
    }
    error
}

/// The first http(s) URL in `text`, up to the next whitespace.
pub fn first_url(text: &str) -> Option<&str> {
    let start = match (text.find("https://"), text.find("http://")) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let rest = &text[start..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(&rest[..end])
}

fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_mode_follows_the_port() {
        assert_eq!(SmtpTls::for_port(465), SmtpTls::Tls);
        assert_eq!(SmtpTls::for_port(587), SmtpTls::StartTls);
        assert_eq!(SmtpTls::for_port(25), SmtpTls::StartTls);
    }

    #[test]
    fn smtp_is_built_for_every_tls_mode() {
        let cfg = SmtpConfig {
            host: "smtp.example.com".into(),
            port: 587,
            user: Some("mailer".into()),
            pass: Some(SecretString::from("hunter2")),
        };
        for tls in [SmtpTls::StartTls, SmtpTls::Tls, SmtpTls::None] {
            let m = Mailer::from_config(Some(&cfg), "x".into(), tls).unwrap();
            assert!(matches!(m, Mailer::Smtp { .. }));
            assert!(!format!("{m:?}").contains("hunter2"));
        }
        let m = Mailer::from_config(None, "out".into(), SmtpTls::StartTls).unwrap();
        assert!(matches!(m, Mailer::Files { .. }));
    }

    #[test]
    fn finds_the_first_url() {
        assert_eq!(
            first_url("Klik:\nhttps://x.id/v?t=1\n\nhttp://y.id"),
            Some("https://x.id/v?t=1")
        );
        assert_eq!(first_url("a http://y.id b"), Some("http://y.id"));
        assert_eq!(first_url("tanpa tautan"), None);
    }

    #[test]
    fn password_is_scrubbed_from_errors() {
        let p = SecretString::from("hunter2");
        assert_eq!(
            redact("auth hunter2 failed".into(), Some(&p)),
            "auth [REDACTED] failed"
        );
        assert_eq!(redact("x".into(), None), "x");
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_safe("verify_email"), "verify_email");
        assert_eq!(file_safe("../x y"), "___x_y");
    }
}
