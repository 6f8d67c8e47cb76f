#!/usr/bin/env bash
# One wasm bundle per hydrated area, built after `cargo leptos build --release`
# (which builds the bundle with every route): the member area's (/dashboard),
# the agency clients' portal's (/client) and the admin's (/admin), each with
# only its own routes (`frontend` features `member` / `client` / `admin`), so
# a member never downloads the admin's code. Each is bound with wasm-bindgen,
# shrunk with wasm-opt, named by content hash and precompressed like
# cargo-leptos does, then named in hash.txt beside the binary
# (`member-js: <hash>` …), where the server finds it (app/src/bundles.rs). Rerunning replaces the previous area bundles.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

PKG="$LEPTOS_SITE_ROOT/pkg"
HASH_FILE="$CARGO_TARGET_DIR/release/hash.txt"
[[ -f "$HASH_FILE" ]] || { echo "bundles: no $HASH_FILE: run cargo leptos build --release first" >&2; exit 1; }
OUTPUT_NAME=tiranyx
# The environment cargo-leptos gives its wasm build (Leptos reads the output
# name at compile time), so the dependencies it compiled are reused.
export LEPTOS_OUTPUT_NAME="$OUTPUT_NAME" RUSTFLAGS="--cfg erase_components"
FRONT_DIR="$CARGO_TARGET_DIR/front"
WASM_OPT_FLAGS=(-Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types
  --enable-multivalue --enable-sign-ext --enable-mutable-globals)
WORK="$(mktemp -d /tmp/tiranyx-bundles.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# cargo-leptos' names: 22 characters of base64url of the file's md5.
content_hash() { openssl md5 -binary "$1" | base64 | tr '+/' '-_' | tr -d '=\n'; }

grep -vE '^(member|client|admin)-(js|wasm):' "$HASH_FILE" > "$WORK/hash.txt" || true
for area in member client admin; do
  cargo build --package=frontend --lib --features "$area" --target-dir="$FRONT_DIR" \
    --target=wasm32-unknown-unknown --no-default-features --locked --profile=wasm-release
  name="$OUTPUT_NAME-$area"
  wasm-bindgen --target web --no-typescript --out-dir "$WORK" --out-name "$name" \
    "$FRONT_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"
  wasm-opt "${WASM_OPT_FLAGS[@]}" "$WORK/${name}_bg.wasm" -o "$WORK/$name.wasm"
  js_hash="$(content_hash "$WORK/$name.js")"
  wasm_hash="$(content_hash "$WORK/$name.wasm")"
  rm -f "$PKG/$name".*
  cp "$WORK/$name.js" "$PKG/$name.$js_hash.js"
  cp "$WORK/$name.wasm" "$PKG/$name.$wasm_hash.wasm"
  for file in "$PKG/$name.$js_hash.js" "$PKG/$name.$wasm_hash.wasm"; do
    brotli -q 11 -f -k "$file"
    gzip -9 -f -k "$file"
  done
  printf '%s-js: %s\n%s-wasm: %s\n' "$area" "$js_hash" "$area" "$wasm_hash" >> "$WORK/hash.txt"
  echo "bundles: $area: $(stat -c %s "$PKG/$name.$wasm_hash.wasm.br") bytes of wasm, $(stat -c %s "$PKG/$name.$js_hash.js.br") of js (brotli)"
done
cp "$WORK/hash.txt" "$HASH_FILE"
