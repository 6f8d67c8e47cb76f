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
cargo clippy --locked -p money -p domain -p migration -p app -p server -p rawserve -p orderbench --all-targets -- -D warnings

step "unit and integration tests (SQLite + PostgreSQL)"
source scripts/pg.sh
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  stop_pg
}
trap cleanup EXIT
cargo test --locked -p money -p domain -p migration -p app --features app/ssr
# The router tests run in parallel: the route list is built once per process
# (see `server::route_list`), which removed the stall a second build caused
# (leptos-rs/leptos#4773), and every in-process request times out after 30 s.
cargo test --locked -p server
# The router tests once more on PostgreSQL, a fresh database per test
# (server/tests/common): about 50 s more on the 2-core machine, warm.
TIRANYX_TEST_SERVER_DB=postgres cargo test --locked -p server --test '*'

step "release build (server + wasm)"
cargo leptos build --release --cargo-locked

step "browser tests (Playwright + Chromium)"
E2E_DIR="$(mktemp -d /tmp/tiranyx-e2e.XXXXXX)"
# A free port, so a server left running elsewhere is never tested by mistake.
export E2E_PORT="${E2E_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
(
  export DATABASE_URL="sqlite://$E2E_DIR/e2e.db?mode=rwc"
  export DEMO_CONTENT=true
  # Midtrans' stand-in on this server: a purchase goes end to end.
  export PAYMENT_SIMULATOR=true
  export MAIL_OUTBOX_DIR="$E2E_DIR/outbox"
  export UPLOADS_DIR="$E2E_DIR/uploads" PRIVATE_FILES_DIR="$E2E_DIR/private"
  export LEPTOS_SITE_ADDR="127.0.0.1:$E2E_PORT"
  export SITE_URL="http://127.0.0.1:$E2E_PORT"
  export LEPTOS_ENV=PROD
  # The browser tests stand in for nginx: a signed-in member's requests
  # carry their own X-Forwarded-For (end2end/support.ts).
  export TRUSTED_PROXIES=127.0.0.1
  export RUST_LOG=warn
  exec "$CARGO_TARGET_DIR/release/tiranyx" serve
) >"$E2E_DIR/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$E2E_PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
if ! kill -0 "$server_pid" 2>/dev/null || ! curl -fsS "http://127.0.0.1:$E2E_PORT/healthz" >/dev/null; then
  cat "$E2E_DIR/server.log"
  exit 1
fi
# An admin of its own for end2end/tests/ai.spec.ts: admin.spec.ts switches
# on the demo admin's two-factor meanwhile (the tests run in parallel).
printf '%s\n' "kopi susu gula aren 2026" |
  DATABASE_URL="sqlite://$E2E_DIR/e2e.db?mode=rwc" "$CARGO_TARGET_DIR/release/tiranyx" \
    admin create --email penulis.ai@tiranyx.test --name "Penulis AI" >/dev/null
(cd end2end && BASE_URL="http://127.0.0.1:$E2E_PORT" OUTBOX_DIR="$E2E_DIR/outbox" npx playwright test)
step "all tests passed"
