#!/usr/bin/env bash
# Control-plane ingest timings on a real PostgreSQL (figures only; nothing is asserted): one run's events as the action
# sends them (a new connection, one call), the same run re-sent (all duplicates), and a backfill of 10,000 events as
# `ingest` sends them. Uses the server of ODOO_GATES_TEST_PG, or starts a throw-away one with .ci/postgres.
# Usage: bash bench/control-plane.sh [runs] [backfill events]   (default 50 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ODOO_GATES_TEST_PG:-}" ]; then
  eval "$(bash .ci/postgres start)"
  trap 'bash .ci/postgres stop' EXIT
fi
dotnet build bench/ControlPlaneIngest -c Release -nologo -v q
dotnet bench/ControlPlaneIngest/bin/Release/net10.0/ControlPlaneIngest.dll "${1:-50}" "${2:-10000}"
