# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date

from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user

# The product's roles with the groups the README's "Roles and rights" gives
# them: one user each, built once per test class (``support_role_users``).
ROLE_GROUPS = {
    "agent": "helpdesk_mgmt.group_helpdesk_user,hr_timesheet.group_hr_timesheet_user",
    "engineer": "helpdesk_mgmt.group_helpdesk_user,"
    "hr_timesheet.group_hr_timesheet_user,project.group_project_user",
    "helpdesk_manager": "helpdesk_mgmt.group_helpdesk_manager,"
    "hr_timesheet.group_hr_timesheet_user",
    "salesperson": "sales_team.group_sale_salesman",
    "accountant": "account.group_account_invoice",
    "account_manager": "account.group_account_manager,sales_team.group_sale_salesman",
}
# those who log time, under an employee of theirs
TIME_LOGGERS = ("agent", "engineer", "helpdesk_manager")


def support_role_users(env, company, prefix="role"):
    """{role: user} for every role of ``ROLE_GROUPS``, in ``company``."""
    users = {}
    for role, groups in ROLE_GROUPS.items():
        login = f"{prefix}_{role}"
        users[role] = new_test_user(
            env,
            login=login,
            name=role.replace("_", " ").title(),
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        if role in TIME_LOGGERS:
            env["hr.employee"].create(
                {"name": login, "user_id": users[role].id, "company_id": company.id}
            )
    return users


class SupportCommon(TransactionCase):
    """A Swedish company (SEK) with a helpdesk team that logs time, a
    customer pricelist with its own hourly price, and helpers to build
    agreements, tickets and time."""

    HOUR_PRICE = 1100.0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # the monthly run leaves drafts unless a test asks otherwise (the
        # demo company posts and sends them)
        cls.company.support_invoice_delivery = "draft"
        cls.sek = cls.env.ref("base.SEK")
        if cls.company.currency_id != cls.sek:
            cls.skipTest(cls, "the test database must have a Swedish (SEK) company")
        cls.Contract = cls.env["contract.contract"]
        # Agreements of the demo data would be invoiced by the test runs too:
        # archived, the monthly run leaves them out.
        cls.Contract.search([("support_type", "!=", False)]).active = False
        cls.hour_product = cls.env.ref(
            "cloudworkz_support_contract.product_support_hour"
        )
        cls.user_product = cls.env.ref(
            "cloudworkz_support_contract.product_first_line_user"
        )
        cls.block_product = cls.env.ref(
            "cloudworkz_support_contract.product_maintenance_block"
        )
        cls.ocr_product = cls.env.ref("cloudworkz_support_contract.product_usage_ocr")
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Customer pricelist",
                "currency_id": cls.sek.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.hour_product.id,
                            "compute_price": "fixed",
                            "fixed_price": cls.HOUR_PRICE,
                        }
                    )
                ],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Kund AB",
                "is_company": True,
                "property_product_pricelist": cls.pricelist.id,
            }
        )
        cls.project = cls.env["project.project"].create(
            {"name": "Support", "allow_timesheets": True}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "First Line",
                "allow_timesheet": True,
                "default_project_id": cls.project.id,
            }
        )
        # Work the agreements charge for. (With cloudworkz_coverage installed,
        # a new category is chargeable under every agreement type.)
        cls.chargeable_category = cls.env["helpdesk.ticket.category"].create(
            {"name": "Chargeable work"}
        )
        # the roles, as the README gives them (cls.agent, cls.accountant, ...)
        for role, user in support_role_users(cls.env, cls.company).items():
            setattr(cls, role, user)
        cls.employee = cls.env["hr.employee"].search(
            [("user_id", "=", cls.env.uid), ("company_id", "=", cls.company.id)],
            limit=1,
        ) or cls.env["hr.employee"].create(
            {"name": "Agent", "user_id": cls.env.uid, "company_id": cls.company.id}
        )

    # ------------------------------------------------------------------
    @classmethod
    def make_contacts(cls, count, customer=None):
        customer = customer or cls.customer
        return cls.env["res.partner"].create(
            [
                {"name": f"{customer.name} user {i}", "parent_id": customer.id}
                for i in range(count)
            ]
        )

    @classmethod
    def make_agreement(
        cls, support_type, customer=None, start=date(2026, 1, 1), **vals
    ):
        customer = customer or cls.customer
        return cls.env["contract.contract"].create(
            dict(
                {
                    "name": f"{support_type} {customer.name}",
                    "partner_id": customer.id,
                    "pricelist_id": customer.property_product_pricelist.id,
                    "support_type": support_type,
                    "date_start": start,
                },
                **vals,
            )
        )

    @classmethod
    def register_users(cls, agreement, contacts, role="registered_user", day=None):
        """Register ``contacts`` on ``agreement`` from ``day`` (by default
        the day it starts)."""
        agreement.write(
            {
                "support_contact_ids": [
                    Command.create(
                        {
                            "partner_id": contact.id,
                            "role": role,
                            "date_registered": day or agreement.date_start,
                        }
                    )
                    for contact in contacts
                ]
            }
        )

    @classmethod
    def add_code(cls, agreement, modules, day=None):
        """Add ``{module: lines}`` to the code inventory, measured on
        ``day`` (by default the day the agreement starts)."""
        agreement.write(
            {
                "code_module_ids": [
                    Command.create(
                        {
                            "name": name,
                            "lines_of_code": lines,
                            "date_measured": day or agreement.date_start,
                        }
                    )
                    for name, lines in modules.items()
                ]
            }
        )

    @classmethod
    def make_ticket(cls, agreement, name="Question", partner=None, category=None):
        if category is None:
            category = cls.chargeable_category
        return cls.env["helpdesk.ticket"].create(
            {
                "name": name,
                "category_id": category.id,
                "description": f"<p>{name}</p>",
                "partner_id": (partner or agreement.partner_id).id,
                "team_id": cls.team.id,
                "project_id": cls.project.id,
                "support_agreement_id": agreement.id,
            }
        )

    @classmethod
    def log_time(cls, ticket, minutes, day=date(2026, 1, 15)):
        return cls.env["account.analytic.line"].create(
            {
                "name": "work",
                "ticket_id": ticket.id,
                "project_id": ticket.project_id.id,
                "employee_id": cls.employee.id,
                "unit_amount": minutes / 60.0,
                "date": day,
            }
        )

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back what the failed call wrote) and
        the message holds ``text``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    @classmethod
    def run_invoicing(cls, day):
        """The monthly run up to ``day`` as the scheduled action runs it (as
        its own user; with the job queue installed, its jobs run at once);
        the invoices it created, in their order."""
        cron = cls.env.ref("cloudworkz_support_contract.ir_cron_support_invoicing")
        Move = cls.env["account.move"]
        last = Move.search([], order="id desc", limit=1).id
        cls.Contract.with_user(cron.user_id).with_context(
            queue_job__no_delay=True
        )._cron_support_invoicing(day)
        return Move.search(
            [("id", ">", last), ("support_agreement_id", "!=", False)], order="id"
        )

    @classmethod
    def run_batches(cls, day):
        """The monthly run's batches up to ``day`` without the job queue
        (the plain scheduled action, which also posts and sends), as the
        scheduled action's user; the invoices created."""
        cron = cls.env.ref("cloudworkz_support_contract.ir_cron_support_invoicing")
        return cls.Contract.with_user(cron.user_id)._support_run_invoicing(day)

    def invoice_lines(self, invoice):
        return invoice.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )
