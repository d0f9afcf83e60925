# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
import shutil
import subprocess
import tempfile
from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from ..tools import pdf_available
from .common import SupportCommon

FEB_1 = date(2026, 2, 1)


def wkhtmltopdf_missing(env):
    return not pdf_available(env)


def pdf_text(pdf):
    """The text of a PDF, as pdftotext reads it, on one line (None without
    poppler-utils)."""
    if not shutil.which("pdftotext"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", file.name, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestInvoiceDelivery(SupportCommon, MockEmail):
    """Company setting Monthly Invoices: the run leaves drafts, or posts each
    invoice and emails it with its PDF to the invoice contact, one by one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"]
        cls.contacts = cls.env["res.partner"]
        cls.three = cls.Contract
        for name in ("Alfa AB", "Beta AB", "Gamma AB"):
            customer = cls.env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "email": f"info@{name[:4].lower()}.example.com",
                    "property_product_pricelist": cls.pricelist.id,
                }
            )
            contact = cls.env["res.partner"].create(
                {
                    "name": f"Ekonomi {name}",
                    "type": "invoice",
                    "parent_id": customer.id,
                    "email": f"faktura@{name[:4].lower()}.example.com",
                }
            )
            agreement = cls.make_agreement(
                "first_line", customer=customer, invoice_partner_id=contact.id
            )
            cls.register_users(agreement, cls.make_contacts(2, customer))
            cls.customers |= customer
            cls.contacts |= contact
            cls.three |= agreement

    def run_invoicing(self, day):
        # the plain run, which posts and sends what it created (with the job
        # queue, the next run sends: cloudworkz_support_queue's tests)
        return self.run_batches(day)

    def set_delivery(self, value):
        self.company.support_invoice_delivery = value

    def invoice_of(self, agreement):
        return self.env["account.move"].search(
            [("support_agreement_id", "=", agreement.id)]
        )

    def sent_mails(self, move):
        """Mails sent for ``move`` by Send & Print during the mock."""
        return self._new_mails.filtered(
            lambda m: m.model == "account.move" and m.res_id == move.id
        )

    def assert_sent_once(self, move, contact):
        self.assertEqual(move.state, "posted")
        self.assertTrue(move.is_move_sent)
        self.assertFalse(move.support_send_pending)
        self.assertFalse(move.support_send_error)
        mails = self.sent_mails(move)
        self.assertEqual(len(mails), 1, f"{move.display_name} sent once")
        self.assertEqual(mails.recipient_ids, contact)
        pdf_name = move._get_invoice_report_filename()
        self.assertTrue(pdf_name.endswith(".pdf"))
        self.assertEqual(mails.attachment_ids.mapped("name"), [pdf_name])
        self.assertEqual(mails.mail_message_id.attachment_ids, mails.attachment_ids)
        self.assertEqual(move.invoice_pdf_report_id.name, pdf_name)
        # what left the house: to the invoice contact, with the PDF
        [outgoing] = [
            mail for mail in self._mails if contact.email in " ".join(mail["email_to"])
        ]
        self.assertEqual(
            [attachment[0] for attachment in outgoing["attachments"]], [pdf_name]
        )
        self.assertEqual(outgoing["attachments"][0][2], "application/pdf")

    # ------------------------------------------------------------------
    def test_default_leaves_drafts_and_sends_nothing(self):
        self.assertEqual(self.company.support_invoice_delivery, "draft")
        with self.mock_mail_gateway():
            moves = self.run_invoicing(FEB_1)
        self.assertEqual(len(moves), 3)
        self.assertEqual(set(moves.mapped("state")), {"draft"})
        self.assertFalse(any(moves.mapped("is_move_sent")))
        self.assertFalse(any(moves.mapped("support_send_pending")))
        self.assertFalse(self._new_mails.filtered(lambda m: m.model == "account.move"))
        self.assertEqual(moves.mapped("amount_untaxed"), [400.0, 400.0, 400.0])

    def test_post_and_send_three(self):
        self.set_delivery("post_send")
        with self.mock_mail_gateway():
            moves = self.run_invoicing(FEB_1)
        self.assertEqual(len(moves), 3)
        for agreement, contact in zip(self.three, self.contacts, strict=True):
            move = self.invoice_of(agreement)
            self.assertEqual(move.partner_id, contact)
            self.assert_sent_once(move, contact)
            # 2 registered users x 200.00
            self.assertEqual(move.amount_untaxed, 400.0)
            self.assertEqual(move.support_period_start, date(2026, 1, 1))
            self.assertEqual(move.support_period_end, date(2026, 1, 31))
        # a second run sends nothing again
        with self.mock_mail_gateway():
            self.assertFalse(self.run_invoicing(date(2026, 2, 2)))
        self.assertFalse(self._new_mails.filtered(lambda m: m.model == "account.move"))

    def test_one_failing_mail_does_not_stop_the_others_and_is_retried(self):
        self.set_delivery("post_send")
        beta = self.contacts[1]
        Send = type(self.env["account.move.send"])
        send_mail = Send._send_mail

        def refused_for_beta(wizard, move, mail_template, **kwargs):
            if move.partner_id == beta:
                raise ConnectionRefusedError("SMTP relay refused the message")
            return send_mail(wizard, move, mail_template, **kwargs)

        with (
            self.mock_mail_gateway(),
            patch.object(Send, "_send_mail", refused_for_beta),
        ):
            self.run_invoicing(FEB_1)
            first, second, third = (self.invoice_of(a) for a in self.three)
            self.assert_sent_once(first, self.contacts[0])
            self.assert_sent_once(third, self.contacts[2])
            # nothing of the second one happened: still a draft, no PDF, no mail
            self.assertEqual(second.state, "draft")
            self.assertEqual(second.name, "/")
            self.assertFalse(second.is_move_sent)
            self.assertFalse(second.invoice_pdf_report_id)
            self.assertFalse(self.sent_mails(second))
            self.assertTrue(second.support_send_pending)
            self.assertIn("SMTP relay refused", second.support_send_error)
            self.assertEqual(second.support_send_failed_on, FEB_1)
            self.assertIn(
                "SMTP relay refused the message",
                second.message_ids[0].body,
            )
            self.assertEqual(
                self.env["account.move"].search(
                    [("id", "in", (first | second | third).ids)]
                    + [("support_send_error", "!=", False)]
                ),
                second,
            )
            # the same day's runs (e.g. the run triggered again) leave it
            self.run_invoicing(FEB_1)
            self.assertEqual(second.state, "draft")
        # the next day's run sends it, and only it
        with self.mock_mail_gateway():
            self.run_invoicing(date(2026, 2, 2))
            self.assert_sent_once(second, beta)
            self.assertFalse(self.sent_mails(first) | self.sent_mails(third))
        self.assertEqual(second.amount_untaxed, 400.0)

    def test_invoice_contact_without_email_is_reported(self):
        self.set_delivery("post_send")
        self.contacts[0].email = False
        with self.mock_mail_gateway():
            self.run_invoicing(FEB_1)
        first, second, third = (self.invoice_of(a) for a in self.three)
        self.assertEqual(first.state, "draft")
        self.assertIn("Ekonomi Alfa AB", first.support_send_error)
        self.assertIn("has no email address", first.support_send_error)
        self.assertEqual((second | third).mapped("is_move_sent"), [True, True])
        # fixed: the next day's run sends it
        self.contacts[0].email = "faktura@alfa.example.com"
        with self.mock_mail_gateway():
            self.run_invoicing(date(2026, 2, 2))
            self.assert_sent_once(first, self.contacts[0])

    def test_an_invoice_sent_by_hand_is_not_sent_again(self):
        self.set_delivery("post_send")
        self.contacts[0].email = False
        self.run_invoicing(FEB_1)
        first = self.invoice_of(self.three[0])
        # the accountant posts it and sends it by hand (by post)
        first.action_post()
        first.is_move_sent = True
        self.contacts[0].email = "faktura@alfa.example.com"
        with self.mock_mail_gateway():
            self.run_invoicing(date(2026, 2, 2))
        self.assertFalse(self.sent_mails(first))

    def test_setting_is_on_the_settings_page(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.support_invoice_delivery, "draft")
        settings.support_invoice_delivery = "post_send"
        settings.execute()
        self.assertEqual(self.company.support_invoice_delivery, "post_send")

    # ------------------------------------------------------------------
    # The invoice says which period and what time it bills
    # ------------------------------------------------------------------
    def _partial_month_invoice(self):
        agreement = self.make_agreement("first_line", start=date(2026, 1, 16))
        self.register_users(agreement, self.make_contacts(3))
        ticket = self.make_ticket(agreement, name="Meter import")
        self.log_time(ticket, 50, day=date(2026, 1, 20))
        self.run_invoicing(FEB_1)
        return self.invoice_of(agreement), ticket

    def test_partial_first_month_period_and_lines_on_the_invoice(self):
        move, ticket = self._partial_month_invoice()
        self.assertEqual(move.support_period_start, date(2026, 1, 16))
        self.assertEqual(move.support_period_end, date(2026, 1, 31))
        lines = self.invoice_lines(move)
        # 3 users x 200.00 x 16/31, and 1:00 billed at 1,100.00
        self.assertEqual(lines.mapped("price_subtotal"), [309.68, 1100.0])
        self.assertEqual(move.amount_untaxed, 1409.68)
        text = f"{ticket.number} Meter import, January 2026: 0:50 logged, 1:00 billed"
        self.assertEqual(lines[1].name, text)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("account.account_invoices", move.ids)[0]
            .decode()
        )
        self.assertRegex(
            html,
            r"<strong>Period:</strong><br/?>\s*"
            r'<span class="text-nowrap">01/16/2026</span>\s*–\s*'
            r'<span class="text-nowrap">01/31/2026</span>',
        )
        # the ticket line whole, in its own cell, wrapping
        cells = re.findall(
            r'<td name="account_invoice_line_name"[^>]*>(.*?)</td>', html, re.S
        )
        self.assertIn(text, [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells])
        self.assertIn("white-space: normal", html)

    def test_invoice_renders_to_pdf(self):
        if wkhtmltopdf_missing(self.env):
            self.skipTest("wkhtmltopdf is not installed")
        move, ticket = self._partial_month_invoice()
        move.action_post()
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("account.account_invoices", move.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        if text is not None:
            self.assertIn("Period: 01/16/2026 – 01/31/2026", text)
            self.assertIn(f"{ticket.number} Meter import, January 2026:", text)
            self.assertIn("0:50 logged, 1:00 billed", text)
            self.assertIn("1,409.68", text)

    def test_send_needs_an_email_before_anything_is_posted(self):
        self.contacts[1].email = False
        self.run_invoicing(FEB_1)
        second = self.invoice_of(self.three[1])
        with self.assertRaisesText(UserError, "has no email address"):
            second._support_post_and_send_one()
        self.assertEqual(second.state, "draft")
