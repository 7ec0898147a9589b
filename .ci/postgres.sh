#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the store's contract tests, or say why not.
#
#   eval "$(.ci/postgres.sh start)"   # prints `export PT_POSTGRES_DSN=... PT_POSTGRES_DIR=...`
#   .ci/postgres.sh stop "$PT_POSTGRES_DIR"
#
# `start` uses the server binaries on PATH or under /usr/lib/postgresql/*/bin; when there are
# none it installs Debian's `postgresql` package (as root, with apt-get).  It initialises a
# cluster in a new temporary directory, listens on a unix socket there only (no TCP port), and
# creates the database `personal_touch`.  PostgreSQL refuses to run as root, so as root the
# server runs as the `postgres` system user (created if missing).  When PT_POSTGRES_DSN is
# already set, that server is used and nothing is started.  On failure it prints why on stderr
# and exits 1; stdout then holds nothing to eval.
set -euo pipefail

PORT=54329
DB=personal_touch

log() { echo "postgres.sh: $*" >&2; }

bindir() {
    local found
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        # Through symlinks: createdb lives beside the real pg_ctl, not beside a link to it.
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "${found}" ] && [ -x "${found}/pg_ctl" ]; then
        echo "${found}"
        return 0
    fi
    return 1
}

install_server() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        log "no PostgreSQL server binaries, and cannot install them (needs root and apt-get)"
        return 1
    fi
    log "installing the OS package postgresql with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends postgresql >&2
}

# Run a server command as the unprivileged user when we are root.
as_server() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "${RUN_AS}" -- "$@"
    else
        "$@"
    fi
}

start() {
    if [ -n "${PT_POSTGRES_DSN:-}" ]; then
        log "PT_POSTGRES_DSN is already set: using that server"
        echo "export PT_POSTGRES_DSN='${PT_POSTGRES_DSN}'"
        return 0
    fi
    local bin dir
    bin="$(bindir)" || { install_server && bin="$(bindir)"; } || {
        log "no PostgreSQL server binaries found"
        return 1
    }
    RUN_AS=postgres
    if [ "$(id -u)" = 0 ] && ! id -u "${RUN_AS}" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "${RUN_AS}" >&2
    fi
    dir="$(mktemp -d /tmp/pt-postgres.XXXXXX)"
    chmod 755 "${dir}"
    if [ "$(id -u)" = 0 ]; then
        chown "${RUN_AS}" "${dir}"
    fi
    as_server "${bin}/initdb" -D "${dir}/data" -A trust -U postgres -E UTF8 --locale=C \
        --no-sync >"${dir}/initdb.log" 2>&1 || {
        log "initdb failed:"; cat "${dir}/initdb.log" >&2; return 1
    }
    as_server "${bin}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w -t 60 \
        -o "-k ${dir} -p ${PORT} -c listen_addresses= -c fsync=off -c max_connections=200" \
        start >&2 || {
        log "the server did not start:"; cat "${dir}/server.log" >&2; return 1
    }
    as_server "${bin}/createdb" -h "${dir}" -p "${PORT}" -U postgres "${DB}" >&2 || {
        log "createdb failed"; return 1
    }
    echo "export PT_POSTGRES_DSN='host=${dir} port=${PORT} user=postgres dbname=${DB}'"
    echo "export PT_POSTGRES_DIR='${dir}'"
    echo "export PT_POSTGRES_BIN='${bin}'"
    log "PostgreSQL is running in ${dir} (unix socket, port ${PORT})"
}

stop() {
    local dir="${1:-${PT_POSTGRES_DIR:-}}" bin
    [ -n "${dir}" ] && [ -d "${dir}/data" ] || return 0
    bin="${PT_POSTGRES_BIN:-$(bindir)}"
    RUN_AS="$(stat -c %U "${dir}/data")"
    as_server "${bin}/pg_ctl" -D "${dir}/data" -m fast -w stop >&2 || true
    rm -rf "${dir}"
}

case "${1:-start}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) log "usage: $0 start | stop DIR"; exit 2 ;;
esac
