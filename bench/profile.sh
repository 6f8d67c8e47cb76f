#!/usr/bin/env bash
# Where a page's time goes: `perf record` of the release server (pinned to
# CPU 0, demo content on SQLite) while wrk (CPU 1) loads one page, then the
# functions with the most samples. Run by hand after a release build; see
# bench/README.md ("Profile").
#
#   bench/profile.sh                                  # a blog post, uncached
#   bench/profile.sh / 16                             # home, render cache on
#   PERF_SECONDS=20 bench/profile.sh /products 0
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO_ROOT"

PAGE="${1:-/blog/kenapa-kami-memakai-rust-untuk-backend}"
CACHE_MB="${2:-0}"
PERF_SECONDS="${PERF_SECONDS:-10}"
TOP="${TOP:-40}"
ADDR="127.0.0.1:3590"
APP_BIN="$CARGO_TARGET_DIR/release/tiranyx"
[[ -x "$APP_BIN" ]] || { echo "profile: no release build; run cargo leptos build --release" >&2; exit 1; }
command -v perf >/dev/null || { echo "profile: perf missing (apt-get install linux-perf)" >&2; exit 1; }

TMP="$(mktemp -d /tmp/tiranyx-profile.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && timeout 35 tail --pid="$server_pid" -f /dev/null 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
(
  cd "$TMP"
  exec taskset -c 0 env \
    DATABASE_URL="sqlite://$TMP/profile.db?mode=rwc" \
    UPLOADS_DIR="$TMP/uploads" PRIVATE_FILES_DIR="$TMP/private" \
    DEMO_CONTENT=true RENDER_CACHE_MB="$CACHE_MB" \
    LEPTOS_SITE_ADDR="$ADDR" LEPTOS_SITE_ROOT="$LEPTOS_SITE_ROOT" \
    LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true RUST_LOG=warn \
    "$APP_BIN" serve
) >"$TMP/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  curl -fsS "http://$ADDR/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS -o /dev/null "http://$ADDR$PAGE" || { cat "$TMP/server.log" >&2; exit 1; }
taskset -c 1 wrk -t1 -c32 -d3s "http://$ADDR$PAGE" >/dev/null
perf record -F 1999 -p "$server_pid" -o "$TMP/perf.data" -- sleep "$PERF_SECONDS" >/dev/null 2>&1 &
perf_pid=$!
taskset -c 1 wrk -t1 -c32 -d"${PERF_SECONDS}s" --latency "http://$ADDR$PAGE" | grep -E 'Requests/sec|99%'
wait "$perf_pid"
echo
echo "Self time by function ($PAGE, RENDER_CACHE_MB=$CACHE_MB):"
perf report -i "$TMP/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
  grep -v '^#' | grep '%' | sed 's/  */ /g' | cut -c1-150 | head -n "$TOP"
