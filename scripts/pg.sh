# Starts a throwaway PostgreSQL server on 127.0.0.1:55432 for the data-layer
# tests; sourced by test.sh, which stops it on exit.
PG_PORT="${PG_PORT:-55432}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
PG_DIR="$(mktemp -d /tmp/tiranyx-pg.XXXXXX)"
chmod 755 "$PG_DIR"
pg_as() {
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres:postgres "$PG_DIR"
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}
pg_as "'$PG_BIN/initdb' -D '$PG_DIR/data' -A trust -U postgres --no-sync >'$PG_DIR/initdb.log' 2>&1"
pg_as "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w -o \"-p $PG_PORT -k '$PG_DIR' -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
export TIRANYX_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
stop_pg() { pg_as "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m fast stop >/dev/null 2>&1" || true; rm -rf "$PG_DIR"; }
