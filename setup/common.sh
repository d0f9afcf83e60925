#!/usr/bin/env bash
# Shared preparation for setup/run.sh and setup/test.sh. Every step is
# idempotent: it checks first and only acts when something is missing.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
STATE_DIR="${CW_STATE_DIR:-$REPO_DIR/.state}"
ODOO_CONF="$STATE_DIR/odoo.conf"
# Official Odoo 17 Community source release, used only when no Odoo 17 is importable.
ODOO_SOURCE_URL="${ODOO_SOURCE_URL:-https://nightly.odoo.com/17.0/nightly/src/odoo_17.0.latest.tar.gz}"
CW_MODULES="cloudworkz_support_contract"
for extra in cloudworkz_coverage cloudworkz_prepaid_pack cloudworkz_support_sla; do
    [ -f "$REPO_DIR/$extra/__manifest__.py" ] && CW_MODULES="$CW_MODULES,$extra"
done

log() { printf '[cloudworkz] %s\n' "$*" >&2; }

have_odoo17() {
    "$PYTHON" -c 'import sys, odoo.release as r; sys.exit(0 if r.version_info[0] == 17 else 1)' \
        >/dev/null 2>&1
}

ensure_odoo() {
    if have_odoo17; then
        return
    fi
    log "Odoo 17 is not importable by $PYTHON: installing it from Odoo's official source"
    local tmp
    tmp="$(mktemp -d)"
    curl -fsSL "$ODOO_SOURCE_URL" -o "$tmp/odoo.tar.gz"
    tar -xzf "$tmp/odoo.tar.gz" -C "$tmp"
    local src
    src="$(find "$tmp" -maxdepth 1 -mindepth 1 -type d | head -n 1)"
    # python-ldap needs LDAP headers and only serves auth_ldap: skip it.
    grep -v '^python-ldap' "$src/requirements.txt" >"$tmp/requirements.txt"
    "$PYTHON" -m pip install --quiet 'setuptools<70' wheel
    "$PYTHON" -m pip install --quiet -r "$tmp/requirements.txt"
    # Non-editable, so that OCA wheels installing into odoo/addons do not hide it.
    "$PYTHON" -m pip install --quiet --no-deps "$src"
    rm -rf "$tmp"
    have_odoo17 || { log "Odoo 17 still not importable"; exit 1; }
}

ensure_requirements() {
    local req="$1"
    local stamp="$STATE_DIR/$(basename "$req").sha"
    local sum
    sum="$(cat "$REPO_DIR"/requirements*.txt | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] \
        && "$PYTHON" -c 'import odoo.addons.contract, odoo.addons.helpdesk_mgmt_timesheet' 2>/dev/null; then
        return
    fi
    log "installing Python requirements ($req)"
    "$PYTHON" -m pip install --quiet --disable-pip-version-check -r "$REPO_DIR/$req"
    echo "$sum" >"$stamp"
}

ensure_postgres() {
    if ! pg_isready -q 2>/dev/null; then
        log "PostgreSQL is not running: starting the local cluster"
        local ver
        ver="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
        if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver main"; then
            pg_createcluster "$ver" main >/dev/null
        fi
        pg_ctlcluster --skip-systemctl-redirect "$ver" main start
        for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
    fi
    # Odoo refuses the postgres superuser: use a role named after the OS user.
    local me
    me="$(id -un)"
    if [ "$me" = "postgres" ]; then
        log "run this as another user than postgres"
        exit 1
    fi
    if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ]; then
            su postgres -c "psql -v ON_ERROR_STOP=1 -q -c 'CREATE ROLE \"$me\" LOGIN CREATEDB'"
        else
            sudo -u postgres psql -v ON_ERROR_STOP=1 -q -c "CREATE ROLE \"$me\" LOGIN CREATEDB"
        fi
    fi
}

ensure_debian_package() {
    # ensure_debian_package COMMAND PACKAGE: install PACKAGE when COMMAND is missing
    command -v "$1" >/dev/null 2>&1 && return
    log "$1 is missing: installing the Debian package $2"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
    command -v "$1" >/dev/null 2>&1 || { log "could not install $2"; exit 1; }
}

write_config() {
    local addons
    # odoo.addons is a namespace package: its __path__ holds Odoo's own addons
    # and the folder where the OCA wheels installed theirs.
    addons="$("$PYTHON" -c 'import odoo.addons; print(",".join(p for p in odoo.addons.__path__))')"
    cat >"$ODOO_CONF" <<CONF
[options]
addons_path = $REPO_DIR,$addons
data_dir = $STATE_DIR/data
http_interface = 127.0.0.1
http_port = ${CW_HTTP_PORT:-8069}
list_db = True
without_demo = False
CONF
}

prepare() {
    mkdir -p "$STATE_DIR"
    ensure_odoo
    ensure_requirements "$1"
    ensure_postgres
    write_config
}

odoo_bin() {
    "$PYTHON" -c 'import odoo.cli; odoo.cli.main()' "$@"
}

install_addons() {
    # install_addons DB: the chart of accounts of the company's country comes
    # with `account` (l10n_se here); install it first so that the addons'
    # demo data (which invoices the months already over) finds its journals.
    local db="$1"
    local state
    state="$(psql -d "$db" -tAc "select state from ir_module_module where name = 'account'")"
    if [ "$state" != "installed" ]; then
        log "installing account and the company's chart of accounts into $db"
        odoo_bin -c "$ODOO_CONF" -d "$db" -i account --stop-after-init --log-level=warn 2>&1 \
            | { grep -v "security risk" || true; }
    fi
    # -i only for what is not installed yet: -i on an installed addon reloads
    # its data and demo files as on a first install, over the user's data.
    local installed missing=() present=()
    installed="$(psql -d "$db" -tAc "select name from ir_module_module where state = 'installed'")"
    for module in ${CW_MODULES//,/ }; do
        if grep -qx "$module" <<<"$installed"; then present+=("$module"); else missing+=("$module"); fi
    done
    local args=()
    if [ ${#missing[@]} -gt 0 ]; then args+=(-i "$(IFS=,; echo "${missing[*]}")"); fi
    if [ ${#present[@]} -gt 0 ]; then args+=(-u "$(IFS=,; echo "${present[*]}")"); fi
    log "installing or updating $CW_MODULES in $db (${args[*]})"
    odoo_bin -c "$ODOO_CONF" -d "$db" "${args[@]}" --stop-after-init \
        --log-level=warn 2>&1 | { grep -v "security risk" || true; }
}

create_db() {
    # create_db NAME DEMO(True|False): a Swedish company (SEK, Swedish chart)
    "$PYTHON" "$REPO_DIR/setup/create_db.py" -c "$ODOO_CONF" "$1" "$2"
}
