# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A posted support invoice corrected the way an accountant must correct a
sent invoice: with a credit note, from the invoice's *Credit Note* wizard."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .common import SupportCommon


@tagged("post_install", "-at_install")
class TestCreditNotes(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="cw_credit_accountant",
            groups="account.group_account_invoice",
        )
        cls.agreement = cls.make_agreement("first_line")
        cls.register_users(cls.agreement, cls.make_contacts(3))
        cls.ticket = cls.make_ticket(cls.agreement, name="Report")
        cls.log_time(cls.ticket, 50)  # 1.0 h billed, 1,100.00
        cls.january = cls.run_invoicing(date(2026, 2, 1))
        cls.january.with_user(cls.accountant).action_post()

    def credit(self, invoice, modify=False, edit=None):
        """The accountant's Credit Note wizard on ``invoice``: *Reverse*
        (then ``edit`` the draft credit note and post it), or *Reverse and
        Create Invoice*. Returns the new credit note or invoice."""
        invoice = invoice.with_user(self.accountant)
        wizard = Form(
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
        )
        wizard.reason = "Wrong users"
        wizard = wizard.save()
        action = wizard.modify_moves() if modify else wizard.refund_moves()
        new = (
            self.env["account.move"].browse(action["res_id"]).with_user(self.accountant)
        )
        if not modify:
            if edit:
                with Form(new) as form:
                    edit(form)
            new.action_post()
        return new

    def ledger(self):
        rm = self.ticket.support_request_month_ids
        return (
            rm.billed_minutes,
            rm.invoiced_minutes,
            rm.credited_minutes,
            rm.due_minutes,
        )

    def test_full_credit_note_reopens_the_month_once(self):
        credit = self.credit(self.january)
        self.assertEqual(credit.amount_untaxed, 1700.00)
        self.assertTrue(self.january.support_credited)
        self.assertFalse(self.agreement.support_period_ids)
        self.assertEqual(self.ledger(), (60, 0, 60, 60))
        self.assertFalse(self.ticket.timesheet_ids.support_invoice_line_id)
        self.assertIn("credited in full", self.agreement.message_ids[0].body)
        # the statement shows it credited, then billed again
        statement = self.agreement._support_statement_months()[0]["lines"][0]
        self.assertEqual((statement["credited"], statement["due"]), (60, 60))
        again = self.run_invoicing(date(2026, 2, 2))
        self.assertEqual(again.support_period_start, date(2026, 1, 1))
        self.assertAlmostEqual(again.amount_untaxed, 1700.00, places=2)
        self.assertEqual(self.ledger(), (60, 60, 60, 0))
        self.assertEqual(
            self.ticket.timesheet_ids.support_invoice_line_id.move_id, again
        )
        self.assertFalse(self.run_invoicing(date(2026, 2, 3)))
        # the credit note that re-opened the month stays
        with self.assertRaisesText(UserError, "cannot be cancelled or reset"):
            credit.button_draft()
        # and so does the invoice it credited: cancelled, it would leave the
        # credit note standing against the month billed again
        with self.assertRaisesText(UserError, "cannot be reset to draft or cancel"):
            self.january.with_user(self.accountant).button_draft()
        self.assertEqual(self.january.state, "posted")

    def test_partial_credit_note_leaves_the_month_invoiced(self):
        def lower_users(form):
            with form.invoice_line_ids.edit(0) as line:
                line.quantity = 1  # one user of three credited
            form.invoice_line_ids.remove(1)  # not the time

        credit = self.credit(self.january, edit=lower_users)
        self.assertAlmostEqual(credit.amount_untaxed, 200.00, places=2)
        self.assertFalse(self.january.support_credited)
        self.assertEqual(len(self.agreement.support_period_ids), 1)
        self.assertEqual(self.ledger(), (60, 60, 0, 0))
        self.assertIn("a part only", self.agreement.message_ids[0].body)
        self.assertFalse(self.run_invoicing(date(2026, 2, 2)))
        # a second credit note for the rest reverses it in full

        def lower_rest(form):
            with form.invoice_line_ids.edit(0) as line:
                line.quantity = 2

        self.credit(self.january, edit=lower_rest)
        self.assertTrue(self.january.support_credited)
        again = self.run_invoicing(date(2026, 2, 2))
        self.assertAlmostEqual(again.amount_untaxed, 1700.00, places=2)

    def test_reverse_and_create_invoice_keeps_the_links(self):
        new = self.credit(self.january, modify=True)
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.support_agreement_id, self.agreement)
        self.assertEqual(
            (new.support_period_start, new.support_period_end),
            (date(2026, 1, 1), date(2026, 1, 31)),
        )
        self.assertEqual(self.agreement.support_period_ids.invoice_id, new)
        time_line = new.invoice_line_ids.filtered("support_request_month_id")
        self.assertEqual(time_line.support_billed_minutes, 60)
        self.assertEqual(self.ticket.timesheet_ids.support_invoice_line_id, time_line)
        self.assertEqual(self.ledger(), (60, 60, 60, 0))
        # nothing billed twice, nothing left out
        self.assertFalse(self.run_invoicing(date(2026, 2, 2)))
        # the new invoice cancelled re-opens the month, as any invoice does
        new.button_cancel()
        again = self.run_invoicing(date(2026, 2, 2))
        self.assertAlmostEqual(again.amount_untaxed, 1700.00, places=2)
