#!/usr/bin/env bash
# Build every addon as an odoo-addon-* wheel, the way OCA ships its addons
# (the whool build backend of each addon's pyproject.toml), into DIR
# (default: dist/). Checks that each addon gave its wheel.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
out="${1:-$REPO_DIR/dist}"
mkdir -p "$out"
addons=()
for manifest in "$REPO_DIR"/cloudworkz_*/__manifest__.py; do
    addons+=("$(dirname "$manifest")")
done
"$PYTHON" -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$out" "${addons[@]}"
for addon in "${addons[@]}"; do
    name="$(basename "$addon")"
    ls "$out"/odoo_addon_"$name"-17.0.*-py3-none-any.whl >/dev/null \
        || { echo "no wheel for $name" >&2; exit 1; }
    echo "$(basename "$(ls "$out"/odoo_addon_"$name"-17.0.*.whl | tail -n 1)")"
done
