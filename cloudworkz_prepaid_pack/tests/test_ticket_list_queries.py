# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The agent's ticket list, every column of its list view (coverage badge,
prepaid hours left, and what the other installed addons add), reads in as
many queries for 10 tickets of 10 customers as for 80 of 80."""

from lxml import etree

from odoo.tests import new_test_user, tagged

from .common import PackCommon


@tagged("post_install", "-at_install")
class TestTicketListQueries(PackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="cw_list_agent",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user,"
            "hr_timesheet.group_hr_timesheet_user",
        )
        category = cls.category("user_support")
        cls.tickets = cls.env["helpdesk.ticket"]
        for i in range(80):
            customer = cls.env["res.partner"].create(
                {"name": f"Listkund {i}", "is_company": True}
            )
            cls.sell(cls.small, customer=customer)
            cls.tickets |= cls.env["helpdesk.ticket"].create(
                {
                    "name": f"Question {i}",
                    "description": "<p>?</p>",
                    "partner_id": customer.id,
                    "team_id": cls.team.id,
                    "project_id": cls.project.id,
                    "category_id": category.id,
                }
            )
        cls.env.flush_all()

    def list_spec(self):
        """The fields the web client reads for the list view."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.agent)
        arch = Ticket.get_views([(False, "list")])["views"]["list"]["arch"]
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            name = node.get("name")
            field = Ticket._fields[name]
            spec[name] = (
                {"fields": {"display_name": {}}}
                if field.type in ("many2one", "many2many", "one2many")
                else {}
            )
        self.assertIn("pack_balance", spec)
        self.assertIn("coverage_display_state", spec)
        return spec

    def read_list(self, spec, limit):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = (
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .web_search_read([("id", "in", self.tickets.ids)], spec, limit=limit)
        )
        return self.env.cr.sql_log_count - before, result["records"]

    def test_list_flat_in_queries(self):
        spec = self.list_spec()
        self.read_list(spec, 10)  # the registry's caches
        ten, records = self.read_list(spec, 10)
        self.assertEqual(len(records), 10)
        # as hr_timesheet's performance tests do: not one query more for 80
        with self.assertQueryCount(__system__=ten):
            eighty, records = self.read_list(spec, 80)
        self.assertEqual(len(records), 80)
        # each customer bought a small pack (25 h) and used nothing
        self.assertEqual({record["pack_balance"] for record in records}, {25.0})
        self.assertEqual(
            {record["coverage_display_state"] for record in records}, {"prepaid"}
        )
        self.assertEqual(eighty, ten)
        self.assertLessEqual(ten, 20)  # 20 when written, with every addon installed
