#!/usr/bin/env bash
# Scale-out benchmark (issue 16): a public page and a signed-in member's
# dashboard through nginx, with one and with two `tiranyx serve` instances on
# one PostgreSQL database, and the same pages from a single instance on
# SQLite, in one run. Uses the release build `bench/run.sh` (or
# `cargo leptos build --release`) left; PostgreSQL and nginx are Debian's,
# started on loopback by this script (scripts/pg.sh). Run by hand, not in CI;
# see bench/README.md.
#
#   bench/instances.sh                # 10 s of load per page and setup
#   DURATION=30s bench/instances.sh
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$REPO_ROOT"

DURATION="${DURATION:-10s}"
PUBLIC_PAGE="${PUBLIC_PAGE:-/blog/kenapa-kami-memakai-rust-untuk-backend}"
MEMBER_PAGE="${MEMBER_PAGE:-/dashboard}"
# Instance one on CPU 0 and instance two on CPU 1; nginx, PostgreSQL and wrk
# share the machine (a 2-core machine is saturated either way: the ratio
# says what a second instance adds when they compete for the same cores).
APP_BIN="$CARGO_TARGET_DIR/release/tiranyx"
[[ -x "$APP_BIN" ]] || { echo "bench: no release build; run cargo leptos build --release" >&2; exit 1; }
command -v nginx >/dev/null || { echo "bench: nginx missing (scripts/bootstrap.sh --test)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk missing (apt-get install wrk)" >&2; exit 1; }

step() { printf '\n\033[1;35m==> %s\033[0m\n' "$*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

TMP="$(mktemp -d /tmp/tiranyx-scale.XXXXXX)"
chmod 755 "$TMP"
pids=()
nginx_dirs=()
cleanup() {
  local pid d
  for d in "${nginx_dirs[@]}"; do
    [[ -f "$d/nginx.pid" ]] && kill "$(cat "$d/nginx.pid")" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do timeout 35 tail --pid="$pid" -f /dev/null 2>/dev/null || true; done
  declare -F stop_pg >/dev/null && stop_pg
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "starting PostgreSQL"
PG_PORT="${PG_PORT:-55470}"
source "$REPO_ROOT/scripts/pg.sh"
PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"

source "$REPO_ROOT/bench/lib.sh"
start_instance() { # name port cpu database_url
  start_tiranyx "$TMP/$1" "127.0.0.1:$2" "$3" "$4" INSTANCE_ID="$1"
  pids+=("$!")
  for _ in $(seq 1 150); do
    curl -fsS --max-time 2 "http://127.0.0.1:$2/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  tail -n 50 "$TMP/$1.log" >&2
  die "instance $1 did not become ready on port $2"
}

# nginx as deploy/nginx.conf balances: an upstream pool with keepalive.
start_nginx() { # port upstream-port...
  local port="$1" d="$TMP/nginx-$1" servers="" p user=""
  shift
  for p in "$@"; do servers+="    server 127.0.0.1:$p;"$'\n'; done
  [[ $(id -u) -eq 0 ]] && user="user root;"
  mkdir -p "$d"
  cat >"$d/nginx.conf" <<CONF
$user
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $d/body;
  proxy_temp_path $d/proxy;
  fastcgi_temp_path $d/fcgi;
  uwsgi_temp_path $d/uwsgi;
  scgi_temp_path $d/scgi;
  upstream tiranyx {
$servers    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://tiranyx;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
  nginx -c "$d/nginx.conf" -p "$d" || die "nginx did not start on $port"
  nginx_dirs+=("$d")
}

step "starting the instances (two on PostgreSQL, one on SQLite) and nginx"
start_instance pg-one 3530 0 "$PG_URL"
start_instance pg-two 3531 1 "$PG_URL"
start_instance sqlite 3532 0 "sqlite://$TMP/sqlite/bench.db?mode=rwc"
start_nginx 3540 3530        # PostgreSQL, one instance
start_nginx 3541 3530 3531   # PostgreSQL, two instances
start_nginx 3542 3532        # SQLite, one instance

# The demo client's session cookie through a front (a member's dashboard).
login() { # front-port
  local jar="$TMP/jar-$1"
  curl -fsS -o /dev/null -c "$jar" \
    -H "Origin: http://127.0.0.1:$1" -H "Sec-Fetch-Site: same-origin" \
    --data-urlencode "email=klien@tiranyx.test" \
    --data-urlencode "password=demo-klien-tiranyx" \
    "http://127.0.0.1:$1/login" || die "login through $1 failed"
  # HttpOnly cookies are written as "#HttpOnly_<domain>" lines.
  sed 's/^#HttpOnly_//' "$jar" |
    awk '!/^#/ && NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }'
}

parse_wrk() { # -> "rps p99_ms"
  awk '
    function ms(v) {
      if (v ~ /us$/)      { sub(/us$/, "", v); return v / 1000 }
      else if (v ~ /ms$/) { sub(/ms$/, "", v); return v }
      else if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
    }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    END { if (rps == "") exit 1; printf "%.0f %.2f\n", rps, p99 }' "$1"
}

measure() { # front-port page [cookie] -> "rps p99"
  local out="$TMP/wrk-$1-${2//\//_}" args=()
  [[ -n "${3:-}" ]] && args=(-H "Cookie: $3")
  # Warm-up (connections, the render cache, prepared statements).
  wrk -t1 -c8 -d2s "${args[@]}" "http://127.0.0.1:$1$2" >/dev/null 2>&1 || true
  wrk -t2 -c64 -d"$DURATION" --latency "${args[@]}" "http://127.0.0.1:$1$2" >"$out" 2>&1 \
    || die "wrk failed: $(cat "$out")"
  if grep -q 'Non-2xx or 3xx' "$out"; then die "errors from $1$2: $(grep Non-2xx "$out")"; fi
  parse_wrk "$out"
}

rows=()
for page in "$PUBLIC_PAGE" "$MEMBER_PAGE"; do
  declare -A result=()
  for front in 3542 3540 3541; do
    cookie=""
    if [[ "$page" == "$MEMBER_PAGE" ]]; then
      cookie="$(login "$front")"
      code="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$front$page")"
      [[ "$code" == 200 ]] || die "$page through $front answered $code with the member's cookie"
    fi
    step "wrk $page through nginx :$front"
    result[$front]="$(measure "$front" "$page" "$cookie")"
  done
  read -r sq_rps sq_p99 <<<"${result[3542]}"
  read -r one_rps one_p99 <<<"${result[3540]}"
  read -r two_rps two_p99 <<<"${result[3541]}"
  ratio="$(awk -v a="$two_rps" -v b="$one_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  rows+=("| $page | $sq_rps / $sq_p99 | $one_rps / $one_p99 | $two_rps / $two_p99 | $ratio |")
  unset result
done

echo
echo "Tiranyx scale-out, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, through nginx, wrk -t2 -c64 -d$DURATION"
echo
echo "| page | SQLite, 1 instance: req/s / p99 ms | PostgreSQL, 1 instance | PostgreSQL, 2 instances | 2 ÷ 1 |"
echo "|------|-----------------------------------:|-----------------------:|------------------------:|------:|"
printf '%s\n' "${rows[@]}"
