//! How this server hosts the form posts written beside their pages
//! (`app::pages::*::post`, `app::admin::login::post`): their per-client
//! limits, the page renderer, the client address and the job runner.
use crate::{client_ip::client_ip, render, AppState};
use app::{
    forms::{
        post::{FormHost, Limit},
        FormFeedback,
    },
    ssr::ServerState,
};
use axum::{body::Body, http::Request, response::Response};
use std::{future::Future, net::IpAddr, time::Duration};

impl FormHost for AppState {
    fn server(&self) -> &ServerState {
        &self.server
    }

    fn client_ip(&self, req: &Request<Body>) -> Option<IpAddr> {
        client_ip(req, &self.server.config.trusted_proxies)
    }

    async fn check(&self, limit: Limit, ip: Option<IpAddr>) -> Result<(), Duration> {
        let Some(ip) = ip else {
            return Ok(());
        };
        let l = &self.limits;
        match limit {
            Limit::Contact => &l.contact,
            Limit::Waitlist => &l.waitlist,
            Limit::Login => &l.login,
            Limit::Register => &l.register,
            Limit::Forgot => &l.forgot,
            Limit::Resend => &l.resend,
            Limit::AdminLogin => &l.admin_login,
            Limit::Tools => &l.tools,
            Limit::ClientMessages => &l.client_messages,
        }
        .check(ip)
        .await
    }

    fn render(&self, path: &str, feedback: FormFeedback) -> impl Future<Output = Response> + Send {
        render::page_with(self, path, feedback)
    }

    fn wake_jobs(&self) {
        self.jobs_notify.notify_one();
    }
}
