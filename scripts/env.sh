# Shared settings for the project's scripts; sourced, not run.
# Build caches live outside the clone so a fresh clone (CI) reuses them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/tiranyx/target}"
# Project-local tools (binaryen's wasm-opt from npm) come first on PATH.
export TIRANYX_TOOLS="${TIRANYX_TOOLS:-$HOME/.cache/tiranyx/tools}"
export PATH="$TIRANYX_TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
# Where cargo-leptos puts the site (wasm, js, public/ assets).
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$REPO_ROOT/target/site}"
# CI builds each crate once: incremental state only fills the disk (the
# debug folder's grew past 30 GB on the shared cache and a run failed with
# "No space left on device").
if [ "${CI:-}" = true ]; then
  export CARGO_INCREMENTAL=0
fi
