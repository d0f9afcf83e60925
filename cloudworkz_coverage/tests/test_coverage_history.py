# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Coverage decided for a month its agreement invoiced does not change
afterwards; time in a month no agreement runs is charged and flagged."""

from datetime import date

from odoo.tests.common import tagged

from .common import CoverageCommon

FEB_1 = date(2026, 2, 1)


@tagged("post_install", "-at_install")
class TestCoverageHistory(CoverageCommon):
    def time_lines(self, invoice):
        return self.invoice_lines(invoice).filtered(
            lambda line: line.product_id == self.hour_product
        )

    def test_type_change_does_not_bill_covered_months_again(self):
        """January's how-to time was included in First Line and January is
        invoiced; from April the agreement is Maintenance only, where how-to
        is chargeable. January stays free: the April invoice bills nothing
        for it."""
        agreement = self.agreements["first_line"]
        ticket = self.ticket("first_line", "user_support")
        january = self.log_time(ticket, 25)
        self.assertEqual(january.coverage_state, "included")
        for day in (FEB_1, date(2026, 3, 1), date(2026, 4, 1)):
            self.run_invoicing(day)
        agreement.with_context(
            support_change_date="2026-04-10"
        ).support_type = "maintenance"
        self.assertEqual(ticket.coverage_state, "chargeable")
        self.assertEqual(january.coverage_state, "included")
        self.assertFalse(january.support_chargeable)
        april = self.log_time(ticket, 10, day=date(2026, 4, 12))
        self.assertTrue(april.support_chargeable)
        invoice = self.run_invoicing(date(2026, 5, 1))
        lines = self.time_lines(invoice)
        self.assertEqual(len(lines), 1)
        self.assertIn("April 2026", lines.name)
        self.assertEqual(lines.price_subtotal, 275.0)  # 15 min x 1,100

    def test_catalogue_edit_does_not_rewrite_invoiced_months(self):
        ticket = self.ticket("first_line", "user_support")
        january = self.log_time(ticket, 40)
        self.run_invoicing(FEB_1)
        self.category("user_support").coverage_first_line = "chargeable"
        self.assertEqual(january.coverage_state, "included")
        invoice = self.run_invoicing(date(2026, 3, 1))
        self.assertFalse(self.time_lines(invoice))
        # the same edit does reach time not invoiced yet
        february = self.log_time(ticket, 40, day=date(2026, 2, 20))
        self.assertTrue(february.support_chargeable)

    def test_time_after_the_agreement_ended_is_charged_and_flagged(self):
        """A registered user's how-to is included while First Line runs;
        after it ended (31 January) the same ticket's February time is
        On Demand: chargeable, and flagged since no agreement bills it."""
        agreement = self.agreements["first_line"]
        agreement.date_end = date(2026, 1, 31)
        ticket = self.ticket("first_line", "user_support")
        january = self.log_time(ticket, 30)
        february = self.log_time(ticket, 120, day=date(2026, 2, 10))
        self.assertEqual(january.coverage_state, "included")
        self.assertEqual(february.coverage_state, "chargeable")
        ledger = february.support_request_month_id
        self.assertEqual(ledger.state, "no_agreement")
        self.assertEqual(ledger.billed_minutes, 120)
        self.assertTrue(ticket.support_without_agreement)
