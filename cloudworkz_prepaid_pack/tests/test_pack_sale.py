# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import PackCommon


@tagged("post_install", "-at_install")
class TestPackSale(PackCommon):
    def test_two_medium_packs_give_100_hours(self):
        order = self.sell(self.medium, qty=2)
        packs = order.prepaid_pack_ids
        self.assertEqual(len(packs), 2)
        self.assertEqual(packs.mapped("hours_bought"), [50.0, 50.0])
        self.assertEqual(set(packs.mapped("state")), {"active"})
        self.assertEqual(packs.partner_id, self.od_customer)
        self.assertEqual(self.od_customer.pack_balance, 100.0)
        self.assertEqual(packs.line_ids.mapped("line_type"), ["purchase", "purchase"])
        self.ledger_is_exact(packs)
        # confirming again (e.g. after a re-quote) creates nothing more
        order.order_line._pack_create_missing()
        self.assertEqual(len(order.prepaid_pack_ids), 2)

    def test_packs_created_when_paid(self):
        self.company.pack_creation = "paid"
        order = self.sell(self.small)
        self.assertFalse(order.prepaid_pack_ids)
        invoice = order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.prepaid_pack_ids.hours_bought, 25.0)

    def test_cancelling_the_order_cancels_unused_packs(self):
        order = self.sell(self.small)
        order._action_cancel()
        pack = order.prepaid_pack_ids
        self.assertEqual(pack.state, "cancelled")
        self.assertEqual(pack.balance, 0.0)
        self.assertEqual(
            pack.line_ids.mapped("line_type"), ["purchase", "cancellation"]
        )
        self.assertEqual(self.od_customer.pack_balance, 0.0)

    def test_consumed_pack_cannot_be_cancelled_or_deleted(self):
        order = self.sell(self.small)
        self.log_time(self.od_ticket(), 30)
        pack = order.prepaid_pack_ids
        with self.assertRaises(UserError):
            order._action_cancel()
        self.assertEqual(order.state, "sale")
        with self.assertRaises(UserError):
            pack.action_cancel()
        with self.assertRaises(UserError):
            pack.unlink()
        self.assertEqual(pack.balance, 24.5)

    def test_no_negative_balance(self):
        pack = self.sell(self.small).prepaid_pack_ids
        manager = new_test_user(
            self.env, login="pack_manager", groups="account.group_account_manager"
        )
        wizard = self.env["cloudworkz.prepaid.pack.adjust"].with_user(manager)
        with self.assertRaises(UserError):
            wizard.create(
                {"pack_id": pack.id, "hours": -30, "reason": "Too much"}
            ).action_adjust()
        # a line written past the wizard is refused too, with a clear error
        with self.assertRaisesText(ValidationError, "would go below zero hours"):
            with self.env.cr.savepoint():
                self.env["cloudworkz.prepaid.pack.line"].create(
                    {
                        "pack_id": pack.id,
                        "line_type": "adjustment",
                        "minutes": -26 * 60,
                        "description": "wrong",
                    }
                )
                pack.flush_recordset()
        self.assertEqual(pack.balance, 25.0)
        wizard.create(
            {"pack_id": pack.id, "hours": -5, "reason": "Goodwill given back"}
        ).action_adjust()
        self.assertEqual(pack.balance, 20.0)
        self.ledger_is_exact(pack)
        agent = new_test_user(
            self.env, login="pack_agent", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        with self.assertRaises(UserError):
            self.env["cloudworkz.prepaid.pack.adjust"].with_user(agent).new(
                {"pack_id": pack.id, "hours": 5, "reason": "x"}
            ).action_adjust()

    def test_expiry(self):
        self.medium.pack_validity_months = 1
        pack = self.sell(self.medium, day=date(2026, 1, 2)).prepaid_pack_ids
        self.assertEqual(pack.date_expiry, date(2026, 2, 2))
        self.log_time(self.od_ticket(), 60, date(2026, 1, 20))
        self.assertFalse(self.Pack._expire_run(date(2026, 2, 2)))
        expired = self.Pack._expire_run(date(2026, 2, 3))
        self.assertEqual(expired, pack)
        self.assertEqual(pack.state, "expired")
        self.assertEqual(pack.balance, 0.0)
        expiry = pack.line_ids.filtered(lambda line: line.line_type == "expiry")
        self.assertEqual(expiry.hours, -49.0)
        self.ledger_is_exact(pack)
        # later time is not taken from an expired pack
        self.log_time(self.od_ticket(), 60, date(2026, 2, 10))
        self.assertEqual(pack.balance, 0.0)
        self.assertFalse(self.Pack._expire_run(date(2026, 3, 1)))

    def test_portal_user_sees_only_own_packs(self):
        own = self.sell(self.small).prepaid_pack_ids
        other_customer = self.agreements["first_line"].partner_id
        other = self.sell(self.small, customer=other_customer).prepaid_pack_ids
        portal = new_test_user(
            self.env,
            login="pack_portal",
            groups="base.group_portal",
            partner_id=self.known["on_demand"].id,
        )
        Pack = self.Pack.with_user(portal)
        self.assertEqual(Pack.search([]), own)
        self.assertEqual(own.with_user(portal).balance, 25.0)
        with self.assertRaises(AccessError):
            other.with_user(portal).read(["balance"])
        with self.assertRaises(AccessError):
            own.with_user(portal).write({"date_expiry": date(2030, 1, 1)})
        lines = self.env["cloudworkz.prepaid.pack.line"].with_user(portal).search([])
        self.assertEqual(lines, own.line_ids)

    def test_statement_lists_consumption_per_ticket(self):
        pack = self.sell(self.large).prepaid_pack_ids
        first = self.od_ticket("Layout")
        second = self.od_ticket("Import")
        self.log_time(first, 50)
        self.log_time(second, 125)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "cloudworkz_prepaid_pack.report_pack_statement", pack.ids
            )[0]
            .decode()
        )
        self.assertIn(first.number, html)
        self.assertIn(second.number, html)
        self.assertIn("2:30", html)
        self.assertIn("96:30", html)

    def test_product_must_hold_hours(self):
        with self.assertRaises(Exception):  # noqa: B017
            with self.env.cr.savepoint():
                self.env["product.product"].create(
                    {"name": "Empty pack", "is_support_pack": True, "pack_hours": 0}
                )
