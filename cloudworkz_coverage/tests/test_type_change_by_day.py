# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A type change in the middle of a month splits it by day: time logged
before the change is covered by the services that ran that day."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CoverageCommon


@tagged("post_install", "-at_install")
class TestTypeChangeByDay(CoverageCommon):
    def change_type(self, agreement, support_type, day):
        """The account manager changes the type on ``day``."""
        with freeze_time(day):
            agreement.write({"support_type": support_type})

    def test_first_line_ended_on_the_10th_covers_the_5th(self):
        agreement = self.agreements["first_line_maintenance"]
        ticket = self.ticket("first_line_maintenance", "user_support", name="How to")
        before = self.log_time(ticket, 40, day=date(2026, 4, 5))
        self.assertEqual(before.coverage_state, "included")
        self.run_invoicing(date(2026, 4, 1))  # January to March
        self.change_type(agreement, "maintenance", date(2026, 4, 10))
        after = self.log_time(ticket, 20, day=date(2026, 4, 14))
        self.assertEqual(ticket.coverage_state, "chargeable")
        self.assertEqual(before.coverage_state, "included")
        self.assertEqual(after.coverage_state, "chargeable")
        april = self.run_invoicing(date(2026, 5, 1)).filtered(
            lambda i: i.support_agreement_id == agreement
        )
        time = self.invoice_lines(april).filtered("support_request_month_id")
        self.assertEqual(time.support_billed_minutes, 30)  # the 20 minutes only
        self.assertAlmostEqual(time.price_subtotal, 550.00, places=2)
        users = self.invoice_lines(april).filtered(
            lambda line: line.product_id == self.user_product
        )
        self.assertIn("9 of 30 days", users.name)

    def test_first_line_added_on_the_10th_leaves_the_5th_chargeable(self):
        agreement = self.agreements["maintenance"]
        # (its contact is listed as a registered user already)
        ticket = self.ticket("maintenance", "user_support", name="How to")
        before = self.log_time(ticket, 40, day=date(2026, 4, 5))
        self.assertEqual(before.coverage_state, "chargeable")
        self.run_invoicing(date(2026, 4, 1))
        self.change_type(agreement, "first_line_maintenance", date(2026, 4, 10))
        after = self.log_time(ticket, 20, day=date(2026, 4, 14))
        self.assertEqual(ticket.coverage_state, "included")
        self.assertEqual(after.coverage_state, "included")
        self.assertEqual(before.coverage_state, "chargeable")
        rm = ticket.support_request_month_ids
        self.assertEqual(rm.billed_minutes, 60)  # the 40 minutes of the 5th
