# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command

from odoo.addons.cloudworkz_coverage.tests.common import CoverageCommon


class PackCommon(CoverageCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Pack = cls.env["cloudworkz.prepaid.pack"]
        cls.small = cls.env.ref("cloudworkz_prepaid_pack.product_pack_small")
        cls.medium = cls.env.ref("cloudworkz_prepaid_pack.product_pack_medium")
        cls.large = cls.env.ref("cloudworkz_prepaid_pack.product_pack_large")
        cls.od_customer = cls.agreements["on_demand"].partner_id
        # no alert mails unless a test asks for them
        cls.company.pack_alert_hours = 0.0

    @classmethod
    def sell(cls, product, qty=1, customer=None, day=date(2026, 1, 2)):
        with freeze_time(day):  # confirming dates the order, and its packs
            order = cls.env["sale.order"].create(
                {
                    "partner_id": (customer or cls.od_customer).id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
            order.action_confirm()
        return order

    @classmethod
    def od_ticket(cls, name="Request", category="user_support"):
        return cls.ticket("on_demand", category, name=name)

    def ledger_is_exact(self, packs):
        for pack in packs:
            self.assertAlmostEqual(pack.balance, sum(pack.line_ids.mapped("hours")), 2)
            self.assertGreaterEqual(pack.balance, 0)
