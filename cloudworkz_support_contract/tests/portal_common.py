# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from lxml import html

from odoo import fields
from odoo.tests import HttpCase, new_test_user
from odoo.tools.misc import format_date

from ..tools import month_start
from .common import SupportCommon


class PortalCommon(HttpCase, SupportCommon):
    """A First Line + Maintenance customer since the first of this month,
    on the portal: its IT key user (also a registered user), a registered
    user who is not an IT key user, and another customer with its own
    agreement and portal user. Internal users to decide requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.today = fields.Date.context_today(cls.env["res.users"])
        cls.account_manager = new_test_user(
            env,
            login="cw_portal_am",
            groups="base.group_user,account.group_account_manager",
        )
        cls.salesman = new_test_user(
            env,
            login="cw_portal_sales",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.agent = new_test_user(
            env,
            login="cw_portal_agent",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.customer.email = "info@kund.example.com"
        cls.key_contact, cls.plain_contact = cls.make_contacts(2)
        cls.agreement = cls.make_agreement(
            "first_line_maintenance",
            start=month_start(cls.today),
            user_id=cls.account_manager.id,
        )
        cls.register_users(cls.agreement, cls.key_contact | cls.plain_contact)
        cls.register_users(cls.agreement, cls.key_contact, role="it_key_user")
        cls.add_code(cls.agreement, {"kund_sale": 850, "kund_stock": 320})
        cls.key_user = new_test_user(
            env,
            login="cw_portal_key",
            groups="base.group_portal",
            partner_id=cls.key_contact.id,
            name="Karin Nyckel",
            email="karin@kund.example",
        )
        cls.plain_user = new_test_user(
            env,
            login="cw_portal_plain",
            groups="base.group_portal",
            partner_id=cls.plain_contact.id,
            name="Pelle Vanlig",
            email="pelle@kund.example",
        )
        cls.other_customer = env["res.partner"].create(
            {"name": "Annan Kund AB", "is_company": True}
        )
        cls.other_contact = cls.make_contacts(1, cls.other_customer)
        cls.other_agreement = cls.make_agreement(
            "first_line",
            customer=cls.other_customer,
            start=month_start(cls.today),
            name="Annan Kund First Line",
        )
        cls.register_users(cls.other_agreement, cls.other_contact)
        cls.other_user = new_test_user(
            env,
            login="cw_portal_other",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
            name="Olof Annan",
            email="olof@annan.example",
        )

    # ------------------------------------------------------------------
    def get_page(self, url, login):
        self.authenticate(login, login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response, html.fromstring(response.content)

    def agreement_page(self, login, agreement=None):
        """The agreement's page, reached by the visitor's own rights (no
        access token)."""
        agreement = agreement or self.agreement
        return self.get_page(f"/my/contracts/{agreement.id}", login)[1]

    @staticmethod
    def texts(tree, xpath):
        return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]

    @staticmethod
    def amount(text):
        """1,234.56 kr -> 1234.56"""
        return float(re.sub(r"[^\d.]", "", text))

    def date_text(self, day):
        return format_date(self.env, day)

    def backend_preview(self, agreement=None):
        """The backend's Next Invoice Preview of the agreement."""
        return self.env["cloudworkz.support.invoice.preview"].create(
            {"agreement_id": (agreement or self.agreement).id}
        )
