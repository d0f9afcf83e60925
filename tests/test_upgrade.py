# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Updating an installed addon (``-u``, which setup/run.sh does on every
start) reloads its data and demo files: that must go through on a database
whose demo agreements were already invoiced."""

import os

from odoo.modules.module import get_manifest
from odoo.tools import convert_file

from .common import ScenarioCase


class TestUpdateReloadsData(ScenarioCase):
    def test_data_and_demo_files_reload(self):
        addons = self.env["ir.module.module"].search(
            [("name", "like", "cloudworkz_%"), ("state", "=", "installed")]
        )
        self.assertTrue(addons)
        for addon in addons:
            manifest = get_manifest(addon.name)
            files = [("data", f) for f in manifest.get("data", [])]
            if addon.demo:
                files += [("demo", f) for f in manifest.get("demo", [])]
            for kind, filename in files:
                if not filename.endswith(".xml"):
                    continue
                with self.subTest(addon=addon.name, file=filename):
                    self.assertTrue(
                        os.path.exists(
                            os.path.join(manifest["addons_path"], addon.name, filename)
                        )
                    )
                    convert_file(
                        self.env,
                        addon.name,
                        filename,
                        {},
                        mode="update",
                        noupdate=kind == "demo",
                        kind=kind,
                    )
