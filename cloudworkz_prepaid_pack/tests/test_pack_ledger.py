# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Prepaid hours and invoices read one ledger: for every request and month,
prepaid minutes + invoiced minutes = billed minutes once it is invoiced."""

from datetime import date

from odoo.tests import tagged

from .common import PackCommon

FEB_1 = date(2026, 2, 1)


@tagged("post_install", "-at_install")
class TestPackLedger(PackCommon):
    def assertLedgerAddsUp(self, rms):
        for rm in rms:
            self.assertEqual(
                rm.prepaid_minutes + rm.invoiced_minutes + rm.due_minutes,
                rm.billed_minutes,
                rm.display_name,
            )

    def od_invoice(self, day, agreement=None):
        """The invoice the run of ``day`` made for the On Demand agreement."""
        agreement = agreement or self.agreements["on_demand"]
        return self.run_invoicing(day).filtered(
            lambda m: m.support_agreement_id == agreement
        )

    def consumed_minutes(self, pack):
        return -sum(
            pack.line_ids.filtered(lambda line: line.line_type == "consumption").mapped(
                "minutes"
            )
        )

    def test_late_time_draws_only_the_difference_from_the_pack(self):
        pack = self.sell(self.small).prepaid_pack_ids
        ticket = self.od_ticket("Printer")
        self.log_time(ticket, 20, date(2026, 1, 15))
        rm = ticket.support_request_month_ids
        self.assertEqual((rm.billed_minutes, rm.prepaid_minutes), (30, 30))
        january = self.od_invoice(FEB_1)
        # nothing to pay: no invoice (On Demand has no fee)
        self.assertFalse(january)
        # 5 late minutes: 25 still bill 0:30, already paid
        self.log_time(ticket, 5, date(2026, 1, 20))
        self.assertEqual((rm.billed_minutes, rm.prepaid_minutes), (30, 30))
        self.assertEqual(pack.balance_minutes, 25 * 60 - 30)
        # 20 more: 45 minutes bill 1:00, the pack pays 0:30 more, once
        self.log_time(ticket, 20, date(2026, 1, 28))
        self.assertEqual((rm.billed_minutes, rm.prepaid_minutes), (60, 60))
        self.assertEqual(pack.balance_minutes, 25 * 60 - 60)
        self.assertFalse(self.od_invoice(date(2026, 3, 1)))
        self.assertLedgerAddsUp(rm)
        self.ledger_is_exact(pack)

    def test_late_time_after_the_pack_paid_and_ran_dry_is_invoiced(self):
        agreement = self.agreements["on_demand"]
        pack = self.sell(self.small).prepaid_pack_ids
        big = self.od_ticket("Big job")
        self.log_time(big, 25 * 60 - 30, date(2026, 1, 5))  # 24:30 of 25:00
        ticket = self.od_ticket("Printer")
        self.log_time(ticket, 20, date(2026, 1, 15))  # the last 0:30
        self.assertEqual(pack.balance_minutes, 0)
        # something to invoice in January, so that the prepaid time is noted
        self.log_time(self.od_ticket("Infra", category="infrastructure"), 30)
        january = self.od_invoice(FEB_1)
        notes = january.invoice_line_ids.filtered(
            lambda line: line.display_type == "line_note"
        )
        self.assertIn(ticket.number, " ".join(notes.mapped("name")))
        # 20 late minutes for January: 0:30 more, invoiced as the difference
        self.log_time(ticket, 20, date(2026, 1, 28))
        february = self.od_invoice(date(2026, 3, 1))
        line = self.invoice_lines(february)
        self.assertEqual((line.quantity, line.price_subtotal), (0.5, 550.00))
        self.assertIn("January 2026", line.name)
        self.assertIn("0:30 paid from prepaid hours", line.name)
        rm = ticket.support_request_month_ids
        self.assertEqual(
            (rm.billed_minutes, rm.prepaid_minutes, rm.invoiced_minutes), (60, 30, 30)
        )
        self.assertEqual(
            february.invoice_line_ids.support_request_month_id.agreement_id, agreement
        )
        self.assertLedgerAddsUp(rm)

    def test_pack_expiring_mid_request_keeps_what_it_paid(self):
        self.small.pack_validity_months = 1
        first = self.sell(self.small, day=date(2025, 12, 20)).prepaid_pack_ids
        self.small.pack_validity_months = 0
        second = self.sell(self.small, day=date(2026, 1, 2)).prepaid_pack_ids
        self.assertEqual(first.date_expiry, date(2026, 1, 20))
        ticket = self.od_ticket("Spanning the expiry")
        self.log_time(ticket, 20, date(2026, 1, 10))
        self.assertEqual(self.consumed_minutes(first), 30)
        self.Pack._expire_run(date(2026, 1, 21))
        self.assertEqual(first.state, "expired")
        # expiry took only the unused balance
        expiry = first.line_ids.filtered(lambda line: line.line_type == "expiry")
        self.assertEqual(expiry.minutes, -(25 * 60 - 30))
        # the same request goes on: 40 minutes bill 1:00, the next pack pays
        # only the new 0:30
        self.log_time(ticket, 20, date(2026, 1, 25))
        rm = ticket.support_request_month_ids
        self.assertEqual((rm.billed_minutes, rm.prepaid_minutes), (60, 60))
        self.assertEqual(self.consumed_minutes(first), 30)
        self.assertEqual(self.consumed_minutes(second), 30)
        self.assertEqual(second.balance_minutes, 25 * 60 - 30)
        self.ledger_is_exact(first | second)

    def test_coverage_change_gives_pack_hours_back(self):
        pack = self.sell(self.small, customer=self.customer_fl()).prepaid_pack_ids
        agreement = self.agreements["first_line"]
        stranger = self.stranger["first_line"]
        ticket = self.ticket("first_line", "user_support", contact=stranger)
        self.assertEqual(ticket.coverage_state, "chargeable")
        self.log_time(ticket, 50)
        self.assertEqual(pack.balance_minutes, 25 * 60 - 60)
        # the contact is registered after the fact: user support is included
        self.register_users(agreement, stranger)
        self.assertEqual(ticket.coverage_state, "included")
        rm = ticket.support_request_month_ids
        self.assertEqual((rm.billed_minutes, rm.prepaid_minutes), (0, 0))
        self.assertEqual(pack.balance_minutes, 25 * 60)
        # and the other way round: a manager overrides it to chargeable
        ticket.write(
            {"coverage_override": "chargeable", "coverage_override_reason": "Extra"}
        )
        self.assertEqual(pack.balance_minutes, 25 * 60 - 60)
        # a catalogue rule edited: user support chargeable under First Line
        ticket.write({"coverage_override": False})
        self.category("user_support").coverage_first_line = "chargeable"
        self.assertEqual((rm.billed_minutes, rm.prepaid_minutes), (60, 60))
        self.ledger_is_exact(pack)

    def customer_fl(self):
        return self.agreements["first_line"].partner_id

    def test_hours_given_back_pay_what_was_left_to_invoice(self):
        pack = self.sell(self.small).prepaid_pack_ids
        big = self.od_ticket("Big job")
        self.log_time(big, 25 * 60)  # all of it
        other = self.od_ticket("Other")
        self.log_time(other, 60)
        other_rm = other.support_request_month_ids
        self.assertEqual(other_rm.due_minutes, 60)
        # the big job turns out to be a training (always charged, but
        # packs may pay): no change. Then a manager says it was included.
        big.write(
            {"coverage_override": "included", "coverage_override_reason": "Goodwill"}
        )
        self.assertEqual(other_rm.due_minutes, 0)
        self.assertEqual(other_rm.prepaid_minutes, 60)
        self.assertEqual(pack.balance_minutes, 25 * 60 - 60)
        self.ledger_is_exact(pack)

    def test_pack_only_customer_is_invoiced_what_the_pack_cannot_pay(self):
        newcomer = self.env["res.partner"].create(
            {
                "name": "Ny Kund AB",
                "is_company": True,
                "property_product_pricelist": self.pricelist.id,
            }
        )
        self.assertFalse(
            self.Contract.search([("partner_id", "=", newcomer.id)]),
        )
        pack = self.sell(self.small, customer=newcomer).prepaid_pack_ids
        agreement = self.Contract.search([("partner_id", "=", newcomer.id)])
        self.assertEqual(agreement.support_type, "on_demand")
        self.assertEqual(agreement.date_start, date(2026, 1, 1))
        ticket = self.make_ticket(
            agreement, name="More than the pack", category=self.category("user_support")
        )
        self.assertEqual(ticket.support_agreement_id, agreement)
        self.log_time(ticket, 26 * 60)
        self.assertEqual(pack.balance_minutes, 0)
        invoice = self.od_invoice(FEB_1, agreement)
        line = self.invoice_lines(invoice)
        self.assertEqual((line.quantity, line.price_subtotal), (1.0, 1100.00))
        self.assertIn("25:00 paid from prepaid hours", line.name)

    def test_categories_packs_may_not_pay_are_always_invoiced(self):
        pack = self.sell(self.small).prepaid_pack_ids
        ticket = self.od_ticket("New server", category="infrastructure")
        self.log_time(ticket, 30)
        self.assertEqual(pack.balance_minutes, 25 * 60)
        invoice = self.od_invoice(FEB_1)
        self.assertAlmostEqual(invoice.amount_untaxed, 550.00, places=2)

    def test_moving_a_ticket_to_a_service_packs_may_not_pay(self):
        """Same time, same billed minutes, but the new service is always
        invoiced: the pack gets its hours back at once."""
        pack = self.sell(self.small).prepaid_pack_ids
        ticket = self.od_ticket()
        self.log_time(ticket, 60)
        self.assertEqual(pack.balance, 24.0)
        ticket.category_id = self.category("infrastructure")
        self.assertFalse(ticket.category_id.pack_allowed)
        self.assertEqual(pack.balance, 25.0)
        self.assertEqual(
            sum(ticket.support_request_month_ids.mapped("due_minutes")), 60
        )
        self.ledger_is_exact(pack)
