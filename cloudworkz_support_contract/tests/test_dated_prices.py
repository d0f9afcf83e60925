# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Prices of the month billed: a pricelist whose prices rise on 1 February
bills January at January's prices, on the invoice of 1 February and on any
later one (late time, a month invoiced again)."""

from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common import SupportCommon


def item(product, price, start=None, end=None):
    """A pricelist rule: ``price`` for ``product`` from ``start`` to ``end``."""
    return Command.create(
        {
            "applied_on": "0_product_variant",
            "product_id": product.id,
            "compute_price": "fixed",
            "fixed_price": price,
            "date_start": start,
            "date_end": end,
        }
    )


@tagged("post_install", "-at_install")
class TestDatedPrices(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        january_end = datetime(2026, 1, 31, 23, 59, 59)
        february = datetime(2026, 2, 1)
        cls.dated = cls.env["product.pricelist"].create(
            {
                "name": "Prices from February",
                "currency_id": cls.sek.id,
                "item_ids": [
                    item(cls.hour_product, 1000.0, end=january_end),
                    item(cls.hour_product, 1200.0, start=february),
                    item(cls.user_product, 200.0, end=january_end),
                    item(cls.user_product, 250.0, start=february),
                    item(cls.ocr_product, 2.0, end=january_end),
                    item(cls.ocr_product, 3.0, start=february),
                ],
            }
        )
        cls.agreement = cls.make_agreement("first_line", pricelist_id=cls.dated.id)
        cls.register_users(cls.agreement, cls.make_contacts(2))
        cls.ticket = cls.make_ticket(cls.agreement)

    def amounts(self, invoice):
        return {
            line.product_id: line.price_subtotal for line in self.invoice_lines(invoice)
        }

    def test_january_at_januarys_prices(self):
        self.log_time(self.ticket, 30, day=date(2026, 1, 20))
        self.env["cloudworkz.support.usage"].create(
            {
                "agreement_id": self.agreement.id,
                "product_id": self.ocr_product.id,
                "date": date(2026, 1, 25),
                "quantity": 100,
            }
        )
        january = self.run_invoicing(date(2026, 2, 1))
        self.assertEqual(january.invoice_date, date(2026, 2, 1))
        amounts = self.amounts(january)
        self.assertAlmostEqual(amounts[self.user_product], 400.00, places=2)
        self.assertAlmostEqual(amounts[self.hour_product], 500.00, places=2)
        self.assertAlmostEqual(amounts[self.ocr_product], 200.00, places=2)
        # 30 more minutes for January logged in February: January's price
        self.log_time(self.ticket, 30, day=date(2026, 1, 28))
        self.log_time(self.make_ticket(self.agreement, "Feb"), 30, day=date(2026, 2, 3))
        february = self.run_invoicing(date(2026, 3, 1))
        lines = self.invoice_lines(february)
        by_month = {line.support_request_month_id.month: line for line in lines}
        late, own = by_month[date(2026, 1, 1)], by_month[date(2026, 2, 1)]
        self.assertAlmostEqual(late.price_subtotal, 500.00, places=2)
        self.assertEqual(late.support_hour_price, 1000.0)
        self.assertAlmostEqual(own.price_subtotal, 600.00, places=2)
        self.assertAlmostEqual(
            self.amounts(february)[self.user_product], 500.00, places=2
        )

    def test_first_month_priced_on_its_first_day_billed(self):
        """An agreement from 16 January and prices valid from that day: its
        users and its hours of January both bill the prices of the 16th."""
        jan_15 = datetime(2026, 1, 15, 23, 59, 59)
        jan_16 = datetime(2026, 1, 16)
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Prices from the 16th",
                "currency_id": self.sek.id,
                "item_ids": [
                    item(self.hour_product, 900.0, end=jan_15),
                    item(self.hour_product, 1300.0, start=jan_16),
                    item(self.user_product, 100.0, end=jan_15),
                    item(self.user_product, 310.0, start=jan_16),
                ],
            }
        )
        agreement = self.make_agreement(
            "first_line", start=date(2026, 1, 16), pricelist_id=pricelist.id
        )
        self.register_users(agreement, self.make_contacts(1), day=date(2026, 1, 16))
        self.log_time(self.make_ticket(agreement), 60, day=date(2026, 1, 20))
        invoice = self.run_invoicing(date(2026, 2, 1)).filtered(
            lambda m: m.support_agreement_id == agreement
        )
        amounts = self.amounts(invoice)
        # 310.00 x 16/31 days, and 1:00 h at 1,300.00
        self.assertEqual(amounts[self.user_product], 160.0)
        self.assertEqual(amounts[self.hour_product], 1300.0)
