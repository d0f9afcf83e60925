# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import BaseCase, tagged

from ..tools import (
    billed_minutes,
    exact_quantity_price,
    format_minutes,
    logged_minutes,
)

# quantity, unit price and amount decimals of an invoice line in SEK
DIGITS = (2, 2, 2)


@tagged("post_install", "-at_install")
class TestBillingRounding(BaseCase):
    def test_spec_examples(self):
        # SPEC: 10 min -> 0.25 h; 20 min -> 0.5 h; 50 min -> 1.0 h; 2 h 05 -> 2.5 h
        for minutes, expected in ((10, 15), (20, 30), (50, 60), (125, 150)):
            with self.subTest(minutes=minutes):
                logged = logged_minutes(minutes / 60.0)
                self.assertEqual(billed_minutes(logged, 15, 30), expected)

    def test_boundaries(self):
        self.assertEqual(billed_minutes(0, 15, 30), 0)
        self.assertEqual(billed_minutes(15, 15, 30), 15)
        self.assertEqual(billed_minutes(15.5, 15, 30), 30)
        self.assertEqual(billed_minutes(30, 15, 30), 30)
        self.assertEqual(billed_minutes(30.5, 15, 30), 60)
        # three lines of 10 min stored as hours are 30 min, not a new block
        self.assertEqual(logged_minutes(3 * (10 / 60.0)), 30.0)
        self.assertEqual(billed_minutes(logged_minutes(3 * (10 / 60.0)), 15, 30), 30)

    def test_other_settings(self):
        # minimum 30 min, then started quarters
        self.assertEqual(billed_minutes(10, 30, 15), 30)
        self.assertEqual(billed_minutes(31, 30, 15), 45)
        # a 20-minute increment stays whole minutes
        self.assertEqual(billed_minutes(21, 15, 20), 40)
        self.assertIsInstance(billed_minutes(21, 15, 20), int)

    def test_refuses_non_positive_settings(self):
        with self.assertRaises(ValueError):
            billed_minutes(10, 0, 30)
        with self.assertRaises(ValueError):
            billed_minutes(10, 15, -30)

    def test_hours_as_people_read_them(self):
        self.assertEqual(format_minutes(0), "0:00")
        self.assertEqual(format_minutes(20), "0:20")
        self.assertEqual(format_minutes(150), "2:30")
        self.assertEqual(format_minutes(-90), "-1:30")

    def test_exact_line(self):
        # 1.5 h x 1,100.00 is exact as it is
        self.assertEqual(
            exact_quantity_price(1.5, 1100.0, 1650.0, DIGITS), (1.5, 1100.0, True)
        )
        # 20 minutes are not 0.33 h: one unit at the exact 400.00
        self.assertEqual(
            exact_quantity_price(20 / 60.0, 1200.0, 400.0, DIGITS), (1.0, 400.0, False)
        )
