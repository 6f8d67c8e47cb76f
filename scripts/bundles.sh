#!/usr/bin/env bash
# One wasm bundle per hydrated area, built after `cargo leptos build --release`
# (which builds the bundle with every route, for development): the member
# area's (/dashboard), the agency clients' portal's (/client) and the admin's
# (/admin), each with only its own routes (`frontend` features `member` /
# `client` / `admin`), so a member never downloads the admin's code.
#
# Each is built by `cargo leptos build --frontend-only --split`: an area's
# pages but its overview are lazy routes (app/src/lazy_pages.rs), so the
# bundle a first visit loads holds the area's frame and overview, and each
# other page's code is a split file (`split_*.wasm`, plus `chunk_*.wasm` for
# code two pages share) fetched by the bundle's loader (`__wasm_split.*.js`)
# when the page is first shown. cargo-leptos names every file by content, as
# for the main bundle; the area's own JS and wasm are renamed
# `tiranyx-<area>.<hash>.*` (and the loader's import of the JS rewritten),
# then named in hash.txt beside the binary (`member-js: <hash>` …,
# `member-split: <hash>`), where the server finds them (app/src/bundles.rs).
# Every file is precompressed (brotli, gzip). Rerunning replaces the
# previous area bundles.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

PKG="$LEPTOS_SITE_ROOT/pkg"
HASH_FILE="$CARGO_TARGET_DIR/release/hash.txt"
[[ -f "$HASH_FILE" ]] || { echo "bundles: no $HASH_FILE: run cargo leptos build --release first" >&2; exit 1; }
OUTPUT_NAME=tiranyx
# Splitting links the wasm with relocations (`-Clink-args=--emit-relocs`,
# added by cargo-leptos): other RUSTFLAGS than the main bundle's, so the
# areas' builds keep their own target folder (else each build would
# recompile the other's dependencies).
AREAS_TARGET="$CARGO_TARGET_DIR/areas"
WORK="$(mktemp -d /tmp/tiranyx-bundles.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

grep -vE '^(member|client|admin)-(js|wasm|split):' "$HASH_FILE" > "$WORK/hash.txt" || true
rm -f "$PKG/$OUTPUT_NAME"-{member,client,admin}.* "$PKG"/__wasm_split.* "$PKG"/split_*.wasm* "$PKG"/chunk_*.wasm*
# One site folder for every area, at a fixed path: Leptos' crates read
# LEPTOS_SITE_ROOT when they compile, so another path would rebuild them.
site="$AREAS_TARGET/site"
for area in member client admin; do
  rm -rf "$site"
  CARGO_TARGET_DIR="$AREAS_TARGET" LEPTOS_SITE_ROOT="$site" \
    cargo leptos build --release --frontend-only --split --lib-features "$area" --cargo-locked
  hashes="$AREAS_TARGET/release/hash.txt"
  entry() { sed -n "s/^$1: *//p" "$hashes"; }
  js="$(entry js)" wasm="$(entry wasm)" split="$(entry split)"
  [[ -n "$js" && -n "$wasm" && -n "$split" ]] || { echo "bundles: $hashes names no js, wasm or split file" >&2; exit 1; }
  from="$site/pkg"
  mv "$from/$OUTPUT_NAME.$js.js" "$from/$OUTPUT_NAME-$area.$js.js"
  mv "$from/$OUTPUT_NAME.$wasm.wasm" "$from/$OUTPUT_NAME-$area.$wasm.wasm"
  sed -i "s|\./$OUTPUT_NAME\.$js\.js|./$OUTPUT_NAME-$area.$js.js|g" "$from/__wasm_split.$split.js"
  grep -q "$OUTPUT_NAME-$area.$js.js" "$from/__wasm_split.$split.js" \
    || { echo "bundles: the $area loader does not import its bundle's JS" >&2; exit 1; }
  for file in "$from/$OUTPUT_NAME-$area".* "$from/__wasm_split.$split.js" "$from"/split_*.wasm "$from"/chunk_*.wasm; do
    [[ -f "$file" ]] || continue
    cp "$file" "$PKG/"
    brotli -q 11 -f -k "$PKG/${file##*/}"
    gzip -9 -f -k "$PKG/${file##*/}"
  done
  printf '%s-js: %s\n%s-wasm: %s\n%s-split: %s\n' "$area" "$js" "$area" "$wasm" "$area" "$split" >> "$WORK/hash.txt"
  echo "bundles: $area: $(stat -c %s "$PKG/$OUTPUT_NAME-$area.$wasm.wasm.br") bytes of wasm," \
    "$(stat -c %s "$PKG/$OUTPUT_NAME-$area.$js.js.br") + $(stat -c %s "$PKG/__wasm_split.$split.js.br") of js (brotli)," \
    "$(find "$from" -name 'split_*.wasm' | wc -l) groups of pages split out"
done
cp "$WORK/hash.txt" "$HASH_FILE"
