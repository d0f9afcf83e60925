# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The README's "Roles and rights" table, row by row, as an integrator would
try it: over XML-RPC (``/xmlrpc/2/object``, each user with their own login
and password) on a real server. Every field a role may write and every public
method is reachable there, whatever the forms show: what a role must not do
is refused with nothing written, and what it does every day works."""

import re
import xmlrpc.client
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase
from odoo.tests.common import get_db_name, new_test_user

AGENT = "helpdesk_mgmt.group_helpdesk_user,hr_timesheet.group_hr_timesheet_user"
# what /xmlrpc/2/object answers for each refusal (odoo/addons/base/controllers/rpc.py)
FAULT_CODES = {"AccessError": 4, "UserError": 2}


class TestRolesOverXmlRpc(HttpCase):
    test_tags = {"standard", "post_install"}
    test_module = "cloudworkz_scenarios"
    test_class = "TestRolesOverXmlRpc"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.db = get_db_name()
        company = env.company
        company.support_invoice_delivery = "draft"
        # the demo data's agreements stay out of these runs
        env["contract.contract"].search([("support_type", "!=", False)]).active = False
        cls.users = {}
        for login, groups in (
            ("rpc_agent", AGENT),
            ("rpc_manager_helpdesk", AGENT + ",helpdesk_mgmt.group_helpdesk_manager"),
            ("rpc_salesperson", "sales_team.group_sale_salesman"),
            ("rpc_accountant", "account.group_account_invoice"),
            (
                "rpc_account_manager",
                "account.group_account_manager,sales_team.group_sale_salesman",
            ),
            ("rpc_employee", "base.group_user"),
        ):
            cls.users[login] = new_test_user(
                env, login=login, password=login, groups=groups
            )
        env["hr.employee"].create(
            {"name": "RPC agent", "user_id": cls.users["rpc_agent"].id}
        )
        pricelist = env["product.pricelist"].create(
            {"name": "RPC prices", "currency_id": company.currency_id.id}
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "RPC Kund AB",
                "is_company": True,
                "property_product_pricelist": pricelist.id,
            }
        )
        cls.other = env["res.partner"].create(
            {
                "name": "RPC Annan AB",
                "is_company": True,
                "property_product_pricelist": pricelist.id,
            }
        )
        contacts = env["res.partner"].create(
            [{"name": f"RPC user {i}", "parent_id": cls.customer.id} for i in range(2)]
        )
        cls.users["rpc_portal"] = new_test_user(
            env,
            login="rpc_portal",
            password="rpc_portal",
            groups="base.group_portal",
            partner_id=contacts[0].id,
        )
        Contract = env["contract.contract"]
        cls.agreement = Contract.create(
            {
                "name": "RPC First Line + Maintenance",
                "partner_id": cls.customer.id,
                "support_type": "first_line_maintenance",
                "date_start": date(2026, 1, 1),
                "support_contact_ids": [
                    Command.create(
                        {"partner_id": c.id, "date_registered": date(2026, 1, 1)}
                    )
                    for c in contacts
                ],
                "code_module_ids": [
                    Command.create(
                        {
                            "name": "rpc_custom",
                            "lines_of_code": 450,
                            "date_measured": date(2026, 1, 1),
                        }
                    )
                ],
            }
        )
        cls.agreement.contract_line_ids.write(
            {"automatic_price": False, "price_unit": 200.0}
        )
        cls.other_agreement = Contract.create(
            {
                "name": "RPC On Demand",
                "partner_id": cls.other.id,
                "support_type": "on_demand",
                "date_start": date(2026, 1, 1),
            }
        )
        env["contract.contract"].browse(cls.other_agreement.id).write(
            {
                "contract_line_ids": [
                    Command.create(
                        {
                            "name": "Other customer's secret fee",
                            "product_id": env.ref(
                                "cloudworkz_support_contract.product_support_hour"
                            ).id,
                            "price_unit": 999.0,
                            "automatic_price": False,
                            "date_start": date(2026, 1, 1),
                        }
                    )
                ]
            }
        )
        env["contract.modification"].create(
            [
                {
                    "contract_id": agreement.id,
                    "date": date(2026, 1, 1),
                    "description": f"Change of {agreement.name}",
                }
                for agreement in (cls.agreement, cls.other_agreement)
            ]
        )
        project = env["project.project"].create(
            {"name": "RPC support", "allow_timesheets": True}
        )
        cls.project = project
        cls.category = env.ref("cloudworkz_coverage.category_data_import")
        cls.ticket = env["helpdesk.ticket"].create(
            {
                "name": "RPC import",
                "description": "<p>x</p>",
                "partner_id": contacts[0].id,
                "category_id": cls.category.id,
                "project_id": project.id,
                "user_id": cls.users["rpc_agent"].id,
            }
        )
        cls.line = (
            env["account.analytic.line"]
            .with_user(cls.users["rpc_agent"])
            .create(
                {
                    "name": "work",
                    "ticket_id": cls.ticket.id,
                    "project_id": project.id,
                    "unit_amount": 0.5,
                    "date": date(2026, 1, 20),
                }
            )
        )
        cls.usage = env["cloudworkz.support.usage"].create(
            {
                "agreement_id": cls.agreement.id,
                "product_id": env.ref(
                    "cloudworkz_support_contract.product_usage_ocr"
                ).id,
                "date": date(2026, 1, 25),
                "quantity": 10,
            }
        )
        cls.january = Contract._support_run_invoicing(date(2026, 2, 1)).filtered(
            lambda m: m.support_agreement_id == cls.agreement
        )
        cls.time_line = cls.january.invoice_line_ids.filtered(
            "support_request_month_id"
        )
        env["cloudworkz.prepaid.pack"].sudo().create(
            {
                "partner_id": cls.customer.id,
                "date_purchase": date(2026, 1, 2),
                "line_ids": [
                    Command.create(
                        {"line_type": "purchase", "minutes": 600, "description": "Gift"}
                    )
                ],
            }
        )

    # ------------------------------------------------------------------
    def rpc(self, login, model, method, *args, **kw):
        return self.xmlrpc_object.execute_kw(
            self.db, self.users[login].id, login, model, method, list(args), kw
        )

    def refused(self, login, model, method, *args, kind="AccessError", **kw):
        """The call is refused with ``kind`` (AccessError, UserError) and
        the error's text is returned."""
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.rpc(login, model, method, *args, **kw)
        self.assertEqual(
            caught.exception.faultCode, FAULT_CODES[kind], caught.exception.faultString
        )
        self.env.invalidate_all()
        return caught.exception.faultString

    def unchanged(self, record, **values):
        self.env.invalidate_all()
        for fname, value in values.items():
            self.assertEqual(record[fname], value, fname)

    # ------------------------------------------------------------------
    def test_support_agent(self):
        """Agents log time and read agreements; they never change an
        agreement, the agreement a ticket bills, a coverage or a ledger."""
        agent = "rpc_agent"
        # daily path: time on a ticket, the ticket's coverage read back
        new_line = self.rpc(
            agent,
            "account.analytic.line",
            "create",
            {
                "name": "more work",
                "ticket_id": self.ticket.id,
                "project_id": self.project.id,
                "unit_amount": 0.25,
                "date": "2026-02-03",
            },
        )
        [ticket] = self.rpc(
            agent, "helpdesk.ticket", "read", [self.ticket.id], ["coverage_state"]
        )
        self.assertEqual(ticket["coverage_state"], "chargeable")
        self.assertTrue(
            self.rpc(agent, "contract.contract", "read", [self.agreement.id], ["name"])
        )
        # never another customer's agreement on a ticket
        self.refused(
            agent,
            "helpdesk.ticket",
            "write",
            [self.ticket.id],
            {"support_agreement_id": self.other_agreement.id},
            kind="UserError",
        )
        self.unchanged(self.ticket, support_agreement_id=self.agreement)
        # never the ledger links of time
        rm = self.line.support_request_month_id
        for vals in (
            {"support_invoice_line_id": False},
            {"support_request_month_id": False},
            {"support_chargeable": False},
            {"coverage_state": "included"},
        ):
            self.refused(agent, "account.analytic.line", "write", [new_line], vals)
        self.unchanged(self.line, support_invoice_line_id=self.time_line)
        self.unchanged(self.line, support_request_month_id=rm)
        # invoiced time stays as it was invoiced
        self.refused(
            agent,
            "account.analytic.line",
            "write",
            [self.line.id],
            {"unit_amount": 0.1},
            kind="UserError",
        )
        self.unchanged(self.line, unit_amount=0.5)
        # no free time by creating a ticket already overridden
        self.refused(
            agent,
            "helpdesk.ticket",
            "create",
            {
                "name": "Free?",
                "description": "<p>x</p>",
                "partner_id": self.ticket.partner_id.id,
                "coverage_override": "included",
                "coverage_override_reason": "because",
            },
        )
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Free?")]))
        # nor through the context's defaults, which create fills in after
        self.refused(
            agent,
            "helpdesk.ticket",
            "create",
            {"name": "Free too?", "description": "<p>x</p>"},
            context={
                "default_coverage_override": "included",
                "default_coverage_override_reason": "because",
            },
        )
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Free too?")])
        )
        # nor a covered ticket made chargeable as somebody's "fix"
        self.refused(
            agent,
            "helpdesk.ticket",
            "write",
            [self.ticket.id],
            {"coverage_fix_of_id": self.ticket.id},
        )
        self.unchanged(self.ticket, coverage_fix_of_id=self.env["helpdesk.ticket"])
        # nor an agreement, nor billing time without one
        self.refused(
            agent,
            "contract.contract",
            "write",
            [self.agreement.id],
            {"support_type": "first_line"},
        )
        self.refused(
            agent, "helpdesk.ticket", "action_support_bill_on_demand", [self.ticket.id]
        )
        self.unchanged(self.agreement, support_type="first_line_maintenance")

    def test_helpdesk_manager_overrides_with_a_reason(self):
        manager = "rpc_manager_helpdesk"
        self.refused(
            manager,
            "helpdesk.ticket",
            "write",
            [self.ticket.id],
            {"coverage_override": "included"},
            kind="UserError",
        )
        self.rpc(
            manager,
            "helpdesk.ticket",
            "write",
            [self.ticket.id],
            {"coverage_override": "included", "coverage_override_reason": "Goodwill"},
        )
        self.unchanged(self.ticket, coverage_state="included")

    def test_salesperson(self):
        """Salespeople name users and read agreements; they cannot end a
        committed service, change prices or delete users sold."""
        seller = "rpc_salesperson"
        service = self.agreement.support_service_ids[0]
        fee = self.agreement.contract_line_ids[0]
        # daily path: a user named on the agreement
        contact = self.env["res.partner"].create(
            {"name": "RPC new user", "parent_id": self.customer.id}
        )
        self.rpc(
            seller,
            "contract.contract",
            "write",
            [self.agreement.id],
            {
                "support_contact_ids": [
                    Command.create(
                        {"partner_id": contact.id, "date_registered": "2026-12-01"}
                    )
                ]
            },
        )
        self.env.invalidate_all()
        self.assertIn(contact, self.agreement.support_contact_ids.partner_id)
        # not the services, their dates, the agreement's end or its prices
        self.refused(
            seller,
            "cloudworkz.support.service",
            "write",
            [service.id],
            {"date_end": "2026-02-28"},
        )
        self.refused(seller, "cloudworkz.support.service", "unlink", [service.id])
        self.unchanged(service, date_end=False)
        self.refused(
            seller,
            "contract.contract",
            "write",
            [self.agreement.id],
            {"date_end": "2026-03-31"},
        )
        self.unchanged(self.agreement, date_end=False)
        for vals in (
            {"discount": 100},
            {"price_unit": 0, "automatic_price": False},
            {"is_canceled": True},
        ):
            self.refused(seller, "contract.line", "write", [fee.id], vals)
        self.unchanged(fee, discount=0.0, price_unit=200.0, is_canceled=False)
        seat = self.env["cloudworkz.support.seat"].create(
            {
                "agreement_id": self.agreement.id,
                "date_start": date(2026, 1, 1),
                "quantity": 5,
            }
        )
        self.refused(seller, "cloudworkz.support.seat", "unlink", [seat.id])
        self.assertTrue(seat.exists())
        # nor the patch planning's own bookkeeping
        window = self.agreement.patch_window_ids
        self.refused(
            seller,
            "cloudworkz.support.patch.window",
            "write",
            window.ids,
            {"last_month": "2099-12-01"},
        )
        self.unchanged(window, last_month=False)
        # nor a decision on a users request other than Approve and Refuse
        request = self.env["cloudworkz.support.user.request"].create(
            {
                "agreement_id": self.agreement.id,
                "requester_id": self.agreement.support_contact_ids[0].partner_id.id,
                "request_type": "add",
                "user_name": "RPC asked for",
                "user_email": "asked@rpc.example.com",
            }
        )
        for vals in ({"state": "approved"}, {"decided_by_id": self.users[seller].id}):
            self.refused(
                seller, "cloudworkz.support.user.request", "write", [request.id], vals
            )
        self.unchanged(request, state="requested", decided_by_id=self.env["res.users"])
        # the daily path: the request approved, the user registered from today
        self.rpc(
            seller, "cloudworkz.support.user.request", "action_approve", [request.id]
        )
        self.unchanged(request, state="approved", decided_by_id=self.users[seller])
        self.assertEqual(request.contact_id.partner_id.email, "asked@rpc.example.com")
        self.assertEqual(request.contact_id.date_registered, fields.Date.today())
        # nor who was registered on a month already invoiced
        registered = self.agreement.support_contact_ids.filtered(
            lambda c: c.date_registered == date(2026, 1, 1)
        )[0]
        for vals in ({"date_registered": "2026-02-01"}, {"role": "it_key_user"}):
            self.refused(
                seller,
                "cloudworkz.support.contact",
                "write",
                [registered.id],
                vals,
                kind="UserError",
            )
        self.unchanged(
            registered, date_registered=date(2026, 1, 1), role="registered_user"
        )
        # what January counted stays: a change within it is still allowed
        self.rpc(
            seller,
            "cloudworkz.support.contact",
            "write",
            [registered.id],
            {"date_registered": "2026-01-20"},
        )
        self.unchanged(registered, date_registered=date(2026, 1, 20))
        # nor a day's invoicing or renewal of their choosing
        for model, method, day in (
            ("contract.contract", "_cron_support_invoicing", "2026-12-01"),
            ("contract.contract", "_cron_support_renewals", "2035-01-01"),
            ("cloudworkz.support.patch.window", "_cron_plan", "2030-01-01 00:00:00"),
            ("project.task", "_cron_patch_notices", "2030-01-01 00:00:00"),
            ("cloudworkz.prepaid.pack", "_cron_expire_packs", "2030-01-01"),
        ):
            text = self.refused(seller, model, method, day)
            self.assertIn("Private methods", text)
        # the scheduled actions' former public names are gone
        for model, method, day in (
            ("contract.contract", "cron_support_invoicing", "2026-12-01"),
            ("contract.contract", "cron_support_renewals", "2035-01-01"),
            ("contract.contract", "cron_patch_windows", "2030-01-01 00:00:00"),
            ("cloudworkz.support.patch.window", "cron_plan", "2030-01-01 00:00:00"),
            ("project.task", "cron_patch_notices", "2030-01-01 00:00:00"),
            ("cloudworkz.prepaid.pack", "cron_expire_packs", "2030-01-01"),
        ):
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                self.rpc(seller, model, method, day)
            self.assertIn("does not exist on the model", caught.exception.faultString)
        self.refused(
            seller, "contract.contract", "recurring_create_invoice", [self.agreement.id]
        )
        window = self.agreement.patch_window_ids
        self.refused(
            seller, "cloudworkz.support.patch.window", "action_plan_now", window.ids
        )
        self.unchanged(window, last_month=False)
        self.assertFalse(self.agreement.patch_task_ids)
        self.unchanged(self.agreement, support_invoicing_failed_on=False)
        self.assertEqual(len(self.agreement.support_period_ids), 1)

    def test_accountant(self):
        """Accountants invoice due months and record usage; they never
        rewrite what an invoice billed."""
        accountant = "rpc_accountant"
        self.refused(
            accountant,
            "account.move.line",
            "write",
            [self.time_line.id],
            {"support_billed_minutes": 600},
        )
        self.refused(
            accountant,
            "cloudworkz.support.usage",
            "write",
            [self.usage.id],
            {"invoice_line_id": False},
        )
        self.unchanged(self.time_line, support_billed_minutes=30)
        self.assertTrue(self.usage.invoice_line_id)
        self.refused(
            accountant,
            "account.analytic.line",
            "write",
            [self.line.id],
            {"support_invoice_line_id": False},
        )
        self.unchanged(self.line, support_invoice_line_id=self.time_line)
        # nor through the context's defaults on a new line: the month's
        # minutes would read as billed
        rm = self.time_line.support_request_month_id
        lines_before = self.january.line_ids
        self.refused(
            accountant,
            "account.move.line",
            "create",
            {"move_id": self.january.id, "name": "x", "quantity": 0, "price_unit": 0},
            context={
                "default_support_request_month_id": rm.id,
                "default_support_billed_minutes": 6000,
            },
        )
        self.unchanged(self.january, line_ids=lines_before)
        self.unchanged(rm, invoiced_minutes=30)
        # daily path: usage recorded, the due months invoiced from the button
        self.rpc(
            accountant,
            "cloudworkz.support.usage",
            "create",
            {
                "agreement_id": self.agreement.id,
                "product_id": self.usage.product_id.id,
                "date": "2026-02-10",
                "quantity": 5,
            },
        )
        action = self.rpc(
            accountant,
            "contract.contract",
            "action_support_invoice_due",
            [self.agreement.id],
        )
        self.assertEqual(action["res_model"], "account.move")
        self.env.invalidate_all()
        self.assertGreater(len(self.agreement.support_period_ids), 1)

    def test_account_manager(self):
        """Account managers change prices; sizes that feed the nightly runs
        are bounded."""
        manager = "rpc_account_manager"
        fee = self.agreement.contract_line_ids[0]
        self.rpc(manager, "contract.line", "write", [fee.id], {"price_unit": 210.0})
        self.unchanged(fee, price_unit=210.0)
        window = self.agreement.patch_window_ids
        for vals in ({"duration": 1e9}, {"notice_days": 2000000000}):
            self.refused(
                manager,
                "cloudworkz.support.patch.window",
                "write",
                [window.id],
                vals,
                kind="UserError",
            )
        self.unchanged(window, duration=2.0, notice_days=5)
        # Plan Now plans up to next month's window, at the server's time
        action = self.rpc(
            manager, "cloudworkz.support.patch.window", "action_plan_now", window.ids
        )
        self.env.invalidate_all()
        tasks = self.agreement.patch_task_ids
        self.assertEqual(action["domain"], [["id", "in", tasks.ids]])
        now = fields.Datetime.now()
        self.assertTrue(tasks)
        self.assertTrue(all(t.patch_window_end > now for t in tasks))
        self.assertEqual(
            window.last_month, now.date().replace(day=1) + relativedelta(months=1)
        )
        again = self.rpc(
            manager, "cloudworkz.support.patch.window", "action_plan_now", window.ids
        )
        self.assertEqual(again["tag"], "display_notification")
        self.env.invalidate_all()
        self.assertEqual(self.agreement.patch_task_ids, tasks)
        pack = self.env["cloudworkz.prepaid.pack"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.refused(
            manager,
            "cloudworkz.prepaid.pack",
            "write",
            [pack.id],
            {"balance_minutes": 99999},
        )
        self.unchanged(pack, balance_minutes=600)

    def test_portal_customer_reads_only_their_own(self):
        portal = "rpc_portal"
        lines = self.rpc(portal, "contract.line", "search_read", [], ["contract_id"])
        self.assertTrue(lines)
        self.assertEqual(
            {line["contract_id"][0] for line in lines}, {self.agreement.id}
        )
        modifications = self.rpc(
            portal, "contract.modification", "search_read", [], ["contract_id"]
        )
        self.assertEqual(
            {m["contract_id"][0] for m in modifications}, {self.agreement.id}
        )
        self.refused(
            portal, "contract.line", "read", self.other_agreement.contract_line_ids.ids
        )

    def test_prepaid_hours_only_for_those_who_may_read_packs(self):
        [partner] = self.rpc(
            "rpc_employee", "res.partner", "read", [self.customer.id], ["pack_balance"]
        )
        self.assertEqual(partner["pack_balance"], 0.0)
        [partner] = self.rpc(
            "rpc_agent", "res.partner", "read", [self.customer.id], ["pack_balance"]
        )
        self.assertEqual(partner["pack_balance"], 10.0)

    def test_portal_ticket_takes_only_offered_categories(self):
        hidden = self.env["helpdesk.ticket.category"].create(
            {"name": "Internal only", "show_in_portal": False}
        )
        self.authenticate("rpc_portal", "rpc_portal")
        page = self.url_open("/new/ticket")
        token = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        self.url_open(
            "/submitted/ticket",
            data={
                "category": str(hidden.id),
                "subject": "Hidden category",
                "description": "x",
                "csrf_token": token,
            },
        )
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Hidden category")])
        )
