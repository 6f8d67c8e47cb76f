# syntax=docker/dockerfile:1
#
# The Tiranyx container image: `docker build -t tiranyx .` (BuildKit, the
# default builder since Docker 23). Two stages: a Rust toolchain that runs
# `cargo leptos build --release`, then Debian slim with the binary and the
# site folder only. README, "Deploy".

############################################################################
# Build
############################################################################
FROM rust:1.95-bookworm AS builder

# The tools are pinned like scripts/bootstrap.sh pins them.
# cargo-leptos 0.3.10: the version the project builds and tests with.
ARG CARGO_LEPTOS_VERSION=0.3.10
# Exactly the wasm-bindgen version in Cargo.lock, or the generated JS glue
# does not match the wasm (checked against Cargo.lock below).
ARG WASM_BINDGEN_VERSION=0.2.130
# wasm-opt from binaryen 132, the official release tarball. Not Debian's
# package: bookworm ships binaryen 108, which predates the wasm features Rust
# emits by default and corrupts the externref table (hydration then fails).
# The x86_64 digest is pinned; on arm64 the digest published beside the
# tarball is checked.
ARG BINARYEN_VERSION=132
ARG BINARYEN_SHA256_X86_64=195ddc94f9bc89f45abdabb0b9eea86023d727ba90eac8b35b80f2544fc30572
ARG TARGETARCH

RUN rustup target add wasm32-unknown-unknown
# brotli precompresses the areas' bundles (scripts/bundles.sh).
RUN apt-get update \
 && apt-get install -y --no-install-recommends brotli \
 && rm -rf /var/lib/apt/lists/*

RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git,sharing=locked \
    cargo install cargo-leptos --version "${CARGO_LEPTOS_VERSION}" --locked \
 && cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --locked

RUN set -eux; \
    case "${TARGETARCH:-amd64}" in \
      amd64) arch=x86_64 ;; \
      arm64) arch=aarch64 ;; \
      *) echo "no binaryen release for ${TARGETARCH}" >&2; exit 1 ;; \
    esac; \
    tarball="binaryen-version_${BINARYEN_VERSION}-${arch}-linux.tar.gz"; \
    url="https://github.com/WebAssembly/binaryen/releases/download/version_${BINARYEN_VERSION}/${tarball}"; \
    curl -fsSL -o "/tmp/${tarball}" "${url}"; \
    if [ "${arch}" = x86_64 ]; then sum="${BINARYEN_SHA256_X86_64}"; \
    else sum="$(curl -fsSL "${url}.sha256" | cut -d' ' -f1)"; fi; \
    echo "${sum}  /tmp/${tarball}" | sha256sum -c -; \
    mkdir -p /opt/binaryen; \
    tar -xzf "/tmp/${tarball}" -C /opt/binaryen --strip-components=1; \
    rm "/tmp/${tarball}"; \
    /opt/binaryen/bin/wasm-opt --version | grep -q "version ${BINARYEN_VERSION}"
# cargo-leptos takes wasm-opt and wasm-bindgen from PATH (it would download
# other versions otherwise).
ENV PATH=/opt/binaryen/bin:$PATH

WORKDIR /src
COPY . .

# The same check as scripts/bootstrap.sh: the CLI must match Cargo.lock.
RUN locked="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"; \
    if [ "${locked}" != "${WASM_BINDGEN_VERSION}" ]; then \
      echo "Cargo.lock has wasm-bindgen ${locked}: build with --build-arg WASM_BINDGEN_VERSION=${locked}" >&2; \
      exit 1; \
    fi

# The cargo target folder is a BuildKit cache (kept between builds, not in the
# image), so the binary is copied out in the same step. cargo-leptos writes
# the site (pkg/ and public/) to site-root = "target/site" under /src, which
# is not the cache.
ENV CARGO_TARGET_DIR=/cargo-target
RUN --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,target=/usr/local/cargo/git,sharing=locked \
    --mount=type=cache,target=/cargo-target,sharing=locked \
    cargo leptos build --release --precompress --cargo-locked \
 && ./scripts/bundles.sh \
 && mkdir -p /out \
 && cp /cargo-target/release/tiranyx /out/tiranyx \
 && cp /cargo-target/release/hash.txt /out/hash.txt \
 && cp -r target/site /out/site

############################################################################
# Run
############################################################################
FROM debian:bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 tiranyx \
 && useradd --system --uid 10001 --gid tiranyx --home-dir /data \
      --no-create-home --shell /usr/sbin/nologin tiranyx \
 && mkdir -p /data \
 && chown tiranyx:tiranyx /data

COPY --from=builder /out/tiranyx /usr/local/bin/tiranyx
# The bundle's content-hashed names (hash-files): Leptos reads them from
# beside the binary.
COPY --from=builder /out/hash.txt /usr/local/bin/hash.txt
COPY --from=builder /out/site /opt/tiranyx/site

# What deploy/tiranyx.service sets, plus every local path under /data (the
# SQLite database, uploads, private files, backups). Everything else
# (secrets, SITE_URL, SMTP, payments) comes at run time: README,
# "Configuration", and deploy/tiranyx.env.example. APP_ENV=production makes
# the server refuse to start until they are given.
ENV LEPTOS_SITE_ROOT=/opt/tiranyx/site \
    LEPTOS_SITE_ADDR=0.0.0.0:3001 \
    LEPTOS_ENV=PROD \
    LEPTOS_HASH_FILES=true \
    APP_ENV=production \
    LOG_FORMAT=json \
    DATABASE_URL=sqlite:///data/tiranyx.db?mode=rwc \
    UPLOADS_DIR=/data/uploads \
    PRIVATE_FILES_DIR=/data/private \
    BACKUP_DIR=/data/backups \
    MAIL_OUTBOX_DIR=/data/outbox

WORKDIR /data
VOLUME ["/data"]
USER 10001:10001
EXPOSE 3001

# No HEALTHCHECK: the image has no HTTP client and the binary no probe
# command. Probe GET /livez (liveness) or /readyz (readiness) from outside;
# deploy/compose.yaml does it with bash's /dev/tcp.
# On SIGTERM the server drains (SHUTDOWN_DRAIN_SECS) and finishes in-flight
# requests: give `docker stop` more than its default 10 s (--time 45).
STOPSIGNAL SIGTERM
ENTRYPOINT ["tiranyx"]
CMD ["serve"]
