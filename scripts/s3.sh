# Starts a throwaway S3-compatible server (moto, installed by
# `bootstrap.sh --test`) on 127.0.0.1:55490 for the object-store tests, with
# an empty bucket `tiranyx-test`; for test.sh to source, calling stop_s3 on
# exit. The settings go to the tests as TIRANYX_TEST_S3_*, never as AWS_*, so
# that no other test or tool picks them up by accident.
S3_PORT="${S3_PORT:-55490}"
S3_VENV="${S3_VENV:-${TIRANYX_TOOLS:-$HOME/.cache/tiranyx/tools}/s3-venv}"
if [[ ! -x "$S3_VENV/bin/moto_server" ]]; then
  echo "s3.sh: no moto server in $S3_VENV; run scripts/bootstrap.sh --test" >&2
  return 1
fi
# Whatever answered there instead of our server would get the tests' requests.
if (exec 3<>"/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null; then
  echo "s3.sh: port $S3_PORT on 127.0.0.1 is already in use; stop that program or set S3_PORT" >&2
  return 1
fi
S3_DIR="$(mktemp -d /tmp/tiranyx-s3.XXXXXX)"
# moto keeps the objects in memory, spooling large ones to temp files: keep
# those in S3_DIR. exec: S3_PID is the server itself (one process, no
# reloader), so stop_s3 ends exactly it.
(cd "$S3_DIR" && TMPDIR="$S3_DIR" \
  exec "$S3_VENV/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT" \
  >"$S3_DIR/server.log" 2>&1 </dev/null) &
S3_PID=$!

stop_s3() {
  if [[ -n "${S3_PID:-}" ]]; then
    kill -TERM "$S3_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$S3_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$S3_PID" 2>/dev/null || true
    wait "$S3_PID" 2>/dev/null || true
    S3_PID=
  fi
  [[ -n "${S3_DIR:-}" ]] && rm -rf "$S3_DIR"
  return 0
}

# Wait (30 s at most) until it answers, then create the bucket: moto takes an
# unsigned PUT.
s3_deadline=$((SECONDS + 30))
until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$S3_PORT/" 2>/dev/null; do
  if ! kill -0 "$S3_PID" 2>/dev/null || (( SECONDS >= s3_deadline )); then
    echo "s3.sh: the S3 server on 127.0.0.1:$S3_PORT never answered; its log:" >&2
    cat "$S3_DIR/server.log" >&2 || true
    stop_s3
    return 1
  fi
  sleep 0.2
done
unset s3_deadline
if ! curl -fsS -o /dev/null --max-time 10 -X PUT "http://127.0.0.1:$S3_PORT/tiranyx-test"; then
  echo "s3.sh: could not create the bucket tiranyx-test; the server's log:" >&2
  cat "$S3_DIR/server.log" >&2 || true
  stop_s3
  return 1
fi

export TIRANYX_TEST_S3_URL="s3://tiranyx-test"
export TIRANYX_TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
export TIRANYX_TEST_S3_KEY_ID="test"
export TIRANYX_TEST_S3_SECRET="test"
export TIRANYX_TEST_S3_REGION="us-east-1"
