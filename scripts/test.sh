#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and integration tests (SQLite
# and PostgreSQL), then the browser tests against a release build.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/bootstrap.sh" --test
cd "$REPO_ROOT"

step() { printf '\n\033[1;35m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --locked -p money -p domain -p migration -p app -p server -p rawserve -p orderbench -p ratebench --all-targets -- -D warnings

step "unit and integration tests (SQLite + PostgreSQL)"
source scripts/pg.sh
# An S3-compatible server (moto) for the object-storage tests.
source scripts/s3.sh
trap 'stop_s3; stop_pg' EXIT
cargo test --locked -p money -p domain -p migration -p app --features app/ssr
# The router tests run in parallel: the route list is built once per process
# (see `server::route_list`), which removed the stall a second build caused
# (leptos-rs/leptos#4773), and every in-process request times out after 30 s.
cargo test --locked -p server
# The router tests once more on PostgreSQL, a fresh database per test
# (server/tests/common): about 50 s more on the 2-core machine, warm.
TIRANYX_TEST_SERVER_DB=postgres cargo test --locked -p server --test '*'

step "release build (server + wasm)"
# --precompress: .br and .gz beside every site file (the server sends them).
cargo leptos build --release --precompress --cargo-locked
# The member area's and the admin's own bundles (named in hash.txt).
"$REPO_ROOT/scripts/bundles.sh"

step "browser tests (Playwright + Chromium)"
"$REPO_ROOT/scripts/e2e.sh"
step "all tests passed"
