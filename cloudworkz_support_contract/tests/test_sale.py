# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Selling an agreement from a quotation, as a salesperson with Sales
rights only (README, "Selling an agreement")."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import new_test_user, tagged

from .common import SupportCommon


@tagged("post_install", "-at_install")
class TestSellAgreement(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="cw_seller",
            name="Sara Seller",
            groups="sales_team.group_sale_salesman",
        )

    def quote(self, lines, start=date(2026, 2, 16), customer=None):
        """A quotation typed by the salesperson: ``lines`` are (product,
        quantity, price, extra values)."""
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": (customer or self.customer).id,
                    "pricelist_id": self.pricelist.id,
                    "order_line": [
                        Command.create(
                            dict(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": quantity,
                                    "price_unit": price,
                                    "date_start": start,
                                },
                                **extra,
                            )
                        )
                        for product, quantity, price, extra in lines
                    ],
                }
            )
        )
        return order

    def test_first_line_and_maintenance_make_one_agreement(self):
        self.assertFalse(self.salesman.has_group("account.group_account_invoice"))
        order = self.quote(
            [
                (self.user_product, 5, 190.0, {}),
                (self.block_product, 12, 180.0, {"support_code_lines": 1200}),
            ]
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        agreement = order.order_line.contract_id
        self.assertEqual(len(agreement), 1)
        self.assertEqual(agreement.support_type, "first_line_maintenance")
        self.assertEqual(agreement.date_start, date(2026, 2, 16))
        self.assertEqual(agreement.support_commitment_end, date(2027, 2, 15))
        self.assertEqual(agreement.support_users_sold, 5)
        self.assertEqual(agreement.code_line_total, 1200)
        self.assertEqual(agreement.code_block_count, 12)
        self.assertEqual(agreement.user_id, self.salesman)
        # the account manager is asked to name the users and measure the code
        activity = agreement.activity_ids
        self.assertEqual(activity.user_id, self.salesman)
        self.assertIn(order.name, activity.summary)
        fees = agreement.contract_line_ids
        self.assertEqual(
            sorted(fees.mapped(lambda f: (f.product_id, f.price_unit))),
            sorted([(self.user_product, 190.0), (self.block_product, 180.0)]),
        )
        self.assertFalse(any(fees.mapped("automatic_price")))
        # the order itself never invoices the fees: the agreement does
        self.assertEqual(order.invoice_status, "no")
        self.assertFalse(order.need_contract_creation)
        self.assertEqual(order.order_line.mapped("qty_to_invoice"), [0.0, 0.0])

        february = self.run_invoicing(date(2026, 3, 1)).filtered(
            lambda m: m.support_agreement_id == agreement
        )
        # 16-28 February, 13 of 28 days: 5 x 190 x 13/28 = 441.07 and
        # 12 x 180 x 13/28 = 1002.86
        self.assertEqual(
            sorted(self.invoice_lines(february).mapped("price_subtotal")),
            [441.07, 1002.86],
        )
        self.assertAlmostEqual(february.amount_untaxed, 1443.93, places=2)
        march = self.run_invoicing(date(2026, 4, 1)).filtered(
            lambda m: m.support_agreement_id == agreement
        )
        self.assertEqual(
            sorted(self.invoice_lines(march).mapped("price_subtotal")),
            [950.0, 2160.0],
        )
        self.assertAlmostEqual(march.amount_untaxed, 3110.0, places=2)

    def test_named_users_beyond_the_sold_ones_are_billed(self):
        order = self.quote([(self.user_product, 2, 200.0, {})], start=date(2026, 1, 1))
        order.action_confirm()
        agreement = order.order_line.contract_id
        self.assertEqual(agreement.support_type, "first_line")
        # the account manager (the salesperson) names three users
        self.register_users(agreement.with_user(self.salesman), self.make_contacts(3))
        january = self.run_invoicing(date(2026, 2, 1))
        self.assertEqual(self.invoice_lines(january).quantity, 3.0)
        self.assertAlmostEqual(january.amount_untaxed, 600.0, places=2)

    def test_maintenance_extends_the_first_line_agreement(self):
        first = self.quote([(self.user_product, 3, 200.0, {})], start=date(2026, 1, 1))
        first.action_confirm()
        agreement = first.order_line.contract_id
        self.run_invoicing(date(2026, 2, 1))
        second = self.quote(
            [(self.block_product, 3, 150.0, {"support_code_lines": 250})],
            start=date(2026, 2, 1),
        )
        second.action_confirm()
        self.assertEqual(second.order_line.contract_id, agreement)
        self.assertEqual(agreement.support_type, "first_line_maintenance")
        self.assertEqual(agreement.code_line_total, 250)
        # Maintenance has its own commitment from its own start
        maintenance = agreement.support_service_ids.filtered(
            lambda s: s.service == "maintenance"
        )
        self.assertEqual(maintenance.commitment_end, date(2027, 1, 31))
        february = self.run_invoicing(date(2026, 3, 1))
        self.assertEqual(
            sorted(self.invoice_lines(february).mapped("price_subtotal")),
            [450.0, 600.0],
        )
        # a quote cannot start in a month already invoiced
        late = self.quote([(self.user_product, 1, 200.0, {})], start=date(2026, 2, 10))
        with self.assertRaisesText(UserError, "invoiced up to 2026-02-28"):
            late.action_confirm()
        self.assertEqual(late.state, "draft")

    def test_more_users_sold_bill_from_their_own_start(self):
        first = self.quote([(self.user_product, 5, 200.0, {})], start=date(2026, 1, 1))
        first.action_confirm()
        agreement = first.order_line.contract_id
        # the account manager names 10 users; 5 more are sold from March
        self.register_users(agreement.with_user(self.salesman), self.make_contacts(10))
        self.run_invoicing(date(2026, 2, 1))
        more = self.quote([(self.user_product, 5, 200.0, {})], start=date(2026, 3, 1))
        more.action_confirm()
        self.assertEqual(more.order_line.contract_id, agreement)
        february = self.run_invoicing(date(2026, 3, 1))
        self.assertEqual(self.invoice_lines(february).quantity, 10.0)
        march = self.run_invoicing(date(2026, 4, 1))
        self.assertEqual(self.invoice_lines(march).quantity, 15.0)
        self.assertAlmostEqual(march.amount_untaxed, 3000.0, places=2)
        # more users at another price than the agreement's are refused
        cheaper = self.quote(
            [(self.user_product, 1, 150.0, {})], start=date(2026, 5, 1)
        )
        with self.assertRaisesText(UserError, "quote it at 200.00"):
            cheaper.action_confirm()

    def test_order_to_a_contact_person_gives_the_company_one_agreement(self):
        anna = self.make_contacts(1)
        order = self.quote([(self.user_product, 2, 200.0, {})], customer=anna)
        order.action_confirm()
        agreement = self.Contract.search(
            [("commercial_partner_id", "=", self.customer.id), ("active", "=", True)]
        )
        self.assertEqual(len(agreement), 1)
        self.assertEqual(agreement.partner_id, self.customer)
        self.assertEqual(agreement.support_users_sold, 2)
        self.assertEqual(
            agreement.contract_line_ids.sale_order_line_id, order.order_line
        )
        # an order to the company extends the same agreement
        more = self.quote(
            [(self.block_product, 1, 180.0, {"support_code_lines": 80})],
            start=date(2026, 2, 16),
        )
        more.action_confirm()
        self.assertEqual(more.order_line.contract_id, agreement)
        self.assertEqual(agreement.support_type, "first_line_maintenance")

    def test_measured_code_replaces_the_estimate(self):
        order = self.quote(
            [(self.block_product, 12, 180.0, {"support_code_lines": 1200})],
            start=date(2026, 1, 1),
        )
        order.action_confirm()
        agreement = order.order_line.contract_id
        self.assertEqual(agreement.code_line_total, 1200)
        agreement.with_user(self.salesman)._support_set_code_inventory(
            {"gota_custom": 430}
        )
        self.assertEqual(agreement.code_line_total, 430)
        self.assertEqual(agreement.code_module_ids.mapped("name"), ["gota_custom"])

    def test_salesperson_changes_support_agreements_only(self):
        plain = self.Contract.create(
            {"name": "Hosting", "partner_id": self.customer.id, "contract_type": "sale"}
        )
        with self.assertRaises(AccessError):
            plain.with_user(self.salesman).write({"name": "Cheaper hosting"})
        with self.assertRaises(AccessError):
            self.Contract.with_user(self.salesman).create(
                {"name": "Plain", "partner_id": self.customer.id}
            )

    def test_code_lines_give_the_blocks(self):
        order = self.quote([(self.block_product, 1, 180.0, {})])
        line = order.order_line
        with self.assertRaisesText(Exception, "13 started blocks"):
            line.write({"support_code_lines": 1201})
        line.write({"support_code_lines": 1201, "product_uom_qty": 13})
        self.assertEqual(line.product_uom_qty, 13)
