# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import BaseCase, tagged

from ..tools import billed_hours, billed_minutes


@tagged("post_install", "-at_install")
class TestBillingRounding(BaseCase):
    def test_spec_examples(self):
        # SPEC: 10 min -> 0.25 h; 20 min -> 0.5 h; 50 min -> 1.0 h; 2 h 05 -> 2.5 h
        for minutes, expected in ((10, 0.25), (20, 0.5), (50, 1.0), (125, 2.5)):
            with self.subTest(minutes=minutes):
                self.assertEqual(billed_hours(minutes / 60.0, 15, 30), expected)

    def test_boundaries(self):
        self.assertEqual(billed_minutes(0, 15, 30), 0)
        self.assertEqual(billed_minutes(15, 15, 30), 15)
        self.assertEqual(billed_minutes(15.5, 15, 30), 30)
        self.assertEqual(billed_minutes(30, 15, 30), 30)
        self.assertEqual(billed_minutes(30.5, 15, 30), 60)
        # float noise from hours stored as 0.5 / 3 must not start a block
        self.assertEqual(billed_minutes((0.5 / 3 * 3) * 60, 15, 30), 30)

    def test_other_settings(self):
        # minimum 30 min, then started quarters
        self.assertEqual(billed_minutes(10, 30, 15), 30)
        self.assertEqual(billed_minutes(31, 30, 15), 45)

    def test_refuses_non_positive_settings(self):
        with self.assertRaises(ValueError):
            billed_minutes(10, 0, 30)
        with self.assertRaises(ValueError):
            billed_minutes(10, 15, -30)
