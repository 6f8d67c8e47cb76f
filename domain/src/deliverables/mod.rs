//! Files delivered by e-mail link (`email_file` products): the admin keeps
//! each product's files in private storage ([`files`]), delivery mails the
//! buyer signed links valid 72 hours ([`link`], the `delivery-ready`
//! e-mail), and a link opens a download only for a live purchase within its
//! download limit, logged ([`download`]). The member gets fresh links from
//! the dashboard; the admin can send them again.
pub mod download;
pub mod files;
pub mod link;

pub use download::{can_reissue, links_of, open, reissue, Download, FileLink};
pub use files::{add_file, files_of, remove_file, seed_demo_files, FileRules};
pub use link::{Link, LinkError, LinkSigner, Scope, LINK_TTL};

use crate::config::Config;
use std::path::PathBuf;
use url::Url;

/// File types an admin may upload unless `DELIVERABLE_EXTENSIONS` says
/// otherwise: archives, documents, e-books, design files, media.
pub const DEFAULT_EXTENSIONS: &str =
    "zip,pdf,epub,txt,md,csv,png,jpg,jpeg,svg,fig,sketch,psd,ai,mp3,mp4";

/// What delivering and downloading files needs from the configuration.
#[derive(Debug, Clone)]
pub struct Deliverables {
    pub signer: LinkSigner,
    /// Where the files are kept: private storage (`domain::storage`).
    pub files: crate::storage::Area,
    /// `PRIVATE_FILES_DIR`, the local folder behind `files` unless
    /// `STORAGE_URL` moves them to a bucket.
    pub dir: PathBuf,
    /// Where links point (`SITE_URL`).
    pub site: Url,
    /// Downloads per purchase (`DOWNLOAD_LIMIT`).
    pub limit: u32,
}

impl Deliverables {
    /// `files`: the private area of the storage made from `config`.
    pub fn from_config(config: &Config, files: crate::storage::Area) -> Self {
        Deliverables {
            signer: LinkSigner::new(config.download_signing_secret.clone()),
            files,
            dir: config.private_files_dir.clone(),
            site: config.site_url.clone(),
            limit: config.download_limit,
        }
    }

    /// The absolute URL of `link` (`GET /api/files/deliverables/{token}`).
    pub fn url(&self, link: &Link) -> String {
        let mut u = self.site.clone();
        u.set_path(&format!(
            "/api/files/deliverables/{}",
            self.signer.token(link)
        ));
        u.to_string()
    }

    /// The absolute URL of `link` to a service order's deliverable
    /// (`GET /api/files/service-deliverables/{token}`).
    pub fn service_url(&self, link: &Link) -> String {
        let mut u = self.site.clone();
        u.set_path(&format!(
            "/api/files/service-deliverables/{}",
            self.signer.token_in(Scope::ServiceOrder, link)
        ));
        u.to_string()
    }
}
