#!/usr/bin/env bash
# Does an upgrade keep the money? setup/upgrade_check.sh [GIT_REF]
#
# 1. A database on the addons as they were at GIT_REF (default: HEAD~1, the
#    commit before the last one; any commit, branch or tag), without demo
#    data, works and invoices January to March 2026
#    (setup/upgrade_scenario.py).
# 2. It is upgraded to the working tree with `odoo-bin -u`, as an admin
#    does, and works and invoices April.
# 3. A fresh database on the working tree works and invoices all four
#    months.
# 4. Every invoice line, ledger row and pack balance of the two is compared:
#    exit 0 when they agree to the öre, 1 with the differences printed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

REF="${1:-HEAD~1}"
prepare requirements-test.txt
stamp="$(date +%s)"
OLD_DB="cw_upgrade_old_$stamp"
NEW_DB="cw_upgrade_new_$stamp"
WORK="$(mktemp -d)"
cleanup() {
    for db in "$OLD_DB" "$NEW_DB"; do
        dropdb --if-exists "$db" >/dev/null 2>&1 || true
        rm -rf "$STATE_DIR/data/filestore/$db"
    done
    # the two dumps stay for a look when they differ
    [ -f "$WORK/fresh.json" ] && cp "$WORK"/*.json "$STATE_DIR/" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

# the addons at REF, beside Odoo's and the OCA wheels' addons
mkdir -p "$WORK/old"
git -C "$REPO_DIR" archive "$REF" | tar -x -C "$WORK/old"
sed "s#^addons_path = $REPO_DIR,#addons_path = $WORK/old,#" "$ODOO_CONF" >"$WORK/old.conf"
grep -q "^addons_path = $WORK/old," "$WORK/old.conf" \
    || { log "could not point a configuration at $REF's addons"; exit 1; }
log "addons of $REF ($(git -C "$REPO_DIR" rev-parse --short "$REF")) in $WORK/old"
# shellcheck disable=SC2046
if git -C "$REPO_DIR" diff --quiet "$REF" -- $(cd "$REPO_DIR" && ls -d cloudworkz_*/); then
    log "the addons at $REF are the working tree's: nothing to upgrade (give the"
    log "commit the database to upgrade runs, e.g. the last release)"
    exit 1
fi

NEW_CONF="$ODOO_CONF"
NEW_MODULES="$CW_MODULES"
ODOO_CONF="$WORK/old.conf"
CW_MODULES=""
for module in ${NEW_MODULES//,/ }; do
    [ -f "$WORK/old/$module/__manifest__.py" ] && CW_MODULES="${CW_MODULES:+$CW_MODULES,}$module"
done
create_db "$OLD_DB" False >/dev/null
install_addons "$OLD_DB"
# the same scenario for both databases: the working tree's
log "$REF: January to March"
"$PYTHON" "$REPO_DIR/setup/upgrade_scenario.py" -c "$ODOO_CONF" -d "$OLD_DB" --months 1-3

ODOO_CONF="$NEW_CONF"
CW_MODULES="$NEW_MODULES"
log "upgrading $OLD_DB to the working tree"
install_addons "$OLD_DB"
log "upgraded: April"
"$PYTHON" "$REPO_DIR/setup/upgrade_scenario.py" -c "$ODOO_CONF" -d "$OLD_DB" --months 4 \
    --dump "$WORK/upgraded.json"

log "fresh database on the working tree: January to April"
create_db "$NEW_DB" False >/dev/null
install_addons "$NEW_DB"
"$PYTHON" "$REPO_DIR/setup/upgrade_scenario.py" -c "$ODOO_CONF" -d "$NEW_DB" --months 1-4 \
    --dump "$WORK/fresh.json"

"$PYTHON" - "$WORK/upgraded.json" "$WORK/fresh.json" <<'PY'
import json
import sys

upgraded, fresh = (json.load(open(path)) for path in sys.argv[1:])
differences = 0
for part in ("agreements", "invoices", "ledger", "packs"):
    a, b = upgraded[part], fresh[part]
    for i in range(max(len(a), len(b))):
        left = a[i] if i < len(a) else None
        right = b[i] if i < len(b) else None
        if left != right:
            differences += 1
            print(f"{part} #{i}:\n  upgraded: {left}\n  fresh:    {right}")
total = sum(inv["total"] for inv in fresh["invoices"])
print(
    f"{len(fresh['invoices'])} invoices ({total:.2f} SEK incl. VAT), "
    f"{len(fresh['ledger'])} ledger rows, {len(fresh['packs'])} packs: "
    + ("the upgraded database and the fresh one agree"
       if not differences else f"{differences} differences")
)
if len(fresh["invoices"]) < 6 or not fresh["ledger"] or not fresh["packs"]:
    print("the scenario made too little to compare")
    differences += 1
sys.exit(1 if differences else 0)
PY
