# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bad input sent the way XML-RPC sends it (``odoo.service.model.dispatch``,
what the /xmlrpc/2/object endpoint calls once it has decoded the request):
a clear error, and nothing written."""

import base64
import io
import zipfile
from datetime import date

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.service.model import dispatch
from odoo.tests import BaseCase
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger


def make_zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return base64.b64encode(buffer.getvalue()).decode()


class TestBadInputOverRpc(BaseCase):
    test_tags = {"standard", "post_install"}
    test_module = "cloudworkz_scenarios"
    test_class = "TestBadInputOverRpc"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = get_db_name()
        cls.registry = odoo.registry(cls.db)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            # the setup scripts create the database with admin / admin
            cls.admin = env.ref("base.user_admin")
            customer = env["res.partner"].create({"name": "RPC Kund AB"})
            project = env["project.project"].create(
                {"name": "RPC", "allow_timesheets": True}
            )
            cls.agreement_id = (
                env["contract.contract"]
                .create(
                    {
                        "name": "RPC agreement",
                        "partner_id": customer.id,
                        "support_type": "maintenance",
                    }
                )
                .id
            )
            cls.ticket_id = (
                env["helpdesk.ticket"]
                .create(
                    {
                        "name": "RPC",
                        "description": "<p>x</p>",
                        "partner_id": customer.id,
                        "project_id": project.id,
                    }
                )
                .id
            )
            cls.project_id = project.id
            cls.employee_id = env["hr.employee"].create({"name": "RPC agent"}).id
            cls.ocr_id = env.ref("cloudworkz_support_contract.product_usage_ocr").id

    def call(self, model, method, *args, **kw):
        return dispatch(
            "execute_kw",
            [self.db, self.admin.id, "admin", model, method, list(args), kw],
        )

    def count(self, model, domain):
        return self.call(model, "search_count", domain)

    def assertRefused(self, exception, model, domain, *call):
        before = self.count(model, domain)
        with mute_logger("odoo.sql_db", "odoo.service.model"):
            with self.assertRaises(exception) as caught:
                self.call(*call)
        self.assertEqual(self.count(model, domain), before, "nothing written")
        return str(caught.exception)

    def test_code_inventory(self):
        domain = [("agreement_id", "=", self.agreement_id)]
        module = "cloudworkz.support.code.module"
        message = self.assertRefused(
            ValidationError,
            module,
            domain,
            module,
            "create",
            [{"agreement_id": self.agreement_id, "name": "x", "lines_of_code": -5}],
        )
        self.assertIn("lines of code must be above zero", message)
        self.assertRefused(
            ValueError,  # wrong type: not a number
            module,
            domain,
            module,
            "create",
            [{"agreement_id": self.agreement_id, "name": "x", "lines_of_code": "many"}],
        )

    def test_negative_hours_and_usage(self):
        timesheet = "account.analytic.line"
        message = self.assertRefused(
            ValidationError,
            timesheet,
            [("ticket_id", "=", self.ticket_id)],
            timesheet,
            "create",
            [
                {
                    "name": "x",
                    "ticket_id": self.ticket_id,
                    "project_id": self.project_id,
                    "employee_id": self.employee_id,
                    "unit_amount": -1.5,
                    "date": str(date(2026, 1, 5)),
                }
            ],
        )
        self.assertIn("cannot be negative", message)
        usage = "cloudworkz.support.usage"
        self.assertRefused(
            ValidationError,
            usage,
            [("agreement_id", "=", self.agreement_id)],
            usage,
            "create",
            [
                {
                    "agreement_id": self.agreement_id,
                    "product_id": self.ocr_id,
                    "quantity": -3,
                }
            ],
        )

    def test_unknown_ids(self):
        self.assertRefused(
            MissingError,
            "contract.contract",
            [("support_type", "=", "on_demand"), ("id", "=", self.agreement_id)],
            "contract.contract",
            "write",
            [999999999],
            {"support_type": "on_demand"},
        )
        self.assertRefused(
            UserError,  # a Many2one to a record that does not exist
            "cloudworkz.support.code.module",
            [("agreement_id", "=", self.agreement_id)],
            "cloudworkz.support.code.module",
            "create",
            [{"agreement_id": 999999999, "name": "x", "lines_of_code": 5}],
        )

    def test_zips(self):
        wizard = "cloudworkz.support.code.count.wizard"
        domain = [("agreement_id", "=", self.agreement_id)]
        module = "cloudworkz.support.code.module"
        bad = {
            "outside its folder": make_zip({"../../etc/cw/__manifest__.py": "{}"}),
            "MiB": make_zip(
                {"big/__manifest__.py": "{}", "big/a.py": "x = 1\n" * 10_000_000}
            ),
            "not a valid zip": base64.b64encode(b"not a zip").decode(),
        }
        for words, data in bad.items():
            with self.subTest(words):
                wizard_id = self.call(
                    wizard,
                    "create",
                    [{"agreement_id": self.agreement_id, "zip_file": data}],
                )[0]
                message = self.assertRefused(
                    UserError, module, domain, wizard, "action_count", [wizard_id]
                )
                self.assertIn(words, message)

    def test_scheduled_actions_are_not_public(self):
        """The scheduled actions run from cron only: over XML-RPC, even the
        administrator cannot call them (with a date of their choosing)."""
        for model, method, day in (
            ("contract.contract", "_cron_support_invoicing", "2000-01-01"),
            ("cloudworkz.support.patch.window", "_cron_plan", "2000-01-01 00:00:00"),
            ("project.task", "_cron_patch_notices", "2000-01-01 00:00:00"),
            ("cloudworkz.prepaid.pack", "_cron_expire_packs", "2000-01-01"),
        ):
            with self.subTest(method=method):
                with self.assertRaisesRegex(AccessError, "Private methods"):
                    self.call(model, method, day)
