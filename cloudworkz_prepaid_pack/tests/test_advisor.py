# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The salesperson's model advisor: the seeds' "Which model should you
choose?" with each choice's monthly cost at the customer's prices."""

from odoo.tests import Form
from odoo.tests.common import new_test_user, tagged

from .common import PackCommon


@tagged("post_install", "-at_install")
class TestSupportAdvisor(PackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="cw_advisor", groups="sales_team.group_sale_salesman"
        )

    def advise(self, users=0, lines=0, hours=0.0):
        with Form(
            self.env["cloudworkz.support.advisor"].with_user(self.salesman)
        ) as form:
            form.partner_id = self.customer
            form.user_count = users
            form.code_lines = lines
            form.hours_per_month = hours
        return form.record

    def costs(self, advisor):
        return {
            name: getattr(advisor, f"cost_{name}")
            for name in (
                "on_demand",
                "pack",
                "first_line",
                "maintenance",
                "first_line_maintenance",
            )
        }

    def test_many_users_without_code(self):
        advisor = self.advise(users=25)
        self.assertEqual(advisor.recommended, "first_line")
        self.assertIn("many users who need day-to-day guidance", advisor.reason)
        # 25 x 200; one block of 100 lines at least
        self.assertEqual(
            self.costs(advisor),
            {
                "on_demand": 0.0,
                "pack": 0.0,
                "first_line": 5000.0,
                "maintenance": 180.0,
                "first_line_maintenance": 5180.0,
            },
        )

    def test_custom_code_with_few_users(self):
        advisor = self.advise(users=3, lines=4000)
        self.assertEqual(advisor.recommended, "maintenance")
        self.assertIn("custom code and want to stay current", advisor.reason)
        costs = self.costs(advisor)
        self.assertEqual(costs["maintenance"], 7200.0)  # 40 blocks x 180
        self.assertEqual(costs["first_line"], 600.0)
        self.assertEqual(costs["first_line_maintenance"], 7800.0)
        # many users and code: both
        advisor = self.advise(users=12, lines=4000)
        self.assertEqual(advisor.recommended, "first_line_maintenance")

    def test_rare_support_is_on_demand(self):
        advisor = self.advise(hours=2.0)
        self.assertEqual(advisor.recommended, "on_demand")
        self.assertIn("contact support rarely", advisor.reason)
        # the customer's pricelist: 1,100 an hour; a year of two hours a
        # month (24 h) does not use up the smallest pack (Small, 25 h for
        # 27,500)
        self.assertEqual(advisor.cost_on_demand, 2200.0)
        self.assertEqual(advisor.pack_product_id, self.small)
        self.assertEqual(advisor.cost_pack, 2200.0)

    def test_a_pack_a_year_uses_up(self):
        # 5 hours a month: 60 hours a year use up a Medium pack (50 h)
        advisor = self.advise(hours=5.0)
        self.assertEqual(advisor.recommended, "pack")
        self.assertEqual(advisor.pack_product_id, self.medium)
        self.assertEqual(advisor.cost_pack, 5250.0)  # 5 x 52,500 / 50

    def test_steady_hours_are_a_pack(self):
        advisor = self.advise(hours=10.0)
        self.assertEqual(advisor.recommended, "pack")
        self.assertEqual(advisor.pack_product_id, self.large)
        self.assertEqual(advisor.cost_on_demand, 11000.0)
        self.assertEqual(advisor.cost_pack, 10000.0)
        self.assertIn("10,000.00 SEK a month instead of 11,000.00 SEK", advisor.reason)

    def test_the_choice_becomes_the_quotation(self):
        advisor = self.advise(users=3, lines=4000)
        action = advisor.with_context(
            advisor_choice="first_line_maintenance"
        ).action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.user_id, self.salesman)
        self.assertEqual(
            order.order_line.mapped(
                lambda line: (
                    line.product_id,
                    line.product_uom_qty,
                    line.price_subtotal,
                )
            ),
            [(self.user_product, 3.0, 600.0), (self.block_product, 40.0, 7200.0)],
        )
        order.with_user(self.salesman).action_confirm()
        agreement = order.order_line.contract_id
        self.assertEqual(agreement.support_type, "first_line_maintenance")
        self.assertEqual(agreement.code_line_total, 4000)
        self.assertEqual(agreement.support_users_sold_ids.quantity, 3)
        # the recommended pack is quoted as one pack
        action = self.advise(hours=10.0).action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.order_line.product_id, self.large)
