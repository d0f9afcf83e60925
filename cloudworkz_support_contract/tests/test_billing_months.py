# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Money over several months, as the accountant reads the invoices: calendar
months, prorated first and last months, fee quantities of the month billed,
late time, cancelled invoices, type changes and termination."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SupportCommon


@tagged("post_install", "-at_install")
class TestBillingMonths(SupportCommon):
    def lines_of(self, invoice, product):
        return self.invoice_lines(invoice).filtered(
            lambda line: line.product_id == product
        )

    # ------------------------------------------------------------------
    def test_combined_agreement_three_months_and_its_last(self):
        """First Line + Maintenance from January to the end of March: each
        month bills both fees for that month, the last one too."""
        agreement = self.make_agreement(
            "first_line_maintenance", date_end=date(2026, 3, 31)
        )
        self.register_users(agreement, self.make_contacts(5))
        self.add_code(agreement, {"cw_custom": 250})
        invoices = self.run_invoicing(date(2026, 6, 1)).sorted("invoice_date")
        self.assertEqual(
            invoices.mapped("invoice_date"),
            [date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)],
        )
        for invoice, (first, last) in zip(
            invoices,
            [
                ("01/01/2026", "01/31/2026"),
                ("02/01/2026", "02/28/2026"),
                ("03/01/2026", "03/31/2026"),
            ],
            strict=True,
        ):
            users = self.lines_of(invoice, self.user_product)
            blocks = self.lines_of(invoice, self.block_product)
            self.assertEqual((users.quantity, users.price_subtotal), (5, 1000.00))
            self.assertEqual((blocks.quantity, blocks.price_subtotal), (3, 540.00))
            for line in users | blocks:
                self.assertIn(f"{first} - {last}", line.name)
            self.assertAlmostEqual(invoice.amount_untaxed, 1540.00, places=2)
        # every fee line advanced together, to the last day billed
        self.assertEqual(
            set(agreement.contract_line_ids.mapped("last_date_invoiced")),
            {date(2026, 3, 31)},
        )
        self.assertFalse(self.run_invoicing(date(2026, 9, 1)))

    def test_start_on_the_16th_bills_16_31_of_the_fee(self):
        agreement = self.make_agreement("first_line", start=date(2026, 1, 16))
        self.register_users(agreement, self.make_contacts(3))
        january = self.run_invoicing(date(2026, 2, 1))
        line = self.lines_of(january, self.user_product)
        # SPEC: 600 x 16/31 = 309.68
        self.assertEqual((line.quantity, line.price_unit), (1, 309.68))
        self.assertIn("3 x 200.00 for 16 of 31 days", line.name)
        self.assertIn("01/16/2026 - 01/31/2026", line.name)
        self.assertAlmostEqual(january.amount_untaxed, 309.68, places=2)
        february = self.run_invoicing(date(2026, 3, 1))
        self.assertAlmostEqual(february.amount_untaxed, 600.00, places=2)

    def test_last_month_prorated_after_termination_with_notice(self):
        agreement = self.make_agreement("maintenance", start=date(2025, 1, 1))
        self.add_code(agreement, {"cw_x": 1000})
        self.run_invoicing(date(2026, 1, 1))
        # notice given in time: it ends on 15 March
        agreement.date_end = date(2026, 3, 15)
        invoices = self.run_invoicing(date(2026, 4, 1)).sorted("invoice_date")
        self.assertEqual(len(invoices), 3)
        self.assertAlmostEqual(invoices[0].amount_untaxed, 1800.00, places=2)
        self.assertAlmostEqual(invoices[1].amount_untaxed, 1800.00, places=2)
        # 10 blocks x 180 x 15/31 = 870.97
        self.assertAlmostEqual(invoices[2].amount_untaxed, 870.97, places=2)

    def test_catch_up_bills_each_months_own_user_count(self):
        agreement = self.make_agreement("first_line")
        first, second, third = self.make_contacts(3)
        self.register_users(agreement, first | second)
        # a third user from 10 February; the second leaves on 28 February
        self.register_users(agreement, third, day=date(2026, 2, 10))
        agreement.registered_user_ids.filtered(
            lambda c: c.partner_id == second
        ).date_removed = date(2026, 2, 28)
        invoices = self.run_invoicing(date(2026, 4, 1)).sorted("invoice_date")
        counts = [self.lines_of(i, self.user_product).quantity for i in invoices]
        self.assertEqual(counts, [2, 3, 2])
        self.assertEqual([i.amount_untaxed for i in invoices], [400.00, 600.00, 400.00])
        # a user counted on an invoiced month cannot be deleted, only removed
        with self.assertRaisesText(UserError, "Removed on"):
            agreement.registered_user_ids.filtered(
                lambda c: c.partner_id == first
            ).unlink()

    def test_catch_up_bills_each_months_own_code(self):
        agreement = self.make_agreement("maintenance")
        self.add_code(agreement, {"cw_a": 1000})
        # measured again on 15 February: 1,550 lines
        self.env["cloudworkz.support.code.module"].create(
            {
                "agreement_id": agreement.id,
                "name": "cw_b",
                "lines_of_code": 550,
                "date_measured": date(2026, 2, 15),
            }
        )
        self.assertEqual(
            agreement.code_measurement_ids.sorted("date").mapped("lines_of_code"),
            [1000, 1550],
        )
        invoices = self.run_invoicing(date(2026, 3, 1)).sorted("invoice_date")
        blocks = [self.lines_of(i, self.block_product).quantity for i in invoices]
        self.assertEqual(blocks, [10, 16])

    def test_correcting_a_module_keeps_the_measurements_before(self):
        """Correcting a module on 5 April measures the inventory on 5
        April: January and March keep what was measured then, and a month
        invoiced again after a cancellation bills its own figure."""
        agreement = self.make_agreement("maintenance")
        self.add_code(agreement, {"cw_a": 1000})
        self.add_code(agreement, {"cw_b": 550}, day=date(2026, 3, 20))
        january = self.run_invoicing(date(2026, 2, 1))
        module_a = agreement.code_module_ids.filtered(lambda m: m.name == "cw_a")
        with freeze_time("2026-04-05"):
            module_a.lines_of_code = 1100
        self.assertEqual(
            [
                (m.date, m.lines_of_code)
                for m in agreement.code_measurement_ids.sorted("date")
            ],
            [
                (date(2026, 1, 1), 1000),
                (date(2026, 3, 20), 1550),
                (date(2026, 4, 5), 1650),
            ],
        )
        january.button_cancel()
        again = self.run_invoicing(date(2026, 2, 1))
        self.assertEqual(self.lines_of(again, self.block_product).quantity, 10)

    def test_type_change_after_the_start_counts_from_the_change(self):
        """First Line from 1 January, nothing invoiced yet (the February run
        failed), Maintenance added on 10 March: January and February bill
        no Maintenance fee, and Maintenance starts its own commitment."""
        agreement = self.make_agreement("first_line")
        self.register_users(agreement, self.make_contacts(1))
        self.add_code(agreement, {"cw_x": 100}, day=date(2026, 3, 10))
        with freeze_time("2026-03-10"):
            agreement.support_type = "first_line_maintenance"
        maintenance = agreement.support_service_ids.filtered(
            lambda s: s.service == "maintenance"
        )
        self.assertEqual(maintenance.date_start, date(2026, 3, 10))
        self.assertEqual(maintenance.commitment_end, date(2027, 3, 9))
        invoices = self.run_invoicing(date(2026, 3, 1)).sorted("invoice_date")
        self.assertEqual(len(invoices), 2)
        self.assertFalse(self.lines_of(invoices, self.block_product))

    def test_starting_at_one_user_and_one_block(self):
        agreement = self.make_agreement("first_line_maintenance")
        self.assertIn("billed for at least one user", agreement.support_warning)
        self.assertIn("at least one block", agreement.support_warning)
        invoice = self.run_invoicing(date(2026, 2, 1))
        self.assertEqual(self.lines_of(invoice, self.user_product).quantity, 1)
        self.assertEqual(self.lines_of(invoice, self.block_product).quantity, 1)
        # "starting at" 200 SEK per user and 180 SEK per 100 lines
        self.assertAlmostEqual(invoice.amount_untaxed, 380.00, places=2)

    def test_twenty_minute_increment_bills_exact_money(self):
        agreement = self.make_agreement(
            "on_demand", support_minimum_minutes=20, support_increment_minutes=20
        )
        self.pricelist.item_ids.fixed_price = 1200.0
        ticket = self.make_ticket(agreement, name="Short")
        self.log_time(ticket, 20)
        longer = self.make_ticket(agreement, name="Longer")
        self.log_time(longer, 25)  # 40 minutes billed
        invoice = self.run_invoicing(date(2026, 2, 1))
        short_line = self.invoice_lines(invoice).filtered(
            lambda line, t=ticket: t.number in line.name
        )
        long_line = self.invoice_lines(invoice) - short_line
        # 20 min at 1,200/h is 400.00, not 0.33 h = 396.00
        self.assertEqual(short_line.price_subtotal, 400.00)
        self.assertEqual(long_line.price_subtotal, 800.00)
        self.assertIn("0:20 billed", short_line.name)
        self.assertIn("1,200.00 per hour", short_line.name)
        self.assertEqual(short_line.support_billed_minutes, 20)
        self.assertAlmostEqual(invoice.amount_untaxed, 1200.00, places=2)
        rm = ticket.support_request_month_ids
        self.assertEqual((rm.billed_minutes, rm.invoiced_minutes), (20, 20))

    def test_late_time_bills_the_difference_on_the_next_invoice(self):
        agreement = self.make_agreement("on_demand")
        ticket = self.make_ticket(agreement, name="Printer")
        self.log_time(ticket, 20, date(2026, 1, 15))
        january = self.run_invoicing(date(2026, 2, 1))
        self.assertAlmostEqual(january.amount_untaxed, 550.00, places=2)  # 0.5 h
        # 5 minutes for January, logged late: 25 minutes still bill 0.5 h
        late = self.log_time(ticket, 5, date(2026, 1, 20))
        rm = ticket.support_request_month_ids
        self.assertEqual((rm.billed_minutes, rm.due_minutes), (30, 0))
        self.assertFalse(self.run_invoicing(date(2026, 3, 1)))
        # 20 more: 45 minutes bill 1.0 h, 0.5 h more on the next invoice
        self.log_time(ticket, 20, date(2026, 1, 28))
        self.assertEqual((rm.billed_minutes, rm.due_minutes), (60, 30))
        april = self.run_invoicing(date(2026, 4, 1))
        line = self.invoice_lines(april)
        self.assertEqual((line.quantity, line.price_subtotal), (0.5, 550.00))
        self.assertIn(ticket.number, line.name)
        self.assertIn("January 2026", line.name)
        self.assertIn("0:30 invoiced before", line.name)
        self.assertEqual(late.support_invoice_id, april)
        # prepaid + invoiced = billed
        self.assertEqual((rm.invoiced_minutes, rm.due_minutes), (60, 0))

    def test_cancelled_invoice_reopens_its_month_once(self):
        agreement = self.make_agreement("first_line")
        self.register_users(agreement, self.make_contacts(2))
        ticket = self.make_ticket(agreement)
        timesheet = self.log_time(ticket, 50)
        self.env["cloudworkz.support.usage"].create(
            {
                "agreement_id": agreement.id,
                "product_id": self.ocr_product.id,
                "quantity": 100,
                "date": date(2026, 1, 10),
            }
        )
        january = self.run_invoicing(date(2026, 2, 1))
        # 2 x 200 + 1.0 h x 1,100 + 100 x 2.50
        self.assertAlmostEqual(january.amount_untaxed, 1750.00, places=2)
        january.button_cancel()
        self.assertFalse(agreement.support_period_ids)
        self.assertFalse(timesheet.support_invoice_line_id)
        self.assertTrue(
            agreement.message_ids.filtered(lambda m: "re-opened" in (m.body or ""))
        )
        # the next run bills January again (and February), once
        again = self.run_invoicing(date(2026, 3, 1)).sorted("invoice_date")
        self.assertEqual(len(again), 2)
        self.assertAlmostEqual(again[0].amount_untaxed, 1750.00, places=2)
        self.assertEqual(again[0].invoice_date, date(2026, 2, 1))
        self.assertAlmostEqual(again[1].amount_untaxed, 400.00, places=2)
        self.assertEqual(timesheet.support_invoice_id, again[0])
        self.assertFalse(self.run_invoicing(date(2026, 3, 1)))
        # deleting a draft re-opens its month as well
        again[1].unlink()
        self.assertAlmostEqual(
            self.run_invoicing(date(2026, 3, 1)).amount_untaxed, 400.00, places=2
        )

    def test_pricelist_in_euro(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        # 1 SEK = 0.10 EUR (the demo data gives SEK a rate of its own)
        self.env["res.currency.rate"].create(
            [
                {"currency_id": eur.id, "name": date(2026, 1, 1), "rate": 0.1},
                {"currency_id": self.sek.id, "name": date(2026, 1, 1), "rate": 1.0},
            ]
        )
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Euro customers",
                "currency_id": eur.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.hour_product.id,
                            "compute_price": "fixed",
                            "fixed_price": 95.0,
                        }
                    )
                ],
            }
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Euro Kunde GmbH",
                "is_company": True,
                "property_product_pricelist": pricelist.id,
            }
        )
        agreement = self.make_agreement("first_line", customer=customer)
        self.assertEqual(agreement.currency_id, eur)
        self.register_users(agreement, self.make_contacts(2, customer))
        self.log_time(self.make_ticket(agreement), 50)
        invoice = self.run_invoicing(date(2026, 2, 1))
        self.assertEqual(invoice.currency_id, eur)
        users = self.lines_of(invoice, self.user_product)
        hours = self.lines_of(invoice, self.hour_product)
        # 200 SEK list price at 0.1 EUR per SEK: 20.00 EUR per user
        self.assertEqual((users.quantity, users.price_unit), (2, 20.00))
        self.assertEqual((hours.quantity, hours.price_unit), (1.0, 95.00))
        self.assertAlmostEqual(invoice.amount_untaxed, 135.00, places=2)

    def test_type_change_ends_one_fee_and_starts_the_other(self):
        agreement = self.make_agreement("first_line")
        self.register_users(agreement, self.make_contacts(3))
        self.run_invoicing(date(2026, 3, 1))
        # Maintenance added on 16 March: its fee from then, its own commitment
        self.add_code(agreement, {"cw_x": 250}, day=date(2026, 3, 16))
        agreement.with_context(support_change_date=date(2026, 3, 16)).write(
            {"support_type": "first_line_maintenance"}
        )
        maintenance = agreement.support_service_ids.filtered(
            lambda s: s.service == "maintenance"
        )
        self.assertEqual(maintenance.date_start, date(2026, 3, 16))
        self.assertEqual(maintenance.commitment_end, date(2027, 3, 15))
        self.assertEqual(agreement.support_commitment_end, date(2027, 3, 15))
        march = self.run_invoicing(date(2026, 4, 1))
        self.assertAlmostEqual(
            self.lines_of(march, self.user_product).price_subtotal, 600.00, places=2
        )
        # 3 blocks x 180 x 16/31 = 278.71
        self.assertAlmostEqual(
            self.lines_of(march, self.block_product).price_subtotal, 278.71, places=2
        )
        # First Line dropped on 10 April, though committed until 31 December:
        # a manager may, and it is logged
        agreement.with_context(support_change_date=date(2026, 4, 10)).write(
            {"support_type": "maintenance"}
        )
        april = self.run_invoicing(date(2026, 5, 1))
        # 3 users x 200 x 9/30 = 180.00; Maintenance the whole month
        self.assertAlmostEqual(
            self.lines_of(april, self.user_product).price_subtotal, 180.00, places=2
        )
        self.assertAlmostEqual(
            self.lines_of(april, self.block_product).price_subtotal, 540.00, places=2
        )
        may = self.run_invoicing(date(2026, 6, 1))
        self.assertFalse(self.lines_of(may, self.user_product))
        self.assertTrue(
            agreement.message_ids.filtered(
                lambda m: "before its commitment end" in (m.body or "")
            )
        )

    def test_commitment_fixed_when_the_service_starts(self):
        agreement = self.make_agreement("first_line")
        self.assertEqual(agreement.support_commitment_end, date(2026, 12, 31))
        self.assertEqual(agreement.support_notice_date, date(2026, 9, 30))
        self.company.support_commitment_months = 24
        agreement.invalidate_recordset()
        self.assertEqual(agreement.support_commitment_end, date(2026, 12, 31))
        newer = self.make_agreement("first_line", start=date(2026, 2, 1))
        self.assertEqual(newer.support_commitment_end, date(2028, 1, 31))

    def test_preview_of_an_ended_agreement_shows_its_late_time(self):
        agreement = self.make_agreement("on_demand", date_end=date(2026, 1, 31))
        ticket = self.make_ticket(agreement)
        self.log_time(ticket, 30)
        self.run_invoicing(date(2026, 2, 1))
        self.log_time(ticket, 25, date(2026, 1, 30))  # 0:55 now bills 1:00
        with freeze_time("2026-03-01"):
            action = agreement.action_support_preview_invoice()
        preview = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(preview.amount_untaxed, 550.0)
        # the agreement's follower of its invoices follows this one too, as
        # OCA's invoices of a contract do
        follower = self.env["res.partner"].create({"name": "Ekonomi, Kund AB"})
        agreement.message_subscribe(
            partner_ids=follower.ids,
            subtype_ids=self.env.ref(
                "contract.mail_message_subtype_invoice_created"
            ).ids,
        )
        late = self.run_invoicing(date(2026, 3, 1))
        self.assertEqual(late.amount_untaxed, preview.amount_untaxed)
        self.assertIn("January 2026", self.lines_of(late, self.hour_product).name)
        self.assertIn(follower, late.message_partner_ids)

    def test_time_after_the_agreement_ended_is_flagged_then_billed_on_demand(self):
        agreement = self.make_agreement("first_line", date_end=date(2026, 1, 31))
        self.register_users(agreement, self.make_contacts(1))
        ticket = self.make_ticket(agreement, name="After the end")
        self.log_time(ticket, 40, date(2026, 2, 10))
        rm = ticket.support_request_month_ids
        self.assertEqual((rm.agreement_id, rm.state), (self.Contract, "no_agreement"))
        self.assertTrue(ticket.support_without_agreement)
        flagged = self.env["helpdesk.ticket"].search(
            [("support_without_agreement", "=", True)]
        )
        self.assertIn(ticket, flagged)
        self.run_invoicing(date(2026, 3, 1))
        self.assertEqual(rm.due_minutes, 60)  # not invoiced, not lost
        ticket.action_support_bill_on_demand()
        on_demand = rm.agreement_id
        self.assertEqual(on_demand.support_type, "on_demand")
        self.assertEqual(on_demand.date_start, date(2026, 2, 1))
        self.assertFalse(ticket.support_without_agreement)
        invoice = self.run_invoicing(date(2026, 3, 1))
        self.assertEqual(invoice.support_agreement_id, on_demand)
        self.assertAlmostEqual(invoice.amount_untaxed, 1100.00, places=2)

    def test_invoiced_months_stay_with_their_agreement(self):
        """Once a month is invoiced, the agreement keeps its customer, its
        start, the days before its end; a type change comes after it."""
        agreement = self.make_agreement("first_line")
        self.register_users(agreement, self.make_contacts(2))
        self.run_invoicing(date(2026, 3, 1))  # January and February
        other = self.env["res.partner"].create({"name": "Annan AB", "is_company": True})
        with self.assertRaisesText(UserError, "stays Kund AB's agreement"):
            agreement.partner_id = other
        with self.assertRaisesText(UserError, "its start can no"):
            agreement.date_start = date(2026, 2, 1)
        with self.assertRaisesText(UserError, "end on that day at the earliest"):
            agreement.date_end = date(2026, 1, 31)
        with self.assertRaisesText(UserError, "takes effect on 2026-03-01"):
            agreement.with_context(support_change_date="2026-02-15").write(
                {"support_type": "on_demand"}
            )
        self.env.invalidate_all()
        self.assertEqual(
            (agreement.partner_id, agreement.date_start, agreement.date_end),
            (self.customer, date(2026, 1, 1), False),
        )
        # ending after the invoiced months is fine
        agreement.date_end = date(2026, 3, 15)
        march = self.run_invoicing(date(2026, 4, 1))
        self.assertAlmostEqual(march.amount_untaxed, 400.0 * 15 / 31, places=1)
