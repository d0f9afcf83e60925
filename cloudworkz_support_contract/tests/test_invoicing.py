# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests.common import tagged

from .common import SupportCommon

FEB_1 = date(2026, 2, 1)


@tagged("post_install", "-at_install")
class TestMonthlyInvoicing(SupportCommon):
    def assertInvoice(self, invoice, untaxed, total=None):
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.currency_id, self.sek)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertAlmostEqual(invoice.amount_untaxed, untaxed, places=2)
        if total is not None:
            self.assertAlmostEqual(invoice.amount_total, total, places=2)

    def test_first_line_twelve_users(self):
        agreement = self.make_agreement("first_line")
        self.register_users(agreement, self.make_contacts(12))
        self.assertEqual(agreement.registered_user_count, 12)
        fee_line = agreement.contract_line_ids
        self.assertEqual(fee_line.product_id, self.user_product)
        self.assertEqual(fee_line.support_quantity_now, 12)

        invoice = self.run_invoicing(FEB_1)
        self.assertEqual(invoice.invoice_date, FEB_1)
        self.assertEqual(invoice.partner_id, self.customer)
        line = self.invoice_lines(invoice)
        self.assertEqual(line.product_id, self.user_product)
        self.assertEqual(line.quantity, 12)
        self.assertEqual(line.price_unit, 200.0)
        # 12 x 200 SEK, Swedish VAT 25 %
        self.assertInvoice(invoice, 2400.00, 3000.00)
        period = agreement.support_period_ids
        self.assertEqual(
            (period.date_start, period.date_end, period.invoice_id),
            (date(2026, 1, 1), date(2026, 1, 31), invoice),
        )
        self.assertIn(invoice, agreement._get_related_invoices())
        # OCA's note on the invoice: which agreement created it
        [note] = invoice.message_ids.filtered(lambda m: "by contract" in str(m.body))
        self.assertIn(f'data-oe-id="{agreement.id}"', str(note.body))
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))

    def test_maintenance_code_blocks(self):
        agreement = self.make_agreement("maintenance")
        self.add_code(agreement, {"cw_sale": 3000, "cw_stock": 1230})
        self.assertEqual(agreement.code_line_total, 4230)
        self.assertEqual(agreement.code_block_count, 43)
        invoice = self.run_invoicing(FEB_1)
        line = self.invoice_lines(invoice)
        self.assertEqual((line.product_id, line.quantity), (self.block_product, 43))
        # 43 blocks x 180 SEK
        self.assertInvoice(invoice, 7740.00, 9675.00)

    def test_on_demand_time_rounded_per_request(self):
        agreement = self.make_agreement("on_demand")
        self.assertFalse(agreement.contract_line_ids)
        tickets = {}
        for minutes in (10, 50, 125):
            ticket = self.make_ticket(agreement, name=f"Request {minutes}")
            if minutes == 125:
                # 2 h 05 logged in two sittings is still one request
                self.log_time(ticket, 65)
                self.log_time(ticket, 60, date(2026, 1, 20))
            else:
                self.log_time(ticket, minutes)
            tickets[minutes] = ticket
        # February time belongs to the next period
        self.log_time(tickets[10], 30, date(2026, 2, 3))

        invoice = self.run_invoicing(FEB_1)
        lines = self.invoice_lines(invoice)
        self.assertEqual(len(lines), 3)
        expected = {10: (0.25, 275.00), 50: (1.0, 1100.00), 125: (2.5, 2750.00)}
        for minutes, (hours, subtotal) in expected.items():
            ticket = tickets[minutes]
            line = lines.filtered(lambda line, t=ticket: t.number in line.name)
            self.assertEqual(line.product_id, self.hour_product)
            self.assertEqual(line.quantity, hours)
            self.assertEqual(line.price_unit, self.HOUR_PRICE)
            self.assertAlmostEqual(line.price_subtotal, subtotal, places=2)
            january = ticket.timesheet_ids.filtered(lambda t: t.date < FEB_1)
            self.assertEqual(line.support_timesheet_ids, january)
        self.assertInvoice(invoice, 4125.00, 5156.25)
        self.assertFalse(
            tickets[10]
            .timesheet_ids.filtered(lambda t: t.date >= FEB_1)
            .support_invoice_line_id
        )

    def test_first_line_and_maintenance_on_one_invoice(self):
        agreement = self.make_agreement("first_line_maintenance")
        contacts = self.make_contacts(5)
        self.register_users(agreement, contacts)
        self.register_users(agreement, contacts[:1], role="it_key_user")
        self.add_code(agreement, {"cw_custom": 250})
        ticket = self.make_ticket(agreement, name="Data import")
        self.log_time(ticket, 50)
        invoice = self.run_invoicing(FEB_1)
        lines = self.invoice_lines(invoice)
        by_product = {line.product_id: line for line in lines}
        self.assertEqual(by_product[self.user_product].quantity, 5)
        self.assertEqual(by_product[self.block_product].quantity, 3)
        self.assertEqual(by_product[self.hour_product].quantity, 1.0)
        # 5 x 200 + 3 x 180 + 1 h x 1,100
        self.assertInvoice(invoice, 2640.00, 3300.00)

    def test_second_run_creates_nothing(self):
        agreement = self.make_agreement("on_demand")
        self.log_time(self.make_ticket(agreement), 40)
        first = self.run_invoicing(FEB_1)
        self.assertEqual(len(first), 1)
        second = self.run_invoicing(FEB_1)
        self.assertFalse(second)
        self.assertEqual(len(agreement.support_period_ids), 1)
        self.assertEqual(agreement.invoice_count, 1)

    def test_missed_months_catch_up(self):
        agreement = self.make_agreement("first_line")
        self.register_users(agreement, self.make_contacts(3))
        ticket = self.make_ticket(agreement)
        self.log_time(ticket, 20, date(2026, 2, 10))
        invoices = self.run_invoicing(date(2026, 4, 1)).sorted("invoice_date")
        self.assertEqual(
            invoices.mapped("invoice_date"),
            [date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)],
        )
        self.assertEqual(
            agreement.support_period_ids.sorted("date_start").mapped("date_end"),
            [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)],
        )
        for invoice in invoices:
            self.assertAlmostEqual(
                sum(
                    self.invoice_lines(invoice)
                    .filtered(lambda line: line.product_id == self.user_product)
                    .mapped("price_subtotal")
                ),
                600.00,
                places=2,
            )
        # the February time is on the February invoice only
        self.assertEqual(ticket.timesheet_ids.support_invoice_id, invoices[1])
        self.assertAlmostEqual(invoices[1].amount_untaxed, 600.00 + 550.00, places=2)
        self.assertFalse(self.run_invoicing(date(2026, 4, 1)))
        # OCA's dates moved on once a month: the fee line is invoiced to March
        self.assertEqual(agreement.last_date_invoiced, date(2026, 3, 31))
        self.assertEqual(
            agreement.contract_line_ids.last_date_invoiced, date(2026, 3, 31)
        )

    def test_batch_invoices_get_their_own_note_and_followers(self):
        """A batch of agreements invoiced together: each invoice has OCA's
        "created by contract" note once, naming its own agreement, and the
        followers of that agreement's invoices only."""
        agreements = self.Contract
        for name in ("Alfa AB", "Beta AB", "Gamma AB"):
            customer = self.env["res.partner"].create(
                {"name": name, "is_company": True}
            )
            agreement = self.make_agreement("first_line", customer=customer)
            self.register_users(agreement, self.make_contacts(1, customer))
            agreements |= agreement
        follower = self.env["res.partner"].create({"name": "Controller"})
        agreements[1].message_subscribe(
            partner_ids=follower.ids,
            subtype_ids=self.env.ref(
                "contract.mail_message_subtype_invoice_created"
            ).ids,
        )
        invoices = self.run_batches(FEB_1)
        self.assertEqual(len(invoices), 3)
        for agreement in agreements:
            invoice = invoices.filtered(
                lambda m, a=agreement: m.support_agreement_id == a
            )
            notes = invoice.message_ids.filtered(lambda m: "by contract" in str(m.body))
            self.assertEqual(len(notes), 1, agreement.name)
            self.assertIn(f'data-oe-id="{agreement.id}"', str(notes.body))
            self.assertEqual(
                follower in invoice.message_partner_ids, agreement == agreements[1]
            )

    def test_cancelled_invoice_releases_its_time(self):
        agreement = self.make_agreement("on_demand")
        ticket = self.make_ticket(agreement)
        timesheet = self.log_time(ticket, 50)
        invoice = self.run_invoicing(FEB_1)
        self.assertEqual(timesheet.support_invoice_id, invoice)
        invoice.action_post()
        with self.assertRaises(UserError):
            timesheet.unit_amount = 2.0
        with self.assertRaises(UserError):
            timesheet.unlink()
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertFalse(timesheet.support_invoice_line_id)
        with self.assertRaises(UserError):
            invoice.button_draft()
        # the next period's invoice bills the released time, once
        march = self.run_invoicing(date(2026, 3, 1))
        self.assertEqual(timesheet.support_invoice_id, march)
        self.assertAlmostEqual(march.amount_untaxed, 1100.00, places=2)

    def test_deleted_draft_invoice_releases_its_time(self):
        agreement = self.make_agreement("on_demand")
        timesheet = self.log_time(self.make_ticket(agreement), 10)
        invoice = self.run_invoicing(FEB_1)
        invoice.unlink()
        self.assertFalse(timesheet.support_invoice_line_id)

    def test_usage_invoiced_once(self):
        agreement = self.make_agreement("on_demand")
        usage = self.env["cloudworkz.support.usage"].create(
            [
                {
                    "agreement_id": agreement.id,
                    "product_id": self.ocr_product.id,
                    "quantity": qty,
                    "date": day,
                }
                for qty, day in ((100, date(2026, 1, 10)), (20, date(2026, 1, 31)))
            ]
        )
        invoice = self.run_invoicing(FEB_1)
        line = self.invoice_lines(invoice)
        self.assertEqual((line.product_id, line.quantity), (self.ocr_product, 120))
        self.assertAlmostEqual(line.price_subtotal, 300.00, places=2)
        self.assertEqual(usage.invoice_id, invoice)
        with self.assertRaises(UserError):
            usage[0].quantity = 5
        self.assertFalse(self.run_invoicing(date(2026, 3, 1)))

    def test_failing_agreement_does_not_stop_the_others(self):
        broken = self.make_agreement("on_demand", support_hour_product_id=False)
        self.log_time(self.make_ticket(broken), 30)
        other_customer = self.customer.copy({"name": "Annan Kund AB"})
        fine = self.make_agreement("first_line", customer=other_customer)
        self.register_users(fine, self.make_contacts(2, other_customer))

        invoices = self.run_invoicing(FEB_1)
        self.assertEqual(invoices.partner_id, other_customer)
        self.assertAlmostEqual(invoices.amount_untaxed, 400.00, places=2)
        self.assertFalse(broken.support_period_ids)
        self.assertIn("no support hour product", broken.support_invoicing_error)
        self.assertFalse(fine.support_invoicing_error)

        self.assertEqual(broken.support_invoicing_failed_on, FEB_1)
        broken.support_hour_product_id = self.hour_product
        # the runs of that day (re-triggered ones too) leave it, so that it
        # never holds up the others; the next day's run tries again
        self.assertFalse(self.run_invoicing(FEB_1))
        retry = self.run_invoicing(date(2026, 2, 2))
        self.assertEqual(retry.partner_id, self.customer)
        self.assertAlmostEqual(retry.amount_untaxed, 550.00, places=2)
        self.assertFalse(broken.support_invoicing_error)
        self.assertFalse(broken.support_invoicing_failed_on)

    def test_preview_shows_next_invoice_and_creates_nothing(self):
        agreement = self.make_agreement("first_line", start=date(2026, 1, 1))
        self.register_users(agreement, self.make_contacts(4))
        timesheet = self.log_time(self.make_ticket(agreement), 125)
        moves_before = self.env["account.move"].search_count([])
        action = agreement.action_support_preview_invoice()
        preview = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(
            (preview.date_start, preview.date_end, preview.invoice_date),
            (date(2026, 1, 1), date(2026, 1, 31), FEB_1),
        )
        self.assertEqual(preview.line_ids.mapped("quantity"), [4.0, 2.5])
        self.assertAlmostEqual(preview.amount_untaxed, 800.00 + 2750.00, places=2)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        self.assertFalse(timesheet.support_invoice_line_id)
        self.assertFalse(agreement.support_period_ids)
        invoice = self.run_invoicing(FEB_1)
        self.assertAlmostEqual(invoice.amount_untaxed, preview.amount_untaxed, places=2)

    def test_manual_invoice_button_invoices_months_over_only(self):
        """OCA's "Create invoice" never closes a month that is not over: a
        user registered later in it would never be billed."""
        agreement = self.make_agreement("first_line")
        self.register_users(agreement, self.make_contacts(1))
        with freeze_time("2026-01-20"):
            self.assertFalse(agreement.recurring_create_invoice())
        self.register_users(agreement, self.make_contacts(1), day=date(2026, 1, 25))
        with freeze_time("2026-02-03"):
            invoice = agreement.recurring_create_invoice()
        self.assertEqual(invoice.invoice_date, FEB_1)
        self.assertEqual(invoice.amount_untaxed, 400.0)  # both January users
        self.assertEqual(agreement.recurring_next_date, date(2026, 3, 1))

    def test_oca_cron_leaves_support_agreements_alone(self):
        agreement = self.make_agreement("first_line")
        self.register_users(agreement, self.make_contacts(1))
        self.Contract.cron_recurring_create_invoice(date(2026, 3, 1))
        self.assertFalse(agreement._get_related_invoices())
        self.assertEqual(agreement.recurring_next_date, FEB_1)

    def test_ended_agreement_stops_invoicing(self):
        agreement = self.make_agreement("on_demand", date_end=date(2026, 1, 31))
        self.log_time(self.make_ticket(agreement), 15)
        invoices = self.run_invoicing(date(2026, 6, 1))
        self.assertEqual(len(invoices), 1)
        self.assertEqual(len(agreement.support_period_ids), 1)

    def test_ticket_gets_the_customers_running_agreement(self):
        agreement = self.make_agreement("on_demand", start=date(2020, 1, 1))
        contact = self.make_contacts(1)
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Hi", "description": "<p>Hi</p>", "partner_id": contact.id}
        )
        self.assertEqual(ticket.support_agreement_id, agreement)


@tagged("post_install", "-at_install")
class TestDemoData(SupportCommon):
    def test_demo_agreements_invoiced_at_install(self):
        agreements = self.env["contract.contract"].with_context(active_test=False)
        demo = [
            self.env.ref(f"cloudworkz_support_contract.demo_agreement_{name}", False)
            for name in ("on_demand", "first_line", "maintenance", "combined")
        ]
        if not all(demo):
            self.skipTest("demo data not loaded")
        demo = agreements.browse([agreement.id for agreement in demo])
        self.assertFalse(demo.filtered("support_invoicing_error"))
        maintenance = demo[2]
        self.assertEqual(maintenance.code_block_count, 43)
        first_invoice = maintenance.support_period_ids.sorted("date_start")[
            0
        ].invoice_id
        self.assertAlmostEqual(first_invoice.amount_untaxed, 7740.00, places=2)
        self.assertTrue(demo[0].support_period_ids.invoice_id)
