#!/usr/bin/env bash
# The browser tests (Playwright + Chromium) against the release build that
# `cargo leptos build --release --precompress` left in the target folder, on a server of
# their own (fresh SQLite database, demo content, simulators). Called by
# scripts/test.sh; run it alone after a release build to repeat just them
# (arguments go to Playwright: `scripts/e2e.sh tests/ai.spec.ts`).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

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
  # The bundle's content-hashed names, from hash.txt beside the binary.
  export LEPTOS_HASH_FILES=true
  # The browser tests stand in for nginx: a signed-in member's requests
  # carry their own X-Forwarded-For (end2end/support.ts).
  export TRUSTED_PROXIES=127.0.0.1
  export RUST_LOG=warn
  exec "$CARGO_TARGET_DIR/release/tiranyx" serve
) >"$E2E_DIR/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
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
(cd end2end && BASE_URL="http://127.0.0.1:$E2E_PORT" OUTBOX_DIR="$E2E_DIR/outbox" npx playwright test "$@")
