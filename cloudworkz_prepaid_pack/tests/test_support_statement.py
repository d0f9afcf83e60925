# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.cloudworkz_support_contract.tests.test_invoice_delivery import (
    pdf_text,
    wkhtmltopdf_missing,
)

from .common import PackCommon

FEB_1 = date(2026, 2, 1)
STATEMENT = "cloudworkz_support_contract.action_report_support_statement"


def cells(html, row_class):
    """The cell texts of the rows with ``row_class``, row by row."""
    rows = re.findall(rf'<tr class="[^"]*{row_class}[^"]*"[^>]*>(.*?)</tr>', html, re.S)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in rows
    ]


@tagged("post_install", "-at_install")
class TestSupportStatement(PackCommon):
    """The customer statement of a First Line agreement over two months:
    covered time, time invoiced in January, time prepaid hours paid in
    February and time still to invoice, as the request ledger has them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.agreements["first_line"]
        cls.customer = cls.agreement.partner_id
        cls.accountant = new_test_user(
            cls.env, login="cw_stmt_accountant", groups="account.group_account_invoice"
        )
        cls.salesman = new_test_user(
            cls.env, login="cw_stmt_salesman", groups="sales_team.group_sale_salesman"
        )
        # January: no pack yet
        cls.how_to = cls.ticket("first_line", "user_support", name="How do I")
        cls.log_time(cls.how_to, 40, day=date(2026, 1, 10))
        cls.import_jan = cls.ticket("first_line", "data_import", name="Import prices")
        cls.log_time(cls.import_jan, 50, day=date(2026, 1, 15))
        cls.run_invoicing(FEB_1)
        # February: a pack pays what it may, the rest waits for the invoice
        cls.pack = cls.sell(
            cls.small, customer=cls.customer, day=date(2026, 2, 2)
        ).prepaid_pack_ids
        cls.log_time(cls.how_to, 25, day=date(2026, 2, 3))
        cls.import_feb = cls.ticket("first_line", "data_import", name="Import stock")
        cls.log_time(cls.import_feb, 20, day=date(2026, 2, 4))
        cls.server = cls.ticket("first_line", "infrastructure", name="New server")
        cls.log_time(cls.server, 70, day=date(2026, 2, 5))

    def test_figures_per_month_from_the_ledger(self):
        months = self.agreement.with_user(self.salesman)._support_statement_months()
        self.assertEqual(
            [m["label"] for m in months], ["January 2026", "February 2026"]
        )
        figures = [
            [
                (line["ticket"], *(round(line[k]) for k in ("logged", "covered")))
                + tuple(line[k] for k in ("billed", "prepaid", "invoiced", "due"))
                for line in month["lines"]
            ]
            for month in months
        ]
        self.assertEqual(
            figures,
            [
                [
                    # ticket, logged, covered, billed, prepaid, invoiced, due
                    (self.how_to, 40, 40, 0, 0, 0, 0),
                    (self.import_jan, 50, 0, 60, 0, 60, 0),
                ],
                [
                    (self.how_to, 25, 25, 0, 0, 0, 0),
                    (self.import_feb, 20, 0, 30, 30, 0, 0),
                    (self.server, 70, 0, 90, 0, 0, 90),
                ],
            ],
        )
        self.assertEqual(
            {k: round(v) for k, v in months[1]["total"].items()},
            {
                "logged": 115,
                "covered": 25,
                "billed": 120,
                "prepaid": 30,
                "invoiced": 0,
                "credited": 0,
                "due": 90,
            },
        )
        # the ledger and the pack agree
        self.assertEqual(self.pack.balance_minutes, 25 * 60 - 30)
        self.ledger_is_exact(self.pack)

    def _statement_html(self, user):
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(STATEMENT, self.agreement.ids)
        )
        return html.decode()

    def test_statement_as_the_customer_reads_it(self):
        for user in (self.salesman, self.accountant):
            html = self._statement_html(user)
            head = ["Ticket", "Logged", "Covered", "Billed", "Prepaid", "Invoiced"]
            self.assertEqual(
                [
                    " ".join(re.sub(r"<[^>]+>", " ", th).split())
                    for th in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
                ],
                [*head, "To invoice"],
            )
            self.assertEqual(
                cells(html, "o_line_section"), [["January 2026"], ["February 2026"]]
            )
            self.assertEqual(
                cells(html, "o_support_statement_total"),
                [
                    # month, logged, covered, billed, prepaid, invoiced, to invoice
                    ["Total January 2026", "1:30", "0:40", "1:00", "–", "1:00", "–"],
                    ["Total February 2026"] + "1:55 0:25 2:00 0:30 – 1:30".split(),
                ],
            )
            self.assertEqual(
                [row[0] for row in cells(html, "o_support_statement_line")],
                [
                    f"{self.how_to.number} How do I",
                    f"{self.import_jan.number} Import prices",
                    f"{self.how_to.number} How do I",
                    f"{self.import_feb.number} Import stock",
                    f"{self.server.number} New server",
                ],
            )
            self.assertEqual(
                cells(html, "o_support_statement_line")[4][1:],
                ["1:10", "–", "1:30", "–", "–", "1:30"],
            )
            self.assertRegex(html, r"at least\s*<span>0:15</span>")

    def test_print_and_send_statement_buttons(self):
        as_salesman = self.agreement.with_user(self.salesman)
        action = as_salesman.action_support_print_statement()
        self.assertEqual(action["report_name"], STATEMENT.replace("action_", ""))
        action = as_salesman.action_support_send_statement()
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.salesman)
            .with_context(**action["context"])
        )
        self.assertIn("support statement", composer.subject)
        self.assertEqual(composer.partner_ids[:], self.agreement.invoice_partner_id)
        composer = composer.save()
        [attachment] = composer.attachment_ids
        # (tests render reports as HTML, a server as PDF)
        name = f"Support statement {self.agreement.name}"
        self.assertIn(attachment.name, [f"{name}.pdf", f"{name}.html"])
        composer.action_send_mail()
        message = self.agreement.message_ids[0]
        self.assertEqual(message.attachment_ids.mapped("name"), [attachment.name])
        self.assertEqual(message.partner_ids, self.agreement.invoice_partner_id)
        self.assertEqual(message.create_uid, self.salesman)

    def test_portal_customer_cannot_print_another_customers_statement(self):
        other = self.agreements["on_demand"].partner_id
        portal = new_test_user(
            self.env,
            login="cw_stmt_portal",
            groups="base.group_portal",
            partner_id=self.make_contacts(1, other).id,
        )
        with self.assertRaises(AccessError):
            self.agreement.with_user(portal)._support_statement_months()

    def test_statements_render_to_pdf(self):
        if wkhtmltopdf_missing(self.env):
            self.skipTest("wkhtmltopdf is not installed")
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, report_type = Report.with_user(self.salesman)._render_qweb_pdf(
            STATEMENT, self.agreement.ids
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = pdf_text(pdf)
        if text is not None:
            self.assertIn("Total February 2026 1:55 0:25 2:00 0:30 – 1:30", text)
        pack_pdf, report_type = Report._render_qweb_pdf(
            "cloudworkz_prepaid_pack.action_report_pack_statement", self.pack.ids
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pack_pdf.startswith(b"%PDF"))
        text = pdf_text(pack_pdf)
        if text is not None:
            self.assertIn(f"{self.import_feb.number} Import stock", text)
            self.assertIn("Hours left 24:30", text)
