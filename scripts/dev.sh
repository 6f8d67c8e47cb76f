#!/usr/bin/env bash
# Runs the site on http://127.0.0.1:3000 with live reload: SQLite under data/,
# migrated on start, demo content loaded, payments simulated. Nothing else
# to start.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/bootstrap.sh"
cd "$REPO_ROOT"
export DEMO_CONTENT="${DEMO_CONTENT:-true}"
# Midtrans' stand-in on this server (refused in production): buy a demo
# product end to end with no payment account.
export PAYMENT_SIMULATOR="${PAYMENT_SIMULATOR:-true}"
exec cargo leptos watch
