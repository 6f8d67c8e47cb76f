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
# group of pages is a split file (`split_*.wasm`, plus `chunk_*.wasm` for
# code two groups share) fetched by the bundle's loader (`__wasm_split.*.js`)
# when one of its pages is first shown. cargo-leptos names the split files
# and the loader by their content, but names the area's JS and wasm before
# it writes the loader's name into them: so they are named here by their
# final bytes (`tiranyx-<area>.<md5>.*`, as a stored copy is kept a year),
# and the loader's import of the JS is rewritten (the loader's own name
# still identifies its content: it fixes the JS it imports). Every file is
# precompressed (brotli, gzip) and named in hash.txt beside the binary
# (`member-js: <hash>` …, `member-split: <hash>`), where the server finds
# them (app/src/bundles.rs). The previous area files are replaced only once
# every area has built, and hash.txt at the same time.
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

# cargo-leptos' names: 22 characters of base64url of the file's md5.
content_hash() { openssl md5 -binary "$1" | base64 | tr '+/' '-_' | tr -d '=\n'; }

STAGE="$WORK/pkg"
mkdir -p "$STAGE"
grep -vE '^(member|client|admin)-(js|wasm|split):' "$HASH_FILE" > "$WORK/hash.txt" || true
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
  js_hash="$(content_hash "$from/$OUTPUT_NAME.$js.js")"
  wasm_hash="$(content_hash "$from/$OUTPUT_NAME.$wasm.wasm")"
  cp "$from/$OUTPUT_NAME.$js.js" "$STAGE/$OUTPUT_NAME-$area.$js_hash.js"
  cp "$from/$OUTPUT_NAME.$wasm.wasm" "$STAGE/$OUTPUT_NAME-$area.$wasm_hash.wasm"
  sed "s|\./$OUTPUT_NAME\.$js\.js|./$OUTPUT_NAME-$area.$js_hash.js|g" "$from/__wasm_split.$split.js" > "$STAGE/__wasm_split.$split.js"
  grep -q "$OUTPUT_NAME-$area.$js_hash.js" "$STAGE/__wasm_split.$split.js" \
    || { echo "bundles: the $area loader does not import its bundle's JS" >&2; exit 1; }
  for file in "$from"/split_*.wasm "$from"/chunk_*.wasm; do
    [[ -f "$file" ]] || continue
    cp "$file" "$STAGE/"
  done
  printf '%s-js: %s\n%s-wasm: %s\n%s-split: %s\n' "$area" "$js_hash" "$area" "$wasm_hash" "$area" "$split" >> "$WORK/hash.txt"
  echo "bundles: $area: $(brotli -q 11 -c "$STAGE/$OUTPUT_NAME-$area.$wasm_hash.wasm" | wc -c) bytes of wasm," \
    "$(brotli -q 11 -c "$STAGE/$OUTPUT_NAME-$area.$js_hash.js" | wc -c) + $(brotli -q 11 -c "$STAGE/__wasm_split.$split.js" | wc -c) of js (brotli)," \
    "$(find "$from" -name 'split_*.wasm' | wc -l) groups of pages split out"
done
for file in "$STAGE"/*; do
  brotli -q 11 -f -k "$file"
  gzip -9 -f -k "$file"
done
rm -f "$PKG/$OUTPUT_NAME"-{member,client,admin}.* "$PKG"/__wasm_split.* "$PKG"/split_*.wasm* "$PKG"/chunk_*.wasm*
cp "$STAGE"/* "$PKG/"
cp "$WORK/hash.txt" "$HASH_FILE.new"
mv "$HASH_FILE.new" "$HASH_FILE"
