#!/usr/bin/env python3
# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Regenerate each addon's i18n/<addon>.pot from a database where the addons
are installed, merge it into i18n/sv.po, and list what is left to translate.

    python3 setup/update_translations.py -c .state/odoo.conf -d DB [addon ...]

New terms enter sv.po with an empty msgstr; terms gone from the code are
dropped. Translate the listed terms in sv.po, then run the test command
(tests/test_translations.py checks that every term has its Swedish).
"""

import argparse
import io
import os
import sys

import polib

import odoo
from odoo.tools.translate import trans_export

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("addons", nargs="*")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level", "warn"])
    addons = args.addons or sorted(
        name
        for name in os.listdir(ROOT)
        if name.startswith("cloudworkz_")
        and os.path.exists(os.path.join(ROOT, name, "__manifest__.py"))
    )
    registry = odoo.registry(args.database)
    untranslated = 0
    with registry.cursor() as cr:
        cr.execute(
            "SELECT name FROM ir_module_module WHERE state = 'installed' "
            "AND name IN %s",
            [tuple(addons)],
        )
        installed = {name for (name,) in cr.fetchall()}
        for addon in addons:
            if addon not in installed:
                # its terms cannot be read: its files stay as they are
                print(f"{addon}: not installed in {args.database}, skipped")
                continue
            buffer = io.BytesIO()
            trans_export(False, [addon], buffer, "po", cr)
            pot_path = os.path.join(ROOT, addon, "i18n", f"{addon}.pot")
            os.makedirs(os.path.dirname(pot_path), exist_ok=True)
            with open(pot_path, "wb") as pot_file:
                pot_file.write(buffer.getvalue())
            pot = polib.pofile(buffer.getvalue().decode())
            po_path = os.path.join(ROOT, addon, "i18n", "sv.po")
            po = polib.pofile(po_path) if os.path.exists(po_path) else polib.POFile()
            po.merge(pot)
            for entry in po.obsolete_entries():
                po.remove(entry)
            po.metadata.update(
                {"Language": "sv", "Content-Type": "text/plain; charset=UTF-8"}
            )
            po.save(po_path)
            missing = [e for e in po if not e.msgstr and not e.obsolete]
            untranslated += len(missing)
            for entry in missing:
                print(f"{addon}\t{entry.msgid!r}")
    print(f"{untranslated} terms without Swedish", file=sys.stderr)


if __name__ == "__main__":
    main()
