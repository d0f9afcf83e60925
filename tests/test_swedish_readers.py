# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A Swedish agent and a Swedish customer read coverage, invoice lines and
mails in Swedish, whoever (in whatever language) triggered them."""

from datetime import date, datetime, timedelta

from odoo.tests.common import new_test_user

from odoo.addons.cloudworkz_coverage.tests.common import CoverageCommon

from .common import ScenarioCase

ADDONS = [
    "cloudworkz_support_contract",
    "cloudworkz_coverage",
    "cloudworkz_prepaid_pack",
]


class TestSwedishReaders(CoverageCommon, ScenarioCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("sv_SE")
        cls.env["ir.module.module"].search(
            [("name", "in", ADDONS), ("state", "=", "installed")]
        )._update_translations(["sv_SE"])
        cls.agent_sv = new_test_user(
            cls.env,
            login="cw_agent_sv",
            groups="helpdesk_mgmt.group_helpdesk_user,hr_timesheet.group_hr_timesheet_user",
            lang="sv_SE",
        )
        cls.agent_en = new_test_user(
            cls.env,
            login="cw_agent_en",
            groups="helpdesk_mgmt.group_helpdesk_user,hr_timesheet.group_hr_timesheet_user",
            lang="en_US",
        )

    def read_as(self, user, record, field):
        self.env.invalidate_all()  # each reader in their own request
        return record.with_user(user).with_context(lang=user.lang)[field]

    def test_reason_in_the_readers_language(self):
        # an English agent opens the ticket: nothing Swedish is stored
        ticket = self.ticket("first_line", "user_support").with_user(self.agent_en)
        self.assertEqual(
            self.read_as(self.agent_en, ticket, "coverage_reason"),
            "Included: First Line, registered user.",
        )
        self.assertEqual(
            self.read_as(self.agent_sv, ticket, "coverage_reason"),
            "Ingår: First Line, registrerad användare.",
        )
        contact = self.known["first_line"]
        contact.lang = "sv_SE"
        portal = new_test_user(
            self.env,
            login="cw_portal_sv",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        self.assertEqual(
            self.read_as(portal, ticket, "coverage_reason"),
            "Ingår: First Line, registrerad användare.",
        )

    def test_mail_and_invoice_in_the_customers_language(self):
        customer = self.agreements["on_demand"].partner_id
        contact = self.known["on_demand"]
        (customer | contact).write({"lang": "sv_SE"})
        self.company.coverage_notify_chargeable = True
        self.agreements["on_demand"].support_increment_minutes = 20
        # opened by an English-speaking agent
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent_en)
            .with_context(lang="en_US")
            .create(
                {
                    "name": "Ny prislista",
                    "description": "<p>Hjälp</p>",
                    "partner_id": contact.id,
                    "category_id": self.category("user_support").id,
                    "team_id": self.team.id,
                    "project_id": self.project.id,
                }
            )
        )
        mail = ticket.message_ids.filtered(lambda m: "debiterbart" in (m.subject or ""))
        self.assertEqual(len(mail), 1, ticket.message_ids.mapped("subject"))
        self.assertIn("Debiterbart: On Demand", mail.body)
        # the agreement's own rounding rule, not a fixed text
        self.assertIn("därefter per påbörjade 20 minuter", mail.body)
        self.log_time(ticket, 50)
        invoice = self.run_invoicing(date(2026, 2, 1)).filtered(
            lambda move: move.partner_id == customer
        )
        line = self.invoice_lines(invoice)
        self.assertIn("registrerat", line.name)
        self.assertIn("januari 2026", line.name)

    def test_patch_notice_in_the_customers_language(self):
        agreement = self.agreements["maintenance"]
        agreement.partner_id.write({"lang": "sv_SE", "email": "it@kund.example.com"})
        self.assertTrue(agreement.patch_window_ids)  # every Maintenance has one
        tasks = self.env["cloudworkz.support.patch.window"]._plan_run(
            datetime(2026, 1, 1, 6)
        )
        january = tasks.filtered(
            lambda t: t.support_patch_month == date(2026, 1, 1)
            and t.support_agreement_id == agreement
        )
        notified = self.env["project.task"]._patch_notices_run(
            january.patch_window_start - timedelta(hours=1)
        )
        self.assertIn(january, notified)
        mail = january.message_ids.filtered(
            lambda m: agreement.partner_id in m.partner_ids
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("Patchfönster 2026-01", mail.subject)
