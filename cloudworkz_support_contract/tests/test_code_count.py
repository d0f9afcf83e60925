# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import os
import tempfile
import zipfile

from odoo.exceptions import UserError
from odoo.tests.common import tagged
from odoo.tools.cloc import Cloc

from ..tools.code_count import CodeCountError, count_zip_lines
from .common import SupportCommon

MANIFEST = "{'name': 'Custom', 'version': '17.0.1.0.0', 'depends': ['base']}\n"
PY = '''# a comment
"""A docstring."""
from odoo import models


class Partner(models.Model):
    _inherit = "res.partner"

    def hello(self):
        # say hello
        return "hello"
'''
XML = """<?xml version="1.0"?>
<!-- a comment -->
<odoo>
    <record id="x" model="ir.ui.view">
        <field name="name">x</field>
    </record>
</odoo>
"""


def make_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestCodeCount(SupportCommon):
    FILES = {
        "addons/cw_one/__manifest__.py": MANIFEST,
        "addons/cw_one/__init__.py": "from . import models\n",
        "addons/cw_one/models/partner.py": PY,
        "addons/cw_one/views/views.xml": XML,
        "addons/cw_two/__manifest__.py": MANIFEST,
        "addons/cw_two/models.py": PY * 3,
        "addons/README.txt": "not an addon\n",
    }

    def test_counts_match_odoo_cloc_on_the_same_tree(self):
        counts = count_zip_lines(make_zip(self.FILES))
        with tempfile.TemporaryDirectory() as tmp:
            for name, content in self.FILES.items():
                path = os.path.join(tmp, name)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as handle:
                    handle.write(content)
            cloc = Cloc()
            for module in ("cw_one", "cw_two"):
                cloc.count_path(os.path.join(tmp, "addons", module))
        self.assertEqual(counts, cloc.code)
        self.assertEqual(set(counts), {"cw_one", "cw_two"})
        self.assertTrue(all(lines > 0 for lines in counts.values()))

    def test_wizard_fills_the_inventory(self):
        agreement = self.make_agreement("maintenance")
        agreement.code_module_ids = [
            (0, 0, {"name": "cw_old", "lines_of_code": 50}),
            (0, 0, {"name": "cw_one", "lines_of_code": 1}),
        ]
        counts = count_zip_lines(make_zip(self.FILES))
        wizard = self.env["cloudworkz.support.code.count.wizard"].create(
            {
                "agreement_id": agreement.id,
                "zip_file": base64.b64encode(make_zip(self.FILES)),
                "replace_inventory": True,
            }
        )
        wizard.action_count()
        modules = {m.name: m for m in agreement.code_module_ids}
        self.assertEqual(set(modules), {"cw_one", "cw_two"})
        self.assertEqual(modules["cw_one"].lines_of_code, counts["cw_one"])
        self.assertEqual(modules["cw_one"].measure_method, "cloc")
        self.assertEqual(agreement.code_line_total, sum(counts.values()))

    def test_bad_archives_refused_and_nothing_written(self):
        agreement = self.make_agreement("maintenance")
        bad = {
            "not a zip": b"this is not a zip",
            "path outside": make_zip({"../evil/__manifest__.py": MANIFEST}),
            "absolute path": make_zip({"/etc/cw/__manifest__.py": MANIFEST}),
            "no addon": make_zip({"notes.txt": "hello"}),
        }
        for label, data in bad.items():
            with self.subTest(label):
                with self.assertRaises(CodeCountError):
                    count_zip_lines(data)
                wizard = self.env["cloudworkz.support.code.count.wizard"].create(
                    {"agreement_id": agreement.id, "zip_file": base64.b64encode(data)}
                )
                with self.assertRaises(UserError):
                    wizard.action_count()
        self.assertFalse(agreement.code_module_ids)

    def test_zip_bomb_refused(self):
        huge = make_zip(
            {"a/__manifest__.py": MANIFEST, "a/big.py": "x = 1\n" * 10_000_000}
        )
        with self.assertRaisesRegex(CodeCountError, "MiB"):
            count_zip_lines(huge)
