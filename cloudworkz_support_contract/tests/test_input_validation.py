# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests.common import tagged
from odoo.tools import mute_logger

from .common import SupportCommon


@tagged("post_install", "-at_install")
class TestInputValidation(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.make_agreement("first_line_maintenance")

    def test_lines_of_code_must_be_positive(self):
        for lines in (0, -10):
            with self.subTest(lines=lines), self.assertRaises(ValidationError):
                self.agreement.write(
                    {
                        "code_module_ids": [
                            Command.create({"name": "cw_bad", "lines_of_code": lines})
                        ]
                    }
                )
        self.assertFalse(self.agreement.code_module_ids)

    @mute_logger("odoo.sql_db")
    def test_duplicate_module_refused(self):
        self.agreement.code_module_ids = [
            Command.create({"name": "cw_sale", "lines_of_code": 10})
        ]
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["cloudworkz.support.code.module"].create(
                {
                    "agreement_id": self.agreement.id,
                    "name": "cw_sale",
                    "lines_of_code": 5,
                }
            )
        self.assertEqual(self.agreement.code_line_total, 10)

    @mute_logger("odoo.sql_db")
    def test_user_listed_twice_refused(self):
        contact = self.make_contacts(1)
        self.register_users(self.agreement, contact)
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.register_users(self.agreement, contact)
        self.assertEqual(self.agreement.registered_user_count, 1)
        # the same person may be registered user and IT key user
        self.register_users(self.agreement, contact, role="it_key_user")
        self.assertEqual(self.agreement.registered_user_count, 1)

    def test_registered_user_must_be_customer_contact(self):
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaisesText(ValidationError, "not a contact of"):
            self.register_users(self.agreement, stranger)
        self.assertFalse(self.agreement.support_contact_ids)

    def test_rounding_settings_must_be_positive(self):
        for field in ("support_minimum_minutes", "support_increment_minutes"):
            for value in (0, -15):
                with self.subTest(field=field, value=value):
                    with self.assertRaises(ValidationError):
                        self.agreement.write({field: value})
        with self.assertRaises(ValidationError):
            self.company.support_increment_minutes = 0
        self.assertEqual(self.agreement.support_minimum_minutes, 15)

    def test_end_before_start_refused(self):
        with self.assertRaisesText(ValidationError, "before it starts"):
            self.make_agreement(
                "on_demand", start=date(2026, 3, 1), date_end=date(2026, 2, 1)
            )

    def test_usage_quantity_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self.env["cloudworkz.support.usage"].create(
                {
                    "agreement_id": self.agreement.id,
                    "product_id": self.ocr_product.id,
                    "quantity": -3,
                }
            )

    def test_per_agreement_rounding_override(self):
        agreement = self.make_agreement(
            "on_demand", support_minimum_minutes=30, support_increment_minutes=15
        )
        self.log_time(self.make_ticket(agreement), 10)
        self.log_time(self.make_ticket(agreement), 31)
        self.run_invoicing(date(2026, 2, 1))
        invoice = agreement._get_related_invoices()
        self.assertEqual(
            sorted(self.invoice_lines(invoice).mapped("quantity")), [0.5, 0.75]
        )
        self.assertAlmostEqual(invoice.amount_untaxed, 1.25 * self.HOUR_PRICE, places=2)
