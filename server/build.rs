//! Compiles the site's stylesheet at build time with encre-css.
//!
//! Every `.rs` file under `app/src` is scanned for utility classes, so the CSS
//! always holds exactly the classes the components use; `style/base.css` (the
//! theme and component classes) is prepended. The result is embedded in the
//! binary and served under a content-hashed name, so `cargo leptos watch` and
//! release builds need no Node step and never serve stale CSS.
use std::{
    collections::hash_map::DefaultHasher,
    fs,
    hash::{Hash, Hasher},
    path::{Path, PathBuf},
};

fn rust_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn main() {
    // Paths relative to this package: cargo resolves them against the current
    // checkout, so a clone in another folder sharing the build cache (CI)
    // still reruns this script when its own files change.
    let app_src = Path::new("../app/src");
    let base_css = Path::new("../style/base.css");
    println!("cargo:rerun-if-changed={}", app_src.display());
    println!("cargo:rerun-if-changed={}", base_css.display());

    let mut files = Vec::new();
    rust_sources(app_src, &mut files);
    let mut sources = Vec::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        sources.push(fs::read_to_string(f).expect("read app source"));
    }

    // Order matters: preflight, then the theme's component classes, then
    // utilities, so a utility (`hidden`, `mt-8`) always wins over a component.
    let preflight = encre_css::generate([], &encre_css::Config::default());
    let mut config = encre_css::Config::default();
    config.preflight = encre_css::Preflight::new_none();
    config.theme.colors.add("space", "#070b1a");
    config.theme.colors.add("nebula", "#7c3aed");
    config.theme.colors.add("aurora", "#22d3ee");
    encre_css_typography::register(&mut config);
    let utilities = encre_css::generate(sources.iter().map(String::as_str), &config);

    let base = fs::read_to_string(base_css).expect("read style/base.css");
    let css =
        format!("{preflight}\n\n/* style/base.css */\n{base}\n\n/* utilities */\n{utilities}");

    let mut hasher = DefaultHasher::new();
    css.hash(&mut hasher);
    let hash = format!("{:016x}", hasher.finish());

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    fs::write(out.join("tiranyx.css"), &css).expect("write css");
    fs::write(
        out.join("stylesheet.rs"),
        format!(
            "/// Content hash of the compiled stylesheet.\npub const STYLESHEET_HASH: &str = \"{hash}\";\n"
        ),
    )
    .expect("write stylesheet.rs");
}
