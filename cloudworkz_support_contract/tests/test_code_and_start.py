# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The code and users a month bills, after people correct what was entered:
code counted before the quoted start, modules dated before a measurement,
Maintenance quoted again, an agreement's start moved, an agreement
duplicated after its prices were indexed."""

import base64
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from ..tools.code_count import count_zip_lines
from . import test_code_count
from .common import SupportCommon


@tagged("post_install", "-at_install")
class TestCodeAndStart(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="cw_requote", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env,
            login="cw_code_manager",
            groups="account.group_account_manager,sales_team.group_sale_salesman",
        )

    def sell(self, lines, start, day):
        """The salesperson quotes and confirms on ``day``: ``lines`` are
        (product, quantity, price, extra values)."""
        with freeze_time(day):
            order = (
                self.env["sale.order"]
                .with_user(self.salesman)
                .create(
                    {
                        "partner_id": self.customer.id,
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
            order.action_confirm()
        return order

    def blocks_billed(self, agreement, day):
        invoice = self.run_invoicing(day).filtered(
            lambda m: m.support_agreement_id == agreement
        )
        return self.invoice_lines(invoice).filtered(
            lambda line: line.product_id == self.block_product
        )

    def count_from_zip(self, agreement, user, day):
        """Count Code from Zip on ``day``, as ``user`` does it."""
        data = test_code_count.make_zip(test_code_count.TestCodeCount.FILES)
        with freeze_time(day):
            wizard = Form(
                self.env["cloudworkz.support.code.count.wizard"]
                .with_user(user)
                .with_context(default_agreement_id=agreement.id)
            )
            wizard.zip_file = base64.b64encode(data)
            wizard.save().action_count()
        return sum(count_zip_lines(data).values())

    def test_code_counted_before_the_quoted_start_is_billed(self):
        order = self.sell(
            [(self.block_product, 12, 180.0, {"support_code_lines": 1200})],
            start=date(2026, 1, 1),
            day=date(2025, 12, 1),
        )
        agreement = order.order_line.contract_id
        lines = self.count_from_zip(agreement, self.salesman, date(2025, 12, 10))
        self.assertLess(lines, 100)  # the real code is one block
        january = self.blocks_billed(agreement, date(2026, 2, 1))
        self.assertEqual((january.quantity, january.price_subtotal), (1, 180.0))

    def test_module_dated_before_a_measurement_is_billed_after_it(self):
        agreement = self.make_agreement("maintenance")
        self.add_code(agreement, {"cw_a": 1000}, day=date(2026, 3, 1))
        self.add_code(agreement, {"cw_b": 500}, day=date(2026, 2, 1))
        self.assertEqual(
            [
                (m.date, m.lines_of_code)
                for m in agreement.code_measurement_ids.sorted("date")
            ],
            [(date(2026, 2, 1), 500), (date(2026, 3, 1), 1500)],
        )
        self.assertEqual(self.blocks_billed(agreement, date(2026, 2, 1)).quantity, 1)
        self.assertEqual(self.blocks_billed(agreement, date(2026, 3, 1)).quantity, 5)
        self.assertEqual(self.blocks_billed(agreement, date(2026, 4, 1)).quantity, 15)

    def measured(self, agreement):
        return [
            (m.date, m.lines_of_code)
            for m in agreement.code_measurement_ids.sorted("date")
        ]

    def test_module_corrected_or_removed_counts_from_its_own_day(self):
        """On 20 February a module quoted from 1 March is corrected, moved
        to 1 February, then removed: each change counts from the module's
        day (or today, for a day already past), never twice."""
        agreement = self.make_agreement("maintenance")
        self.add_code(agreement, {"cw_a": 1000})
        self.add_code(agreement, {"cw_new": 500}, day=date(2026, 3, 1))
        new = agreement.code_module_ids.filtered(lambda m: m.name == "cw_new")
        jan, feb, mar = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
        with freeze_time("2026-02-20"):
            # its size corrected: still from 1 March, not from the day of the edit
            new.lines_of_code = 600
            self.assertEqual(self.measured(agreement), [(jan, 1000), (mar, 1600)])
            # its day moved back: February counts it, as if entered that way
            new.date_measured = feb
            self.assertEqual(
                self.measured(agreement), [(jan, 1000), (feb, 1600), (mar, 1600)]
            )
            # removed again on 20 February: February no longer counts it
            new.unlink()
        self.assertEqual(self.blocks_billed(agreement, feb).quantity, 10)
        self.assertEqual(self.blocks_billed(agreement, mar).quantity, 10)
        self.assertEqual(self.blocks_billed(agreement, date(2026, 4, 1)).quantity, 10)

    def test_module_moved_out_of_an_invoiced_month_counts_once(self):
        """January invoiced with a module of 5 January; its day corrected to
        3 February on 5 March (February not invoiced yet): February bills it
        once (January keeps what it billed)."""
        agreement = self.make_agreement("maintenance")
        self.add_code(agreement, {"cw_a": 1000})
        self.add_code(agreement, {"cw_b": 500}, day=date(2026, 1, 5))
        self.assertEqual(self.blocks_billed(agreement, date(2026, 2, 1)).quantity, 15)
        module = agreement.code_module_ids.filtered(lambda m: m.name == "cw_b")
        with freeze_time("2026-03-05"):
            module.date_measured = date(2026, 2, 3)
        self.assertEqual(self.blocks_billed(agreement, date(2026, 3, 1)).quantity, 15)
        self.assertEqual(self.blocks_billed(agreement, date(2026, 4, 1)).quantity, 15)

    def test_maintenance_quoted_again_adds_its_lines(self):
        agreement = self.make_agreement("maintenance")
        agreement.contract_line_ids.write(
            {"automatic_price": False, "price_unit": 180.0}
        )
        self.add_code(agreement, {"cw_a": 1000})
        self.assertEqual(self.blocks_billed(agreement, date(2026, 2, 1)).quantity, 10)
        # a new module of 500 lines from March, quoted at the agreement's price
        self.sell(
            [(self.block_product, 5, 180.0, {"support_code_lines": 500})],
            start=date(2026, 3, 1),
            day=date(2026, 2, 20),
        )
        self.assertEqual(self.blocks_billed(agreement, date(2026, 3, 1)).quantity, 10)
        march = self.blocks_billed(agreement, date(2026, 4, 1))
        self.assertEqual((march.quantity, march.price_subtotal), (15, 2700.0))

    def test_earlier_start_bills_the_users_and_code_sold(self):
        order = self.sell(
            [
                (self.user_product, 5, 200.0, {}),
                (self.block_product, 12, 180.0, {"support_code_lines": 1200}),
            ],
            start=date(2026, 2, 1),
            day=date(2026, 1, 10),
        )
        agreement = order.order_line.contract_id
        # the customer wanted it from January: the account manager moves it
        with Form(agreement.with_user(self.manager)) as form:
            form.date_start = date(2026, 1, 1)
        self.assertEqual(agreement.support_users_sold, 5)
        invoice = self.run_invoicing(date(2026, 2, 1)).filtered(
            lambda m: m.support_agreement_id == agreement
        )
        self.assertEqual(invoice.support_period_start, date(2026, 1, 1))
        self.assertEqual(
            sorted(
                (line.product_id.id, line.quantity, line.price_subtotal)
                for line in self.invoice_lines(invoice)
            ),
            sorted(
                [(self.user_product.id, 5, 1000.0), (self.block_product.id, 12, 2160.0)]
            ),
        )
