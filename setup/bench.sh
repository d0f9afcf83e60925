#!/usr/bin/env bash
# Benchmarks (not part of the test run): a fresh database without demo data,
# generated agreements, and the figures printed and written to
# tests/benchmarks/results/. Sizes: CW_BENCH_AGREEMENTS (default 1000,5000),
# CW_BENCH_HISTORY (default 100,1000,10000,100000).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare requirements-test.txt
DB="cw_bench_$(date +%s)"
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$STATE_DIR/data/filestore/$DB"; }
trap cleanup EXIT
create_db "$DB" False >/dev/null
install_addons "$DB"
out="$REPO_DIR/tests/benchmarks/results/$(date +%Y-%m-%d)-$(hostname).md"
"$PYTHON" "$REPO_DIR/tests/benchmarks/bench.py" -c "$ODOO_CONF" -d "$DB" \
    --agreements "${CW_BENCH_AGREEMENTS-1000,5000}" \
    --history "${CW_BENCH_HISTORY-100,1000,10000,100000}" \
    --out "$out" "$@"
log "results written to $out"
