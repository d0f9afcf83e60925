# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each role's daily paths, walked as that role (README, "Roles")."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form
from odoo.tests.common import new_test_user, tagged

from .common import SupportCommon

AGENT_GROUPS = "helpdesk_mgmt.group_helpdesk_user,hr_timesheet.group_hr_timesheet_user"


@tagged("post_install", "-at_install")
class TestRoles(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.make_agreement("first_line_maintenance")
        cls.register_users(cls.agreement, cls.make_contacts(2))
        cls.add_code(cls.agreement, {"cw_module": 250})
        # the shared agent and a colleague of the same role
        colleague = new_test_user(cls.env, login="cw_agent_erik", groups=AGENT_GROUPS)
        cls.env["hr.employee"].create(
            {"name": "Erik", "user_id": colleague.id, "company_id": cls.company.id}
        )
        cls.agents = cls.agent | colleague
        cls.portal_user = new_test_user(
            cls.env,
            login="cw_portal",
            groups="base.group_portal",
            partner_id=cls.agreement.support_contact_ids[0].partner_id.id,
        )
        cls.ticket = cls.make_ticket(cls.agreement)
        cls.ticket.user_id = cls.agents[0]

    def test_agent_opens_the_agreement(self):
        """The agreement form, every tab of it, opens for an agent."""
        agent = self.agents[0]
        self.env.invalidate_all()
        form = Form(self.agreement.with_user(agent))
        self.assertEqual(form.support_type, "first_line_maintenance")
        self.assertEqual(form.registered_user_count, 2)
        # the agreement link on the ticket opens the same form
        ticket = Form(self.ticket.with_user(agent))
        self.assertEqual(ticket.support_agreement_id, self.agreement)
        with self.assertRaises(AccessError):
            self.agreement.with_user(agent).write({"support_type": "first_line"})
        with self.assertRaisesText(UserError, "for accountants"):
            self.agreement.with_user(agent).action_show_invoices()

    def test_agent_opens_an_agreement_with_tags(self):
        self.agreement.tag_ids = [Command.create({"name": "Key account"})]
        self.env.invalidate_all()
        form = Form(self.agreement.with_user(self.agents[0]))
        self.assertEqual(form.tag_ids[0].name, "Key account")

    def test_agents_log_time_in_the_ticket_form(self):
        """Two agents log time in the Timesheets tab; each sees the ticket's
        whole total, not only their own lines."""
        for agent, minutes in zip(self.agents, (30, 20), strict=True):
            self.env.invalidate_all()  # each agent in their own request
            # what the web client sends when a line is added in the tab
            self.ticket.with_user(agent).web_save(
                {
                    "timesheet_ids": [
                        Command.create(
                            {
                                "name": "work",
                                "date_time": "2026-01-15 10:00:00",
                                "user_id": agent.id,
                                "project_id": self.project.id,
                                "unit_amount": minutes / 60.0,
                            }
                        )
                    ]
                },
                {
                    "total_hours": {},
                    "timesheet_ids": {
                        "fields": {"unit_amount": {}},
                        "order": "date_time",
                    },
                },
            )
        self.assertAlmostEqual(self.ticket.total_hours, 50 / 60.0, places=6)
        for agent in self.agents:
            self.env.invalidate_all()
            self.assertAlmostEqual(
                self.ticket.with_user(agent).total_hours, 50 / 60.0, places=6
            )
        self.assertEqual(self.ticket.last_timesheet_activity, date(2026, 1, 15))
        ledger = self.ticket.support_request_month_ids
        self.assertEqual(ledger.billed_minutes, 60)

    def test_accountant_invoices_and_previews(self):
        self.log_time(self.ticket, 40)
        agreement = self.agreement.with_user(self.accountant)
        action = agreement.action_support_preview_invoice()
        preview = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(preview.date_start, date(2026, 1, 1))
        with freeze_time("2026-02-01"):
            agreement.action_support_invoice_due()
        invoice = self.env["account.move"].search(
            [("support_agreement_id", "=", self.agreement.id)]
        )
        self.assertEqual(len(invoice), 1)
        # the preview showed exactly what was invoiced
        self.assertEqual(invoice.amount_untaxed, preview.amount_untaxed)
        with self.assertRaises(AccessError):
            self.agreement.with_user(self.accountant).write(
                {"support_contact_ids": [Command.create({"partner_id": 1})]}
            )

    def test_salesman_manages_agreements_but_not_their_ledger(self):
        self.log_time(self.ticket, 40)
        self.env.invalidate_all()
        agreement = self.agreement.with_user(self.salesperson)
        self.assertEqual(agreement.support_type, "first_line_maintenance")
        # the account manager names users; ending a committed service early
        # stays with the accounting managers
        self.register_users(agreement, self.make_contacts(1), day=date(2026, 1, 20))
        self.assertEqual(agreement.registered_user_count, 3)
        with self.assertRaisesText(AccessError, "Only an account manager changes"):
            agreement.with_context(support_change_date="2026-02-01").write(
                {"support_type": "first_line"}
            )
        with self.assertRaises(AccessError):
            agreement.unlink()
        with self.assertRaises(AccessError):
            agreement.support_request_month_ids.write({"billed_minutes": 0})
        form = Form(agreement)
        self.assertEqual(form.support_type, "first_line_maintenance")

    def test_portal_user_reads_only_own_agreement(self):
        # the customer's own agreement, read-only (My Agreements)
        agreement = self.agreement.with_user(self.portal_user)
        self.assertEqual(
            agreement.read(["support_type"])[0]["support_type"],
            "first_line_maintenance",
        )
        with self.assertRaises(AccessError):
            agreement.write({"support_type": "first_line"})
        # never another customer's
        other = self.make_agreement(
            "first_line",
            customer=self.env["res.partner"].create(
                {"name": "Annan Kund", "is_company": True}
            ),
        )
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["support_type"])
