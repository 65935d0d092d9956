# shellcheck shell=bash
# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh &&
# start_postgres`): starts a throw-away PostgreSQL cluster for the store
# tests and exports CASEFILE_TEST_POSTGRES, the URL of an empty database
# in it. The cluster listens on a Unix socket in its own temporary folder
# only (no TCP port, so parallel runs do not collide), runs as the
# `postgres` user (PostgreSQL refuses to run as root) and is deleted when
# the shell exits.

start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "installing PostgreSQL (Debian's postgresql)"
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
      bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    else
      echo "PostgreSQL is not installed and this is not root: PostgreSQL store tests will be skipped" >&2
      return 0
    fi
  fi
  local user=""
  if [ "$(id -u)" = 0 ]; then
    user=postgres
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
  fi
  PG_TMP=$(mktemp -d /tmp/casefile-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  if [ -n "$user" ]; then chown "$user" "$PG_TMP"; fi
  as_pg() { if [ -n "$user" ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
  local port=55432
  as_pg "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log"; return 1; }
  # Throw-away: no durability settings, no TCP.
  as_pg "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 30 \
    -o "-k $PG_TMP -p $port -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_TMP/server.log"; return 1; }
  PG_BIN=$bin
  PG_USER=$user
  trap stop_postgres EXIT
  # An English (ICU) collation, as many real databases have, where
  # "B" sorts after "a": the store must not depend on the default one.
  "$bin/createdb" -h "$PG_TMP" -p "$port" -U postgres -T template0 \
    --locale-provider=icu --icu-locale=en-US --locale=C.UTF-8 casefile_test 2>/dev/null \
    || "$bin/createdb" -h "$PG_TMP" -p "$port" -U postgres casefile_test
  export CASEFILE_TEST_POSTGRES="postgres://postgres@/casefile_test?host=$PG_TMP&port=$port&sslmode=disable"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running for the tests: $CASEFILE_TEST_POSTGRES"
}

stop_postgres() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
    if [ -n "${PG_USER:-}" ]; then
      runuser -u "$PG_USER" -- "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    else
      "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TMP"
  fi
}
