#!/usr/bin/env bash
# Installs, only when missing, every tool the build needs; with --test also
# what the tests need. Safe to run any number of times. Nothing is downloaded
# at build time afterwards.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"

want_test=false
[[ "${1:-}" == "--test" ]] && want_test=true

say() { printf '\033[1;36m[bootstrap]\033[0m %s\n' "$*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

apt_updated=false
apt_install() {
  if ! $apt_updated; then
    as_root apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@"
}

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. cargo-leptos, pinned: 0.3.11 needs a newer rustc than this toolchain.
if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  say "installing cargo-leptos 0.3.10 (takes ~15 min once)"
  cargo install cargo-leptos --locked --version 0.3.10
fi

# 3. wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock,
#    or the generated JS glue does not match the wasm.
locked=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ -z "$locked" ]]; then
  echo "bootstrap: no wasm-bindgen in Cargo.lock; run 'cargo generate-lockfile' first" >&2
  exit 1
fi
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [[ "$have" != "$locked" ]]; then
  say "installing wasm-bindgen-cli $locked (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$locked" --force
  have=$(wasm-bindgen --version | awk '{print $2}')
  if [[ "$have" != "$locked" ]]; then
    echo "bootstrap: wasm-bindgen-cli is $have but Cargo.lock has wasm-bindgen $locked" >&2
    exit 1
  fi
fi

# 4. wasm-opt from binaryen 132, the npm package (JS + wasm, no download at
#    run time). Debian's binaryen 108 predates the wasm features Rust now
#    emits by default and corrupts the externref table: hydration then fails.
if [[ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "132" ]]; then
  say "installing binaryen 132 (wasm-opt) into $TIRANYX_TOOLS"
  mkdir -p "$TIRANYX_TOOLS"
  npm install --no-audit --no-fund --prefix "$TIRANYX_TOOLS" binaryen@132
fi

# 5. brotli and openssl: scripts/bundles.sh names the areas' bundles by
#    their md5 and precompresses them (release builds: tests and deploys).
if ! command -v brotli >/dev/null || ! command -v openssl >/dev/null; then
  say "installing brotli and openssl"
  apt_install brotli openssl
fi

if $want_test; then
  if ! command -v chromium >/dev/null; then
    say "installing chromium"
    apt_install chromium
  fi
  # The W3C Nu HTML checker (npm `vnu-jar`) runs on Java.
  if ! command -v java >/dev/null; then
    say "installing a Java runtime (for the W3C Nu HTML checker)"
    apt_install default-jre-headless
  fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "installing postgresql"
    apt_install postgresql
  fi
  # The load balancer of the two-instance test (server/tests/instances.rs).
  if ! command -v nginx >/dev/null 2>&1; then
    say "installing nginx"
    apt_install nginx
  fi
  # An S3-compatible server for the object-store tests (scripts/s3.sh): moto's
  # server mode from PyPI, pinned, in a virtualenv in the tools cache. Only
  # its S3 extra plus Flask: `moto[server]` drags in every AWS service's
  # dependencies (cfn-lint, docker, ...), twice the size and install time.
  # ~25 s once; the import check redoes a half-finished install.
  s3_venv="${S3_VENV:-$TIRANYX_TOOLS/s3-venv}"
  moto_version=5.2.5
  if [[ "$("$s3_venv/bin/python" -c 'import moto, flask, flask_cors; print(moto.__version__)' 2>/dev/null)" != "$moto_version" ]]; then
    say "installing moto $moto_version (S3 server for the tests) into $s3_venv"
    mkdir -p "$TIRANYX_TOOLS"
    python3 -m venv --clear "$s3_venv"
    timeout 600 "$s3_venv/bin/pip" install -q --disable-pip-version-check \
      "moto[s3]==$moto_version" "flask==3.1.3" "flask-cors==6.0.5"
  fi
  if [[ ! -d end2end/node_modules/@playwright ]] || [[ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
    say "installing end-to-end test packages"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
fi
say "tools ready"
