#!/usr/bin/env bash
# Run the product: prepare Odoo 17, the requirements and PostgreSQL, create
# or update the demo database with the addons and their demo data, and start
# Odoo on http://localhost:8069 (CW_HTTP_PORT to change the port, CW_DB the
# database name).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare requirements.txt
# PDF reports (invoices, statements) need wkhtmltopdf: Debian's package
ensure_debian_package wkhtmltopdf wkhtmltopdf
DB="${CW_DB:-cloudworkz_demo}"
create_db "$DB" True
install_addons "$DB"
port="${CW_HTTP_PORT:-8069}"
cat <<MSG

  Odoo 17 with the Cloudworkz addons: http://localhost:$port
  Database: $DB    Login: admin    Password: admin

MSG
exec "$PYTHON" -c 'import odoo.cli; odoo.cli.main()' -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$"
