# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time corrected after it was logged, as an agent corrects it in the
ticket's Timesheets tab: the ledger and the invoices follow the line as it
is stored after the change, whatever field moved it; invoiced time stays."""

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .common import SupportCommon

AGENT_GROUPS = "helpdesk_mgmt.group_helpdesk_user,hr_timesheet.group_hr_timesheet_user"


@tagged("post_install", "-at_install")
class TestCorrectedTime(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(cls.env, login="cw_agent_moves", groups=AGENT_GROUPS)
        cls.agent.tz = "Europe/Stockholm"
        cls.agent_employee = cls.env["hr.employee"].create(
            {"name": "Agent", "user_id": cls.agent.id, "company_id": cls.company.id}
        )
        cls.agreement = cls.make_agreement("on_demand")
        cls.ticket = cls.make_ticket(cls.agreement, name="Import")
        cls.ticket.user_id = cls.agent

    def log_in_tab(self, minutes, moment):
        """The agent adds a line in the ticket's Timesheets tab."""
        form = Form(self.ticket.with_user(self.agent))
        with form.timesheet_ids.new() as line:
            line.date_time = moment
            line.name = "work"
            line.unit_amount = minutes / 60.0
        form.save()

    def ticket_line(self, index):
        return self.ticket.timesheet_ids.sorted(lambda t: (t.date_time, t.id))[index]

    def row_of(self, line):
        """Row of ``line`` in the Timesheets tab, as the form lists them."""
        return self.ticket.timesheet_ids.ids.index(line.id)

    def test_line_moved_to_next_month_by_its_start_time(self):
        """40 + 10 minutes on 30 January, then the 10 minutes moved to
        2 February in the tab: January bills 1.0 h, February 0.25 h."""
        self.log_in_tab(40, datetime(2026, 1, 30, 9, 0))
        self.log_in_tab(10, datetime(2026, 1, 30, 13, 0))
        moved = self.ticket_line(1)
        form = Form(self.ticket.with_user(self.agent))
        with form.timesheet_ids.edit(self.row_of(moved)) as line:
            line.date_time = datetime(2026, 2, 2, 9, 0)
        form.save()
        self.assertEqual(moved.date, date(2026, 2, 2))
        self.assertEqual(moved.support_request_month_id.month, date(2026, 2, 1))
        ledger = {
            rm.month: rm.billed_minutes for rm in self.ticket.support_request_month_ids
        }
        self.assertEqual(ledger, {date(2026, 1, 1): 60, date(2026, 2, 1): 15})
        january = self.run_invoicing(date(2026, 2, 1))
        self.assertEqual(
            self.invoice_lines(january).mapped("price_subtotal"), [1100.00]
        )
        february = self.run_invoicing(date(2026, 3, 1))
        self.assertEqual(
            self.invoice_lines(february).mapped("price_subtotal"), [275.00]
        )

    def test_invoiced_line_cannot_move_by_its_start_time(self):
        self.log_in_tab(40, datetime(2026, 1, 30, 9, 0))
        january = self.run_invoicing(date(2026, 2, 1))
        self.assertTrue(january)
        form = Form(self.ticket.with_user(self.agent))
        with form.timesheet_ids.edit(0) as line:
            line.date_time = datetime(2026, 2, 2, 9, 0)
        with self.assertRaisesText(UserError, "already invoiced"):
            form.save()
        line = self.ticket_line(0)
        self.assertEqual(line.date, date(2026, 1, 30))
        self.assertEqual(line.support_request_month_id.month, date(2026, 1, 1))

    def test_late_time_keeps_what_the_accountant_gave(self):
        """The accountant halves January's hour on the draft (goodwill) and
        posts it; 30 minutes logged late bill 30 minutes, 550.00, not the
        goodwill back."""
        accountant = new_test_user(
            self.env, login="cw_goodwill", groups="account.group_account_invoice"
        )
        self.log_time(self.ticket, 60, day=date(2026, 1, 20))
        january = self.run_invoicing(date(2026, 2, 1))
        self.assertEqual(january.state, "draft")
        with Form(january.with_user(accountant)) as form:
            with form.invoice_line_ids.edit(0) as line:
                line.price_unit = 550.0
        january.with_user(accountant).action_post()
        self.assertEqual(january.amount_untaxed, 550.0)
        self.log_time(self.ticket, 30, day=date(2026, 1, 22))
        february = self.run_invoicing(date(2026, 3, 1))
        late = self.invoice_lines(february)
        self.assertEqual(late.support_billed_minutes, 30)
        self.assertAlmostEqual(late.price_subtotal, 550.0, places=2)
        self.assertAlmostEqual(february.amount_untaxed, 550.0, places=2)

    def test_late_time_completes_the_months_amount_to_the_ore(self):
        """20 minutes at 1,000.00 an hour with a 20-minute increment bill
        333.33; 20 more minutes logged late for that month bill 333.34, so
        that the month costs 666.67, as 40 minutes billed at once would."""
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "1,000 an hour",
                "currency_id": self.sek.id,
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.hour_product.id,
                            "compute_price": "fixed",
                            "fixed_price": 1000.0,
                        },
                    )
                ],
            }
        )
        self.agreement.write(
            {"pricelist_id": pricelist.id, "support_increment_minutes": 20}
        )
        self.log_time(self.ticket, 20, day=date(2026, 1, 20))
        january = self.run_invoicing(date(2026, 2, 1))
        first = self.invoice_lines(january)
        self.assertEqual(first.price_subtotal, 333.33)
        self.assertEqual(first.support_time_text, "0:20 h")
        self.assertEqual(first.support_hour_price, 1000.0)
        self.log_time(self.ticket, 20, day=date(2026, 1, 21))
        february = self.run_invoicing(date(2026, 3, 1))
        late = self.invoice_lines(february)
        self.assertAlmostEqual(late.price_subtotal, 333.34, places=2)
        self.assertEqual(late.support_time_text, "0:20 h")
        self.assertIn("666.67 for 0:40, 333.33 invoiced before", late.name)
        self.assertAlmostEqual(
            first.price_subtotal + late.price_subtotal, 666.67, places=2
        )
        # the customer reads the time and the hour price on the invoice
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.report_invoice", february.ids)[0]
            .decode()
        )
        self.assertIn("0:20 h", html)
        self.assertIn("1,000.00", html)

    def test_first_month_from_the_16th_says_its_period(self):
        """A First Line agreement from 16 January: its first invoice and the
        preview before it say 16-31 January; one ending on 15 March says
        1-15 March."""
        agreement = self.make_agreement(
            "first_line", start=date(2026, 1, 16), date_end=date(2026, 3, 15)
        )
        self.register_users(agreement, self.make_contacts(3))
        action = agreement.action_support_preview_invoice()
        preview = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(
            (preview.date_start, preview.date_end),
            (date(2026, 1, 16), date(2026, 1, 31)),
        )
        invoices = self.run_invoicing(date(2026, 4, 1)).sorted("invoice_date")
        self.assertEqual(
            [(i.support_period_start, i.support_period_end) for i in invoices],
            [
                (date(2026, 1, 16), date(2026, 1, 31)),
                (date(2026, 2, 1), date(2026, 2, 28)),
                (date(2026, 3, 1), date(2026, 3, 15)),
            ],
        )
        for invoice, amount in zip(invoices, [309.68, 600.00, 290.32], strict=True):
            self.assertAlmostEqual(invoice.amount_untaxed, amount, places=2)
