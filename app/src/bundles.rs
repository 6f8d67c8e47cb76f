//! Which wasm bundle a hydrated page loads.
//!
//! `cargo leptos build` compiles one bundle with every route
//! (`pkg/tiranyx.<hash>.wasm`); `scripts/bundles.sh` then compiles one per
//! area with only that area's routes (`app` features `area-member`,
//! `area-client`, `area-admin`), its pages split out (`crate::lazy_pages`),
//! and names them in the same `hash.txt`:
//!
//! ```text
//! member-js: <hash>      → pkg/tiranyx-member.<hash>.js
//! member-wasm: <hash>    → pkg/tiranyx-member.<hash>.wasm
//! member-split: <hash>   → pkg/__wasm_split.<hash>.js (loads the pages' code)
//! ```
//!
//! A page of an area loads the area's bundle when `hash.txt` names it, else
//! the bundle with every route (development, or a build without the script).
use crate::shell::Area;
use leptos::prelude::*;

/// The files of one area's bundle, as `hash.txt` names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaBundle {
    pub js: String,
    pub wasm: String,
    /// The loader of the split-out pages, which `js` imports.
    pub split: Option<String>,
}

/// The hash `hash.txt` gives for `key` (`js`, `wasm`, `member-js` …).
pub fn hash_entry<'a>(hashes: &'a str, key: &str) -> Option<&'a str> {
    hashes
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(k, _)| k.trim() == key)
        .map(|(_, hash)| hash.trim())
}

/// Reads `area`'s bundle from the text of `hash.txt`.
pub fn area_bundle(hashes: &str, output_name: &str, area: Area) -> Option<AreaBundle> {
    let hash_of = |kind: &str| {
        hash_entry(hashes, &format!("{}-{kind}", area.name())).filter(|hash| !hash.is_empty())
    };
    let stem = format!("{output_name}-{}", area.name());
    Some(AreaBundle {
        js: format!("{stem}.{}.js", hash_of("js")?),
        wasm: format!("{stem}.{}.wasm", hash_of("wasm")?),
        split: hash_of("split").map(|hash| format!("__wasm_split.{hash}.js")),
    })
}

/// `hash.txt` beside the running binary, read once per process (it belongs
/// to the binary's own build).
#[cfg(feature = "ssr")]
fn area_bundles(options: &LeptosOptions) -> &'static [Option<AreaBundle>; 3] {
    static BUNDLES: std::sync::OnceLock<[Option<AreaBundle>; 3]> = std::sync::OnceLock::new();
    BUNDLES.get_or_init(|| {
        let hashes = options
            .hash_files
            .then(|| std::env::current_exe().ok())
            .flatten()
            .and_then(|exe| {
                std::fs::read_to_string(exe.with_file_name(options.hash_file.as_ref())).ok()
            })
            .unwrap_or_default();
        Area::ALL.map(|area| area_bundle(&hashes, &options.output_name, area))
    })
}

/// The scripts that hydrate a page of `area`: its own bundle, preloaded with
/// the loader it imports, started by an inline module script carrying the
/// page's CSP nonce.
#[component]
pub fn BundleScripts(options: LeptosOptions, area: Area) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let bundle = area_bundles(&options)[area as usize].clone();
    #[cfg(not(feature = "ssr"))]
    let bundle: Option<AreaBundle> = {
        let _ = area;
        None
    };
    let Some(AreaBundle { js, wasm, split }) = bundle else {
        return view! { <HydrationScripts options/> }.into_any();
    };
    let pkg = options.site_pkg_dir.to_string();
    let start = format!(
        "import('/{pkg}/{js}').then(m=>m.default({{module_or_path:'/{pkg}/{wasm}'}}).then(()=>m.hydrate()))"
    );
    view! {
        <link rel="modulepreload" href=format!("/{pkg}/{js}") crossorigin="anonymous"/>
        {split.map(|split| view! {
            <link rel="modulepreload" href=format!("/{pkg}/{split}") crossorigin="anonymous"/>
        })}
        <link
            rel="preload"
            href=format!("/{pkg}/{wasm}")
            r#as="fetch"
            r#type="application/wasm"
            crossorigin="anonymous"
        />
        <script type="module" nonce=use_nonce()>{start}</script>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::{area_bundle, AreaBundle};
    use crate::shell::Area;

    #[test]
    fn an_area_bundle_is_named_by_its_lines_in_hash_txt() {
        let hashes = "js: aaa\nwasm: bbb\ncss: ccc\nmember-js: ddd\nmember-wasm: eee\nmember-split: fff\nclient-js: ggg\nclient-wasm: hhh\n";
        assert_eq!(
            area_bundle(hashes, "tiranyx", Area::Member),
            Some(AreaBundle {
                js: "tiranyx-member.ddd.js".into(),
                wasm: "tiranyx-member.eee.wasm".into(),
                split: Some("__wasm_split.fff.js".into()),
            })
        );
        assert_eq!(
            area_bundle(hashes, "tiranyx", Area::Client),
            Some(AreaBundle {
                js: "tiranyx-client.ggg.js".into(),
                wasm: "tiranyx-client.hhh.wasm".into(),
                split: None,
            })
        );
        assert_eq!(area_bundle(hashes, "tiranyx", Area::Admin), None);
        assert_eq!(
            area_bundle("member-js: ddd\n", "tiranyx", Area::Member),
            None
        );
    }
}
