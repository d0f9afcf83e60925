#!/usr/bin/env bash
# Benchmarks (not part of the test run): a fresh database without demo data,
# generated agreements, and the figures printed and written to
# tests/benchmarks/results/. In-process sizes: CW_BENCH_AGREEMENTS (default
# 1000,5000), CW_BENCH_HISTORY (default 100,1000,10000,100000). Prefork
# server sizes: CW_BENCH_PREFORK (default "1000 10000"; each in a copy of the
# fresh database, with OCA's cron, ours, and ours through queue_job with 1
# and 2 job workers; CW_BENCH_QUEUE=0 leaves those out). An empty value
# skips that part.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare requirements-test.txt
DB="cw_bench_$(date +%s)"
cleanup() {
    for db in "$DB" "${DB}_clean" "${DB}_pf"; do
        dropdb --if-exists "$db" >/dev/null 2>&1 || true
        rm -rf "$STATE_DIR/data/filestore/$db"
    done
}
trap cleanup EXIT
create_db "$DB" False >/dev/null
install_addons "$DB"
# a clean copy for the prefork runs (they install the queue_job bridge)
createdb -T "$DB" "${DB}_clean"
out="$REPO_DIR/tests/benchmarks/results/$(date +%Y-%m-%d)-$(hostname).md"
"$PYTHON" "$REPO_DIR/tests/benchmarks/bench.py" -c "$ODOO_CONF" -d "$DB" \
    --agreements "${CW_BENCH_AGREEMENTS-1000,5000}" \
    --history "${CW_BENCH_HISTORY-100,1000,10000,100000}" \
    --out "$out" "$@"
# CW_BENCH_QUEUE=0 leaves out the queue_job runs
queue_flag="--queue"
[ "${CW_BENCH_QUEUE-1}" = "0" ] && queue_flag=""
for size in ${CW_BENCH_PREFORK-1000 10000}; do
    [ -n "$size" ] || continue
    dropdb --if-exists "${DB}_pf" >/dev/null 2>&1 || true
    createdb -T "${DB}_clean" "${DB}_pf"
    log "prefork server run: $size agreements"
    "$PYTHON" "$REPO_DIR/tests/benchmarks/prefork.py" -c "$ODOO_CONF" -d "${DB}_pf" \
        --size "$size" ${queue_flag} --out "$out"
done
log "results written to $out"
