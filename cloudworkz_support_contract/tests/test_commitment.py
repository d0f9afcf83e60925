# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import SupportCommon


@tagged("post_install", "-at_install")
class TestCommitment(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.reason = cls.env["contract.terminate.reason"].create({"name": "Moving"})
        cls.manager = new_test_user(
            cls.env,
            login="cw_terminator",
            groups="account.group_account_manager,contract.can_terminate_contract",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="cw_accountant",
            groups="account.group_account_invoice,contract.can_terminate_contract",
        )

    def terminate(self, agreement, user, day, force=False, comment=""):
        wizard = Form(
            self.env["contract.contract.terminate"]
            .with_user(user)
            .with_context(default_contract_id=agreement.id)
        )
        wizard.terminate_date = day
        wizard.terminate_reason_id = self.reason
        if force:
            wizard.support_force_termination = True
        wizard.terminate_comment = comment
        return wizard.save().terminate_contract()

    def test_commitment_dates(self):
        agreement = self.make_agreement("maintenance", start=date(2026, 1, 1))
        self.assertEqual(agreement.support_commitment_end, date(2026, 12, 31))
        self.assertEqual(agreement.support_renewal_date, date(2027, 1, 1))
        self.assertEqual(agreement.support_notice_date, date(2026, 9, 30))
        on_demand = self.make_agreement("on_demand")
        self.assertFalse(on_demand.support_commitment_end)

    def test_early_termination_refused(self):
        agreement = self.make_agreement("first_line")
        with self.assertRaisesText(UserError, "committed until"):
            self.terminate(agreement, self.manager, date(2026, 6, 30))
        self.assertFalse(agreement.is_terminated)
        # an accountant cannot force it
        with self.assertRaisesText(UserError, "Only a manager"):
            self.terminate(
                agreement, self.accountant, date(2026, 6, 30), True, "Bankrupt"
            )
        self.assertFalse(agreement.is_terminated)

    def test_manager_forces_with_reason_tracked(self):
        agreement = self.make_agreement("first_line")
        self.register_users(agreement, self.make_contacts(1))
        with self.assertRaisesText(UserError, "Say why"):
            self.terminate(agreement, self.manager, date(2026, 6, 30), True, " ")
        self.terminate(agreement, self.manager, date(2026, 6, 30), True, "Bankrupt")
        self.assertTrue(agreement.is_terminated)
        self.assertTrue(agreement.support_forced_termination)
        self.assertEqual(agreement.date_end, date(2026, 6, 30))
        self.assertTrue(
            agreement.message_ids.filtered(
                lambda m: "Bankrupt" in (m.body or "")
                and "before the commitment" in m.body
            )
        )
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracked = agreement.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "support_forced_termination"
        )
        self.assertTrue(tracked)
        invoices = self.run_invoicing(date(2026, 12, 1))
        self.assertEqual(len(invoices), 6)

    def test_termination_at_commitment_end_allowed(self):
        agreement = self.make_agreement("maintenance")
        self.terminate(agreement, self.manager, date(2026, 12, 31))
        self.assertTrue(agreement.is_terminated)
        self.assertFalse(agreement.support_forced_termination)

    def test_termination_with_notice_keeps_everything_until_the_end(self):
        """Notice given in September for the commitment end: the agreement
        still bills its fees, plans its patch window and counts as running
        until 31 December, and bills nothing after."""
        agreement = self.make_agreement("first_line_maintenance")
        self.register_users(agreement, self.make_contacts(2))
        self.add_code(agreement, {"cw_x": 250})
        with freeze_time("2026-09-01"):
            self.terminate(agreement, self.manager, date(2026, 12, 31))
        self.assertTrue(agreement.is_terminated)
        self.assertEqual(agreement.date_end, date(2026, 12, 31))
        self.assertFalse(agreement.support_forced_termination)
        window = agreement.patch_window_ids
        self.assertTrue(window._runs_in(date(2026, 12, 1)))
        self.assertFalse(window._runs_in(date(2027, 1, 1)))
        self.assertTrue(agreement._support_runs_in(date(2026, 12, 1)))
        invoices = self.run_invoicing(date(2027, 3, 1)).sorted("invoice_date")
        self.assertEqual(len(invoices), 12)
        # December in full: 2 users x 200 + 3 blocks x 180
        self.assertAlmostEqual(invoices[-1].amount_untaxed, 940.00, places=2)
        self.assertEqual(invoices[-1].invoice_date, date(2027, 1, 1))
