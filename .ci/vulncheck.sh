#!/usr/bin/env bash
# govulncheck ./... offline. vuln.go.dev cannot be reached from here, so
# the vulnerability database is built from the golang.org/x/vulndb
# module (its data/osv folder holds every Go advisory as OSV JSON),
# fetched through the Go module proxy and indexed into govulncheck's v1
# database layout by vulndb's own cmd/indexdb. The database, and
# govulncheck built by the Go toolchain in use (it must load that
# toolchain's standard library), are cached per version under
# CASEFILE_VULN_CACHE (default ~/.cache/casefile-vuln). Bump
# VULNDB_VERSION to the newest pseudo-version the proxy serves to get
# newer advisories.
#
# Exit status: govulncheck's (0 clean, 3 vulnerabilities in called code).
set -euo pipefail
cd "$(dirname "$0")/.."
VULN_VERSION=v1.9.0
VULNDB_VERSION=v0.0.0-20261105234957-e22db6528018
cache="${CASEFILE_VULN_CACHE:-$HOME/.cache/casefile-vuln}"
db="$cache/db-$VULNDB_VERSION"
bin="$cache/govulncheck-$VULN_VERSION-$(go env GOVERSION)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -f "$db/index/db.json" ]; then
  echo "building the vulnerability database from golang.org/x/vulndb@$VULNDB_VERSION"
  # Outside the module, so go.mod is left alone.
  osv=$(cd "$work" && go mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')/data/osv
  [ -d "$osv" ] || { echo "no data/osv in golang.org/x/vulndb@$VULNDB_VERSION" >&2; exit 1; }
  (cd "$work" && go run "golang.org/x/vulndb/cmd/indexdb@$VULNDB_VERSION" -vulns "$osv" -out "$work/db")
  mkdir -p "$cache"
  rm -rf "$db"
  mv "$work/db" "$db"
fi
if [ ! -x "$bin/govulncheck" ]; then
  echo "installing govulncheck $VULN_VERSION with $(go env GOVERSION)"
  (cd "$work" && GOBIN="$bin" go install "golang.org/x/vuln/cmd/govulncheck@$VULN_VERSION")
fi
echo "govulncheck $VULN_VERSION, database golang.org/x/vulndb@$VULNDB_VERSION ($(ls "$db/ID" | wc -l) advisories), $(go env GOVERSION)"
"$bin/govulncheck" -db "file://$db" ./...
