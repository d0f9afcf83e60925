# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests.common import new_test_user, tagged

from .common import SupportCommon


@tagged("post_install", "-at_install")
class TestAccess(SupportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.make_agreement("first_line")
        cls.register_users(cls.agreement, cls.make_contacts(2))
        cls.agent = new_test_user(
            cls.env, login="cw_agent", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.manager = new_test_user(
            cls.env,
            login="cw_manager",
            groups="account.group_account_manager,helpdesk_mgmt.group_helpdesk_user",
        )

    def test_agent_reads_but_cannot_change_agreement(self):
        agreement = self.agreement.with_user(self.agent)
        self.assertEqual(agreement.support_type, "first_line")
        self.assertEqual(agreement.registered_user_count, 2)
        with self.assertRaises(AccessError):
            agreement.write({"support_type": "maintenance"})
        with self.assertRaises(AccessError):
            agreement.contract_line_ids.write({"specific_price": 1.0})
        with self.assertRaises(AccessError):
            agreement.write(
                {
                    "support_contact_ids": [
                        Command.create({"partner_id": self.customer.id})
                    ]
                }
            )
        with self.assertRaises(AccessError):
            self.env["cloudworkz.support.code.module"].with_user(self.agent).create(
                {"agreement_id": self.agreement.id, "name": "x", "lines_of_code": 1}
            )

    def test_manager_changes_agreement(self):
        agreement = self.agreement.with_user(self.manager)
        agreement.write(
            {
                "code_module_ids": [
                    Command.create({"name": "cw_x", "lines_of_code": 101})
                ]
            }
        )
        agreement.support_type = "first_line_maintenance"
        self.assertEqual(agreement.code_block_count, 2)
        self.assertIn(
            self.block_product, agreement.contract_line_ids.mapped("product_id")
        )

    def test_other_company_cannot_read_agreements(self):
        company_b = self.env["res.company"].create({"name": "Bolag B"})
        user_b = new_test_user(
            self.env,
            login="cw_user_b",
            groups="account.group_account_manager,helpdesk_mgmt.group_helpdesk_user",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        Contract = self.Contract.with_user(user_b)
        self.assertFalse(Contract.search([("id", "=", self.agreement.id)]))
        with self.assertRaises(AccessError):
            Contract.browse(self.agreement.id).read(["name"])
        with self.assertRaises(AccessError):
            self.env["cloudworkz.support.contact"].with_user(user_b).browse(
                self.agreement.support_contact_ids.ids
            ).read(["partner_id"])
