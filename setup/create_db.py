"""Create an Odoo database whose company is Swedish (country SE, currency SEK).

Odoo's own database manager does this when a country is chosen: the country's
chart of accounts (l10n_se) is then installed with `account`.
Usage: create_db.py -c odoo.conf DBNAME DEMO
"""

import sys

import odoo
from odoo.service import db


def main(argv):
    conf, name, demo = argv[1], argv[2], argv[3] == "True"
    odoo.tools.config.parse_config(["-c", conf])
    if db.exp_db_exist(name):
        print(f"database {name} exists")
        return 0
    db.exp_create_database(name, demo, "en_US", "admin", "admin", "SE")
    print(f"database {name} created")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
