# Shared by the bench scripts (sourced): starts the release server in the
# background the way production runs it (demo content, hashed bundle,
# loopback trusted as the proxy), pinned to a CPU, from a scratch directory
# so no .env or relative data/ path of the checkout is picked up. exec keeps
# $! equal to the server's own pid. Needs APP_BIN and LEPTOS_SITE_ROOT.
#
#   start_tiranyx DIR ADDR CPU DATABASE_URL [NAME=value ...]   # log: DIR.log
start_tiranyx() {
  local dir="$1" addr="$2" cpu="$3" db="$4"
  shift 4
  mkdir -p "$dir"
  (
    cd "$dir"
    exec taskset -c "$cpu" env \
      DATABASE_URL="$db" \
      UPLOADS_DIR="$dir/uploads" \
      PRIVATE_FILES_DIR="$dir/private" \
      MAIL_OUTBOX_DIR="$dir/outbox" \
      DEMO_CONTENT=true \
      LEPTOS_SITE_ADDR="$addr" \
      LEPTOS_SITE_ROOT="$LEPTOS_SITE_ROOT" \
      LEPTOS_ENV=PROD \
      LEPTOS_HASH_FILES=true \
      TRUSTED_PROXIES=127.0.0.1 \
      RUST_LOG=warn \
      "$@" \
      "$APP_BIN" serve
  ) >"$dir.log" 2>&1 &
}
