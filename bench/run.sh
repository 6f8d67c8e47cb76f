#!/usr/bin/env bash
# Throughput benchmark: Tiranyx (release build, SQLite, demo content) with its
# render cache and without it (RENDER_CACHE_MB=0), against `rawserve`, a bare
# axum server returning the very bytes Tiranyx rendered for the same page. All
# three run side by side in one go, the server under test pinned to one core
# and wrk to another (taskset), so the ratios are comparable across machines.
# Run by hand (not in CI); see bench/README.md.
#
#   bench/run.sh                 # 10 s of load per page and server
#   DURATION=30s bench/run.sh
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO_ROOT"

# Pages to measure, one per line. The result name is derived from the path
# ("/" -> home, "/blog/post" -> blog_post).
PAGES=(
  "/"
  "/blog"
  "/blog/kenapa-kami-memakai-rust-untuk-backend"
  "/products"
  "/products/nusa-landing-template-umkm"
)

# Signed-in pages (never cached), requested with the demo client's session.
MEMBER_PAGES=(
  "/dashboard"
)

DURATION="${DURATION:-10s}"
BUILD_TIMEOUT="${BUILD_TIMEOUT:-3600}"  # seconds, per build command
APP_ADDR="127.0.0.1:3500"
RAW_ADDR="127.0.0.1:3501"
UNCACHED_ADDR="127.0.0.1:3502"
# The server under test on one core, the load generator on another.
SERVER_CPU="${SERVER_CPU:-0}"
LOAD_CPU="${LOAD_CPU:-1}"
pin_server=(taskset -c "$SERVER_CPU")
pin_load=(taskset -c "$LOAD_CPU")

step() { printf '\n\033[1;35m==> %s\033[0m\n' "$*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

page_name() {
  local p="${1#/}"
  p="${p%/}"
  p="${p//\//_}"
  p="$(printf '%s' "$p" | tr -c 'A-Za-z0-9_.-' '_')"
  printf '%s' "${p:-home}"
}

# Seconds in a wrk duration ("10s", "2m", "1h", "15").
duration_secs() {
  local d="$1"
  case "$d" in
    *h) echo $(( ${d%h} * 3600 )) ;;
    *m) echo $(( ${d%m} * 60 )) ;;
    *s) echo "${d%s}" ;;
    *) echo "$d" ;;
  esac
}
WRK_TIMEOUT=$(( $(duration_secs "$DURATION") + 30 ))

# ---------------------------------------------------------------- tools
apt_install() {
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  if ! timeout 600 "${sudo[@]}" apt-get install -y "$@"; then
    timeout 600 "${sudo[@]}" apt-get update
    timeout 600 "${sudo[@]}" apt-get install -y "$@"
  fi
}
command -v wrk >/dev/null || { step "installing wrk"; apt_install wrk; }
command -v brotli >/dev/null || { step "installing brotli"; apt_install brotli; }

# ---------------------------------------------------------------- build
# SKIP_BUILD=1 measures the release build already in the target folder.
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  step "cargo leptos build --release --precompress"
  timeout "$BUILD_TIMEOUT" cargo leptos build --release --precompress
  timeout "$BUILD_TIMEOUT" "$REPO_ROOT/scripts/bundles.sh"
  step "cargo build --release -p rawserve -p ratebench"
  timeout "$BUILD_TIMEOUT" cargo build --release -p rawserve -p ratebench
fi
APP_BIN="$CARGO_TARGET_DIR/release/tiranyx"
RAW_BIN="$CARGO_TARGET_DIR/release/rawserve"
RATE_BIN="$CARGO_TARGET_DIR/release/ratebench"
[[ -x "$APP_BIN" && -x "$RAW_BIN" && -x "$RATE_BIN" ]] || die "binaries missing under $CARGO_TARGET_DIR/release"
# The bundle, named by content hash (hash-files): the one file of each kind.
wasm="$(ls "$LEPTOS_SITE_ROOT"/pkg/tiranyx.*.wasm 2>/dev/null | head -n 1 || true)"
js="$(ls "$LEPTOS_SITE_ROOT"/pkg/tiranyx.*.js 2>/dev/null | head -n 1 || true)"
[[ -n "$wasm" && -n "$js" ]] || die "no bundle in $LEPTOS_SITE_ROOT/pkg: run cargo leptos build --release --precompress"

# ---------------------------------------------------------------- servers
TMP="$(mktemp -d /tmp/tiranyx-bench.XXXXXX)"
app_pid=""
raw_pid=""
rss_pid=""
uncached_pid=""
cleanup() {
  local pid
  for pid in "$rss_pid" "$raw_pid" "$app_pid" "$uncached_pid"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "$rss_pid" "$raw_pid" "$app_pid" "$uncached_pid"; do
    [[ -n "$pid" ]] && timeout 35 tail --pid="$pid" -f /dev/null 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_up() { # url log
  for _ in $(seq 1 150); do
    curl -fsS --max-time 2 "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  tail -n 50 "$2" >&2 || true
  die "server did not answer at $1 within 30 s"
}

source "$REPO_ROOT/bench/lib.sh"
step "starting tiranyx on $APP_ADDR (render cache) and $UNCACHED_ADDR (none)"
mkdir -p "$TMP/raw"
start_tiranyx "$TMP/cached" "$APP_ADDR" "$SERVER_CPU" "sqlite://$TMP/cached/bench.db?mode=rwc" RENDER_CACHE_MB=16
app_pid=$!
start_tiranyx "$TMP/uncached" "$UNCACHED_ADDR" "$SERVER_CPU" "sqlite://$TMP/uncached/bench.db?mode=rwc" RENDER_CACHE_MB=0
uncached_pid=$!
wait_up "http://$APP_ADDR/healthz" "$TMP/cached.log"
wait_up "http://$UNCACHED_ADDR/healthz" "$TMP/uncached.log"

# The demo client's session on a server (a member's pages): "Cookie: ...".
member_cookie() { # addr
  local jar="$TMP/jar-$1"
  curl -fsS -o /dev/null -c "$jar" -H "Origin: http://$1" -H "Sec-Fetch-Site: same-origin" \
    --data-urlencode "email=klien@tiranyx.test" --data-urlencode "password=demo-klien-tiranyx" \
    "http://$1/login" || die "login on $1 failed"
  # HttpOnly cookies are written as "#HttpOnly_<domain>" lines.
  sed 's/^#HttpOnly_//' "$jar" |
    awk '!/^#/ && NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }'
}
declare -A cookie_of=()
cookie_of[$APP_ADDR]="$(member_cookie "$APP_ADDR")"
cookie_of[$UNCACHED_ADDR]="$(member_cookie "$UNCACHED_ADDR")"
is_member_page() { [[ " ${MEMBER_PAGES[*]} " == *" $1 "* ]]; }
# The Cookie header for a page on a server ("" for public pages).
cookie_for() { # page addr
  if is_member_page "$1"; then printf 'Cookie: %s' "${cookie_of[$2]}"; fi
}

step "capturing rendered pages"
for page in "${PAGES[@]}" "${MEMBER_PAGES[@]}"; do
  name="$(page_name "$page")"
  header=()
  is_member_page "$page" && header=(-H "$(cookie_for "$page" "$APP_ADDR")")
  code="$(curl -s --max-time 10 -o "$TMP/raw/$name" -w '%{http_code}' "${header[@]}" "http://$APP_ADDR$page")"
  [[ "$code" == 200 ]] || die "GET $page answered $code"
  printf '  %-24s %s -> %s bytes\n' "$page" "$name" "$(wc -c <"$TMP/raw/$name")" >&2
done

step "starting rawserve on $RAW_ADDR"
"${pin_server[@]}" "$RAW_BIN" "$RAW_ADDR" "$TMP/raw" >"$TMP/rawserve.log" 2>&1 &
raw_pid=$!
wait_up "http://$RAW_ADDR/$(page_name "${PAGES[0]}")" "$TMP/rawserve.log"

# ---------------------------------------------------------------- measure
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# Requests/sec, p50 and p99 (in ms) from wrk --latency output, as
# "rps p50 p99".
parse_wrk() {
  awk '
    function ms(v) {
      if (v ~ /us$/)      { sub(/us$/, "", v); return v / 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v); return v }
      else if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      else if (v ~ /m$/)  { sub(/m$/, "", v);  return v * 60000 }
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END {
      if (rps == "" || p99 == "") exit 1
      printf "%s %.2f %.2f\n", rps, p50, p99
    }' "$1"
}

run_wrk() { # url out [header]
  local extra=()
  [[ -n "${3:-}" ]] && extra=(-H "$3")
  timeout "$WRK_TIMEOUT" "${pin_load[@]}" wrk -t1 -c32 -d"$DURATION" --latency "${extra[@]}" "$1" >"$2" \
    || die "wrk failed against $1: $(cat "$2")"
  if grep -q 'Non-2xx or 3xx responses' "$2"; then
    grep 'Non-2xx' "$2" >&2
    die "errors from $1"
  fi
}

# p50 and p99 at half the rate wrk reached, from ratebench (open loop:
# latency counted from each request's due time, so a stall shows), as
# "p50 p99"; "invalid" when the generator could not keep the schedule.
run_half_rate() { # url rps out [header]
  local extra=() half
  [[ -n "${4:-}" ]] && extra=(-H "$4")
  half="$(awk -v r="$2" 'BEGIN { h = int(r / 2); print (h < 1 ? 1 : h) }')"
  timeout "$WRK_TIMEOUT" "${pin_load[@]}" "$RATE_BIN" "$1" "$half" "$(duration_secs "$DURATION")" 32 "${extra[@]}" \
    >"$3" 2>"$3.err" || die "ratebench failed against $1: $(cat "$3.err")"
  if grep -q invalid "$3.err"; then
    echo "invalid invalid"
  else
    awk '{ if ($6 > 0) { print "errors errors" } else { printf "%s %s\n", $2, $3 } }' "$3"
  fi
}

rss_idle="$(rss_kib "$app_pid")"
rss_peak="$rss_idle"
rows=()

for page in "${PAGES[@]}" "${MEMBER_PAGES[@]}"; do
  name="$(page_name "$page")"

  step "wrk $page: tiranyx"
  echo "$rss_peak" >"$TMP/rss_max"
  (
    max="$rss_peak"
    while kill -0 "$app_pid" 2>/dev/null; do
      cur="$(rss_kib "$app_pid" 2>/dev/null || echo 0)"
      if [[ -n "$cur" ]] && (( cur > max )); then max="$cur"; echo "$max" >"$TMP/rss_max"; fi
      sleep 0.5
    done
  ) &
  rss_pid=$!
  run_wrk "http://$APP_ADDR$page" "$TMP/wrk_app_$name" "$(cookie_for "$page" "$APP_ADDR")"
  kill "$rss_pid" 2>/dev/null || true
  wait "$rss_pid" 2>/dev/null || true
  rss_pid=""
  rss_peak="$(cat "$TMP/rss_max")"

  step "wrk $page: tiranyx without the render cache"
  run_wrk "http://$UNCACHED_ADDR$page" "$TMP/wrk_uncached_$name" "$(cookie_for "$page" "$UNCACHED_ADDR")"

  step "wrk $page: rawserve"
  run_wrk "http://$RAW_ADDR/$name" "$TMP/wrk_raw_$name"

  read -r app_rps app_p50 app_p99 < <(parse_wrk "$TMP/wrk_app_$name") || die "cannot parse wrk output for tiranyx $page"
  read -r unc_rps unc_p50 unc_p99 < <(parse_wrk "$TMP/wrk_uncached_$name") || die "cannot parse wrk output for uncached tiranyx $page"
  read -r raw_rps raw_p50 raw_p99 < <(parse_wrk "$TMP/wrk_raw_$name") || die "cannot parse wrk output for rawserve $page"
  step "$page at half those rates (ratebench, open loop)"
  read -r _ app_half < <(run_half_rate "http://$APP_ADDR$page" "$app_rps" "$TMP/rate_app_$name" "$(cookie_for "$page" "$APP_ADDR")")
  read -r _ unc_half < <(run_half_rate "http://$UNCACHED_ADDR$page" "$unc_rps" "$TMP/rate_uncached_$name" "$(cookie_for "$page" "$UNCACHED_ADDR")")
  read -r _ raw_half < <(run_half_rate "http://$RAW_ADDR/$name" "$raw_rps" "$TMP/rate_raw_$name")
  ratio() { awk -v a="$1" -v r="$2" 'BEGIN { printf "%.3f", (r > 0 ? a / r : 0) }'; }
  rows+=("$(printf '| %s | %.0f | %.0f | %.0f | %s | %s | %s / %s | %s / %s | %s / %s | %s / %s / %s |' \
    "$page" "$app_rps" "$unc_rps" "$raw_rps" "$(ratio "$app_rps" "$raw_rps")" "$(ratio "$unc_rps" "$raw_rps")" \
    "$app_p50" "$app_p99" "$unc_p50" "$unc_p99" "$raw_p50" "$raw_p99" "$app_half" "$unc_half" "$raw_half")")
done

# ---------------------------------------------------------------- JS budget
# Brotli size of every script (and wasm) each public page loads, from the
# page's own <script src> tags. Budget: 50 KB per page.
JS_PAGES=("${PAGES[@]}" "/contact" "/waitlist/nusa-landing-template-umkm")
js_rows=()
for page in "${JS_PAGES[@]}"; do
  html="$(curl -fsS "http://$APP_ADDR$page")"
  total=0
  srcs=""
  for src in $(printf '%s' "$html" | grep -o '<script[^>]*src="[^"]*"' | sed 's/.*src="\([^"]*\)"/\1/'); do
    bytes=$(curl -fsS "http://$APP_ADDR$src" | brotli -c -q 11 | wc -c)
    total=$((total + bytes))
    srcs="$srcs $src"
  done
  if printf '%s' "$html" | grep -q '/pkg/tiranyx'; then
    srcs="$srcs (wasm bundle: main only)"
    total=$((total + $(brotli -c -q 11 "$wasm" | wc -c)))
  fi
  js_rows+=("$(printf '| %s | %s | %s |' "$page" "$total" "${srcs:- none}")")
done

# ---------------------------------------------------------------- login flood
# Home-page p99 while /login is hammered by "many clients" (random
# X-Forwarded-For through the trusted loopback proxy, so the per-IP limit does
# not short-circuit them and every attempt costs an argon2 verification).
cat >"$TMP/flood.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "http://$APP_ADDR"
request = function()
  wrk.headers["X-Forwarded-For"] = math.random(1, 223) .. "." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format(nil, "/login", nil, "email=flood%40example.id&password=salah%20sekali%20ya")
end
LUA
step "login flood: home p99 quiet vs while /login is hammered"
timeout "$WRK_TIMEOUT" wrk -t1 -c8 -d"$DURATION" --latency "http://$APP_ADDR/" >"$TMP/wrk_quiet" 2>&1
timeout "$WRK_TIMEOUT" wrk -t1 -c64 -d"$DURATION" -s "$TMP/flood.lua" "http://$APP_ADDR/login" >"$TMP/wrk_flood" 2>&1 &
flood_pid=$!
sleep 1
timeout "$WRK_TIMEOUT" wrk -t1 -c8 -d"$DURATION" --latency "http://$APP_ADDR/" >"$TMP/wrk_flooded" 2>&1
wait "$flood_pid" || true
read -r quiet_rps _ quiet_p99 < <(parse_wrk "$TMP/wrk_quiet")
read -r flooded_rps _ flooded_p99 < <(parse_wrk "$TMP/wrk_flooded")
login_rps="$(awk '/Requests\/sec/ { print $2 }' "$TMP/wrk_flood")"
flood_ratio="$(awk -v a="$flooded_p99" -v b="$quiet_p99" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"

# ---------------------------------------------------------------- report
wasm_br=$(timeout 300 brotli -c -q 11 "$wasm" | wc -c)
js_br=$(timeout 300 brotli -c -q 11 "$js" | wc -c)

echo
echo "Tiranyx benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, servers on CPU $SERVER_CPU, wrk -t1 -c32 -d$DURATION on CPU $LOAD_CPU"
echo
echo "| page | cached req/s | uncached req/s | raw req/s | cached ÷ raw | uncached ÷ raw | cached p50 / p99 (ms) | uncached p50 / p99 (ms) | raw p50 / p99 (ms) | p99 at half rate, cached / uncached / raw (ms) |"
echo "|------|-------------:|---------------:|----------:|-------------:|---------------:|----------------------:|------------------------:|-------------------:|-----------------------------------------------:|"
printf '%s\n' "${rows[@]}"
echo
echo "tiranyx RSS: idle $(mib "$rss_idle") MiB, peak under load $(mib "$rss_peak") MiB"
echo
echo "login flood: home p99 ${quiet_p99} ms quiet, ${flooded_p99} ms while /login takes ${login_rps} req/s (ratio ${flood_ratio}); home ${quiet_rps} -> ${flooded_rps} req/s"
echo
echo "| page | JS+wasm brotli bytes | scripts |"
echo "|------|---------------------:|---------|"
printf '%s\n' "${js_rows[@]}"
printf 'bundle with every route (development; pages use the areas'\'' bundles below), brotli -q 11: tiranyx.wasm %s KiB + tiranyx.js %s KiB = %s KiB\n' \
  "$(awk -v b="$wasm_br" 'BEGIN { printf "%.1f", b / 1024 }')" \
  "$(awk -v b="$js_br" 'BEGIN { printf "%.1f", b / 1024 }')" \
  "$(awk -v b="$((wasm_br + js_br))" 'BEGIN { printf "%.1f", b / 1024 }')"
# The areas' own bundles (scripts/bundles.sh), which their pages load instead.
for area in member client admin; do
  area_wasm="$(ls "$LEPTOS_SITE_ROOT"/pkg/tiranyx-$area.*.wasm 2>/dev/null | head -n 1 || true)"
  area_js="$(ls "$LEPTOS_SITE_ROOT"/pkg/tiranyx-$area.*.js 2>/dev/null | head -n 1 || true)"
  [[ -n "$area_wasm" && -n "$area_js" ]] || { echo "no $area bundle (scripts/bundles.sh not run)"; continue; }
  a_wasm=$(timeout 300 brotli -c -q 11 "$area_wasm" | wc -c)
  a_js=$(timeout 300 brotli -c -q 11 "$area_js" | wc -c)
  # The loader of the area's split-out pages, which its JS imports.
  loader="$(grep -o '__wasm_split\.[A-Za-z0-9_-]*\.js' "$area_js" | head -n 1 || true)"
  [[ -z "$loader" ]] || a_js=$((a_js + $(timeout 300 brotli -c -q 11 "$LEPTOS_SITE_ROOT/pkg/$loader" | wc -c)))
  pages_split=$(grep -o 'split_[A-Za-z0-9_]*\.[A-Za-z0-9_-]*\.wasm' "$LEPTOS_SITE_ROOT/pkg/$loader" 2>/dev/null | sort -u | wc -l || true)
  printf '%s area bundle (first visit), brotli -q 11: wasm %s KiB + js %s KiB = %s KiB; %s groups of pages split out\n' "$area" \
    "$(awk -v b="$a_wasm" 'BEGIN { printf "%.1f", b / 1024 }')" \
    "$(awk -v b="$a_js" 'BEGIN { printf "%.1f", b / 1024 }')" \
    "$(awk -v b="$((a_wasm + a_js))" 'BEGIN { printf "%.1f", b / 1024 }')" "$pages_split"
done
# What a first visit to each hydrated area transfers, measured in Chromium.
if [[ -d end2end/node_modules/@playwright ]] && command -v chromium >/dev/null; then
  echo
  BASE_URL="http://$APP_ADDR" RUNS=3 NODE_PATH=end2end/node_modules timeout 600 node bench/tti.cjs || echo "(bench/tti.cjs failed)"
fi
