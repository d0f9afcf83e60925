#!/usr/bin/env bash
# Pass the tests: prepare Odoo 17, the requirements and PostgreSQL, install
# the addons with their demo data in a fresh throwaway database, run every
# addon test and every scenario under tests/ with pytest-odoo.
# Extra arguments go to pytest (e.g. -k invoicing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare requirements-test.txt
# the HttpCase tours run in headless Chromium
ensure_debian_package chromium chromium
# the PDF tests render real PDFs (they skip without wkhtmltopdf), and read
# their text with pdftotext
ensure_debian_package wkhtmltopdf wkhtmltopdf
ensure_debian_package pdftotext poppler-utils
# the optional job-queue bridge is tested too (setup/run.sh leaves it out)
[ -f "$REPO_DIR/cloudworkz_support_queue/__manifest__.py" ] \
    && CW_MODULES="$CW_MODULES,cloudworkz_support_queue"
DB="cw_test_$(date +%s)_$$"
cleanup() { dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -rf "$STATE_DIR/data/filestore/$DB"; }
trap cleanup EXIT

log "creating throwaway database $DB"
create_db "$DB" True >/dev/null
install_addons "$DB"
psql -d "$DB" -tAc "select name from ir_module_module where name like 'cloudworkz%' and state <> 'installed'" \
    | grep . && { log "an addon did not install"; exit 1; }
# Odoo installs an addon without its demo data when that data fails: say so
psql -d "$DB" -tAc "select name from ir_module_module where name like 'cloudworkz%' and not demo" \
    | grep . && { log "an addon's demo data did not load"; exit 1; }

cd "$REPO_DIR"
test_dirs=()
for dir in cloudworkz_*/tests tests; do
    [ -d "$dir" ] && test_dirs+=("$dir")
done
log "running pytest on ${test_dirs[*]}"
"$PYTHON" -m pytest -p no:cacheprovider --odoo-config="$ODOO_CONF" --odoo-database="$DB" --odoo-http \
    --ignore=tests/benchmarks "${test_dirs[@]}" "$@"
