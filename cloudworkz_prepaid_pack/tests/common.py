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
        """The packs' stored balances are their ledgers, and each request
        month's prepaid minutes are its consumption lines; billed minutes
        are prepaid + invoiced + still due, never more."""
        self.env.invalidate_all()
        for pack in packs:
            self.env.cr.execute(
                "SELECT COALESCE(SUM(minutes), 0) FROM cloudworkz_prepaid_pack_line"
                " WHERE pack_id = %s",
                (pack.id,),
            )
            [ledger_minutes] = self.env.cr.fetchone()
            self.assertEqual(pack.balance_minutes, ledger_minutes)
            self.assertGreaterEqual(pack.balance_minutes, 0)
        for rm in packs.line_ids.request_month_id:
            consumed = rm.pack_line_ids.filtered(
                lambda line: line.line_type == "consumption"
            )
            self.assertEqual(rm.prepaid_minutes, -sum(consumed.mapped("minutes")))
            self.assertEqual(
                rm.billed_minutes,
                rm.prepaid_minutes + rm.invoiced_minutes + rm.due_minutes,
            )
