# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.cloudworkz_support_contract.tests.common import SupportCommon


class CoverageCommon(SupportCommon):
    """Agreements of each type for one customer each, with one contact who
    is both registered user and IT key user, and one who is neither."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.no_category = cls.env["helpdesk.ticket.category"]
        cls.agreements = {}
        cls.known = {}
        cls.stranger = {}
        for support_type in (
            "on_demand",
            "first_line",
            "maintenance",
            "first_line_maintenance",
        ):
            customer = cls.env["res.partner"].create(
                {
                    "name": f"Kund {support_type}",
                    "is_company": True,
                    "property_product_pricelist": cls.pricelist.id,
                }
            )
            known, stranger = cls.make_contacts(2, customer)
            known.email = f"known@{support_type}.example.com"
            stranger.email = f"other@{support_type}.example.com"
            agreement = cls.make_agreement(support_type, customer=customer)
            cls.register_users(agreement, known)
            cls.register_users(agreement, known, role="it_key_user")
            cls.agreements[support_type] = agreement
            cls.known[support_type] = known
            cls.stranger[support_type] = stranger

    @classmethod
    def category(cls, name):
        return cls.env.ref(f"cloudworkz_coverage.category_{name}")

    @classmethod
    def ticket(cls, support_type, category, contact=None, name="Request"):
        agreement = cls.agreements[support_type]
        return cls.make_ticket(
            agreement,
            name=name,
            partner=contact or cls.known[support_type],
            category=cls.category(category) if category else cls.no_category,
        )
